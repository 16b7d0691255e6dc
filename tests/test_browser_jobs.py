"""A PDF report prepared in the background, in chromium: the editor asks for it, the progress panel
polls in place (no reload) while a real `manage.py db_worker` process lays it out, then the download
link appears and the file downloads."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.test_browser import DESKTOP, log_in
from tests.test_jobs import start_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_follows_a_background_pdf_report_to_its_download(page: Page, live_server, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "editor")
    page.goto(live_server.url + "/exports/")
    page.get_by_role("button", name="PDF report").click()
    expect(page.get_by_role("region", name="Prepare in the background")).to_contain_text("laid out page by page")
    page.get_by_role("button", name="Prepare the PDF report").click()

    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    status = page.locator(".job-state")
    expect(status).to_contain_text("Waiting for a worker")
    page.evaluate("window.stillTheSamePage = true")

    worker = start_worker(media_root=tmp_path)
    try:
        link = page.get_by_role("link", name=re.compile(r"Download verdicts-.*\.pdf"))
        expect(link).to_be_visible(timeout=60_000)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert page.evaluate("window.stillTheSamePage") is True  # updated in place by htmx, not reloaded

    with page.expect_download() as download:
        link.click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")
