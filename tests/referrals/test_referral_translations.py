"""Case-manager pages speak the reader's language: client mode, its reasons, the referral list and
the print view show no English source text in Arabic, Romanian or Ukrainian."""

import re

import pytest
from django.utils import translation

from search import fit
from search.backends.database import DatabaseBackend
from tests.factories import OfferPageFactory, PlaceFactory

pytestmark = pytest.mark.django_db

# English source strings a reader of these pages would meet (labels, reasons, notes).
ENGLISH = [
    "Search for a client", "Benefits received", "Languages spoken", "Single parent", "Needs childcare",
    "More about the person", "Find fitting offers", "How this offer fits", "speaks ", "free of charge",
    "childcare", "by appointment only", "waiting list", "Add to referral list", "Referral list", "Move up",
    "Remove", "Share", "Link to this list", "Print in the person", "Empty the list", "Printed on",
    "Opening hours", "How to get access", "What to bring", "Address", "Offers for you",
    "Back to the referral list", "QR code", "offers fit", "offer fits",
]


SAME_IN_SOME = {"%(km)s km", "in %(district)s"}  # identical in German, Polish, Romanian...


@pytest.fixture
def offers(portal_site):
    place = PlaceFactory(name="Bürgerzentrum Chorweiler", district="chorweiler-stadtteil", latitude=51.0277, longitude=6.8960)
    found = [
        OfferPageFactory(
            title="Teilzeitausbildung", fields_of_action=["ausbildung"], target_groups=["alleinerziehende"], languages=["de", "ro"],
            places=[place], cost="free", childcare=True, part_time=True, what_to_bring="Lebenslauf", contact_phone="0221 1",
        ),
        OfferPageFactory(
            title="Sprachkurs", fields_of_action=["ausbildung"], languages=["de"], places=[place], cost="fee", fee_description="50 €",
            free_with_benefits=["buergergeld"], capacity_status="waiting", access_walk_in=False, access_appointment=True,
        ),
    ]
    DatabaseBackend().rebuild()
    return found


def _visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<[^>]*\blang="de"[^>]*>.*?</[a-z]+>', " ", html, flags=re.S)  # marked German fallback
    return re.sub(r"<[^>]+>", " ", html)


def _english_left(html):
    text = _visible_text(html)
    return [phrase for phrase in ENGLISH if phrase in text]


@pytest.mark.parametrize("language", ["ar", "ro", "uk", "fa"])
def test_client_mode_and_its_reasons_show_no_english(client, offers, language):
    assert not _english_left(client.get(f"/{language}/search/client/").content.decode())
    response = client.post(f"/{language}/search/client/", {
        "age": "24", "benefit": ["buergergeld"], "speaks": ["ro"], "near": "chorweiler-stadtteil",
        "needs": ["ausbildung"], "single_parent": "on", "childcare_needed": "on",
    })
    assert response.status_code == 200
    assert response.context["items"] and all(item["reasons"] for item in response.context["items"])
    assert not _english_left(response.content.decode())


@pytest.mark.parametrize("language", ["ar", "ro", "uk", "bg"])
def test_referral_list_and_print_view_show_no_english(client, offers, language):
    ids = [str(offer.hsds_id) for offer in offers]
    for offer_id in ids:
        client.post(f"/{language}/referrals/add/", {"offer": offer_id})
    assert not _english_left(client.get(f"/{language}/referrals/").content.decode())
    html = client.get(f"/{language}/referrals/print/", {"offer": ids}).content.decode()
    assert html.count('class="referral__qr"') == 2
    assert not _english_left(html)


def test_every_reason_label_is_translated_in_all_portal_languages():
    source = open(fit.__file__, encoding="utf-8").read()
    labels = re.findall(r'gettext\("([^"]+)"\)', source)
    assert len(labels) > 12
    for language in ("de", "ar", "fa", "tr", "ru", "uk", "pl", "ro", "bg"):
        with translation.override(language):
            untranslated = [label for label in labels if translation.gettext(label) == label and label not in SAME_IN_SOME]
        assert not untranslated, f"{language}: {untranslated}"
