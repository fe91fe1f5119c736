"""A batch reads each provider, programme and place it names once, yet a record that is rolled
back never hands a later record an object whose row went with it, and pages added below a
provider read in the batch still get their own place in the tree."""

import copy
import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from open_data import keeping
from open_data.importing import HsdsImporter, batch
from services_directory.models import OfferPage, OfferPlace, Place, ProviderPage

from .conftest import example
from .test_import_concurrency import fresh_ids

pytestmark = pytest.mark.django_db


def service(name, location_id=None):
    """The first example service with its own id; its organization, programme and place shared
    (or the place given a new id)."""
    record = fresh_ids(copy.deepcopy(example("de")[0]))
    record["name"] = name
    if location_id:
        link = record["service_at_locations"][0]
        link["location"]["id"] = link["location_id"] = location_id
        for attribute in link["location"]["attributes"]:
            attribute["link_id"] = location_id
    return record


def outcomes(summary):
    return [(outcome.status, outcome.reason) for outcome in summary.outcomes]


def test_a_place_created_by_a_rejected_record_is_created_again_for_the_next(portal_site, monkeypatch):
    location_id = str(uuid.uuid4())
    rejected = service("Zebrakurs abgelehnt", location_id)
    # the same place twice in the rejected record: read back after it was written
    rejected["service_at_locations"].append(copy.deepcopy(rejected["service_at_locations"][0]))
    rejected["service_at_locations"][1]["id"] = str(uuid.uuid4())
    original = keeping.remember

    def failing(kind, hsds_id, language, document, served):
        if document.get("name") == "Zebrakurs abgelehnt":  # after its place and page were saved
            raise DatabaseError("disk full")
        return original(kind, hsds_id, language, document, served)

    monkeypatch.setattr(keeping, "remember", failing)
    summary = HsdsImporter("de").run([rejected, service("Zebrakurs 2", location_id)])

    assert [status for status, _reason in outcomes(summary)] == ["rejected", "created"]
    place = Place.objects.get(hsds_id=location_id)
    offer = OfferPage.objects.get(title="Zebrakurs 2")
    assert list(offer.places.values_list("place_id", flat=True)) == [place.pk]
    # its provider and programme, saved by the rejected record first, were made again too
    assert offer.get_parent().specific.hsds_id == uuid.UUID(rejected["organization"]["id"])
    assert offer.programme.hsds_id == uuid.UUID(rejected["program"]["id"])
    assert not any(Page.find_problems())


def test_child_counts_match_the_tree_after_a_batch_with_a_record_rolled_back_after_its_page(portal_site, monkeypatch):
    """A batch counts the children of the pages it added below once, from the tree: a page of a
    rolled-back record is not counted, and a move in the same batch places the offer right."""
    original = keeping.remember

    def failing(kind, hsds_id, language, document, served):
        if document.get("name") == "Zebrakurs abgelehnt":  # after its page was inserted
            raise DatabaseError("disk full")
        return original(kind, hsds_id, language, document, served)

    monkeypatch.setattr(keeping, "remember", failing)
    elsewhere = service("Zebrakurs umgezogen", str(uuid.uuid4()))
    other_id = str(uuid.uuid4())
    elsewhere["organization"] = {**elsewhere["organization"], "id": other_id, "name": "Zebra e.V."}
    elsewhere["organization_id"] = other_id
    HsdsImporter("de").run([elsewhere])
    described = service("Zebrakurs 2")  # changes the provider: the records after it read it again
    described["organization"]["description"] = "Beratung und Kurse, neu beschrieben."
    moved = copy.deepcopy(elsewhere)
    moved["organization"] = copy.deepcopy(described["organization"])
    moved["organization_id"] = moved["organization"]["id"]

    summary = HsdsImporter("de", allow_move=True).run(
        [service("Zebrakurs 1"), service("Zebrakurs abgelehnt"), described, moved]
    )

    assert [status for status, _reason in outcomes(summary)] == ["created", "rejected", "created", "updated"]
    provider = ProviderPage.objects.get(hsds_id=moved["organization_id"])
    assert sorted(page.title for page in provider.get_children()) == ["Zebrakurs 1", "Zebrakurs 2", "Zebrakurs umgezogen"]
    assert provider.numchild == 3
    assert ProviderPage.objects.get(hsds_id=other_id).numchild == 0
    assert not any(Page.find_problems())


def test_a_batch_reads_a_shared_place_and_provider_once(portal_site):
    HsdsImporter("de").run([service("Zebrakurs 1")])  # the provider, programme and place exist
    place_id = example("de")[0]["service_at_locations"][0]["location"]["id"]
    with CaptureQueriesContext(connection) as queries:
        summary = HsdsImporter("de").run([service(f"Zebrakurs {number}") for number in range(2, 7)])
    assert [status for status, _reason in outcomes(summary)] == ["created"] * 5
    place_reads = [
        query["sql"] for query in queries
        if 'WHERE "services_directory_place"."hsds_id" =' in query["sql"] or 'WHERE "services_directory_place"."hsds_id" IN' in query["sql"]
    ]
    assert len(place_reads) == 1  # one look-up, or one read ahead for the batch
    assert OfferPlace.objects.filter(place__hsds_id=place_id).count() == 6


