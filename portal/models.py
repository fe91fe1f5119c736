"""Editorial pages of the portal (home, content pages) and its site-wide settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BodyBlock
from portal.home import field_of_action_tiles
from portal.translated import TranslatedPageMixin


class HomePage(TranslatedPageMixin, Page):
    intro = RichTextField(
        verbose_name=_("Introduction"), blank=True, features=["bold", "italic", "link"]
    )
    search_prompt = models.CharField(
        verbose_name=_("Search box label"), max_length=200, blank=True
    )
    body = StreamField(BodyBlock(), verbose_name=_("Body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("search_prompt"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    translation_check_fields = ("intro",)

    class Meta:
        verbose_name = _("Home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tiles"] = field_of_action_tiles  # called by the template only when its fragment is not cached
        return context


class ContentPage(TranslatedPageMixin, Page):
    intro = models.TextField(verbose_name=_("Introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("Body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    translation_check_fields = ("body",)

    class Meta:
        verbose_name = _("Content page")


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Pages the header and footer always link to (legally required or BITV 2.0 §4)."""

    # Loaded with the settings: every page's header and footer link them.
    select_related = ["imprint_page", "privacy_page", "accessibility_page", "easy_language_page", "sign_language_page"]

    imprint_page = models.ForeignKey(
        Page, verbose_name=_("Imprint (Impressum)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    privacy_page = models.ForeignKey(
        Page, verbose_name=_("Privacy policy (Datenschutzerklärung)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    accessibility_page = models.ForeignKey(
        Page, verbose_name=_("Accessibility statement"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    easy_language_page = models.ForeignKey(
        Page, verbose_name=_("Easy language (Leichte Sprache)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    sign_language_page = models.ForeignKey(
        Page, verbose_name=_("Sign language (Gebärdensprache)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    barrier_contact_email = models.EmailField(
        verbose_name=_("Address that receives barrier reports"), blank=True
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("imprint_page"), FieldPanel("privacy_page"), FieldPanel("accessibility_page")],
            heading=_("Legal pages"),
        ),
        MultiFieldPanel(
            [FieldPanel("easy_language_page"), FieldPanel("sign_language_page")],
            heading=_("Accessible language"),
        ),
        FieldPanel("barrier_contact_email"),
    ]

    class Meta:
        verbose_name = _("Portal settings")


class BarrierReport(models.Model):
    """A report of an accessibility barrier, as the BITV 2.0 feedback mechanism requires.

    Stores no personal data unless the reporter chooses to leave an address for a reply.
    """

    page_url = models.CharField(_("Page"), max_length=500, blank=True)
    description = models.TextField(_("What is the barrier?"), max_length=5000)
    reply_email = models.EmailField(_("Email for a reply (optional)"), blank=True)
    language = models.CharField(_("Language"), max_length=10)
    created_at = models.DateTimeField(_("Received"), auto_now_add=True)
    done = models.BooleanField(_("Done"), default=False)

    class Meta:
        verbose_name = _("Barrier report")
        verbose_name_plural = _("Barrier reports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.page_url or '-'}"
