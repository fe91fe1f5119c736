"""Report a problem with a listing: no login, honeypot, rate limit; the carrier and moderators get it."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache

from carriers.models import ProblemReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_anonymous_report_reaches_carrier_and_moderators_and_can_be_marked_done(world, client, login):
    url = f"/ar/offers/{world.offer_b.hsds_id}/report/"
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html and 'name="description"' in html
    mail.outbox.clear()

    response = client.post(url, {"description": "Die Telefonnummer stimmt nicht mehr."})

    assert response.status_code == 200
    report = ProblemReport.objects.get(description="Die Telefonnummer stimmt nicht mehr.")
    assert report.offer_id == world.offer_b.pk and report.provider_id == world.provider_b.pk
    assert report.language == "ar" and report.reply_email == "" and not report.done
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"editor_b@example.org", "moderator@example.org"} <= recipients
    assert "editor_a@example.org" not in recipients

    # The carrier's editor marks it done in the admin.
    editor = login(world.users["editor_b"])
    listing = editor.get("/admin/snippets/carriers/problemreport/").content.decode()
    assert "Angebot B" in listing
    done = editor.post(f"/admin/snippets/carriers/problemreport/edit/{report.pk}/", {"done": "on", "done_note": "Korrigiert"})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.done


def test_honeypot_invalid_input_and_unpublished_offers(world, client):
    url = f"/de/offers/{world.offer_b.hsds_id}/report/"
    before = ProblemReport.objects.count()
    assert client.post(url, {"description": "Spam", "website": "http://spam.example"}).status_code == 200
    empty = client.post(url, {"description": ""})
    assert empty.status_code == 400 and 'class="form__error"' in empty.content.decode()
    assert client.post(url, {"description": "x", "reply_email": "kaputt"}).status_code == 400
    assert ProblemReport.objects.count() == before
    assert client.get(f"/de/offers/{world.draft_a.hsds_id}/report/").status_code == 404


def test_rate_limit_per_address_without_storing_it(world, client):
    url = f"/de/offers/{world.offer_b.hsds_id}/report/"
    per_client = int(settings.PORTAL_RATE_LIMITS["problem_report"][0].split("/")[0])
    for number in range(per_client):
        assert client.post(url, {"description": f"Meldung {number}"}, REMOTE_ADDR="198.51.100.7").status_code == 200
    blocked = client.post(url, {"description": "eine zu viel"}, REMOTE_ADDR="198.51.100.7")
    assert blocked.status_code == 429
    assert client.post(url, {"description": "andere Adresse"}, REMOTE_ADDR="198.51.100.8").status_code == 200
    assert ProblemReport.objects.filter(description="eine zu viel").count() == 0
    assert not any("198.51.100" in key for key in getattr(cache, "_cache", {}))


def test_line_break_in_the_offer_title_still_sends_the_report_mail(world, client):
    # Titles may hold line breaks (imports, pasted text); an e-mail header must not.
    world.offer_b.title = world.offer_b.title_de = "Angebot B\nmit Umbruch"
    world.offer_b.save_revision().publish()
    mail.outbox.clear()

    response = client.post(f"/de/offers/{world.offer_b.hsds_id}/report/", {"description": "Adresse falsch"})

    assert response.status_code == 200
    assert ProblemReport.objects.filter(description="Adresse falsch").exists()
    assert mail.outbox, "the report mail was dropped"
    assert all(message.subject == "Neue Problemmeldung: Angebot B mit Umbruch" for message in mail.outbox), [
        message.subject for message in mail.outbox
    ]


def test_report_link_include(world, rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("fa"):
        html = render_to_string("carriers/report_link.html", {"page": world.offer_b})
    assert f'href="/fa/offers/{world.offer_b.hsds_id}/report/"' in html
