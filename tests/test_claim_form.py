"""Adding and editing a claim: the claimant by name, a source picked or added, a quantity typed as text."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from claims.models import Claim, Claimant, Source
from claims.quantities import parse_number
from tests.factories import make_claim, make_claimant, make_source

pytestmark = pytest.mark.django_db

CREATE = reverse("claims:claim-create")
SUGGEST = reverse("claims:claimant-suggest")
SOLDIERS = "Russia has between 10,000 to 15,000 soldiers in Belarus"


def claim_data(**fields) -> dict:
    """What the form posts when the required fields are filled in, with `fields` on top. The version
    is that of a claim nobody has saved since it was made."""
    data = {"text": "Some claim", "kind": Claim.Kind.OTHER, "priority": Claim.Priority.NORMAL, "version": 1}
    data.update(fields)
    return data


def field_chunk(page: str, name: str) -> str:
    """The markup of the form field `name`: from its `<div class="field` to the end of that div."""
    match = re.search(rf'name="{re.escape(name)}"', page)
    assert match, f"no field named {name} on the page"
    start = page.rfind('<div class="field', 0, match.start())
    end = page.find("</div>", match.end())
    assert start != -1
    assert end != -1
    return page[start:end]


def field_error(page: str, name: str) -> str:
    """The error text shown at the field `name`, unescaped; "" when there is none."""
    chunk = field_chunk(page, name)
    found = re.search(r'<p class="field-error"[^>]*>(.*?)</p>', chunk, re.S)
    if not found:
        return ""
    assert "has-error" in chunk[: chunk.find(">")]
    return html.unescape(found.group(1))


def input_value(page: str, name: str) -> str:
    """The value an <input name=...> is shown with, unescaped."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert tag, f"no input named {name} on the page"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def counts() -> tuple[int, int, int]:
    return Claim.objects.count(), Claimant.objects.count(), Source.objects.count()


# Creating


def test_a_reviewer_adds_a_quantity_claim_with_a_new_claimant_and_a_new_source(client, reviewer):
    client.force_login(reviewer)

    response = client.post(
        CREATE,
        claim_data(
            text=SOLDIERS,
            kind=Claim.Kind.QUANTITY,
            claimant_name="Konrad Muzyka",
            claimant_description="Director of Rochan Consulting",
            new_source_title="Russian troops in Belarus",
            new_source_url="https://example.org/belarus-troops",
            quantity_low="10,000",
            quantity_high="15,000",
            quantity_unit="soldiers",
        ),
    )

    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response.url == claim.get_absolute_url()
    assert claim.text == SOLDIERS
    assert claim.kind == Claim.Kind.QUANTITY
    assert claim.quantity_low == Decimal(10000)
    assert claim.quantity_high == Decimal(15000)
    assert claim.quantity_unit == "soldiers"
    assert claim.status == Claim.Status.NEW
    assert claim.created_by == reviewer
    claimant = Claimant.objects.get()
    assert claim.claimant == claimant
    assert claimant.name == "Konrad Muzyka"
    assert claimant.description == "Director of Rochan Consulting"
    source = Source.objects.get()
    assert claim.source == source
    assert source.title == "Russian troops in Belarus"
    assert source.url == "https://example.org/belarus-troops"

    page = client.get(response.url).content.decode()
    assert "10,000–15,000 soldiers" in page
    assert "Konrad Muzyka" in page
    assert "Director of Rochan Consulting" in page
    assert "Russian troops in Belarus" in page
    assert "Claim added." in page


@pytest.mark.parametrize(
    ("fields", "shown", "low", "high"),
    [
        (
            {"quantity_qualifier": "at_least", "quantity_low": "6", "quantity_unit": "meetings"},
            "at least 6 meetings",
            6,
            None,
        ),
        (
            {"quantity_qualifier": "about", "quantity_low": " 1,234.5 ", "quantity_unit": "km"},
            "about 1,234.5 km",
            "1234.5",
            None,
        ),
    ],
)
def test_a_single_number_with_a_qualifier_is_saved_and_shown(client, reviewer, fields, shown, low, high):
    client.force_login(reviewer)

    response = client.post(CREATE, claim_data(text="Lukashenko met Putin at least 6 times", **fields))

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.quantity_low == Decimal(low)
    assert claim.quantity_high is None
    assert shown in client.get(response.url).content.decode()


