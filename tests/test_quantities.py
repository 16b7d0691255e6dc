from decimal import Decimal

import pytest
from django.db import IntegrityError

from claims.models import Claim
from claims.quantities import format_quantity, parse_number
from tests.factories import make_claim


@pytest.mark.parametrize(
    ("text", "number"),
    [("10,000", Decimal(10000)), ("15 000", Decimal(15000)), ("1.5", Decimal("1.5")), ("-3", Decimal(-3))],
)
def test_parse_number_reads_numbers_as_written(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "ten", "1,0,0x", "NaN", "inf"])
def test_parse_number_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_format_quantity_shows_ranges_qualifiers_and_units():
    assert format_quantity(Decimal(10000), Decimal(15000), "soldiers") == "10,000–15,000 soldiers"
    assert format_quantity(Decimal(55), Decimal(55), "miles", "about") == "about 55 miles"
    assert format_quantity(Decimal(6), None, "meetings", "at_least") == "at least 6 meetings"
    assert format_quantity(Decimal("2.50"), None, "%") == "2.5 %"
    assert format_quantity(None, None, "") == ""


@pytest.mark.django_db
def test_database_refuses_a_range_whose_low_end_exceeds_the_high_end():
    with pytest.raises(IntegrityError):
        make_claim(kind=Claim.Kind.QUANTITY, quantity_low=15000, quantity_high=10000, quantity_unit="soldiers")


@pytest.mark.django_db
def test_database_refuses_a_unit_without_a_number():
    with pytest.raises(IntegrityError):
        make_claim(quantity_unit="soldiers")
