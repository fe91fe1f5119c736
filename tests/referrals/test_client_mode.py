"""'For a client' mode and 'why it fits': the person's facts become filters and a ranking, each
card and API result says why it fits in the reader's language, and nothing about the person is
logged. Also: distance sort without a Stadtteil asks inline, and the result list prints."""

import datetime

import pytest
from django.utils import timezone

from search.backends.database import DatabaseBackend
from search.models import SearchLogEntry
from services_directory.models import OfferPage
from tests.factories import OfferPageFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(portal_site):
    """The Romanian single mother in Chorweiler: job training with childcare nearby, and
    social-benefits counselling in Romanian; an unfitting course far away."""
    chorweiler = PlaceFactory(name="Bürgerzentrum Chorweiler", district="chorweiler-stadtteil", latitude=51.0277, longitude=6.8960)
    nippes = PlaceFactory(name="Jobwerkstatt Nippes", district="nippes-stadtteil", latitude=50.9650, longitude=6.9530)
    porz = PlaceFactory(name="Kursraum Porz", district="porz-stadtteil", latitude=50.8840, longitude=7.0560)
    offers = {
        "training": OfferPageFactory(
            title="Teilzeitausbildung für Mütter", fields_of_action=["ausbildung"], target_groups=["alleinerziehende"],
            languages=["de"], places=[nippes], cost="free", childcare=True, part_time=True, minimum_age=18, maximum_age=27,
        ),
        "counselling": OfferPageFactory(
            title="Sozialberatung auf Rumänisch", fields_of_action=["existenzsicherung"], languages=["ro", "de"],
            places=[chorweiler], cost="free", access_walk_in=False, access_appointment=True,
        ),
        "course": OfferPageFactory(
            title="Berufssprachkurs", fields_of_action=["ausbildung"], languages=["de"], places=[porz], cost="fee",
            fee_description="50 €", free_with_benefits=["buergergeld"], capacity_status="waiting",
            valid_until=timezone.localdate() + datetime.timedelta(weeks=6),
        ),
    }
    DatabaseBackend().rebuild()
    return offers


CLIENT = {
    "age": "24", "residence_status": ["eu-buergerschaft"], "benefit": ["buergergeld"], "speaks": ["ro", "de"],
    "near": "chorweiler-stadtteil", "needs": ["ausbildung", "existenzsicherung"], "single_parent": "on",
    "childcare_needed": "on",
}


def _reasons(item):
    return {reason["code"]: reason for reason in item["reasons"]}


def test_client_mode_ranks_by_fit_and_says_why_in_the_readers_language(client, scenario):
    response = client.post("/en/search/client/", CLIENT)
    assert response.status_code == 200
    items = response.context["items"]
    titles = [item["hit"].title for item in items]
    assert titles[0] == "Teilzeitausbildung für Mütter"  # childcare, single parents, ages, free
    assert set(titles) == {"Teilzeitausbildung für Mütter", "Sozialberatung auf Rumänisch", "Berufssprachkurs"}
    training = _reasons(items[0])
    assert training["childcare"]["label"] == "childcare" and training["age"]["label"] == "ages 18–27"
    assert training["single_parent"]["kind"] == "match"
    assert training["near"]["label"].endswith(" km")
    counselling = _reasons(next(item for item in items if item["hit"].title.startswith("Sozial")))
    assert "speaks Romanian" in [reason["label"] for reason in items[1]["reasons"] + items[2]["reasons"] if reason["code"] == "language"]
    assert counselling["near"]["label"].startswith("in Chorweiler / ")
    assert counselling["appointment"]["kind"] == "caveat"
    course = _reasons(next(item for item in items if item["hit"].title == "Berufssprachkurs"))
    assert course["free_with"]["label"].startswith("free with Bürgergeld")
    assert course["waiting_list"]["kind"] == "caveat" and course["ends_soon"]["label"] == "ends in 6 weeks"
    assert course["no_childcare"]["kind"] == "caveat"
    html = response.content.decode()
    assert "speaks Romanian" in html and 'data-reason="childcare"' in html


