"""Properties that must hold for any input, checked with Hypothesis: quantity parsing, the claim
workflow as a state machine on real rows, and the validators of the desk's forms."""

import functools
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from claims.documents import DocumentError
from claims.forms import (
    AssignForm,
    BulkForm,
    CandidateForm,
    ClaimFilterForm,
    ClaimForm,
    CommentForm,
    EvidenceForm,
    ExportForm,
    ImportForm,
    TransitionForm,
    VerdictForm,
)
from claims.models import (
    AssignmentChange,
    Claim,
    Claimant,
    Comment,
    Evidence,
    IllegalTransition,
    Source,
    StatusChange,
    TransitionNotPermitted,
    Verdict,
)
from claims.quantities import QUALIFIER_WORDS, as_input, as_json, format_quantity, parse_number
from claims.roles import Role
from tests.factories import default_rating, make_claim, make_user
from tests.test_documents import minimal_pdf

# Hypothesis keeps a cache (and, by default, an example database) under .hypothesis/ in the working
# directory: keep both out of the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "factcheck-hypothesis")

PURE = settings(database=None, max_examples=150, deadline=None)
WITH_DB = settings(
    database=None,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORMS = settings(WITH_DB, max_examples=25)
ANY_FORM = settings(WITH_DB, max_examples=50)  # the form is drawn too
S = Claim.Status


# (a) Quantities ------------------------------------------------------------------------------------


def stored_number_bounds() -> tuple[int, int]:
    """The digits and the decimal places of a claim's quantity column."""
    field = Claim._meta.get_field("quantity_low")
    return field.max_digits, field.decimal_places


DIGITS, PLACES = stored_number_bounds()
BIGGEST = Decimal(f"{10**DIGITS - 1}E-{PLACES}")  # strings: decimal arithmetic would round to 28 digits
stored_numbers = st.one_of(
    st.integers(min_value=-(10**DIGITS) + 1, max_value=10**DIGITS - 1).map(lambda units: Decimal(f"{units}E-{PLACES}")),
    st.integers(min_value=-int(BIGGEST), max_value=int(BIGGEST)).map(Decimal),
)
# Characters a number is written with, and shapes close to a number: where parsing goes wrong.
numberish = st.one_of(
    st.text(alphabet="0123456789,._ \u00a0+-eE", max_size=30),
    st.from_regex(r"\A\s*[-+]?\d{0,4}(\.\d{0,4})?([eE][-+]?\d{1,30})?\s*\Z"),
    st.sampled_from(["NaN", "-Infinity", "sNaN", "1e999999999", "1e-999999999", "١٢٣", "1,000.5e3"]),
)
separators = st.sampled_from([",", " ", "\u00a0", "_", ""])
padding = st.sampled_from(["", " ", "  ", "\t", "\n"])


def written(number: Decimal, separator: str) -> str:
    """The number as a person types it: digits grouped by thousands with `separator`."""
    return f"{number:,f}".replace(",", separator)


# Thirty digits, as the column holds: more than the 28 of decimal's default context.
THIRTY_DIGITS = [Decimal("123456789012345678901234.123456"), BIGGEST, BIGGEST.copy_negate()]


@PURE
@given(stored_numbers)
@example(THIRTY_DIGITS[0])
@example(THIRTY_DIGITS[1])
def test_a_stored_number_shown_in_a_form_reads_back_as_the_same_number(number):
    shown = as_input(number)
    assert parse_number(shown) == number
    assert as_input(parse_number(shown)) == shown


@PURE
@given(stored_numbers)
def test_a_form_shows_a_number_as_plain_digits_without_trailing_zeros(number):
    assert re.fullmatch(r"-?\d+(\.\d*[1-9])?", as_input(number))


@PURE
@given(stored_numbers, separators, padding, padding)
def test_thousands_separators_spaces_and_padding_are_read(number, separator, before, after):
    assert parse_number(before + written(number, separator) + after) == number


@PURE
@given(stored_numbers)
@example(THIRTY_DIGITS[0])
@example(THIRTY_DIGITS[2])
def test_a_number_as_a_page_shows_it_reads_back_as_the_same_number(number):
    assert parse_number(format_quantity(number, None)) == number


@PURE
@given(st.one_of(st.text(), numberish))
def test_parse_number_gives_a_finite_number_or_value_error(text):
    try:
        number = parse_number(text)
    except ValueError as error:
        assert str(error)
        return
    assert isinstance(number, Decimal)
    assert number.is_finite()
    assert any(char.isdigit() for char in text)


@PURE
@given(numberish, padding, padding)
def test_surrounding_whitespace_does_not_change_what_is_read(text, before, after):
    try:
        number = parse_number(text)
    except ValueError:
        with pytest.raises(ValueError):
            parse_number(before + text + after)
        return
    assert parse_number(before + text + after) == number


@PURE
@given(stored_numbers)
def test_json_gives_whole_numbers_as_exact_integers_and_others_as_floats(number):
    value = as_json(number)
    if number == number.to_integral_value():
        assert type(value) is int
        assert value == number
    else:
        assert type(value) is float
        assert abs(Decimal(value) - number) <= abs(number) * Decimal("1e-15")


def test_no_number_is_shown_as_nothing():
    assert as_input(None) == ""
    assert as_json(None) is None


@st.composite
def quantities(draw):
    """(low, high) as a claim holds them: either end may be missing, and low <= high."""
    low, high = sorted([draw(stored_numbers), draw(stored_numbers)])
    return draw(st.sampled_from([(low, high), (low, None), (None, high), (low, low)]))


units = st.text(alphabet=st.characters(categories=["L"]) | st.sampled_from("%$€"), max_size=12)


@PURE
@given(quantities(), st.sampled_from([*QUALIFIER_WORDS, "", "unknown"]), units)
def test_a_quantity_reads_as_qualifier_amount_and_unit(quantity, qualifier, unit):
    low, high = quantity
    shown = format_quantity(low, high, unit, qualifier)
    word = QUALIFIER_WORDS.get(qualifier, "")
    if word:
        assert shown.startswith(word + " ")
        shown = shown.removeprefix(word + " ")
    if unit:
        assert shown.endswith(" " + unit)
        shown = shown.removesuffix(" " + unit)
    is_range = low is not None and high is not None and low != high
    assert ("–" in shown) == is_range
    if is_range:
        assert [parse_number(part) for part in shown.split("–")] == [low, high]
    else:
        assert parse_number(shown) == (low if low is not None else high)


@PURE
@given(st.sampled_from([*QUALIFIER_WORDS, ""]), units)
def test_a_quantity_without_a_number_is_shown_as_nothing(qualifier, unit):
    assert format_quantity(None, None, unit, qualifier) == ""


# (b) The claim workflow as a state machine ---------------------------------------------------------

WORKFLOW = {(step.source, step.target): step for step in Claim.WORKFLOW}
REVIEWER_PERMISSIONS = {"claims.research_claim", "claims.propose_verdict"}
EDITOR_PERMISSIONS = REVIEWER_PERMISSIONS | {
    "claims.assign_claim",
    "claims.review_verdict",
    "claims.publish_claim",
    "claims.reopen_claim",
}
# The desk: who is who, and what each may do (as the roles' migration promises).
DESK = {
    "rita": (Role.REVIEWER, REVIEWER_PERMISSIONS),
    "ron": (Role.REVIEWER, REVIEWER_PERMISSIONS),
    "ed": (Role.EDITOR, EDITOR_PERMISSIONS),
    "eve": (Role.EDITOR, EDITOR_PERMISSIONS),
    "ada": (Role.ADMIN, EDITOR_PERMISSIONS),
    "sam": (None, set()),
}
# The main line of the workflow: where a claim goes next when all is well.
FORWARD = {
    S.NEW: S.IN_RESEARCH,
    S.IN_RESEARCH: S.IN_REVIEW,
    S.IN_REVIEW: S.APPROVED,
    S.APPROVED: S.PUBLISHED,
    S.PUBLISHED: S.IN_RESEARCH,
    S.NOT_CHECKABLE: S.NEW,
    S.DUPLICATE: S.NEW,
}
WRITERS = ["rita", "ron", "ed", "eve", "ada"]
NOTES = ["", "   ", "Checked against the ministry's figures."]


def reachable_statuses() -> set[str]:
    reached, frontier = {S.NEW}, [S.NEW]
    while frontier:
        source = frontier.pop()
        for _, target in (pair for pair in WORKFLOW if pair[0] == source):
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    return reached


REACHABLE = reachable_statuses()


def snapshot(claim_pk: int) -> tuple:
    """Everything a workflow step may change, as stored."""
    claim = Claim.objects.get(pk=claim_pk)
    verdicts = Verdict.objects.filter(claim_id=claim_pk).order_by("pk")
    return (
        claim.status,
        claim.duplicate_of_id,
        claim.assignee_id,
        claim.version,
        list(StatusChange.objects.filter(claim_id=claim_pk).values_list("pk", flat=True)),
        list(AssignmentChange.objects.filter(claim_id=claim_pk).values_list("pk", flat=True)),
        list(
            verdicts.values_list(
                "pk", "is_current", "author_id", "proposed_at", "approved_by_id", "approved_at", "published_at"
            )
        ),
    )


class ClaimWorkflow(RuleBasedStateMachine):
    """One claim, acted on by the whole desk in any order. The machine keeps its own account of what
    the claim should be (status, current verdict, assignee) and compares it with the rows."""

    people: dict = {}  # name -> User, set by the test
    reached: set = set()  # the statuses any example moved a claim to, set by the test

    def __init__(self):
        super().__init__()
        self.claim = make_claim()
        self.original = make_claim(text="The claim this one may duplicate.")
        self.status = S.NEW
        self.verdict = None  # the current verdict as expected: author, proposed, approver, published
        self.assignee = None
        self.changes = 0
        self.assignments = 0

    def name(self, user_id: int | None) -> str | None:
        return next((name for name, user in self.people.items() if user.pk == user_id), None)

    # Expectations

    def refusal(self, target: str, by: str, note: str, duplicate: bool):
        """The error the workflow must raise for this step, None if it must be allowed."""
        step = WORKFLOW.get((self.status, target))
        if step is None:
            return IllegalTransition
        if step.permission not in DESK[by][1]:
            return TransitionNotPermitted
        if target in (S.IN_REVIEW, S.APPROVED, S.PUBLISHED) and self.verdict is None:
            return IllegalTransition
        if target == S.IN_REVIEW and self.verdict["published"]:
            return IllegalTransition  # a correction is drafted anew
        if target == S.APPROVED and self.verdict["author"] == by:
            return IllegalTransition
        if step.needs_reason and not note.strip():
            return IllegalTransition
        if step.needs_original and not duplicate:
            return IllegalTransition
        return None

    def expect_step(self, source: str, target: str, by: str) -> None:
        if target == S.IN_REVIEW:
            self.verdict["proposed"] = True
        if target == S.APPROVED:
            self.verdict["approver"] = by
        if target == S.PUBLISHED:
            self.verdict["published"] = True
        if source in (S.IN_REVIEW, S.APPROVED) and target == S.IN_RESEARCH:
            self.verdict["approver"] = None
        self.status = target
        self.changes += 1

    def assign_refusal(self, assignee: str | None, by: str) -> bool:
        may = DESK[by][1]
        if "claims.research_claim" not in may:
            return True
        if assignee not in (None, by) and "claims.assign_claim" not in may:
            return True
        if assignee is None and self.assignee not in (None, by) and "claims.assign_claim" not in may:
            return True
        return assignee is not None and "claims.research_claim" not in DESK[assignee][1]

    # Rules

    def attempt(self, target: str, by: str, note: str, duplicate: bool) -> None:
        expected = self.refusal(target, by, note, duplicate)
        before = snapshot(self.claim.pk)
        source = self.status
        original = self.original if duplicate else None
        if expected is None:
            self.claim.transition(target, by=self.people[by], note=note, duplicate_of=original)
            self.expect_step(source, target, by)
            self.reached.add(target)
            change = StatusChange.objects.filter(claim=self.claim).latest("changed_at", "id")
            assert (change.from_status, change.to_status, self.name(change.changed_by_id)) == (source, target, by)
            assert change.note == note.strip()
            return
        event(f"refused: {expected.__name__}")
        with pytest.raises(expected):
            self.claim.transition(target, by=self.people[by], note=note, duplicate_of=original)
        assert snapshot(self.claim.pk) == before
        assert self.claim.status == source

    @rule(status=st.sampled_from(S), by=st.sampled_from(list(DESK)), note=st.sampled_from(NOTES), dup=st.booleans())
    def try_any_step(self, status, by, note, dup):
        self.attempt(status, by, note, dup)

    @rule(data=st.data(), by=st.sampled_from(list(DESK)), note=st.sampled_from(NOTES), dup=st.booleans())
    def try_a_step_of_the_workflow(self, data, by, note, dup):
        targets = sorted(target for source, target in WORKFLOW if source == self.status)
        self.attempt(data.draw(st.sampled_from(targets), label="target"), by, note, dup)

    @rule(data=st.data(), steps=st.integers(1, 6))
    def take_steps_as_the_desk_would(self, data, steps):
        """Steps of the workflow, mostly forward, each by someone allowed to take it and with what it
        needs: a verdict drafted by someone else for approval, a reason, the original. Without this
        rule random steps rarely get past review; the other rules try everything."""
        for _ in range(steps):
            legal = sorted(target for source, target in WORKFLOW if source == self.status)
            choices = [FORWARD[self.status]] * 3 + legal  # forward three times out of four, at least
            self.take_a_step_as_the_desk_would(data, data.draw(st.sampled_from(choices), label="target"))

    def take_a_step_as_the_desk_would(self, data, target: str) -> None:
        needs_draft = self.verdict is None or (target == S.IN_REVIEW and self.verdict["published"])
        if target in (S.IN_REVIEW, S.APPROVED, S.PUBLISHED) and needs_draft:
            self.draft(data.draw(st.sampled_from(WRITERS), label="author"))
        author = self.verdict["author"] if self.verdict else None
        permission = WORKFLOW[(self.status, target)].permission
        allowed = [name for name, (_, may) in DESK.items() if permission in may and name != author]
        self.attempt(target, data.draw(st.sampled_from(allowed), label="by"), NOTES[-1], True)

    @rule(by=st.sampled_from(WRITERS))
    def draft_a_verdict(self, by):
        self.draft(by)

    def draft(self, by: str) -> None:
        kwargs = {
            "rating": default_rating(),
            "headline": f"Draft by {by}",
            "explanation": "Because.",
            "by": self.people[by],
        }
        if self.status not in (S.NEW, S.IN_RESEARCH):
            before = snapshot(self.claim.pk)
            with pytest.raises(IllegalTransition):
                self.claim.draft_verdict(**kwargs)
            assert snapshot(self.claim.pk) == before
            return
        verdict = self.claim.draft_verdict(**kwargs)
        if self.verdict is None or self.verdict["proposed"] or self.verdict["author"] != by:
            self.verdict = {"author": by, "proposed": False, "approver": None, "published": False}
        assert self.name(verdict.author_id) == self.verdict["author"]

    @rule(assignee=st.sampled_from([None, *DESK]), by=st.sampled_from(list(DESK)))
    def assign(self, assignee, by):
        before = snapshot(self.claim.pk)
        person = self.people[assignee] if assignee else None
        if self.assign_refusal(assignee, by):
            with pytest.raises(PermissionDenied):
                self.claim.assign(person, by=self.people[by])
            assert snapshot(self.claim.pk) == before
            return
        self.claim.assign(person, by=self.people[by])
        if assignee != self.assignee:
            self.assignee, self.assignments = assignee, self.assignments + 1

    @rule(status=st.sampled_from(S))
    def set_the_status_directly(self, status):
        copy = Claim.objects.get(pk=self.claim.pk)
        copy.status = status
        if status == self.status:
            copy.save()
            return
        before = snapshot(self.claim.pk)
        with pytest.raises(IllegalTransition):
            copy.save()
        assert snapshot(self.claim.pk) == before

    @rule(words=st.sampled_from(["edited", "edited again"]))
    def edit_the_text(self, words):
        """An ordinary edit, through a copy as a view loads it: it leaves the workflow alone."""
        copy = Claim.objects.get(pk=self.claim.pk)
        copy.text = f"The claim, {words}."
        copy.save()
        self.claim.refresh_from_db()

    # Invariants, after every step: the rows are read once, then checked one concern at a time.

    @invariant()
    def the_rows_agree_with_the_workflow(self):
        claim = Claim.objects.get(pk=self.claim.pk)
        changes = list(StatusChange.objects.filter(claim_id=claim.pk).order_by("changed_at", "id"))
        verdicts = list(Verdict.objects.filter(claim_id=claim.pk))
        self.check_the_claim_is_where_the_workflow_took_it(claim)
        self.check_every_step_left_one_record_walking_the_workflow(changes)
        self.check_the_verdicts_keep_the_two_person_rule(verdicts)
        self.check_a_claim_past_research_has_a_verdict_that_got_that_far(verdicts)

    def check_the_claim_is_where_the_workflow_took_it(self, claim):
        assert claim.status in REACHABLE
        assert claim.status == self.status
        assert (claim.duplicate_of_id is not None) == (claim.status == S.DUPLICATE)
        assert self.name(claim.assignee_id) == self.assignee
        assert AssignmentChange.objects.filter(claim_id=claim.pk).count() == self.assignments

    def check_every_step_left_one_record_walking_the_workflow(self, changes):
        assert len(changes) == self.changes
        walked = [S.NEW] + [change.to_status for change in changes]
        assert [change.from_status for change in changes] == walked[:-1]
        assert all((change.from_status, change.to_status) in WORKFLOW for change in changes)
        assert walked[-1] == self.status

    def check_the_verdicts_keep_the_two_person_rule(self, verdicts):
        assert sum(verdict.is_current for verdict in verdicts) <= 1
        assert all(verdict.approved_by_id != verdict.author_id for verdict in verdicts)
        current = next((verdict for verdict in verdicts if verdict.is_current), None)
        if self.verdict is None:
            assert current is None
            return
        assert self.name(current.author_id) == self.verdict["author"]
        assert (current.proposed_at is not None) == self.verdict["proposed"]
        assert self.name(current.approved_by_id) == self.verdict["approver"]

    def check_a_claim_past_research_has_a_verdict_that_got_that_far(self, verdicts):
        current = next((verdict for verdict in verdicts if verdict.is_current), None)
        if self.status in (S.IN_REVIEW, S.APPROVED, S.PUBLISHED):
            assert current is not None
            assert current.proposed_at is not None
        if self.status in (S.APPROVED, S.PUBLISHED):
            assert current.approved_by_id is not None
        if self.status == S.PUBLISHED:
            assert current.published_at is not None


@pytest.fixture
def desk(db):
    return {name: make_user(role, username=f"prop-{name}") for name, (role, _) in DESK.items()}


def test_the_workflow_keeps_its_invariants_whatever_the_desk_does(desk):
    machine = type("DeskWorkflow", (ClaimWorkflow,), {"people": desk, "reached": set()})
    run_state_machine_as_test(machine, settings=settings(WITH_DB, max_examples=25, stateful_step_count=12))
    assert machine.reached == REACHABLE, f"not reached: {sorted(REACHABLE - machine.reached)}"


@pytest.mark.parametrize("status", sorted(set(S) - {S.NEW}))
def test_a_claim_cannot_be_created_past_new(status, db):
    with pytest.raises(IllegalTransition):
        Claim(text="Created straight into the workflow.", status=status).save()
    assert not Claim.objects.filter(text="Created straight into the workflow.").exists()


def test_the_desk_has_the_permissions_the_machine_assumes(desk):
    for name, (_, permissions) in DESK.items():
        workflow_permissions = {step.permission for step in Claim.WORKFLOW} | {"claims.assign_claim"}
        assert {p for p in workflow_permissions if desk[name].has_perm(p)} == permissions & workflow_permissions


# (c) Forms -----------------------------------------------------------------------------------------

IMPORT_LIMITS = {"max_bytes": 2_000, "timeout": 1, "private": False}
FORM_NAMES = [
    "claim",
    "evidence",
    "verdict",
    "candidate",
    "comment",
    "import",
    "filter",
    "export",
    "transition",
    "assign",
    "bulk",
]


def make_form(name: str, data=None, files=None, user=None):
    makers = {
        "claim": lambda: ClaimForm(data),
        "evidence": lambda: EvidenceForm(data),
        "verdict": lambda: VerdictForm(data),
        "candidate": lambda: CandidateForm(data),
        "comment": lambda: CommentForm(data),
        "import": lambda: ImportForm(data, files, limits=IMPORT_LIMITS),
        "filter": lambda: ClaimFilterForm(data, user=user),
        "export": lambda: ExportForm(data),
        "transition": lambda: TransitionForm(data),
        "assign": lambda: AssignForm(data),
        "bulk": lambda: BulkForm(data),
    }
    return makers[name]()


@pytest.fixture
def offline(monkeypatch):
    """The import form fetches URLs: no network in tests."""

    def fetch(url, **kwargs):
        raise DocumentError(f"{url} is not fetched in tests.")

    monkeypatch.setattr("claims.forms.fetch", fetch)


def free_text(max_size: int, *, min_size: int = 1):
    """Text a person may type: anything but a null character, not blank once stripped."""
    text = st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=min_size, max_size=max_size
    )
    return text.filter(lambda value: value.strip()) if min_size else text


