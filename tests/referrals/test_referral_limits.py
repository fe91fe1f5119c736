"""The referral list from an offer page, and what an outsider can do with the list: another
site's form cannot add, a list is capped with a clear note, a forged long link costs nothing."""

import uuid

import pytest

from referrals.shortlist import MAX_OFFERS, READ_AT_MOST, SESSION_KEY
from tests.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(portal_site):
    return OfferPageFactory(title="Teilzeitausbildung mit Kinderbetreuung")


def test_an_offer_page_adds_itself_to_the_referral_list_without_javascript(client, offer):
    page = client.get(offer.url)
    html = page.content.decode()
    assert 'action="/de/referrals/add/"' in html and f'value="{offer.hsds_id}"' in html
    assert "csrftoken" not in page.cookies  # the button keeps the page in the shared page cache
    response = client.post("/de/referrals/add/", {"offer": str(offer.hsds_id), "next": offer.url}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302 and response["Location"] == offer.url
    again = client.get(offer.url).content.decode()
    assert "On the referral list" in again or "Auf der Vermittlungsliste" in again
    assert f'value="{offer.hsds_id}"' not in again  # no second "add" for the same offer


def test_another_sites_form_cannot_add_to_the_list(client, offer):
    response = client.post("/de/referrals/add/", {"offer": str(offer.hsds_id)}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert SESSION_KEY not in client.session
    response = client.post("/de/referrals/add/", {"offer": str(offer.hsds_id)}, HTTP_REFERER="https://evil.example/page")
    assert response.status_code == 403


def test_a_full_list_says_so_instead_of_growing(client, offer):
    session = client.session
    session[SESSION_KEY] = [str(uuid.uuid4()) for _ in range(MAX_OFFERS)]
    session.save()
    response = client.post("/de/referrals/add/", {"offer": str(offer.hsds_id)})
    assert response["Location"] == "/de/referrals/?full=1"
    assert len(client.session[SESSION_KEY]) == MAX_OFFERS and str(offer.hsds_id) not in client.session[SESSION_KEY]
    assert "data-referral-full" in client.get(response["Location"]).content.decode()


def test_a_forged_long_link_is_cut_with_a_note_and_never_fails(client, offer):
    ids = [str(offer.hsds_id)] + [str(uuid.uuid4()) for _ in range(READ_AT_MOST + 50)]
    response = client.get("/de/referrals/", {"offer": ids})
    assert response.status_code == 200
    assert [str(item.hsds_id) for item in response.context["offers"]] == [str(offer.hsds_id)]
    assert response.context["left_over"] > 0 and "data-referral-left-over" in response.content.decode()
    printed = client.get("/ar/referrals/print/", {"offer": ids + ["x" * 5000, "'; drop table"]})
    assert printed.status_code == 200 and printed.context["items"][0]["offer"].pk == offer.pk
    assert "data-referral-left-over" in printed.content.decode()


def test_printing_is_rate_limited_per_client_with_a_clear_answer(client, offer, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "referral_print": ("2/h", "100/h")}
    for _ in range(2):
        assert client.get("/ro/referrals/print/", {"offer": str(offer.hsds_id)}).status_code == 200
    refused = client.get("/ro/referrals/print/", {"offer": str(offer.hsds_id)})
    assert refused.status_code == 429 and "Retry-After" in refused
