"""How well the extractor finds what a desk would check, against annotated ("gold") texts.

A candidate matches a gold claim when one's text contains the other's (case-insensitive) and their
kinds are compatible: quotes with quotes, quantities with quantities, and statements, comparisons and
predictions with one another. Pure Python: no database."""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from claims.extraction import Candidate, extract_claims

OTHER_KINDS = {"statement", "comparison", "prediction", "event", "other"}
SCORED_KINDS = ("quote", "quantity")


class GoldError(ValueError):
    pass


@dataclass
class Tally:
    gold: int = 0
    found: int = 0  # gold claims matched by a candidate
    proposed: int = 0
    correct: int = 0  # candidates matching some gold claim
    speaker_right: int = 0
    quantity_right: int = 0
    unit_right: int = 0

    def add(self, other: "Tally") -> None:
        for name in self.__dataclass_fields__:
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
    by_kind: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind in (*SCORED_KINDS, "other")})

    def add(self, other: "Report") -> None:
        for kind, tally in other.by_kind.items():
            self.by_kind[kind].add(tally)


def kind_group(kind: str) -> str:
    return kind if kind in SCORED_KINDS else "other"


def matches(candidate: Candidate, gold: dict) -> bool:
    said, annotated = candidate.text.lower(), gold["text"].lower()
    return kind_group(candidate.kind) == kind_group(gold["kind"]) and (annotated in said or said in annotated)


def same_speaker(candidate: Candidate, gold: dict) -> bool:
    expected = (gold.get("speaker") or "").lower()
    return (candidate.speaker or "").lower() == expected


def same_quantity(candidate: Candidate, gold: dict) -> bool:
    def number(value):
        return None if value is None else Decimal(str(value))

    expected = (number(gold.get("quantity_low")), number(gold.get("quantity_high")))
    return (candidate.quantity_low, candidate.quantity_high) == expected


def evaluate(candidates: list[Candidate], gold_claims: list[dict]) -> Report:
    report = Report()
    for item in gold_claims:
        tally = report.by_kind[kind_group(item["kind"])]
        tally.gold += 1
        match = next((c for c in candidates if matches(c, item)), None)
        if match is None:
            continue
        tally.found += 1
        tally.speaker_right += same_speaker(match, item)
        tally.quantity_right += item["kind"] == "quantity" and same_quantity(match, item)
        tally.unit_right += item["kind"] == "quantity" and match.unit == item.get("unit", "")
    for candidate in candidates:
        tally = report.by_kind[kind_group(candidate.kind)]
        tally.proposed += 1
        tally.correct += any(matches(candidate, item) for item in gold_claims)
    return report


def load_gold(path: Path, project: Path) -> tuple[str, list[dict]]:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (project / gold["text_path"]).read_text(encoding="utf-8").strip()
        claims = gold["claims"]
        if not all(isinstance(c, dict) and c.get("kind") and c.get("text") for c in claims):
            raise GoldError(f"{path.name}: every claim needs a kind and a text")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise GoldError(f"{path.name}: {error}") from None
    return text, claims


def evaluate_file(path: Path, project: Path) -> Report:
    text, claims = load_gold(path, project)
    return evaluate(extract_claims(text), claims)
