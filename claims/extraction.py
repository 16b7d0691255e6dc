"""Check-worthy claims in a news text: quotes with their speaker, quantities, attributed statements,
comparisons and predictions, each with exact character offsets and a score with its reasons.

Pure Python, rules only: no model, no network. Offsets always index the text given."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


def gettext_noop(message: str) -> str:
    """Marks a reason for the translation catalogue without bringing Django in: the candidates keep
    their reasons in English, and the review page shows them translated."""
    return message


@dataclass(frozen=True)
class Candidate:
    kind: str
    text: str
    start: int
    end: int
    excerpt_start: int
    excerpt_end: int
    speaker: str | None
    quantity_low: Decimal | None
    quantity_high: Decimal | None
    unit: str
    qualifier: str
    score: float
    reasons: tuple[str, ...]


# Sentences

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "st", "sen", "rep", "gov", "prof", "jr", "sr", "inc", "co",
    "corp", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m",
}  # fmt: skip
SENTENCE_END = re.compile(r"[.!?]+[”\"’']?(?=\s+[“\"‘']?[A-Z0-9]|[A-Z][a-z]|\s*$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; paragraphs always end one."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        spans.extend(_split(text, paragraph.start(), paragraph.end()))
    return spans


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, begin = [], start
    for mark in SENTENCE_END.finditer(text, start, end):
        word = re.search(r"([\w.]+)[.!?]*[”\"’']?$", text[begin : mark.end()])
        token = word.group(1).rstrip(".").lower() if word else ""
        if token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
            continue
        spans.append(_trim(text, begin, mark.end()))
        begin = mark.end()
    if text[begin:end].strip():
        spans.append(_trim(text, begin, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# People and organisations

NAME = r"(?:[A-Z][a-zà-ÿ'’-]+|[A-Z]\.)"
PERSON = re.compile(rf"(?:(?:Mr|Mrs|Ms|Dr|Gen)\.\s+)?{NAME}(?:\s+{NAME})+|(?:Mr|Mrs|Ms|Dr|Gen)\.\s+{NAME}")
ORGANISATION = re.compile(
    r"(?:the\s+)?(?:[A-Z][\w’'-]*\s+)*?(?:Institute|Ministry|Agency|Office|Council|Committee|Bank|Department|"
    r"Organization|Organisation|Commission|Party|Army|Union|Service|Center|Centre|Foundation|Court)"
    r"(?:\s+(?:of|for|on|the|and)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)*"
)
AGENCY = re.compile(r"\b(?:news agency|agency|newspaper|broadcaster)\s+([A-Z][\w-]+)")
TITLES = {"President", "Minister", "Secretary", "Senator", "Chancellor", "General", "Governor", "Mayor", "Judge"}
NOT_PEOPLE = {"Back", "Related", "Articles", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
              "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December", "But", "The", "Still", "In", "As", "After", "Whatever"}  # fmt: skip


class People:
    """Full names as the text introduces them, found again from a surname ("Mr. Lukashenko")."""

    def __init__(self, text: str):
        self.full: dict[str, str] = {}
        for match in PERSON.finditer(text):
            name = self.clean(match.group())
            if name and " " in name:
                surname = name.split()[-1]
                if len(name) > len(self.full.get(surname, "")):
                    self.full[surname] = name

    @staticmethod
    def clean(name: str) -> str:
        """ "Finance Minister Jane Doe's" → "Jane Doe": no honorific, title or leading capitalised filler."""
        words = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Gen)\.\s+", "", name).split()
        titles = [index for index, word in enumerate(words) if word in TITLES]
        if titles:
            words = words[titles[-1] + 1 :]
        while words and words[0] in NOT_PEOPLE:
            words.pop(0)
        return re.sub(r"[’']s$", "", " ".join(words)).strip()

    def resolve(self, name: str) -> str:
        cleaned = self.clean(name)
        if not cleaned:
            return ""
        return self.full.get(cleaned.split()[-1], cleaned)


SPEECH = (
    r"said|says|insisted|insists|told|added|conceded|stated|declared|warned|argued|claimed|wrote|noted|"
    r"announced|asserted|explained|acknowledged|admitted|replied|dismissed"
)
PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
DESCRIPTOR = re.compile(
    r"\bthe\s+(?:[A-Za-z-]+\s+){0,2}(?:strongman|president|leader|minister|official|spokesman|spokeswoman|"
    r"analyst|adviser|chief|general|prime minister|chancellor)\s*$",
    re.IGNORECASE,
)
OBJECT_PREPOSITION = re.compile(r"(?:with|by|to|for|from|of|on|at|against|toward|towards)\s*$", re.IGNORECASE)


def named_entities(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, name) of the people and organisations mentioned in text[start:end]."""
    found = []
    for pattern in (ORGANISATION, PERSON):
        for match in pattern.finditer(text, start, end):
            if not any(s <= match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), match.group()))
    for match in AGENCY.finditer(text, start, end):
        found.append((match.start(1), match.end(1), match.group(1)))
    return sorted(found)


