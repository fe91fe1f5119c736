"""Every HSDS endpoint answers valid HSDS 3.1 (checked with the local schemas), filters with AND,
serves only live content, and answers bad input with 400/404 JSON, never a 500."""

import pytest

from open_data.validation import errors

from .data import make_directory

PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


@pytest.fixture
def directory(portal_site):
    return make_directory()


def valid(schema, document):
    problems = errors(schema, document)
    assert not problems, problems
    return document


def page(client, url, schema, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    data = response.json()
    assert set(data) == PAGE_KEYS
    for item in data["contents"]:
        valid(schema, item)
    return data


@pytest.mark.django_db
def test_every_endpoint_validates_against_hsds(client, directory):
    root = client.get("/api/hsds/").json()
    assert root["version"] == "3.1" and root["openapi_url"].endswith("/api/hsds/openapi.json")
    assert client.get("/api/hsds/profile").status_code == 200

    services = page(client, "/api/hsds/services", "compiled/service_list.json")
    assert {item["name"] for item in services["contents"]} == {"Jugendberatung", "Sprachcafé"}  # no draft
    full = page(client, "/api/hsds/services", "service.json", full="true", lang="en")
    assert "Youth counselling" in {item["name"] for item in full["contents"]}
    offer_id = str(directory["offer"].hsds_id)
    service = valid("service.json", client.get(f"/api/hsds/services/{offer_id}").json())
    assert service["program"]["attributes"][-1] == {
        **service["program"]["attributes"][-1], "label": "valid-until", "value": "2030-12-31"}
    assert service["cost_options"][0]["amount"] == 5
    assert [item["byday"] for item in service["service_at_locations"][0]["schedules"]] == ["MO,TH", "WE"]
    assert service["schedules"][0]["byday"] == "FR"

    organizations = page(client, "/api/hsds/organizations", "compiled/organization_list.json")
    assert organizations["total_items"] == 2
    org_id = str(directory["provider"].hsds_id)
    organization = valid("compiled/organization.json", client.get(f"/api/hsds/organizations/{org_id}").json())
    assert organization["parent_organization_id"] == str(directory["umbrella"].hsds_id)
    assert len(organization["services"]) == 2
    full_org = client.get(f"/api/hsds/organizations/{org_id}", {"full_service": "true"}).json()
    valid("compiled/organization.json", full_org)
    page(client, "/api/hsds/organizations", "compiled/organization.json", full="true")

    taxonomies = page(client, "/api/hsds/taxonomies", "taxonomy.json")
    taxonomy = taxonomies["contents"][0]
    valid("taxonomy.json", client.get(f"/api/hsds/taxonomies/{taxonomy['id']}").json())
    terms = page(client, "/api/hsds/taxonomy_terms", "taxonomy_term.json", per_page=100)
    assert terms["total_items"] > 100 and terms["size"] == 100 and not terms["last_page"]
    term = terms["contents"][0]
    valid("taxonomy_term.json", client.get(f"/api/hsds/taxonomy_terms/{term['id']}").json())

    sals = page(client, "/api/hsds/service_at_locations", "compiled/service_at_location_list.json")
    assert sals["total_items"] == 2
    sal = valid("compiled/service_at_location.json", client.get(f"/api/hsds/service_at_locations/{sals['contents'][0]['id']}").json())
    assert sal["service"]["id"] in {str(directory["offer"].hsds_id), str(directory["free"].hsds_id)}


@pytest.mark.django_db
def test_filters_combine_with_and(client, directory):
    offer = directory["offer"]
    bildung = offer.fields_of_action.get(code="bildung")

    def names(**params):
        return {item["name"] for item in client.get("/api/hsds/services", params).json()["contents"]}

    assert names(taxonomy_term_id=str(bildung.hsds_id)) == {"Jugendberatung"}
    assert names(taxonomy_id="field-of-action") == {"Jugendberatung"}
    assert names(postcode="51103") == {"Jugendberatung", "Sprachcafé"}
    assert names(postcode="51103", search="sprach") == {"Sprachcafé"}
    assert names(organization_id=str(directory["umbrella"].hsds_id)) == set()
    assert names(organization_id=str(directory["provider"].hsds_id), search="jugend") == {"Jugendberatung"}
    assert names(modified_after="2999-01-01") == set()
    district = offer.places.first().place.district.parent
    assert names(taxonomy_term_id=str(district.hsds_id)) == {"Jugendberatung", "Sprachcafé"}  # Stadtbezirk
    assert client.get("/api/hsds/taxonomy_terms", {"taxonomy_id": "district", "top_only": "true"}).json()["total_items"] == 9


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, params, parameter",
    [
        ("/api/hsds/services", {"lang": "xx"}, "lang"),
        ("/api/hsds/services", {"page": "abc"}, "page"),
        ("/api/hsds/services", {"taxonomy_term_id": "nope"}, "taxonomy_term_id"),
        ("/api/hsds/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/api/hsds/services", {"full": "maybe"}, "full"),
        ("/api/hsds/services", {"format": "xml"}, "format"),
        ("/api/hsds/services", {"postcode": "51103", "proximity": "far"}, "proximity"),
        ("/api/hsds/services", {"proximity": "500"}, "proximity"),
        ("/api/hsds/service_at_locations", {"postcode": "ABC"}, "postcode"),
        ("/api/hsds/taxonomy_terms", {"parent_id": "1"}, "parent_id"),
    ],
)
def test_bad_parameters_get_400_naming_them(client, portal_site, url, params, parameter):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter and response.json()["error"]


@pytest.mark.django_db
def test_unknown_ids_get_404_json(client, directory):
    draft = str(directory["draft"].hsds_id)
    for url in (
        f"/api/hsds/services/{draft}",
        "/api/hsds/services/not-a-uuid",
        "/api/hsds/organizations/00000000-0000-0000-0000-000000000000",
        "/api/hsds/taxonomies/x",
        "/api/hsds/taxonomy_terms/00000000-0000-0000-0000-000000000000",
        "/api/hsds/service_at_locations/00000000-0000-0000-0000-000000000000",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]


@pytest.mark.django_db
def test_openapi_and_docs(client, portal_site):
    schema = client.get("/api/schema/").json()
    assert "/api/hsds/services" in schema["paths"] and "/api/v1/search/" in schema["paths"]
    search_params = {item["name"] for item in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    assert {"q", "lang", "field_of_action", "residence_status", "near", "page_size"} <= search_params
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/api/hsds/service_at_locations" in html and "taxonomy_term_id" in html and "<script" not in html
