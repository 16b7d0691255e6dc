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
        return queryset.order_by().values("pk")[: cls.CAP + 1].count()  # no ranks worked out to count rows

    @cached_property
    def count(self) -> int:
        return self.capped_count(self.object_list)

    def page(self, number):
        """The page's rows are picked by id first (an OFFSET over the index alone), then read with their
        joins: a deep page no longer joins every row before it."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)

    @property
    def capped(self) -> bool:
        return self.count > self.CAP
