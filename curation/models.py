"""Collection pages: a saved search as a page, with exposed filters, pagination and a feed."""

from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.translated import TranslatedPageMixin
from search.query import FACETS
from services_directory.models import OfferPage
from services_directory.visibility import PublicPageManager

from . import criteria as criteria_rules
from .feeds import CollectionFeed
from .forms import EXPOSED, CollectionPageForm, criteria_field_names
from .panels import CollectionCountPanel, CriterionPanel
from .views import collection_context

FEED_SIZE = 50
TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ul", "ol"]


class CollectionPage(TranslatedPageMixin, RoutablePageMixin, Page):
    """A page whose offers are a saved search: it stays right as offers come and go."""

    intro = RichTextField(
        _("Introduction"), blank=True, features=TEXT_FEATURES,
        help_text=_("Who this page is for and what it lists."),
    )
    personal_help = RichTextField(
        _("Where to get personal help"), blank=True, features=TEXT_FEATURES,
        help_text=_("Shown below the offers, e.g. how to reach KIM case management."),
    )
    criteria = models.JSONField(_("Criteria"), default=dict, blank=True, editable=False)
    exposed_facets = models.JSONField(_("Filters readers may use"), default=list, blank=True, editable=False)
    landing_term = models.ForeignKey(
        "services_directory.Term", verbose_name=_("Landing page for"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="landing_pages",
        limit_choices_to=models.Q(taxonomy__code="target-group") | models.Q(taxonomy__code="district", level="stadtbezirk"),
        help_text=_("Offer pages link this target group or Stadtbezirk to this page."),
    )

    objects = PublicPageManager()  # .for_public(): what the public may see

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [*(CriterionPanel(name) for name in criteria_field_names()), CollectionCountPanel()],
            heading=_("Which offers"),
        ),
        FieldPanel(EXPOSED),
        FieldPanel("personal_help"),
        FieldPanel("landing_term"),
    ]
    base_form_class = CollectionPageForm

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("personal_help")]

    subpage_types = []

    translation_check_fields = ("intro",)
    page_size = 20  # offers per page of the collection

    class Meta:
        verbose_name = _("Collection page")
        verbose_name_plural = _("Collection pages")

    # -- queries -------------------------------------------------------------------------------

    def get_criteria(self) -> criteria_rules.Criteria:
        return criteria_rules.Criteria.from_data(self.criteria)

    def exposed(self):
        return [facet for facet in self.exposed_facets or () if facet in FACETS]

    def refinements(self, params) -> dict[str, tuple[str, ...]]:
        """The reader's choices in the exposed filters (other parameters are ignored)."""
        found = {}
        for facet in self.exposed():
            codes = []
            for raw in params.getlist(facet):
                codes += [code.strip() for code in raw.split(",") if code.strip() and code.strip() not in codes]
            if codes:
                found[facet] = tuple(codes)
        return found

    def results(self, language, refine=None, page=1):
        return criteria_rules.run(self.get_criteria(), language, refine, page=page, page_size=self.page_size)

    def count(self, language="de"):
        return criteria_rules.count(self.get_criteria(), language)

    def feed_offers(self, language):
        """The newest changes first: public offers of the collection by last publication."""
        _first, hits = criteria_rules.all_hits(self.get_criteria(), language)
        return list(
            OfferPage.objects.for_public().filter(pk__in=[hit.offer_id for hit in hits]).order_by("-last_published_at", "-pk")[:FEED_SIZE]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(collection_context(self, request))
        return context

    # -- routes --------------------------------------------------------------------------------

    @path("")
    def collection(self, request):
        context = self.get_context(request)
        return TemplateResponse(request, self.get_template(request), context, status=400 if context.get("error") else 200)

    @path("feed/", name="feed")
    def feed(self, request):
        return CollectionFeed()(request, page=self)
