"""Realistic claims in bulk, for load tests and benchmarks (`manage.py generate_claims --count N`).

Each run adds `count` claims with everything a desk's claim has: claimants (about one per 50 claims,
reused by name on a later run), sources (one per 10 claims), topics, assignees among generated reviewers
and editors, 0–4 pieces of evidence (1.5 on average), comments on about 30% of the claims, verdicts on the
default rating scale, and a status history that follows the workflow from New to the claim's status
(sent back, reopened and corrected on some, with the replaced verdicts kept). Claims are spread over
the last three years, ids ascending with their creation time. Everything is valid by the models' rules.

The text is built from the pools in claims.generation_words: quotes, quantities with ranges and units
("between 10,000 and 15,000 soldiers", "around 55 miles", "a 28-year grip on power", "at least six
times"), events, predictions and comparisons over twelve themes, hundreds of places and people. The same
seed gives the same texts.

Search terms for benchmarks, with the share of claims the app's search (ClaimQuerySet.search) finds,
measured on 100,000 generated claims:

- COMMON_TERM "hospital": about 4.3% of the claims;
- MEDIUM_TERM "pension" (stems "pensioners" too): about 1.9%;
- RARE_TERM "Saskatoon" (a place): about 0.13%;
- CLAIMANT_SURNAME "Kowalczyk" (claimants' surname, found through the claimant): about 0.6%, and
  CLAIMANT_TYPO "Kowalczik", which full-text search misses and trigram similarity
  (ClaimQuerySet.similar_to) finds (about 0.5%).

Speed: rows go in with COPY in batches. Everything happens in one transaction, so an interrupted run
(Ctrl-C, an error) leaves nothing behind but a gap in the id sequences. While it runs, the tables it
writes are locked against other writers; for a large load (see DROP_INDEXES_FROM) the two GIN indexes of
claims are dropped and built again at the end, from their definitions as read from the database, which
also blocks readers of claims until the run commits. PostgreSQL's triggers (the audit history) are
skipped with `session_replication_role = replica` where the database role may set it (a superuser, such
as the embedded server's); elsewhere the rows go in with their triggers, slower, and a line says so.
"""

import datetime
import importlib
import random
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from claims import generation_words as words
from claims.models import Claim, Evidence, Rating, RatingScale, Topic
from claims.progress import ProgressBar
from claims.quantities import format_quantity
from claims.roles import Role

COMMON_TERM = "hospital"
MEDIUM_TERM = "pension"
RARE_TERM = "Saskatoon"
CLAIMANT_SURNAME = "Kowalczyk"
CLAIMANT_TYPO = "Kowalczik"

DEFAULT_SEED = 20221219
BATCH = 5_000
SPAN = datetime.timedelta(days=3 * 365)
# From this many claims in one run (and at least as many as the table holds), the GIN indexes are
# dropped and rebuilt: building them once is faster than updating them row by row.
DROP_INDEXES_FROM = 50_000
HEAVY_INDEXES = ("claim_search_idx", "claim_text_trgm_idx")
RARE_PLACE_SHARE = 0.0013

S = Claim.Status
STATUS_WEIGHTS = {
    S.NEW: 28,
    S.IN_RESEARCH: 24,
    S.IN_REVIEW: 6,
    S.APPROVED: 3,
    S.PUBLISHED: 28,
    S.NOT_CHECKABLE: 7,
    S.DUPLICATE: 4,
}
KIND_WEIGHTS = {"quantity": 34, "quote": 24, "event": 15, "prediction": 12, "comparison": 9, "other": 6}
RATING_WEIGHTS = {"True": 12, "Mostly true": 15, "Misleading": 20, "Mostly false": 20, "False": 25, "Unverifiable": 8}
TOPIC_NAMES = {
    "health": "Health",
    "economy": "Economy",
    "pensions": "Pensions and welfare",
    "housing": "Housing",
    "crime": "Crime and policing",
    "defence": "Defence",
    "energy": "Energy",
    "education": "Education",
    "environment": "Environment",
    "transport": "Transport",
    "migration": "Migration",
    "elections": "Elections",
    "politics": "Politics",
    "local-government": "Local government",
}

CLAIM_COLUMNS = (
    "id text normalized_text kind excerpt stated_on quantity_low quantity_high quantity_unit quantity_qualifier "
    "status priority created_at updated_at assignee_id created_by_id duplicate_of_id claimant_id source_id version"
)
COPY_COLUMNS = {
    "claims_claimant": "id name kind description url created_at",
    "claims_source": "id title url publisher authors published_on kind full_text text_sha256 archived_url "
    "created_at updated_at",
    "claims_claim": CLAIM_COLUMNS,
    "claims_claim_topics": "claim_id topic_id",
    "claims_statuschange": "claim_id from_status to_status changed_by_id note changed_at",
    "claims_assignmentchange": "claim_id assignee_id changed_by_id changed_at",
    "claims_evidence": "claim_id source_id url excerpt stance note added_by_id created_at updated_at version",
    "claims_verdict": "claim_id rating_id headline explanation author_id approved_by_id proposed_at approved_at "
    "published_at is_current created_at updated_at version",
    "claims_comment": "claim_id author_id body created_at",
}


@dataclass
class Generated:
    claims: int = 0
    counts: dict = field(default_factory=dict)
    triggers_skipped: bool = True
    indexes_rebuilt: bool = False


