"""Editors add vocabulary terms and translate labels, but a saved code never changes."""

import pytest

from services_directory.directory import filing_letter, providers_by_letter
from services_directory.models import Term
from tests.directory.admin_forms import form_data
from tests.factories import term

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, portal_site):
    client.force_login(django_user_model.objects.create_superuser("redaktion", "r@example.org", "pw"))
    return client


def test_editor_translates_a_label_but_cannot_change_the_code(admin_client):
    item = term("target-group", "alle")
    url = f"/admin/snippets/services_directory/term/edit/{item.pk}/"
    html = admin_client.get(url).content.decode()
    data = form_data(html, form_id="w-editor-form")
    data.update(code="everyone", name_fa="همه")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.code == "alle"
    assert item.name_fa == "همه"


def test_editor_adds_a_term_with_a_code(admin_client):
    url = "/admin/snippets/services_directory/term/add/"
    data = form_data(admin_client.get(url).content.decode(), form_id="w-editor-form")
    taxonomy = term("target-group", "alle").taxonomy
    data.update(taxonomy=str(taxonomy.pk), code="seniorinnen", name_de="Seniorinnen und Senioren", sort_order="99")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert Term.objects.get(taxonomy=taxonomy, code="seniorinnen").name_de == "Seniorinnen und Senioren"


def test_term_listing_can_be_searched_and_filtered(admin_client):
    response = admin_client.get("/admin/snippets/services_directory/term/", {"q": "sgb"})
    assert response.status_code == 200
    assert "sgb-ii" in response.content.decode()


def test_filing_letters():
    assert [filing_letter(title) for title in ["Ökumenisches Zentrum", "„Zuhause“ e.V.", "1. FC", "مركز"]] == [
        "O", "Z", "#", "#",
    ]


def test_providers_by_letter_sorts_umlauts_with_their_base_letter():
    class P:
        def __init__(self, title):
            self.title = title

    groups = providers_by_letter([P("Ohne Grenzen"), P("Awo"), P("Ökumene"), P("42 Köln")])
    assert [(group.letter, [p.title for p in group.providers]) for group in groups] == [
        ("A", ["Awo"]), ("O", ["Ohne Grenzen", "Ökumene"]), ("#", ["42 Köln"]),
    ]
    assert groups[-1].anchor == "providers-other"
