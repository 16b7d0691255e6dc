"""Check-worthy claims in a news text: quotes with their speaker, quantities, attributed statements,
comparisons and predictions, each with exact character offsets and a score with its reasons.

Pure Python, rules only: no model, no network. Offsets always index the text given."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


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

    def remember(self, start: int, end: int) -> None:
        """The sentence's subject: its first person named in full or with a title, not after a preposition."""
        for e_start, _, raw in named_entities(self.text, start, end):
            if not PERSON.fullmatch(raw) or OBJECT_PREPOSITION.search(self.text[start:e_start][-12:]):
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
    "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12, "hundred": 100, "a hundred": 100,
}  # fmt: skip
SCALES = {"thousand": 10**3, "million": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9, "trillion": 10**12}
WORD_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|"
    + "|".join(sorted(map(re.escape, SMALL), key=len, reverse=True))
    + ")"
)  # noqa: E501
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{WORD_NUMBER})(?:\s*(?:thousand|million|billion|trillion|bn|m)\b)?"
CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}
QUALIFIERS = [
    (r"around|about|nearly|almost|roughly|approximately|some|an estimated|close to", "about"),
    (r"at least|no fewer than|no less than", "at_least"),
    (r"at most|no more than|up to", "at_most"),
    (r"more than|over|upwards of", "more_than"),
    (r"less than|fewer than|under", "less_than"),
]
QUALIFIER = "|".join(words for words, _ in QUALIFIERS)
QUANTITY = re.compile(
    rf"(?P<qualifier>\b(?:{QUALIFIER})\s+)?(?:between\s+|from\s+)?(?P<currency>[$€£])?(?P<low>{NUMBER})"
    rf"(?:\s*(?:to|and|-|–)\s*[$€£]?(?P<high>{NUMBER}))?"
    r"(?P<percent>\s*%|\s+percent\b|\s+per cent\b)?"
    r"(?:-(?P<hyphen_unit>[a-z]+)|\s+(?P<unit>(?:[a-z-]+(?:\s+(?:of\s+)?[a-z]+)?)))?",
    re.IGNORECASE,
)
MODIFIERS = {"new", "more", "additional", "other", "extra", "russian", "american", "ukrainian", "measles", "active"}
UNIT_STOP = {"of", "the", "a", "an", "and", "to", "in", "on", "since", "from", "that", "as", "by", "for", "or", "is"}
CURRENCY_WORDS = {"dollars": "USD", "euros": "EUR", "pounds": "GBP", "rubles": "RUB", "roubles": "RUB"}


def to_number(words: str) -> Decimal | None:
    words = words.lower().strip()
    scale = 1
    scaled = re.match(r"(.*?)\s*(thousand|million|billion|trillion|bn|m)$", words)
    if scaled:
        words, scale = scaled.group(1).strip(), SCALES[scaled.group(2)]
    if words in SMALL:
        value = Decimal(SMALL[words])
    elif "-" in words and all(part in SMALL for part in words.split("-")):
        value = Decimal(sum(SMALL[part] for part in words.split("-")))
    else:
        try:
            value = Decimal(words.replace(",", ""))
        except InvalidOperation:
            return None
    return value * scale


def quantity_unit(match) -> str:
    if match.group("percent"):
        return "%"
    if match.group("currency"):
        return CURRENCY[match.group("currency")]
    if match.group("hyphen_unit"):
        unit = match.group("hyphen_unit").lower()
        return unit if unit.endswith("s") else unit + "s"
    words = [word for word in (match.group("unit") or "").lower().split() if word not in UNIT_STOP]
    while len(words) > 1 and (words[0] in MODIFIERS or "-" in words[0]):
        words.pop(0)
    if not words:
        return ""
    return CURRENCY_WORDS.get(words[0], words[0])


def is_year(match, text: str) -> bool:
    """ "in 2019", "since 2019": a date, not a quantity."""
    looks_like_year = re.fullmatch(r"(1[89]|20)\d\d", match.group("low")) and not match.group("unit")
    after_since = text[max(match.start() - 6, 0) : match.start()].lower().endswith("since ")
    return bool(looks_like_year or after_since)


def quantities_in(text: str, start: int, end: int):
    for match in QUANTITY.finditer(text, start, end):
        if match.start("low") > 0 and (text[match.start("low") - 1].isalnum() or text[match.start("low") - 1] == "-"):
            continue
        low, high = to_number(match.group("low")), to_number(match.group("high") or "")
        unit = quantity_unit(match)
        if low is None or is_year(match, text) or (not unit and low < 10 and not match.group("qualifier")):
            continue
        if re.match(r"-olds?\b", text[match.end() : match.end() + 5]):
            continue  # "two-year-olds": an age group, not a quantity
        in_words = not re.search(r"\d", match.group("low"))
        if in_words and re.search(r"\bthe\s+$", text[max(match.start() - 4, 0) : match.start()], re.IGNORECASE):
            continue  # "the two men": a reference, not a count anyone claims
        qualifier = qualifier_of(match.group("qualifier"), high)
        yield (
            match,
            low,
            high if high is not None else (None if qualifier in ("at_least", "more_than") else low),
            unit,
            qualifier,
        )


