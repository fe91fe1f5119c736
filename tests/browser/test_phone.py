"""The portal on a 375 px phone in German, Arabic and Ukrainian: the language menu stays inside the
viewport and each entry leads to the same page; the first result is on the first screen with and
without JavaScript; filters in a panel; German-only offers say so."""

import re
from datetime import time
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from services_directory.models import OpeningSlot
from tests.browser.helpers import SCREENSHOT_DIR as SCREENSHOTS
from tests.browser.helpers import check_axe, record_requests, save_screenshots
from tests.browser.test_pages import pages  # noqa: F401 (a fixture: one page of each type)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}
LANGUAGES = ["de", "en", "ar", "fa", "tr", "uk", "ru", "ro", "bg", "pl"]
DISTRICTS = [
    "ehrenfeld-stadtteil", "kalk-stadtteil", "nippes-stadtteil", "chorweiler-stadtteil", "porz-stadtteil",
    "muelheim-stadtteil", "lindenthal-stadtteil", "rodenkirchen-stadtteil", "altstadt-nord", "deutz",
]
SEARCH = "/{lang}/search/?q=Beratung&free=true"


@pytest.fixture
def offers(portal_site):
    """Ten counselling offers in ten Stadtteile (a long district list); all but the last translated."""
    from services_directory.models import Term
    from tests.factories import make_offer, make_place, make_provider

    translation.activate("de")
    known = set(Term.objects.filter(taxonomy__code="district", code__in=DISTRICTS).values_list("code", flat=True))
    caritas = make_provider("Caritasverband Köln")
    made = []
    for number, district in enumerate(sorted(known)):
        translated = number < len(known) - 1
        texts = {
            "ar": {"title": f"استشارة رقم {number}", "summary": "استشارة للمهاجرين."},
            "uk": {"title": f"Консультація {number}", "summary": "Консультація для мігрантів."},
        } if translated else {}
        made.append(make_offer(
            caritas, f"Beratung Nummer {number}", summary="Beratung für Zugewanderte, Köln-Chorweiler.",
            fields_of_action=["beratung"], languages=["de", "ar"], places=[make_place(f"Haus {number}", district)],
            contact_phone="0221 123 45-6", access_appointment=not translated, translations=texts,
            opening_slots=[OpeningSlot(weekday=day, opens=time(9), closes=time(12)) for day in range(7)],
        ))
    return made


def phone_page(browser, javascript=True):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    return context.new_page()


def wider(page):
    """The elements reaching past the viewport's edges (what makes a page scroll sideways)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')].filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && !element.matches('.skip-link, .visually-hidden')
            && !element.closest('details:not([open]) > :not(summary)')
            && (box.right > window.innerWidth + 1 || box.left < -1);
    }).slice(0, 5).map((element) => {
        const box = element.getBoundingClientRect();
        const parent = element.parentElement.closest('[class]');
        return `${element.tagName}.${element.className} in ${parent && parent.className}: ${Math.round(box.left)}..${Math.round(box.right)}`;
    })""")


def no_sideways_scrolling(page):
    return page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", ["de", "ar", "uk"])
