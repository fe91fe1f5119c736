"""An import writes in batches: the search index is brought up to date once per batch and finds
what was published (not a draft for review, not a rejected record); a record that fails halfway
leaves nothing behind, not even in the indexes; Wagtail's admin search finds the imported pages."""

import copy
import uuid

import pytest
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

import search.signals
from carriers import translations
from carriers.models import TranslationStatus
from open_data import keeping
from open_data.importing import runner
from open_data.models import ChangeStamp, HsdsId
from search import service as search_service
from search.query import SearchQuery
from services_directory.models import OfferPage, OfferPlace, Place

from .conftest import example, run_import, write_json
from .test_import_concurrency import fresh_ids

pytestmark = pytest.mark.django_db


def renamed(record, name):
    """A copy of an example service with its own ids (shared objects keep theirs) and `name`."""
    copied = fresh_ids(copy.deepcopy(record))
    copied["name"] = name
    return copied


def ids_in(document):
    """Every id a document gives, at any depth."""
    if isinstance(document, list):
        return {found for item in document for found in ids_in(item)}
    if not isinstance(document, dict):
        return set()
    own = {document["id"]} if isinstance(document.get("id"), str) else set()
    return own | {found for value in document.values() for found in ids_in(value)}


def found(text):
    return {hit.title for hit in search_service.search(SearchQuery(text=text, language="de")).hits}


