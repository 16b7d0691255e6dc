"""Reading what a reviewer brings in: text, HTML, PDF and URLs, and refusing what cannot be read."""

import datetime
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.demo import ARTICLE_PATH
from claims.documents import DocumentError, fetch, read_html, read_pdf, read_text, read_upload

ARTICLE = ARTICLE_PATH.read_text(encoding="utf-8")


def article_html() -> str:
    paragraphs = [line for line in ARTICLE.splitlines() if line.strip()]
    body = "".join(f"<p>{line}</p>" for line in paragraphs[1:-3])
    return (
        "<!doctype html><html><head><title>Putin's visit signals pressure on Belarus's leader</title>"
        '<meta name="author" content="Marc Santora">'
        '<meta property="article:published_time" content="2022-12-19T10:00:00Z">'
        '<meta property="og:site_name" content="The New York Times"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{paragraphs[0]}</h1>"
        f"{body}</article><footer>Related Articles · Back to top</footer></body></html>"
    )


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with `text` in Helvetica, written by hand (no PDF writer is installed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# Text


def test_text_is_read_and_normalised():
    document = read_text("\ufeffTitle line\r\n\r\nBody “quoted”.\r\n".encode())
    assert document.text == "Title line\n\nBody “quoted”."
    assert document.title == "Title line"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \n\t ", "The file is empty."),
        (bytes(range(256)) * 40, "The file is not text: it contains binary data."),
        (b"caf\xe9 \xff\xfe au lait", "The file is not UTF-8 text"),
        (b"\x07\x08\x0b\x0e\x0f" * 100 + b"ok", "too many unprintable characters"),
    ],
    ids=["empty", "blank", "binary", "latin-1", "control characters"],
)
def test_what_is_not_text_is_refused_with_a_reason(data, message):
    with pytest.raises(DocumentError, match=message):
        read_text(data)


# HTML


def test_html_gives_the_article_text_and_its_metadata():
    document = read_html(article_html())

    assert "no one, except us, governs Belarus" in document.text
    assert "Home" not in document.text.split("\n")[0]
    assert document.authors == ["Marc Santora"]
    assert document.publisher == "The New York Times"
    assert document.published_on == datetime.date(2022, 12, 19)


def test_malformed_html_still_yields_its_text():
    broken = "<html><body><div><p>Officials said 4,000 troops arrived <b>in Minsk on Monday<p>Another line " * 20
    assert "4,000 troops arrived" in read_html(broken).text


@pytest.mark.parametrize("markup", ["<html><body><script>alert(1)</script></body></html>", "<<<>>>", "   "])
def test_html_without_article_text_is_refused(markup):
    with pytest.raises(DocumentError):
        read_html(markup)


# PDF


def test_pdf_text_is_extracted():
    document = read_pdf(minimal_pdf("Russia has between 10,000 to 15,000 soldiers in Belarus."))
    assert "10,000 to 15,000 soldiers" in document.text


@pytest.mark.parametrize("data", [b"%PDF-1.4 this is not really a pdf", b"\x00\x01junk"])
def test_a_broken_pdf_is_refused(data):
    with pytest.raises(DocumentError, match="not a readable PDF"):
        read_pdf(data)


def test_upload_is_read_by_its_extension():
    assert "governs Belarus" in read_upload("seed.TXT", ARTICLE.encode()).text
    assert "governs Belarus" in read_upload("seed.html", article_html().encode()).text
    with pytest.raises(DocumentError, match="Upload a .txt, .html or .pdf file, not .docx"):
        read_upload("seed.docx", b"PK\x03\x04")


# URLs: a local server stands in for the web; fetching it needs allow_private.


class Pages(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        status, body, kind = self.page()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def page(self):
        if self.path in ("/article", "/slow"):
            return 200, article_html().encode(), "text/html; charset=utf-8"
        if self.path == "/big":
            return 200, b"<p>" + b"x" * 200_000 + b"</p>", "text/html"
        if self.path == "/report.pdf":
            return 200, minimal_pdf("The deficit was 3.2 percent of GDP."), "application/pdf"
        return 404, b"not here", "text/plain"

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def local_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url, **limits):
    options = {"timeout": 2, "max_bytes": 1_000_000, "allow_private": True, **limits}
    return fetch(url, **options)


def test_a_page_is_fetched_and_reduced_to_its_article(local_site):
    document = get(local_site + "/article")
    assert "no one, except us, governs Belarus" in document.text
    assert document.url == local_site + "/article"


def test_redirects_are_followed(local_site):
    assert get(local_site + "/moved").url == local_site + "/article"


def test_a_pdf_url_is_read_as_pdf(local_site):
    assert "3.2 percent" in get(local_site + "/report.pdf").text


def test_a_slow_page_times_out(local_site):
    with pytest.raises(DocumentError, match="took too long"):
        get(local_site + "/slow", timeout=0.5)


def test_a_page_over_the_size_limit_is_refused(local_site):
    with pytest.raises(DocumentError, match="larger than 100 KB"):
        get(local_site + "/big", max_bytes=100_000)


def test_an_error_page_is_reported(local_site):
    with pytest.raises(DocumentError, match="The server answered 404"):
        get(local_site + "/missing")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/", "http://localhost/", "http://10.0.0.8/", "http://[::1]/", "http://169.254.169.254/"]
)
def test_private_and_loopback_addresses_are_refused(url):
    with pytest.raises(DocumentError, match="private or local address"):
        fetch(url, timeout=1, max_bytes=1000, allow_private=False)


@pytest.mark.parametrize("url", ["ftp://example.org/file.txt", "file:///etc/passwd", "javascript:alert(1)"])
def test_only_http_addresses_are_fetched(url):
    with pytest.raises(DocumentError, match="Give an http:// or https:// address."):
        fetch(url, timeout=1, max_bytes=1000, allow_private=True)