def generate_claims(count: int, *, seed: int = DEFAULT_SEED, reviewers: int = 50, stream=None) -> Generated:
    """Add `count` claims (and their claimants, sources, evidence, verdicts, history and comments) in
    one transaction; progress goes to `stream`."""
    if count < 1:
        raise ValueError("count must be at least 1")
    with transaction.atomic():
        staff = ensure_staff(reviewers)
        ratings = ensure_ratings()
        topics = ensure_topics()
        with connection.cursor() as cursor:
            rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
            result = _Loader(cursor, count, stream).run(_Generator(rng, count, staff, ratings, topics))
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for table in COPY_COLUMNS:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    return result


# Users, ratings and topics: few rows, through the ORM (with their audit events).


@dataclass
class Staff:
    reviewers: list[int]
    editors: list[int]


def ensure_staff(reviewers: int) -> Staff:
    """Reviewers reviewer-001… and a few editors editor-001…, with unusable passwords."""
    editors = max(2, reviewers // 10)
    return Staff(
        reviewers=_ensure_users("reviewer", reviewers, Role.REVIEWER),
        editors=_ensure_users("editor", editors, Role.EDITOR),
    )


def _ensure_users(prefix: str, count: int, role: Role) -> list[int]:
    names = [f"{prefix}-{number:03d}" for number in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    group = Group.objects.get(name=role)
    for number, name in enumerate(names, start=1):
        if name in existing:
            continue
        user = User(
            username=name,
            first_name=words.FIRST_NAMES[(number * 7 + len(prefix)) % len(words.FIRST_NAMES)],
            last_name=words.SURNAMES[(number * 13 + len(prefix)) % len(words.SURNAMES)],
            email=f"{name}@example.org",
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(group)
    return list(User.objects.filter(username__in=names).order_by("username").values_list("pk", flat=True))


def ensure_ratings() -> dict[str, int]:
    """The default scale's rating ids by label, creating the default scale as migration 0003 does."""
    if not RatingScale.objects.filter(is_default=True).exists():
        importlib.import_module("claims.migrations.0003_default_rating_scale").create_default_scale(apps, None)
    ratings = Rating.objects.filter(scale__is_default=True)
    by_label = {rating.label: rating.pk for rating in ratings}
    return {label: by_label[label] for label in RATING_WEIGHTS if label in by_label} or by_label


def ensure_topics() -> dict[str, int]:
    ids = {}
    for slug, name in TOPIC_NAMES.items():
        topic, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
        ids[slug] = topic.pk
    return ids


# Loading: ids reserved from the sequences, rows copied in batches, indexes, statistics.


class _Loader:
    def __init__(self, cursor, count: int, stream):
        self.cursor, self.count, self.stream = cursor, count, stream
        self.result = Generated(claims=count, counts=dict.fromkeys(COPY_COLUMNS, 0))

    def run(self, generator: "_Generator") -> Generated:
        saved = self._settings()
        self.result.triggers_skipped = self._skip_triggers()
        self.cursor.execute(f"LOCK TABLE {', '.join(COPY_COLUMNS)} IN EXCLUSIVE MODE")
        existing = self._estimated_claims()
        dropped = self._drop_indexes() if self.count >= max(DROP_INDEXES_FROM, existing) else []
        self._load_people_and_sources(generator)
        claim_ids = self._reserve("claims_claim", self.count)
        with ProgressBar(self.count, "Claims", stream=self.stream) as bar:
            for start in range(0, self.count, BATCH):
                size = min(BATCH, self.count - start)
                rows = generator.claims(claim_ids + start, start, size)
                self._copy_all(rows)
                bar.advance(size)
        self._rebuild(dropped)
        self._analyze()
        self._restore(saved)
        return self.result

    def _settings(self) -> dict:
        names = ["session_replication_role", "maintenance_work_mem"]
        self.cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in names))
        saved = dict(zip(names, self.cursor.fetchone(), strict=True))
        self.cursor.execute("SELECT set_config('maintenance_work_mem', '512MB', true)")
        return saved

    def _restore(self, saved: dict) -> None:
        for name, value in saved.items():
            self.cursor.execute("SELECT set_config(%s, %s, true)", [name, value])

    def _skip_triggers(self) -> bool:
        try:
            with transaction.atomic():
                self.cursor.execute("SET LOCAL session_replication_role = replica")
            return True
        except DatabaseError:
            self._say(
                "Cannot skip triggers here (setting session_replication_role needs a superuser): "
                "loading with the audit triggers on, which is slower."
            )
            return False

    def _estimated_claims(self) -> int:
        self.cursor.execute("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'claims_claim'::regclass")
        return self.cursor.fetchone()[0]

    def _drop_indexes(self) -> list[str]:
        self.cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = 'claims_claim' AND indexname = ANY(%s)",
            [list(HEAVY_INDEXES)],
        )
        definitions = self.cursor.fetchall()
        try:
            with transaction.atomic():
                for name, _ in definitions:
                    self.cursor.execute(f'DROP INDEX "{name}"')
        except DatabaseError:
            self._say("Cannot drop the search indexes (not the tables' owner): keeping them, which is slower.")
            return []
        return [definition for _, definition in definitions]

    def _rebuild(self, definitions: list[str]) -> None:
        if not definitions:
            return
        self.result.indexes_rebuilt = True
        with ProgressBar(len(definitions), "Search indexes", stream=self.stream) as bar:
            for definition in definitions:
                self.cursor.execute(definition)
                bar.advance()

    def _analyze(self) -> None:
        ProgressBar(0, "Claims", stream=self.stream).stage("Updating the planner's statistics")
        for table in COPY_COLUMNS:
            self.cursor.execute(f"ANALYZE {table}")

    def _load_people_and_sources(self, generator: "_Generator") -> None:
        claimants = generator.claimants()
        known = self._existing_claimants([name for name, _, _ in claimants])
        new = [claimant for claimant in claimants if claimant[0].lower() not in known]
        first = self._reserve("claims_claimant", len(new))
        self._copy("claims_claimant", generator.claimant_rows(new, first))
        ids = {claimant[0].lower(): first + offset for offset, claimant in enumerate(new)} | known
        generator.claimant_ids = [ids[name.lower()] for name, _, _ in claimants]
        sources = generator.source_count
        self._copy("claims_source", generator.source_rows(self._reserve("claims_source", sources), sources))

    def _existing_claimants(self, names: list[str]) -> dict[str, int]:
        self.cursor.execute(
            "SELECT lower(name), id FROM claims_claimant WHERE lower(name) = ANY(%s)",
            [[name.lower() for name in names]],
        )
        return dict(self.cursor.fetchall())

    def _reserve(self, table: str, count: int) -> int:
        """The first of `count` ids taken from the table's sequence (the table is locked meanwhile)."""
        if count == 0:
            return 0
        self.cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
            [table, table, count],
        )
        return self.cursor.fetchone()[0] - count + 1

    def _copy_all(self, rows: dict[str, list]) -> None:
        for table, table_rows in rows.items():
            self._copy(table, table_rows)

    def _copy(self, table: str, rows) -> None:
        columns = COPY_COLUMNS[table].split()
        written = 0
        with self.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        self.result.counts[table] += written

    def _say(self, line: str) -> None:
        if self.stream is not None:
            self.stream.write(line + "\n")


