"""Load test: virtual reviewers, each logged in with an account of its own, browse the claim list, search,
open claims and change their status through the htmx endpoint, against a running Factcheck (gunicorn).

    python bench/loadtest.py --users 50 --duration 60 --url http://127.0.0.1:8000

It first creates or resets the accounts bench-reviewer-01 … NN (a password it sets, each with claims of its
own to work on), through Django with the environment manage.py would use (DATABASE_URL …): only in a
database whose name contains "bench", unless --allow-any-database. Run by hand, not by the test suite; see
bench/README.md, "Load test". Any answer other than 2xx/3xx, or a request that fails, is an error, and the
script exits with status 1 when there was one.
"""

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
USERNAME = "bench-reviewer-{:02d}"
# The status each claim is moved to, round and round, so the data stays as it was in the large: a
# reviewer's step (start research, mark not checkable) and an editor's (reopen).
NEXT_STATUS = {"new": "in_research", "in_research": "not_checkable", "not_checkable": "new"}
SEARCHES = ["Lukashenko", "Russian soldiers", "Putin Minsk", "Lukashenco", "nuclear weapons", "55 miles", "army"]
# Idle connections are dropped after this many seconds, before gunicorn's keep-alive (GUNICORN_KEEPALIVE, 5)
# closes them: a request sent on a connection just as the server closes it fails (a proxy must do the same).
KEEPALIVE_SECONDS = 2
PANELS = ["workflow", "verdict", "evidence", "comments", "timeline"]
SORTS = ["updated", "created", "priority", "stated"]


# Accounts


def prepare_accounts(users: int, claims_each: int, allow_any_database: bool) -> dict:
    """bench-reviewer-NN with a new password and claims_each claims assigned to each; returns the password
    and the size of the data set. They hold the Editor role: reopening a claim, which closes the cycle of
    NEXT_STATUS, is an editor's step (a Reviewer can only move claims forward)."""
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from axes.utils import reset as reset_lockouts
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction

    from claims.models import Claim
    from claims.roles import Role

    database = connection.settings_dict["NAME"]
    if "bench" not in database and not allow_any_database:
        raise SystemExit(f"Refusing to create bench accounts in {database!r}: its name has no 'bench' in it.")
    password = secrets.token_urlsafe(16)
    hashed = make_password(password)  # hashed once for all the accounts: that is slow on purpose
    editors = Group.objects.get(name=Role.EDITOR)
    with transaction.atomic():
        for number in range(1, users + 1):
            user, _ = User.objects.update_or_create(
                username=USERNAME.format(number), defaults={"password": hashed, "is_active": True}
            )
            user.groups.set([editors])
            reset_lockouts(username=user.username)
            assign_claims(Claim, user, claims_each)
    return {"password": password, "database": database, "claims": Claim.objects.count()}


def assign_claims(Claim, user, wanted: int) -> None:
    workable = Claim.objects.filter(status__in=NEXT_STATUS)
    missing = wanted - workable.filter(assignee=user).count()
    if missing > 0:
        free = workable.filter(assignee__isnull=True).order_by("?").values_list("pk", flat=True)[:missing]
        Claim.objects.filter(pk__in=list(free)).update(assignee=user)


# Measuring


@dataclass
class Stats:
    times: dict = field(default_factory=lambda: defaultdict(list))  # kind: [milliseconds]
    errors: list = field(default_factory=list)  # (kind, what)

    def report(self, elapsed: float, login_seconds: float) -> dict:
        """By kind of request and in total; logins, before the timed work, are left out of the total."""
        kinds = {
            kind: summary(times, login_seconds if kind == "login" else elapsed)
            for kind, times in sorted(self.times.items())
        }
        everything = [ms for kind, times in self.times.items() if kind != "login" for ms in times]
        error_counts = defaultdict(int)
        for kind, _ in self.errors:
            error_counts[kind] += 1
        for kind, numbers in kinds.items():
            numbers["errors"] = error_counts[kind]
        total = summary(everything, elapsed) | {"errors": len(self.errors)}
        return {"kinds": kinds, "total": total}


def summary(times: list[float], elapsed: float) -> dict:
    ordered = sorted(times) or [0.0]
    p95 = statistics.quantiles(ordered, n=100, method="inclusive")[94] if len(ordered) > 1 else ordered[0]
    return {
        "requests": len(times),
        "rps": round(len(times) / elapsed, 1),
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
    }


# A virtual reviewer


