from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKFLOW = ["research_claim", "propose_verdict"]
EDITORIAL = ["assign_claim", "review_verdict", "publish_claim", "reopen_claim", "export_verdicts"]
RESEARCH_MODELS = ["claim", "evidence", "verdict", "comment", "source", "claimant", "topic"]

ROLE_PERMISSIONS = {
    "Reviewer": [
        *[f"claims.{action}_{model}" for model in RESEARCH_MODELS for action in ("view", "add", "change")],
        "claims.delete_evidence",
        "claims.view_rating",
        "claims.view_ratingscale",
        "claims.view_statuschange",
        *[f"claims.{codename}" for codename in WORKFLOW],
    ],
    "Editor": [
        *[f"claims.{action}_{model}" for model in RESEARCH_MODELS for action in ("view", "add", "change")],
        *[f"claims.delete_{model}" for model in ("evidence", "comment", "claim")],
        "claims.view_rating",
        "claims.view_ratingscale",
        "claims.view_statuschange",
        *[f"claims.{codename}" for codename in WORKFLOW + EDITORIAL],
    ],
    # Admins get every permission of the claims app (added below) plus user and group management.
    "Admin": [
        *[f"auth.{action}_{model}" for model in ("user", "group") for action in ("view", "add", "change", "delete")],
        "auth.view_permission",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in (name.split(".") for name in names)
        ]
        if role == "Admin":
            permissions += Permission.objects.filter(content_type__app_label="claims")
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_default_rating_scale"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