def test_the_new_claim_form_opens_for_a_reviewer(client, reviewer):
    client.force_login(reviewer)
    response = client.get(CREATE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "New claim" in page
    assert 'name="claimant_name"' in page
    assert 'name="status"' not in page


def test_a_claimant_typed_in_another_case_is_reused_not_duplicated(client, reviewer):
    muzyka = make_claimant(name="Konrad Muzyka", description="Director of Rochan Consulting")
    client.force_login(reviewer)

    response = client.post(CREATE, claim_data(text=SOLDIERS, claimant_name="konrad muzyka"))

    assert response.status_code == 302
    assert Claimant.objects.count() == 1
    assert Claim.objects.get().claimant == muzyka
    muzyka.refresh_from_db()
    assert muzyka.name == "Konrad Muzyka"
    assert muzyka.description == "Director of Rochan Consulting"


@pytest.mark.parametrize("title", ["", "Another title for the same page"])
def test_a_new_source_url_that_is_on_file_reuses_that_source(client, reviewer, title):
    report = make_source(title="Rochan report", url="https://example.org/report")
    client.force_login(reviewer)

    response = client.post(
        CREATE, claim_data(text=SOLDIERS, new_source_title=title, new_source_url="https://example.org/report")
    )

    assert response.status_code == 302
    assert Source.objects.count() == 1
    assert Claim.objects.get().source == report
    report.refresh_from_db()
    assert report.title == "Rochan report"


def test_an_existing_source_can_be_picked(client, reviewer):
    report = make_source(title="Rochan report", url="https://example.org/report")
    client.force_login(reviewer)

    response = client.post(CREATE, claim_data(text=SOLDIERS, source=report.pk))

    assert response.status_code == 302
    assert Claim.objects.get().source == report
    assert Source.objects.count() == 1


# Validation


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param(
            {"quantity_low": "15,000", "quantity_high": "10,000", "quantity_unit": "soldiers"},
            "quantity_high",
            "The high end must not be below the low end.",
            id="low above high",
        ),
        pytest.param({"quantity_unit": "soldiers"}, "quantity_low", "A unit needs a number.", id="unit without number"),
        pytest.param(
            {"quantity_low": "ten thousand", "quantity_unit": "soldiers"},
            "quantity_low",
            "'ten thousand' is not a number.",
            id="number in words",
        ),
        pytest.param(
            {"new_source_url": "https://example.org/nowhere"},
            "new_source_title",
            "A new source needs a title.",
            id="new source url without title",
        ),
        pytest.param(
            {"new_source_title": "A source", "new_source_url": "javascript:alert(1)"},
            "new_source_url",
            "Enter a valid URL.",
            id="script url",
        ),
        pytest.param({"text": ""}, "text", "This field is required.", id="empty text"),
        pytest.param({"text": "   "}, "text", "This field is required.", id="blank text"),
    ],
)
def test_an_invalid_claim_is_shown_again_with_the_error_at_the_field(client, reviewer, fields, field, message):
    make_source(title="Rochan report", url="https://example.org/report")
    client.force_login(reviewer)
    before = counts()

    response = client.post(CREATE, claim_data(**{"text": SOLDIERS, "claimant_name": "Konrad Muzyka", **fields}))

    assert response.status_code == 422
    page = response.content.decode()
    assert message in field_error(page, field)
    others = {"text", "quantity_low", "quantity_high", "quantity_unit", "new_source_title", "new_source_url"} - {field}
    assert {other: field_error(page, other) for other in others} == dict.fromkeys(others, "")
    assert "Please correct the fields marked below." in page
    assert counts() == before
    assert not Claimant.objects.filter(name__iexact="Konrad Muzyka").exists()


