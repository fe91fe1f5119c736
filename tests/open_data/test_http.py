"""The HSDS API as a generic client or a browser meets it: CORS on every answer, preflights,
POST list operations, errors in the reader's language, Accept-Language, fallback markers, clamped
paging, ndjson, proximity and the sync fields (last_modified, modified_after, minimal)."""

import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from open_data.views import MAX_PER_PAGE
from services_directory.models import OfferPlace, Term
from tests.factories import OfferPageFactory, PlaceFactory

from .data import make_directory

pytestmark = pytest.mark.django_db
SERVICES = "/api/hsds/services"


@pytest.fixture
def directory(portal_site):
    cache.clear()
    yield make_directory()
    cache.clear()


def names(response):
    return {item["name"] for item in response.json()["contents"]}


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("get", f"{SERVICES}?page=abc", 400),
        ("get", f"{SERVICES}/00000000-0000-0000-0000-000000000000", 404),
        ("get", "/api/hsds/no-such-endpoint", 404),
        ("post", f"{SERVICES}/00000000-0000-0000-0000-000000000000", 405),
        ("delete", SERVICES, 405),
        ("get", SERVICES, 200),
    ],
)
def test_every_answer_is_json_with_cors(client, portal_site, method, url, status):
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Content-Language" in response["Access-Control-Expose-Headers"]
    if status >= 400:
        assert response.json()["error"]


def test_method_not_allowed_names_get(client, portal_site):
    response = client.put(SERVICES)
    assert response.status_code == 405 and "GET" in response.json()["error"] and "POST" in response["Allow"]
    detail = client.post(f"{SERVICES}/00000000-0000-0000-0000-000000000000")
    assert "GET" in detail.json()["error"] and "POST" not in detail["Allow"]


