"""Choosers, places and barrier reports in the admin: each carrier sees and writes only its own."""

import pytest

from services_directory.models import OfferPage, Place
from tests.carriers.conftest import SECRET_BARRIER_TEXT, SECRET_PLACE_NAME, SECRET_REPORT_TEXT

pytestmark = pytest.mark.django_db

PENDING_TITLE = "Neuer Titel noch nicht veroeffentlicht"  # ASCII: chooser answers are JSON-escaped


def _place_form(world, provider, name):
    return {
        "name_de": name, "provider": provider.pk, "street": "Domkloster 4", "postcode": "50667",
        "district": world.place_a.district_id,
    }


def test_page_chooser_never_shows_another_carriers_unpublished_title(table_world, login):
    offer = table_world.offer_a.get_latest_revision_as_object()
    offer.title = offer.title_de = PENDING_TITLE
    offer.save_revision()

    client = login(table_world.users["editor_b"])
    for url in (
        f"/admin/choose-page/{table_world.provider_a.pk}/",
        "/admin/choose-page/search/?q=Angebot",
        f"/admin/choose-page/chosen-multiple/?id={table_world.offer_a.pk}",
    ):
        assert PENDING_TITLE not in client.get(url).content.decode(), url

    # Carrier A chooses among its own pages by their working titles.
    own = login(table_world.users["editor_a"]).get(f"/admin/choose-page/{table_world.provider_a.pk}/")
    assert PENDING_TITLE in own.content.decode()


def test_carrier_b_chooses_only_its_own_places_and_reports(table_world, login):
    client = login(table_world.users["editor_b"])
    places = client.get("/admin/snippets/choose/services_directory/place/").content.decode()
    reports = client.get("/admin/snippets/choose/carriers/problemreport/").content.decode()
    assert "Ort B" in places and SECRET_PLACE_NAME not in places
    assert "Angebot B" in reports and SECRET_REPORT_TEXT not in reports and "Angebot A" not in reports


def test_carrier_creates_places_only_for_its_own_provider(table_world, login):
    form_class = Place.get_edit_handler().get_form_class()
    choices = form_class(for_user=table_world.users["editor_b"]).fields["provider"].queryset
    assert list(choices) == [table_world.provider_b]

    client = login(table_world.users["editor_b"])

    # A forged POST naming carrier A's provider is refused by the server, not only by the form.
    response = client.post(
        "/admin/snippets/services_directory/place/add/", _place_form(table_world, table_world.provider_a, "Untergeschoben")
    )
    assert response.status_code == 200
    assert not Place.objects.filter(name="Untergeschoben").exists()

    created = client.post(
        "/admin/snippets/services_directory/place/add/", _place_form(table_world, table_world.provider_b, "Eigener Ort B")
    )
    assert created.status_code == 302
    assert Place.objects.get(name="Eigener Ort B").provider_id == table_world.provider_b.pk


def test_carrier_cannot_hand_its_place_to_another_provider_but_a_moderator_can(table_world, login):
    place = table_world.place_a
    url = f"/admin/snippets/services_directory/place/edit/{place.pk}/"
    response = login(table_world.users["editor_a"]).post(
        url, _place_form(table_world, table_world.provider_b, SECRET_PLACE_NAME)
    )
    assert response.status_code == 200
    assert Place.objects.get(pk=place.pk).provider_id == table_world.provider_a.pk

    moved = login(table_world.users["moderator"]).post(
        url, _place_form(table_world, table_world.provider_b, SECRET_PLACE_NAME)
    )
    assert moved.status_code == 302
    assert Place.objects.get(pk=place.pk).provider_id == table_world.provider_b.pk


def test_moderators_read_barrier_reports_in_the_admin_and_cannot_change_them(table_world, login, client):
    login(None)
    sent = client.post("/de/barrier-report/", {"page_url": "/de/suche/", "description": "Kontrast im Menü zu schwach"})
    assert sent.status_code == 200

    moderator = login(table_world.users["moderator"])
    listing = moderator.get("/admin/barrier-reports/").content.decode()
    assert "Kontrast im Menü zu schwach" in listing and SECRET_BARRIER_TEXT in listing
    inspect = moderator.get(f"/admin/barrier-reports/inspect/{table_world.barrier_report.pk}/")
    assert inspect.status_code == 200 and SECRET_BARRIER_TEXT in inspect.content.decode()
    assert f"/admin/barrier-reports/edit/{table_world.barrier_report.pk}/" not in inspect.content.decode()

    menu = login(table_world.users["editor_a"]).get("/admin/").content.decode()
    assert "/admin/barrier-reports/" not in menu


def test_bulk_actions_leave_other_carriers_pages_alone(table_world, login):
    offer, draft = table_world.offer_a, table_world.draft_a
    client = login(table_world.users["editor_b"])
    client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={offer.pk}&next=/admin/")
    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={offer.pk}&next=/admin/")
    assert OfferPage.objects.get(pk=offer.pk).live

    # Carrier A is not trusted: it may not publish its own draft in bulk either.
    login(table_world.users["editor_a"]).post(f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}&next=/admin/")
    assert not OfferPage.objects.get(pk=draft.pk).live
