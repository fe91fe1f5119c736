"""The demo network: the bodies the KIM concept names, ten case-management carriers, a year of
events and news in all ten languages; a second load changes nothing."""

import json
from io import StringIO

import pytest
from django.conf import settings

from network import demo
from network.demo.loader import DATA
from network.models import CommitteePage, EventPage, NewsPage
from services_directory.demo.catalogue import DemoDataError
from tests.factories import ProviderPageFactory

pytestmark = pytest.mark.django_db


def _provider_names():
    names = {item["provider"] for spec in json.loads((DATA / "committees.json").read_text()) for item in spec["members"] if "provider" in item}
    events = json.loads((DATA / "events.json").read_text())
    names |= {spec["place"] for spec in events["meetings"] if "place" in spec}
    names |= {spec["provider"] for spec in events["events"] if "provider" in spec}
    names |= {spec["provider"] for spec in json.loads((DATA / "news.json").read_text()) if "provider" in spec}
    return names


@pytest.fixture
def demo_providers(portal_site):
    return {name: ProviderPageFactory(title=name) for name in sorted(_provider_names())}


def test_demo_network_has_the_named_bodies_a_year_of_events_and_news(demo_providers):
    out = StringIO()
    summary = demo.load(out)
    titles = set(CommitteePage.objects.values_list("title", flat=True))
    for name in ("Lenkungsgruppe", "Arbeitskreis JMD/MBE", "LIGA", "Flüchtlingsrat", "Runder Tisch", "Flankierende Struktur", "Case Management"):
        assert any(name in title for title in titles), name
    flanking = CommitteePage.objects.get(slug_de="flankierende-struktur")
    bodies = {member.name for member in flanking.members.all()}
    assert {"Industrie- und Handelskammer zu Köln", "Handwerkskammer zu Köln", "Agentur für Arbeit Köln", "Jobcenter Köln"} <= bodies
    case_management = CommitteePage.objects.get(slug_de="kim-case-management")
    roles = [member.role for member in case_management.members.all()]
    assert roles.count("member") == 10 and roles.count("office") == 1  # ten carriers, one coordination post

    starts = sorted(EventPage.objects.values_list("start", flat=True))
    assert (starts[-1] - starts[0]).days >= 330
    assert EventPage.objects.filter(status=EventPage.STATUS_CANCELLED).exists()
    assert EventPage.objects.exclude(time_zone="Europe/Berlin").exists()
    assert EventPage.objects.filter(provider__isnull=False).exists()  # carriers' own events
    dates = sorted(NewsPage.objects.values_list("date", flat=True))
    assert (dates[-1] - dates[0]).days >= 300
    for language in ("en", "ar", "tr", "uk", "ru", "fa"):
        assert NewsPage.objects.exclude(**{f"title_{language}": None}).exclude(**{f"title_{language}": ""}).exists(), language
    assert all(committee.members_documents() for committee in CommitteePage.objects.all())
    assert "created" in summary and "committees: 7" in out.getvalue()

    counts = (CommitteePage.objects.count(), EventPage.objects.count(), NewsPage.objects.count())
    assert demo.load(StringIO()).startswith("created 0,")
    assert (CommitteePage.objects.count(), EventPage.objects.count(), NewsPage.objects.count()) == counts


def _texts(value):
    """Every {"de": …, "en": …} text of a demo data file."""
    if isinstance(value, dict):
        if "de" in value and all(isinstance(item, str) for item in value.values()):
            return [value]
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def test_every_demo_network_text_a_reader_sees_is_in_all_ten_languages():
    """Committees (title, summary, purpose, rhythm, contacts), meetings, events and news are
    machine-made demo text in every portal language: no reader meets German fallback there."""
    languages = {code for code, _name in settings.LANGUAGES}
    for name in ("committees.json", "events.json", "news.json"):
        texts = _texts(json.loads((DATA / name).read_text(encoding="utf-8")))
        assert texts, name
        incomplete = [text["de"] for text in texts if languages - {code for code, value in text.items() if value}]
        assert not incomplete, f"{name}: not in every language: {incomplete[:3]}"


def test_demo_network_names_a_missing_provider(portal_site):
    with pytest.raises(DemoDataError, match="unknown provider"):
        demo.load(StringIO())