printable = st.text(st.characters(categories=["L", "N", "P"], include_characters=" "), min_size=1, max_size=300).filter(
    str.strip
)
urls = st.builds(
    "https://{}.example.org/{}".format, st.from_regex(r"\A[a-z]{1,12}\Z"), st.from_regex(r"\A[a-z0-9/-]{0,30}\Z")
)
dates = st.dates()


@functools.cache
def fields_of(name: str) -> dict:
    """The fields of an unbound form `name`, to read their kind, limit and whether they are required."""
    return make_form(name).fields


def limit(name: str, field: str) -> int:
    return fields_of(name)[field].max_length


def text_of_length(size: int):
    """Letters repeated to exactly `size` characters (Hypothesis draws no text that long itself)."""
    chunk = st.text(st.characters(categories=["L"]), min_size=1, max_size=20)
    return chunk.map(lambda letters: (letters * size)[:size])


@st.composite
def typed_quantities(draw):
    """A quantity as typed in the form, with the numbers it stands for."""
    low, high = draw(quantities())
    values = {}
    for field, number in (("quantity_low", low), ("quantity_high", high)):
        values[field] = "" if number is None else draw(padding) + written(number, draw(separators)) + draw(padding)
    values["quantity_unit"] = draw(st.sampled_from(["", "soldiers", "%"])) if (low, high) != (None, None) else ""
    values["quantity_qualifier"] = draw(st.sampled_from(["", *Claim.Qualifier.values]))
    return values, low, high


