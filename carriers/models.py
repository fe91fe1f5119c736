"""What carrier self-service stores beside Wagtail's own users, groups, revisions and workflows."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


class ProviderEditors(models.Model):
    """Links a provider to the Wagtail group whose members edit it ("Träger: <name>").

    The link, not the group name, is the source of truth: a renamed provider keeps its group.
    """

    provider = models.OneToOneField(
        "services_directory.ProviderPage", verbose_name=_("Provider"), on_delete=models.CASCADE,
        related_name="editor_group_link",
    )
    group = models.OneToOneField(
        Group, verbose_name=_("Group"), on_delete=models.CASCADE, related_name="provider_link"
    )

    class Meta:
        verbose_name = _("Provider editor group")
        verbose_name_plural = _("Provider editor groups")

    def __str__(self):
        return self.group.name


class ProblemReport(index.Indexed, models.Model):
    """A reader's "something is wrong with this listing": no login, no personal data required."""

    offer = models.ForeignKey(
        "services_directory.OfferPage", verbose_name=_("Offer"), null=True, on_delete=models.SET_NULL,
        related_name="problem_reports",
    )
    # Kept beside the offer so the report stays with its carrier when the offer is deleted.
    provider = models.ForeignKey(
        "services_directory.ProviderPage", verbose_name=_("Provider"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="problem_reports",
    )
    offer_title = models.CharField(_("Offer title when reported"), max_length=255, blank=True)
    description = models.TextField(_("What is wrong?"), max_length=3000)
    reply_email = models.EmailField(_("Email for a reply (optional)"), blank=True)
    language = models.CharField(_("Language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("Received"), auto_now_add=True)
    done = models.BooleanField(_("Done"), default=False)
    done_note = models.TextField(_("Internal note"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("done")]),
        FieldPanel("done_note"),
        FieldPanel("description", read_only=True),
        FieldPanel("reply_email", read_only=True),
    ]

    search_fields = [index.SearchField("description"), index.SearchField("offer_title"), index.FilterField("done")]

    class Meta:
        verbose_name = _("Problem report")
        verbose_name_plural = _("Problem reports")
        ordering = ["done", "-created_at"]

    def __str__(self):
        return f"{self.offer_title or _('(offer deleted)')}: {self.description[:60]}"


class ReminderLog(models.Model):
    """One verification reminder sent for one offer: at most one a month per offer."""

    offer = models.ForeignKey(
        "services_directory.OfferPage", on_delete=models.CASCADE, related_name="verification_reminders"
    )
    sent_at = models.DateTimeField(_("Sent at"))
    recipients = models.PositiveSmallIntegerField(_("Recipients"), default=0)

    class Meta:
        verbose_name = _("Verification reminder")
        indexes = [models.Index(fields=["offer", "sent_at"])]

    def __str__(self):
        return f"{self.offer_id} @ {self.sent_at:%Y-%m-%d}"


class TranslationStatus(models.Model):
    """Whether one offer's text in one language is missing, outdated or up to date.

    `source_hash` is the hash of the German text the translation was made from; when the German
    text changes (without the "minor change" tick) the translation becomes outdated.
    """

    MISSING = "missing"
    OUTDATED = "outdated"
    CURRENT = "current"
    STATUS_CHOICES = [(MISSING, _("Missing")), (OUTDATED, _("Outdated")), (CURRENT, _("Up to date"))]

    offer = models.ForeignKey(
        "services_directory.OfferPage", verbose_name=_("Offer"), on_delete=models.CASCADE,
        related_name="translation_statuses",
    )
    language = models.CharField(_("Language"), max_length=10)
    status = models.CharField(_("Status"), max_length=10, choices=STATUS_CHOICES)
    source_hash = models.CharField(max_length=64, blank=True)
    translation_hash = models.CharField(max_length=64, blank=True)
    translated_at = models.DateTimeField(_("Translation saved"), null=True, blank=True)
    source_changed_at = models.DateTimeField(_("German text changed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Translation status")
        verbose_name_plural = _("Translation statuses")
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="one_status_per_offer_language")
        ]
        permissions = [
            ("view_directory_reports", _("Can view directory reports")),
            ("moderate_directory", _("Can moderate every provider")),
        ]

    def __str__(self):
        return f"{self.offer_id}/{self.language}: {self.status}"


def user_display(user):
    """How a user appears in "last verified by": the full name, else the username."""
    return (user.get_full_name() or user.get_username())[:200]

