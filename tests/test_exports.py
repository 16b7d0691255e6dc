"""Verdict reports, opened the way their readers open them: CSV with the csv module, JSON and
JSON-LD parsed. Formulas are neutralised, non-ASCII text survives, an empty report is still valid."""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims import exports
from claims.exports import neutralise
from claims.models import Claim, Claimant
from tests.factories import bring_to, make_claim
from tests.test_public import published
from tests.web import exported

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://evil.example","click")'


def download(client, **params):
    return exported(client, **params)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def read_csv(data: bytes) -> list[dict]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_has_one_row_per_claim_with_its_verdict_and_no_formulas(editor_client, reviewer, editor):
    claimant = Claimant.objects.create(name="Александр Лукашенко")
    check = published(reviewer, editor, text="Никто, кроме нас, не управляет Беларусью — déjà vu", claimant=claimant)
    make_claim(text=INJECTION)
    make_claim(text="+1 555 0100 and -5 degrees")

    rows = read_csv(download(editor_client, format="csv"))

    assert len(rows) == 3
    row = next(r for r in rows if r["id"] == str(check.pk))
    assert (row["claim"], row["claimant"], row["rating"]) == (check.text, "Александр Лукашенко", "True")
    assert row["approved_by"] == "ed" and row["published_at"]
    assert {r["claim"] for r in rows} >= {"'" + INJECTION, "'+1 555 0100 and -5 degrees"}
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


def test_csv_cells_read_as_the_json_rows_with_formulas_guarded(editor_client, reviewer, editor):
    """PostgreSQL writes the CSV: each cell must read as the JSON export's value (numbers, dates and
    times formatted alike), guarded where a spreadsheet would run it."""
    check = published(reviewer, editor, text="Between 10,000 and 15,000 soldiers\nare training — Київ")
    Claim.objects.filter(pk=check.pk).update(quantity_low="10000", quantity_high="15000.5", quantity_unit="soldiers")
    check.verdicts.update(published_at=datetime(2022, 12, 19, 14, 30, tzinfo=UTC))  # no microseconds
    make_claim(
        text="\tTabbed", quantity_low="-5", quantity_high="-5", quantity_unit="degrees", stated_on=date(2022, 12, 19)
    )
    make_claim(text="  ＝SUM(A1)")
    make_claim(text="Plain 'quoted' \"double\", comma")

    rows = read_csv(download(editor_client, format="csv"))
    expected = json.loads(download(editor_client, format="json"))

    assert [row["id"] for row in rows] == [str(row["id"]) for row in expected]
    for row, reference in zip(rows, expected, strict=True):
        assert row == {name: neutralise(value) for name, value in reference.items()}
    assert {row["claim"] for row in rows} >= {"'\tTabbed", "'  ＝SUM(A1)", check.text}
    assert {(row["quantity_low"], row["quantity_high"]) for row in rows} >= {("10000", "15000.5"), ("'-5", "'-5")}
    assert "2022-12-19T14:30:00+00:00" in {row["published_at"] for row in rows}


def test_a_download_stopped_halfway_leaves_the_connection_usable(reviewer, editor):
    for number in range(3000):
        make_claim(text=f"Claim {number} " + "padding " * 20)
    blocks = exports.csv_blocks(Claim.objects.all())
    next(blocks), next(blocks)
    blocks.close()  # the reader went away
    assert Claim.objects.count() == 3000


def test_json_is_a_list_of_the_same_rows(editor_client, reviewer, editor):
    check = published(reviewer, editor, text="Kyiv is only around 55 miles from the border — Київ")
    rows = json.loads(download(editor_client, format="json"))
    assert [row["claim"] for row in rows] == [check.text]
    assert rows[0]["rating"] == "True" and rows[0]["claim"].endswith("Київ")


def test_an_empty_report_is_still_a_valid_file(editor_client):
    assert read_csv(download(editor_client, format="csv")) == []
    assert json.loads(download(editor_client, format="json")) == []
    assert json.loads(download(editor_client, format="claimreview"))["dataFeedElement"] == []


def test_claimreview_export_holds_the_published_checks_only(editor_client, reviewer, editor):
    check = published(reviewer, editor)
    bring_to(make_claim(), Claim.Status.APPROVED, author=reviewer, approver=editor)

    feed = json.loads(download(editor_client, format="claimreview"))

    assert [item["claimReviewed"] for item in feed["dataFeedElement"]] == [check.text]


def test_filters_narrow_the_report_and_the_preview_counts(editor_client, reviewer, editor):
    published(reviewer, editor, text="Published claim")
    make_claim(text="New claim")

    page = editor_client.get(reverse("claims:export"), {"status": "published"}).content.decode()
    rows = read_csv(download(editor_client, format="csv", status="published"))

    assert "1 claim in this report." in page
    assert [r["claim"] for r in rows] == ["Published claim"]


