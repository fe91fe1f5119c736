"""The referral list: built in the session without JavaScript, shared in the URL, printed in the
client's language; only offer ids are kept, and bad or unpublished ids are left out with a note."""

import uuid

import pytest

from referrals.shortlist import SESSION_KEY
from tests.factories import OfferPageFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(portal_site):
    place = PlaceFactory(name="Bürgerzentrum Chorweiler", street="Pariser Platz 1", postcode="50765", district="chorweiler-stadtteil")
    return {
        "training": OfferPageFactory(
            title="Teilzeitausbildung mit Kinderbetreuung", title_ro="Formare cu fracțiune de normă și îngrijirea copiilor",
            summary="Ausbildung in Teilzeit für Mütter.", summary_ro="Formare profesională cu fracțiune de normă pentru mame.",
            places=[place], languages=["de", "ro"], contact_phone="0221 555 100", what_to_bring="Lebenslauf",
        ),
        "counselling": OfferPageFactory(title="Sozialberatung Chorweiler", summary="Beratung zu Bürgergeld.", places=[place]),
        "draft": OfferPageFactory(title="Noch nicht veröffentlicht", publish=False),
    }


def _ids(*offers):
    return [str(offer.hsds_id) for offer in offers]


def _listed(response):
    return [str(offer.hsds_id) for offer in response.context["offers"]]


def test_a_list_is_built_reordered_and_emptied_without_javascript(client, offers):
    training, counselling = offers["training"], offers["counselling"]
    for offer in (training, counselling):
        response = client.post("/de/referrals/add/", {"offer": str(offer.hsds_id), "next": "/de/search/?q=kurs"})
        assert response.status_code == 302 and response["Location"] == "/de/search/?q=kurs"
    assert _listed(client.get("/de/referrals/")) == _ids(training, counselling)
    client.post("/de/referrals/change/", {"action": "up", "offer": str(counselling.hsds_id)})
    assert _listed(client.get("/de/referrals/")) == _ids(counselling, training)
    client.post("/de/referrals/change/", {"action": "remove", "offer": str(counselling.hsds_id)})
    assert _listed(client.get("/de/referrals/")) == _ids(training)
    client.post("/de/referrals/change/", {"action": "clear"})
    assert "data-referral-empty" in client.get("/de/referrals/").content.decode()


def test_the_session_holds_offer_ids_and_nothing_else(client, offers):
    client.post("/de/referrals/add/", {"offer": str(offers["training"].hsds_id), "age": "24", "note": "Frau P."})
    stored = dict(client.session.items())
    assert stored == {SESSION_KEY: _ids(offers["training"])}


def test_add_never_redirects_to_another_site(client, offers):
    response = client.post("/de/referrals/add/", {"offer": str(offers["training"].hsds_id), "next": "https://evil.example/"})
    assert response["Location"] == "/de/referrals/"


def test_a_shared_link_shows_the_list_and_can_be_kept(client, offers):
    ids = _ids(offers["counselling"], offers["training"])
    response = client.get("/de/referrals/", {"offer": ids})
    assert _listed(response) == ids
    assert "offer=" in response.context["share_url"]
    client.post("/de/referrals/change/", {"action": "keep", "offer": ids})
    assert _listed(client.get("/de/referrals/")) == ids


@pytest.mark.parametrize(
    ("language", "direction", "heading"),
    [("de", "ltr", "Teilzeitausbildung mit Kinderbetreuung"), ("ar", "rtl", None), ("ro", "ltr", "Formare cu fracțiune"), ("uk", "ltr", None)],
)
def test_print_view_speaks_the_language_of_its_url(client, offers, language, direction, heading):
    ids = _ids(offers["training"], offers["counselling"])
    response = client.get(f"/{language}/referrals/print/", {"offer": ids}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert html.count('class="referral__qr"') == 2
    assert "Pariser Platz 1" in html and "0221 555 100" in html
    assert "/referrals/print/?offer=" in html  # the list's own URL is printed
    if heading:
        assert heading in html
    if language != "de":  # the counselling offer has no translation: its German text is marked
        assert '<bdi lang="de" dir="ltr">Sozialberatung Chorweiler</bdi>' in html


def test_print_view_leaves_out_bad_unknown_and_unpublished_ids_with_a_note(client, offers):
    params = {"offer": [str(offers["training"].hsds_id), "not-an-id", str(uuid.uuid4()), str(offers["draft"].hsds_id)]}
    response = client.get("/ro/referrals/print/", params)
    assert response.status_code == 200
    assert [item["offer"].pk for item in response.context["items"]] == [offers["training"].pk]
    assert response.context["missing"] == 2  # the malformed id is no id at all
    assert "data-referral-missing" in response.content.decode()
    assert "Noch nicht veröffentlicht" not in response.content.decode()
    assert client.get("/de/referrals/print/").status_code == 200  # no ids: an empty list, never a 500