# Generation: plain Python, one random number generator, no database.


class _Slots(dict):
    """Placeholders filled on first use, so one template draws only the values it needs."""

    def __init__(self, generator: "_Generator", **known):
        super().__init__(**known)
        self.generator = generator

    def __missing__(self, key):
        value = self.generator.slot(key, self)
        self[key] = value
        return value


def _weighted(weights: dict) -> tuple[list, list]:
    keys = list(weights)
    total, cumulative = 0, []
    for key in keys:
        total += weights[key]
        cumulative.append(total)
    return keys, [value / total for value in cumulative]


class _Generator:
    def __init__(self, rng: random.Random, count: int, staff: Staff, ratings: dict, topics: dict):
        self.rng, self.r = rng, rng.random
        self.count, self.staff, self.ratings, self.topic_ids = count, staff, ratings, topics
        self.researchers = staff.reviewers + staff.editors
        self.now = timezone.now().replace(microsecond=0)
        self.start = self.now - SPAN
        self.claimant_count = max(40, count // 50)
        self.source_count = max(20, count // 10)
        self.claimant_ids: list[int] = []
        self.claimant_names: list[str] = []
        self.source_ids: list[int] = []
        self.source_dates: list[datetime.date] = []
        self.recent: deque = deque(maxlen=2_000)  # (id, text) of claims a duplicate can repeat
        self._statuses = _weighted(STATUS_WEIGHTS)
        self._kinds = _weighted(KIND_WEIGHTS)
        self._themes = _weighted(words.THEME_WEIGHTS)
        self._ratings = _weighted({label: RATING_WEIGHTS.get(label, 1) for label in ratings})

    def pick(self, items):
        return items[int(self.r() * len(items))]

    def draw(self, weighted):
        keys, cumulative = weighted
        return keys[min(bisect_left(cumulative, self.r()), len(keys) - 1)]

    # Claimants and sources

    def claimants(self) -> list[tuple[str, str, str]]:
        """(name, kind, description) of this run's claimants, distinct by name. The random draws do not
        depend on the database (claimants found again by name on a later run): same seed, same texts."""
        found, seen = [], set()
        while len(found) < self.claimant_count:
            claimant = self._claimant()
            if len(found) == self.claimant_count // 10:  # a frequent speaker, whatever the count
                claimant = (f"{claimant[0].split()[0]} {CLAIMANT_SURNAME}", "person", "Member of parliament")
            if claimant[0].lower() not in seen:
                seen.add(claimant[0].lower())
                found.append(claimant)
        self.claimant_names = [name for name, _, _ in found]
        return found

    def _claimant(self) -> tuple[str, str, str]:
        if self.r() < 0.2:
            template = self.pick(words.ORGANISATION_KINDS)
            return (
                template.format(a=self.pick(words.ORGANISATION_FIELDS), place=self.pick(words.PLACES)),
                "organisation",
                "",
            )
        first, last = self.pick(words.FIRST_NAMES), self.pick(words.SURNAMES)
        middle = f" {chr(65 + int(self.r() * 26))}." if self.r() < 0.35 else ""
        role = self.pick(words.ROLES).format(place=self.pick(words.PLACES))
        return f"{first}{middle} {last}", "person", _cap(role)

    def claimant_rows(self, new: list[tuple[str, str, str]], first_id: int):
        for offset, (name, kind, description) in enumerate(new):
            created = self.start + datetime.timedelta(minutes=7 * offset)  # no random draw: see claimants()
            yield (first_id + offset, name, kind, description, "", created)

    def source_rows(self, first_id: int, count: int):
        days = SPAN.days
        for index in range(count):
            source_id = first_id + index
            published = (self.start + datetime.timedelta(days=days * (index + self.r()) / count)).date()
            self.source_ids.append(source_id)
            self.source_dates.append(published)
            yield self._source(source_id, published)

    def _source(self, source_id: int, published: datetime.date) -> tuple:
        outlet = int(self.r() * len(words.PUBLISHERS))
        slots = _Slots(self)
        title = self.pick(words.SOURCE_TITLES).format_map(slots)
        kind = self.draw(_SOURCE_KINDS)
        slug = "-".join(title.lower().replace("'", "").replace(":", "").replace(",", "").split()[:8])
        url = f"https://{words.PUBLISHER_DOMAINS[outlet]}/{published:%Y/%m}/{slug}-{source_id}"
        authors = [f"{self.pick(words.FIRST_NAMES)} {self.pick(words.SURNAMES)}" for _ in range(int(self.r() * 3))]
        created = datetime.datetime.combine(published, datetime.time(6), tzinfo=datetime.UTC) + datetime.timedelta(
            seconds=self.r() * 50_000
        )
        created = min(created, self.now)
        return (source_id, title, url, words.PUBLISHERS[outlet], authors, published, kind, "", "", "", created, created)

    # Claims

    def claims(self, first_id: int, offset: int, size: int) -> dict[str, list]:
        """The rows of `size` claims with ids from `first_id`, the `offset`-th of this run first."""
        rows = {table: [] for table in COPY_COLUMNS if table not in ("claims_claimant", "claims_source")}
        for index in range(size):
            self._claim(first_id + index, offset + index, rows)
        return rows

    def _claim(self, claim_id: int, position: int, rows: dict) -> None:
        created = (self.start + SPAN * ((position + self.r()) / self.count)).replace(microsecond=0)
        theme, status = self.draw(self._themes), self.draw(self._statuses)
        duplicate_of = None
        if status == S.DUPLICATE and self.recent:
            duplicate_of, text, kind, quantity = self.pick(self.recent)
            text, normalized = self._repeat(text), ""
        else:
            status = S.NEW if status == S.DUPLICATE else status
            kind = self.draw(self._kinds)
            text, normalized, quantity = self._text(kind, theme)
            self.recent.append((claim_id, text, kind, quantity))
        claimant = self._claimant_index() if kind == "quote" or self.r() < 0.75 else None
        if status in (S.NEW, S.DUPLICATE) or self.r() < 0.4:
            normalized = ""
        source = self._source_index(position) if self.r() < 0.85 else None
        assignee, updated, version = self._workflow(claim_id, status, created, rows)
        low, high, unit, qualifier = quantity or (None, None, "", "")
        rows["claims_claim"].append(
            (
                claim_id,
                text,
                normalized,
                kind,
                self._excerpt(text, kind, claimant),
                self._stated_on(source, created),
                low,
                high,
                unit,
                qualifier,
                status,
                self.draw(_PRIORITIES),
                created,
                updated,
                assignee,
                self.pick(self.researchers),
                duplicate_of,
                None if claimant is None else self.claimant_ids[claimant],
                None if source is None else self.source_ids[source],
                version,
            )
        )
        self._topics(claim_id, theme, rows)
        self._evidence(claim_id, status, created, updated, assignee, rows)
        self._comments(claim_id, created, updated, rows)

    def _claimant_index(self) -> int:
        """Some claimants speak far more often than others."""
        return int(len(self.claimant_ids) * self.r() ** 1.5)

    def _source_index(self, position: int) -> int:
        """A source published around the time the claim was taken in."""
        near = int(len(self.source_ids) * position / self.count) + int(self.r() * 7) - 4
        return min(max(near, 0), len(self.source_ids) - 1)

    def _stated_on(self, source: int | None, created: datetime.datetime) -> datetime.date:
        stated = created.date() - datetime.timedelta(days=int(self.r() * 4))
        return min(self.source_dates[source], stated) if source is not None else stated

    def _excerpt(self, text: str, kind: str, claimant: int | None) -> str:
        if self.r() < 0.3:
            return ""
        if kind == "quote" and claimant is not None:
            return f"{self.claimant_names[claimant]} said: “{text}”"
        return f"{text} {self.fill(self.pick(words.EVIDENCE_EXCERPTS), _Slots(self))}"

    def _repeat(self, text: str) -> str:
        """A claim that repeats an earlier one, as a post or another speaker words it."""
        body = text[:-1] if text.endswith(".") else text
        return self.pick(_REPEATS).format(body=body, lower=body[0].lower() + body[1:])

    def _topics(self, claim_id: int, theme: str, rows: dict) -> None:
        rows["claims_claim_topics"].append((claim_id, self.topic_ids[theme]))
        if self.r() < 0.3:
            rows["claims_claim_topics"].append((claim_id, self.topic_ids[self.pick(("politics", "local-government"))]))

    def _evidence(self, claim_id, status, created, updated, assignee, rows) -> None:
        count = self.draw(_EVIDENCE_NEW if status == S.NEW else _EVIDENCE_WORKED)
        for _ in range(count):
            at = self._between(created, max(updated, created + datetime.timedelta(days=2)))
            source = self.source_ids[int(self.r() * len(self.source_ids))] if self.r() < 0.6 else None
            url = (
                "" if source else f"https://{self.pick(words.PUBLISHER_DOMAINS)}/data/{claim_id}-{int(self.r() * 1e6)}"
            )
            slots = _Slots(self)
            excerpt = self.fill(self.pick(words.EVIDENCE_EXCERPTS), slots) if self.r() < 0.7 else ""
            note = self.fill(self.pick(words.EVIDENCE_NOTES), slots)
            added_by = assignee or self.pick(self.researchers)
            stance = self.draw(_STANCES)
            rows["claims_evidence"].append((claim_id, source, url, excerpt, stance, note, added_by, at, at, 1))

    def _comments(self, claim_id, created, updated, rows) -> None:
        if self.r() >= 0.3:
            return
        for _ in range(1 + int(self.r() * self.r() * 4)):
            at = self._between(created, updated + datetime.timedelta(days=3))
            body = self.fill(self.pick(words.COMMENTS), _Slots(self))
            rows["claims_comment"].append((claim_id, self.pick(self.researchers), body, at))

    def _between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        share, end = self.r(), min(end, self.now)
        return start + (end - start) * share if end > start else start

    # The workflow: assignments, status changes and verdicts, in the order the desk would make them

    def _workflow(self, claim_id, status, created, rows) -> tuple[int | None, datetime.datetime, int]:
        """Write the claim's history; return its assignee, when it last changed and its version."""
        path = self._path(status)
        assignee = None
        if (S.NEW, S.IN_RESEARCH) in path or self.r() < 0.25:
            assignee = self.pick(self.staff.reviewers) if self.r() < 0.85 else self.pick(self.staff.editors)
        events = self._assignments(assignee) + self._with_drafts(path, status)
        if not events:
            return assignee, created, 1
        times = self._times(created, len(events), finished=status not in (S.NEW, S.IN_RESEARCH))
        walk = _Walk(self, claim_id, assignee, rows)
        for event, at in zip(events, times, strict=True):
            walk.apply(event, at)
        walk.finish()
        return assignee, times[-1], 1 + walk.saves

    def _path(self, status: str) -> list[tuple[str, str]]:
        N, R, V, A, P = S.NEW, S.IN_RESEARCH, S.IN_REVIEW, S.APPROVED, S.PUBLISHED
        if status == S.NEW:
            return [(N, S.NOT_CHECKABLE), (S.NOT_CHECKABLE, N)] if self.r() < 0.03 else []
        if status in (S.NOT_CHECKABLE, S.DUPLICATE):
            return [(N, status)] if self.r() < 0.65 else [(N, R), (R, status)]
        path = [(N, R)]
        if self.r() < (0.15 if status == R else 0.1):  # sent back once already
            path += [(R, V), (V, R)] if self.r() < 0.7 else [(R, V), (V, A), (A, R)]
        for step in [(R, V), (V, A), (A, P)]:
            if path[-1][1] == status:
                break
            path.append(step)
        if status == P and self.r() < 0.08:  # reopened for a correction, published again
            path += [(P, R), (R, V), (V, A), (A, P)]
        return path

    def _with_drafts(self, path, status) -> list[tuple]:
        """The steps, with a verdict drafted wherever the next proposal needs one (and on some claims
        still in research)."""
        events, drafted, published = [], False, False
        for step in path:
            if step[1] == S.IN_REVIEW and (not drafted or published or self.r() < 0.3):
                events.append(("draft",))
                drafted, published = True, False
            events.append(("step", *step))
            published = published or step[1] == S.PUBLISHED
        if status == S.IN_RESEARCH and not drafted and self.r() < 0.4:
            events.append(("draft",))
        return events

    def _assignments(self, assignee) -> list[tuple]:
        if assignee is None:
            return []
        events = []
        if self.r() < 0.1:
            events.append(("assign", self.pick(self.staff.reviewers), self.pick(self.staff.editors)))
        took = assignee in self.staff.reviewers and self.r() < 0.5
        events.append(("assign", assignee, assignee if took else self.pick(self.staff.editors)))
        return events

    def _times(self, created, count: int, *, finished: bool) -> list[datetime.datetime]:
        window = (self.now - created) * 0.95
        budget = datetime.timedelta(days=(60 if finished else 20) * self.r() + 0.05)
        length = min(window, budget)
        return [(created + length * share).replace(microsecond=0) for share in sorted(self.r() for _ in range(count))]

    def verdict_text(self, label: str) -> tuple[str, str]:
        slots = _Slots(self)
        explanation = " ".join(self.fill(self.pick(words.EXPLANATIONS), slots) for _ in range(1 + int(self.r() * 3)))
        return self.pick(words.VERDICT_HEADLINES[label]), explanation

    def rating(self) -> tuple[str, int]:
        label = self.draw(self._ratings)
        return label, self.ratings[label]

    # The claim's text: (text, checkable sentence, (low, high, unit, qualifier) or None)

    def _text(self, kind: str, theme: str) -> tuple[str, str, tuple | None]:
        slots = _Slots(self, theme=theme)
        text, normalized, quantity = getattr(self, f"_{kind}")(slots)
        return _cap(text), _cap(normalized), quantity

    def t(self, slots: _Slots, key: str) -> str:
        """A phrase of the claim's theme: actors, counts, spending, measures, policies."""
        return self.pick(words.THEMES[slots["theme"]][key]).format_map(slots)

    def _count(self, slots) -> tuple[str, str]:
        unit, verbs = self.t(slots, "counts").split(":")
        return unit, self.pick(verbs.split(","))

    def _quantity(self, slots):
        frame = int(self.r() * 9)
        time = self.pick(words.TIME_SINCE).format_map(slots)
        if frame == 0:
            unit, verb = self._count(slots)
            phrase, q = self._amount(unit)
            actor = self.t(slots, "actors")
            return f"{actor} {verb} {phrase} {time}.", f"{actor} {verb} {_display(q)} {time}.", q
        if frame == 1:
            unit, _ = self._count(slots)
            phrase, q = self._amount(unit)
            now = self.pick(("today", "right now", "at the moment", "this year", "on any given day"))
            return self.fill(f"There are {phrase} in {{place}} {now}.", slots), "", q
        if frame == 2:
            phrase, q = self._money()
            actor, spending = self.t(slots, "actors"), self.t(slots, "spending")
            return f"{actor} spent {phrase} on {spending} {time}.", f"{actor} spent {_display(q)} on {spending}.", q
        if frame == 3:
            phrase, q = self._percent()
            trend = self.pick(words.TRENDS_UP if self.r() < 0.55 else words.TRENDS_DOWN)
            measure = self.t(slots, "measures")
            return self.fill(f"{measure} in {{place}} {trend} by {phrase} {time}.", slots), "", q
        if frame == 4:
            return self._distance(slots)
        if frame == 5:
            number = 2 + int(self.r() * 9)
            text = f"{{person}} has {self.pick(words.EVENT_VERBS)} {self.pick(words.EVENT_OBJECTS)} at least "
            text += f"{words.SMALL_NUMBERS[number - 2]} times since {{year}}."
            return self.fill(text, slots), "", (Decimal(number), None, "times", "at_least")
        if frame == 6:
            years = 3 + int(self.r() * 38)
            text = f"{{person}} ended a {years}-year {self.pick(words.TENURES)} in {{place}}."
            return self.fill(text, slots), "", (Decimal(years), Decimal(years), "years", "exact")
        if frame == 7:
            phrase, q = self._percent()
            text = f"Only {phrase} of {self.pick(words.GROUPS)} in {{place}} {self.pick(words.OPINIONS)} "
            return self.fill(text + self.t(slots, "policies") + ".", slots), "", q
        unit, verb = self._count(slots)
        phrase, q = self._amount(unit)
        opener = self.pick(words.OPENERS).format_map(slots) + " "
        return f"{opener}{phrase} were {verb} in {self.fill('{place2}', slots)}.", "", q

    def _quote(self, slots):
        frame = int(self.r() * 10)
        quantity = None
        if frame == 0:
            unit, verb = self._count(slots)
            text = f"We have {verb} more {unit} than any government before us."
        elif frame == 1:
            text = "No one, except us, governs {place}."
        elif frame == 2:
            text = f"Our plan for {self.t(slots, 'spending')} has never been better funded."
        elif frame == 3:
            text = f"{{place}} now has {self.pick(words.SUPERLATIVES)} {self.t(slots, 'measures')} in {{region}}."
        elif frame == 4:
            text = f"I never voted for {self.t(slots, 'policies')}."
        elif frame == 5:
            unit, verb = self._count(slots)
            phrase, quantity = self._amount(unit)
            text = f"They {verb} {phrase} and did nothing about it."
        elif frame == 6:
            trend = self.pick(words.TRENDS_DOWN if self.r() < 0.6 else words.TRENDS_UP)
            text = f"{self.t(slots, 'measures')} has {trend.replace('went', 'gone')} every year since we took office."
        elif frame == 7:
            text = f"Nobody in {{place}} asked for {self.t(slots, 'policies')}."
        elif frame == 8:
            policy = self.t(slots, "policies")
            text = f"By {2026 + int(self.r() * 10)}, every family in {{place}} will feel the benefit of {policy}."
        else:
            phrase, quantity = self._percent()
            trend = self.pick(words.TRENDS_DOWN if self.r() < 0.5 else words.TRENDS_UP)
            text = f"Under this government, {self.t(slots, 'measures')} {trend} by {phrase}."
        opener = self.pick(words.QUOTE_OPENERS) + " " if self.r() < 0.25 else ""
        text = self.fill(opener + text, slots)
        return text, "", quantity

    def _event(self, slots):
        frame = int(self.r() * 7)
        if frame == 0:
            verb, thing = self.pick(words.EVENT_VERBS), self.pick(words.EVENT_OBJECTS)
            text = f"{self.t(slots, 'actors')} {verb} {thing} in {{place2}} in {{month}} {{year}}."
        elif frame == 1:
            text = "It was {person}'s first visit to {place2} since {year}."
        elif frame == 2:
            text = f"{{person}} met {self.t(slots, 'actors')} in {{place2}} on {{weekday}} to discuss "
            text += f"{self.t(slots, 'policies')}."
        elif frame == 3:
            text = f"{{place}} declared a state of emergency over {self.t(slots, 'measures')} in {{month}} {{year}}."
        elif frame == 4:
            number = 5 + int(self.r() * 400)
            text = f"Police arrested {number} people at a protest against {self.t(slots, 'policies')} in {{place}}."
            return self.fill(text, slots), "", (Decimal(number), Decimal(number), "people", "exact")
        elif frame == 5:
            text = f"{self.t(slots, 'actors')} quietly dropped {self.t(slots, 'policies')} in {{month}} {{year}}."
        else:
            text = f"{self.pick(words.EVENT_OBJECTS)} in {{place2}} was {self.pick(words.EVENT_VERBS)} "
            text += "after only {n} months."
        return self.fill(text, slots), "", None

    def _prediction(self, slots):
        frame = int(self.r() * 6)
        future = 2026 + int(self.r() * 10)
        quantity = None
        if frame == 0:
            change = self.pick(("double", "fall by half", "triple", "reach a record high"))
            text = f"{self.t(slots, 'measures')} will {change} by {future}."
        elif frame == 1:
            verb = self.pick(("scrap", "bring in", "delay", "water down", "expand"))
            when = self.pick(("the election", "the winter", "the summer", "the next budget", "the end of the year"))
            text = f"{self.t(slots, 'actors')} will {verb} {self.t(slots, 'policies')} before {when}."
        elif frame == 2:
            unit, _ = self._count(slots)
            text = f"{{place}} will run out of {unit} within {{n}} years."
        elif frame == 3:
            phrase, quantity = self._amount("jobs")
            text = f"{self.t(slots, 'policies')} will create {phrase} in {{place2}}."
        elif frame == 4:
            phrase, quantity = self._percent()
            trend = self.pick(("rise", "fall", "grow", "drop"))
            text = f"If nothing changes, {self.t(slots, 'measures')} in {{place}} will {trend} by {phrase} by {future}."
        else:
            phrase, quantity = self._money()
            text = f"{self.t(slots, 'policies')} will cost {self.pick(words.GROUPS)} {phrase} a year."
        return self.fill(text, slots), "", quantity

    def _comparison(self, slots):
        frame = int(self.r() * 5)
        if frame == 0:
            unit, _ = self._count(slots)
            text = f"{{place}} has more {unit} per head than {{place2}}."
        elif frame == 1:
            higher = self.pick(("higher", "lower", "worse", "better"))
            text = f"{self.t(slots, 'measures')} in {{place}} is now {higher} than in {{year}}."
        elif frame == 2:
            first = self.t(slots, "spending")
            text = f"{self.t(slots, 'actors')} spends twice as much on {first} as on {self.t(slots, 'spending')}."
        elif frame == 3:
            unit, _ = self._count(slots)
            text = f"There are fewer {unit} in {{place}} today than {{n}} years ago."
        else:
            text = f"{{place}} has {self.pick(words.SUPERLATIVES)} {self.t(slots, 'measures')} in {{region}}."
        return self.fill(text, slots), "", None

    def _other(self, slots):
        frame = int(self.r() * 4)
        if frame == 0:
            text = f"{self.t(slots, 'spending')} is the biggest worry for {self.pick(words.GROUPS)} in {{place}}."
        elif frame == 1:
            text = f"{self.t(slots, 'policies')} is illegal under {self.pick(words.LAWS)}."
        elif frame == 2:
            opinion = self.pick(words.OPINIONS)
            text = f"Most {self.pick(words.GROUPS)} in {{place}} {opinion} {self.t(slots, 'policies')}."
        else:
            text = f"{self.t(slots, 'actors')} has never published the figures on {self.t(slots, 'measures')}."
        return self.fill(text, slots), "", None

    # Numbers as claims state them

    def _number(self) -> int:
        bucket = self.r()
        if bucket < 0.25:
            return 2 + int(self.r() * 11)
        if bucket < 0.45:
            return 10 + int(self.r() * 90)
        if bucket < 0.65:
            return (1 + int(self.r() * 99)) * 10
        if bucket < 0.9:
            return (2 + int(self.r() * 98)) * 500
        return (1 + int(self.r() * 40)) * 100_000

    def _written(self, number: int) -> str:
        if number <= 12 and self.r() < 0.6:
            return words.SMALL_NUMBERS[number - 2]
        if number >= 1_000_000 and number % 100_000 == 0:
            return f"{number / 1_000_000:g} million"
        return f"{number:,}"

    def _amount(self, unit: str) -> tuple[str, tuple]:
        number, style = self._number(), self.r()
        written = self._written(number)
        if style < 0.22:
            high = number + max(1, 10 ** (len(str(number)) - 1) // 2) * (1 + int(self.r() * 4))
            form = self.pick(("between {a} and {b}", "{a} to {b}", "from {a} to {b}", "{a}-{b}"))
            phrase = form.format(a=f"{number:,}", b=f"{high:,}")
            return f"{phrase} {unit}", (Decimal(number), Decimal(high), unit, "")
        for limit, qualifier, forms in _QUALIFIED:
            if style < limit:
                low, high = _bounds(Decimal(number), qualifier)
                return f"{self.pick(forms)} {written} {unit}", (low, high, unit, qualifier)
        return f"{written} {unit}", (Decimal(number), Decimal(number), unit, "exact")

    def _percent(self) -> tuple[str, tuple]:
        value = Decimal(1 + int(self.r() * 60)) + (Decimal("0.5") if self.r() < 0.2 else 0)
        phrase = f"{value}%" if self.r() < 0.3 else f"{value} percent"
        if self.r() < 0.3:
            return f"about {phrase}", (value, value, "percent", "about")
        return phrase, (value, value, "percent", "exact")

    def _money(self) -> tuple[str, tuple]:
        currency = self.pick(words.CURRENCIES)
        if self.r() < 0.5:
            amount = Decimal(1 + int(self.r() * 99)) / 10
            value, phrase = amount * 1_000_000_000, f"{amount} billion {currency}"
        else:
            amount = Decimal(5 + int(self.r() * 900))
            value, phrase = amount * 1_000_000, f"{amount} million {currency}"
        if self.r() < 0.3:
            return f"more than {phrase}", (value, None, currency, "more_than")
        return phrase, (value, value, currency, "exact")

    def _distance(self, slots):
        number, unit = 5 + int(self.r() * 800), self.pick(words.UNITS_OF_DISTANCE)
        about = self.r() < 0.6
        phrase = f"{self.pick(('around', 'about', 'only around', 'roughly'))} {number}" if about else str(number)
        text = self.fill(f"{{place}} is {phrase} {unit} from {{place2}}.", slots)
        return text, "", (Decimal(number), Decimal(number), unit, "about" if about else "exact")

    # Slots of the text templates

    def slot(self, key: str, slots: _Slots):
        if key in ("place", "place2"):
            return RARE_TERM if self.r() < RARE_PLACE_SHARE else self.pick(words.PLACES)
        if key in ("year", "year2"):
            return 2000 + int(self.r() * 24) if key == "year" else min(slots["year"] + 1 + int(self.r() * 8), 2025)
        if key == "n":
            return 2 + int(self.r() * 9)
        if key == "person":
            return self._person(slots)
        simple = {"month": words.MONTHS, "weekday": words.WEEKDAYS, "region": words.REGIONS}
        return self.pick(simple[key])

    def _person(self, slots) -> str:
        if self.r() < 0.5:
            return f"{self.pick(words.FIRST_NAMES)} {self.pick(words.SURNAMES)}"
        return "the " + self.pick(words.ROLES).format_map(slots)

    def fill(self, template: str, slots: _Slots) -> str:
        return template.format_map(slots)


_SOURCE_KINDS = _weighted({"article": 55, "statement": 15, "social_post": 15, "report": 10, "dataset": 3, "other": 2})
_PRIORITIES = _weighted({1: 15, 2: 60, 3: 20, 4: 5})
_STANCES = _weighted({Evidence.Stance.SUPPORTS: 35, Evidence.Stance.REFUTES: 40, Evidence.Stance.CONTEXT: 25})
_EVIDENCE_NEW = _weighted({0: 65, 1: 25, 2: 10})
_EVIDENCE_WORKED = _weighted({0: 8, 1: 27, 2: 32, 3: 21, 4: 12})
_QUALIFIED = [
    (0.45, "about", ("around", "about", "roughly", "some", "approximately")),
    (0.6, "at_least", ("at least",)),
    (0.72, "more_than", ("more than", "over")),
    (0.78, "less_than", ("fewer than", "less than")),
    (0.82, "at_most", ("up to", "at most")),
]
_REPEATS = (
    "{body}, according to a post shared thousands of times.",
    "Posts claim that {lower}.",
    "{body} — or so a viral video says.",
    "A leaflet says {lower}.",
    "Again: {body}.",
    "{body}, a caller told the radio phone-in.",
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Walk:
    """A claim walked through the workflow, event by event, writing its status changes, assignment
    changes and verdicts the way Claim.transition and Claim.draft_verdict would."""

    def __init__(self, generator: _Generator, claim_id: int, assignee: int | None, rows: dict):
        self.g, self.claim_id, self.rows = generator, claim_id, rows
        self.researcher = assignee or generator.pick(generator.staff.reviewers)
        editors = [editor for editor in generator.staff.editors if editor != self.researcher]
        self.editor = generator.pick(editors)
        self.verdicts: list[dict] = []
        self.current: dict | None = None
        self.saves = 0

    def apply(self, event: tuple, at: datetime.datetime) -> None:
        if event[0] == "assign":
            self.rows["claims_assignmentchange"].append((self.claim_id, event[1], event[2], at))
            self.saves += 1
        elif event[0] == "draft":
            self.draft(at)
        else:
            self.step(event[1], event[2], at)

    def draft(self, at: datetime.datetime) -> None:
        if self.current is not None:
            self.current["is_current"] = False
        label, rating = self.g.rating()
        headline, explanation = self.g.verdict_text(label)
        self.current = {
            "rating": rating,
            "headline": headline,
            "explanation": explanation,
            "author": self.researcher,
            "approved_by": None,
            "proposed_at": None,
            "approved_at": None,
            "published_at": None,
            "is_current": True,
            "created_at": at,
            "updated_at": at,
            "version": 1,
        }
        self.verdicts.append(self.current)

    def step(self, source: str, target: str, at: datetime.datetime) -> None:
        by, note, verdict = self.researcher, "", self.current
        if target == S.IN_REVIEW:
            self._save(verdict, at, proposed_at=at)
        elif target == S.APPROVED:
            by = self.editor
            self._save(verdict, at, approved_by=self.editor, approved_at=at)
        elif target == S.PUBLISHED:
            by = self.editor
            self._save(verdict, at, published_at=at)
        elif target == S.IN_RESEARCH and source != S.NEW:
            by = self.editor
            pool = words.CORRECTION_NOTES if source == S.PUBLISHED else words.SEND_BACK_NOTES
            note = self.g.pick(pool)
            if source != S.PUBLISHED:
                verdict.update(approved_by=None, approved_at=None)  # a queryset update: no new version
        elif target == S.NOT_CHECKABLE:
            note = self.g.pick(words.NOT_CHECKABLE_NOTES)
        elif target == S.NEW:
            by = self.editor
        self.rows["claims_statuschange"].append((self.claim_id, source, target, by, note, at))
        self.saves += 1

    @staticmethod
    def _save(verdict: dict, at: datetime.datetime, **changes) -> None:
        verdict.update(changes, updated_at=at, version=verdict["version"] + 1)

    def finish(self) -> None:
        for v in self.verdicts:
            self.rows["claims_verdict"].append(
                (
                    self.claim_id,
                    v["rating"],
                    v["headline"],
                    v["explanation"],
                    v["author"],
                    v["approved_by"],
                    v["proposed_at"],
                    v["approved_at"],
                    v["published_at"],
                    v["is_current"],
                    v["created_at"],
                    v["updated_at"],
                    v["version"],
                )
            )


def _bounds(number: Decimal, qualifier: str) -> tuple:
    if qualifier in ("less_than", "at_most"):
        return None, number
    if qualifier in ("at_least", "more_than"):
        return number, None
    return number, number


def _display(quantity: tuple) -> str:
    return format_quantity(*quantity)
