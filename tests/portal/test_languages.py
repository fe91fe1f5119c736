"""Language behaviour a reader notices: redirects, direction, switcher, alternates, fallback."""

import re

import pytest
from django.test import Client

from portal import demo

pytestmark = pytest.mark.django_db

ALL_LANGUAGES = ["de", "en", "ar", "fa", "tr", "uk", "ru", "ro", "bg", "pl"]


@pytest.fixture
def demo_pages(portal_site):
    demo.load(_Silent())
    return portal_site


class _Silent:
    def write(self, *args, **kwargs):
        pass


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("ar,en;q=0.5", "/ar/"), ("en-GB,en;q=0.9", "/en/"), ("fa-IR", "/fa/"), ("fr-FR,fr;q=0.9", "/de/"), ("", "/de/")],
)
def test_root_redirects_by_accept_language_with_german_fallback(portal_site, accept, expected):
    response = Client(HTTP_ACCEPT_LANGUAGE=accept).get("/")
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_every_language_serves_the_home_page_with_lang_and_direction(portal_site, client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if language in {"ar", "fa"} else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html


def test_switcher_links_to_the_same_page_under_each_languages_own_slug(portal_site, client):
    html = client.get("/de/impressum/").content.decode()
    switcher = html[html.index('class="language-switcher"'):]
    assert 'href="/en/imprint/" hreflang="en"' in switcher
    assert 'href="/de/impressum/" hreflang="de"' in switcher
    # A language without its own slug falls back to the German one.
    assert 'href="/ar/impressum/" hreflang="ar"' in switcher
    # Each language is named in itself.
    for name in ["Deutsch", "English", "العربية", "فارسی", "Türkçe", "Українська", "Русский", "Română", "Български", "Polski"]:
        assert f">{name}</a>" in switcher
    assert client.get("/en/imprint/").status_code == 200


def test_switcher_marks_the_current_language(portal_site, client):
    html = client.get("/ar/").content.decode()
    assert re.search(r'hreflang="ar"[^>]*aria-current="true"', html)


def test_hreflang_alternates_for_every_language_in_the_head(portal_site, client):
    html = client.get("/en/imprint/").content.decode()
    head = html[: html.index("</head>")]
    for language in ALL_LANGUAGES:
        assert f'hreflang="{language}"' in head
    assert 'hreflang="en" href="http://testserver/en/imprint/"' in head
    assert 'hreflang="x-default" href="http://testserver/de/impressum/"' in head


def test_untranslated_page_falls_back_to_german_with_a_note_in_the_readers_language(demo_pages, client):
    # The Easy German page is German by nature (the demo translates every other editorial page).
    html = client.get("/fa/leichte-sprache/").content.decode()
    assert 'class="note note--fallback"' in html
    assert "Was ist diese Internet-Seite?" in html
    assert '<div lang="de" dir="ltr">' in html
    # The note itself is translated into Persian, not left in English.
    note = re.search(r'note--fallback">([^<]+)<', html).group(1)
    assert "This page is not yet available" not in note


def test_translated_page_has_no_fallback_note(demo_pages, client):
    html = client.get("/tr/ueber-das-portal/").content.decode()
    assert "note--fallback" not in html
    assert "Bu portal ne işe yarar?" in html


def test_ui_strings_are_translated(portal_site, client):
    html = client.get("/ar/").content.decode()
    assert "Skip to content" not in html
    html = client.get("/de/").content.decode()
    assert "Zum Inhalt springen" in html


def test_footer_links_to_the_pages_public_bodies_must_have(portal_site, client):
    html = client.get("/de/").content.decode()
    footer = html[html.index("site-footer"):]
    assert 'href="/de/impressum/"' in footer
    assert 'href="/de/datenschutz/"' in footer
    assert 'href="/de/barrierefreiheit/"' in footer
    assert "/de/barrier-report/" in footer
    header = html[: html.index("</header>")]
    assert 'href="/de/leichte-sprache/"' in header
    assert 'href="/de/gebaerdensprache/"' in header


def test_faq_accordion_works_without_javascript(demo_pages, client):
    html = client.get("/de/ueber-das-portal/").content.decode()
    assert '<details class="faq__item"><summary>Wer kann die Angebote nutzen?</summary>' in html
    assert "<script" not in html.split("</footer>")[0].split("</head>")[1]
