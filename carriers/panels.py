"""Dashboard panels: my offers, waiting for review, due for verification, ending soon, translations outdated.

Each lists the offers the user may see: a carrier editor its own providers', a moderator all.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from carriers.admin_views import offers_visible_to
from carriers.freshness import due_for_verification
from carriers.models import TranslationStatus
from carriers.roles import is_moderator, provider_ids_for_user
from services_directory.models import OfferPage
from services_directory.models.offers import ENDING_SOON

LIMIT = 10


def _scoped_offers(user):
    if is_moderator(user):
        return OfferPage.objects.all()
    if provider_ids_for_user(user):
        return offers_visible_to(user)
    return None


class OfferListPanel(Component):
    template_name = "carriers/admin/offer_panel.html"
    name = ""
    heading = ""
    empty_text = ""
    order = 400

    def __init__(self, offers):
        self.offers = offers

    def queryset(self, offers):
        raise NotImplementedError

    def note(self, offer):
        return ""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        queryset = self.queryset(self.offers)
        total = queryset.count()
        items = [(offer, self.note(offer)) for offer in queryset[:LIMIT]]
        context.update(
            {"panel_id": self.name, "heading": self.heading, "items": items, "total": total,
             "more": max(total - LIMIT, 0), "empty_text": self.empty_text}
        )
        return context


class MyOffersPanel(OfferListPanel):
    name = "carriers-my-offers"
    heading = _("My offers")
    empty_text = _("Your providers have no offers yet.")
    order = 90

    def queryset(self, offers):
        return offers.order_by("title")

    def note(self, offer):
        if offer.has_unpublished_changes:
            return _("draft changes")
        return _("live") if offer.live else _("not published")


class WaitingForReviewPanel(OfferListPanel):
    name = "carriers-waiting-for-review"
    heading = _("Waiting for review")
    empty_text = _("Nothing is waiting for review.")
    order = 95

    def queryset(self, offers):
        in_review = WorkflowState.objects.active().values("object_id")
        return offers.filter(pk__in=[int(pk) for pk in in_review.values_list("object_id", flat=True)]).order_by(
            "title"
        )


class DueForVerificationPanel(OfferListPanel):
    name = "carriers-due-for-verification"
    heading = _("Due for verification")
    empty_text = _("All offers were confirmed within the last six months.")
    order = 96

    def queryset(self, offers):
        return due_for_verification(offers.live()).order_by("last_verified_at", "title")

    def note(self, offer):
        if offer.last_verified_at:
            return _("last confirmed %(date)s") % {"date": offer.last_verified_at.isoformat()}
        return _("never confirmed")


class EndingSoonPanel(OfferListPanel):
    name = "carriers-ending-soon"
    heading = _("Ending soon")
    empty_text = _("No offer ends in the next eight weeks.")
    order = 97

    def queryset(self, offers):
        today = timezone.localdate()
        return offers.live().filter(valid_until__gte=today, valid_until__lte=today + ENDING_SOON).order_by(
            "valid_until"
        )

    def note(self, offer):
        return _("until %(date)s") % {"date": offer.valid_until.isoformat()}


class TranslationsOutdatedPanel(OfferListPanel):
    name = "carriers-translations-outdated"
    heading = _("Translations outdated")
    empty_text = _("No translation is outdated.")
    order = 98

    def queryset(self, offers):
        outdated = TranslationStatus.objects.filter(status=TranslationStatus.OUTDATED).values("offer_id")
        return offers.filter(pk__in=outdated).order_by("title")

    def note(self, offer):
        languages = offer.translation_statuses.filter(status=TranslationStatus.OUTDATED).values_list(
            "language", flat=True
        )
        return ", ".join(sorted(languages))


def panels_for(user):
    offers = _scoped_offers(user)
    if offers is None:
        return []
    panels = [WaitingForReviewPanel, DueForVerificationPanel, EndingSoonPanel, TranslationsOutdatedPanel]
    if not is_moderator(user):
        panels.insert(0, MyOffersPanel)
    return [panel(offers) for panel in panels]
