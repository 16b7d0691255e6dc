"""The desk's roles. Each is a Django group; its permissions are set by migrations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REVIEWER = "Reviewer", _("Reviewer")
    EDITOR = "Editor", _("Editor")
    ADMIN = "Admin", _("Admin")


def has_role(user, role: Role) -> bool:
    return user.is_authenticated and user.groups.filter(name=role).exists()
