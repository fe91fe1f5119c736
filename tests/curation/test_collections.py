"""A collection page shows what the search service finds for its saved criteria, follows
publishing at once, lets readers narrow it (never widen it) and has an Atom feed."""

from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from curation.criteria import Criteria
from curation.models import CollectionPage
from tests.factories import make_offer, make_place, make_provider

from .helpers import make_collection

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def landscape(portal_site):
    provider = make_provider("Caritas Köln")
    kalk, vingst, porz = (make_place(name, district) for name, district in
                          (("Kalk Post", "kalk-stadtteil"), ("Vingst Treff", "vingst"), ("Porz Mitte", "porz-stadtteil")))
    return {
        "housing_kalk": make_offer(provider, "Wohnungssuche Kalk", fields_of_action=["wohnen"], places=[kalk]),
        "housing_vingst": make_offer(provider, "Mieterberatung Vingst", fields_of_action=["wohnen"], places=[vingst]),
        "housing_porz": make_offer(provider, "Wohnberatung Porz", fields_of_action=["wohnen"], places=[porz]),
        "work_kalk": make_offer(provider, "Jobcoaching Kalk", fields_of_action=["arbeit"], places=[kalk]),
        "places": {"kalk": kalk, "vingst": vingst, "porz": porz},
        "provider": provider,
    }


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(link.get_text(strip=True) for link in soup.select(".results .result__title a"))


HOUSING_IN_KALK = {"filters": {"field_of_action": ["wohnen"], "district": ["kalk"]}, "sort": "name"}


def test_collection_lists_what_the_search_api_finds_for_the_same_criteria(client, landscape):
    page = make_collection(criteria=HOUSING_IN_KALK)
    response = client.get(page.url)
    assert response.status_code == 200
    assert titles(response) == ["Mieterberatung Vingst", "Wohnungssuche Kalk"]

    pairs = Criteria.from_data(page.criteria).pairs(for_search=True)
    api = client.get("/api/v1/search/?" + urlencode(pairs)).json()
    assert sorted(item["title"] for item in api["results"]) == titles(response)
    assert api["count"] == 2


@pytest.mark.parametrize(
    "criteria",
    [
        {"text": "Kalk"},
        {"text": "Beratung", "sort": "relevance", "filters": {"field_of_action": ["wohnen"]}},
        {"filters": {"district": ["vingst", "porz-stadtteil"]}, "sort": "verified"},
        {"filters": {"field_of_action": ["wohnen", "arbeit"], "district": ["kalk"]}, "age": 30},
        {"filters": {"field_of_action": ["wohnen"]}, "sort": "distance", "near": "kalk-stadtteil"},
    ],
    ids=["text", "text-and-facet", "stadtteile", "or-within-and-across-with-age", "distance"],
)
def test_collection_order_and_offers_equal_the_search_api(client, landscape, criteria):
    page = make_collection(criteria=criteria)
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    shown = [link.get_text(strip=True) for link in soup.select(".results .result__title a")]
    pairs = Criteria.from_data(page.criteria).pairs(for_search=True)
    api = client.get("/api/v1/search/?" + urlencode(pairs)).json()
    assert shown == [item["title"] for item in api["results"]]
    assert shown, "each case should find something"


def test_open_in_search_link_carries_the_same_filters(client, landscape):
    page = make_collection(criteria=HOUSING_IN_KALK)
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    link = soup.find("a", string="Diese Liste in der Suche öffnen") or soup.select_one(".collection__links a")
    search = client.get(link["href"])
    assert titles(search) == ["Mieterberatung Vingst", "Wohnungssuche Kalk"]


def test_collection_follows_unpublish_and_publish_at_once(client, landscape):
    page = make_collection(criteria=HOUSING_IN_KALK)
    assert "Wohnungssuche Kalk" in titles(client.get(page.url))

    landscape["housing_kalk"].unpublish()
    assert titles(client.get(page.url)) == ["Mieterberatung Vingst"]

    make_offer(landscape["provider"], "Wohnprojekt Höhenberg", fields_of_action=["wohnen"],
               places=[make_place("Höhenberg", "hoehenberg")])
    assert titles(client.get(page.url)) == ["Mieterberatung Vingst", "Wohnprojekt Höhenberg"]