def test_picking_a_source_and_adding_a_new_one_is_refused(client, reviewer):
    report = make_source(title="Rochan report", url="https://example.org/report")
    client.force_login(reviewer)
    before = counts()

    response = client.post(
        CREATE,
        claim_data(text=SOLDIERS, claimant_name="Konrad Muzyka", source=report.pk, new_source_title="Another report"),
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert field_error(page, "new_source_title") == "Pick an existing source or add a new one, not both."
    assert counts() == before


def test_an_invalid_form_keeps_what_was_typed(client, reviewer):
    client.force_login(reviewer)

    response = client.post(
        CREATE,
        claim_data(
            text=SOLDIERS,
            claimant_name="Konrad Muzyka",
            quantity_low="15,000",
            quantity_high="10,000",
            quantity_unit="soldiers",
        ),
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert input_value(page, "claimant_name") == "Konrad Muzyka"
    assert input_value(page, "quantity_low") == "15,000"
    assert input_value(page, "quantity_high") == "10,000"
    assert input_value(page, "quantity_unit") == "soldiers"
    assert SOLDIERS in page


# Editing


def test_the_edit_form_shows_the_current_claimant_and_quantity(client, editor):
    claim = make_claim(
        text=SOLDIERS,
        claimant=make_claimant(name="Konrad Muzyka", description="Director of Rochan Consulting"),
        quantity_low=Decimal(10000),
        quantity_high=Decimal("15000.5"),
        quantity_unit="soldiers",
    )
    client.force_login(editor)

    response = client.get(reverse("claims:claim-edit", args=[claim.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert f"Edit claim {claim.pk}" in page
    assert input_value(page, "claimant_name") == "Konrad Muzyka"
    assert input_value(page, "claimant_description") == "Director of Rochan Consulting"
    assert parse_number(input_value(page, "quantity_low")) == Decimal(10000)
    assert parse_number(input_value(page, "quantity_high")) == Decimal("15000.5")
    assert input_value(page, "quantity_unit") == "soldiers"


def test_an_editor_changes_the_text_and_quantity_of_a_claim(client, editor, reviewer):
    muzyka = make_claimant(name="Konrad Muzyka")
    claim = make_claim(
        text=SOLDIERS,
        claimant=muzyka,
        quantity_low=Decimal(10000),
        quantity_high=Decimal(15000),
        quantity_unit="soldiers",
        created_by=reviewer,
    )
    client.force_login(editor)
    new_text = "Russia has between 20,000 and 30,000 soldiers in Belarus"

    response = client.post(
        reverse("claims:claim-edit", args=[claim.pk]),
        claim_data(
            text=new_text,
            claimant_name="Konrad Muzyka",
            quantity_low="20,000",
            quantity_high="30,000",
            quantity_unit="soldiers",
        ),
    )

    assert response.status_code == 302
    assert response.url == claim.get_absolute_url()
    claim.refresh_from_db()
    assert claim.text == new_text
    assert claim.quantity_low == Decimal(20000)
    assert claim.quantity_high == Decimal(30000)
    assert claim.claimant == muzyka
    assert claim.created_by == reviewer
    assert Claim.objects.count() == 1
    assert Claimant.objects.count() == 1
    page = client.get(response.url).content.decode()
    assert "20,000–30,000 soldiers" in page
    assert "Claim saved." in page


def test_saving_the_edit_form_unchanged_keeps_the_quantity(client, editor):
    claim = make_claim(
        text=SOLDIERS, quantity_low=Decimal(10000), quantity_high=Decimal("15000.5"), quantity_unit="soldiers"
    )
    client.force_login(editor)
    url = reverse("claims:claim-edit", args=[claim.pk])
    page = client.get(url).content.decode()

    response = client.post(
        url,
        claim_data(
            text=SOLDIERS,
            quantity_low=input_value(page, "quantity_low"),
            quantity_high=input_value(page, "quantity_high"),
            quantity_unit=input_value(page, "quantity_unit"),
        ),
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.quantity_low == Decimal(10000)
    assert claim.quantity_high == Decimal("15000.5")


def test_editing_does_not_change_the_status_even_when_one_is_posted(client, editor):
    claim = make_claim(text=SOLDIERS)
    client.force_login(editor)
    page = client.get(reverse("claims:claim-edit", args=[claim.pk])).content.decode()
    assert 'name="status"' not in page

    response = client.post(
        reverse("claims:claim-edit", args=[claim.pk]), claim_data(text="Edited text", status="published")
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Edited text"
    assert claim.status == Claim.Status.NEW
    assert not claim.status_changes.exists()


def test_an_invalid_edit_changes_nothing(client, editor):
    claim = make_claim(text=SOLDIERS, quantity_low=Decimal(10000), quantity_unit="soldiers")
    client.force_login(editor)

    response = client.post(
        reverse("claims:claim-edit", args=[claim.pk]),
        claim_data(text="Edited text", quantity_low="15,000", quantity_high="10,000", quantity_unit="soldiers"),
    )

    assert response.status_code == 422
    assert field_error(response.content.decode(), "quantity_high") == "The high end must not be below the low end."
    claim.refresh_from_db()
    assert claim.text == SOLDIERS
    assert claim.quantity_low == Decimal(10000)
    assert claim.quantity_high is None


def test_editing_a_claim_that_does_not_exist_is_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("claims:claim-edit", args=[999999])).status_code == 404


# Permissions


def test_someone_without_a_role_cannot_add_a_claim(client, stranger):
    client.force_login(stranger)

    assert client.get(CREATE).status_code == 403
    response = client.post(
        CREATE, claim_data(text=SOLDIERS, claimant_name="Konrad Muzyka", new_source_title="A source")
    )

    assert response.status_code == 403
    assert counts() == (0, 0, 0)


def test_someone_without_a_role_cannot_edit_a_claim(client, stranger):
    claim = make_claim(text=SOLDIERS)
    url = reverse("claims:claim-edit", args=[claim.pk])
    client.force_login(stranger)

    assert client.get(url).status_code == 403
    response = client.post(url, claim_data(text="Vandalised", claimant_name="Konrad Muzyka"))

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.text == SOLDIERS
    assert claim.claimant is None
    assert not Claimant.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("view", ["create", "edit"])
def test_the_claim_form_needs_a_login(client, method, view):
    url = CREATE if view == "create" else reverse("claims:claim-edit", args=[make_claim(text=SOLDIERS).pk])

    response = getattr(client, method)(url, claim_data(text="Anonymous") if method == "post" else None)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Claim.objects.filter(text="Anonymous").exists()


# Claimant suggestions


@pytest.fixture
def lukashenko(db):
    return make_claimant(name="Aleksandr G. Lukashenko", description="President of Belarus")


def options(page: str) -> list[str]:
    datalist = re.search(r'<datalist id="claimant-options">(.*?)</datalist>', page, re.S)
    assert datalist, "no claimant datalist in the response"
    return [html.unescape(value) for value in re.findall(r'<option value="([^"]*)"', datalist.group(1))]


@pytest.mark.parametrize("typed", ["luka", "Lukashenco", "lukashenko", "Aleks"])
def test_claimant_suggestions_offer_matching_names(client, reviewer, lukashenko, typed):
    make_claimant(name="Konrad Muzyka")
    client.force_login(reviewer)

    response = client.get(SUGGEST, {"claimant_name": typed})

    assert response.status_code == 200
    page = response.content.decode()
    assert options(page) == ["Aleksandr G. Lukashenko"]
    assert "<html" not in page


def test_one_letter_offers_no_claimant(client, reviewer, lukashenko):
    client.force_login(reviewer)

    page = client.get(SUGGEST, {"claimant_name": "l"}).content.decode()

    assert options(page) == []
    assert "<html" not in page


def test_claimant_suggestions_need_a_login(client, lukashenko):
    response = client.get(SUGGEST, {"claimant_name": "luka"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "Lukashenko" not in response.content.decode()


def test_claimant_suggestions_are_escaped(client, reviewer):
    make_claimant(name='Luka "><script>alert(1)</script>', description="<b>bold</b>")
    client.force_login(reviewer)

    page = client.get(SUGGEST, {"claimant_name": "luka"}).content.decode()

    assert "<script>" not in page
    assert "<b>" not in page
    assert options(page) == ['Luka "><script>alert(1)</script>']


# Hostile input


def test_a_claim_text_with_markup_is_stored_as_given_and_shown_escaped(client, reviewer):
    hostile = "He said <script>alert(1)</script> & left"
    client.force_login(reviewer)

    response = client.post(
        CREATE,
        claim_data(text=hostile, claimant_name="<img src=x onerror=alert(2)>", new_source_title="<i>Source</i>"),
    )

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.text == hostile
    assert claim.claimant.name == "<img src=x onerror=alert(2)>"
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "<i>Source</i>" not in page
