"""The steering reports in a browser: every report and its printable summary pass axe (WCAG 2.1 AA)
in German and Arabic (right to left), make no third-party request, and are photographed."""

import datetime

import pytest
from django.utils import timezone, translation

from tests.browser.helpers import check_axe, record_requests, save_screenshots

# The live server reads committed data, so these tests commit (and the database is flushed after).
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Lenkungsgruppe-2027"
REPORTS = ("coverage", "languages", "funding", "demand", "freshness", "trend")


@pytest.fixture
def landscape(portal_site):
    """A few offers (one ending soon), a search log and three monthly snapshots."""
    from search.backends.database import DatabaseBackend
    from search.backends.memory import reset
    from search.log import record
    from search.query import SearchQuery
    from steering.dates import add_months, month_start
    from steering.models import Snapshot
    from tests.factories import make_offer, make_place, make_programme, make_provider

    translation.activate("de")
    today = timezone.localdate()
    caritas = make_provider("Caritas Köln")
    kalk, nippes = make_place("Kalk Karree", "kalk-stadtteil"), make_place("Nippes", "nippes-stadtteil")
    esf = make_programme("ESF Plus", funding_level="eu", period_end=today + datetime.timedelta(days=70))
    make_offer(caritas, "Wohnberatung Kalk", fields_of_action=["wohnen"], places=[kalk], languages=["de", "ar"], programme=esf)
    make_offer(caritas, "Sprachcafé Nippes", fields_of_action=["sprache"], places=[nippes], languages=["de", "tr"])
    make_offer(caritas, "Jobcoaching Kalk", fields_of_action=["arbeit"], places=[kalk], languages=["de", "uk"])
    DatabaseBackend().rebuild()
    reset()
    record(SearchQuery(text="wohnung", language="ar", filters={"field_of_action": ("wohnen",)}), 0)
    record(SearchQuery(text="kita", language="uk"), 1)
    for back, live in ((2, 1), (1, 2), (0, 3)):
        Snapshot.objects.create(month=month_start(add_months(today, -back)), figures={"offers_live": live, "cells_empty": 117 - live})
    yield
    reset()


def viewer(language):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.users.models import UserProfile

    from carriers.roles import STEERING, ensure_roles

    ensure_roles()
    user = get_user_model().objects.create_user(username=f"lenkung-{language}", email="lenkung@example.org", password=PASSWORD)
    user.groups.add(Group.objects.get(name=STEERING))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_every_steering_report_is_accessible(live_server, landscape, page, language, direction):
    user = viewer(language)
    requests = record_requests(page)
    page.goto(f"{live_server.url}/admin/login/", wait_until="domcontentloaded")
    page.fill("input[name='username']", user.username)
    page.fill("input[name='password']", PASSWORD)
    page.locator("form button[type='submit']").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")
    for report in REPORTS:
        for suffix in ("", "print/"):
            response = page.goto(f"{live_server.url}/admin/steering/{report}/{suffix}", wait_until="networkidle")
            assert response is not None and response.ok, (report, suffix)
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator("html").get_attribute("dir") == direction
            check_axe(page)
            save_screenshots(page, f"steering-{report}{'-print' if suffix else ''}-{language}")
    # The coverage map links each Stadtbezirk to the public search with its count.
    page.goto(f"{live_server.url}/admin/steering/coverage/", wait_until="networkidle")
    kalk = page.locator("svg.steering-map a[href*='district=kalk']")
    assert kalk.count() == 1 and ": 2" in kalk.get_attribute("aria-label")
    requests.assert_only_local(live_server.url)