def test_reviewers_cannot_export(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("claims:export"), {"format": "csv"}).status_code == 403


def test_the_command_writes_the_same_reports(tmp_path, reviewer, editor):
    published(reviewer, editor, text="=cmd|' /C calc'!A0")
    target = tmp_path / "verdicts.csv"

    call_command("export_verdicts", "--format", "csv", "--output", str(target), "--rating", "true")
    call_command("export_verdicts", "--format", "claimreview", "--output", str(tmp_path / "feed.jsonld"))

    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["claim"] for r in rows] == ["'=cmd|' /C calc'!A0"]
    feed = json.loads((tmp_path / "feed.jsonld").read_text(encoding="utf-8"))
    assert feed["dataFeedElement"][0]["url"].startswith("http://127.0.0.1:8000/checks/")


def test_the_command_refuses_unknown_filters_with_one_line(tmp_path):
    with pytest.raises(CommandError, match="No rating called 'Sort of'"):
        call_command("export_verdicts", "--output", str(tmp_path / "x.csv"), "--rating", "Sort of")
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command("export_verdicts", "--output", str(tmp_path / "x.csv"), "--reviewer", "nobody")


def test_xlsx_is_a_workbook_with_header_widths_and_a_summary(editor_client, reviewer, editor):
    from openpyxl import load_workbook

    published(reviewer, editor, text="Никто, кроме нас")
    make_claim(text=INJECTION)

    book = load_workbook(io.BytesIO(download(editor_client, format="xlsx")))

    sheet = book["Verdicts"]
    rows = list(sheet.values)
    assert rows[0][:2] == ("id", "claim")
    assert {row[1] for row in rows[1:]} == {"Никто, кроме нас", "'" + INJECTION}
    assert sheet.column_dimensions["B"].width == 60
    summary = dict(row for row in book["Summary"].values if row and row[0])
    assert summary["True"] == 1 and summary["New"] == 1


def test_pdf_report_has_the_counts_and_a_section_per_claim(editor_client, reviewer, editor):
    from pypdf import PdfReader

    published(reviewer, editor, text="Kyiv is only around 55 miles from the border, déjà vu")
    make_claim(text="A claim nobody checked yet")

    reader = PdfReader(io.BytesIO(download(editor_client, format="pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)  # lines wrap where ids run long

    assert "2 claims" in text and "By rating" in text and "By reviewer" in text
    assert "Kyiv is only around 55 miles from the border, déjà vu" in text
    assert "A claim nobody checked yet" in text
    assert "median" in text


def test_the_command_writes_xlsx_and_pdf(tmp_path, reviewer, editor):
    published(reviewer, editor)
    call_command("export_verdicts", "--format", "pdf", "--output", str(tmp_path / "report.pdf"))
    call_command("export_verdicts", "--format", "xlsx", "--output", str(tmp_path / "report.xlsx"))
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "report.xlsx").read_bytes().startswith(b"PK")
    with pytest.raises(CommandError, match="binary"):
        call_command("export_verdicts", "--format", "pdf", "--output", "-")


def test_claimant_and_source_filters_take_names_and_refuse_unknown_ones(editor_client, reviewer, editor):
    muzyka = Claimant.objects.create(name="Konrad Muzyka")
    published(reviewer, editor, text="Russia has 10,000 to 15,000 soldiers in Belarus", claimant=muzyka)
    published(reviewer, editor, text="Someone else's claim")

    rows = read_csv(download(editor_client, format="csv", claimant="konrad muzyka"))
    refused = editor_client.get(reverse("claims:export"), {"claimant": "Nobody", "format": "csv"})

    assert [r["claimant"] for r in rows] == ["Konrad Muzyka"]
    assert refused.status_code == 422 and "No claimant is called" in refused.content.decode()


def test_the_command_filters_by_claimant_topic_and_source(tmp_path, reviewer, editor):
    muzyka = Claimant.objects.create(name="Konrad Muzyka")
    published(reviewer, editor, text="Russia has 10,000 to 15,000 soldiers in Belarus", claimant=muzyka)
    published(reviewer, editor, text="Someone else's claim")
    target = tmp_path / "muzyka.json"

    call_command("export_verdicts", "--format", "json", "--claimant", "Konrad Muzyka", "--output", str(target))

    assert [row["claimant"] for row in json.loads(target.read_text(encoding="utf-8"))] == ["Konrad Muzyka"]
    with pytest.raises(CommandError, match="No claimant is called 'Nobody'"):
        call_command("export_verdicts", "--claimant", "Nobody", "--output", str(target))
    with pytest.raises(CommandError, match="No topic with the slug 'weather'"):
        call_command("export_verdicts", "--topic", "weather", "--output", str(target))
