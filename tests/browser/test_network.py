"""The network's pages in German and Arabic: WCAG 2.1 AA (axe), only local requests, right to
left, screenshots at phone and desktop width; the diagram's nodes are links a keyboard reaches."""

import datetime

import pytest
from django.utils import timezone, translation
from wagtail.models import Page

from network.models import CommitteeDocument, CommitteeMember, NetworkPage
from tests.browser.helpers import check_axe, record_requests, save_screenshots
from tests.factories import (
    CommitteePageFactory,
    EventPageFactory,
    NewsPageFactory,
    OfferPageFactory,
    ProgrammePageFactory,
    ProviderPageFactory,
    make_document,
)

# The live server reads committed data; the flush afterwards is repaired by portal_site.
pytestmark = pytest.mark.django_db(transaction=True)


def _path(page, language):
    with translation.override(language):
        return Page.objects.get(pk=page.pk).specific.get_url()


@pytest.fixture
def network_pages(portal_site):
    caritas = ProviderPageFactory(title="Caritasverband für die Stadt Köln e. V.")
    diakonie = ProviderPageFactory(title="Diakonie Köln und Region")
    mbe = ProgrammePageFactory(title="Migrationsberatung für erwachsene Zuwanderer (MBE)", title_ar="استشارة الهجرة للبالغين")
    for provider in (caritas, diakonie):
        OfferPageFactory(parent=provider, programme=mbe, fields_of_action=["beratung"])
    committee = CommitteePageFactory(
        title="Arbeitskreis JMD/MBE", title_ar="فريق عمل خدمات الهجرة",
        summary="Abstimmung der Migrationsdienste.", summary_ar="تنسيق خدمات الهجرة.",
        fields_of_action=["beratung"],
        members=[
            CommitteeMember(provider=caritas, role="chair", contact_function="MBE-Team"),
            CommitteeMember(provider=diakonie, role="member", contact_function="MBE-Team"),
            CommitteeMember(body_name="Jobcenter Köln", role="guest", contact_function="Team Migration"),
        ],
        documents=[
            CommitteeDocument(document=make_document("Geschaeftsordnung"), kind="document"),
            CommitteeDocument(document=make_document("Protokoll"), kind="minutes"),
        ],
    )
    start = timezone.localtime().replace(hour=17, minute=30, second=0, microsecond=0) + datetime.timedelta(days=5)
    event = EventPageFactory(
        title="Infoabend Ausbildung", title_ar="أمسية معلومات عن التدريب المهني",
        summary="Betriebe stellen Berufe vor.", summary_ar="تعرض الشركات المهن.",
        start=start, languages=["de", "ar", "uk"], fields_of_action=["ausbildung"], target_groups=["jugendliche"],
        registration_url="https://anmeldung.example/", capacity=30,
    )
    EventPageFactory(title="Sitzung des Arbeitskreises", committee=committee, start=start + datetime.timedelta(days=14))
    news = NewsPageFactory(
        parent=caritas, title="Beratung jetzt auch samstags", title_ar="الاستشارة الآن أيضاً يوم السبت",
        summary="Offene Sprechstunde jeden ersten Samstag.", body="<p>Im Beratungszentrum Ehrenfeld.</p>",
        fields_of_action=["beratung"],
    )
    NewsPageFactory(title="Nur auf Deutsch", summary="Diese Meldung ist noch nicht übersetzt.")
    return {
        "network": NetworkPage.objects.get(), "committee": committee, "news-index": Page.objects.get(slug_de="aktuelles"),
        "news": news, "event-index": Page.objects.get(slug_de="termine"), "event": event,
    }


@pytest.mark.parametrize("language", ["de", "ar"])
def test_network_pages_are_accessible_local_and_mirror(live_server, network_pages, page, language):
    requests = record_requests(page)
    for name, target in network_pages.items():
        url = live_server.url + _path(target, language)
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, f"{url} answered {response and response.status}"
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        check_axe(page)
        save_screenshots(page, f"network-{name}-{language}")
        # On a phone nothing pushes the page sideways (the diagram scrolls inside its own box).
        page.set_viewport_size({"width": 375, "height": 812})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, f"{name} scrolls sideways at 375 px"
        page.set_viewport_size({"width": 1280, "height": 800})
    requests.assert_only_local(live_server.url)


def test_diagram_nodes_are_keyboard_links_to_their_pages(live_server, network_pages, page):
    page.goto(live_server.url + _path(network_pages["network"], "de"), wait_until="networkidle")
    node = page.locator(".network-diagram__svg a", has_text="Arbeitskreis JMD/MBE")
    node.focus()
    assert page.evaluate("() => document.activeElement.textContent.includes('Arbeitskreis JMD/MBE')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(_path(network_pages["committee"], "de"))


def test_network_filter_works_without_javascript(live_server, network_pages, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + _path(network_pages["network"], "de"))
    page.select_option("#filter-field", "ausbildung")
    page.click(".network-filters button[type=submit]")
    assert "field_of_action=ausbildung" in page.url
    assert page.locator(".network-diagram__svg").count() == 0  # nobody in this field has links
    context.close()