def test_client_mode_only_free_uses_the_persons_benefits(client, scenario):
    titles = {item["hit"].title for item in client.post("/en/search/client/", {**CLIENT, "only_free": "on"}).context["items"]}
    assert "Berufssprachkurs" in titles  # free with Bürgergeld
    without = {item["hit"].title for item in client.post("/en/search/client/", {**CLIENT, "benefit": [], "only_free": "on"}).context["items"]}
    assert "Berufssprachkurs" not in without


def test_client_mode_logs_and_stores_nothing_about_the_person(client, scenario):
    client.post("/de/search/client/", {**CLIENT, "add": str(scenario["training"].hsds_id)})
    assert not SearchLogEntry.objects.exists()
    assert dict(client.session.items()) == {"referral_list": [str(scenario["training"].hsds_id)]}
    response = client.post("/de/search/client/", CLIENT)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_client_mode_form_errors_stay_on_the_page_in_the_readers_language(client, scenario):
    response = client.post("/ar/search/client/", {**CLIENT, "age": "abc"})
    assert response.status_code == 400
    assert 'dir="rtl"' in response.content.decode()
    assert response.context["form"].errors["age"]


def test_api_results_carry_reasons_and_the_log_keeps_no_person_fields(client, scenario):
    params = {"lang": "ro", "age": "24", "near": "chorweiler-stadtteil", "speaks": "ro", "benefit": "buergergeld",
              "childcare_needed": "1", "field_of_action": "ausbildung,existenzsicherung"}
    data = client.get("/api/v1/search/", params).json()
    by_title = {result["title"]: result for result in data["results"]}
    counselling = {reason["code"]: reason for reason in by_title["Sozialberatung auf Rumänisch"]["reasons"]}
    assert counselling["language"]["kind"] == "match" and "română" in counselling["language"]["label"].lower()
    assert all(set(reason) == {"kind", "code", "label"} for result in data["results"] for reason in result["reasons"])
    entry = SearchLogEntry.objects.get()
    assert entry.filters == {}
    assert client.get("/api/v1/search/", {"benefit": "lottery"}).status_code == 400


def test_search_page_distance_sort_without_a_stadtteil_asks_inline_and_keeps_filters(client, scenario):
    response = client.get("/de/search/", {"sort": "distance", "field_of_action": "ausbildung"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-ask-near" in html
    assert response.context["result"].count == 2  # the filter is kept
    assert 'value="ausbildung" checked' in html


def test_search_page_shows_km_when_sorted_by_distance(client, scenario):
    response = client.get("/en/search/", {"sort": "distance", "near": "chorweiler-stadtteil"})
    items = response.context["items"]
    assert items[0]["hit"].title == "Sozialberatung auf Rumänisch" and items[0]["km"] < 1
    assert all(item["km"] is not None for item in items)
    assert "data-km" in response.content.decode()


def test_search_page_bad_parameter_is_left_out_named_and_the_rest_kept(client, scenario):
    response = client.get("/de/search/", {"q": "Beratung", "age": "alt", "field_of_action": "existenzsicherung"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "data-search-dropped" in html and "Alter" in html  # named in the reader's language (German)
    assert response.context["result"].count == 1


def test_zero_count_options_are_greyed_and_not_clickable(client, scenario):
    html = client.get("/de/search/", {"field_of_action": "existenzsicherung"}).content.decode()
    assert 'name="language" value="ro" checked' not in html
    assert 'id="search-childcare-true" name="childcare" value="true" disabled' in html


def test_result_list_prints(client, scenario):
    css = (OfferPage._meta.apps.get_app_config("portal").path + "/static/portal/css/print.css")
    rules = open(css, encoding="utf-8").read()
    hidden = rules.split("{ display: none")[0]
    assert not any(selector.strip() == "form" for selector in hidden.replace("\n", ",").split(","))
    html = client.get("/de/search/", {"field_of_action": "ausbildung"}).content.decode()
    assert 'class="print-only"' in html and "/de/search/?field_of_action=ausbildung" in html

