"""Freshness: "still correct" as a revision, monthly reminders after six months, with a frozen clock."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from wagtail.models import PageLogEntry

from carriers.models import ReminderLog
from services_directory.models import OfferPage
from tests.factories import OfferPageFactory, ProviderPageFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


def _run():
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    return out.getvalue()


def test_reminders_after_six_months_at_most_monthly(world):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.UTC), tick=False):
        OfferPage.objects.filter(pk=world.offer_a.pk).update(last_verified_at=TODAY - datetime.timedelta(days=200))
        never = OfferPageFactory(parent=world.provider_a, title="Nie geprüft", places=[])
        OfferPage.objects.filter(pk=never.pk).update(last_verified_at=None)
        OfferPage.objects.filter(pk=world.offer_b.pk).update(last_verified_at=TODAY - datetime.timedelta(days=20))
        orphan = OfferPageFactory(parent=ProviderPageFactory(title="Ohne Redaktion"), places=[])
        OfferPage.objects.filter(pk=orphan.pk).update(last_verified_at=TODAY - datetime.timedelta(days=400))
        mail.outbox.clear()

        output = _run()

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["editor_a@example.org"]
        assert "Angebot A" in message.body and "Nie geprüft" in message.body
        assert "Angebot B" not in message.body
        assert f"/admin/carriers/offers/{world.offer_a.pk}/verify/" in message.body
        assert "reminded 2 offer(s) in 1 email(s)" in output and "1 without an editor" in output
        assert ReminderLog.objects.count() == 2

        mail.outbox.clear()
        output = _run()  # the same day again: nothing new
        assert mail.outbox == [] and "skipped 2 reminded within the last month" in output

    with time_machine.travel(datetime.datetime(2027, 3, 20, 8, 0, tzinfo=datetime.UTC), tick=False):
        _run()
        assert mail.outbox == []  # still within the month

    with time_machine.travel(datetime.datetime(2027, 4, 2, 8, 0, tzinfo=datetime.UTC), tick=False):
        offer = OfferPage.objects.get(pk=never.pk)
        from carriers.freshness import verify_offer

        verify_offer(offer, world.users["editor_a"])
        output = _run()
        assert len(mail.outbox) == 1
        assert "Angebot A" in mail.outbox[0].body and "Nie geprüft" not in mail.outbox[0].body


def test_still_correct_is_a_revision_and_needs_no_review(world, login):
    with time_machine.travel(datetime.datetime(2027, 5, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        # B's offer is live without pending changes: the confirmation is published at once.
        client = login(world.users["editor_b"])
        revisions_before = world.offer_b.revisions.count()
        page = client.get(f"/admin/carriers/offers/{world.offer_b.pk}/verify/")
        assert page.status_code == 200
        response = client.post(f"/admin/carriers/offers/{world.offer_b.pk}/verify/")
        assert response.status_code == 302
        offer = OfferPage.objects.get(pk=world.offer_b.pk)
        assert offer.last_verified_at == datetime.date(2027, 5, 10)
        assert offer.last_verified_by == "editor_b"
        assert offer.revisions.count() == revisions_before + 1
        assert not offer.has_unpublished_changes
        assert PageLogEntry.objects.filter(page=offer, action="carriers.verify").exists()

        # A's offer has a draft waiting: the draft keeps its text and gets the date; the live page
        # shows the date without publishing the draft.
        client = login(world.users["editor_a"])
        client.post(f"/admin/carriers/offers/{world.offer_a.pk}/verify/")
        offer = OfferPage.objects.get(pk=world.offer_a.pk)
        draft = offer.get_latest_revision_as_object()
        assert offer.last_verified_at == datetime.date(2027, 5, 10)
        assert offer.summary != draft.summary
        assert draft.last_verified_at == datetime.date(2027, 5, 10)
        assert offer.has_unpublished_changes


def test_public_page_warns_after_a_year_without_verification(world, client):
    offer = world.offer_b
    with time_machine.travel(datetime.datetime(2027, 1, 1, 12, tzinfo=datetime.UTC), tick=False):
        OfferPage.objects.filter(pk=offer.pk).update(last_verified_at=datetime.date(2026, 6, 1))
        assert "offer__stale" not in client.get(offer.url).content.decode()
        OfferPage.objects.filter(pk=offer.pk).update(last_verified_at=datetime.date(2025, 12, 1))
        assert "offer__stale" in client.get(offer.url).content.decode()
