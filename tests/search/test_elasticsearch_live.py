"""The Elasticsearch backend against a real cluster: runs when ELASTICSEARCH_URL is set.

portal/settings/test.py keeps that URL as LIVE_ELASTICSEARCH_URL (the rest of the suite runs on
the database backend). Every test uses its own index prefix and deletes its indices afterwards.
"""

import pytest
from django.conf import settings

from search.query import SearchQuery

pytestmark = [
    pytest.mark.skipif(
        not getattr(settings, "LIVE_ELASTICSEARCH_URL", None),
        reason="ELASTICSEARCH_URL is not set: no live Elasticsearch to test against",
    ),
    pytest.mark.django_db,
]


@pytest.fixture
def live_backend(request):
    from tests.search.live_elasticsearch import live_backend

    yield from live_backend(request)


@pytest.fixture
def offers(portal_site):
    from tests.factories import OfferPageFactory, PlaceFactory, ProviderPageFactory

    provider = ProviderPageFactory(title="Caritas Köln")
    return {
        "housing": OfferPageFactory(
            parent=provider, title="Hilfe bei der Wohnungssuche", summary="Für Geflüchtete",
            fields_of_action=["wohnen"], target_groups=["gefluechtete"],
            places=[PlaceFactory(district="ehrenfeld-stadtteil")], minimum_age=18,
        ),
        "jobs": OfferPageFactory(
            parent=provider, title="Jobberatung", summary="Arbeit finden",
            fields_of_action=["arbeit"], places=[PlaceFactory(district="kalk-stadtteil")],
            residence_statuses=["duldung"],
        ),
    }


def titles(result):
    return {hit.title for hit in result.hits}


def test_rebuild_fills_a_new_index_and_swaps_the_alias(live_backend, offers):
    first = live_backend.rebuild()
    (old_index,) = live_backend._indices_behind_alias()
    second = live_backend.rebuild()
    (new_index,) = live_backend._indices_behind_alias()
    assert first.indexed == second.indexed == 2
    assert new_index != old_index
    assert not live_backend.client.indices.exists(index=old_index)


def test_search_forgives_and_filters(live_backend, offers):
    live_backend.rebuild()
    assert titles(live_backend.search(SearchQuery(text="Gefluechtete"))) == {"Hilfe bei der Wohnungssuche"}
    assert titles(live_backend.search(SearchQuery(text="Beratung"))) == {"Jobberatung"}
    assert titles(live_backend.search(SearchQuery(text="Wohnugn"))) == {"Hilfe bei der Wohnungssuche"}
    assert titles(live_backend.search(SearchQuery(text="السكن", language="ar"))) == {
        "Hilfe bei der Wohnungssuche"
    }
    assert titles(live_backend.search(SearchQuery(age=12))) == {"Jobberatung"}
    assert titles(live_backend.search(SearchQuery(residence_status=("asylverfahren",)))) == {
        "Hilfe bei der Wohnungssuche"
    }
    result = live_backend.search(SearchQuery(filters={"district": ("ehrenfeld",)}))
    assert titles(result) == {"Hilfe bei der Wohnungssuche"}
    districts = {option.code: option.count for option in result.facets["district"]}
    assert districts == {"ehrenfeld": 1, "kalk": 1}  # the district facet ignores its own selection


def test_unpublishing_removes_an_offer(live_backend, offers):
    live_backend.rebuild()
    offers["jobs"].unpublish()
    live_backend.index_offer(offers["jobs"])
    live_backend.client.indices.refresh(index=live_backend.alias)
    assert titles(live_backend.search(SearchQuery())) == {"Hilfe bei der Wohnungssuche"}
