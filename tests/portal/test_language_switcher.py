"""The language switcher and the hreflang alternates on every public page type in every language:
each link leads to the same page (same query string, same filters) in the other language."""

import re
from html import unescape

import pytest
from django.test import Client

from portal import demo
from tests.factories import (
    OfferPageFactory,
    PlaceFactory,
    ProgrammePageFactory,
    ProviderPageFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "ar", "fa", "tr", "uk", "ru", "ro", "bg", "pl"]
SWITCHER_LINK = re.compile(r'<a href="([^"]*)" hreflang="([a-z-]+)" lang=')
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([a-z-]+)" href="http://testserver([^"]*)">')


class _Silent:
    def write(self, *args, **kwargs):
        pass


@pytest.fixture
def page_types(portal_site):
    """The German URL of one page of each public type (and of the two forms and an error page)."""
    demo.load(_Silent())
    programme = ProgrammePageFactory(title="Migrationsberatung für erwachsene Zuwanderer", funding_level="bund")
    provider = ProviderPageFactory(title="Caritasverband Köln", title_en="Caritas Cologne")
    offer = OfferPageFactory(
        parent=provider, title="Migrationsberatung in Ehrenfeld", title_ar="استشارة الهجرة في إهرنفلد",
        programme=programme, places=[PlaceFactory(district="ehrenfeld-stadtteil")],
    )
    return {
        "home": ("/de/", 200),
        "content": ("/de/ueber-das-portal/", 200),
        "legal": ("/de/impressum/", 200),
        "directory": ("/de/angebote/", 200),
        "provider": (provider.url_path_de.replace("/start/", "/de/", 1), 200),
        "programme": (programme.url_path_de.replace("/start/", "/de/", 1), 200),
        "offer": (offer.url_path_de.replace("/start/", "/de/", 1), 200),
        "search": ("/de/search/?q=Beratung&district=kalk&free=true", 200),
        "problem-report": (f"/de/offers/{offer.hsds_id}/report/", 200),
        "barrier-report": ("/de/barrier-report/?page=/de/angebote/", 200),
        "not-found": ("/de/gibt-es-nicht/?x=1", 404),
    }


def _links(html):
    switcher = html[html.index('class="language-switcher"'):]
    switcher = switcher[: switcher.index("</details>")]
    head = html[: html.index("</head>")]
    return (
        {code: unescape(url) for url, code in SWITCHER_LINK.findall(switcher)},
        {code: unescape(url) for code, url in ALTERNATE.findall(head)},
    )


@pytest.mark.parametrize(
    "kind",
    ["home", "content", "legal", "directory", "provider", "programme", "offer", "search",
     "problem-report", "barrier-report", "not-found"],
)
def test_every_language_link_leads_to_the_same_page_in_that_language(page_types, kind):
    client = Client()
    german_url, status = page_types[kind]
    german = client.get(german_url)
    assert german.status_code == status
    urls, _alternates = _links(german.content.decode())
    assert sorted(urls) == sorted(LANGUAGES)
    assert urls["de"] == german_url
    query = german_url.partition("?")[2]
    for language, url in urls.items():
        # The same page: the same query string (search text and filters) under the other language.
        assert url.startswith(f"/{language}/"), (kind, language, url)
        assert url.partition("?")[2] == query, (kind, language, url)
        response = client.get(url)
        assert response.status_code == status, (kind, url)
        html = response.content.decode()
        assert re.search(rf'<html lang="{language}" dir="(ltr|rtl)">', html), (kind, url)
        # From there, every link (and every alternate) names the same set of pages again.
        links, alternates = _links(html)
        assert links == urls, (kind, language)
        assert {code: alternates[code] for code in LANGUAGES} == urls, (kind, language)
        assert alternates["x-default"] == german_url


def test_switcher_on_the_search_page_keeps_query_and_filters(page_types):
    html = Client().get("/ar/search/?q=%D8%B4%D9%82%D8%A9&district=kalk&district=ehrenfeld").content.decode()
    links, _alternates = _links(html)
    assert links["de"] == "/de/search/?q=%D8%B4%D9%82%D8%A9&district=kalk&district=ehrenfeld"
    assert links["uk"] == "/uk/search/?q=%D8%B4%D9%82%D8%A9&district=kalk&district=ehrenfeld"
