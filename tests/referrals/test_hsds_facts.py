"""The referral facts in HSDS 3.1 (open_data/offer_facts.py): free places as `service_capacity`,
fee waivers as conditional `cost_options`, `eligibility_description`, start dates as dated
`schedules`; exported, imported into an empty portal and exported again unchanged."""

import datetime

import pytest
from django.utils import timezone

from open_data.offer_facts import capacity_status, start_dates
from services_directory.models import OfferPage
from tests.factories import OfferPageFactory, PlaceFactory
from tests.open_data.conftest import run_import
from tests.open_data.test_round_trip import (
    empty_the_portal,
    export,
    mapped,
    vocabulary_ids_renamed,
    without_own_dates,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(portal_site):
    today = timezone.localdate()
    place = PlaceFactory(name="Kursraum Chorweiler", district="chorweiler-stadtteil")
    course = OfferPageFactory(
        title="Integrationskurs mit Kinderbetreuung", fields_of_action=["sprache"], target_groups=["alleinerziehende"],
        places=[place], cost="fee", fee_description="2,29 € je Unterrichtsstunde", free_with_benefits=["buergergeld", "asylblg"],
        capacity_status="waiting", capacity_updated_on=today - datetime.timedelta(days=3), minimum_age=18, maximum_age=27,
    )
    course.start_dates.create(date=today + datetime.timedelta(days=40))
    course.start_dates.create(date=today + datetime.timedelta(days=100))
    course.start_dates.create(date=today - datetime.timedelta(days=30))  # past: kept, not exported
    course.save_revision().publish()
    office = PlaceFactory(name="Beratungsstelle Chorweiler", district="chorweiler-stadtteil")
    counselling = OfferPageFactory(title="Sozialberatung", places=[office], cost="free", capacity_status="free")
    return {"course": course, "counselling": counselling}


def _service(documents, offer):
    return next(item for item in documents["services.json"] if item["id"] == str(offer.hsds_id))


def test_referral_facts_are_exported_where_hsds_has_a_place_for_them(offers, tmp_path):
    documents = export(tmp_path / "out")
    service = _service(documents, offers["course"])
    today = timezone.localdate()

    (capacity,) = service["capacities"]
    assert capacity["available"] == 0 and capacity["description"] == "waiting list"
    assert capacity["unit"]["name"] == "places" and capacity["updated"].startswith((today - datetime.timedelta(days=3)).isoformat())
    price, *conditions = service["cost_options"]
    assert price["option"] == "2,29 € je Unterrichtsstunde"
    assert {option["attributes"][0]["taxonomy_term"]["code"] for option in conditions} == {"buergergeld", "asylblg"}
    assert all("amount" not in option for option in conditions)  # never read as "free for everyone"
    assert "Bürgergeld" in service["eligibility_description"] and "18" in service["eligibility_description"]
    starts = [schedule["dtstart"] for schedule in service["schedules"] if schedule.get("count") == 1]
    assert starts == [(today + datetime.timedelta(days=days)).isoformat() for days in (40, 100)]

    free = _service(documents, offers["counselling"])
    assert free["capacities"][0]["available"] == 1
    assert [option.get("amount") for option in free["cost_options"]] == [0]


def test_referral_facts_survive_export_import_export(offers, tmp_path):
    first = export(tmp_path / "first")
    empty_the_portal()
    assert not OfferPage.objects.exists()
    code, out, err = run_import(tmp_path / "first", "--lang", "de")
    assert code == 0, err
    assert "rejected 0" in out

    course = OfferPage.objects.get(hsds_id=offers["course"].hsds_id)
    assert course.capacity_status == "waiting"
    assert course.capacity_updated_on == timezone.localdate() - datetime.timedelta(days=3)
    assert {term.code for term in course.free_with_benefits.all()} == {"buergergeld", "asylblg"}
    assert course.cost == OfferPage.COST_FEE
    assert len(course.upcoming_start_dates()) == 2
    assert OfferPage.objects.get(hsds_id=offers["counselling"].hsds_id).capacity_status == "free"

    second = export(tmp_path / "second")
    renamed = vocabulary_ids_renamed(first)
    for before, after in zip(mapped(first["services.json"], renamed), second["services.json"], strict=True):
        before, after = without_own_dates(before), without_own_dates(after)
        assert after == before, {key: (before.get(key), after.get(key)) for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def test_a_foreign_capacity_in_numbers_and_words_is_understood():
    today = timezone.localdate()
    assert capacity_status({"capacities": [{"available": 12, "updated": f"{today}T08:00:00Z"}]}) == ("free", today)
    assert capacity_status({"capacities": [{"available": 0, "description": "Warteliste"}]}) == ("waiting", None)
    assert capacity_status({"capacities": [{"available": 0}]}) == ("full", None)
    assert capacity_status({"capacities": [{"available": "many"}]}) == ("", None)
    future = (today + datetime.timedelta(days=900)).isoformat()
    assert capacity_status({"capacities": [{"available": 3, "updated": f"{future}T00:00:00Z"}]}) == ("free", today)
    weekly = {"freq": "WEEKLY", "byday": "MO", "opens_at": "09:00", "closes_at": "12:00"}
    dated = {"dtstart": "2027-02-01", "count": 1, "freq": "MONTHLY"}
    assert start_dates({"schedules": [weekly, dated, dated, {"dtstart": "no date", "count": 1}]}) == [datetime.date(2027, 2, 1)]