class Speakers:
    """Who says what: the attribution inside a sentence, else the last person who was a subject."""

    def __init__(self, text: str):
        self.text = text
        self.people = People(text)
        self.last_subject: str | None = None

    def name(self, raw: str) -> str:
        agency = AGENCY.search(raw)
        if agency:
            return agency.group(1)
        if ORGANISATION.fullmatch(raw) or raw[0].islower():
            return re.sub(r"^(?:the|The)\s+", "", raw).strip()
        return self.people.resolve(raw) or raw

    def in_sentence(self, start: int, end: int, around: tuple[int, int] | None = None) -> str | None:
        text, entities = self.text, named_entities(self.text, start, end)
        outside = [e for e in entities if not around or not (around[0] <= e[0] < around[1])]
        according = re.search(r"(?i:according to)\s+(?:the\s+)?([A-Za-z][^,.;“”\"]+)", text[start:end])
        if according:
            return self.name(according.group(1).strip())
        visible = text[start:end]  # the words outside the quote: "he told me" inside it names no one
        if around:
            visible = visible[: around[0] - start] + " " * (around[1] - around[0]) + visible[around[1] - start :]
        verb = re.search(rf"\b(?:{SPEECH})\b", visible)
        if verb:
            speaker = self._before_verb(outside, start + verb.start()) or self._after_verb(outside, start + verb.end())
            if speaker:
                return speaker
            if PRONOUN.search(text[start:end]):
                return self.last_subject
        subjects = [e for e in outside if not OBJECT_PREPOSITION.search(text[start : e[0]])]
        if subjects:
            return self.name(subjects[0][2])
        return (
            self.last_subject
            if around and not text[start:end].replace(text[around[0] : around[1]], "").strip(" “”\"'.,!?")
            else None
        )

    def _before_verb(self, entities, verb_at: int) -> str | None:
        if DESCRIPTOR.search(self.text[max(verb_at - 60, 0) : verb_at]):
            return self.last_subject
        before = [e for e in entities if e[1] <= verb_at and not OBJECT_PREPOSITION.search(self.text[: e[0]][-12:])]
        between = lambda e: self.text[e[1] : verb_at]  # noqa: E731
        close = [e for e in before if len(between(e)) < 80 and "“" not in between(e) and '"' not in between(e)]
        return self.name(close[-1][2]) if close else None

    def _after_verb(self, entities, verb_end: int) -> str | None:
        after = [e for e in entities if 0 <= e[0] - verb_end < 3]
        return self.name(after[0][2]) if after else None

    def _is_object(self, sentence_start: int, entity_start: int) -> bool:
        return bool(OBJECT_PREPOSITION.search(self.text[sentence_start:entity_start][-12:]))

    def remember(self, start: int, end: int) -> None:
        """The sentence's subject: its first person named in full or with a title, not after a preposition."""
        for e_start, _, raw in named_entities(self.text, start, end):
            if not PERSON.fullmatch(raw) or ORGANISATION.fullmatch(raw) or self._is_object(start, e_start):
                continue
            if " " in People.clean(raw) or re.match(r"(?:Mr|Mrs|Ms|Dr|Gen)\.", raw):
                self.last_subject = self.name(raw)
                return


# Quotes

QUOTE = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"")


def quotes_in(text: str, start: int, end: int):
    for match in QUOTE.finditer(text, start, end):
        group = 1 if match.group(1) is not None else 2
        inner_start, inner_end = match.start(group), match.end(group)
        while inner_end > inner_start and text[inner_end - 1] in " ,.;:":
            inner_end -= 1
        if len(text[inner_start:inner_end].split()) >= 3:
            yield inner_start, inner_end


# Quantities

SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1,
}  # fmt: skip
SCALES = {"dozen": 12, "hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SCALES |= {"m": 10**6, "bn": 10**9, "tn": 10**12}
TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
WORD_NUMBER = (
    rf"(?:{TENS}-(?:one|two|three|four|five|six|seven|eight|nine)|"
    + "|".join(sorted((word for word in SMALL if word != "a"), key=len, reverse=True))
    + ")"
)
SCALE = r"(?:\s+(?:dozen|hundred|thousand|million|billion|trillion)\b|\s?(?:bn|m|tn)\b)"
NUMBER = rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?{SCALE}?|{WORD_NUMBER}{SCALE}?|a{SCALE})"
CURRENCY = {"US$": "USD", "$": "USD", "C$": "CAD", "A$": "AUD", "NZ$": "NZD", "HK$": "HKD", "€": "EUR", "£": "GBP"}
CURRENCY_SIGN = "|".join(map(re.escape, sorted(CURRENCY, key=len, reverse=True)))
CURRENCY_WORDS = {
    "dollars": "USD", "euros": "EUR", "pounds": "GBP", "rubles": "RUB", "roubles": "RUB", "zlotys": "PLN",
    "zloty": "PLN", "hryvnias": "UAH", "yen": "JPY", "yuan": "CNY", "francs": "CHF", "rupees": "INR",
}  # fmt: skip
QUALIFIERS = [
    (r"around|about|nearly|almost|roughly|approximately|some|an estimated|close to", "about"),
    (r"at least|no fewer than|no less than", "at_least"),
    (r"at most|no more than|up to|as many as", "at_most"),
    (r"more than|over|above|upwards of", "more_than"),
    (r"less than|fewer than|under|below", "less_than"),
]
QUALIFIER = "|".join(words for words, _ in QUALIFIERS)
QUANTITY = re.compile(
    rf"(?P<qualifier>\b(?:{QUALIFIER})\s+)?(?P<between>\b(?:between|from)\s+)?(?P<currency>{CURRENCY_SIGN})?"
    rf"(?<![\w.,-])(?P<low>{NUMBER})(?![\w-]*\d)"
    rf"(?:\s*(?P<to>to|and|-|–|—)\s*(?:{CURRENCY_SIGN})?(?P<high>{NUMBER})\b)?"
    r"(?P<percent>\s*%|\s+per\s?cent\b)?(?:-(?P<hyphen_unit>[a-z]+)\b(?P<old>-olds?\b)?)?",
    re.IGNORECASE,
)
VAGUE = re.compile(r"\b(dozens|hundreds|thousands|millions|billions)\s+of\b", re.IGNORECASE)
CHANGE = re.compile(
    r"\b(?:rise|rose|risen|fall|fell|fallen|grow|grew|grown|increase|decrease|drop|climb|jump|cut)\w*\s"
)
TIMEFRAME = re.compile(
    r"(?:\b(?:over|within|during)|\bin\s+the\s+(?:next|past|last|coming))\s+(?:the\s+(?:next|past|last|coming)\s+)?$",
    re.IGNORECASE,
)
STOP_WORDS = (
    "a an the of to in on at by for from with without since and or but that which who as than per over under into "
    "across after before during is are was were be been being had has have will would could can may might should "
    "did do does its their his her our this these those each ago earlier later more less fewer up down out off so "
    "too very still born same last next while when where because if it they he she we you i not no there here then "
    "now also only just lost won made took got said saw fell rose went came left paid spent gave kept held fled"
)
UNIT_STOP = frozenset(STOP_WORDS.split())
PARTITIVE = re.compile(r"\s+of\s+(?:the|its|their|his|her|our|these|those)\s+(?:[\w-]+['’]s\s+)?(?:[\d,.]+\s+)?")
UNIT_WORDS = re.compile(r"(?:\s+(?!per\b)([A-Za-z][a-z-]*))")
SPEED = re.compile(r"\s+(miles|kilometers|kilometres)\s+(?:per|an)\s+hour\b")


@dataclass(frozen=True)
class Quantity:
    start: int  # the number phrase, qualifier to unit
    end: int
    low: Decimal | None
    high: Decimal | None
    unit: str
    qualifier: str


