from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    """Admins read the audit record: view (and only view) permission on every event table."""
    for app_config in apps.get_app_configs():
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    viewing = Permission.objects.filter(codename__startswith="view_")
    audit = viewing.filter(content_type__app_label="pghistory") | viewing.filter(
        content_type__app_label="claims", content_type__model__endswith="event"
    )
    for group in Group.objects.filter(name="Admin"):
        group.permissions.add(*audit)


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_audit_history_versions_limits"), ("pghistory", "0007_auto_20250421_0444")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
