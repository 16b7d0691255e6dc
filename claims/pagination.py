from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most CAP rows: an exact count over a million claims costs more than the whole page.
    A count already made (by the same rule) can be handed over as `known_count`."""

    CAP = 10_000

    def __init__(self, *args, known_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if known_count is not None:
            self.count = known_count

    @classmethod
    def capped_count(cls, queryset) -> int:
        return queryset.order_by()[: cls.CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return self.capped_count(self.object_list)

    @property
    def capped(self) -> bool:
        return self.count > self.CAP
