from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    """Admins hold every permission of the claims app, the new models' (API keys, rating mappings,
    reviews from elsewhere …) too; desk members may read the reviews from elsewhere."""
    for app_config in apps.get_app_configs():
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    claims = Permission.objects.filter(content_type__app_label="claims")
    for group in Group.objects.filter(name="Admin"):
        group.permissions.add(*claims)
    reading = claims.filter(codename__in=["view_externalreview", "view_ratingmapping"])
    for group in Group.objects.filter(name__in=["Reviewer", "Editor"]):
        group.permissions.add(*reading)


class Migration(migrations.Migration):
    dependencies = [("claims", "0019_api_keys")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
