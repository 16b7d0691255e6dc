"""The desk's roles. Each is a Django group; its permissions are set by migrations."""

from django.db import models


class Role(models.TextChoices):
    REVIEWER = "Reviewer"
    EDITOR = "Editor"
    ADMIN = "Admin"


def has_role(user, role: Role) -> bool:
    return user.is_authenticated and user.groups.filter(name=role).exists()
