"""The full-page cache as readers and editors meet it: anonymous pages come from the cache, and a
publish, unpublish or label edit shows on the cached search and offer pages at once."""

import gzip
import re

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client

from search.models import SearchLogEntry
from services_directory.models import Term
from tests.factories import make_offer, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The suite runs without the page cache (portal/settings/test.py); these tests turn it on."""
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def offer(portal_site, committed):
    with committed():
        provider = make_provider("Caritas Köln")
        return make_offer(provider, "Wohnungssuche für Geflüchtete", fields_of_action=["wohnen"])


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode(), response.wsgi_request.page_cache_hit


def heading(html):
    return re.search(r"<h1[^>]*>\s*([^<]*?)\s*<", html).group(1)


def test_second_anonymous_request_is_answered_from_the_cache(client, offer):
    for url in ("/de/", "/de/search/?q=Wohnung", offer.get_url()):
        first, first_html, first_hit = fetch(Client(), url)
        second, second_html, second_hit = fetch(Client(), url)
        assert first.status_code == second.status_code == 200, url
        assert (first_hit, second_hit) == (False, True), url
        assert second_html == first_html, url


def test_publishing_an_offer_changes_the_cached_search_and_offer_pages_at_once(client, offer, committed):
    search = "/de/search/?q=Wohnung"
    _response, html, _hit = fetch(client, search)
    assert "Wohnungssuche für Geflüchtete" in html and "Wohnberatung Kalk" not in html
    _response, html, hit = fetch(client, offer.get_url())
    _response, html, hit = fetch(client, offer.get_url())
    assert hit and heading(html) == "Wohnungssuche für Geflüchtete"

    # A new offer is published: the cached search page lists it on the very next request.
    with committed():
        make_offer(offer.get_parent().specific, "Wohnberatung Kalk", summary="Hilfe bei der Wohnung")
    _response, html, hit = fetch(client, search)
    assert not hit and "Wohnberatung Kalk" in html

    # An edited title, published: the cached offer page shows it at once.
    offer.title = offer.title_de = "Wohnungssuche und Umzugshilfe"
    with committed():
        offer.save_revision().publish()
    response, html, hit = fetch(client, offer.get_url())
    assert response.status_code == 200 and not hit
    assert heading(html) == "Wohnungssuche und Umzugshilfe"

    # Unpublished: gone from the offer page and the search page at once.
    url = offer.get_url()
    with committed():
        offer.unpublish()
    assert client.get(url).status_code == 404
    _response, html, _hit = fetch(client, search)
    assert "Wohnungssuche und Umzugshilfe" not in html and "Wohnberatung Kalk" in html


def test_a_vocabulary_label_edit_changes_cached_pages(client, offer, committed):
    url = "/de/search/?field_of_action=wohnen"
    fetch(client, url)
    _response, html, hit = fetch(client, url)
    assert hit
    term = Term.objects.get(taxonomy__code="field-of-action", code="wohnen")
    term.name_de = "Wohnen und Unterkunft"
    with committed():
        term.save()
    _response, html, hit = fetch(client, url)
    assert not hit and "Wohnen und Unterkunft" in html


def test_writes_inside_a_transaction_that_rolls_back_leave_the_cache_alone(client, offer, committed):
    fetch(client, "/de/")
    with pytest.raises(RuntimeError), committed(), transaction.atomic():
        make_provider("Zurückgerollt")
        raise RuntimeError("rolled back")
    assert fetch(client, "/de/")[2]
    # A rolled-back write does not keep the next committed one from making pages stale.
    with committed():
        make_provider("Neuer Träger")
    assert fetch(client, "/de/")[2] is False
    fetch(client, "/de/")
    make_provider("Nie veröffentlicht")  # the test's transaction never commits
    assert fetch(client, "/de/")[2]


def test_each_language_and_each_query_has_its_own_cached_page(client, offer):
    fetch(client, "/de/search/?q=Wohnung")
    _response, german, _hit = fetch(client, "/de/search/?q=Wohnung")
    _response, english, hit = fetch(client, "/en/search/?q=Wohnung")
    assert not hit and 'lang="en"' in english and 'lang="de"' in german.split(">", 2)[1]
    _response, other, hit = fetch(client, "/de/search/?q=Sprachkurs")
    assert not hit and "Wohnungssuche für Geflüchtete" not in other


def test_visitors_with_a_session_never_get_a_cached_page(client, offer, django_user_model):
    fetch(Client(), "/de/")
    assert fetch(Client(), "/de/")[2]
    editor = Client()
    editor.force_login(django_user_model.objects.create_user("redaktion", "r@example.org", "pw"))
    assert fetch(editor, "/de/")[2] is False
    visitor = Client()
    session = visitor.session
    session["referral_list"] = [offer.pk]  # e.g. a case manager's list (no login)
    session.save()
    assert fetch(visitor, "/de/")[2] is False


def test_a_page_with_a_form_is_not_shared_between_visitors(offer):
    url = "/de/barrier-report/"
    tokens = []
    for _visitor in range(2):
        response, html, hit = fetch(Client(), url)
        assert response.status_code == 200 and not hit
        tokens.append(response.cookies["csrftoken"].value)
    assert tokens[0] != tokens[1]


def test_admin_health_and_the_hsds_api_are_never_cached(client, offer):
    for url in ("/admin/login/", "/healthz", "/readyz", "/api/hsds/services"):
        client.get(url)
        assert fetch(client, url)[2] is False, url


def test_browsers_revalidate_with_an_etag_and_get_compressed_pages(offer):
    url = "/de/search/?q=Wohnung"
    first = Client().get(url, headers={"accept-encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip"
    assert "Wohnungssuche für Geflüchtete" in gzip.decompress(first.content).decode()
    assert first["Cache-Control"] == "max-age=0, must-revalidate" and "Expires" not in first
    assert "Accept-Encoding" in first["Vary"]
    cached = Client().get(url, headers={"accept-encoding": "gzip"})
    assert cached.wsgi_request.page_cache_hit and cached["ETag"] == first["ETag"] and cached["Cache-Control"] == "max-age=0, must-revalidate"
    revalidated = Client().get(url, headers={"accept-encoding": "gzip", "if-none-match": first["ETag"]})
    assert revalidated.status_code == 304 and revalidated.content == b""
    plain, html, _hit = fetch(Client(), url)
    assert "Content-Encoding" not in plain and "Wohnungssuche für Geflüchtete" in html


def test_searches_answered_from_the_cache_are_still_counted_in_the_search_log(client, offer):
    for _reader in range(3):
        fetch(Client(), "/de/search/?q=Wohnung")
    assert SearchLogEntry.objects.get(text="wohnung", language="de").searches == 3
    # The search API too, cached per query and language, with its CORS header.
    for _reader in range(2):
        response = Client().get("/api/v1/search/?q=Wohnung&lang=en")
        assert response.json()["count"] == 1 and response["Access-Control-Allow-Origin"] == "*"
    assert response.wsgi_request.page_cache_hit
    assert SearchLogEntry.objects.get(text="wohnung", language="en").searches == 2
    # The back button's restore (search.js) is not a new search, cached or not.
    fetch(client, "/de/search/?q=Wohnung", x_search_history="1")
    assert SearchLogEntry.objects.get(text="wohnung", language="de").searches == 3


def test_adding_to_the_referral_list_from_a_cached_search_page_works_and_then_bypasses_the_cache(offer):
    reader = Client(enforce_csrf_checks=True)
    fetch(Client(), "/de/search/?q=Wohnung")
    response, html, hit = fetch(reader, "/de/search/?q=Wohnung")
    assert hit and "csrftoken" not in response.cookies
    added = reader.post("/de/referrals/add/", {"offer": offer.hsds_id, "next": "/de/search/?q=Wohnung"})
    assert added.status_code == 302
    response, html, hit = fetch(reader, "/de/search/?q=Wohnung")
    assert not hit and f'value="{offer.hsds_id}" disabled>' in html  # "On the referral list"
