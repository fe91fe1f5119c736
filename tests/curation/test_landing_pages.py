"""Landing pages: one collection per KIM target group and Stadtbezirk, in all ten languages,
linked from the home page and from the labels on offer pages; the offer list block on content pages."""

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation

from curation import demo
from curation.models import CollectionPage
from portal.models import ContentPage, HomePage
from services_directory.models import Term
from tests.factories import make_offer, make_place, make_provider, term

from .helpers import make_collection

pytestmark = pytest.mark.django_db


def test_demo_loader_makes_one_landing_page_per_target_group_and_stadtbezirk(portal_site):
    demo.load(StringIO())
    pages = CollectionPage.objects.live().filter(landing_term__isnull=False)
    codes = {page.landing_term.code for page in pages}
    assert set(demo.KIM_TARGET_GROUPS) <= codes
    assert set(Term.objects.stadtbezirke().values_list("code", flat=True)) <= codes
    assert pages.count() == 6 + 9
    for page in pages:
        for language, _name in settings.LANGUAGES:
            assert getattr(page, f"title_{language}"), (page, language)
            assert getattr(page, f"intro_{language}"), (page, language)
            assert "KIM" in getattr(page, f"personal_help_{language}"), (page, language)
    kalk = pages.get(landing_term__code="kalk")
    assert "Vingst" in kalk.intro_de and kalk.criteria["filters"] == {"district": ["kalk"]}

    output = StringIO()
    demo.load(output)
    assert "created 0, updated 0, unchanged 15" in output.getvalue()


def test_offer_page_links_target_group_and_district_to_their_landing_pages(client, portal_site):
    provider = make_provider()
    offer = make_offer(provider, "Beratung für Alleinerziehende", target_groups=["alleinerziehende"],
                       places=[make_place("Treff Vingst", "vingst")])
    group_page = make_collection("Alleinerziehende", landing_term=term("target-group", "alleinerziehende"),
                                 criteria={"filters": {"target_group": ["alleinerziehende"]}})
    kalk_page = make_collection("Angebote in Kalk", landing_term=term("district", "kalk"),
                                criteria={"filters": {"district": ["kalk"]}})
    soup = BeautifulSoup(client.get(offer.url).content, "html.parser")
    hrefs = {link["href"] for link in soup.select("a")}
    assert group_page.url in hrefs
    assert kalk_page.url in hrefs

    group_page.unpublish()
    soup = BeautifulSoup(client.get(offer.url).content, "html.parser")
    assert group_page.url not in {link["href"] for link in soup.select("a")}


def test_home_page_links_the_landing_pages(client, portal_site):
    page = make_collection("Angebote in Porz", landing_term=term("district", "porz"),
                           criteria={"filters": {"district": ["porz"]}})
    soup = BeautifulSoup(client.get(HomePage.objects.get().url).content, "html.parser")
    assert page.url in {link["href"] for link in soup.select(".landing-links a")}


def test_offer_list_block_on_a_content_page(client, portal_site):
    provider = make_provider()
    make_offer(provider, "Wohnungssuche", fields_of_action=["wohnen"])
    make_offer(provider, "Mieterberatung", fields_of_action=["wohnen"])
    make_offer(provider, "Jobcoaching", fields_of_action=["arbeit"])
    block = {"type": "offer_list", "value": {"heading": "Neu im Bereich Wohnen", "field_of_action": ["wohnen"],
                                             "sort": "newest", "limit": 1}}
    home = HomePage.objects.get()
    with translation.override("de"):
        page = ContentPage(title="Wohnen", title_de="Wohnen", slug="wohnen", slug_de="wohnen", body_de=json.dumps([block]))
        home.add_child(instance=page)
        page.save_revision().publish()
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    section = soup.select_one(".offer-list-block")
    assert section.h2.get_text(strip=True) == "Neu im Bereich Wohnen"
    assert [a.get_text(strip=True) for a in section.select(".result__title a")] == ["Mieterberatung"]
    more = section.select_one(".offer-list-block__more a")
    assert "field_of_action=wohnen" in more["href"]
    assert "2" in more.get_text()
