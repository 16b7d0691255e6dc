"""Numbers as claims state them: parsing "10,000" and showing a quantity with its range and unit."""

from decimal import MAX_PREC, Context, Decimal, InvalidOperation

QUALIFIER_WORDS = {
    "exact": "",
    "about": "about",
    "at_least": "at least",
    "at_most": "at most",
    "more_than": "more than",
    "less_than": "less than",
}

# normalize() rounds to the current context's precision (28 digits); a quantity column holds 30.
EXACT = Context(prec=MAX_PREC)


def parse_number(text: str) -> Decimal:
    """Parse a number as written in English text: "10,000", "1.5", "-3", "2 500". Raises ValueError."""
    cleaned = text.strip().replace(",", "").replace("\u00a0", "").replace(" ", "").replace("_", "")
    if not cleaned:
        raise ValueError("Enter a number.")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not a number.") from None
    if not number.is_finite():
        raise ValueError(f"{text.strip()!r} is not a number.")
    return number


def as_input(number: Decimal | None) -> str:
    """A stored number as a form field shows it: "15000.5", "" for none."""
    return "" if number is None else f"{number.normalize(EXACT):f}"


def as_json(number: Decimal | None) -> int | float | None:
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def format_number(number: Decimal) -> str:
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize(EXACT):,f}"


def format_quantity(low: Decimal | None, high: Decimal | None, unit: str = "", qualifier: str = "") -> str:
    """ "10,000–15,000 soldiers", "about 55 miles", "at least 6 meetings"; "" when there is no number."""
    if low is None and high is None:
        return ""
    if low is not None and high is not None and low != high:
        amount = f"{format_number(low)}–{format_number(high)}"
    else:
        amount = format_number(low if low is not None else high)
    words = [QUALIFIER_WORDS.get(qualifier, ""), amount, unit]
    return " ".join(word for word in words if word)
