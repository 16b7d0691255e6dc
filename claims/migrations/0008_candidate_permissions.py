from django.contrib.auth.management import create_permissions
from django.db import migrations

DESK_ROLES = ["Reviewer", "Editor"]
DESK_PERMISSIONS = ["view_candidate", "add_candidate", "change_candidate"]


def grant(apps, schema_editor):
    """Roles made in 0004 predate the Candidate model: give them its permissions."""
    for app_config in apps.get_app_configs():
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    candidate = Permission.objects.filter(content_type__app_label="claims", content_type__model="candidate")
    for group in Group.objects.filter(name__in=DESK_ROLES):
        group.permissions.add(*candidate.filter(codename__in=DESK_PERMISSIONS))
    for group in Group.objects.filter(name="Admin"):
        group.permissions.add(*candidate)


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_import_candidates")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
