"""Directory pages: the index, providers (Träger) with their offers below them, programmes."""

import uuid

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.translated import TranslatedPageMixin
from services_directory.directory import programmes_by_funding_level, providers_by_letter
from services_directory.visibility import PublicPageManager

from .vocabulary import FUNDING_LEVEL

# Wagtail's admin index of a directory page: its title, and the beginning of its title in every
# language for the admin's page search and choosers (they autocomplete on titles; the stock field
# takes only the language active when the page was indexed, so after the Arabic feed German editors
# no longer found offers). Summaries and descriptions stay out: nothing reads them there (the
# public search has its own index, `search`), and their ten languages were the admin index's
# whole cost, about 2 ms per page an HSDS import writes on PostgreSQL.
ADMIN_SEARCH_FIELDS = Page.search_fields + [
    index.AutocompleteField(f"title_{code}") for code, _name in settings.LANGUAGES
]


def _offer_pages():
    """The OfferPage model, looked up by name: offers.py imports this module (an offer knows its provider)."""
    return apps.get_model("services_directory", "OfferPage")


class DirectoryIndexPage(TranslatedPageMixin, Page):
    """The directory's entry: providers A–Z and programmes by funding level."""

    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["services_directory.ProviderPage", "services_directory.ProgrammePage"]
    max_count = 1

    translation_check_fields = ("intro",)

    class Meta:
        verbose_name = _("Directory index")

    def providers(self):
        return ProviderPage.objects.for_public().child_of(self).order_by("title")

    def programmes(self):
        return ProgrammePage.objects.live().public().child_of(self).select_related("funding_level")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["providers_by_letter"] = providers_by_letter(self.providers())
        context["programmes_by_level"] = programmes_by_funding_level(self.programmes())
        return context


class ProviderPage(TranslatedPageMixin, Page):
    """A carrier (Träger) or public body. Its offers are its children, so Wagtail's page
    permissions can give a carrier's editors exactly their own subtree."""

    KIND_CHOICES = [
        ("umbrella", _("Umbrella welfare association")),
        ("welfare-member", _("Member of a welfare association")),
        ("public-authority", _("Public authority")),
        ("association", _("Association or migrant organisation")),
        ("education", _("Education provider")),
        ("religious", _("Religious community")),
        ("company", _("Company or social enterprise")),
        ("other", _("Other")),
    ]

    short_description = models.TextField(_("Short description"), max_length=600, blank=True)
    kind = models.CharField(_("Kind"), max_length=30, choices=KIND_CHOICES, default="association")
    umbrella = models.ForeignKey(
        "self", verbose_name=_("Umbrella association"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("Email"), blank=True)
    phone = models.CharField(_("Phone"), max_length=40, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    is_trusted = models.BooleanField(
        _("Trusted carrier"), default=False,
        help_text=_("Editors of a trusted carrier may publish without review."),
    )
    is_demo = models.BooleanField(_("Demo content"), default=False, editable=False)
    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)

    objects = PublicPageManager()  # adds .for_public(): what the public may see

    content_panels = Page.content_panels + [
        FieldPanel("short_description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("umbrella")]),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")], heading=_("Contact")
        ),
        FieldPanel("logo"),
        InlinePanel("contacts", label=_("Contact roles")),
        InlinePanel("certificates", label=_("Quality certificates")),
    ]
    # Who may grant or revoke trust is a permission of this model; roles decide who holds it.
    settings_panels = Page.settings_panels + [FieldPanel("is_trusted", permission="services_directory.grant_trust")]

    search_fields = ADMIN_SEARCH_FIELDS

    parent_page_types = ["services_directory.DirectoryIndexPage"]
    subpage_types = ["services_directory.OfferPage"]

    translation_check_fields = ("short_description",)

    class Meta:
        verbose_name = _("Provider (Träger)")
        verbose_name_plural = _("Providers (Träger)")
        permissions = [("grant_trust", _("Can mark a provider as trusted"))]

    def offers(self):
        offers = _offer_pages()
        return offers.objects.for_public().descendant_of(self).order_by("title").prefetch_related(*offers.card_lookups())

    def member_providers(self):
        return ProviderPage.objects.for_public().filter(umbrella=self).order_by("title")

    def clean(self):
        super().clean()
        if self.umbrella_id and self.umbrella_id == self.pk:
            raise ValidationError({"umbrella": _("A provider cannot be its own umbrella association.")})


class ProviderContact(Orderable):
    """A contact role: a function and an office address, never a private person's data."""

    provider = ParentalKey(ProviderPage, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("Function"), max_length=200)
    email = models.EmailField(_("Office email"), blank=True)
    phone = models.CharField(_("Office phone"), max_length=40, blank=True)
    address = models.CharField(_("Office address"), max_length=300, blank=True)

    panels = [FieldPanel("role"), FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]), FieldPanel("address")]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]  # pk breaks ties: the same order on every database


class ProviderCertificate(Orderable):
    provider = ParentalKey(ProviderPage, on_delete=models.CASCADE, related_name="certificates")
    name = models.CharField(_("Certificate"), max_length=200)
    valid_until = models.DateField(_("Valid until"), null=True, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("valid_until")])]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]


class ProgrammePage(TranslatedPageMixin, Page):
    """A funding programme, e.g. Migrationsberatung für erwachsene Zuwanderer (MBE)."""

    short_name = models.CharField(_("Abbreviation"), max_length=30, blank=True)
    funding_level = models.ForeignKey(
        "services_directory.Term", verbose_name=_("Funding level"), on_delete=models.PROTECT,
        related_name="programmes", limit_choices_to={"taxonomy__code": FUNDING_LEVEL},
    )
    funder = models.CharField(_("Funder"), max_length=300, blank=True)
    period_start = models.DateField(_("Funding period from"), null=True, blank=True)
    period_end = models.DateField(_("Funding period until"), null=True, blank=True)
    description = RichTextField(_("Description"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    link = models.URLField(_("Link"), blank=True)
    is_demo = models.BooleanField(_("Demo content"), default=False, editable=False)
    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("funding_level")]),
        FieldPanel("funder"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Funding period")),
        FieldPanel("description"),
        FieldPanel("link"),
    ]

    search_fields = ADMIN_SEARCH_FIELDS

    parent_page_types = ["services_directory.DirectoryIndexPage"]
    subpage_types = []

    translation_check_fields = ("description",)

    class Meta:
        verbose_name = _("Programme")
        verbose_name_plural = _("Programmes")

    def offers(self):
        return _offer_pages().objects.for_public().filter(programme=self).order_by("title")

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The funding period cannot end before it starts.")})


