"""Query budgets of pages rendered without the page cache (a new URL, or the first reader after a
publish): the count must not grow with the page's relations or the directory's size.

Measured with the navigation, footer and site already in the fragment cache (portal/fragments.py),
as on a running portal, where they are shared by every page of a language: the measured page is
never one rendered before. Counts are the same on SQLite and PostgreSQL (run this file with
DATABASE_URL set). The suite's shared cache is local memory; with the database cache (the default
in production) reading the content generation adds one query per page. Speed itself is measured
by bench/load.sh, not here.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from services_directory.models import OpeningSlot
from tests.factories import make_offer, make_place, make_provider

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragment_cache")]


def rich_offer(provider, title):
    """An offer with something in every section: several places, slots, languages, terms."""
    places = [make_place(f"{title} Haus {number}") for number in range(3)]
    return make_offer(
        provider, title, fields_of_action=["wohnen", "arbeit"], target_groups=["alleinerziehende", "haushaltsangehoerige"],
        legal_scopes=["sgb-ii"], delivery=["vor-ort"], residence=["aufenthaltserlaubnis"],
        languages=["de", "ar", "tr", "uk"], places=places,
        opening_slots=[
            OpeningSlot(weekday=day, opens=datetime.time(9), closes=datetime.time(12), place=place)
            for day in range(5) for place in places
        ],
    )


def queries(url):
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response.content.decode()


def test_an_offer_page_needs_fewer_than_15_queries_however_much_it_shows(portal_site):
    provider = make_provider("Caritas Köln")
    first, second = rich_offer(provider, "Wohnberatung"), rich_offer(provider, "Jobcoaching")
    queries(first.get_url())  # a page of the same language fills the shared fragments
    queries(first.get_url().replace("/de/", "/ar/", 1))
    count, html = queries(second.get_url())
    assert "Jobcoaching" in html and "Jobcoaching Haus 2" in html
    # 12 measured: 4 routing (home page check, one per level below the site root), 2 Wagtail's
    # view restrictions, 5 the offer's relations (places, languages, hours, start dates, all
    # vocabulary terms at once), 1 imported schedules (open_data's hook). With the database cache
    # the content generation adds 1: 13. The margin of 1 is for one more section an app adds
    # through a hook; a query per place, slot or term would break it at once (this offer has 3
    # places, 15 slots, 7 terms).
    assert count < 15

    # In another language the page needs no more (translated slugs, the language switcher).
    with_arabic, html = queries(second.get_url().replace("/de/", "/ar/", 1))
    assert with_arabic <= count


def test_an_offer_page_with_nothing_cached_needs_at_most_25_queries(portal_site):
    offer = rich_offer(make_provider("Caritas Köln"), "Wohnberatung")
    count, _html = queries(offer.get_url())
    # The 12 above plus what is cached per content change and language: the site with its root
    # page, the settings with their pages, the navigation, the site root paths, the terms'
    # landing pages (4).
    assert count <= 25


def test_a_provider_page_does_not_query_per_offer(portal_site):
    provider = make_provider("Caritas Köln")
    rich_offer(provider, "Wohnberatung")
    queries(provider.get_url())  # fills the fragments (and the provider's own first visit)
    few, _html = queries(provider.get_url())
    for number in range(4):
        rich_offer(provider, f"Angebot {number}")
    many, html = queries(provider.get_url())
    assert "Angebot 3" in html
    assert many == few  # five offers cost what one did: places, languages and hours per relation


def test_the_home_page_needs_at_most_6_queries(portal_site):
    make_offer(make_provider("Caritas Köln"), "Wohnberatung", fields_of_action=["wohnen"])
    queries("/en/")  # fills the fragments of the home page's sections
    count, _html = queries("/en/")
    # 3 measured (routing's home page check, Wagtail's view restrictions); the sections (tiles,
    # landing pages, news, events) come from fragments. Margin: the generation read (database
    # cache) and 2 for a new home page section.
    assert count <= 6


def test_a_search_page_needs_at_most_10_queries_however_many_results(portal_site):
    provider = make_provider("Caritas Köln")
    for number in range(12):
        rich_offer(provider, f"Wohnberatung {number}")
    queries("/de/search/?q=Beratung")
    count, html = queries("/de/search/?q=Wohnberatung&field_of_action=wohnen")
    assert "Wohnberatung 11" in html or "Wohnberatung 0" in html
    # 13 measured: vocabulary, index state, documents, 6 for a search new today in the search
    # log (update, the daily cap's count, insert, two savepoints; 1 when seen before), and the
    # cards' pages, hours and places once for all 12 results. Margin 1: the generation read
    # (database cache); one query per result would break it at once.
    assert count <= 14
