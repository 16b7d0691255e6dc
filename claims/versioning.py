"""Optimistic locking: a row's `version` is checked in the UPDATE itself, so a save based on an
out-of-date copy changes nothing and raises StaleEdit instead of overwriting someone's work."""

from django.db import models


class StaleEdit(Exception):
    """The row was changed by someone else since this copy of it was read."""

    def __init__(self, instance, expected_version: int):
        self.instance = instance
        self.expected_version = expected_version
        super().__init__(
            f"{instance._meta.verbose_name.capitalize()} {instance.pk} changed since version {expected_version}."
        )


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up by one on every save; a save from an older version is refused."
    )

    class Meta:
        abstract = True

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, returning_fields):
        expected = self.version
        version_field = self._meta.get_field("version")
        values = [(field, model, value) for field, model, value in values if field is not version_field]
        values.append((version_field, None, expected + 1))
        updated = super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update, returning_fields
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise StaleEdit(self, expected)
        if updated:
            self.version = expected + 1
        return updated
