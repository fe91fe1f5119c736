"""Recurrence rules of imported HSDS schedules in the reader's words (open_data.recurrence), and an
imported monthly schedule on the offer page."""

import copy
import datetime
import io

import pytest
import time_machine
from django.utils import translation

from open_data import demo
from open_data.recurrence import describe, needs_words
from services_directory.demo.catalogue import themes
from services_directory.models import OfferPage
from tests.factories import OfferPageFactory

from .conftest import example, run_import, write_json

TODAY = datetime.date(2027, 1, 15)

EVERY_OTHER_WEEK = {
    "freq": "WEEKLY", "interval": 2, "byday": "MO,WE", "opens_at": "09:00", "closes_at": "12:00",
    "valid_from": "2027-03-01", "valid_to": "2027-06-30",
}
FIRST_AND_FIFTEENTH = {"freq": "MONTHLY", "bymonthday": "1,15"}
FIRST_TUESDAY = {"freq": "MONTHLY", "byday": "1TU", "opens_at": "17:00:00", "closes_at": "19:00:00"}
LAST_FRIDAY = {"freq": "MONTHLY", "byday": "-1FR"}
LAST_DAY = {"freq": "MONTHLY", "bymonthday": "-1", "until": "2027-12-31"}
TEN_THURSDAYS = {"freq": "WEEKLY", "byday": "TH", "count": 10, "dtstart": "2027-02-04"}
QUARTERLY = {"freq": "MONTHLY", "interval": 3, "bymonthday": "1"}
DAILY = {"freq": "DAILY", "opens_at": "08:00"}

SENTENCES = {
    "de": [
        (EVERY_OTHER_WEEK, "Alle 2 Wochen am Montag und Mittwoch, 09:00–12:00 Uhr, 1. März – 30. Juni 2027"),
        (FIRST_AND_FIFTEENTH, "Monatlich, an den Tagen 1 und 15 des Monats"),
        (FIRST_TUESDAY, "Monatlich, am ersten Dienstag des Monats, 17:00–19:00 Uhr"),
        (LAST_FRIDAY, "Monatlich, am letzten Freitag des Monats"),
        (LAST_DAY, "Monatlich, am letzten Tag des Monats, bis 31. Dezember 2027"),
        (TEN_THURSDAYS, "Wöchentlich am Donnerstag, ab 4. Februar 2027, insgesamt 10 Mal"),
        (QUARTERLY, "Alle 3 Monate, am Tag 1 des Monats"),
        (DAILY, "Täglich, ab 08:00 Uhr"),
    ],
    "en": [
        (EVERY_OTHER_WEEK, "Every 2 weeks on Monday and Wednesday, 9:00 AM–12:00 PM, Mar 1 – Jun 30, 2027"),
        (FIRST_AND_FIFTEENTH, "Monthly, on days 1 and 15 of the month"),
        (FIRST_TUESDAY, "Monthly, on the first Tuesday of the month, 5:00 PM–7:00 PM"),
        (LAST_FRIDAY, "Monthly, on the last Friday of the month"),
        (LAST_DAY, "Monthly, on the last day of the month, until December 31, 2027"),
        (TEN_THURSDAYS, "Weekly on Thursday, from February 4, 2027, 10 times in all"),
        (QUARTERLY, "Every 3 months, on day 1 of the month"),
    ],
    "ar": [
        (EVERY_OTHER_WEEK, "كل أسبوعين يوم الاثنين والأربعاء، 9:00 ص–12:00 م، 1 مارس – 30 يونيو 2027"),
        (FIRST_AND_FIFTEENTH, "شهريًا، في اليومين 1 و15 من الشهر"),
        (FIRST_TUESDAY, "شهريًا، في يوم الثلاثاء الأول من الشهر، 5:00 م–7:00 م"),
        (LAST_FRIDAY, "شهريًا، في يوم الجمعة الأخير من الشهر"),
        (LAST_DAY, "شهريًا، في اليوم الأخير من الشهر، حتى 31 ديسمبر 2027"),
        (TEN_THURSDAYS, "أسبوعيًا يوم الخميس، ابتداءً من 4 فبراير 2027، 10 مرات إجمالًا"),
    ],
}


def _spaced(text):
    """Babel (CLDR) sets thin and narrow no-break spaces around dashes and before AM/PM."""
    return " ".join((text or "").split())


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_rules_read_as_sentences_in_the_readers_language(language):
    for schedule, sentence in SENTENCES[language]:
        assert _spaced(describe(schedule, language, TODAY)) == sentence


