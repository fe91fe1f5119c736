"""An editor builds a collection page in the admin (the live count follows the criteria) and the
public page lists the offers; collection pages pass axe (WCAG 2.1 AA) in German and Arabic."""

import re

import pytest
from django.utils import translation

from tests.browser.helpers import check_axe, record_requests, save_screenshots

# The live server reads committed data, so these tests commit (and the database is flushed after).
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Redaktion-Passwort-2027"


@pytest.fixture
def offers(portal_site):
    from tests.factories import make_offer, make_place, make_provider

    translation.activate("de")
    provider = make_provider("Interkultureller Verein Kalk")
    make_offer(provider, "Wohnungssuche Kalk", summary="Hilfe bei der Suche nach einer Wohnung.",
               fields_of_action=["wohnen"], target_groups=["alleinerziehende"], places=[make_place("Kalk Post", "kalk-stadtteil")])
    make_offer(provider, "Mieterberatung Vingst", summary="Beratung bei Fragen zur Miete.",
               fields_of_action=["wohnen"], places=[make_place("Vingst Treff", "vingst")])
    make_offer(provider, "Jobcoaching Porz", summary="Bewerbungen schreiben.",
               fields_of_action=["arbeit"], places=[make_place("Porz Mitte", "porz-stadtteil")])
    return provider


@pytest.fixture
def editor(portal_site):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("redaktion", "redaktion@example.org", PASSWORD)


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/", wait_until="domcontentloaded")
    page.fill("input[name='username']", "redaktion")
    page.fill("input[name='password']", PASSWORD)
    page.locator("form button[type='submit']").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")


def test_editor_creates_a_collection_page_and_the_public_page_shows_its_offers(live_server, offers, editor, page):
    from curation.models import CollectionPage
    from portal.models import HomePage

    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/add/curation/collectionpage/{HomePage.objects.get().pk}/",
              wait_until="networkidle")
    page.fill("#id_title_de", "Wohnen im Osten")
    page.eval_on_selector("#id_slug_de", "field => { field.value = 'wohnen-im-osten'; }")
    count = page.locator("[data-collection-count-text]")

    shows = "() => /(^|\\D){}(\\D|$)/.test(document.querySelector('[data-collection-count-text]').textContent)"

    def change(action, *args):
        """One criteria change and the live count's answer to it (no request left in flight)."""
        with page.expect_response(lambda response: "/admin/curation/count/" in response.url):
            action(*args)

    change(page.check, "input[name='criteria_field_of_action'][value='wohnen']")
    page.wait_for_function(shows.format(2))  # housing: Kalk and Vingst (of 3 offers)
    change(page.select_option, "select[name='criteria_district']", ["porz"])
    page.wait_for_function(shows.format(0))  # no housing in Porz: warned
    assert "help-warning" in (count.get_attribute("class") or "")
    change(page.select_option, "select[name='criteria_district']", ["kalk"])
    page.wait_for_function(shows.format(2))  # Vingst is a Stadtteil of Kalk
    assert "help-warning" not in (count.get_attribute("class") or "")
    page.check("input[name='reader_filters'][value='district']")
    save_screenshots(page, "collection-admin-edit")

    # "Publish" sits in the footer's dropdown; one press of it, one form submission.
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.eval_on_selector("button[name='action-publish']", "button => button.click()")
    assert "/edit/" not in page.url and "/add/" not in page.url  # saved: back in the page explorer

    collection = CollectionPage.objects.get(slug_de="wohnen-im-osten")
    assert collection.live
    assert collection.criteria["filters"] == {"field_of_action": ["wohnen"], "district": ["kalk"]}

    page.goto(f"{live_server.url}{collection.url}", wait_until="networkidle")
    titles = page.locator(".results .result__title a").all_inner_texts()
    assert titles == ["Mieterberatung Vingst", "Wohnungssuche Kalk"]
    # Without JavaScript the reader's filter is a form: choose Vingst, apply.
    page.locator("#filters details[data-facet='district'] summary").click()
    page.check("#filters input[name='district'][value='vingst']")
    page.locator("#filters button[type='submit']").click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"district=vingst", page.url)
    assert page.locator(".results .result__title a").all_inner_texts() == ["Mieterberatung Vingst"]


@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_collection_page_is_accessible(live_server, offers, page, language, direction):
    from tests.curation.helpers import make_collection
    from tests.factories import term

    collection = make_collection(
        "Wohnen in Kalk", criteria={"filters": {"field_of_action": ["wohnen"], "district": ["kalk"]}},
        exposed=["district", "target_group"], intro="<p>Für alle, die in Kalk eine Wohnung suchen.</p>",
        personal_help="<p>Das KIM-Case-Management hilft Ihnen persönlich.</p>",
        landing_term=term("district", "kalk"),
    )
    requests = record_requests(page)
    url = live_server.url + collection.url.replace("/de/", f"/{language}/", 1)
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator(".results .result").count() == 2
    check_axe(page)
    requests.assert_only_local(live_server.url)
    save_screenshots(page, f"collection-page-{language}")
