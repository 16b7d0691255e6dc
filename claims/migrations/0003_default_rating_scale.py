from django.db import migrations

DEFAULT_SCALE = "Standard six-point scale"
RATINGS = [
    ("True", 5, True, "#1a7f37", "The claim is accurate and nothing significant is missing."),
    ("Mostly true", 4, True, "#4d8f1f", "The claim is accurate but needs clarification or added context."),
    ("Misleading", 3, True, "#b7791f", "Accurate elements, but presented so as to leave a false impression."),
    ("Mostly false", 2, True, "#d4561b", "An element of truth, but it ignores facts that change the picture."),
    ("False", 1, True, "#c62828", "The claim is inaccurate."),
    ("Unverifiable", 0, False, "#5f6b7a", "The available evidence can neither prove nor disprove the claim."),
]


def create_default_scale(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    scale, _ = RatingScale.objects.get_or_create(
        name=DEFAULT_SCALE,
        defaults={
            "is_default": True,
            "description": "Five ordered ratings from True to False, plus Unverifiable, which is off the scale.",
        },
    )
    for label, value, on_scale, colour, description in RATINGS:
        Rating.objects.get_or_create(
            scale=scale,
            label=label,
            defaults={"value": value, "on_scale": on_scale, "colour": colour, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_initial")]
    operations = [migrations.RunPython(create_default_scale, migrations.RunPython.noop)]
