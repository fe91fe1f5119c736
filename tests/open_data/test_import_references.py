"""An import keeps Wagtail's reference index ("usage" in the admin, the warning before deleting
something still used) exactly as Wagtail would, though it writes it once per batch for all
saved pages and places together; a re-imported record no longer lists what it stopped using."""

import copy
import uuid

import pytest
from django.db import transaction
from wagtail.models import Page, ReferenceIndex

from services_directory.models import OfferPage, Place

from .conftest import example, run_import, write_json
from .test_import_concurrency import fresh_ids

pytestmark = pytest.mark.django_db

COLUMNS = ("content_type_id", "base_content_type_id", "object_id", "to_content_type_id", "to_object_id", "model_path", "content_path")


def index_rows():
    return set(ReferenceIndex.objects.values_list(*COLUMNS))


def place_references(offer):
    return {
        reference.to_object_id
        for reference in ReferenceIndex.get_references_for_object(offer)
        if reference.to_content_type.model_class() is Place
    }


def assert_index_is_wagtails():
    """The rows are those Wagtail writes when it indexes every page and place again."""
    written = index_rows()
    with transaction.atomic():
        for item in [*Page.objects.specific(), *Place.objects.all()]:
            ReferenceIndex.create_or_update_for_object(item)
    assert index_rows() == written


def test_the_reference_index_is_what_wagtail_writes_for_each_page_and_place(portal_site, tmp_path):
    code, _out, err = run_import(write_json(tmp_path, "de.json", example("de")), "--lang", "de")
    assert code == 0, err
    assert_index_is_wagtails()
    offer = OfferPage.objects.get(hsds_id=example("de")[0]["id"])
    # what an editor sees under "usage" of a place or programme: this offer (its hours too)
    assert {row.model_path for row in ReferenceIndex.get_references_for_object(offer)} == {
        "places.item.place", "opening_slots.item.place", "programme",
    }


def test_a_reimported_offer_no_longer_references_the_place_it_left(portal_site, tmp_path):
    records = example("de")
    code, _out, err = run_import(write_json(tmp_path, "de.json", records), "--lang", "de")
    assert code == 0, err
    offer = OfferPage.objects.get(hsds_id=records[0]["id"])
    old_place = Place.objects.get(hsds_id=records[0]["service_at_locations"][0]["location"]["id"])
    assert place_references(offer) == {str(old_place.pk)}

    moved = copy.deepcopy(records[0])
    link = moved["service_at_locations"][0]
    link["location"]["id"] = link["location_id"] = str(uuid.uuid4())
    link["location"]["name"] = "Neuer Standort"
    for attribute in link["location"]["attributes"]:
        attribute["link_id"] = link["location"]["id"]
    code, out, err = run_import(write_json(tmp_path, "moved.json", [moved]), "--lang", "de")
    assert code == 0, err
    assert "updated 1" in out

    new_place = Place.objects.get(hsds_id=link["location"]["id"])
    assert place_references(offer) == {str(new_place.pk)}
    assert not ReferenceIndex.get_references_to(old_place).filter(object_id=str(offer.pk)).exists()


def test_another_languages_feed_keeps_the_index_wagtail_writes_and_records_what_it_creates(portal_site, tmp_path):
    """Another language's feed changes only texts of what it updates (its batches do not read
    those pages' references again), but an offer it creates gets its references."""
    code, _out, err = run_import(write_json(tmp_path, "de.json", example("de")), "--lang", "de")
    assert code == 0, err
    english = example("en")
    created = fresh_ids(copy.deepcopy(english[0]))
    created["name"] = "Language café (English only)"
    code, _out, err = run_import(write_json(tmp_path, "en.json", [*english, created]), "--lang", "en")
    assert code == 0, err
    assert_index_is_wagtails()
    offer = OfferPage.objects.get(hsds_id=created["id"])
    place = Place.objects.get(hsds_id=created["service_at_locations"][0]["location"]["id"])
    assert place_references(offer) == {str(place.pk)}
