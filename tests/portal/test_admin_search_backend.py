"""Wagtail's admin search index written by portal/admin_search.py holds exactly the rows
modelsearch's own backend writes (on SQLite and on PostgreSQL, whichever the suite runs on), and
an editor finds a directory page by the beginning of its title in any language, whichever language
it was saved in; summaries and descriptions stay out of that index (nothing there reads them)."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import translation
from modelsearch.backends import database
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from portal import admin_search
from portal.models import ContentPage, HomePage
from services_directory.models import OfferPage, ProviderPage
from tests.factories import make_offer, make_provider

pytestmark = pytest.mark.django_db

ARABIC_SUMMARY = "استشارة مجانية حول الإقامة والعمل واللغة"
ARABIC_TITLE = "مقهى اللغة"


@pytest.fixture
def pages(portal_site):
    """Offers with texts in several languages (one with a blank translation and no description),
    their provider and a content page with a rich text body."""
    provider = make_provider(
        "Caritas Köln", short_description="Beratung für Zugewanderte in allen Stadtteilen."
    )
    offers = [
        make_offer(
            provider,
            "Migrationsberatung für Erwachsene",
            summary="Beratung zu Aufenthalt, Arbeit und Sprache.",
            description="Wir beraten <b>vertraulich</b> und kostenlos, auch zu Familiennachzug.",
            translations={
                "en": {
                    "title": "Migration counselling for adults",
                    "summary": "Advice on residence, work and language.",
                },
                "ar": {"title": "استشارة الهجرة للبالغين", "summary": ARABIC_SUMMARY},
                "tr": {
                    "summary": "Oturum, iş ve dil konusunda danışmanlık.",
                    "description": "<p>Ücretsiz ve gizli.</p>",
                },
            },
        ),
        make_offer(
            provider,
            "Sprachcafé",
            summary="Deutsch sprechen bei Kaffee und Kuchen.",
            translations={"en": {"summary": "   "}, "uk": {"title": "Мовне кафе"}},
        ),
        make_offer(
            provider,
            "Jobcoaching",
            summary="Bewerbungen schreiben, Vorstellungsgespräche üben.",
            description="Dienstags von 10 bis 12 Uhr.",
        ),
    ]
    home = HomePage.objects.get()
    block = {"type": "paragraph", "value": "<p>Wohnungssuche in <i>Köln</i>: wo es Hilfe gibt.</p>"}
    with translation.override("de"):
        content = home.add_child(
            instance=ContentPage(
                title="Wohnen",
                title_de="Wohnen",
                slug="wohnen",
                slug_de="wohnen",
                intro="Hilfe bei der Wohnungssuche.",
                body_de=json.dumps([block]),
            )
        )
    return {
        OfferPage: list(OfferPage.objects.filter(pk__in=[offer.pk for offer in offers])),
        ProviderPage: [ProviderPage.objects.get(pk=provider.pk)],
        ContentPage: [ContentPage.objects.get(pk=content.pk)],
    }


def index_rows(backend, pages, change=None):
    """The index rows `backend` writes for `pages` into an empty index (then, if given, after
    `change` re-indexes one of them), every column as text (PostgreSQL's tsvectors included)."""
    IndexEntry.objects.all().delete()
    for model, items in pages.items():
        backend.add_bulk(model, items)
    if change:
        model, item = change()
        backend.add_bulk(model, [item])
    names = [field.name for field in IndexEntry._meta.concrete_fields if field.name != "id"]
    rows = IndexEntry.objects.order_by("content_type_id", "object_id")
    rows = rows.values(**{f"{name}__as_text": Cast(name, TextField()) for name in names})
    return [{name.removesuffix("__as_text"): value for name, value in row.items()} for row in rows]


def test_settings_select_the_faster_backend_for_the_database():
    index = get_search_backend().get_index_for_model(OfferPage)
    expected = {"postgresql": "PostgresIndex", "sqlite": "SQLiteIndex"}[connection.vendor]
    assert type(index) is getattr(admin_search, expected)


def test_index_rows_are_those_modelsearch_writes(pages):
    stock = index_rows(database.SearchBackend({}), pages)
    ours = index_rows(admin_search.SearchBackend({}), pages)
    assert len(ours) == 5
    assert ours == stock
    if connection.vendor == "postgresql":
        # The body holds the translated titles (boost 2: weight B), the autocomplete every
        # language's title: a weight or a column mixed up would show.
        offer = next(row for row in ours if row["object_id"] == str(pages[OfferPage][0].pk))
        assert re.search(r"'للبالغين':\d+B", offer["body"])
        assert "'للبالغين'" in offer["autocomplete"]
        assert "'migration'" in offer["autocomplete"]


def test_directory_pages_are_indexed_for_the_admin_by_their_titles_only(pages):
    rows = index_rows(admin_search.SearchBackend({}), pages)
    text = {row["object_id"]: " ".join(value or "" for value in row.values()) for row in rows}
    offer, provider, content = (pages[model][0] for model in (OfferPage, ProviderPage, ContentPage))
    assert "Migrationsberatung" in text[str(offer.pk)]
    assert "Aufenthalt" not in text[str(offer.pk)]  # its summary
    assert "مجانية" not in text[str(offer.pk)]  # its Arabic summary
    assert "Stadtteilen" not in text[str(provider.pk)]  # the provider's short description
    assert "Wohnungssuche" in text[str(content.pk)]  # content pages keep their texts


@pytest.mark.parametrize("language", ["de", "ar"])
def test_rows_of_a_reindexed_page_are_those_modelsearch_writes(pages, language):
    """A second indexing of a changed page (an UPDATE on SQLite, ON CONFLICT on PostgreSQL), in
    whatever language the request that saves it speaks (modeltranslation: `title` is the active
    language's)."""

    def change():
        offer = OfferPage.objects.get(pk=pages[OfferPage][1].pk)
        offer.title_ar = ARABIC_TITLE
        offer.title_en = "Language café"
        return OfferPage, offer

    with translation.override(language):
        stock = index_rows(database.SearchBackend({}), pages, change)
        ours = index_rows(admin_search.SearchBackend({}), pages, change)
    assert ours == stock
    assert sum(ARABIC_TITLE in " ".join(row.values()) for row in ours) == 1


def test_an_editor_finds_a_page_by_the_beginning_of_its_title_in_any_language(
    pages, client, django_capture_on_commit_callbacks
):
    """The admin's page search autocompletes on titles: in every language, not only the one
    active when the page was last saved (an Arabic feed's import saves in Arabic)."""
    for model, items in pages.items():
        get_search_backend().add_bulk(model, items)
    offer, other = pages[OfferPage][2], pages[OfferPage][0]
    admin = get_user_model().objects.create_superuser(
        "redaktion", "redaktion@kim.example", "Redaktion-1"
    )
    client.force_login(admin)

    def found(query):
        return client.get("/admin/pages/search/", {"q": query}).content.decode()

    assert f"/admin/pages/{offer.pk}/edit/" not in found("Bewerbungstr")
    with django_capture_on_commit_callbacks(execute=True), translation.override("ar"):
        page = OfferPage.objects.get(pk=offer.pk)
        page.title_de = "Bewerbungstraining"
        page.title_ar = "تدريب على طلبات التوظيف"
        page.save_revision().publish()

    for query in ("Bewerbungstr", "تدري"):
        assert f"/admin/pages/{offer.pk}/edit/" in found(query)
        assert f"/admin/pages/{other.pk}/edit/" not in found(query)
