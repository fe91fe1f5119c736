"""Committees of the network (Lenkungsgruppe, Arbeitskreise, LIGA, Runder Tisch ...): who sits in
them, how often they meet, and their documents, some of them for members only."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from carriers.ownership import may_see_members_only
from portal.translated import TranslatedPageMixin
from services_directory.visibility import PublicPageManager

from .common import fields_of_action_field


class CommitteePage(TranslatedPageMixin, Page):
    KIND_CHOICES = [
        ("steering", _("Steering group")),
        ("working-group", _("Working group")),
        ("association", _("Association of carriers")),
        ("council", _("Council or round table")),
        ("flanking", _("Flanking structure")),
        ("coordination", _("Coordination")),
    ]

    kind = models.CharField(_("Kind"), max_length=30, choices=KIND_CHOICES, default="working-group")
    summary = models.CharField(_("Summary"), max_length=300, blank=True)
    purpose = RichTextField(_("Purpose"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    meeting_rhythm = models.CharField(_("Meeting rhythm"), max_length=200, blank=True, help_text=_("For example: every two months, Tuesday afternoon."))
    contact_function = models.CharField(
        _("Contact (function)"), max_length=200, blank=True,
        help_text=_("A function, never a private person, e.g. 'Geschäftsstelle im Kommunalen Integrationszentrum'."),
    )
    contact_email = models.EmailField(_("Office email"), blank=True)
    contact_phone = models.CharField(_("Office phone"), max_length=40, blank=True)
    fields_of_action = fields_of_action_field("network_committees_by_field")
    invited_users = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("Invited users"), blank=True, related_name="network_committees",
        help_text=_("Accounts that may read the members-only documents without editing for a member provider."),
    )
    is_demo = models.BooleanField(_("Demo content"), default=False, editable=False)

    objects = PublicPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("purpose"),
        FieldPanel("fields_of_action", widget=forms.CheckboxSelectMultiple),
        FieldPanel("meeting_rhythm"),
        MultiFieldPanel(
            [FieldPanel("contact_function"), FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")])],
            heading=_("Contact"),
        ),
        InlinePanel("members", label=_("Members")),
        InlinePanel("documents", label=_("Documents and minutes")),
        FieldPanel("invited_users", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("purpose")]

    parent_page_types = ["network.NetworkPage"]
    subpage_types = []

    translation_check_fields = ("summary", "purpose")

    class Meta:
        verbose_name = _("Committee")
        verbose_name_plural = _("Committees")

    def member_provider_ids(self):
        """The providers whose editors are members (carriers.ownership asks this)."""
        return {member.provider_id for member in self.members.all() if member.provider_id}

    def invited_user_ids(self):
        return set(self.invited_users.values_list("pk", flat=True))

    def next_meetings(self, now=None):
        from .events import EventPage  # noqa: PLC0415  (events name committees: a real cycle between modules)

        return EventPage.upcoming(EventPage.objects.for_public().filter(committee=self), now)[:3]

    def public_documents(self):
        return [item for item in self.documents.all() if not item.members_only and item.document_id]

    def members_documents(self):
        return [item for item in self.documents.all() if item.members_only and item.document_id]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["is_member"] = may_see_members_only(request.user, self)
        context["next_meetings"] = self.next_meetings(timezone.now())
        return context


class CommitteeMember(Orderable):
    """A member organisation: one of our providers, or a public body the directory does not list.
    Its contact is a function, never a private person's data."""

    ROLE_CHOICES = [
        ("chair", _("Chair")),
        ("deputy", _("Deputy chair")),
        ("office", _("Office (Geschäftsführung)")),
        ("member", _("Member")),
        ("advisory", _("Advisory member")),
        ("guest", _("Permanent guest")),
    ]

    committee = ParentalKey(CommitteePage, on_delete=models.CASCADE, related_name="members")
    provider = models.ForeignKey(
        "services_directory.ProviderPage", verbose_name=_("Provider"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="network_memberships",
    )
    body_name = models.CharField(_("Public body or organisation"), max_length=200, blank=True, help_text=_("Only when it is not a provider in the directory."))
    role = models.CharField(_("Role"), max_length=20, choices=ROLE_CHOICES, default="member")
    contact_function = models.CharField(_("Contact (function)"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("provider"), FieldPanel("body_name")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("contact_function")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Member")
        ordering = ["sort_order", "pk"]

    def clean(self):
        super().clean()
        if bool(self.provider_id) == bool(self.body_name.strip()):
            raise ValidationError(_("Choose a provider or name a public body, not both."))

    @property
    def name(self):
        return self.provider.title if self.provider_id else self.body_name


class CommitteeDocument(Orderable):
    """A document of the committee; minutes are always for members only."""

    KIND_CHOICES = [("document", _("Document")), ("agenda", _("Agenda")), ("minutes", _("Minutes"))]

    committee = ParentalKey(CommitteePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("Document"), on_delete=models.CASCADE, related_name="network_committee_links",
    )
    title = models.CharField(_("Title"), max_length=200, blank=True, help_text=_("Leave empty to use the document's title."))
    kind = models.CharField(_("Kind"), max_length=20, choices=KIND_CHOICES, default="document")
    date = models.DateField(_("Date"), null=True, blank=True)
    members_only = models.BooleanField(_("Members only"), default=False)

    panels = [
        FieldPanel("document"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date"), FieldPanel("members_only")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Document")
        ordering = ["sort_order", "pk"]

    def save(self, *args, **kwargs):
        if self.kind == "minutes":
            self.members_only = True
        super().save(*args, **kwargs)

    def display_title(self):
        return self.title or self.document.title