@st.composite
def valid_claims(draw):
    data, low, high = draw(typed_quantities())
    data |= {
        "text": draw(free_text(100) | text_of_length(limit("claim", "text"))),
        "normalized_text": draw(free_text(100, min_size=0)),
        "excerpt": draw(free_text(200, min_size=0)),
        "kind": draw(st.sampled_from(Claim.Kind.values)),
        "priority": draw(st.sampled_from(Claim.Priority.values)),
        "stated_on": draw(st.one_of(st.just(""), dates.map(str))),
        "claimant_name": draw(free_text(200, min_size=0)),
    }
    return data, low, high


@st.composite
def valid_candidates(draw):
    data, low, high = draw(typed_quantities())
    data |= {
        "text": draw(free_text(300)),
        "kind": draw(st.sampled_from(Claim.Kind.values)),
        "speaker": draw(free_text(200, min_size=0)),
    }
    return data, low, high


def valid_data(name: str):
    """A strategy for data the form `name` must accept."""
    ordered_dates = st.lists(dates, min_size=2, max_size=2).map(sorted).map(lambda pair: [str(d) for d in pair])
    strategies = {
        "claim": valid_claims().map(lambda value: value[0]),
        "candidate": valid_candidates().map(lambda value: value[0]),
        "evidence": st.fixed_dictionaries(
            {
                "stance": st.sampled_from(Evidence.Stance.values),
                "url": urls,
                "excerpt": free_text(300, min_size=0),
                "note": free_text(300, min_size=0),
            }
        ),
        "verdict": st.fixed_dictionaries(
            {
                "rating": st.builds(lambda: str(default_rating().pk)),
                "headline": free_text(300),
                "explanation": free_text(500),
            }
        ),
        "comment": st.fixed_dictionaries({"body": free_text(500)}),
        "import": st.fixed_dictionaries(
            {"text": printable, "kind": st.sampled_from(Source.Kind.values), "title": free_text(500, min_size=0)}
        ),
        "filter": st.builds(
            lambda q, status, sort, span: {
                "q": q,
                "status": status,
                "sort": sort,
                "stated_from": span[0],
                "stated_to": span[1],
            },
            free_text(200, min_size=0),
            st.sampled_from(["", *S.values]),
            st.sampled_from(["", *ClaimFilterForm.SORTS]),
            ordered_dates,
        ),
        "export": st.builds(
            lambda status, fmt, span: {
                "status": status,
                "format": fmt,
                "published_from": span[0],
                "published_to": span[1],
            },
            st.sampled_from(["", *S.values]),
            st.sampled_from(["", *dict(ExportForm.FORMATS)]),
            ordered_dates,
        ),
    }
    return strategies[name]


