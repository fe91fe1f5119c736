"""Another language's feed, imported in batches, leaves every offer's search document as its
content says after each batch (a place's new name included), builds each document once when
the feed names providers and places out of order, and reports records in the feed's order."""

import collections
import copy
import uuid

import pytest

from open_data.importing import HsdsImporter, runner
from search import documents, maintenance
from search import service as search_service
from search.models import SearchDocument
from search.query import SearchQuery
from services_directory.models import OfferPage

from .conftest import example
from .test_import_concurrency import fresh_ids

pytestmark = pytest.mark.django_db

ARABIC_PLACES = {"A": "مركز النعامة", "B": "بيت الزرافة"}


def organization_and_place(letter):
    """A provider of its own and its one place (the example's course without its programme, which
    every offer of a programme would share)."""
    base = example("de")[1]["service_at_locations"][0]["location"]
    location = fresh_ids(copy.deepcopy(base))
    for attribute in location.get("attributes") or []:
        attribute["link_id"] = location["id"]
    location["name"] = f"Zebra-Zentrum {letter}"
    return {"id": str(uuid.uuid4()), "name": f"Zebra {letter} e.V.", "description": f"Träger {letter}"}, location


def service(name, organization, location):
    record = fresh_ids(copy.deepcopy(example("de")[1]))
    record.pop("program", None)
    record.pop("program_id", None)
    record["name"], record["organization_id"], record["organization"] = name, organization["id"], dict(organization)
    link = record["service_at_locations"][0]
    link["location_id"], link["location"] = location["id"], copy.deepcopy(location)
    return record


def in_arabic(record, letter, number):
    translated = copy.deepcopy(record)
    translated["name"] = f"دورة الحمار الوحشي {letter}{number}"
    translated["service_at_locations"][0]["location"]["name"] = ARABIC_PLACES[letter]
    return translated


@pytest.fixture
def feeds(portal_site):
    """(German feed, Arabic feed): two providers with one place each, their services alternating."""
    (first, place_a), (second, place_b) = organization_and_place("A"), organization_and_place("B")
    german = []
    for number in (1, 2):
        german += [service(f"Zebrakurs A{number}", first, place_a), service(f"Zebrakurs B{number}", second, place_b)]
    arabic = [in_arabic(record, record["name"][-2], record["name"][-1]) for record in german]
    summary = HsdsImporter("de").run_documents(german)
    assert str(summary).startswith("created 4, updated 0"), summary.outcomes
    return german, arabic


@pytest.fixture
def built(monkeypatch):
    """offer id -> how many times its search document was built."""
    counts = collections.Counter()
    original = documents.build_document

    def counting(offer, context=None):
        counts[offer.pk] += 1
        return original(offer, context)

    monkeypatch.setattr(documents, "build_document", counting)
    return counts


def offer_ids(records):
    return set(OfferPage.objects.filter(hsds_id__in=[record["id"] for record in records]).values_list("pk", flat=True))


def assert_no_stale_documents():
    differences = maintenance.check(search_service.database_backend())
    assert (differences.missing, differences.stale, differences.extra) == ([], [], []), differences


def arabic_hits(text):
    query = SearchQuery(text=text, language="ar")
    return {hit.offer_id for hit in search_service.database_backend().search(query).hits}


def test_an_arabic_feed_in_batches_builds_each_document_once_and_finds_offers_by_their_places_new_name(feeds, monkeypatch, built):
    german, arabic = feeds
    monkeypatch.setattr(runner, "BATCH_SIZE", 2)  # one provider's services a batch, were they not alternating
    summary = HsdsImporter("ar").run_documents(arabic)
    assert str(summary).startswith("created 0, updated 4"), summary.outcomes
    assert [outcome.record_id for outcome in summary.outcomes] == [record["id"] for record in arabic]  # the feed's order
    offers = offer_ids(arabic)
    assert dict(built) == dict.fromkeys(offers, 1)  # in feed order: 6 (each batch changed both places)
    assert_no_stale_documents()
    for letter, name in ARABIC_PLACES.items():
        at_place = offer_ids([record for record in german if record["name"][-2] == letter])
        assert arabic_hits(name) == at_place
        for document in SearchDocument.objects.filter(offer_id__in=at_place).values_list("document", flat=True):
            assert document["places"][0]["name"]["ar"] == name


