"""Link archiving: the address of a piece of evidence or a source is sent to a web archive's "save"
endpoint (ARCHIVE_SAVE_URL with the address appended, percent-encoded when the endpoint ends in "=";
the Wayback Machine's Save Page Now by default),
in the background, and the address of the archived copy is kept on the row.

The archive answers with the copy's address in a redirect (`Location: /web/20261130143000/https://…`),
a `Content-Location` header, or a `Link` header with a `memento`; relative addresses are resolved against
the archive's. Every failure (no answer, too slow, an error status, no copy named) is kept on the row as
a short reason; the row's other fields are never written."""

import http
import logging
import re
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from claims.documents import USER_AGENT, DocumentError, check_url
from claims.models import Archivable, Evidence, Source

log = logging.getLogger(__name__)

MODELS = {"evidence": Evidence, "source": Source}
State = Archivable.ArchiveState
WEB = ("http", "https")
MEMENTO_LINK = re.compile(r'<([^>]*)>\s*;[^<]*?\brel="?([^";]*)"?')


class ArchiveError(Exception):
    """Why the archive did not keep a copy, as a short phrase for the row ("could not reach the archive")."""


def start(item: Archivable) -> None:
    """Mark the row as being archived and queue the task, in one transaction."""
    model = next(name for name, model in MODELS.items() if isinstance(item, model))
    with transaction.atomic():
        type(item).objects.filter(pk=item.pk).update(archive_state=State.PENDING, archive_error="")
        archive_link.enqueue(model, item.pk)


def to_archive(*, pending: bool, limit: int | None = None) -> list[tuple[str, int]]:
    """The rows left "archiving…" (pending: their task was lost with its worker), or every link with no
    copy yet that is not queued: (model name, pk), evidence first, oldest first."""
    found = []
    for name, model in MODELS.items():
        rows = model.objects.exclude(url="")
        if pending:
            rows = rows.filter(archive_state=State.PENDING)
        else:
            rows = rows.filter(archived_url="").exclude(archive_state=State.PENDING)
        found += [(name, pk) for pk in rows.order_by("pk").values_list("pk", flat=True)[:limit]]
    return found[:limit]


@task()
def archive_link(model: str, pk: int) -> str:
    """Send the row's address to the archive and keep the copy's address, or why there is none."""
    rows = MODELS[model].objects.filter(pk=pk)
    url = rows.values_list("url", flat=True).first()
    if url is None:
        return ""  # removed meanwhile
    try:
        archived = save_page(url)
    except ArchiveError as error:
        record(rows.filter(url=url), state=State.FAILED, error=str(error))
        return ""
    except Exception as error:
        log.exception("Archiving %s %s failed", model, pk)
        record(rows.filter(url=url), state=State.FAILED, error=f"something went wrong ({type(error).__name__})")
        raise
    # Only if the address is still the one archived: an edit of it meanwhile forgot the old copy.
    record(rows.filter(url=url), state=State.DONE, error="", archived_url=archived, archived_at=timezone.now())
    return archived


def record(rows, *, state: State, error: str, **fields) -> None:
    """An UPDATE of the archive fields alone: no version bumped, no edit made meanwhile overwritten."""
    rows.update(archive_state=state, archive_error=error[:300], **fields)


def save_page(url: str) -> str:
    """Ask the archive to save `url`; the address of the copy, or ArchiveError."""
    if not settings.ARCHIVE_ENABLED:
        raise ArchiveError("link archiving is switched off")
    allow_private = settings.ARCHIVE_ALLOW_PRIVATE_URLS
    save_url = settings.ARCHIVE_SAVE_URL
    endpoint = save_url + (quote(url, safe="") if save_url.endswith("=") else url)  # ".../submit?url=" style
    check_address(url, "the link", allow_private)
    check_address(endpoint, "the archive's address", allow_private)
    response = ask(endpoint, settings.ARCHIVE_TIMEOUT)
    try:
        return copy_address(response, endpoint)
    finally:
        response.close()


def check_address(url: str, what: str, allow_private: bool) -> None:
    try:
        check_url(url, allow_private=allow_private)
    except DocumentError as error:
        raise ArchiveError(f"{what} is refused: {str(error)[0].lower()}{str(error)[1:].rstrip('.')}") from None


def ask(endpoint: str, timeout: float):
    try:
        return urllib3.request(
            "GET",
            endpoint,
            redirect=False,
            preload_content=False,
            retries=False,
            timeout=urllib3.Timeout(total=timeout),
            headers={"User-Agent": USER_AGENT},
        )
    except urllib3.exceptions.NewConnectionError:  # before TimeoutError, which it subclasses
        raise ArchiveError("could not reach the archive") from None
    except urllib3.exceptions.TimeoutError:
        raise ArchiveError(f"the archive took longer than {timeout:g} s to answer") from None
    except urllib3.exceptions.HTTPError:
        raise ArchiveError("the connection to the archive broke off") from None


def copy_address(response, endpoint: str) -> str:
    status = response.status
    if status == 429:
        raise ArchiveError("the archive is busy (429 Too Many Requests): try again later")
    if status >= 400:
        raise ArchiveError(f"the archive answered {status} {status_phrase(status)}".rstrip())
    headers = response.headers
    redirect = headers.get("Location", "") if 300 <= status < 400 else ""
    for candidate in (memento(headers.get("Link", "")), redirect, headers.get("Content-Location", "")):
        address = urljoin(endpoint, candidate.strip()) if candidate.strip() else ""
        # The saved page's own Content-Location ("Overview.html") resolves under the save endpoint: no copy.
        if address and not address.startswith(settings.ARCHIVE_SAVE_URL) and urlsplit(address).scheme in WEB:
            if len(address) > 2000:
                raise ArchiveError("the archived copy's address is too long to keep")
            return address
    raise ArchiveError("the archive's answer did not say where the copy is")


def memento(link_header: str) -> str:
    """The copy a `Link` header names: its `memento`, else its `last memento` (RFC 7089)."""
    links = {}
    for url, rels in MEMENTO_LINK.findall(link_header):
        links.setdefault(" ".join(rels.split()), url)
    return links.get("memento") or links.get("last memento", "")


def status_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""