VALIDATED = ["claim", "candidate", "evidence", "verdict", "comment", "import", "filter", "export"]


def errors_of(form) -> dict:
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


@ANY_FORM
@given(name=st.sampled_from(VALIDATED), data=st.data())
def test_valid_data_always_validates(name, data, db, reviewer, offline):
    values = data.draw(valid_data(name), label="data")
    form = make_form(name, values, user=reviewer)
    assert form.is_valid(), errors_of(form)


def arbitrary_values():
    return st.lists(
        st.one_of(st.text(max_size=50), numberish, st.sampled_from(["", "1", "me", "none", "2024-02-30"])), max_size=2
    )


@ANY_FORM
@given(name=st.sampled_from(FORM_NAMES), data=st.data())
def test_arbitrary_input_gives_form_errors_never_an_exception(name, data, db, reviewer, offline):
    fields = list(fields_of(name))
    posted = MultiValueDict(data.draw(st.fixed_dictionaries({field: arbitrary_values() for field in fields})))
    form = make_form(name, posted, user=reviewer)
    if form.is_valid() and name == "filter":
        list(form.filter(Claim.objects.all())[:5])  # the search runs too
    assert set(form.errors) <= {*fields, forms.forms.NON_FIELD_ERRORS}
    assert all(all(messages) for messages in errors_of(form).values())