def to_number(words: str | None) -> Decimal | None:
    if not words:
        return None
    words = " ".join(words.lower().split())
    scale = re.search(r"\s?(dozen|hundred|thousand|million|billion|trillion|bn|m|tn)$", words)
    base = words[: scale.start()].strip() if scale else words
    if base in SMALL:
        value = Decimal(SMALL[base])
    elif "-" in base and all(part in SMALL for part in base.split("-")):
        value = Decimal(sum(SMALL[part] for part in base.split("-")))
    else:
        try:
            value = Decimal(base.replace(",", ""))
        except InvalidOperation:
            return None
    value *= SCALES[scale.group(1)] if scale else 1
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def unit_after(text: str, position: int, end: int) -> tuple[str, int]:
    """The counted noun after a number ("48 warming centers" → "centers") and where it ends."""
    speed = SPEED.match(text, position, end)
    if speed:
        return f"{speed.group(1)} per hour", speed.end()
    partitive = PARTITIVE.match(text, position, end)
    position = partitive.end() - 1 if partitive else position
    words, unit_end = [], position
    for word in UNIT_WORDS.finditer(text, position, end):
        lowered = word.group(1).lower()
        if word.start() != unit_end or lowered in UNIT_STOP or lowered.endswith(("ed", "ly")) or len(words) == 3:
            break
        words.append(lowered if word.group(1).islower() else "")
        unit_end = word.end()
    nouns = [word for word in words if word]
    return (CURRENCY_WORDS.get(nouns[-1], nouns[-1]) if nouns else ""), unit_end if nouns else position


def qualifier_of(words: str | None, ranged: bool) -> str:
    if not words:
        return "" if ranged else "exact"
    for pattern, name in QUALIFIERS:
        if re.fullmatch(pattern, words.strip(), re.IGNORECASE):
            return name
    return ""


def bounds(value: Decimal, qualifier: str) -> tuple[Decimal | None, Decimal | None]:
    """ "at least 6" is 6 and up; "fewer than 3,000" is up to 3,000; anything else is the number itself."""
    if qualifier in ("at_least", "more_than"):
        return value, None
    if qualifier in ("at_most", "less_than"):
        return None, value
    return value, value


def quantities_in(text: str, start: int, end: int) -> list[Quantity]:
    found, position = [], start
    while match := QUANTITY.search(text, position, end):
        parsed, position = parse_quantity(text, match, end), max(match.end(), position + 1)
        for quantity in parsed:
            position = max(position, quantity.end)
            if keep(text, quantity, match):
                found.append(quantity)
    found += vague_quantities(text, start, end)
    return borrow_units(drop_timeframes(text, sorted(found, key=lambda q: q.start)))


def parse_quantity(text: str, match: re.Match, end: int) -> list[Quantity]:
    low, high = to_number(match.group("low")), to_number(match.group("high"))
    if low is None:
        return []
    unit, unit_end = quantity_unit(text, match, end)
    qualifier = qualifier_of(match.group("qualifier"), high is not None)
    if high is not None and match.group("to").lower() == "and" and not match.group("between"):
        return [Quantity(match.start(), match.start("to"), *bounds(low, qualifier), unit, qualifier)]
    if high is not None and match.group("between") and CHANGE.search(text, max(match.start() - 30, 0), match.start()):
        first = Quantity(match.start(), match.start("to"), low, low, unit, "exact")  # "rose from 3.1 to 4.2 percent"
        return [first, Quantity(match.start("to"), unit_end, high, high, unit, "exact")]
    low_bound, high_bound = (low, high) if high is not None else bounds(low, qualifier)
    return [Quantity(match.start(), unit_end, low_bound, high_bound, unit, qualifier)]


def quantity_unit(text: str, match: re.Match, end: int) -> tuple[str, int]:
    if match.group("percent"):
        return "%", match.end()
    if match.group("currency"):
        return CURRENCY[match.group("currency").upper()], match.end()
    if match.group("hyphen_unit"):
        unit = match.group("hyphen_unit").lower()
        return (unit if unit.endswith("s") else unit + "s"), match.end()
    return unit_after(text, match.end(), end)


def keep(text: str, quantity: Quantity, match: re.Match) -> bool:
    """Numbers that state an amount: not years, ages, "the two men", "one night" or a bare figure."""
    words = match.group("low").lower()
    in_words = not re.search(r"\d", words)
    if match.group("old") or words in ("one", "a") or is_year(text, quantity, match):
        return False
    if in_words and re.search(r"\b(?:the|few|several|many)\s+$", text[max(match.start() - 9, 0) : match.start()], re.I):
        return False
    value = quantity.low if quantity.low is not None else quantity.high
    scaled = re.search(r"[a-z]$", words) and not in_words or " " in words
    return bool(quantity.unit or match.group("qualifier") or match.group("high") or scaled) and (
        bool(quantity.unit) or value >= 10 or bool(match.group("qualifier"))
    )