def test_a_rejected_record_next_to_one_that_renames_its_place_shows_the_new_name(feeds, monkeypatch):
    german, arabic = feeds
    monkeypatch.setattr(runner, "BATCH_SIZE", 2)
    arabic[2]["email"] = "keine Adresse"  # Zebrakurs A2: refused, its place renamed by A1
    summary = HsdsImporter("ar").run_documents(arabic)
    assert [outcome.status for outcome in summary.outcomes] == ["updated", "updated", "rejected", "updated"]
    assert_no_stale_documents()
    refused = OfferPage.objects.get(hsds_id=arabic[2]["id"])
    assert refused.title_ar in (None, "")  # nothing of the record kept
    assert refused.pk in arabic_hits(ARABIC_PLACES["A"])


def test_an_arabic_feed_stopped_after_its_first_batch_leaves_no_stale_document(feeds, monkeypatch):
    german, arabic = feeds
    monkeypatch.setattr(runner, "BATCH_SIZE", 2)
    calls = []
    original = runner.HsdsImporter._apply

    def interrupted(self, record):
        calls.append(record["id"])
        if len(calls) == 3:  # the second batch's first record
            raise KeyboardInterrupt
        return original(self, record)

    monkeypatch.setattr(runner.HsdsImporter, "_apply", interrupted)
    summary = HsdsImporter("ar").run_documents(arabic)
    assert "KeyboardInterrupt" in summary.interrupted
    # reported in the feed's order: provider A's services came first, B's were not imported
    assert [outcome.status for outcome in summary.outcomes] == ["updated", "not imported", "updated", "not imported"]
    assert_no_stale_documents()
    assert arabic_hits(ARABIC_PLACES["A"]) == offer_ids([german[0], german[2]])
    assert not arabic_hits(ARABIC_PLACES["B"])


def test_a_batch_that_fails_at_its_end_leaves_the_documents_of_the_batches_before(feeds, monkeypatch):
    """The second batch's upkeep fails: its records and their documents go with its transaction."""
    german, arabic = feeds
    monkeypatch.setattr(runner, "BATCH_SIZE", 2)
    flushes = []
    original = runner.batch.flush

    def failing(collected):
        flushes.append(collected)
        original(collected)
        if len(flushes) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(runner.batch, "flush", failing)
    summary = HsdsImporter("ar").run_documents(arabic)
    assert [outcome.status for outcome in summary.outcomes] == ["updated", "not imported", "updated", "not imported"]
    assert_no_stale_documents()
    assert not arabic_hits(ARABIC_PLACES["B"]) and OfferPage.objects.get(hsds_id=arabic[1]["id"]).title_ar in (None, "")


def test_a_feed_that_renames_the_providers_leaves_their_offers_documents_current(feeds):
    """An organization's record alone (its offers in no batch of the feed): its offers are found
    for the batch at its end and indexed again."""
    german, _arabic = feeds
    organizations = [{**record["organization"], "name": f"Zebra-Verein {record['name'][-2]}"} for record in german[:2]]
    summary = HsdsImporter("de").run_documents(organizations)
    assert str(summary).startswith("created 0, updated 2"), summary.outcomes
    for record in german:
        offer = OfferPage.objects.get(hsds_id=record["id"])
        document = SearchDocument.objects.get(offer_id=offer.pk).document
        assert document["provider"]["name"] == f"Zebra-Verein {record['name'][-2]}"
    assert_no_stale_documents()
