"""No lost updates: two people editing the same claim, evidence or verdict at once. The second save
is refused and shows what the first one changed; two editors publishing at once publish once. The
races run on two real database connections (two threads), not mocks."""

import re
import threading

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

from claims.models import Claim, Evidence, IllegalTransition, StatusChange
from claims.versioning import StaleEdit
from tests.factories import bring_to, default_rating, make_claim, make_evidence
from tests.web import hidden_inputs, logged_in

HTMX = {"HX-Request": "true"}
S = Claim.Status


def claim_form_data(page: str, **changes) -> dict:
    """The claim form as its page filled it in, with `changes` typed over it."""
    data = hidden_inputs(page)
    data.update(text=re.search(r'<textarea name="text"[^>]*>\n?([^<]*)</textarea>', page).group(1))
    data.update(kind="quantity", priority="2")
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_second_of_two_claim_edits_is_refused_and_shows_the_first(editor, second_editor):
    claim = make_claim(text="Russia has 10,000 troops in Belarus.", kind=Claim.Kind.QUANTITY)
    url = reverse("claims:claim-edit", args=[claim.pk])
    ed, eve = logged_in(editor), logged_in(second_editor)
    ed_page, eve_page = ed.get(url).content.decode(), eve.get(url).content.decode()

    first = ed.post(url, claim_form_data(ed_page, text="Russia has 10,000 to 15,000 troops in Belarus."))
    second = eve.post(url, claim_form_data(eve_page, text="Russia has 12,000 troops in Belarus."))

    assert first.status_code == 302
    assert second.status_code == 409
    page = second.content.decode()
    assert "Not saved: this was changed while you were editing it." in page
    assert "Ed saved this claim (text) while you were editing it." in page
    assert (
        '<del dir="auto">Russia has 10,000 troops in Belarus.</del> → '
        '<ins dir="auto">Russia has 10,000 to 15,000 troops in Belarus.</ins>' in page
    )
    assert f'<a href="{url}">reload the current version</a>' in page
    assert "Russia has 12,000 troops in Belarus.</textarea>" in page  # Eve's text is kept for her to copy
    claim.refresh_from_db()
    assert claim.text == "Russia has 10,000 to 15,000 troops in Belarus."

    reloaded = eve.get(url).content.decode()
    assert eve.post(url, claim_form_data(reloaded, text="Russia has 12,000 troops.")).status_code == 302


@pytest.mark.django_db
def test_a_workflow_step_does_not_block_an_edit_but_is_shown_if_it_raced(editor, reviewer):
    """Editing the text after someone moved the claim on is a conflict too: the form was for an
    older version. The message names what changed."""
    claim = make_claim(text="Old")
    url = reverse("claims:claim-edit", args=[claim.pk])
    ed = logged_in(editor)
    page = ed.get(url).content.decode()
    claim.assign(reviewer, by=editor)

    response = ed.post(url, claim_form_data(page, text="New"))

    assert response.status_code == 409
    assert "<dt>Assignee</dt>" not in response.content.decode()  # told by the timeline, not as a field
    claim.refresh_from_db()
    assert claim.text == "Old"


@pytest.mark.django_db
def test_the_second_of_two_evidence_edits_is_refused_in_place(reviewer, second_reviewer):
    claim = bring_to(make_claim(), S.IN_RESEARCH, author=reviewer, approver=reviewer)
    item = make_evidence(claim, reviewer, excerpt="Minsk is 55 miles from the border.")
    url = reverse("claims:evidence-edit", args=[claim.pk, item.pk])
    prefix = f"evidence-{item.pk}"
    rita, ron = logged_in(reviewer), logged_in(second_reviewer)
    rita_form = hidden_inputs(rita.get(url, headers=HTMX).content.decode())
    ron_form = hidden_inputs(ron.get(url, headers=HTMX).content.decode())
    fields = {f"{prefix}-stance": "refutes", f"{prefix}-url": item.url}

    first = rita.post(url, {**rita_form, **fields, f"{prefix}-excerpt": "About 55 miles."}, headers=HTMX)
    second = ron.post(url, {**ron_form, **fields, f"{prefix}-excerpt": "Roughly 90 km."}, headers=HTMX)

    assert first.status_code == 204
    assert second.status_code == 409
    panel = second.content.decode()
    assert "<html" not in panel and f'id="evidence-{item.pk}"' in panel
    assert '<del dir="auto">Minsk is 55 miles from the border.</del> → <ins dir="auto">About 55 miles.</ins>' in panel
    item.refresh_from_db()
    assert item.excerpt == "About 55 miles."