def is_year(text: str, quantity: Quantity, match: re.Match) -> bool:
    """ "in 2019", "a 2023 report": a date, not a quantity; "2,019 cases" is a count."""
    if not re.fullmatch(r"(1[89]|20)\d\d", match.group("low")) or match.group("currency") or match.group("percent"):
        return False
    return not quantity.unit.endswith("s") or text[max(match.start() - 6, 0) : match.start()].lower() == "since "


def vague_quantities(text: str, start: int, end: int) -> list[Quantity]:
    """ "thousands of Russian troops": at least two thousand."""
    found = []
    for match in VAGUE.finditer(text, start, end):
        unit, unit_end = unit_after(text, match.end(), end)
        low = 2 * SCALES[match.group(1).lower().rstrip("s")]
        found.append(Quantity(match.start(), unit_end, Decimal(low), None, unit, "at_least"))
    return found


def drop_timeframes(text: str, found: list[Quantity]) -> list[Quantity]:
    """ "… 18 percent over the next three years": the period frames the other number; it is not a claim."""
    if len(found) < 2:
        return found
    durations = {"years", "months", "weeks", "days", "decades", "hours"}
    return [q for q in found if not (q.unit in durations and frames(text, q.start))]


def frames(text: str, start: int) -> bool:
    """ "over the next three years" frames a period; "the highest in over two decades" claims one."""
    if text.startswith("over ", start):
        return text[max(start - 3, 0) : start].lower() != "in "
    return bool(TIMEFRAME.search(text, max(start - 30, 0), start))


def borrow_units(found: list[Quantity]) -> list[Quantity]:
    """ "26,000 affordable homes and … fewer than 3,000": the second number counts homes too."""
    result = []
    for quantity in found:
        if not quantity.unit and result and result[-1].unit:
            quantity = Quantity(
                quantity.start, quantity.end, quantity.low, quantity.high, result[-1].unit, quantity.qualifier
            )
        result.append(quantity)
    return result


# Claims

COMPARISON = re.compile(
    r"\b(?:more|less|fewer|larger|smaller|higher|lower|bigger|greater|worse|better|faster|slower|cheaper)\s+"
    r"(?:[\w’'-]+\s+){0,6}?than\b|\brather than\b|\b(?:the|among the)\s+(?:largest|highest|lowest|biggest|smallest|"
    r"most|least|first|only|worst|best|fastest|deadliest)\b|\ba fraction of\b|\b(?:twice|double|triple|half)\b|"
    r"\bcompared (?:with|to)\b",
    re.IGNORECASE,
)
PREDICTION = re.compile(
    r"\b(?:will|would|could|is expected to|are expected to|plans? to|is bracing for|are bracing for|"
    r"is likely to|are likely to|may|predicted|forecast|projected)\b",
    re.IGNORECASE,
)
ATTRIBUTION = re.compile(rf"\b(?:{SPEECH})\b|\baccording to\b", re.IGNORECASE)
HEDGES = re.compile(r"\b(?:could|might|may|believe|suggests?|possibly|perhaps|reportedly|ostensibly)\b", re.IGNORECASE)


def extract_claims(text: str, on_progress=None) -> list[Candidate]:
    """Candidates ranked by score, highest first; one per claim span (the better-scored kind wins).
    `on_progress`, if given, is called with the position reached in the text after each sentence."""
    speakers, found = Speakers(text), {}
    for start, end in sentences(text):
        for candidate in sentence_candidates(text, start, end, speakers):
            kept = found.get((candidate.start, candidate.end))
            if kept is None or candidate.score > kept.score:
                found[(candidate.start, candidate.end)] = candidate
        speakers.remember(start, end)
        if on_progress is not None:
            on_progress(end)
    return sorted(found.values(), key=lambda c: (-c.score, KIND_ORDER.index(c.kind), c.start))


def sentence_candidates(text: str, start: int, end: int, speakers: Speakers) -> list[Candidate]:
    results = []
    for quote_start, quote_end in quotes_in(text, start, end):
        speaker = speakers.in_sentence(start, end, around=(quote_start, quote_end))
        results.append(build(text, "quote", (quote_start, quote_end), (start, end), speaker))
    quoted = [(c.start, c.end) for c in results]
    speaker = speakers.in_sentence(start, end) if ATTRIBUTION.search(text, start, end) else None
    numbers = [q for q in quantities_in(text, start, end) if not any(s <= q.start < e for s, e in quoted)]
    spans = quantity_spans(text, start, end, numbers)
    for quantity, span in zip(numbers, spans, strict=True):
        amount = (quantity.low, quantity.high, quantity.unit, quantity.qualifier)
        results.append(build(text, "quantity", span, (start, end), speaker, amount))
    kind = other_kind(text, start, end, covered=quoted + spans, has_quote=bool(quoted))
    if kind:
        results.append(build(text, kind, (start, end), (start, end), speaker))
    return [candidate for candidate in results if candidate.score >= 0.3]


