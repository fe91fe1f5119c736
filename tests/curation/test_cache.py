"""Collection pages and their feeds are kept in the full-page cache with the search page and
follow a publish or unpublish at once (portal/page_cache.py)."""

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import make_offer, make_place, make_provider

from .helpers import make_collection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def fetch(url):
    response = Client().get(url)
    return response.content.decode(), response.wsgi_request.page_cache_hit


def test_collection_and_its_feed_are_cached_and_follow_publishing_at_once(portal_site, committed):
    with committed():
        provider = make_provider("Caritas Köln")
        offer = make_offer(provider, "Wohnungssuche Kalk", fields_of_action=["wohnen"],
                           places=[make_place("Kalk", "kalk-stadtteil")])
        page = make_collection(criteria={"filters": {"field_of_action": ["wohnen"]}})
    for url in (page.url, page.url + "feed/"):
        first, first_hit = fetch(url)
        second, second_hit = fetch(url)
        assert (first_hit, second_hit) == (False, True), url
        assert "Wohnungssuche Kalk" in second

    with committed():
        offer.unpublish()
    for url in (page.url, page.url + "feed/"):
        html, hit = fetch(url)
        assert hit is False and "Wohnungssuche Kalk" not in html, url

    with committed():
        make_offer(provider, "Mieterberatung Vingst", fields_of_action=["wohnen"], places=[make_place("Vingst", "vingst")])
    html, hit = fetch(page.url)
    assert hit is False and "Mieterberatung Vingst" in html
