"""The network's pages as readers see them: news, events, committees, the network page, and what
the home and provider pages show of the network."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone, translation
from wagtail.models import Page

from network.models import EventPage, NetworkPage, NewsIndexPage
from tests.factories import (
    CommitteePageFactory,
    EventPageFactory,
    NewsPageFactory,
    OfferPageFactory,
    ProgrammePageFactory,
    ProviderPageFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def news_index(portal_site):
    return NewsIndexPage.objects.get()


def test_setup_creates_network_news_and_event_pages_in_the_menu(portal_site, client):
    html = _html(client.get("/de/"))
    for title in ("Netzwerk", "Aktuelles", "Termine"):
        assert f">{title}<" in html
    assert _html(client.get("/en/news/"))
    assert _html(client.get("/de/termine/"))


def test_news_index_lists_kim_and_carrier_news_newest_first(news_index, client):
    provider = ProviderPageFactory(title="Caritas Köln")
    NewsPageFactory(title="Ältere Meldung", date=datetime.date(2026, 1, 5))
    NewsPageFactory(title="Meldung des Trägers", parent=provider, date=datetime.date(2026, 3, 1))
    NewsPageFactory(title="Entwurf", publish=False)
    html = _html(client.get("/de/aktuelles/"))
    assert html.index("Meldung des Trägers") < html.index("Ältere Meldung")
    assert "Entwurf" not in html
    assert "Caritas Köln" in html  # the carrier is named as publisher


def test_news_written_below_a_provider_belongs_to_it(portal_site):
    provider = ProviderPageFactory(title="Diakonie Köln")
    news = NewsPageFactory(parent=provider, title="Neu bei der Diakonie")
    assert news.provider_id == provider.pk


def test_news_filter_by_field_of_action_and_target_group(news_index, client):
    NewsPageFactory(title="Wohnen-Meldung", fields_of_action=["wohnen"])
    NewsPageFactory(title="Arbeit-Meldung", fields_of_action=["arbeit"], target_groups=["jugendliche"])
    html = _html(client.get("/de/aktuelles/?field_of_action=arbeit"))
    assert "Arbeit-Meldung" in html and "Wohnen-Meldung" not in html
    html = _html(client.get("/de/aktuelles/?target_group=jugendliche"))
    assert "Arbeit-Meldung" in html and "Wohnen-Meldung" not in html


def test_unknown_filter_value_is_a_400_naming_it_in_the_readers_language(news_index, client):
    response = client.get("/en/news/?field_of_action=nonsense")
    assert response.status_code == 400
    assert '"nonsense" is not a known value for this filter' in response.content.decode()


def test_news_listing_pages_keep_the_filter(news_index, client):
    for number in range(12):
        NewsPageFactory(title=f"Meldung Nummer {number:02d}", fields_of_action=["arbeit"], date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number))
    first = _html(client.get("/de/aktuelles/?field_of_action=arbeit"))
    assert "Meldung Nummer 11" in first and "Meldung Nummer 01" not in first
    assert "field_of_action=arbeit&amp;page=2" in first
    second = _html(client.get("/de/aktuelles/?field_of_action=arbeit&page=2"))
    assert "Meldung Nummer 01" in second and "Meldung Nummer 11" not in second
    assert _html(client.get("/de/aktuelles/?page=999"))  # out of range: the last page, not an error
    assert _html(client.get("/de/aktuelles/?page=abc"))


def test_news_page_in_arabic_marks_german_fallback(news_index, client):
    news = NewsPageFactory(title="Neue Beratungszeiten", summary="Die Beratung ist jetzt auch samstags offen.", title_ar="مواعيد استشارة جديدة")
    html = _html(client.get(_url(news, "ar")))
    assert "مواعيد استشارة جديدة" in html
    assert re.search(r'<p class="lead" lang="de" dir="ltr">Die Beratung ist jetzt auch samstags offen.</p>', html)
    assert "data-only-german" in html


def _diagram(html):
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" role="group"')
    return html[start:html.index("</svg>", start)]


def _url(page, language):
    with translation.override(language):
        return Page.objects.get(pk=page.pk).specific.get_url()


def test_news_pages_advertise_the_atom_feed(news_index, client):
    news = NewsPageFactory(title="Meldung")
    for url in ("/de/aktuelles/", _url(news, "de"), "/de/"):
        html = _html(client.get(url))
        assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]+href="/de/aktuelles/atom/"', html), url


def test_event_page_shows_time_in_its_zone_and_offers_an_ics(portal_site, client):
    start = datetime.datetime(2030, 3, 30, 18, 30, tzinfo=BERLIN)  # the evening after the clocks change
    event = EventPageFactory(title="Infoabend Ausbildung", start=start, end=start + datetime.timedelta(hours=2), languages=["de", "ar", "uk"])
    html = _html(client.get(_url(event, "de")))
    assert "18:30" in html and "20:30" in html
    assert "Arabisch" in html and "Ukrainisch" in html
    ics_url = _url(event, "de") + "ics/"
    assert f'<link rel="alternate" type="text/calendar" title="Infoabend Ausbildung (iCalendar)" href="{ics_url}">' in html
    assert 'href="/de/termine/ics/"' in html


def test_event_in_another_time_zone_names_it(portal_site, client):
    start = datetime.datetime(2030, 5, 4, 19, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Kyiv"))
    event = EventPageFactory(title="Online-Sprechstunde", start=start, end=None, time_zone="Europe/Kyiv")
    html = _html(client.get(_url(event, "en")))
    assert "19:00" in html and "Europe/Kyiv" in html


def test_cancelled_event_says_so_and_hides_registration(portal_site, client):
    event = EventPageFactory(title="Fachtag", status=EventPage.STATUS_CANCELLED, status_note="Wegen Krankheit.", registration_url="https://anmeldung.example/")
    html = _html(client.get(_url(event, "de")))
    assert "Diese Veranstaltung fällt aus." in html or "This event is cancelled." in html
    assert "https://anmeldung.example/" not in html
    listing = _html(client.get("/de/termine/"))
    assert "network-card--cancelled" in listing


def test_event_index_shows_coming_events_soonest_first_and_past_on_request(portal_site, client):
    now = timezone.now()
    EventPageFactory(title="Später", start=now + datetime.timedelta(days=20))
    EventPageFactory(title="Bald", start=now + datetime.timedelta(days=2))
    EventPageFactory(title="Vorbei", start=now - datetime.timedelta(days=3))
    html = _html(client.get("/de/termine/"))
    assert html.index("Bald") < html.index("Später")
    assert "Vorbei" not in html
    past = _html(client.get("/de/termine/?past=1"))
    assert "Vorbei" in past and "Später" not in past


def test_committee_page_shows_members_meetings_and_only_public_documents(portal_site, client, committee_with_documents):
    committee = committee_with_documents.committee
    html = _html(client.get(_url(committee, "de")))
    assert "Caritas Köln" in html and "Jobcenter Köln" in html
    assert "Geschäftsführung" in html or "Office" in html
    assert "Sitzung im Frühjahr" in html  # next meeting (an event of this committee)
    assert committee_with_documents.public.url in html
    assert committee_with_documents.minutes.url not in html


def test_member_sees_the_members_only_document_links(portal_site, client, committee_with_documents):
    client.force_login(committee_with_documents.member)
    html = _html(client.get(_url(committee_with_documents.committee, "de")))
    assert committee_with_documents.minutes.url in html


def test_network_page_draws_nodes_and_links_and_lists_them_as_a_table(portal_site, client):
    housing = ProviderPageFactory(title="Wohnhilfe Köln")
    counselling = ProviderPageFactory(title="Beratung Köln")
    programme = ProgrammePageFactory(title="Migrationsberatung MBE")
    OfferPageFactory(parent=counselling, programme=programme, fields_of_action=["beratung"])
    OfferPageFactory(parent=housing, programme=programme, fields_of_action=["wohnen"])
    CommitteePageFactory(title="Arbeitskreis Wohnen", fields_of_action=["wohnen"], members=[housing])
    html = _html(client.get("/de/netzwerk/"))
    svg = _diagram(html)
    for name in ("Wohnhilfe Köln", "Beratung Köln", "Migrationsberatung MBE", "Arbeitskreis Wohnen"):
        assert name in svg
        assert html.replace(svg, "").count(f">{name}</a>") >= 1  # and as a link in the tables
    assert svg.count("<line") == 3  # one membership, two programme links
    assert f'href="{_url(housing, "de")}"' in svg
    filtered = _html(client.get("/de/netzwerk/?field_of_action=wohnen"))
    svg = _diagram(filtered)
    assert "Wohnhilfe Köln" in svg and "Beratung Köln" not in svg


def test_network_page_mirrors_in_arabic(portal_site, client):
    provider = ProviderPageFactory(title="Wohnhilfe Köln")
    CommitteePageFactory(title="Arbeitskreis Wohnen", members=[provider])
    html = _html(client.get(_url(NetworkPage.objects.get(), "ar")))
    committee_x = float(re.search(r'<text x="([\d.]+)"[^>]*>Arbeitskreis Wohnen<', html).group(1))
    provider_x = float(re.search(r'<text x="([\d.]+)"[^>]*>Wohnhilfe Köln<', html).group(1))
    assert committee_x > provider_x  # committees on the right, reading from right to left


def test_home_page_shows_next_events_and_latest_news(portal_site, client):
    EventPageFactory(title="Netzwerktreffen Kalk", start=timezone.now() + datetime.timedelta(days=3))
    NewsPageFactory(title="Neuer Wegweiser erschienen")
    html = _html(client.get("/de/"))
    assert "Netzwerktreffen Kalk" in html and "Neuer Wegweiser erschienen" in html
    assert 'type="text/calendar"' in html and 'type="application/atom+xml"' in html


def test_provider_page_shows_its_committees_programmes_and_events(portal_site, client):
    provider = ProviderPageFactory(title="AWO Köln")
    programme = ProgrammePageFactory(title="Jugendmigrationsdienste")
    OfferPageFactory(parent=provider, programme=programme)
    CommitteePageFactory(title="Arbeitskreis JMD/MBE", members=[provider])
    EventPageFactory(parent=provider, title="Elterncafé", start=timezone.now() + datetime.timedelta(days=5))
    html = _html(client.get(_url(provider, "de")))
    section = html[html.index('id="provider-network"'):]
    assert "Arbeitskreis JMD/MBE" in section and "Jugendmigrationsdienste" in section and "Elterncafé" in section


def test_network_page_with_an_unknown_field_is_a_400_that_still_shows_the_form(portal_site, client):
    response = client.get("/en/network/?field_of_action=nonsense")
    assert response.status_code == 400
    html = response.content.decode()
    assert '"nonsense" is not a known value for this filter' in html and 'id="filter-field"' in html


def test_anonymous_reader_is_offered_the_member_sign_in(portal_site, client, committee_with_documents):
    html = _html(client.get(_url(committee_with_documents.committee, "de")))
    assert "/admin/login/?next=" in html