CLAUSE_BREAK = re.compile(r"[,;:—–]\s|\s(?:but|while|although|whereas)\s")


def clause_around(text: str, start: int, end: int, number_start: int, number_end: int) -> tuple[int, int]:
    """The clause of the sentence text[start:end] in which a number stands."""
    breaks_before = [b.end() for b in CLAUSE_BREAK.finditer(text, start, number_start)]
    break_after = CLAUSE_BREAK.search(text, number_end, end)
    clause_start = breaks_before[-1] if breaks_before else start
    clause_end = break_after.start() if break_after else end
    if len(text[clause_start:clause_end].split()) < 4:  # too short to read alone: keep the sentence
        clause_start, clause_end = start, end
    return _trim(text, clause_start, clause_end)


def quantity_spans(text: str, start: int, end: int, numbers: list[Quantity]) -> list[tuple[int, int]]:
    """One span per number: its clause, cut between numbers that share one ("from 21 percent | to 19 percent")."""
    clauses = [clause_around(text, start, end, q.start, q.end) for q in numbers]
    spans = []
    for index, (clause, quantity) in enumerate(zip(clauses, numbers, strict=True)):
        first = index == 0 or clauses[index - 1] != clause
        last = index == len(numbers) - 1 or clauses[index + 1] != clause
        span_start = clause[0] if first else cut_before(text, quantity.start)
        span_end = clause[1] if last else cut_before(text, numbers[index + 1].start)
        spans.append(_trim(text, min(span_start, quantity.start), max(span_end, quantity.end)))
    return spans


def cut_before(text: str, number_start: int) -> int:
    """Where to cut before a number: "… from 21 percent | to 19 percent", keeping its preposition with it."""
    preposition = re.search(r"\b(?:to|from|by|of|and|or|at)\s+$", text[max(number_start - 6, 0) : number_start])
    return number_start - len(preposition.group()) if preposition else number_start


def other_kind(text: str, start: int, end: int, covered: list[tuple[int, int]], has_quote: bool) -> str | None:
    """A comparison, prediction or attributed statement whose cue is not already inside a quote or a number's clause.
    Around a quote, "said" and "will" belong to the quote: only a comparison outside it counts."""
    kinds = (("comparison", COMPARISON),) if has_quote else KIND_CUES
    for kind, pattern in kinds:
        if any(not any(s <= cue.start() < e for s, e in covered) for cue in pattern.finditer(text, start, end)):
            return kind
    return None


KIND_ORDER = ["quote", "quantity", "comparison", "statement", "prediction"]
BASE_SCORE = {"quote": 0.5, "quantity": 0.5, "comparison": 0.4, "statement": 0.3, "prediction": 0.3}
KIND_CUES = (("comparison", COMPARISON), ("prediction", PREDICTION), ("statement", ATTRIBUTION))


def build(text, kind, span, excerpt, speaker, quantity=(None, None, "", "")) -> Candidate:
    claim = text[span[0] : span[1]]
    score, reasons = BASE_SCORE[kind], [REASON[kind]]
    for test, weight, reason in [
        (quantity[2] or quantity[0] is not None or re.search(r"\d", claim), 0.2, gettext_noop("has a number")),
        (speaker, 0.2, gettext_noop("attributed to a named speaker")),
        (named_entities(text, *excerpt), 0.05, gettext_noop("names a person or organisation")),
        (kind != "comparison" and COMPARISON.search(claim), 0.1, gettext_noop("a comparison")),
        (HEDGES.search(claim), -0.1, gettext_noop("hedged")),
        (len(claim.split()) < 4 and kind != "quantity", -0.2, gettext_noop("very short")),
    ]:
        if test:
            score += weight
            reasons.append(reason)
    low, high, unit, qualifier = quantity
    return Candidate(
        kind, claim, span[0], span[1], excerpt[0], excerpt[1], speaker, low, high, unit, qualifier,
        round(min(max(score, 0.0), 1.0), 3), tuple(reasons),
    )  # fmt: skip


REASON = {
    "quote": gettext_noop("a direct quotation"),
    "quantity": gettext_noop("a quantity"),
    "comparison": gettext_noop("a comparison"),
    "statement": gettext_noop("an attributed statement"),
    "prediction": gettext_noop("a prediction"),
}
