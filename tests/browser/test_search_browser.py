"""The search page in a browser: a facet updates results and URL in place, back restores them;
WCAG 2.1 AA (axe) in German and Arabic; nothing is requested from third parties."""

import re

import pytest
from django.utils import translation

from tests.browser.helpers import check_axe, record_requests, save_screenshots
from tests.factories import OfferPageFactory, PlaceFactory, ProviderPageFactory

# The live server reads committed data, so these tests commit (and the database is flushed after).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def offers(portal_site):
    translation.activate("de")
    caritas = ProviderPageFactory(title="Caritasverband Köln")
    ehrenfeld = PlaceFactory(name="Bürgerzentrum Ehrenfeld", district="ehrenfeld-stadtteil")
    kalk = PlaceFactory(name="Kalk Karree", district="kalk-stadtteil")
    OfferPageFactory(
        parent=caritas, title="Wohnungssuche für Geflüchtete", summary="Hilfe bei der Suche nach einer Wohnung.",
        description="", fields_of_action=["wohnen"], target_groups=["gefluechtete"], languages=["de", "ar"],
        places=[ehrenfeld],
    )
    OfferPageFactory(
        parent=caritas, title="Jobberatung für Zugewanderte", summary="Bewerbungstraining und Arbeitssuche.",
        description="", fields_of_action=["arbeit"], target_groups=["neuzugewanderte"], languages=["de"], places=[kalk],
    )


def titles(page):
    return page.locator(".result__title").all_inner_texts()


def test_choosing_a_facet_updates_results_and_url_and_back_restores_them(live_server, offers, page):
    requests = record_requests(page)
    page.goto(f"{live_server.url}/de/search/", wait_until="networkidle")
    assert sorted(titles(page)) == ["Jobberatung für Zugewanderte", "Wohnungssuche für Geflüchtete"]

    page.locator("label[for='search-field_of_action-wohnen']").click()
    page.wait_for_url(re.compile(r"field_of_action=wohnen"))
    page.wait_for_function("() => document.querySelectorAll('.result__title').length === 1")
    assert titles(page) == ["Wohnungssuche für Geflüchtete"]
    assert page.locator("#search-field_of_action-wohnen").is_checked()
    assert page.locator("#search-status").inner_text().strip().startswith("1 ")
    assert page.locator(".chip").count() == 1
    # The page was updated in place, not reloaded: the script's history entry is there.
    assert page.evaluate("() => history.state && history.state.search") is True

    page.go_back()
    page.wait_for_url(re.compile(r"/de/search/$"))
    page.wait_for_function("() => document.querySelectorAll('.result__title').length === 2")
    assert not page.locator("#search-field_of_action-wohnen").is_checked()
    assert page.locator(".chip").count() == 0

    page.go_forward()
    page.wait_for_function("() => document.querySelectorAll('.result__title').length === 1")
    assert page.locator("#search-field_of_action-wohnen").is_checked()
    requests.assert_only_local(live_server.url)


@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_search_page_is_accessible(live_server, offers, page, language, direction):
    requests = record_requests(page)
    response = page.goto(
        f"{live_server.url}/{language}/search/?q=Wohnung&field_of_action=wohnen", wait_until="networkidle"
    )
    assert response is not None and response.ok
    assert (page.locator("html").get_attribute("dir") or "ltr") == direction
    check_axe(page)
    page.goto(f"{live_server.url}/{language}/search/?q=xyzzyq", wait_until="networkidle")
    check_axe(page)  # the empty result too
    requests.assert_only_local(live_server.url)
    page.goto(f"{live_server.url}/{language}/search/?field_of_action=wohnen", wait_until="networkidle")
    save_screenshots(page, f"search-{language}")