def test_language_menu_stays_inside_the_viewport_and_leads_to_the_same_search(live_server, offers, browser, language):
    page = phone_page(browser)
    url = SEARCH.format(lang=language) + "&district=kalk"
    page.goto(live_server.url + url, wait_until="networkidle")
    assert no_sideways_scrolling(page)
    page.locator(".language-switcher summary").click()
    entries = page.locator(".language-switcher nav a")
    assert entries.count() == len(LANGUAGES)
    for index in range(entries.count()):
        box = entries.nth(index).bounding_box()
        assert box is not None and entries.nth(index).is_visible()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (language, index, box)
        assert box["y"] + box["height"] <= PHONE["height"], (language, index, box)
    assert no_sideways_scrolling(page)
    query = urlsplit(url).query
    for target in LANGUAGES:
        href = page.locator(f".language-switcher nav a[hreflang='{target}']").get_attribute("href")
        assert urlsplit(href).path == f"/{target}/search/" and urlsplit(href).query == query
    # Follow one entry for real: the same search, filters included, in the other language.
    target = "ar" if language != "ar" else "de"
    page.locator(f".language-switcher nav a[hreflang='{target}']").click()
    page.wait_for_url(re.compile(rf"/{target}/search/\?"))
    assert page.locator("html").get_attribute("lang") == target
    assert page.locator("#search-district-kalk-stadtteil, #search-district-kalk").first.is_checked()
    assert page.locator("#search-q").input_value() == "Beratung"
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["de", "ar", "uk"])
def test_first_result_is_on_the_first_phone_screen(live_server, offers, browser, language, javascript):
    page = phone_page(browser, javascript)
    page.goto(live_server.url + SEARCH.format(lang=language), wait_until="networkidle")
    count = page.locator("#search-count")
    first = page.locator(".result").first
    assert count.bounding_box()["y"] + count.bounding_box()["height"] <= PHONE["height"]
    top = first.bounding_box()["y"]
    print(f"first result at {top:.0f} px ({language}, {'with' if javascript else 'without'} JavaScript)")
    assert top <= PHONE["height"], f"first result starts at {top} px"
    assert no_sideways_scrolling(page)
    if not javascript:
        # Facet groups start closed, the filters follow the results, and applying them lands on
        # the results again (#results), not on the top of the page.
        assert page.locator("details.facet[open]:not([data-selected])").count() == 0
        assert page.locator("details.facet[data-facet='free'][open]").count() == 1  # the one in use
        page.locator("a[data-filter-open]").click()
        page.locator("details.facet[data-facet='district'] > summary").click()
        more = page.locator("details.facet[data-facet='district'] .facet__more")
        assert more.count() == 1  # a long list: "show more" works without a script
        page.locator("details.facet[data-facet='district'] .facet__options label").first.click()
        page.locator(".search__apply").click()
        page.wait_for_url(re.compile(r"district=.*#results$"))
        assert page.locator("#results").bounding_box()["y"] <= 10
        assert page.locator(".search__active .chip").count() == 2  # cost and district
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_filter_panel_opens_from_the_filter_button_and_closes_with_show_results(live_server, offers, browser, language):
    page = phone_page(browser)
    requests = record_requests(page)
    page.goto(live_server.url + SEARCH.format(lang=language), wait_until="networkidle")
    panel = page.locator("[data-filter-panel]")
    assert not panel.is_visible()
    toggle = page.locator("[data-filter-open]")
    assert re.search(r"\(1\)", toggle.inner_text())  # one active filter: free of charge
    toggle.click()
    assert panel.is_visible() and panel.get_attribute("role") == "dialog"
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.locator("details.facet[data-facet='district'] > summary").click()
    # A long list gets a filter box.
    finder = page.locator("details.facet[data-facet='district'] .facet__filter input")
    finder.fill("kalk")
    visible = page.locator("details.facet[data-facet='district'] .facet__options > li:visible")
    # Latin letters find the place on an Arabic page too: every option knows its names in all scripts.
    assert visible.count() >= 1
    assert all("kalk" in (item.get_attribute("data-names") or "") for item in visible.all())
    visible.first.locator("label").first.click()
    page.wait_for_url(re.compile(r"district="))
    apply = page.locator("[data-filter-apply]")
    page.wait_for_function("() => /\\d/.test(document.querySelector('[data-filter-apply]').textContent)")
    assert panel.is_visible()
    shown = int(re.search(r"\d+", apply.inner_text()).group())
    check_axe(page)
    apply.click()
    page.wait_for_function("() => !document.querySelector('[data-filter-panel]').classList.contains('is-open')")
    assert not panel.is_visible()
    assert page.locator(".result").count() == shown
    assert page.locator(".search__active .chip").count() == 2
    requests.assert_only_local(live_server.url)
    page.context.close()