def test_reader_filters_narrow_within_the_fixed_criteria_only(client, landscape):
    page = make_collection(criteria=HOUSING_IN_KALK, exposed=["district", "field_of_action"])

    # A Stadtteil of Kalk narrows the list ...
    assert titles(client.get(page.url, {"district": "vingst"})) == ["Mieterberatung Vingst"]
    # ... another Stadtbezirk or field of action cannot widen it.
    assert titles(client.get(page.url, {"district": "porz"})) == ["Mieterberatung Vingst", "Wohnungssuche Kalk"]
    assert titles(client.get(page.url, {"field_of_action": "arbeit"})) == ["Mieterberatung Vingst", "Wohnungssuche Kalk"]

    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    offered = {box["value"] for box in soup.select('#filters input[name="district"]')}
    assert "vingst" in offered and "kalk-stadtteil" in offered
    assert "porz" not in offered and "porz-stadtteil" not in offered
    assert not soup.select('#filters input[name="field_of_action"][value="arbeit"]')


def test_a_filter_the_editor_left_open_narrows_the_list(client, landscape):
    page = make_collection(criteria={"filters": {"district": ["kalk"]}}, exposed=["field_of_action"])
    assert titles(client.get(page.url)) == ["Jobcoaching Kalk", "Mieterberatung Vingst", "Wohnungssuche Kalk"]
    assert titles(client.get(page.url, {"field_of_action": "arbeit"})) == ["Jobcoaching Kalk"]


def test_a_bad_reader_filter_gets_a_clear_400(client, landscape):
    page = make_collection(criteria={"filters": {"district": ["kalk"]}}, exposed=["field_of_action"])
    response = client.get(page.url, {"field_of_action": "no-such-field"})
    assert response.status_code == 400
    assert "field_of_action" in response.content.decode()
    assert client.get(page.url, {"page": "x"}).status_code == 400


def test_feed_parses_and_lists_a_newly_published_matching_offer_first(client, landscape):
    page = make_collection(criteria=HOUSING_IN_KALK)
    make_offer(landscape["provider"], "Neue Wohnberatung Ostheim", fields_of_action=["wohnen"],
               places=[make_place("Ostheim", "ostheim")])
    make_offer(landscape["provider"], "Neues Jobcoaching Ostheim", fields_of_action=["arbeit"],
               places=[make_place("Ostheim 2", "ostheim")])

    response = client.get(page.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert entries[0] == "Neue Wohnberatung Ostheim"
    assert sorted(entries) == ["Mieterberatung Vingst", "Neue Wohnberatung Ostheim", "Wohnungssuche Kalk"]
    first = feed.find(f"{ATOM}entry")
    assert first.find(f"{ATOM}link").get("href").startswith("http")
    assert first.findtext(f"{ATOM}updated")


def test_collection_page_links_its_feed(client, landscape):
    page = make_collection(criteria=HOUSING_IN_KALK)
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert soup.find("link", rel="alternate", type="application/atom+xml")["href"].endswith("/feed/")


def test_newest_first_orders_by_publication(client, landscape):
    page = make_collection(criteria={"filters": {"field_of_action": ["wohnen"]}, "sort": "newest"})
    make_offer(landscape["provider"], "Aaa neueste Wohnberatung", fields_of_action=["wohnen"])
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    shown = [link.get_text(strip=True) for link in soup.select(".results .result__title a")]
    assert shown[0] == "Aaa neueste Wohnberatung"
    assert shown[-1] == "Wohnungssuche Kalk"  # the first one published


def test_pages_without_javascript(client, landscape, monkeypatch):
    provider = landscape["provider"]
    for number in range(3):
        make_offer(provider, f"Wohnung extra {number}", fields_of_action=["wohnen"])
    page = make_collection(criteria={"filters": {"field_of_action": ["wohnen"]}})
    monkeypatch.setattr(CollectionPage, "page_size", 2)
    first = BeautifulSoup(client.get(page.url).content, "html.parser")
    second = client.get(first.select_one('.pagination a[rel="next"]')["href"])
    assert len(first.select(".results .result")) == 2
    assert len(BeautifulSoup(second.content, "html.parser").select(".results .result")) == 2


def test_collection_page_in_arabic_marks_german_fallback(client, landscape):
    page = make_collection(criteria=HOUSING_IN_KALK, intro="<p>Für alle in Kalk.</p>")
    response = client.get(page.get_url().replace("/de/", "/ar/", 1))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["dir"] == "rtl"
    assert soup.select_one(".collection__intro")["lang"] == "de"
    assert soup.select_one("h1")["lang"] == "de"
