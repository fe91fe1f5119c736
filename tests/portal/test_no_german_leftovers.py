"""Every public page type in all ten languages: no German interface text outside content that is
marked as German fallback (lang="de"). German UI text is recognised by the German catalogue."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.test import Client

from search.backends.database import DatabaseBackend
from services_directory.models import ProviderContact
from tests.curation.helpers import make_collection
from tests.factories import (
    OfferPageFactory,
    PlaceFactory,
    ProgrammePageFactory,
    ProviderPageFactory,
)
from tests.portal.test_language_switcher import _links, page_types  # noqa: F401 (page_types: fixture)

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parent.parent.parent / "locale"
LANGUAGES = ["en", "ar", "fa", "tr", "uk", "ru", "ro", "bg", "pl"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text a reader sees (and attributes they hear), without subtrees marked lang="de"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # True for an element that is German or inside one, or script/style
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = (self.stack and self.stack[-1]) or tag in ("script", "style", "head")
        hidden = hidden or (attrs.get("lang") or "").startswith("de")
        if not hidden:
            for name in ("aria-label", "placeholder", "title", "alt", "data-show-label", "data-filter-label"):
                if attrs.get(name):
                    self.parts.append(attrs[name])
        if tag not in VOID:
            self.stack.append(bool(hidden))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


def _catalogue(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return {message.id: message for message in read_po(handle, locale=language) if message.id}


def _texts(message):
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def german_ui_strings(language):
    """German catalogue strings that the language's own catalogue translates differently, cut at
    placeholders into the literal pieces a page would show."""
    local = _catalogue(language)
    pieces = set()
    for msgid, message in _catalogue("de").items():
        own = local.get(msgid)
        if own is None or set(_texts(own)) & set(_texts(message)):
            continue
        for text in _texts(message):
            for piece in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\{\{[^}]*\}\}", text or ""):
                piece = " ".join(piece.split()).strip(" .,:;–-“”„\"()")
                # Short pieces ("Ja", "Alter") are words other languages may share.
                if len(piece) >= 9 and " " in piece:
                    pieces.add(piece)
    return pieces


@pytest.fixture
def every_page_type(page_types):  # noqa: F811
    """The language switcher's page types, an empty search result (with its "did you mean",
    synonyms and fields of action) and a collection page."""
    collection = make_collection("Wohnen in Kalk", criteria={"filters": {"district": ["kalk"]}}, exposed=["field_of_action"])
    return {
        **page_types,
        "search-empty": ("/de/search/?q=Migrazionsberatung&district=chorweiler", 200),
        "collection": (collection.url_path_de.replace("/start/", "/de/", 1), 200),
    }


def test_no_german_interface_text_on_any_page_type_in_any_language(every_page_type):
    client = Client()
    leftovers = []
    # Each page type in each language, as the language switcher links it (each its own slug).
    urls = {kind: _links(client.get(url).content.decode())[0] for kind, (url, _status) in every_page_type.items()}
    for language in LANGUAGES:
        pieces = german_ui_strings(language)
        for kind, (_german_url, status) in every_page_type.items():
            url = urls[kind][language]
            response = client.get(url)
            assert response.status_code == status, url
            text = VisibleText.of(response.content.decode())
            found = sorted(piece for piece in pieces if piece in text)
            leftovers += [f"{language} {kind} {url}: {piece!r}" for piece in found]
    assert not leftovers, "German interface text outside marked fallback content:\n" + "\n".join(leftovers)


def test_the_checker_finds_german_interface_text():
    """The check itself: unmarked German UI text is found, marked fallback text is not."""
    pieces = german_ui_strings("ar")
    page = '<p>Zum Inhalt springen</p><div lang="de" dir="ltr"><p>Bitte versuchen Sie es später</p></div>'
    text = VisibleText.of(page)
    assert "Zum Inhalt springen" in text and "später" not in text
    assert "Zum Inhalt springen" in pieces


def test_german_only_content_is_marked_german_wherever_a_reader_meets_it(portal_site):
    """Texts an editor wrote only in German (contact, public transport, hours notes, the place's
    name, the fee, the provider's contact role, the programme) are read in the reader's language
    only inside lang="de": on the offer, provider and programme pages and the search results."""
    provider = ProviderPageFactory(title="Caritasverband Köln", short_description="Beratung in allen Lebenslagen")
    ProviderContact.objects.create(provider=provider, role="Zentrale und Empfang", email="info@example.org")
    programme = ProgrammePageFactory(title="Migrationsberatung für Erwachsene", funder="Bundesamt für Migration",
                                     funding_level="bund")
    place = PlaceFactory(name="Beratungszentrum Ehrenfeld", district="ehrenfeld-stadtteil", latitude=50.949,
                         longitude=6.917, transport_hint="Haltestelle Venloer Straße, fünf Minuten zu Fuß")
    offer = OfferPageFactory(
        parent=provider, title="Wohnungssuche mit Begleitung", summary="Hilfe bei der Suche nach einer Wohnung",
        programme=programme, places=[place], cost="fee", fee_description="Zwei Euro je Termin",
        contact_name="Team Wohnraumhilfe", contact_phone="0221 123456", fields_of_action=["wohnen"],
        last_verified_by="Redaktion KIM Köln",
    )
    link = offer.places.first()
    link.hours_notes = "Letzter Einlass eine halbe Stunde vor Ende"
    link.save()
    DatabaseBackend().rebuild()
    german = [
        "Wohnungssuche mit Begleitung", "Hilfe bei der Suche nach einer Wohnung", "Zwei Euro je Termin",
        "Team Wohnraumhilfe", "Haltestelle Venloer Straße", "Letzter Einlass eine halbe Stunde",
        "Beratungszentrum Ehrenfeld", "Caritasverband Köln", "Zentrale und Empfang",
        "Migrationsberatung für Erwachsene", "Bundesamt für Migration", "Beratung in allen Lebenslagen",
        "Redaktion KIM Köln",
    ]
    client = Client()
    for language in ("ar", "ru", "fa"):
        pages = [page.url_path_de.replace("/start/", f"/{language}/", 1) for page in (offer, provider, programme)]
        pages.append(f"/{language}/search/?q=Wohnung")
        for url in pages:
            response = client.get(url, follow=True)
            assert response.status_code == 200, url
            text = VisibleText.of(response.content.decode())
            unmarked = [piece for piece in german if piece in text]
            assert not unmarked, f"{url}: German shown without lang=\"de\": {unmarked}"