def test_german_only_card_in_an_arabic_list_says_so_and_is_marked_german(live_server, offers, browser):
    page = phone_page(browser)
    page.goto(live_server.url + SEARCH.format(lang="ar"), wait_until="networkidle")
    german = page.locator(".result", has=page.locator("[data-only-german]"))
    assert german.count() == 1
    assert german.locator(".result__title a").get_attribute("lang") == "de"
    assert german.locator(".result__title a").get_attribute("dir") == "ltr"
    assert german.locator(".result__text").get_attribute("lang") == "de"
    assert german.locator("[data-only-german]").inner_text().strip() == "بالألمانية فقط"  # said in Arabic
    # Phone, Stadtteil and today's hours or "by appointment" on every card.
    assert page.locator(".result a[href^='tel:']").count() == page.locator(".result").count()
    assert german.locator("a[href^='tel:']").get_attribute("href") == "tel:0221123456"
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_search_page_on_a_phone_is_accessible_with_screenshots(live_server, offers, browser, language):
    page = phone_page(browser)
    page.goto(live_server.url + SEARCH.format(lang=language), wait_until="networkidle")
    check_axe(page)
    page.locator(".language-switcher summary").click()
    check_axe(page)
    save_screenshots(page, f"phone-search-menu-{language}")
    page.locator(".language-switcher summary").click()
    save_screenshots(page, f"phone-search-{language}")
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar", "uk"])
def test_offer_page_shows_address_cost_and_call_button_on_the_first_screen(live_server, offers, browser, language):
    from tests.factories import make_place

    offer = offers[0]
    link = offer.places.first()
    place = make_place("Beratungszentrum Kalk", "kalk-stadtteil", latitude="50.938000", longitude="7.004000")
    link.place = place
    link.save()
    page = phone_page(browser)
    page.goto(live_server.url + offer.url_path_de.replace("/start/", f"/{language}/", 1), wait_until="networkidle")
    summary = page.locator(".offer-summary")
    for element in (summary.locator("dd").nth(1), summary.locator("dd").nth(3), summary.locator("a[href^='tel:']")):
        box = element.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"], (language, element, box)
    assert "Kalk" in summary.locator("dd").nth(1).inner_text()
    assert summary.locator("a[href^='geo:50.938000,7.004000']").count() == 1
    assert summary.locator("a[href^='https://www.openstreetmap.org/directions']").count() == 1
    assert no_sideways_scrolling(page)
    check_axe(page)
    if language != "uk":
        save_screenshots(page, f"phone-offer-{language}")
    page.context.close()


@pytest.fixture
def every_page_type(pages):  # noqa: F811 (pages: the fixture of test_pages)
    """Every public page type, the search page with results, with a place chip and with none."""
    from services_directory.models import OfferPage

    offer = OfferPage.objects.get(title="Migrationsberatung in Ehrenfeld")
    return {
        **{name: (path, 200) for name, path in pages.items()},
        "legal": ("/{lang}/impressum/", 200),
        "search": ("/{lang}/search/?q=Beratung&field_of_action=beratung", 200),
        "search-place": ("/{lang}/search/?q=Beratung+Kalk", 200),
        "search-empty": ("/{lang}/search/?q=Fahrradwerkstatt", 200),
        "problem-report": (f"/{{lang}}/offers/{offer.hsds_id}/report/", 200),
        "not-found": ("/{lang}/gibt-es-nicht/", 404),
    }


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_public_page_type_is_accessible_on_a_phone_and_a_desktop(live_server, every_page_type, browser, language):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((375, 812), (1280, 800)):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        page = context.new_page()
        for name, (path, status) in every_page_type.items():
            url = live_server.url + path.format(lang=language)
            response = page.goto(url, wait_until="networkidle")
            assert response is not None and response.status == status, f"{url} answered {response and response.status}"
            check_axe(page)
            if width == 375:
                page.screenshot(path=str(SCREENSHOTS / f"every-{name}-{language}-375.png"), full_page=True)
                assert no_sideways_scrolling(page), f"{name} ({language}) scrolls sideways on a phone: {wider(page)}"
        context.close()