def qualifier_of(words: str | None, high) -> str:
    if not words:
        return "" if high is not None else "exact"
    for pattern, name in QUALIFIERS:
        if re.fullmatch(pattern, words.strip(), re.IGNORECASE):
            return name
    return ""


# Claims

COMPARISON = re.compile(
    r"\b(?:more|less|fewer|larger|smaller|higher|lower|bigger|greater|worse|better)\s+than\b|\bthe\s+(?:largest|"
    r"highest|lowest|biggest|smallest|most|least|first|only)\b|\ba fraction of\b|\btwice\b|\bhalf\b|"
    r"\bcompared (?:with|to)\b",
    re.IGNORECASE,
)
PREDICTION = re.compile(
    r"\b(?:will|would|could|is expected to|are expected to|plans? to|is bracing for|are bracing for|"
    r"is likely to|are likely to|may)\b",
    re.IGNORECASE,
)
ATTRIBUTION = re.compile(rf"\b(?:{SPEECH})\b|\baccording to\b", re.IGNORECASE)
HEDGES = re.compile(r"\b(?:could|might|may|believe|suggests?|possibly|perhaps|reportedly|ostensibly)\b", re.IGNORECASE)


def extract_claims(text: str) -> list[Candidate]:
    """Candidates ranked by score, highest first; one per claim span and kind."""
    speakers, found = Speakers(text), {}
    for start, end in sentences(text):
        for candidate in sentence_candidates(text, start, end, speakers):
            found.setdefault((candidate.start, candidate.end, candidate.kind), candidate)
        speakers.remember(start, end)
    return sorted(found.values(), key=lambda c: (-c.score, KIND_ORDER.index(c.kind), c.start))


def sentence_candidates(text: str, start: int, end: int, speakers: Speakers) -> list[Candidate]:
    results, sentence = [], text[start:end]
    for quote_start, quote_end in quotes_in(text, start, end):
        speaker = speakers.in_sentence(start, end, around=(quote_start, quote_end))
        results.append(build(text, "quote", (quote_start, quote_end), (start, end), speaker))
    speaker = speakers.in_sentence(start, end) if ATTRIBUTION.search(sentence) else None
    quoted = [(c.start, c.end) for c in results]
    numbers = [n for n in quantities_in(text, start, end) if not any(s <= n[0].start() < e for s, e in quoted)]
    for match, low, high, unit, qualifier in numbers:
        clause = clause_around(text, start, end, match.start(), match.end())
        results.append(build(text, "quantity", clause, (start, end), speaker, (low, high, unit, qualifier)))
    kind = other_kind(sentence, quoted=bool(results) and results[0].kind == "quote")
    if kind and not numbers:
        results.append(build(text, kind, (start, end), (start, end), speaker))
    return [candidate for candidate in results if candidate.score >= 0.3]


CLAUSE_BREAK = re.compile(r"[,;:—–]\s|\s(?:and|but|while|although|whereas)\s")


def clause_around(text: str, start: int, end: int, number_start: int, number_end: int) -> tuple[int, int]:
    """The clause of the sentence text[start:end] in which a number stands: one claim per number."""
    breaks_before = [b.end() for b in CLAUSE_BREAK.finditer(text, start, number_start)]
    break_after = CLAUSE_BREAK.search(text, number_end, end)
    clause_start = breaks_before[-1] if breaks_before else start
    clause_end = break_after.start() if break_after else end
    if len(text[clause_start:clause_end].split()) < 4:  # too short to read alone: keep the sentence
        clause_start, clause_end = start, end
    return _trim(text, clause_start, clause_end)


def other_kind(sentence: str, quoted: bool) -> str | None:
    if COMPARISON.search(sentence):
        return "comparison"
    if PREDICTION.search(sentence) and not quoted:
        return "prediction"
    if ATTRIBUTION.search(sentence) and not quoted:
        return "statement"
    return None


KIND_ORDER = ["quote", "quantity", "comparison", "statement", "prediction"]
BASE_SCORE = {"quote": 0.5, "quantity": 0.5, "comparison": 0.4, "statement": 0.3, "prediction": 0.25}


def build(text, kind, span, excerpt, speaker, quantity=(None, None, "", "")) -> Candidate:
    claim = text[span[0] : span[1]]
    score, reasons = BASE_SCORE[kind], [kind]
    for test, weight, reason in [
        (quantity[0] is not None or re.search(r"\d", claim), 0.2, "has a number"),
        (speaker, 0.2, "attributed to a named speaker"),
        (named_entities(text, *excerpt), 0.05, "names a person or organisation"),
        (COMPARISON.search(claim), 0.1, "a comparison"),
        (HEDGES.search(claim), -0.1, "hedged"),
        (len(claim.split()) < 4, -0.2, "very short"),
    ]:
        if test:
            score += weight
            reasons.append(reason)
    low, high, unit, qualifier = quantity
    return Candidate(
        kind, claim, span[0], span[1], excerpt[0], excerpt[1], speaker, low, high, unit, qualifier,
        round(min(max(score, 0.0), 1.0), 3), tuple(reasons),
    )  # fmt: skip