uploads = st.builds(
    SimpleUploadedFile,
    st.sampled_from(["notes.txt", "page.html", "report.pdf", "scan.PDF", "letter.docx", "noextension"]),
    st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=300).map(lambda tail: b"%PDF-1.4\n" + tail),
        st.tuples(st.integers(0, 600), st.binary(min_size=1, max_size=8)).map(
            lambda cut: (pdf := minimal_pdf("Ten thousand soldiers."))[: cut[0]] + cut[1] + pdf[cut[0] + len(cut[1]) :]
        ),
    ),
)


@FORMS
@given(upload=uploads)
def test_any_uploaded_file_is_imported_or_refused_with_a_message(upload, db):
    form = ImportForm({"kind": "article"}, {"file": upload}, limits=IMPORT_LIMITS)
    if not form.is_valid():
        assert "file" in form.errors, errors_of(form)
        assert set(form.errors) <= {"file", forms.forms.NON_FIELD_ERRORS}
        assert all(errors_of(form)["file"])
    else:
        assert form.document.text


def char_fields(name: str) -> list[str]:
    return [field for field, kind in fields_of(name).items() if isinstance(kind, forms.CharField)]


@ANY_FORM
@given(name=st.sampled_from(VALIDATED), data=st.data())
def test_a_null_character_is_refused_with_a_message(name, data, db, reviewer, offline):
    values = dict(data.draw(valid_data(name), label="data"))
    field = data.draw(st.sampled_from(char_fields(name)), label="field")
    value = str(values.get(field, ""))
    at = data.draw(st.integers(0, len(value)), label="at")
    values[field] = value[:at] + "\x00" + value[at:]
    form = make_form(name, values, user=reviewer)
    assert not form.is_valid()
    assert "Null characters are not allowed." in errors_of(form).get(field, []), errors_of(form)


