"""The HSDS listings cost one build however many clients pull them, stay current after edits,
refuse to queue builds without bound, and answer odd dates with a JSON 400."""

import pytest
from django.core.cache import cache
from django.utils.translation import gettext

from open_data import listing_cache
from tests.factories import ProviderPageFactory

from .data import make_directory

pytestmark = pytest.mark.django_db
LARGEST = "/api/hsds/organizations?per_page=100&full_service=true"


@pytest.fixture
def directory(portal_site):
    cache.clear()
    yield make_directory()
    cache.clear()


def test_modified_after_in_year_one_is_a_json_400(client, directory):
    response = client.get("/api/hsds/services", {"modified_after": "0001-01-01"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["parameter"] == "modified_after" and "1900" in response.json()["error"]
    assert client.get("/api/hsds/services", {"modified_after": "1900-01-02"}).status_code == 200


def test_repeated_listing_is_served_without_rebuilding(client, directory, django_assert_max_num_queries):
    first = client.get(LARGEST)
    assert first.status_code == 200 and first.json()["total_items"] == 2
    with django_assert_max_num_queries(2):  # the fingerprint of the pages (and the database cache)
        second = client.get(LARGEST)
    assert second.status_code == 200 and second.content == first.content
    assert second["Access-Control-Allow-Origin"] == "*"


def test_listing_follows_an_edit_at_once(client, directory):
    assert "Jugendberatung" in client.get("/api/hsds/services").content.decode()
    offer = directory["offer"]
    offer.title_de = offer.title = "Jugendberatung neu"
    offer.save_revision().publish()
    assert "Jugendberatung neu" in client.get("/api/hsds/services").content.decode()
    place = directory["place"]
    place.street = "Neue Straße 1"
    place.save()
    assert "Neue Straße 1" in client.get("/api/hsds/services", {"full": "true"}).content.decode()


def test_builds_beyond_the_limit_get_a_json_503_with_retry_after(client, directory, monkeypatch):
    monkeypatch.setattr(listing_cache, "WAIT_FOR_SLOT", 0)
    cached = client.get("/api/hsds/services")
    for number in range(listing_cache.concurrent_builds()):
        assert cache.add(f"hsds:build-slot:{number}", 1)  # every slot busy with another build
    busy = client.get(LARGEST)
    assert busy.status_code == 503 and busy["Retry-After"] == "5"
    assert busy.json()["error"] == gettext("The server is busy building large listings. Please try again in a few seconds.")
    again = client.get("/api/hsds/services")  # what is cached is still served
    assert again.status_code == 200 and again.content == cached.content


def test_pages_of_organizations_with_their_services_hold_at_most_ten(client, directory):
    for number in range(11):
        ProviderPageFactory(title=f"Träger {number}")
    plain = client.get("/api/hsds/organizations", {"per_page": 100}).json()
    assert plain["size"] == plain["total_items"] == 13
    nested = client.get("/api/hsds/organizations", {"per_page": 100, "full_service": "true"}).json()
    assert (nested["size"], nested["total_items"], nested["total_pages"]) == (10, 13, 2)
    second = client.get("/api/hsds/organizations", {"per_page": 100, "full_service": "true", "page": 2}).json()
    assert second["size"] == 3 and second["last_page"]
    ids = [item["id"] for item in nested["contents"] + second["contents"]]
    assert sorted(ids) == sorted(item["id"] for item in plain["contents"])
