"""The case manager's scenario in a browser: client mode for a 24-year-old Romanian single mother
in Chorweiler -> shortlist -> print view in Romanian -> PDF (var/referral-ro.pdf); client mode,
list and print pages pass axe (WCAG 2.1 AA) in German and Arabic; screenshots at 375/1280 px."""

import pytest
from django.utils import translation

from search.backends.database import DatabaseBackend
from tests.browser.helpers import REPO, check_axe, record_requests, save_screenshots
from tests.factories import OfferPageFactory, PlaceFactory

# The live server reads committed data, so these tests commit (and the database is flushed after).
pytestmark = pytest.mark.django_db(transaction=True)

PDF = REPO / "var" / "referral-ro.pdf"


@pytest.fixture
def scenario(portal_site):
    translation.activate("de")
    chorweiler = PlaceFactory(name="Bürgerzentrum Chorweiler", street="Pariser Platz 1", postcode="50765",
                              district="chorweiler-stadtteil", latitude=51.0277, longitude=6.8960)
    nippes = PlaceFactory(name="Jobwerkstatt Nippes", district="nippes-stadtteil", latitude=50.9650, longitude=6.9530)
    training = OfferPageFactory(
        title="Teilzeitausbildung mit Kinderbetreuung", title_ro="Formare profesională cu normă parțială și îngrijirea copiilor",
        summary="Ausbildung in Teilzeit für junge Mütter und Väter.", summary_ro="Formare profesională cu normă parțială pentru părinți tineri.",
        fields_of_action=["ausbildung"], target_groups=["alleinerziehende"], languages=["de", "ro"], places=[chorweiler],
        cost="free", childcare=True, part_time=True, minimum_age=18, maximum_age=27, contact_phone="0221 555 100",
        what_to_bring="Lebenslauf",
    )
    counselling = OfferPageFactory(
        title="Sozialberatung: Bürgergeld und Kindergeld", summary="Beratung zu Leistungen.", fields_of_action=["existenzsicherung"],
        languages=["de", "ro"], places=[chorweiler], cost="free", access_walk_in=False, access_appointment=True,
    )
    OfferPageFactory(title="Bewerbungstraining Nippes", fields_of_action=["arbeit"], languages=["de"], places=[nippes])
    DatabaseBackend().rebuild()
    translation.deactivate()
    return {"training": training, "counselling": counselling}


def fill_client_form(page):
    page.fill("#id_age", "24")
    page.select_option("select[name=near]", "chorweiler-stadtteil")
    for name, value in (("residence_status", "eu-buergerschaft"), ("benefit", "buergergeld"), ("speaks", "ro"), ("speaks", "de"),
                        ("needs", "ausbildung"), ("needs", "existenzsicherung")):
        page.check(f"input[name={name}][value={value}]")
    for name in ("single_parent", "childcare_needed"):
        page.check(f"input[name={name}]")
    page.locator("#client-form button[type=submit]:not([name])").click()
    page.wait_for_selector("#results")


def assert_fits_a_phone(page):
    """At 375 px nothing scrolls sideways (the QR code goes below the offer)."""
    original = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 812})
    try:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, f"{page.url} scrolls sideways at 375 px"
    finally:
        page.set_viewport_size(original)


def test_client_scenario_shortlist_and_romanian_print_to_pdf(live_server, scenario, page):
    requests = record_requests(page)
    page.goto(f"{live_server.url}/de/search/client/")
    check_axe(page)
    fill_client_form(page)
    cards = page.locator(".result")
    assert cards.count() == 2
    first = cards.nth(0)
    assert "Teilzeitausbildung mit Kinderbetreuung" in first.locator(".result__title").inner_text()
    reasons = first.locator(".reason--match").all_inner_texts()
    assert any("Kinderbetreuung" in text for text in reasons) and any("Rumänisch" in text for text in reasons)
    check_axe(page)
    save_screenshots(page, "referrals-client-de")

    # Shortlist both offers from the result cards (the buttons submit the client form again).
    for position in range(2):
        page.locator(".result").nth(position).locator(".result__refer button").click()
        page.wait_for_selector("[role=status]")
    assert page.locator(".result__refer button[disabled]").count() == 2

    page.goto(f"{live_server.url}/de/referrals/")
    items = page.locator(".referral-list__item")
    assert items.count() == 2
    check_axe(page)
    save_screenshots(page, "referrals-list-de")

    page.locator("[data-print-language=ro]").click()
    page.wait_for_url("**/ro/referrals/print/?offer=*")
    assert page.locator("html").get_attribute("lang") == "ro"
    assert page.locator("h2").first.inner_text().endswith("Formare profesională cu normă parțială și îngrijirea copiilor")
    assert page.locator(".referral__qr").count() == 2
    assert page.locator("[lang=de]", has_text="Sozialberatung").count() >= 1  # German fallback marked
    check_axe(page)
    save_screenshots(page, "referrals-print-ro")
    PDF.parent.mkdir(parents=True, exist_ok=True)
    page.emulate_media(media="print")
    page.pdf(path=str(PDF), format="A4", print_background=True)
    assert PDF.read_bytes()[:5] == b"%PDF-" and PDF.stat().st_size > 5_000
    requests.assert_only_local(live_server.url)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_case_manager_pages_pass_axe_and_render_in_the_readers_direction(live_server, scenario, page, language):
    direction = "rtl" if language == "ar" else "ltr"
    page.goto(f"{live_server.url}/{language}/search/client/")
    assert page.locator("html").get_attribute("dir") == direction
    check_axe(page)
    fill_client_form(page)
    check_axe(page)
    save_screenshots(page, f"referrals-client-{language}")
    assert_fits_a_phone(page)
    page.locator(".result").nth(0).locator(".result__refer button").click()
    page.wait_for_selector("[role=status]")

    page.goto(f"{live_server.url}/{language}/referrals/")
    assert page.locator(".referral-list__item").count() == 1
    check_axe(page)
    save_screenshots(page, f"referrals-list-{language}")
    assert_fits_a_phone(page)

    ids = [str(scenario["training"].hsds_id), str(scenario["counselling"].hsds_id)]
    page.goto(f"{live_server.url}/{language}/referrals/print/?offer={ids[0]}&offer={ids[1]}&offer=not-an-id")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator(".referral").count() == 2
    check_axe(page)
    save_screenshots(page, f"referrals-print-{language}")
    assert_fits_a_phone(page)
