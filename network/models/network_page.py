"""The network page: who works with whom, as a diagram and as a table, filterable by field of action."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from portal.translated import TranslatedPageMixin

from .committees import CommitteePage
from .common import Filters


class NetworkPage(TranslatedPageMixin, Page):
    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["network.CommitteePage"]
    max_count = 1

    translation_check_fields = ("intro",)

    class Meta:
        verbose_name = _("Network page")

    def committees(self):
        return CommitteePage.objects.for_public().child_of(self).order_by("title")

    def get_context(self, request, *args, **kwargs):
        from network.graph import build_network, layout  # noqa: PLC0415  (the graph reads these models)

        context = super().get_context(request, *args, **kwargs)
        filters = Filters(request)
        graph = build_network(field_of_action=filters.field_of_action)
        context.update(filters=filters, choices=filters.choices(), graph=graph, diagram=layout(graph), committees=self.committees())
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.GET.get("field_of_action") and Filters(request).errors:
            response.status_code = 400
        return response
