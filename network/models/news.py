"""News of the network: KIM's own below the news index, carriers' below their provider page."""

import datetime

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.translated import TranslatedPageMixin
from services_directory.visibility import PublicPageManager

from .common import (
    Filters,
    ProviderOwnedMixin,
    fields_of_action_field,
    paginate,
    provider_field,
    target_groups_field,
)


class NewsIndexPage(RoutablePageMixin, TranslatedPageMixin, Page):
    """All public news, newest first, with filters, pages and an Atom feed per language."""

    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["network.NewsPage"]
    max_count = 1

    translation_check_fields = ("intro",)

    class Meta:
        verbose_name = _("News index")

    def news(self):
        """Every public news item, wherever it lives (here or below a provider)."""
        return NewsPage.objects.for_public().order_by("-date", "-first_published_at", "-pk")

    @path("")
    def listing(self, request):
        filters = Filters(request)
        items = paginate(request, filters.apply(self.news()).select_related("provider"))
        status = 400 if filters.errors else 200
        response = self.render(request, context_overrides={"filters": filters, "items": items, "choices": filters.choices()})
        response.status_code = status
        return response

    @path("atom/", name="atom")
    def atom(self, request):
        from network.feeds import NewsFeed  # noqa: PLC0415  (feeds build on these models)

        return NewsFeed(self)(request)


class NewsPage(ProviderOwnedMixin, TranslatedPageMixin, Page):
    date = models.DateField(_("Date"), default=datetime.date.today)
    summary = models.CharField(_("Summary"), max_length=300, help_text=_("One or two sentences, at most 300 characters."))
    body = RichTextField(_("Text"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ul", "ol", "document-link"])
    provider = provider_field(_("Published by (provider)"), "network_news")
    fields_of_action = fields_of_action_field("network_news_by_field")
    target_groups = target_groups_field("network_news_by_target_group")

    objects = PublicPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("fields_of_action", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Tags"),
        ),
        FieldPanel("provider", permission="carriers.moderate_directory"),
    ]

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["network.NewsIndexPage", "services_directory.ProviderPage"]
    subpage_types = []

    translation_check_fields = ("summary", "body")

    class Meta:
        verbose_name = _("News item")
        verbose_name_plural = _("News")

    def published_at(self):
        """The news date as an aware datetime (noon in the portal's time zone) for feeds."""
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(12)))
