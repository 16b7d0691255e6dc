"""Turning what a reviewer brings (pasted text, a .txt, .html or .pdf file, a URL) into plain text
with the metadata a Source needs. Nothing here touches the database.

Every failure is a DocumentError whose message is one sentence a reviewer can act on."""

import datetime
import hashlib
import io
import ipaddress
import logging
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3

logger = logging.getLogger(__name__)

TEXT_TYPES = {".txt": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
MAX_REDIRECTS = 5
USER_AGENT = "Factcheck/1.0 (newsroom claim tracker)"


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue (makemessages finds it) without bringing Django in:
    the forms show a DocumentError's message translated (DocumentError.translated)."""
    return message


class DocumentError(ValueError):
    """Input that cannot be imported; the message says why, in one sentence. Its values go in
    separately (message % params), so that the sentence can be translated with them."""

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message, self.params = message, params

    def translated(self, gettext) -> str:
        return gettext(self.message) % self.params if self.params else gettext(self.message)


@dataclass
class Document:
    text: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    published_on: datetime.date | None = None
    url: str = ""
    language: str = "en"


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def size_text(size: int) -> str:
    return f"{size / 1_000_000:g} MB" if size >= 1_000_000 else f"{size / 1000:g} KB"


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def read_text(data: bytes) -> Document:
    if not data.strip():
        raise DocumentError(gettext_noop("The file is empty."))
    if b"\x00" in data[:65536]:
        raise DocumentError(gettext_noop("The file is not text: it contains binary data."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(gettext_noop("The file is not UTF-8 text: save it as UTF-8 and upload it again.")) from None
    text = normalise(text)
    unprintable = sum(1 for char in text[:65536] if not char.isprintable() and char not in "\n\t")
    if unprintable > len(text[:65536]) * 0.05:
        raise DocumentError(gettext_noop("The file is not text: too many unprintable characters."))
    return Document(text=text, title=first_line(text))


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:500]


def read_html(data: bytes | str, url: str = "") -> Document:
    import trafilatura

    if not data.strip():
        raise DocumentError(gettext_noop("The page is empty."))
    try:
        extracted = trafilatura.bare_extraction(data, url=url or None, with_metadata=True, include_comments=False)
    except Exception as error:  # trafilatura raises many types on hostile markup
        logger.info("HTML extraction failed: %s", error)
        extracted = None
    text = normalise(extracted.text or "") if extracted else ""
    if not text:
        raise DocumentError(gettext_noop("No article text could be found in the HTML."))
    return Document(
        text=text,
        title=(extracted.title or first_line(text))[:500],
        authors=[name.strip() for name in (extracted.author or "").split(";") if name.strip()],
        publisher=(extracted.sitename or "")[:200],
        published_on=parse_date(extracted.date),
        url=url or (extracted.url or ""),
    )


def parse_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def read_pdf(data: bytes) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.strip():
        raise DocumentError(gettext_noop("The file is empty."))
    try:
        reader = PdfReader(io.BytesIO(data))
        text = normalise("\n\n".join(page.extract_text() or "" for page in reader.pages))
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise DocumentError(gettext_noop("The file is not a readable PDF.")) from None
    if not text:
        raise DocumentError(gettext_noop("The PDF has no text layer (a scan?): paste its text instead."))
    return Document(text=text, title=(title or first_line(text))[:500])


def read_upload(name: str, data: bytes) -> Document:
    kind = TEXT_TYPES.get(suffix(name))
    if kind is None:
        if not suffix(name):
            raise DocumentError(gettext_noop("Upload a .txt, .html or .pdf file, not a file without extension."))
        raise DocumentError(gettext_noop("Upload a .txt, .html or .pdf file, not %(suffix)s."), suffix=suffix(name))
    if kind == "pdf":
        return read_pdf(data)
    if kind == "html":
        return read_html(data)
    return read_text(data)


def suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


# Fetching a URL: http(s) only, no private or loopback addresses (unless allowed), bounded in time and size.


def fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool) -> Document:
    body, content_type, url = fetch_raw(url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
    return to_document(body, content_type, url)


def fetch_raw(url: str, *, timeout: float, max_bytes: int, allow_private: bool) -> tuple[bytes, str, str]:
    """The body, content type and final address of a page, following redirects, each checked."""
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        check_url(url, allow_private=allow_private)
        response = open_url(url, deadline)
        if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
            response.release_conn()
            url = urljoin(url, response.headers["Location"])
            continue
        if response.status >= 400:
            response.release_conn()
            raise DocumentError(
                gettext_noop("The server answered %(status)s: the page could not be fetched."), status=response.status
            )
        return read_body(response, deadline, max_bytes), response.headers.get("Content-Type", ""), url
    raise DocumentError(gettext_noop("Too many redirects: the page could not be fetched."))


def check_url(url: str, *, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DocumentError(gettext_noop("Give an http:// or https:// address."))
    if allow_private:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        raise DocumentError(gettext_noop("The host %(host)s could not be found."), host=parts.hostname) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise DocumentError(
                gettext_noop("%(host)s is a private or local address: it is not fetched."), host=parts.hostname
            )


def open_url(url: str, deadline: float):
    remaining = max(deadline - time.monotonic(), 0.1)
    try:
        return urllib3.request(
            "GET",
            url,
            redirect=False,
            preload_content=False,
            timeout=urllib3.Timeout(connect=remaining, read=remaining),
            retries=False,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain,application/pdf;q=0.9,*/*;q=0.5"},
        )
    except urllib3.exceptions.TimeoutError:
        raise DocumentError(gettext_noop("The page took too long to answer.")) from None
    except urllib3.exceptions.HTTPError:
        raise DocumentError(gettext_noop("The page could not be reached.")) from None


def read_body(response, deadline: float, max_bytes: int) -> bytes:
    chunks, size = [], 0
    try:
        for chunk in response.stream(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise DocumentError(
                    gettext_noop("The page is larger than %(size)s: it is not imported."), size=size_text(max_bytes)
                )
            if time.monotonic() > deadline:
                raise DocumentError(gettext_noop("The page took too long to download."))
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise DocumentError(gettext_noop("The page took too long to answer.")) from None
    except urllib3.exceptions.HTTPError:
        raise DocumentError(gettext_noop("The download was interrupted.")) from None
    finally:
        response.release_conn()
    return b"".join(chunks)


def to_document(body: bytes, content_type: str, url: str) -> Document:
    content_type = content_type.split(";")[0].strip().lower()
    if content_type == "application/pdf" or body.startswith(b"%PDF"):
        document = read_pdf(body)
    elif content_type in ("text/plain",):
        document = read_text(body)
    else:
        document = read_html(body, url=url)
    document.url = url
    return document
