"""Freshness of the listings: "still correct" verification and reminders for unverified offers.

Decision: confirming that an offer is still correct changes no content a reader relies on, so it
needs no review. On a live page without pending changes it is published at once as a new
revision (logged as "carriers.verify" beside Wagtail's own "publish"); a pending draft keeps
waiting for review, gets the date in a new draft revision, and the live page's date is updated
in place so the public page and the reminders see the verification immediately.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log

from carriers.models import ProviderEditors, ReminderLog, user_display
from portal.languages import portal_language_codes
from services_directory.models import OfferPage, ProviderPage

REMIND_AFTER = datetime.timedelta(days=182)  # about six months
REMIND_AT_MOST_EVERY = datetime.timedelta(days=30)


@transaction.atomic
def verify_offer(offer, user, today=None):
    """Record that `user` confirmed the offer is still correct; return the new revision."""
    today = today or timezone.localdate()
    # A person's name reads the same in every language: no reader sees it as German fallback.
    by = {f"last_verified_by_{code}": user_display(user) for code in portal_language_codes()}
    if offer.live and not offer.has_unpublished_changes:
        offer.last_verified_at = today
        _set(offer, by)
        revision = offer.save_revision(user=user, log_action=False, clean=False)
        revision.publish(user=user, skip_permission_checks=True)
    else:
        draft = offer.get_latest_revision_as_object()
        draft.last_verified_at = today
        _set(draft, by)
        revision = draft.save_revision(user=user, log_action=False, clean=False)
        if offer.live:
            OfferPage.objects.filter(pk=offer.pk).update(last_verified_at=today, **by)
    log(instance=offer, action="carriers.verify", user=user, revision=revision)
    return revision


def _set(offer, values):
    for name, value in values.items():
        setattr(offer, name, value)


def due_for_verification(queryset, today=None):
    """Offers not verified for six months (or never)."""
    today = today or timezone.localdate()
    return queryset.filter(Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=today - REMIND_AFTER))


def editors_of(provider_id):
    return get_user_model().objects.filter(
        is_active=True, groups__provider_link__provider_id=provider_id
    ).exclude(email="").distinct()


def send_reminders(now=None, stdout=None, base_url=None):
    """Email each provider's editors about its offers due for verification. Returns counts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    base_url = (base_url or getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")
    counts = {"reminded": 0, "emails": 0, "recently_reminded": 0, "no_editor": 0}
    recent = ReminderLog.objects.filter(sent_at__gte=now - REMIND_AT_MOST_EVERY).values("offer_id")
    due = due_for_verification(OfferPage.objects.live(), today)
    skipped_recent = due.filter(pk__in=recent).count()
    counts["recently_reminded"] = skipped_recent
    due = due.exclude(pk__in=recent).order_by("path")
    by_provider = {}
    providers_with_editors = set(ProviderEditors.objects.values_list("provider_id", flat=True))
    for provider in ProviderPage.objects.filter(pk__in=providers_with_editors):
        offers = list(due.descendant_of(provider))
        if offers:
            by_provider[provider] = offers
    counts["no_editor"] = due.count() - sum(len(offers) for offers in by_provider.values())
    for provider, offers in by_provider.items():
        recipients = list(editors_of(provider.pk))
        if not recipients:
            counts["no_editor"] += len(offers)
            continue
        items = [
            {
                "offer": offer,
                "edit_url": base_url + reverse("wagtailadmin_pages:edit", args=[offer.pk]),
                "verify_url": base_url + reverse("carriers_admin:verify_offer", args=[offer.pk]),
            }
            for offer in offers
        ]
        with translation.override("de"):
            subject = render_to_string("carriers/email/reminder_subject.txt", {"provider": provider}).strip()
            body = render_to_string("carriers/email/reminder.txt", {"provider": provider, "items": items})
        with transaction.atomic():
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email for user in recipients])
            ReminderLog.objects.bulk_create(
                [ReminderLog(offer=offer, sent_at=now, recipients=len(recipients)) for offer in offers]
            )
        counts["reminded"] += len(offers)
        counts["emails"] += 1
        if stdout is not None:
            stdout.write(f"{provider.title}: {len(offers)} offer(s), {len(recipients)} recipient(s)")
    return counts