def test_a_place_the_batch_created_is_not_read_again_by_the_records_after(portal_site):
    location_id = str(uuid.uuid4())
    with CaptureQueriesContext(connection) as queries:
        summary = HsdsImporter("de").run([service(f"Zebrakurs {number}", location_id) for number in range(1, 5)])
    assert [status for status, _reason in outcomes(summary)] == ["created"] * 4
    place_reads = [query["sql"] for query in queries if 'WHERE "services_directory_place"."hsds_id" =' in query["sql"]]
    assert place_reads == []  # read ahead for the batch (not there), then kept as the first record saved it
    place = Place.objects.get(hsds_id=location_id)
    assert OfferPlace.objects.filter(place=place).count() == 4


def test_an_offer_moved_below_a_provider_read_in_the_batch_gets_its_own_place_in_the_tree(portal_site):
    """The provider is read (no offers yet), a new offer is added below it, then another record
    moves an offer of another provider there: the move must see the provider's new child."""
    HsdsImporter("de").run([service("Zebrakurs 0")])
    OfferPage.objects.get(title="Zebrakurs 0").delete()  # the provider is as imported, without offers
    elsewhere = service("Zebrakurs umgezogen", str(uuid.uuid4()))
    other_id = str(uuid.uuid4())
    elsewhere["organization"] = {**elsewhere["organization"], "id": other_id, "name": "Zebra e.V."}
    elsewhere["organization_id"] = other_id
    assert [status for status, _reason in outcomes(HsdsImporter("de").run([elsewhere]))] == ["created"]
    moved = copy.deepcopy(elsewhere)
    moved["organization"] = copy.deepcopy(example("de")[0]["organization"])
    moved["organization_id"] = moved["organization"]["id"]

    summary = HsdsImporter("de", allow_move=True).run([service("Zebrakurs 1"), moved])

    assert [status for status, _reason in outcomes(summary)] == ["created", "updated"]
    provider = ProviderPage.objects.get(hsds_id=moved["organization_id"])
    assert sorted(page.title for page in provider.get_children()) == ["Zebrakurs 1", "Zebrakurs umgezogen"]
    assert provider.numchild == 2
    assert not any(Page.find_problems())


def test_parts_read_ahead_for_a_batch_are_looked_up_without_asking_the_database(portal_site):
    HsdsImporter("de").run([service("Zebrakurs 1")])
    record = example("de")[0]
    unknown = str(uuid.uuid4())
    importer = HsdsImporter("de")
    with transaction.atomic(), batch.deferred():
        importer._preload_parts([record, service("Zebrakurs 2", unknown)])
        with CaptureQueriesContext(connection) as queries:
            provider = importer._provider(record["organization_id"])
            place = importer._known_place(record["service_at_locations"][0]["location"]["id"])
            missing = importer._known_place(unknown)
        assert len(queries) == 0
        assert provider.title == record["organization"]["name"] and place.hsds_id == uuid.UUID(place_id(record))
        assert missing is None
        importer._lookups.written("place", unknown)  # a record creates it: read again, not "not there"
        with CaptureQueriesContext(connection) as queries:
            assert importer._known_place(unknown) is None
        assert len(queries) == 1


def place_id(record):
    return record["service_at_locations"][0]["location"]["id"]


def test_a_page_added_meanwhile_below_a_provider_costs_one_record_not_the_rest_of_the_batch(portal_site):
    """An editor adds pages below the provider while a batch is under way (here: in the same
    transaction, as on PostgreSQL once the editor commits first): the path the batch meant for its
    next offer is taken, that record is refused, and the batch reads the provider's children again."""
    HsdsImporter("de").run([service("Zebrakurs 0")])
    provider = OfferPage.objects.get(title="Zebrakurs 0").get_parent()

    def editor_adds_a_page(done):
        if done == 1:
            for number in (1, 2):
                ProviderPage.objects.get(pk=provider.pk).add_child(
                    instance=OfferPage(title=f"Vom Editor {number}", slug=f"vom-editor-{number}", summary="Im Editor angelegt")
                )

    summary = HsdsImporter("de").run([service(f"Zebrakurs {number}") for number in (1, 2, 3)], progress=editor_adds_a_page)
    statuses = [status for status, _reason in outcomes(summary)]
    assert statuses == ["created", "rejected", "created"], outcomes(summary)
    assert "database" in outcomes(summary)[1][1]
    assert Page.find_problems() == ([], [], [], [], [])
    assert set(provider.get_children().values_list("title", flat=True)) == {
        "Zebrakurs 0", "Zebrakurs 1", "Vom Editor 1", "Vom Editor 2", "Zebrakurs 3",
    }