def test_options_preflight_is_answered(client, portal_site):
    response = client.options(
        SERVICES, HTTP_ORIGIN="https://other.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "content-type" in response["Access-Control-Allow-Headers"].lower()
    assert client.options("/api/hsds/").status_code == 204
    assert client.options("/api/hsds/profile")["Access-Control-Allow-Origin"] == "*"


def test_post_list_takes_the_query_as_a_body(client, directory):
    by_get = client.get(SERVICES, {"postcode": "51103", "search": "sprach"})
    by_json = client.post(SERVICES, {"postcode": "51103", "search": "sprach"}, content_type="application/json")
    by_form = client.post(SERVICES, {"postcode": "51103", "search": "sprach"})
    assert by_json.status_code == by_form.status_code == 200
    assert names(by_get) == names(by_json) == names(by_form) == {"Sprachcafé"}
    bad = client.post(SERVICES, "[1]", content_type="application/json")
    assert bad.status_code == 400 and bad.json()["parameter"] == "body"


def test_accept_language_chooses_the_language_and_lang_overrides_it(client, directory):
    english = client.get(SERVICES, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,de;q=0.5")
    assert english["Content-Language"] == "en" and "Youth counselling" in names(english)
    override = client.get(SERVICES, {"lang": "de"}, HTTP_ACCEPT_LANGUAGE="en")
    assert override["Content-Language"] == "de" and "Jugendberatung" in names(override)
    unknown = client.get(SERVICES, HTTP_ACCEPT_LANGUAGE="xx, zz;q=0.5")
    assert unknown["Content-Language"] == "de"
    assert "Accept-Language" in english["Vary"]


def test_errors_come_in_the_language_asked(client, portal_site):
    german = client.get(SERVICES, {"page": "abc"}, HTTP_ACCEPT_LANGUAGE="de")
    english = client.get(SERVICES, {"page": "abc"}, HTTP_ACCEPT_LANGUAGE="en")
    assert german.json()["error"] == "page muss eine ganze Zahl sein."
    assert english.json()["error"] == "page must be a whole number."
    assert english["Content-Language"] == "en"


def test_german_fallback_is_marked(client, directory):
    arabic = client.get(SERVICES, {"lang": "ar"})
    assert arabic["X-Fallback-Language"] == "de"
    by_name = {item["name"]: item for item in arabic.json()["contents"]}
    assert by_name["Jugendberatung"]["x-fallback-language"] == "de"  # no Arabic title: German shown
    german = client.get(SERVICES)
    assert "X-Fallback-Language" not in german
    assert all("x-fallback-language" not in item for item in german.json()["contents"])
    english = client.get("/api/hsds/organizations", {"lang": "en"}).json()["contents"]
    by_id = {item["id"]: item for item in english}
    assert "x-fallback-language" not in by_id[str(directory["provider"].hsds_id)]  # fully translated
    assert by_id[str(directory["umbrella"].hsds_id)]["name"] == "Umbrella Cologne"


def test_spec_valid_paging_is_clamped_not_refused(client, directory):
    large = client.get("/api/hsds/taxonomy_terms", {"per_page": "100000"})
    assert large.status_code == 200 and large.json()["size"] == MAX_PER_PAGE
    zero = client.get(SERVICES, {"page": "0", "per_page": "0"})
    assert zero.status_code == 200
    assert zero.json()["page_number"] == 1 and zero.json()["size"] == 1 and zero.json()["total_pages"] == 2
    assert client.get(SERVICES, {"page": "-5"}).json()["page_number"] == 1


def test_ndjson_streams_every_record_without_paging(client, directory):
    terms = client.get("/api/hsds/taxonomy_terms", {"format": "ndjson", "per_page": "1"})
    assert terms["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(terms.streaming_content).decode().splitlines()
    total = client.get("/api/hsds/taxonomy_terms").json()["total_items"]
    assert len(lines) == total > MAX_PER_PAGE
    services = [json.loads(line) for line in b"".join(client.get(SERVICES, {"format": "ndjson", "full": "true"}).streaming_content).decode().splitlines()]
    assert {item["name"] for item in services} == {"Jugendberatung", "Sprachcafé"}
    assert all(item["service_at_locations"] for item in services)


def test_proximity_measures_from_the_postcode_centre(client, directory):
    far_place = PlaceFactory(
        name="Chorweiler Zentrum", street="Pariser Platz 1", postcode="50765", district="chorweiler",
        latitude=Decimal("51.0270"), longitude=Decimal("6.8960"), provider=directory["provider"],
    )
    OfferPageFactory(
        parent=directory["provider"], title="Nachbarschaftstreff", slug="treff", summary="Treff.",
        places=[OfferPlace(place=far_place)],
    )
    near = names(client.get(SERVICES, {"postcode": "51103", "proximity": "1000"}))
    assert near == {"Jugendberatung", "Sprachcafé"}
    wide = names(client.get(SERVICES, {"postcode": "51103", "proximity": "20000"}))
    assert wide == {"Jugendberatung", "Sprachcafé", "Nachbarschaftstreff"}
    sals = client.get("/api/hsds/service_at_locations", {"postcode": "50765", "proximity": "500"}).json()
    assert [item["location_id"] for item in sals["contents"]] == [str(far_place.hsds_id)]
    unknown = client.get(SERVICES, {"postcode": "50999", "proximity": "1000"})
    assert unknown.status_code == 400 and unknown.json()["parameter"] == "postcode"


def _ids(client, **params):
    return {item["id"] for item in client.get(SERVICES, params).json()["contents"]}


def test_last_modified_follows_provider_place_and_vocabulary_edits(client, directory):
    offer, free = str(directory["offer"].hsds_id), str(directory["free"].hsds_id)
    listed = {item["id"]: item for item in client.get(SERVICES, {"minimal": "true"}).json()["contents"]}
    assert set(listed[offer]) == {"id", "name", "status", "last_modified"}
    assert listed[offer]["last_modified"].endswith("Z")

    def later():
        return timezone.now().isoformat()

    since = later()
    assert _ids(client, modified_after=since) == set()
    provider = directory["provider"]
    provider.title_de = provider.title = "Verein Brücke e.V."
    provider.save_revision().publish()
    assert _ids(client, modified_after=since) == {offer, free}  # both services show the provider

    since = later()
    place = directory["place"]
    place.street = "Kalker Hauptstr. 1"
    place.save()
    assert _ids(client, modified_after=since) == {offer, free}

    since = later()
    term = Term.objects.get(taxonomy__code="target-group", code="jugendliche")
    term.name_de = "Junge Menschen"
    term.save()
    assert _ids(client, modified_after=since) == {offer}  # only the service showing this term
    after = {item["id"]: item for item in client.get(SERVICES, {"minimal": "true"}).json()["contents"]}
    assert after[offer]["last_modified"] > listed[offer]["last_modified"]


def test_modified_after_accepts_an_unencoded_offset(client, directory):
    response = client.get(f"{SERVICES}?modified_after=2000-01-01T10:00:00+01:00")
    assert response.status_code == 200 and response.json()["total_items"] == 2
    assert client.get(f"{SERVICES}?modified_after=2999-01-01T10:00:00+01:00").json()["total_items"] == 0


def test_api_root_links_the_profile_as_data_and_the_official_openapi(client, portal_site):
    root = client.get("/api/hsds/").json()
    profile = client.get(root["profile"]).json()
    assert profile["hsds_version"] == "3.1" and profile["uri"] == root["profile"]
    assert profile["schemas"]["address.json"]["properties"]["postal_code"]["pattern"]
    assert {item["name"] for item in profile["taxonomies"]} >= {"district", "field-of-action"}
    assert client.get(profile["documentation"])["Content-Type"].startswith("text/markdown")
    official = client.get(root["openapi_url"])
    assert json.loads(b"".join(official.streaming_content))["openapi"] == "3.1.0"
    assert client.get(root["portal_openapi_url"]).json()["paths"]
