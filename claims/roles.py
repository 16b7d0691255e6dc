"""The desk's roles. Each is a Django group; its permissions are set by migrations."""

from django.db import models
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    REVIEWER = "Reviewer", pgettext_lazy("role", "Reviewer")
    EDITOR = "Editor", pgettext_lazy("role", "Editor")
    ADMIN = "Admin", pgettext_lazy("role", "Admin")


def has_role(user, role: Role) -> bool:
    return user.is_authenticated and user.groups.filter(name=role).exists()
