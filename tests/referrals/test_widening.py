"""An empty or thin result offers one-click widening, each with the count it would give: the
neighbouring Stadtbezirke (from the vocabulary's district_neighbours.json) and leaving out the
most restrictive filter."""

import pytest

from search.backends.database import DatabaseBackend
from search.widening import neighbours
from tests.factories import OfferPageFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def landscape(portal_site):
    chorweiler = PlaceFactory(name="Bürgerzentrum Chorweiler", district="chorweiler-stadtteil")
    nippes = PlaceFactory(name="Jobwerkstatt Nippes", district="nippes-stadtteil")
    porz = PlaceFactory(name="Kursraum Porz", district="porz-stadtteil")
    OfferPageFactory(title="Sozialberatung Chorweiler", languages=["de"], places=[chorweiler], childcare=False)
    OfferPageFactory(title="Beratung auf Rumänisch in Nippes", languages=["de", "ro"], places=[nippes])
    OfferPageFactory(title="Bewerbungstraining auf Rumänisch in Nippes", languages=["ro"], places=[nippes], childcare=True)
    OfferPageFactory(title="Rumänisch in Porz", languages=["ro"], places=[porz])  # Porz does not border Chorweiler
    DatabaseBackend().rebuild()


def test_the_neighbour_table_is_symmetric_and_names_every_stadtbezirk():
    table = neighbours()
    assert len(table) == 9 and "chorweiler" in table["nippes"]
    assert all(code in table[other] for code, others in table.items() for other in others)


def test_an_empty_result_offers_the_neighbouring_district_with_its_count(client, landscape):
    response = client.get("/de/search/", {"district": "chorweiler", "language": "ro"})
    assert response.context["result"].count == 0
    districts = response.context["widen"]["districts"]
    assert [(item["code"], item["count"]) for item in districts] == [("nippes", 2)]  # Ehrenfeld and Mülheim have none
    html = response.content.decode()
    assert 'data-widen-district="nippes"' in html and "Porz" not in html.split("data-search-widen")[1].split("</div>")[0]
    widened = client.get(districts[0]["url"])
    assert widened.context["result"].count == 2
    assert ("language", "ro") in widened.context["state"]  # the other filters stay


def test_a_thin_result_offers_to_drop_the_most_restrictive_filter(client, landscape):
    response = client.get("/de/search/", {"language": "ro", "childcare": "true"})
    assert response.context["result"].count == 1
    drop = response.context["widen"]["drop"]
    assert drop["name"] == "childcare" and drop["count"] == 3
    assert "data-widen-drop" in response.content.decode()


def test_a_full_result_offers_no_widening(client, landscape):
    assert client.get("/de/search/", {"q": ""}).context["widen"] is None
