"""The BITV 2.0 feedback mechanism: report a barrier without logging in."""

import pytest
from django.core import mail

from portal.models import BarrierReport

pytestmark = pytest.mark.django_db


def test_reader_reports_a_barrier_and_the_contact_gets_an_email(portal_site, client):
    from portal.models import PortalSettings

    settings = PortalSettings.for_site(portal_site)
    settings.barrier_contact_email = "a11y@example.org"
    settings.save()
    response = client.post("/ar/barrier-report/", {"page_url": "/ar/", "description": "Kontrast zu schwach"})
    assert response.status_code == 200
    report = BarrierReport.objects.get()
    assert report.language == "ar" and report.reply_email == ""
    assert mail.outbox[0].to == ["a11y@example.org"]


def test_empty_description_is_a_form_error_not_a_save(portal_site, client):
    response = client.post("/de/barrier-report/", {"page_url": "/de/", "description": ""})
    assert response.status_code == 400
    assert 'class="form__error"' in response.content.decode()
    assert not BarrierReport.objects.exists()


def test_bad_email_is_a_form_error(portal_site, client):
    response = client.post("/de/barrier-report/", {"description": "x", "reply_email": "not-an-address"})
    assert response.status_code == 400
    assert not BarrierReport.objects.exists()


def test_bots_filling_the_honeypot_are_not_stored(portal_site, client):
    response = client.post("/de/barrier-report/", {"description": "spam", "website": "http://spam.example"})
    assert response.status_code == 200
    assert not BarrierReport.objects.exists()
