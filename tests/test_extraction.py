"""The claim extractor on the seed article and on texts written for it: what it finds, who said it,
the numbers, the offsets, the ranking, and its scores against the annotated gold files."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from claims.evaluation import Report, evaluate, evaluate_file
from claims.extraction import extract_claims, sentences

SEED = (Path(settings.BASE_DIR) / "claims/fixtures/seed_article.txt").read_text(encoding="utf-8").strip()
GOLD = Path(settings.BASE_DIR) / "tests/gold"


def find(candidates, kind, words):
    return next(c for c in candidates if c.kind == kind and words in c.text)


@pytest.fixture(scope="module")
def seed():
    return extract_claims(SEED)


def test_the_lukashenko_quote_has_its_full_name_from_earlier_in_the_text(seed):
    quote = find(seed, "quote", "governs Belarus")
    assert quote.text == "no one, except us, governs Belarus"
    assert quote.speaker == "Aleksandr G. Lukashenko"
    assert SEED[quote.excerpt_start : quote.excerpt_end].startswith("In an unusual public acknowledgment")


def test_the_troop_range_is_attributed_to_the_analyst(seed):
    troops = find(seed, "quantity", "10,000 to 15,000")
    assert (troops.quantity_low, troops.quantity_high, troops.unit) == (Decimal(10000), Decimal(15000), "soldiers")
    assert troops.speaker == "Konrad Muzyka"


@pytest.mark.parametrize(
    ("words", "low", "high", "unit", "qualifier"),
    [
        ("55 miles", 55, 55, "miles", "about"),
        ("28-year", 28, 28, "years", "exact"),
        ("six times", 6, None, "times", "at_least"),
        ("10 months", 10, 10, "months", "about"),
    ],
)
def test_distances_durations_and_counts(seed, words, low, high, unit, qualifier):
    found = find(seed, "quantity", words)
    expected_high = Decimal(high) if high is not None else None
    assert (found.quantity_low, found.quantity_high, found.unit, found.qualifier) == (
        Decimal(low),
        expected_high,
        unit,
        qualifier,
    )


def test_a_pronoun_and_a_description_resolve_to_the_last_person_named(seed):
    partial = find(seed, "quote", "we will not avoid")
    assert partial.text == "of course, we will not avoid"
    assert partial.speaker == "Aleksandr G. Lukashenko"


def test_an_organisation_and_according_to(seed):
    assert find(seed, "quote", "no indicators").speaker == "Institute for the Study of War"
    assert find(seed, "quote", "will reinforce").speaker == "Institute for the Study of War"
    assert find(seed, "statement", "first visit to Belarus since 2019").speaker == "Tass"


def test_every_offset_is_exact_in_every_text():
    texts = [SEED, *(path.read_text(encoding="utf-8").strip() for path in GOLD.glob("*.txt"))]
    for text in texts:
        for candidate in extract_claims(text):
            assert text[candidate.start : candidate.end] == candidate.text
            assert candidate.excerpt_start <= candidate.start < candidate.end <= candidate.excerpt_end


def test_checkable_claims_rank_above_narrative(seed):
    scores = {c.text: c.score for c in seed}
    assert find(seed, "quantity", "10,000 to 15,000").score >= max(scores.values()) - 0.01
    assert not any("bounded down the steps" in text for text in scores)
    assert all(candidate.reasons for candidate in seed)


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("The ministry said twenty-five people were hurt in the blast.", 25, 25, "people"),
        ("Officials said about 1.5 million residents lost power on Monday.", 1_500_000, 1_500_000, "residents"),
        ("The program cost $4 billion in its first year, the auditors said.", 4_000_000_000, 4_000_000_000, "USD"),
        ("The sale would raise between €300 million and €400 million, she said.", 300_000_000, 400_000_000, "EUR"),
        ("Unemployment fell to 6.5% in the third quarter, the office said.", Decimal("6.5"), Decimal("6.5"), "%"),
        ("He said turnout reached 12 percent by noon in the capital.", 12, 12, "%"),
    ],
)
def test_numbers_in_words_money_and_percentages(text, low, high, unit):
    found = next(c for c in extract_claims(text) if c.kind == "quantity")
    assert (found.quantity_low, found.quantity_high, found.unit) == (Decimal(low), Decimal(high), unit)


def test_a_quote_alone_in_its_sentence_keeps_the_speaker_of_the_one_before():
    text = "“We kept every promise,” Ms. Teresa Almeida said. “Not one pension was frozen.”"
    assert find(extract_claims(text), "quote", "Not one pension").speaker == "Teresa Almeida"


def test_abbreviations_and_a_missing_space_split_sentences_right():
    text = "Mr. Putin met Gen. Ivanov in the U.S. embassy. It was late.Then he left."
    assert [text[s:e] for s, e in sentences(text)] == [
        "Mr. Putin met Gen. Ivanov in the U.S. embassy.",
        "It was late.",
        "Then he left.",
    ]


@pytest.mark.parametrize("text", ["", "   \n ", "The weather was pleasant and the streets were quiet."])
def test_nothing_checkable_gives_no_candidates(text):
    assert extract_claims(text) == []


def test_a_megabyte_of_text_is_handled():
    paragraph = SEED + "\n\n"
    text = paragraph * (1_000_000 // len(paragraph) + 1)
    candidates = extract_claims(text)
    assert len(candidates) > 100


def test_the_extractor_meets_its_targets_on_the_gold_files():
    total = Report()
    for path in GOLD.glob("*.json"):
        total.add(evaluate_file(path, Path(settings.BASE_DIR)))
    quotes, quantities = total.by_kind["quote"], total.by_kind["quantity"]
    assert len(list(GOLD.glob("*.json"))) >= 4 and quotes.gold >= 30 and quantities.gold >= 50
    assert quotes.recall >= 0.9 and quantities.recall >= 0.9
    assert quotes.precision >= 0.8 and quantities.precision >= 0.8
    assert quotes.speaker_accuracy >= 0.9


def test_the_commands_print_candidates_and_scores(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(SEED, encoding="utf-8")
    out = StringIO()
    call_command("extract_claims", str(article), stdout=out)
    assert (
        '"speaker": "Konrad Muzyka", "quantity_low": 10000, "quantity_high": 15000, "unit": "soldiers"'
        in out.getvalue()
    )

    report = StringIO()
    call_command("evaluate_extractor", stdout=report)
    assert "all files" in report.getvalue() and "quantity" in report.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("notes.pdf", b"%PDF", "give a .txt or .html file"), ("empty.txt", b"", "The file is empty.")],
)
def test_extract_claims_refuses_what_it_cannot_read(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("extract_claims", str(path))


def test_a_malformed_gold_file_is_reported(tmp_path):
    (tmp_path / "broken.json").write_text('{"text_path": "nowhere.txt", "claims": []}')
    with pytest.raises(CommandError, match="broken.json"):
        call_command("evaluate_extractor", str(tmp_path))


def test_a_quote_split_by_its_attribution_keeps_one_speaker():
    text = "“We have kept every promise to pensioners,” Ms. Teresa Almeida said, “and not one pension was frozen.”"
    quotes = [c for c in extract_claims(text) if c.kind == "quote"]
    assert [q.text for q in quotes] == ["We have kept every promise to pensioners", "and not one pension was frozen"]
    assert {q.speaker for q in quotes} == {"Teresa Almeida"}


def test_a_nested_quote_belongs_to_the_outer_speaker_not_to_a_verb_inside_it():
    text = "“He told me ‘we will win this war by spring’ and I believed him,” said Olena Shevchenko, a nurse."
    quote = find(extract_claims(text), "quote", "we will win")
    assert quote.speaker == "Olena Shevchenko"
    assert quote.text == "He told me ‘we will win this war by spring’ and I believed him"


def test_a_pronoun_in_a_later_sentence_names_the_last_person_introduced():
    text = (
        "Harold J. Lindqvist, the opposition's defense critic, spoke first. "
        "“The navy asked for nine ships, not fourteen,” he said."
    )
    assert find(extract_claims(text), "quote", "nine ships").speaker == "Harold J. Lindqvist"


def test_a_spokeswoman_named_after_her_party_is_the_speaker_not_the_party():
    text = "The Green Party's spokeswoman, Inês Duarte, spoke on Monday. “They announced it three times,” she said."
    assert find(extract_claims(text), "quote", "three times").speaker == "Inês Duarte"


@pytest.mark.parametrize(
    ("text", "low", "high", "unit", "qualifier"),
    [
        ("At least three dozen flights were canceled, the airport said.", 36, None, "flights", "at_least"),
        ("The deal is worth €3.5bn, the company said.", 3_500_000_000, 3_500_000_000, "EUR", "exact"),
        ("He was fined 2 million rubles, the court said.", 2_000_000, 2_000_000, "RUB", "exact"),
        ("The ministry had delivered fewer than 3,000 homes.", None, 3000, "homes", "less_than"),
        ("The hearing found the overrun was C$640 million last year.", 640_000_000, 640_000_000, "CAD", "exact"),
        ("Gusts reached 74 miles per hour on Cape Cod.", 74, 74, "miles per hour", "exact"),
        ("Bay State Electric said 640,000 of its customers lost power.", 640_000, 640_000, "customers", "exact"),
        ("The arrival of thousands of Russian troops was reported.", 2000, None, "troops", "at_least"),
    ],
)
def test_dozens_currencies_bounds_and_partitives(text, low, high, unit, qualifier):
    found = next(c for c in extract_claims(text) if c.kind == "quantity")
    expected = (Decimal(low) if low is not None else None, Decimal(high) if high is not None else None, unit, qualifier)
    assert (found.quantity_low, found.quantity_high, found.unit, found.qualifier) == expected


def test_a_change_from_one_figure_to_another_gives_two_quantities():
    text = "The top rate of corporate tax will fall from 21 percent to 19 percent over two years."
    quantities = [c for c in extract_claims(text) if c.kind == "quantity"]
    assert sorted((c.quantity_low, c.text) for c in quantities) == [
        (Decimal(19), "to 19 percent over two years."),
        (Decimal(21), "The top rate of corporate tax will fall from 21 percent"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It was his first visit to Belarus since 2019 and his second to Minsk in a 2023 report's words.",
        "Marie Tremblay, 64, said the vote was held on March 3.",
        "The two men shook hands in one night of talks.",
        "Vaccination of two-year-olds was the subject of a 54-year-old doctor's talk.",
    ],
)
def test_dates_ages_and_references_are_not_quantities(text):
    assert [c.text for c in extract_claims(text) if c.kind == "quantity"] == []


def test_the_period_a_figure_covers_is_not_a_claim_of_its_own():
    text = "The bill would raise the defense budget by 18 percent over the next three years, the minister said."
    assert [(c.quantity_low, c.unit) for c in extract_claims(text) if c.kind == "quantity"] == [(Decimal(18), "%")]


def test_comparisons_predictions_and_statements_outside_the_numbers_are_candidates_too(seed):
    assert {"comparison", "prediction", "statement"} <= {c.kind for c in seed}
    assert find(seed, "prediction", "bracing for").speaker == "Mykhailo Podolyak"
    assert find(seed, "comparison", "a fraction of").speaker == "Konrad Muzyka"


def test_evaluation_matches_a_candidate_that_contains_the_gold_claim_and_of_the_same_kind_only():
    text = "“We are one bad winter away from an epidemic, and nobody answered,” she said."
    quote = find(extract_claims(text), "quote", "winter")
    long_gold = {"kind": "quote", "text": quote.text, "speaker": None, "start": quote.start, "end": quote.end}
    inner = {**long_gold, "start": quote.start + 7, "end": quote.start + 20}
    wrong_kind = {**long_gold, "kind": "quantity", "unit": "", "quantity_low": None, "quantity_high": None}
    report = evaluate([quote], [long_gold, inner, wrong_kind])
    assert (report.by_kind["quote"].found, report.by_kind["quote"].gold) == (2, 2)
    assert report.by_kind["quantity"].found == 0


def test_a_gold_claim_missing_from_its_text_is_a_malformed_file(tmp_path):
    (tmp_path / "story.txt").write_text("Nothing to see here.", encoding="utf-8")
    claim = '{"kind": "quote", "text": "not in the story", "speaker": null}'
    (tmp_path / "story.json").write_text(f'{{"text_path": "{tmp_path}/story.txt", "claims": [{claim}]}}')
    with pytest.raises(CommandError, match="story.json"):
        call_command("evaluate_extractor", str(tmp_path))
