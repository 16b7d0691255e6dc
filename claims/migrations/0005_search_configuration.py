from django.db import migrations


class Migration(migrations.Migration):
    """A text search configuration for claims: English stemming of unaccented words, so that
    "Zelenskyy" and "Zelenskyý" or "Bialystok" and "Białystok" meet."""

    dependencies = [("claims", "0004_roles")]
    operations = [
        migrations.RunSQL(
            [
                "CREATE TEXT SEARCH CONFIGURATION factcheck (COPY = english)",
                "ALTER TEXT SEARCH CONFIGURATION factcheck "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
            ],
            "DROP TEXT SEARCH CONFIGURATION factcheck",
        )
    ]
