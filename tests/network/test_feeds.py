"""Feeds: the Atom feed of news and the iCalendar files of events parse with standard libraries
and hold the right items, in the right language and time zone."""

import datetime
import xml.etree.ElementTree as ET
import zoneinfo

import pytest
from django.utils import timezone, translation
from icalendar import Calendar
from wagtail.models import Page

from network.models import EventPage
from tests.factories import EventPageFactory, NewsPageFactory, ProviderPageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _url(page, language):
    with translation.override(language):
        return Page.objects.get(pk=page.pk).specific.get_url()


def _atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def _calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(calendar):
    return [component for component in calendar.walk("VEVENT")]


def test_atom_feed_holds_the_news_in_the_readers_language(portal_site, client):
    provider = ProviderPageFactory(title="Caritas Köln")
    NewsPageFactory(title="Neue Sprechzeiten", title_ar="مواعيد جديدة", summary="Jetzt auch samstags.", summary_ar="الآن أيضاً يوم السبت.", date=datetime.date(2026, 4, 2))
    NewsPageFactory(title="Nur auf Deutsch", parent=provider, summary="Noch nicht übersetzt.", date=datetime.date(2026, 4, 1))
    NewsPageFactory(title="Entwurf", publish=False)

    german = _atom(client, "/de/aktuelles/atom/")
    assert [entry.findtext(f"{ATOM}title") for entry in german.iter(f"{ATOM}entry")] == ["Neue Sprechzeiten", "Nur auf Deutsch"]
    assert german.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"

    arabic = _atom(client, _url(Page.objects.get(slug_de="aktuelles"), "ar") + "atom/")
    entries = list(arabic.iter(f"{ATOM}entry"))
    assert arabic.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["مواعيد جديدة", "Nur auf Deutsch"]
    assert entries[0].findtext(f"{ATOM}summary") == "الآن أيضاً يوم السبت."
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http://testserver/ar/")
    assert entries[1].findtext(f"{ATOM}author/{ATOM}name") == "Caritas Köln"
    # Dates carry the portal's offset (noon in Cologne: +02:00 in summer time).
    assert entries[0].findtext(f"{ATOM}published") == "2026-04-02T12:00:00+02:00"


def test_atom_feed_filters_by_field_of_action_and_refuses_unknown_codes(portal_site, client):
    NewsPageFactory(title="Wohnen", fields_of_action=["wohnen"])
    NewsPageFactory(title="Arbeit", fields_of_action=["arbeit"])
    feed = _atom(client, "/de/aktuelles/atom/?field_of_action=wohnen")
    assert [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")] == ["Wohnen"]
    response = client.get("/de/aktuelles/atom/?field_of_action=gibtsnicht")
    assert response.status_code == 400 and "gibtsnicht" in response.content.decode()


def test_ics_feed_holds_coming_events_with_their_time_zone(portal_site, client):
    start = datetime.datetime(2030, 3, 31, 18, 30, tzinfo=BERLIN)  # the day after the clocks change
    EventPageFactory(title="Infoabend", title_en="Information evening", start=start, end=start + datetime.timedelta(hours=2), fields_of_action=["arbeit"])
    EventPageFactory(title="Längst vorbei", start=timezone.now() - datetime.timedelta(days=90))
    EventPageFactory(title="Entwurf", publish=False)

    calendar = _calendar(client, "/en/events/ics/")
    (event,) = _events(calendar)
    assert str(event["summary"]) == "Information evening"
    assert event["summary"].params["LANGUAGE"] == "en"
    dtstart = event.decoded("dtstart")
    assert dtstart == start and dtstart.utcoffset() == datetime.timedelta(hours=2)
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["url"]).startswith("http://testserver/en/events/")
    assert str(event["status"]) == "CONFIRMED"


def test_ics_in_german_falls_back_and_says_so(portal_site, client):
    EventPageFactory(title="Elterncafé", summary="Austausch für Eltern.")
    (event,) = _events(_calendar(client, _url(Page.objects.get(slug_de="termine"), "uk") + "ics/"))
    assert str(event["summary"]) == "Elterncafé"
    assert event["summary"].params["LANGUAGE"] == "de"


def test_ics_feed_filters_by_field_of_action(portal_site, client):
    EventPageFactory(title="Wohnungsbörse", fields_of_action=["wohnen"])
    EventPageFactory(title="Jobmesse", fields_of_action=["arbeit"])
    calendar = _calendar(client, "/de/termine/ics/?field_of_action=arbeit")
    assert [str(event["summary"]) for event in _events(calendar)] == ["Jobmesse"]
    assert client.get("/de/termine/ics/?field_of_action=xyz").status_code == 400


def test_single_event_ics_download_with_cancelled_status_and_other_zone(portal_site, client):
    start = datetime.datetime(2030, 6, 1, 11, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Kyiv"))
    event = EventPageFactory(title="Online-Sprechstunde", start=start, end=None, time_zone="Europe/Kyiv", status=EventPage.STATUS_CANCELLED, online_url="https://meet.example/kim")
    response = client.get(_url(event, "de") + "ics/")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = Calendar.from_ical(response.content)
    (item,) = _events(calendar)
    assert item["dtstart"].params["TZID"] == "Europe/Kyiv"
    assert item.decoded("dtstart") == start
    assert str(item["status"]) == "CANCELLED"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Kyiv"]