@pytest.mark.django_db
def test_the_second_of_two_verdict_drafts_is_refused(client, reviewer, second_reviewer):
    claim = bring_to(make_claim(), S.IN_RESEARCH, author=reviewer, approver=reviewer)
    claim.draft_verdict(rating=default_rating("False"), headline="Draft", explanation="x", by=reviewer)
    panel_url = reverse("claims:claim-panel", args=[claim.pk, "verdict"])
    save_url = reverse("claims:verdict-save", args=[claim.pk])
    rita, ron = logged_in(reviewer), logged_in(second_reviewer)
    rita_form = hidden_inputs(rita.get(panel_url, headers=HTMX).content.decode())
    ron_form = hidden_inputs(ron.get(panel_url, headers=HTMX).content.decode())
    rating = default_rating("Misleading").pk

    first = rita.post(save_url, {**rita_form, "rating": rating, "headline": "Rita's", "explanation": "x"}, headers=HTMX)
    second = ron.post(save_url, {**ron_form, "rating": rating, "headline": "Ron's", "explanation": "x"}, headers=HTMX)

    assert first.status_code == 204
    assert second.status_code == 409
    assert '<del dir="auto">Draft</del> → <ins dir="auto">Rita&#x27;s</ins>' in second.content.decode()
    assert claim.current_verdict.headline == "Rita's"


@pytest.mark.django_db
def test_a_draft_written_before_a_verdict_existed_does_not_replace_one_written_meanwhile(reviewer, second_reviewer):
    claim = bring_to(make_claim(), S.IN_RESEARCH, author=reviewer, approver=reviewer)
    claim.draft_verdict(rating=default_rating(), headline="Rita's", explanation="x", by=reviewer)

    with pytest.raises(StaleEdit):
        claim.draft_verdict(
            rating=default_rating(), headline="Ron's", explanation="x", by=second_reviewer, based_on=(None, None)
        )
    assert claim.current_verdict.headline == "Rita's"


@pytest.mark.django_db
def test_admin_refuses_a_change_form_saved_over_a_newer_version(client, admin_user, editor):
    claim = make_claim(text="Before")
    client.force_login(admin_user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = client.get(url)
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "topics"}
    data.update(hidden_inputs(response.content.decode()))  # the version, the inlines' management forms
    claim.text = "Changed by someone else"
    claim.save()

    response = client.post(url, {**data, "text": "Admin's text"})

    assert response.status_code == 200  # the form again, with the error
    assert "saved this claim (text) while you were editing it" in str(response.context["errors"])
    claim.refresh_from_db()
    assert claim.text == "Changed by someone else"


# Races on two connections: the threads start together and each uses its own database connection.


def race(*actions):
    """Run the actions at once, each in its own thread (so on its own connection); return what each
    returned or raised."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # noqa: BLE001 (reported to the test)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_at_once_publish_once(migration_data, reviewer, editor, second_editor):
    claim = bring_to(make_claim(), S.APPROVED, author=reviewer, approver=editor)

    def publish(user):
        return lambda: Claim.objects.get(pk=claim.pk).transition(S.PUBLISHED, by=user)

    results = race(publish(editor), publish(second_editor))

    assert sorted(type(r).__name__ for r in results) == ["IllegalTransition", "NoneType"]
    refusal = next(r for r in results if isinstance(r, IllegalTransition))
    assert "Someone else moved this claim to Published" in str(refusal)
    assert StatusChange.objects.filter(claim=claim, to_status=S.PUBLISHED).count() == 1
    assert claim.verdicts.filter(published_at__isnull=False).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_version_on_two_connections_keep_the_first(migration_data, reviewer):
    item = make_evidence(make_claim(), reviewer, excerpt="original")

    def save(excerpt):
        def action():
            copy = Evidence.objects.get(pk=item.pk)
            copy.version = 1  # both started from the first version
            copy.excerpt = excerpt
            copy.save()
            return excerpt

        return action

    results = race(save("from A"), save("from B"))

    saved = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, StaleEdit)]
    assert len(saved) == 1 and len(refused) == 1
    item.refresh_from_db()
    assert (item.excerpt, item.version) == (saved[0], 2)
