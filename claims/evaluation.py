"""How well the extractor finds what a desk would check, against annotated ("gold") texts.

A gold claim is located in its text by its (distinctive) wording. A candidate matches it when their kinds
are compatible (quotes with quotes, quantities with quantities, statements, comparisons and predictions
with one another) and either the candidate's span contains the gold span, or the two spans share at least
half of the longer one. Pure Python: no database."""

import json
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path

from claims.extraction import Candidate, extract_claims

SCORED_KINDS = ("quote", "quantity")
OTHER_KINDS = ("statement", "comparison", "prediction")
GROUPS = (*SCORED_KINDS, "other")
MIN_SHARED = 0.5


class GoldError(ValueError):
    pass


@dataclass
class Tally:
    gold: int = 0
    found: int = 0  # gold claims matched by a candidate
    proposed: int = 0
    correct: int = 0  # candidates matching some gold claim
    speaker_right: int = 0
    numbers_right: int = 0
    unit_right: int = 0

    def add(self, other: "Tally") -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.found if self.found else 1.0


@dataclass
class Report:
    by_kind: dict[str, Tally] = field(default_factory=lambda: {group: Tally() for group in GROUPS})
    misses: list[str] = field(default_factory=list)  # what went wrong, one line each, for whoever tunes rules

    def add(self, other: "Report") -> None:
        for kind, tally in other.by_kind.items():
            self.by_kind[kind].add(tally)
        self.misses.extend(other.misses)

    @property
    def overall(self) -> Tally:
        total = Tally()
        for tally in self.by_kind.values():
            total.add(tally)
        return total


def kind_group(kind: str) -> str:
    return kind if kind in SCORED_KINDS else "other"


def matches(candidate: Candidate, gold: dict) -> bool:
    if kind_group(candidate.kind) != kind_group(gold["kind"]):
        return False
    if "start" not in gold:  # a gold claim not located in a text: compare wording only
        return gold["text"].lower() in candidate.text.lower()
    shared = min(candidate.end, gold["end"]) - max(candidate.start, gold["start"])
    contains = candidate.start <= gold["start"] and gold["end"] <= candidate.end
    longer = max(candidate.end - candidate.start, gold["end"] - gold["start"])
    return contains or shared >= MIN_SHARED * longer


def tightness(candidate: Candidate) -> int:
    return candidate.end - candidate.start


def best_match(candidates: list[Candidate], gold: dict) -> Candidate | None:
    return min((c for c in candidates if matches(c, gold)), key=tightness, default=None)


def normal_name(name: str | None) -> str:
    words = (name or "").lower().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def same_unit(found: str, expected: str) -> bool:
    """ "centers" is right for "warming centers": the counted noun is what matters."""
    found, expected = found.lower(), expected.lower()
    return found == expected or (bool(found) and expected.split()[-1:] == [found])


def evaluate(candidates: list[Candidate], gold: list[dict]) -> Report:
    report = Report()
    for item in gold:
        score_gold(report, item, best_match(candidates, item))
    for candidate in candidates:
        tally = report.by_kind[kind_group(candidate.kind)]
        tally.proposed += 1
        if any(matches(candidate, item) for item in gold):
            tally.correct += 1
        elif candidate.kind in SCORED_KINDS:
            report.misses.append(f"extra {candidate.kind}: {candidate.text!r}")
    return report


def score_gold(report: Report, item: dict, match: Candidate | None) -> None:
    tally = report.by_kind[kind_group(item["kind"])]
    tally.gold += 1
    if match is None:
        report.misses.append(f"missed {item['kind']}: {item['text']!r}")
        return
    tally.found += 1
    tally.speaker_right += normal_name(match.speaker) == normal_name(item.get("speaker"))
    if item["kind"] == "quote" and normal_name(match.speaker) != normal_name(item.get("speaker")):
        report.misses.append(f"speaker {match.speaker!r} for {item['text']!r}, not {item.get('speaker')!r}")
    if item["kind"] == "quantity":
        score_quantity(report, tally, item, match)


def score_quantity(report: Report, tally: Tally, item: dict, match: Candidate) -> None:
    numbers = (as_decimal(item.get("quantity_low")), as_decimal(item.get("quantity_high")))
    right = (match.quantity_low, match.quantity_high) == numbers
    unit_right = same_unit(match.unit, item.get("unit", ""))
    tally.numbers_right += right
    tally.unit_right += unit_right
    if not (right and unit_right):
        found = f"{match.quantity_low}–{match.quantity_high} {match.unit!r}"
        report.misses.append(f"quantity {found} for {item['text']!r}, not {numbers[0]}–{numbers[1]} {item['unit']!r}")


# Gold files


def load_gold(path: Path, project: Path) -> tuple[str, list[dict]]:
    """The text a gold file names and its claims, each located in the text (start, end)."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (project / gold["text_path"]).read_text(encoding="utf-8").strip()
        claims = [locate(claim, text) for claim in gold["claims"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise GoldError(f"{path.name}: {error}") from None
    return text, claims


def locate(claim: dict, text: str) -> dict:
    if claim.get("kind") not in (*SCORED_KINDS, *OTHER_KINDS) or not claim.get("text"):
        raise GoldError(f"a claim needs a kind ({', '.join((*SCORED_KINDS, *OTHER_KINDS))}) and a text: {claim}")
    start = text.find(claim["text"])
    if start < 0:
        raise GoldError(f"claim text not found in the text: {claim['text']!r}")
    if claim["kind"] == "quantity":
        check_quantity(claim)
    return {**claim, "start": start, "end": start + len(claim["text"])}


def check_quantity(claim: dict) -> None:
    try:
        as_decimal(claim.get("quantity_low")), as_decimal(claim.get("quantity_high"))
    except InvalidOperation:
        raise GoldError(f"quantity_low and quantity_high must be numbers or null: {claim['text']!r}") from None
    if not isinstance(claim.get("unit"), str):
        raise GoldError(f'a quantity needs a unit (a string, "" for none): {claim["text"]!r}')


def evaluate_file(path: Path, project: Path) -> Report:
    text, claims = load_gold(path, project)
    return evaluate(extract_claims(text), claims)
