"""Editors set a collection's criteria in the Wagtail admin from labelled lists: unknown criteria
are refused, the count of matching offers is shown (live and on save), an empty one warned about."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.utils.translation import gettext
from wagtail.blocks import StructBlockValidationError

from curation.blocks import OfferListBlock
from curation.models import CollectionPage
from portal.models import HomePage
from tests.directory.admin_forms import form_data
from tests.factories import make_offer, make_place, make_provider

from .helpers import make_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, portal_site):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("redaktion", "redaktion@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def housing(portal_site):
    provider = make_provider("Caritas Köln")
    make_offer(provider, "Wohnungssuche Kalk", fields_of_action=["wohnen"], places=[make_place("Kalk", "kalk-stadtteil")])
    make_offer(provider, "Wohnberatung Porz", fields_of_action=["wohnen"], places=[make_place("Porz", "porz-stadtteil")])
    make_offer(provider, "Jobcoaching Kalk", fields_of_action=["arbeit"], places=[make_place("Kalk 2", "kalk-stadtteil")])


def add_url():
    return f"/admin/pages/add/curation/collectionpage/{HomePage.objects.get().pk}/"


def _create(admin_client, **changes):
    data = form_data(admin_client.get(add_url()).content.decode())
    data.update(title_de="Wohnen in Kalk", slug_de="wohnen-in-kalk", **changes)
    data["action-publish"] = "action-publish"
    return admin_client.post(add_url(), data)


def test_criteria_are_chosen_from_labelled_lists(admin_client, housing):
    soup = BeautifulSoup(admin_client.get(add_url()).content, "html.parser")
    housing_box = soup.find("input", {"name": "criteria_field_of_action", "value": "wohnen"})
    assert housing_box is not None and housing_box["type"] == "checkbox"
    assert soup.find("label", {"for": housing_box["id"]}).get_text(strip=True) == "Housing"
    kalk = soup.find("select", {"name": "criteria_district"}).find("option", {"value": "kalk"})
    assert kalk.get_text(strip=True) == "Kalk"
    assert soup.find("input", {"name": "reader_filters", "value": "district"})


def test_editor_saves_criteria_and_the_page_lists_their_offers(admin_client, client, housing):
    response = _create(admin_client, criteria_field_of_action=["wohnen"], criteria_district=["kalk"],
                       criteria_sort="name", reader_filters=["district"])
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = CollectionPage.objects.get(slug_de="wohnen-in-kalk")
    assert page.live
    assert page.criteria["filters"] == {"field_of_action": ["wohnen"], "district": ["kalk"]}
    assert page.exposed_facets == ["district"]
    assert "Wohnungssuche Kalk" in client.get(page.url).content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"criteria_target_group": ["no-such-group"]},
        {"criteria_district": ["atlantis"]},
        {"criteria_sort": "random"},
        {"criteria_near": "atlantis"},
        {"criteria_age": "200"},
        {"criteria_sort": "distance"},  # distance needs a Stadtteil
    ],
    ids=["target-group", "district", "sort", "near", "age", "distance-without-near"],
)
def test_admin_form_rejects_unknown_criteria_and_saves_nothing(admin_client, housing, changes):
    response = _create(admin_client, **changes)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    assert not CollectionPage.objects.filter(slug_de="wohnen-in-kalk").exists()


def test_edit_form_shows_the_count_of_the_saved_criteria(admin_client, housing):
    page = make_collection(criteria={"filters": {"field_of_action": ["wohnen"], "district": ["kalk"]}})
    soup = BeautifulSoup(admin_client.get(f"/admin/pages/{page.pk}/edit/").content, "html.parser")
    count = soup.select_one("[data-collection-count]")
    assert count["data-count"] == "1"
    assert "1 offer matches these criteria now." in count.get_text(" ", strip=True)
    assert soup.find("input", {"name": "criteria_field_of_action", "value": "wohnen"}).has_attr("checked")


def test_live_count_endpoint_counts_the_criteria_being_edited(admin_client, housing):
    answer = admin_client.get("/admin/curation/count/", {"criteria_field_of_action": "wohnen"}).json()
    assert answer["count"] == 2 and answer["empty"] is False
    assert answer["text"] == "2 offers match these criteria now."
    narrowed = admin_client.get("/admin/curation/count/", {"criteria_field_of_action": "wohnen", "criteria_district": "porz"})
    assert narrowed.json()["count"] == 1
    bad = admin_client.get("/admin/curation/count/", {"criteria_target_group": "no-such-group"})
    assert bad.status_code == 400 and bad.json()["errors"]


def test_anonymous_cannot_use_the_count_endpoint(client, housing):
    response = client.get("/admin/curation/count/", {"criteria_field_of_action": "wohnen"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_saving_an_empty_collection_warns_the_editor(admin_client, housing):
    response = _create(admin_client, criteria_field_of_action=["gesundheit"])
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert gettext("This collection finds no offers at the moment. Readers will see an empty list.") in messages


def test_dashboard_lists_collections_that_have_become_empty(admin_client, housing):
    make_collection("Gesundheit", criteria={"filters": {"field_of_action": ["gesundheit"]}})
    make_collection("Wohnen", criteria={"filters": {"field_of_action": ["wohnen"]}})
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    panel = soup.find(id="curation-empty-collections-heading").find_parent("section")
    assert [link.get_text(strip=True) for link in panel.select("li a")] == ["Gesundheit"]


def test_offer_list_block_refuses_unknown_criteria():
    block = OfferListBlock()
    value = block.to_python({"field_of_action": ["wohnen"], "sort": "name", "limit": 5})
    block.clean(value)
    with pytest.raises(Exception):  # noqa: B017, PT011 - Django's or Wagtail's validation error
        block.clean(block.to_python({"target_group": ["no-such-group"], "sort": "name", "limit": 5}))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"sort": "distance", "limit": 5}))