@ANY_FORM
@given(name=st.sampled_from(VALIDATED), data=st.data(), extra=st.integers(1, 500))
def test_over_long_input_is_refused_with_a_message(name, data, extra, db, reviewer, offline):
    values = dict(data.draw(valid_data(name), label="data"))
    limited = [field for field in char_fields(name) if limit(name, field)]
    field = data.draw(st.sampled_from(limited), label="field")
    size = limit(name, field) + extra
    if isinstance(fields_of(name)[field], forms.URLField):
        values[field] = ("https://example.org/" + "a" * size)[:size]
    else:
        values[field] = data.draw(text_of_length(size), label="text")
    form = make_form(name, values, user=reviewer)
    assert not form.is_valid()
    messages = errors_of(form).get(field, [])
    assert any(f"at most {limit(name, field)} characters" in message for message in messages), messages


# What each form field ends up in: its limit must not be above the column's.
LIMITED_BY_MODEL = [
    ("claim", "text", Claim, "text"),
    ("claim", "normalized_text", Claim, "normalized_text"),
    ("claim", "excerpt", Claim, "excerpt"),
    ("claim", "quantity_unit", Claim, "quantity_unit"),
    ("claim", "claimant_name", Claimant, "name"),
    ("evidence", "excerpt", Evidence, "excerpt"),
    ("evidence", "note", Evidence, "note"),
    ("verdict", "headline", Verdict, "headline"),
    ("verdict", "explanation", Verdict, "explanation"),
    ("comment", "body", Comment, "body"),
    ("candidate", "text", Claim, "text"),
    ("candidate", "speaker", Claimant, "name"),
    ("candidate", "quantity_unit", Claim, "quantity_unit"),
]


