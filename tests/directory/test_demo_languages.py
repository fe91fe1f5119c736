"""The demo shows a reader what every offer page has in their own language: public transport,
hours notes, opening notes, closure reasons, contact names, who verified the offer and provider
contact roles are
written in all ten portal languages (machine-made demo text, see demo/data/README.md)."""

import datetime
import io

import pytest
from django.utils import translation

from portal.languages import portal_language_codes
from services_directory.demo import catalogue
from services_directory.demo.catalogue import texts
from services_directory.demo.generate import build_landscape
from services_directory.demo.loader import _Writer
from services_directory.models import DirectoryIndexPage, Term
from services_directory.vocabulary import load_taxonomies

LANGUAGES = portal_language_codes()


def _complete(values):
    return [language for language in LANGUAGES if not (values or {}).get(language)]


def test_every_text_an_offer_page_shows_beside_the_offer_is_in_every_language():
    landscape = build_landscape(datetime.date(2026, 11, 27))
    assert len(LANGUAGES) == 10
    assert all(not _complete(place.transport_hint) for place in landscape.places)
    assert {place.transport_hint["ru"].split(" ")[0] for place in landscape.places} == {"Остановка"}
    assert all(not _complete(offer.texts["contact_name"]) for offer in landscape.offers)
    links = [link for offer in landscape.offers for link in offer.places]
    assert all(not _complete(link.hours_notes) for link in links if link.hours_notes)
    assert all(not _complete(link.closed_reason) for link in links if link.temporarily_closed)
    assert any(link.hours_notes for link in links) and any(link.temporarily_closed for link in links)
    notes = [slot.note for offer in landscape.offers for slot in offer.slots if slot.note]
    assert notes and all(not _complete(note) for note in notes)
    assert not _complete(texts().reception_role)
    assert texts().verifiers and all(not _complete(name) for name in texts().verifiers)
    names = {offer.values["last_verified_by_uk"] for offer in landscape.offers}
    assert names <= {name["uk"] for name in texts().verifiers} and len(names) > 1
    # An Arabic reader no longer meets "Nur (بموعد مسبق) mit Termin": the note itself is Arabic.
    assert texts().appointment_note["ar"] == "بموعد مسبق فقط"


def test_arabic_lists_in_the_demo_use_the_arabic_comma():
    landscape = build_landscape(datetime.date(2026, 11, 27))
    sentences = [
        paragraph for offer in landscape.offers for paragraph in offer.texts["description"].get("ar", "").split("</p>")
        if "باللغات" in paragraph
    ]
    assert sentences and all("، " in sentence or "," not in sentence for sentence in sentences)
    assert not any(", " in sentence for sentence in sentences)


@pytest.mark.django_db
def test_demo_provider_and_programme_pages_read_in_arabic_and_ukrainian_without_german_fallback(portal_site, client):
    """Provider and programme texts (title, funder, about, certificates) are demo text in every language:
    an Arabic or Ukrainian reader meets no German fallback on these pages (the provider's name
    is a proper name and stays as it is)."""
    assert all(not _complete(spec.title) and not _complete(spec.funder) and not _complete(spec.about)
               for spec in catalogue.programmes())
    assert all(not _complete(spec.about) for spec in catalogue.providers())
    if not Term.objects.filter(taxonomy__code="district").exists():
        load_taxonomies()
    writer = _Writer(io.StringIO())
    index = DirectoryIndexPage.objects.get()
    with translation.override("de"):
        programme = writer.programme(index, next(spec for spec in catalogue.programmes() if spec.key == "mbe"))
        provider = writer.provider(index, next(spec for spec in catalogue.providers() if spec.key == "caritas"), {},
                                   "Bartholomäus-Schink-Straße 6, 50825 Köln")
    expected = {
        ("ar", programme): "استشارات الهجرة للمهاجرين البالغين (MBE)",
        ("uk", programme): "Міграційне консультування для дорослих іммігрантів (MBE)",
        ("ar", provider): "جمعية رعاية اجتماعية كاثوليكية تقدم خدمات متخصصة للاندماج والهجرة في جميع مناطق المدينة.",
        ("uk", provider): "Католицька благодійна організація зі спеціалізованими службами інтеграції та міграції",
    }
    for (language, page), text in expected.items():
        with translation.override(language):
            url = page.get_url()
        html = client.get(url).content.decode()
        assert text in html, (language, url)
        assert "data-only-german" not in html, (language, url)
        if page is programme:
            # title, funder and description: none of them marked as German fallback
            assert 'lang="de"' not in html.split('id="programme-title"')[1].split("</article>")[0], (language, url)
        else:
            lead = html.split('<p class="lead"')[1].split(">")[0]
            assert 'lang="de"' not in lead, (language, url)
            # its quality certificate too (an umbrella association's)
            certificate = texts().certificates["umbrella"][language]
            assert f"<li><bdi>{certificate}</bdi>" in html, (language, url)
