"""Every public page type in German and Arabic: WCAG 2.1 AA (axe), no third-party requests,
a layout that mirrors right to left, and screenshots at phone and desktop width."""

from datetime import time

import pytest

from portal import demo
from services_directory.models import OpeningSlot
from tests.browser.helpers import check_axe, record_requests, save_screenshots
from tests.factories import (
    OfferPageFactory,
    PlaceFactory,
    ProgrammePageFactory,
    ProviderPageFactory,
)

# The live server reads committed data; the flush afterwards is repaired by portal_site.
pytestmark = pytest.mark.django_db(transaction=True)


class _Quiet:
    def write(self, *args, **kwargs):
        pass


@pytest.fixture
def pages(portal_site):
    """One page of each type, with German text and, for the offer, an Arabic translation."""
    demo.load(_Quiet())
    programme = ProgrammePageFactory(title="Migrationsberatung für erwachsene Zuwanderer", funding_level="bund")
    provider = ProviderPageFactory(title="Caritasverband Köln", short_description="Beratung und Hilfe in allen Lebenslagen.")
    offer = OfferPageFactory(
        parent=provider,
        title="Migrationsberatung in Ehrenfeld",
        summary="Beratung zu Aufenthalt, Arbeit und Wohnen für Erwachsene.",
        summary_ar="استشارة حول الإقامة والعمل والسكن للبالغين.",
        title_ar="استشارة الهجرة في إهرنفلد",
        fields_of_action=["beratung", "wohnen"],
        target_groups=["neuzugewanderte"],
        delivery_forms=["vor-ort"],
        languages=["de", "ar", "tr"],
        programme=programme,
        places=[PlaceFactory(district="ehrenfeld-stadtteil")],
        opening_slots=[OpeningSlot(weekday=0, opens=time(9), closes=time(12))],
    )
    return {
        "home": "/{lang}/",
        "content": "/{lang}/ueber-das-portal/",
        "easy-language": "/{lang}/leichte-sprache/",
        "directory": "/{lang}/angebote/",
        "provider": provider.url_path_de.replace("/start/", "/{lang}/", 1),
        "programme": programme.url_path_de.replace("/start/", "/{lang}/", 1),
        "offer": offer.url_path_de.replace("/start/", "/{lang}/", 1),
        "barrier-report": "/{lang}/barrier-report/",
    }


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_page_type_is_accessible_local_and_mirrors(live_server, pages, page, language):
    requests = record_requests(page)
    for name, path in pages.items():
        url = live_server.url + path.format(lang=language)
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, f"{url} answered {response and response.status}"
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        check_axe(page)
        save_screenshots(page, f"{name}-{language}")
        # Right to left really mirrors: the site name sits at the start edge of the line.
        page.set_viewport_size({"width": 1280, "height": 800})
        brand = page.locator(".site-header__brand").bounding_box()
        if language == "ar":
            assert brand["x"] + brand["width"] > 640, f"{name}: the brand should start on the right in Arabic"
        else:
            assert brand["x"] < 640, f"{name}: the brand should start on the left in German"
    requests.assert_only_local(live_server.url)