@pytest.fixture
def feed():
    good = [renamed(example("de")[0], f"Zebrakurs {number}") for number in range(1, 5)]
    review = renamed(example("de")[0], "Zebrakurs außerhalb")  # no Cologne address: a draft for review
    review["service_at_locations"][0]["location"]["id"] = str(uuid.uuid4())
    review["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "10115"
    review["service_at_locations"][0]["location_id"] = review["service_at_locations"][0]["location"]["id"]
    refused = renamed(example("de")[0], "Zebrakurs ohne Mail")
    refused["email"] = "keine Adresse"
    return [good[0], good[1], review, refused, good[2], good[3]]


def test_search_index_updated_once_per_batch_finds_published_offers_only(portal_site, tmp_path, monkeypatch, feed):
    monkeypatch.setattr(runner, "BATCH_SIZE", 2)
    updates = []
    original = search.signals.reindex_offers
    monkeypatch.setattr(search.signals, "reindex_offers", lambda offers: (updates.append(list(offers)), original(offers)))
    code, out, err = run_import(write_json(tmp_path, "de.json", feed), "--lang", "de")
    assert code == 1 and "rejected" in err and "keine Adresse" in err  # the refused record is named
    assert "created 5, updated 0, unchanged 0, rejected 1 (1 as drafts for review)" in out
    # one index update for each batch that published offers (the middle one published none)
    assert [len(batch) for batch in updates] == [2, 2]
    assert found("Zebrakurs") == {"Zebrakurs 1", "Zebrakurs 2", "Zebrakurs 3", "Zebrakurs 4"}
    draft = OfferPage.objects.get(title="Zebrakurs außerhalb")
    assert not draft.live and draft.revisions.count() == 1  # one revision waiting for review
    for offer in OfferPage.objects.filter(title__startswith="Zebrakurs ").exclude(pk=draft.pk):
        # published at once: no revision waits for anyone (Wagtail's editor opens the live page)
        assert offer.live and not offer.has_unpublished_changes and offer.revisions.count() == 0
        assert offer.get_latest_revision_as_object().title == offer.title
        for action in ("wagtail.create", "wagtail.publish"):  # the history says what happened
            assert PageLogEntry.objects.filter(page=offer, action=action).count() == 1
        assert ChangeStamp.objects.filter(kind="page", key=offer.pk).exists()
        assert ReferenceIndex.get_references_for_object(offer).exists()  # its provider, terms, places
    place = Place.objects.get(hsds_id=feed[0]["service_at_locations"][0]["location"]["id"])
    assert ReferenceIndex.get_references_for_object(place).exists()  # a place is tracked too (its provider)


def test_a_record_failing_halfway_leaves_nothing_behind(portal_site, tmp_path, monkeypatch, feed):
    """The offer page, its child rows, log entries, stamps, index entries: all gone with the record's savepoint."""
    original = keeping.remember

    def failing(kind, hsds_id, language, document, served):
        if kind == "service" and document["name"] == "Zebrakurs 2":  # after its page was saved
            raise DatabaseError("disk full")
        return original(kind, hsds_id, language, document, served)

    monkeypatch.setattr(keeping, "remember", failing)
    pages_before, revisions_before = Page.objects.count(), Revision.objects.count()
    code, out, err = run_import(write_json(tmp_path, "de.json", [feed[0], feed[1], feed[4]]), "--lang", "de")
    assert code == 1 and "database: disk full" in err
    assert "created 2, updated 0, unchanged 0, rejected 1" in out
    assert not OfferPage.objects.filter(title="Zebrakurs 2").exists()
    # the organization and the programme (saved with the first service) and two offers, published: no revision
    assert Page.objects.count() == pages_before + 4 and Revision.objects.count() == revisions_before
    assert Page.find_problems() == ([], [], [], [], [])  # the provider counts the two offers it has
    assert not PageLogEntry.objects.filter(label="Zebrakurs 2").exists()
    # part ids (attributes, languages, places' links …) are kept for the records done, at the batch's end
    assert HsdsId.objects.filter(hsds_id__in=ids_in(feed[0])).exists()
    assert not HsdsId.objects.filter(hsds_id__in=ids_in(feed[1])).exists()
    assert set(OfferPlace.objects.values_list("offer_id", flat=True)) <= set(OfferPage.objects.values_list("pk", flat=True))
    assert found("Zebrakurs") == {"Zebrakurs 1", "Zebrakurs 3"}
    live = set(Page.objects.values_list("pk", flat=True))
    assert set(ChangeStamp.objects.filter(kind="page").values_list("key", flat=True)) <= live
    assert set(ReferenceIndex.objects.filter(base_content_type__model="page").values_list("object_id", flat=True)) <= {
        str(pk) for pk in live
    }


def test_admin_search_finds_imported_pages_after_the_commit(portal_site, tmp_path, feed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        code, _out, err = run_import(write_json(tmp_path, "de.json", feed[:2]), "--lang", "de")
    assert code == 0, err
    titles = {page.title for page in Page.objects.search("Zebrakurs")}
    assert titles == {"Zebrakurs 1", "Zebrakurs 2"}


def test_the_directory_rules_still_hold_for_pages_saved_in_batches(portal_site, tmp_path):
    organization = {"id": str(uuid.uuid4()), "name": "Zebra e.V.", "description": "Beratung", "website": "https://zebra.example"}
    code, _out, err = run_import(write_json(tmp_path, "org.json", [organization]), "--lang", "de")
    assert code == 0, err
    own_umbrella = {**organization, "parent_organization_id": organization["id"]}
    code, out, err = run_import(write_json(tmp_path, "org.json", [own_umbrella]), "--lang", "de")
    with translation.override("de"):  # the importer speaks the portal's default language
        rule = gettext("A provider cannot be its own umbrella association.")
    assert code == 1 and f"umbrella: {rule}" in err
    assert "rejected 1" in out


def test_pages_written_in_bulk_leave_a_whole_tree_an_editor_can_work_in(portal_site, tmp_path, monkeypatch, feed, admin_client):
    """Paths, child counts and slugs come from the batch's memory, not from Wagtail's add_child:
    the tree must be as add_child leaves it, and the editor adds a page next to imported ones."""
    monkeypatch.setattr(runner, "BATCH_SIZE", 3)
    same_title = [renamed(feed[0], "Zebra Treff"), renamed(feed[1], "Zebra Treff")]
    for record in same_title:
        record["id"] = str(uuid.uuid4())
    code, _out, err = run_import(write_json(tmp_path, "de.json", [*feed, *same_title]), "--lang", "de")
    assert code == 1, err  # the refused record of the feed
    assert Page.find_problems() == ([], [], [], [], [])  # bad paths, orphans, wrong depth or numchild
    provider = OfferPage.objects.get(title="Zebrakurs 1").get_parent()
    slugs = sorted(provider.get_children().filter(title="Zebra Treff").values_list("slug_de", flat=True))
    assert slugs == ["zebra-treff", "zebra-treff-2"]  # in one batch: the second sees the first's
    offer = OfferPage.objects.get(title="Zebrakurs 1")
    assert offer.url_path.startswith(provider.url_path) and offer.places.exists() and offer.target_groups.exists()
    response = admin_client.get(f"/admin/pages/{offer.pk}/edit/")
    assert response.status_code == 200 and "Zebrakurs 1" in response.content.decode()
    new = OfferPage(title="Nach dem Import", slug="nach-dem-import", summary="Ein Angebot, im Editor angelegt")
    provider.add_child(instance=new)
    assert new.get_parent().pk == provider.pk and Page.find_problems() == ([], [], [], [], [])


def test_another_languages_feed_brings_the_carriers_translation_statuses_up_to_date(portal_site, tmp_path):
    """The statuses carriers see ("English: missing") follow the English feed, written for the
    whole batch at its end."""
    code, _out, err = run_import(write_json(tmp_path, "de.json", example("de")), "--lang", "de")
    assert code == 0, err
    offer = OfferPage.objects.get(hsds_id=example("de")[0]["id"])
    assert translations.statuses_for(offer)["en"].status == TranslationStatus.MISSING
    code, _out, err = run_import(write_json(tmp_path, "en.json", example("en")), "--lang", "en")
    assert code == 0, err
    statuses = {status.language: status.status for status in TranslationStatus.objects.filter(offer=offer)}
    assert statuses["en"] != TranslationStatus.MISSING and statuses["ar"] == TranslationStatus.MISSING


def test_an_update_writes_the_columns_that_changed_and_keeps_an_editors_meanwhile(portal_site, tmp_path, monkeypatch):
    """An updated page is written with the fields that differ from what the batch read: the
    feed's changes (a German title, an age) are stored, and a text an editor saved after the batch
    read the offer (another column, which the feed leaves as it was) is not overwritten."""
    records = example("de")
    code, _out, err = run_import(write_json(tmp_path, "de.json", records), "--lang", "de")
    assert code == 0, err
    offer = OfferPage.objects.get(hsds_id=records[0]["id"])
    changed = copy.deepcopy(records)
    changed[0]["name"], changed[0]["minimum_age"] = "Zebrakurs neu", 16
    read_ahead = runner.HsdsImporter._preload_offers

    def editor_saves_meanwhile(importer, batch_records):
        read_ahead(importer, batch_records)
        OfferPage.objects.filter(pk=offer.pk).update(access_notes_de="Bitte vorher anrufen (vom Editor)")

    monkeypatch.setattr(runner.HsdsImporter, "_preload_offers", editor_saves_meanwhile)
    code, out, err = run_import(write_json(tmp_path, "de.json", changed), "--lang", "de")
    assert code == 0 and "updated 1" in out, err
    offer = OfferPage.objects.get(pk=offer.pk)
    assert (offer.title_de, offer.title, offer.minimum_age) == ("Zebrakurs neu", "Zebrakurs neu", 16)
    assert offer.access_notes_de == "Bitte vorher anrufen (vom Editor)"
    assert found("Zebrakurs neu") == {"Zebrakurs neu"}


def test_a_new_page_is_a_fresh_copy_with_the_models_defaults():
    """The importer's new pages are copies of a blank one (making a page with 120 translated
    fields is slow): each has its own ids and state, and the defaults a constructor gives."""
    from open_data.importing import writes  # noqa: PLC0415 - the unit under test

    first, second = writes.new_object(OfferPage, hsds_id=uuid.uuid4()), writes.new_object(OfferPage, hsds_id=uuid.uuid4())
    first.title_de, first.cost = "Eins", OfferPage.COST_FEE
    assert second.title_de is None and second.cost == OfferPage().cost
    assert first.translation_key != second.translation_key and first._state is not second._state
    assert second._state.adding and second.pk is None
    constructed = OfferPage()
    plain = [field.attname for field in OfferPage._meta.concrete_fields if field.name not in ("translation_key", "hsds_id")]
    assert [getattr(second, name) for name in plain] == [getattr(constructed, name) for name in plain]
