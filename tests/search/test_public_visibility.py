"""What the public may see, asked the same way by every public output.

An offer is public only when it and every page above it is live and not view-restricted: an
unpublished provider (its offers left published) or a password/login restriction hides the
offer on its page, in the HTML search, the search API, the HSDS API, the sitemap, the report
form and the search index; publishing again or lifting the restriction brings it back.
"""

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

from search.backends.database import DatabaseBackend
from search.query import SearchQuery
from services_directory.models import OfferPage
from tests.factories import make_offer, make_provider

TITLE = "Sprachcafé am Rhein"
SUMMARY = "Deutsch sprechen beim Kaffee, jeden Dienstag."


@pytest.fixture
def offer(portal_site):
    provider = make_provider("Verein am Rhein")
    return make_offer(provider, TITLE, summary=SUMMARY, fields_of_action=["sprache"])


@pytest.fixture(autouse=True)
def german_afterwards():
    yield
    translation.activate("de")


def offer_url(offer):
    with translation.override("de"):
        return OfferPage.objects.get(pk=offer.pk).get_url()


def in_index(offer):
    return [hit.offer_id for hit in DatabaseBackend().search(SearchQuery(text="Sprachcafé")).hits] == [offer.pk]


def outputs(client, offer):
    """Where the offer shows, output by output (True: the public sees it)."""
    from django.urls import reverse

    page = client.get(offer_url(offer))
    html_search = client.get("/de/search/", {"q": "Sprachcafé"}).content.decode()
    api = client.get("/api/v1/search/", {"q": "Sprachcafé"}).json()
    hsds_list = client.get("/api/hsds/services").json()
    hsds_detail = client.get(f"/api/hsds/services/{offer.hsds_id}")
    sitemap = client.get("/sitemap-de.xml").content.decode()
    with translation.override("de"):
        report = client.get(reverse("carriers_report_problem", args=[offer.hsds_id]))
    return {
        "page": page.status_code == 200 and SUMMARY in page.content.decode(),
        "html search": TITLE in html_search,
        "search api": [result["id"] for result in api["results"]] == [str(offer.hsds_id)],
        "hsds list": str(offer.hsds_id) in [service["id"] for service in hsds_list["contents"]],
        "hsds detail": hsds_detail.status_code == 200,
        "sitemap": offer_url(offer) in sitemap,
        "report form": report.status_code == 200,
        "search index": in_index(offer),
    }


def everywhere(value):
    return dict.fromkeys(
        ["page", "html search", "search api", "hsds list", "hsds detail", "sitemap", "report form", "search index"], value
    )


@pytest.mark.django_db
def test_a_published_offer_shows_in_every_public_output(client, offer):
    assert outputs(client, offer) == everywhere(True)
    index = client.get("/sitemap.xml").content.decode()  # the sitemap index: one section per language
    assert "/sitemap-de.xml" in index and "/sitemap-ar.xml" in index
    with translation.override("ar"):
        arabic_url = OfferPage.objects.get(pk=offer.pk).get_url()
    assert arabic_url in client.get("/sitemap-ar.xml").content.decode()


@pytest.mark.django_db
def test_unpublishing_the_provider_alone_hides_its_offers_everywhere_until_it_is_published_again(client, offer):
    provider = offer.get_parent().specific
    provider.unpublish()  # the offer itself stays live
    assert OfferPage.objects.get(pk=offer.pk).live
    assert outputs(client, offer) == everywhere(False)
    assert client.get(offer_url(offer)).status_code == 404

    provider.save_revision().publish()
    assert outputs(client, offer) == everywhere(True)


@pytest.mark.django_db
def test_a_password_on_the_provider_hides_its_offers_and_lifting_it_restores_them(client, offer):
    provider = offer.get_parent()
    restriction = PageViewRestriction.objects.create(
        page=provider, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    seen = outputs(client, offer)
    assert seen == everywhere(False)
    page = client.get(offer_url(offer))
    assert page.status_code == 200 and SUMMARY not in page.content.decode()  # Wagtail's password form
    assert 'name="password"' in page.content.decode()

    restriction.delete()
    assert outputs(client, offer) == everywhere(True)


@pytest.mark.django_db
def test_a_login_restriction_on_the_offer_hides_it_from_the_apis_and_the_index(client, offer):
    PageViewRestriction.objects.create(page=offer, restriction_type=PageViewRestriction.LOGIN)
    seen = outputs(client, offer)
    assert seen == everywhere(False)
    assert client.get(offer_url(offer)).status_code == 302  # to the login page


@pytest.mark.django_db
def test_one_rule_in_the_model_layer(offer):
    provider = offer.get_parent().specific
    assert list(OfferPage.objects.for_public()) == [offer]
    provider.unpublish()
    assert list(OfferPage.objects.for_public()) == []
    assert list(provider.offers()) == []
    # A thousand hidden providers are one IN per path length, not a thousand LIKEs.
    from services_directory.visibility import hidden_subtrees_q

    assert len(hidden_subtrees_q().children) == 1