def test_every_portal_language_says_every_rule_without_english_left_in_it():
    for language in ("tr", "uk", "ru", "fa", "ro", "bg", "pl"):
        for schedule, english in SENTENCES["en"]:
            sentence = describe(schedule, language, TODAY)
            assert sentence and sentence != english, (language, schedule)
            assert not any(word in sentence for word in ("Monthly", "month", "week", "times", "Tuesday")), sentence
    assert _spaced(describe(FIRST_TUESDAY, "ru", TODAY)).startswith("Ежемесячно, вторник первой недели месяца")
    assert _spaced(describe(EVERY_OTHER_WEEK, "uk", TODAY)).startswith("Кожні 2 тижні: понеділок і середа")


def test_the_active_language_is_the_default_and_a_past_start_is_not_repeated():
    with translation.override("de"):
        assert _spaced(describe({"freq": "MONTHLY", "byday": "2WE", "dtstart": "2020-01-01"}, today=TODAY)) == (
            "Monatlich, am zweiten Mittwoch des Monats"
        )


def test_rules_that_cannot_be_said_give_no_sentence_rather_than_a_wrong_one():
    for schedule in (
        {"freq": "MONTHLY", "byday": "MO,XY"},
        {"freq": "MONTHLY", "bymonthday": "1,zwei"},
        {"freq": "MONTHLY", "bymonthday": "-2"},
        {"freq": "WEEKLY", "byday": "1MO"},
        {"freq": "HOURLY"},
        {"freq": "MONTHLY", "byday": "7TU"},
    ):
        assert describe(schedule, "en", TODAY) is None, schedule


def test_plain_weekly_hours_and_start_dates_are_left_to_the_table_and_the_start_dates():
    assert not needs_words({"freq": "WEEKLY", "byday": "MO", "opens_at": "09:00", "closes_at": "12:00"})
    assert not needs_words({"freq": "WEEKLY", "interval": 1, "byday": "MO"})
    assert not needs_words({"dtstart": "2027-02-01", "count": 1, "freq": "MONTHLY"})
    assert needs_words(FIRST_TUESDAY) and needs_words(EVERY_OTHER_WEEK) and needs_words(TEN_THURSDAYS)


@pytest.mark.django_db
def test_an_imported_monthly_schedule_is_shown_on_the_offer_page(portal_site, tmp_path, client):
    records = copy.deepcopy(example("de"))
    record = records[0]
    record["service_at_locations"][0]["schedules"].append({
        "id": "5f0e7c86-6a39-4c1e-9f67-6f0d7f3e2a01", "freq": "MONTHLY", "byday": "1TU",
        "opens_at": "17:00", "closes_at": "19:00", "description": "Elterncafé",
    })
    code, _out, err = run_import(write_json(tmp_path, "monthly.json", records), "--lang", "de")
    assert code == 0, err
    offer = OfferPage.objects.get(hsds_id=record["id"])
    for language, sentence in (
        ("de", "Monatlich, am ersten Dienstag des Monats, 17:00–19:00 Uhr"),
        ("ar", "شهريًا، في يوم الثلاثاء الأول من الشهر، 5:00 م–7:00 م"),
        ("uk", "Щомісяця, вівторок першого тижня місяця, 17:00–19:00"),
    ):
        with translation.override(language):
            url = offer.get_url()
        html = _spaced(client.get(url).content.decode())
        assert f"<li>{sentence}</li>" in html, language
    # The printed referral list (a case manager hands it over) says it too.
    printed = _spaced(client.get("/ar/referrals/print/", {"offer": [str(offer.hsds_id)]}).content.decode())
    assert "<li>شهريًا، في يوم الثلاثاء الأول من الشهر، 5:00 م–7:00 م</li>" in printed
    # The weekly hours stay in the opening-hours table and are not repeated as a sentence.
    with translation.override("en"):
        html = client.get(offer.get_url()).content.decode()
    assert html.count('<ul class="recurrences">') == 1 and "Weekly on" not in html


@pytest.mark.django_db
def test_the_demo_has_an_offer_with_a_monthly_and_an_every_other_week_rule(portal_site, client):
    assert any(theme.title["de"].startswith(demo.THEME_TITLE) for theme in themes().values())
    offer = OfferPageFactory(title="Mitreden und mitgestalten: Beteiligung im Stadtteil")
    offer.is_demo = True
    offer.save_revision().publish()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert "2 kept" in demo.load(io.StringIO())
        assert "unchanged" in demo.load(io.StringIO())
    with translation.override("tr"):
        url = offer.get_url()
    html = _spaced(client.get(url).content.decode())
    assert "<li>Her ay, ayın ilk Salı günü, 18:00–20:00</li>" in html
    assert "<li>2 haftada bir Cumartesi, 10:00–12:00, 1 Mar – 30 Haz 2027</li>" in html
    # Served again in the HSDS export, as an import keeps what the directory cannot hold.
    schedules = client.get(f"/api/hsds/services/{offer.hsds_id}").json().get("schedules", [])
    assert {"MONTHLY", "WEEKLY"} <= {schedule["freq"] for schedule in schedules}