class Reviewer:
    def __init__(self, url: str, username: str, password: str, stats: Stats, think: float):
        limits = httpx.Limits(keepalive_expiry=KEEPALIVE_SECONDS)
        self.client = httpx.AsyncClient(base_url=url, timeout=60, limits=limits)
        # Production cookies are Secure, and httpx sends those over HTTPS only; on loopback, without TLS,
        # the reviewer keeps and sends them itself.
        self.cookies: dict[str, str] = {}
        self.username, self.password, self.stats, self.think = username, password, stats, think

    async def call(self, kind: str, method: str, path: str, **options) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            headers = {**options.pop("headers", {}), "Cookie": cookie}
            response = await self.client.request(method, path, headers=headers, **options)
        except httpx.HTTPError as error:
            self.stats.errors.append((kind, f"{method} {path}: {type(error).__name__} {error}"))
            return None
        self.stats.times[kind].append((time.perf_counter() - started) * 1000)
        self.cookies.update(response.cookies.items())
        if not 200 <= response.status_code < 400:
            self.stats.errors.append((kind, f"{method} {path}: HTTP {response.status_code} {response.text[:200]!r}"))
            return None
        return response

    async def log_in(self) -> bool:
        form = await self.call("login", "GET", "/accounts/login/")
        if form is None:
            return False
        data = {"csrfmiddlewaretoken": csrf_token(form.text), "username": self.username, "password": self.password}
        answer = await self.call("login", "POST", "/accounts/login/", data=data)
        if answer is not None and answer.status_code != 302:
            self.stats.errors.append(("login", f"{self.username}: the login form came back (wrong password?)"))
            return False
        return answer is not None

    async def work_until(self, deadline: float) -> None:
        steps = [self.browse, self.search, self.change_a_status]
        while time.monotonic() < deadline:
            for step in steps:
                if time.monotonic() >= deadline:
                    return
                await step()
                if self.think:
                    await asyncio.sleep(random.uniform(0, 2 * self.think))

    async def browse(self) -> None:
        await self.call("list", "GET", "/claims/")
        sort, page = random.choice(SORTS), random.randint(2, 20)
        await self.call("list page", "GET", "/claims/", params={"sort": sort, "page": page})

    async def search(self) -> None:
        # As the search box sends it while typing: htmx, the results partial.
        params = {"q": random.choice(SEARCHES), "sort": "relevance"}
        await self.call("search", "GET", "/claims/", params=params, headers={"HX-Request": "true"})

    async def change_a_status(self) -> None:
        status = random.choice(list(NEXT_STATUS))
        params = {"status": status, "assignee": "me", "sort": "priority"}
        mine = await self.call("list filtered", "GET", "/claims/", params=params)
        claim_ids = re.findall(r'href="/claims/(\d+)/"', mine.text) if mine else []
        if not claim_ids:
            return
        claim = random.choice(claim_ids)
        page = await self.call("claim page", "GET", f"/claims/{claim}/")
        if page is None:
            return
        target = NEXT_STATUS[status]
        if target not in offered_targets(page.text):
            self.stats.errors.append(("status change", f"claim {claim} ({status}) does not offer {target}"))
            return
        data = {"csrfmiddlewaretoken": csrf_token(page.text), "target": target, "note": "Load test: cannot be checked"}
        headers = {"HX-Request": "true", "X-CSRFToken": self.cookies.get("csrftoken", "")}
        changed = await self.call("status change", "POST", f"/claims/{claim}/transition/", data=data, headers=headers)
        if changed is not None and changed.status_code != 204:
            self.stats.errors.append(("status change", f"claim {claim}: {changed.status_code} instead of 204"))
            return
        for panel in PANELS:  # what htmx fetches on the claimChanged event
            await self.call("panel", "GET", f"/claims/{claim}/panel/{panel}/", headers={"HX-Request": "true"})

    async def close(self) -> None:
        await self.client.aclose()


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def offered_targets(page: str) -> list[str]:
    """The status buttons of the workflow panel (the verdict panel has a "propose" form of its own)."""
    workflow = page[page.index('id="workflow"') :]
    workflow = workflow[: workflow.index("</section>")]
    return re.findall(r'name="target" value="([a-z_]+)"', workflow)


# The run


async def run(options, password: str) -> tuple[Stats, dict]:
    stats = Stats()
    reviewers = [
        Reviewer(options.url, USERNAME.format(n), password, stats, options.think) for n in range(1, options.users + 1)
    ]
    try:
        started = time.monotonic()
        logged_in = await asyncio.gather(*(reviewer.log_in() for reviewer in reviewers))
        login_seconds = time.monotonic() - started
        if not all(logged_in):
            return stats, {"login_seconds": login_seconds, "elapsed": 0}
        started = time.monotonic()
        await asyncio.gather(*(reviewer.work_until(started + options.duration) for reviewer in reviewers))
        return stats, {"login_seconds": login_seconds, "elapsed": time.monotonic() - started}
    finally:
        await asyncio.gather(*(reviewer.close() for reviewer in reviewers))


def print_report(report: dict, timing: dict) -> None:
    columns = ("requests", "rps", "median_ms", "p95_ms", "max_ms", "errors")
    print(f"{'kind':<16}" + "".join(f"{name:>11}" for name in columns))
    rows = [*report["kinds"].items(), ("total (no login)", report["total"])]
    for kind, numbers in rows:
        print(f"{kind:<16}" + "".join(f"{numbers[name]:>11}" for name in columns))
    print(f"Logins took {timing['login_seconds']:.1f} s; the work {timing['elapsed']:.1f} s.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running app")
    parser.add_argument("--users", type=int, default=50, help="virtual reviewers working at once")
    parser.add_argument("--duration", type=float, default=60, help="seconds of work, after the logins")
    parser.add_argument("--think", type=float, default=0, help="mean pause between steps, seconds (0: none)")
    parser.add_argument("--claims-each", type=int, default=20, help="claims assigned to each reviewer")
    parser.add_argument("--allow-any-database", action="store_true", help="create accounts whatever the name")
    parser.add_argument("--label", default="", help="a note kept with the results, e.g. the server's settings")
    options = parser.parse_args(argv)

    setup = prepare_accounts(options.users, options.claims_each, options.allow_any_database)
    stats, timing = asyncio.run(run(options, setup.pop("password")))
    report = stats.report(timing["elapsed"] or 1, timing["login_seconds"])
    print_report(report, timing)
    for kind, what in stats.errors[:20]:
        print(f"error: {kind}: {what}", file=sys.stderr)

    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "options": {key: value for key, value in vars(options).items() if key != "allow_any_database"},
        "data": setup,
        **timing,
        **report,
        "error_samples": [f"{kind}: {what}" for kind, what in stats.errors[:50]],
    }
    out = BENCH_DIR / "results" / f"loadtest-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Results: {out.relative_to(PROJECT_DIR)}")
    return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
