"""The public directory pages as readers get them: facts in order, their language, warnings."""

import datetime
import json
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from services_directory.models import OfferPlace, OpeningSlot
from tests.factories import (
    OfferPageFactory,
    PlaceFactory,
    ProgrammePageFactory,
    ProviderPageFactory,
    directory_index,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _today():
    """Every test runs on TODAY (noon in Cologne): dates do not shift when a run crosses midnight."""
    with time_machine.travel(datetime.datetime(2027, 3, 1, 12, tzinfo=ZoneInfo("Europe/Berlin")), tick=False):
        assert timezone.localdate() == TODAY
        yield


def _get(client, page, language="de"):
    from django.utils import translation

    with translation.override(language):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def offer(portal_site):
    programme = ProgrammePageFactory(title="Migrationsberatung für erwachsene Zuwanderer", short_name="MBE")
    provider = ProviderPageFactory(title="Caritasverband Köln", phone="0221 555")
    place = PlaceFactory(
        name="Beratungszentrum Kalk", street="Kalker Hauptstr. 1", postcode="51103",
        district="kalk-stadtteil", latitude=Decimal("50.938000"), longitude=Decimal("7.004000"),
        lift=True, hearing_loop=False, transport_hint="U-Bahn Kalk Post",
    )
    closed = PlaceFactory(name="Außenstelle Vingst", district="vingst", postcode="51107")
    return OfferPageFactory(
        parent=provider,
        title="Migrationsberatung",
        title_ar="استشارات الهجرة",
        summary="Beratung für Erwachsene zu Aufenthalt, Arbeit und Sprache.",
        summary_ar="استشارة للبالغين حول الإقامة والعمل واللغة.",
        description="<p>Vertraulich und kostenlos.</p>",
        description_ar="<p>سرية ومجانية.</p>",
        fields_of_action=["arbeit"],
        target_groups=["alle"],
        minimum_age=27,
        programme=programme,
        languages=["de", "ar", "ti"],
        places=[
            OfferPlace(place=place, hours_notes="Termine auch abends"),
            OfferPlace(place=closed, temporarily_closed=True, closed_reason="Renovierung bis März"),
        ],
        opening_slots=[
            OpeningSlot(weekday=0, opens=datetime.time(9), closes=datetime.time(12), place=place),
            OpeningSlot(weekday=2, opens=datetime.time(14), closes=datetime.time(17), place=place, by_appointment=True),
        ],
        valid_until=TODAY + datetime.timedelta(days=400),
    )


def test_offer_page_shows_the_facts_in_scannable_order(client, offer):
    html = _get(client, offer)
    assert '<html lang="de" dir="ltr">' in html
    order = ["offer-what", "offer-whom", "offer-where", "offer-languages", "offer-cost", "offer-access", "offer-contact"]
    positions = [html.index(f'id="{anchor}"') for anchor in order]
    assert positions == sorted(positions)
    assert "Arbeit &amp; Beruf" in html  # field of action label in German
    assert "Migrationsberatung für erwachsene Zuwanderer" in html


def test_offer_page_opening_hours_by_place_with_appointment_and_closure(client, offer):
    html = _get(client, offer, "en")
    kalk = html[html.index("Beratungszentrum Kalk</h3>"):html.index("Außenstelle Vingst</h3>")]
    assert "Monday" in kalk and "09:00–12:00" in kalk
    assert "Wednesday" in kalk and "14:00–17:00" in kalk and "by appointment" in kalk
    assert "Tuesday" not in kalk
    assert "Termine auch abends" in kalk
    vingst = html[html.index("Außenstelle Vingst</h3>"):]
    assert "Temporarily closed." in vingst and "Renovierung bis März" in vingst


def test_offer_page_accessibility_facts_and_openstreetmap_link(client, offer):
    html = _get(client, offer, "en")
    assert "Lift: yes" in html and "Hearing loop: no" in html and "Step-free access: yes" in html
    assert 'href="https://www.openstreetmap.org/directions?to=50.938000%2C7.004000' in html
    assert "<iframe" not in html
    assert "U-Bahn Kalk Post" in html


def test_offer_page_in_arabic_is_rtl_with_arabic_labels_and_languages(client, offer):
    html = _get(client, offer, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert "استشارة للبالغين" in html  # the Arabic summary
    assert "العمل" in html  # the field-of-action label in Arabic (vocabulary translation)
    assert "التغرينية" in html  # Tigrinya named by Babel in Arabic
    assert "This page is not yet available" not in html
    # The translated page is not wrapped in German; only names without an Arabic text are marked.
    assert '<div lang="de" dir="ltr">' not in html.split("<main", 1)[1]


def test_offer_page_in_arabic_falls_back_to_german_with_a_note(client, portal_site):
    offer = OfferPageFactory(title="Sprachcafé", summary="Deutsch üben bei Kaffee.", description="<p>Jeden Montag.</p>")
    html = _get(client, offer, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert "Deutsch üben bei Kaffee." in html
    main = html.split("<main", 1)[1]
    assert 'lang="de" dir="ltr"' in main  # the German text is marked as German
    assert "note--fallback" in main


def test_delivery_languages_are_named_in_the_readers_language(client, offer):
    assert offer.delivery_language_names("de") == ["Deutsch", "Arabisch", "Tigrinya"]
    html = _get(client, offer, "en")
    languages = html[html.index('id="offer-languages"'):html.index('id="offer-cost"')]
    assert "German" in languages and "Arabic" in languages and "Tigrinya" in languages


def test_offer_json_ld_is_a_schema_org_service(client, offer):
    data = _json_ld(_get(client, offer, "en"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Service"
    assert data["name"] == "Migrationsberatung"
    assert data["provider"]["name"] == "Caritasverband Köln"
    assert data["areaServed"][0]["name"] == "Kalk"
    assert data["areaServed"][0]["containedInPlace"]["containedInPlace"]["name"] == "Köln"
    assert [item["alternateName"] for item in data["availableLanguage"]] == ["de", "ar", "ti"]
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Monday", "opens": "09:00",
            "closes": "12:00"} in data["hoursAvailable"]
    assert data["identifier"] == str(offer.hsds_id)
    # the temporarily closed place is not offered as a channel
    assert [channel["serviceLocation"]["name"] for channel in data["availableChannel"]] == ["Beratungszentrum Kalk"]


def test_json_ld_cannot_break_out_of_its_script_element(client, portal_site):
    offer = OfferPageFactory(title="Test </script><script>alert(1)</script>", summary="a & b <b>")
    html = _get(client, offer)
    assert "</script><script>alert(1)" not in html
    data = _json_ld(html)
    assert data["name"] == "Test </script><script>alert(1)</script>" and data["description"] == "a & b <b>"


@pytest.mark.parametrize(
    ("valid_until", "expected", "absent"),
    [
        (TODAY - datetime.timedelta(days=1), "This offer has ended.", "This offer ends soon."),
        (TODAY + datetime.timedelta(weeks=8), "This offer ends soon.", "This offer has ended."),
    ],
    ids=["ended", "ends-soon"],
)
def test_offer_page_warns_when_ended_or_ending_within_eight_weeks(client, portal_site, valid_until, expected, absent):
    offer = OfferPageFactory(valid_from=TODAY - datetime.timedelta(days=300), valid_until=valid_until)
    html = _get(client, offer, "en")
    assert expected in html and absent not in html


def test_no_warning_when_the_offer_runs_longer_than_eight_weeks(client, portal_site):
    offer = OfferPageFactory(valid_until=TODAY + datetime.timedelta(weeks=8, days=1))
    html = _get(client, offer, "en")
    assert "This offer ends soon." not in html and "This offer has ended." not in html


def test_stale_offer_gets_a_note_and_verified_date_is_shown(client, portal_site):
    fresh = OfferPageFactory(last_verified_at=TODAY - datetime.timedelta(days=10), last_verified_by="Redaktion KIM")
    stale = OfferPageFactory(last_verified_at=TODAY - datetime.timedelta(days=400))
    fresh_html = _get(client, fresh, "en")
    assert "Last verified" in fresh_html and "Redaktion KIM" in fresh_html
    assert f'datetime="{fresh.last_verified_at:%Y-%m-%d}"' in fresh_html
    assert "have not been checked for over a year" not in fresh_html
    assert "have not been checked for over a year" in _get(client, stale, "en")


def test_who_verified_an_offer_reads_in_the_readers_language(client, portal_site):
    offer = OfferPageFactory(last_verified_at=datetime.date(2027, 2, 10), last_verified_by="Redaktion KIM Köln")
    offer.last_verified_by_ar = "فريق تحرير KIM كولونيا"
    offer.save_revision().publish()
    arabic = _get(client, offer, "ar")
    assert re.search(r'<time datetime="2027-02-10">[^<]+</time> من قِبل <bdi>فريق تحرير KIM كولونيا</bdi>', arabic)
    # Not written in Russian: the German team name, marked as German inside the Russian sentence.
    russian = _get(client, offer, "ru")
    assert re.search(r'</time>, проверил\(а\): <bdi lang="de" dir="ltr">Redaktion KIM Köln</bdi>', russian)


def test_demo_content_is_marked(client, portal_site):
    demo = OfferPageFactory()
    demo.is_demo = True
    demo.save_revision().publish()
    assert "Demo content" in _get(client, demo, "en")
    assert "Demo content" not in _get(client, OfferPageFactory(), "en")


def test_offer_page_links_the_directory_stylesheet_with_print_rules(client, offer):
    html = _get(client, offer)
    assert "portal/css/directory.css" in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("portal/css/directory.css"), encoding="utf-8").read()
    assert "@media print" in css
    assert not re.search(r"(margin|padding|border)-(left|right)|\b(left|right)\s*:|float:\s*(left|right)", css)


def test_provider_page_shows_profile_contacts_certificates_members_and_offers(client, portal_site):
    from services_directory.models import ProviderCertificate, ProviderContact

    umbrella = ProviderPageFactory(title="Caritas", kind="umbrella")
    provider = ProviderPageFactory(
        title="Caritas Köln-Kalk", kind="welfare-member", umbrella=umbrella, website="https://caritas.example",
        contacts=[ProviderContact(role="Leitung Migrationsdienst", email="migration@caritas.example")],
        certificates=[ProviderCertificate(name="AZAV", valid_until=datetime.date(2027, 12, 31))],
    )
    OfferPageFactory(parent=provider, title="Jugendmigrationsdienst")
    OfferPageFactory(parent=provider, title="Entwurf", publish=False)
    html = _get(client, provider, "en")
    assert "Leitung Migrationsdienst" in html and "migration@caritas.example" in html
    assert "AZAV" in html
    assert "Jugendmigrationsdienst" in html and "Entwurf" not in html
    from django.utils import translation

    with translation.override("en"):
        # The umbrella's name has no English text: it is marked as German.
        assert f'Member of <a href="{umbrella.get_url()}" lang="de" dir="ltr">Caritas</a>' in html
    umbrella_html = _get(client, umbrella, "en")
    assert "Member organisations" in umbrella_html and "Caritas Köln-Kalk" in umbrella_html


def test_programme_page_lists_its_offers(client, offer):
    html = _get(client, offer.programme, "en")
    assert "Migrationsberatung für erwachsene Zuwanderer" in html and "(MBE)" in html
    assert "Federal government" in html  # the funding level in the reader's language
    offers = html[html.index('id="programme-offers"'):]
    assert "Migrationsberatung" in offers and "Caritasverband Köln" in offers


def test_programme_short_name_is_not_repeated_when_the_title_already_has_it(client, portal_site):
    programme = ProgrammePageFactory(title="Jugendmigrationsdienste (JMD)", short_name="JMD")
    heading = re.search(r'<h1 id="programme-title">(.*?)</h1>', _get(client, programme, "de"), re.S).group(1)
    assert heading.count("JMD") == 1
    listed = _get(client, directory_index(), "de")
    assert listed.count("Jugendmigrationsdienste (JMD)") == 1 and "(JMD) (JMD)" not in listed


def test_directory_index_groups_providers_by_letter_and_programmes_by_level(client, portal_site):
    for title in ["Awo Köln", "Ökumenisches Zentrum", "Diakonie Michaelshoven", "1. FC Integration", "Arbeit & Bildung"]:
        ProviderPageFactory(title=title)
    ProgrammePageFactory(title="Gemeinsam klappt's", funding_level="land")
    ProgrammePageFactory(title="Jugendmigrationsdienste", funding_level="bund")
    html = _get(client, directory_index(), "en")
    letters = re.findall(r'<h3 id="providers-([a-z]+)"', html)
    assert letters == ["a", "d", "o", "other"]
    assert '<a href="#providers-o">O</a>' in html
    a_group = html[html.index('id="providers-a"'):html.index('id="providers-d"')]
    assert a_group.index("Arbeit &amp; Bildung") < a_group.index("Awo Köln")
    levels = re.findall(r'<h3 id="programmes-([a-z-]+)"', html)
    assert levels == ["bund", "land"]
    assert html.index("Jugendmigrationsdienste") < html.index("Gemeinsam klappt")


def test_pages_have_unique_ids_and_no_empty_links(client, offer, tmp_path):
    for page in [offer, offer.provider, offer.programme, directory_index()]:
        for language in ("de", "ar"):
            html = _get(client, page, language)
            (tmp_path / f"{page.pk}-{language}.html").write_text(html)
            ids = re.findall(r'\sid="([^"]+)"', html)
            assert len(ids) == len(set(ids)), [item for item in ids if ids.count(item) > 1]
            assert not re.search(r"<a [^>]*>\s*</a>", html)
            assert html.count("<h1") == 1
            assert "<main" in html and 'aria-label' in html