@pytest.mark.parametrize(("name", "field", "model", "column"), LIMITED_BY_MODEL)
def test_a_form_field_is_limited_like_what_it_is_saved_in(name, field, model, column, db):
    allowed = model._meta.get_field(column).max_length
    assert allowed is not None
    assert limit(name, field) is not None
    assert limit(name, field) <= allowed


@ANY_FORM
@given(
    name=st.sampled_from(["claim", "candidate", "evidence", "verdict", "comment", "import"]),
    data=st.data(),
    blank=st.sampled_from(["", " ", "\n\t "]),
)
def test_a_required_field_left_empty_is_refused_at_that_field(name, data, blank, db, reviewer, offline):
    values = dict(data.draw(valid_data(name), label="data"))
    required = [field for field, kind in fields_of(name).items() if kind.required]
    field = data.draw(st.sampled_from(required), label="field")
    values[field] = blank if field in char_fields(name) else ""
    form = make_form(name, values, user=reviewer)
    assert not form.is_valid()
    assert "This field is required." in errors_of(form).get(field, []), errors_of(form)


@pytest.mark.parametrize("name", ["claim", "candidate"])
@FORMS
@given(data=st.data())
def test_a_typed_range_is_kept_as_typed(name, data, db):
    values, low, high = data.draw(valid_claims() if name == "claim" else valid_candidates(), label="data")
    form = make_form(name, values)
    assert form.is_valid(), errors_of(form)
    assert (form.cleaned_data["quantity_low"], form.cleaned_data["quantity_high"]) == (low, high)


@pytest.mark.parametrize("name", ["claim", "candidate"])
@FORMS
@given(data=st.data(), a=stored_numbers, b=stored_numbers, separator=separators)
def test_a_range_whose_low_end_exceeds_the_high_end_is_refused_at_the_high_end(name, data, a, b, separator, db):
    values, _, _ = data.draw(valid_claims() if name == "claim" else valid_candidates(), label="data")
    low, high = max(a, b), min(a, b)
    values |= {"quantity_low": written(low, separator), "quantity_high": written(high, separator)}
    form = make_form(name, values)
    if low == high:
        assert "quantity_high" not in form.errors
        return
    assert not form.is_valid()
    assert "The high end must not be below the low end." in errors_of(form)["quantity_high"]


# Numbers the quantity column cannot hold: too many whole digits, or too many decimal places.
unstorable_numbers = st.one_of(
    st.integers(min_value=10 ** (DIGITS - PLACES), max_value=10**40).map(Decimal),
    st.integers(min_value=1, max_value=10**9).filter(lambda n: n % 1000).map(lambda n: Decimal(f"{n}E-{PLACES + 3}")),
)


