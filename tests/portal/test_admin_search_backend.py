"""Wagtail's admin search index written by portal/admin_search.py holds exactly the rows
modelsearch's own backend writes (on SQLite and on PostgreSQL, whichever the suite runs on), and
a page an editor saves is found by a word of its Arabic summary."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import translation
from modelsearch.backends import database
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from portal import admin_search
from portal.models import ContentPage, HomePage
from services_directory.models import OfferPage, ProviderPage
from tests.factories import make_offer, make_provider

pytestmark = pytest.mark.django_db

ARABIC_SUMMARY = "استشارة مجانية حول الإقامة والعمل واللغة"


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
        # The body holds the translated titles (boost 2: weight B) and the summaries (weight D,
        # not shown): a weight mixed up would show.
        offer = next(row for row in ours if row["object_id"] == str(pages[OfferPage][0].pk))
        assert re.search(r"'للبالغين':\d+B", offer["body"])
        assert re.search(r"'مجانية':\d+( |$)", offer["body"])


@pytest.mark.parametrize("language", ["de", "ar"])
def test_rows_of_a_reindexed_page_are_those_modelsearch_writes(pages, language):
    """A second indexing of a changed page (an UPDATE on SQLite, ON CONFLICT on PostgreSQL), in
    whatever language the request that saves it speaks (modeltranslation: `title` is the active
    language's)."""

    def change():
        offer = OfferPage.objects.get(pk=pages[OfferPage][1].pk)
        offer.summary_ar = ARABIC_SUMMARY
        offer.description_en = "<p>Every <b>Tuesday</b> afternoon.</p>"
        return OfferPage, offer

    with translation.override(language):
        stock = index_rows(database.SearchBackend({}), pages, change)
        ours = index_rows(admin_search.SearchBackend({}), pages, change)
    assert ours == stock
    assert sum(ARABIC_SUMMARY in " ".join(row.values()) for row in ours) == 2


def test_an_editor_finds_a_page_by_a_word_of_its_arabic_summary_after_saving_it(
    pages, client, django_capture_on_commit_callbacks
):
    """`Page.objects.search` reads every language's fields; the admin's page search view only
    the title (an autocomplete on the language active when the page was indexed)."""
    offer = pages[OfferPage][2]
    word = "المهني"
    assert word not in ARABIC_SUMMARY
    assert list(Page.objects.search(word)) == []
    with django_capture_on_commit_callbacks(execute=True), translation.override("de"):
        page = OfferPage.objects.get(pk=offer.pk)
        page.title = "Bewerbungstraining"
        page.summary_ar = f"تدريب {word} وكتابة طلبات التوظيف"
        page.save_revision().publish()

    assert [page.pk for page in Page.objects.search(word)] == [offer.pk]
    admin = get_user_model().objects.create_superuser(
        "redaktion", "redaktion@kim.example", "Redaktion-1"
    )
    client.force_login(admin)
    found = client.get("/admin/pages/search/", {"q": "Bewerbungstr"}).content.decode()
    assert f"/admin/pages/{offer.pk}/edit/" in found
    assert f"/admin/pages/{pages[OfferPage][0].pk}/edit/" not in found