@FORMS
@given(data=st.data(), number=unstorable_numbers, negative=st.booleans(), field=st.sampled_from(["low", "high"]))
def test_a_number_a_claim_cannot_hold_is_refused_at_its_field(data, number, negative, field, db):
    values, _, _ = data.draw(valid_claims(), label="data")
    number = number.copy_negate() if negative else number
    values |= {"quantity_low": "", "quantity_high": "", f"quantity_{field}": f"{number:f}"}
    form = make_form("claim", values)
    assert not form.is_valid()
    assert f"quantity_{field}" in form.errors, errors_of(form)


@FORMS
@given(quantity=quantities())
def test_saving_the_claim_form_unchanged_keeps_the_quantity(quantity, db):
    low, high = quantity
    claim = Claim(text="A claim with a number.", quantity_low=low, quantity_high=high, quantity_unit="soldiers")
    shown = ClaimForm(instance=claim)
    posted = {name: shown[name].value() or "" for name in ("text", "kind", "priority", "quantity_low", "quantity_high")}
    form = ClaimForm({**posted, "quantity_unit": "soldiers"}, instance=Claim())
    assert form.is_valid(), errors_of(form)
    assert (form.cleaned_data["quantity_low"], form.cleaned_data["quantity_high"]) == (low, high)


@pytest.mark.parametrize(
    ("name", "start", "end"), [("filter", "stated_from", "stated_to"), ("export", "published_from", "published_to")]
)
@FORMS
@given(first=dates, second=dates)
def test_a_date_range_that_ends_before_it_starts_is_refused_at_its_end(name, start, end, first, second, db, reviewer):
    form = make_form(name, {start: str(max(first, second)), end: str(min(first, second))}, user=reviewer)
    if first == second:
        assert form.is_valid(), errors_of(form)
        return
    assert not form.is_valid()
    assert errors_of(form) == {end: ["The end date is before the start date."]}


# Bugs the properties above found, pinned as plain examples (strict: they fail loudly once fixed).


def test_a_refreshed_copy_of_a_claim_that_moved_on_can_be_edited(reviewer):
    claim = make_claim()
    copy = Claim.objects.get(pk=claim.pk)
    claim.transition(S.IN_RESEARCH, by=reviewer)
    copy.refresh_from_db()
    copy.text = "Edited after someone started research."
    copy.save()
    assert Claim.objects.get(pk=claim.pk).text == "Edited after someone started research."


def test_a_refreshed_copy_cannot_set_the_status_back_directly(reviewer):
    claim = make_claim()
    copy = Claim.objects.get(pk=claim.pk)
    claim.transition(S.IN_RESEARCH, by=reviewer)
    copy.refresh_from_db()
    copy.status = S.NEW
    with pytest.raises(IllegalTransition):
        copy.save()


def test_a_reopened_claim_takes_a_new_draft_before_it_is_proposed_again(reviewer, editor):
    claim = make_claim()
    claim.transition(S.IN_RESEARCH, by=reviewer)
    claim.draft_verdict(rating=default_rating(), headline="Wrong", explanation="Because.", by=reviewer)
    for status, by in [(S.IN_REVIEW, reviewer), (S.APPROVED, editor), (S.PUBLISHED, editor)]:
        claim.transition(status, by=by)
    claim.transition(S.IN_RESEARCH, by=editor, note="A reader found a newer figure.")
    published = claim.current_verdict

    with pytest.raises(IllegalTransition, match="Draft the corrected verdict first"):
        claim.transition(S.IN_REVIEW, by=reviewer)
    claim.draft_verdict(rating=default_rating(), headline="Corrected", explanation="Newer figure.", by=reviewer)
    claim.transition(S.IN_REVIEW, by=reviewer)
    claim.transition(S.IN_RESEARCH, by=editor, note="Not yet.")

    published.refresh_from_db()
    assert (published.published_at is not None, published.approved_by) == (True, editor)
    assert Claim.objects.get(pk=claim.pk).status == S.IN_RESEARCH


def test_pasted_text_larger_than_the_import_limit_in_bytes_is_refused(db):
    text = "é" * (IMPORT_LIMITS["max_bytes"] // 2 + 1)  # fewer characters than the limit, more bytes
    form = ImportForm({"text": text, "kind": "article"}, limits=IMPORT_LIMITS)
    assert not form.is_valid()
    assert "text" in form.errors


@pytest.mark.parametrize("number", ["1e40", "0.0000001"])
def test_a_candidate_refuses_a_number_a_claim_cannot_hold(number, db):
    form = CandidateForm({"text": "Some claim", "kind": "quantity", "quantity_low": number})
    assert not form.is_valid()
    assert "quantity_low" in form.errors
