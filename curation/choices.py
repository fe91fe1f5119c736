"""What an editor chooses from when setting a collection's criteria: every code with its label
in the admin's language, so nobody types a code. Used by the page form and the offer list block."""

from functools import partial

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.languages import language_name
from search import service
from search.documents import FREE_FALSE, FREE_TRUE
from search.query import FACETS, SearchQuery
from search.views import FACET_LEGENDS, SORT_LABELS
from services_directory.models import OfferLanguage, ProgrammePage, ProviderPage, Term
from services_directory.models.vocabulary import DISTRICT, RESIDENCE_STATUS

from .criteria import NEWEST

SORT_CHOICES = [*SORT_LABELS.items(), (NEWEST, _("Newest first"))]
# Facets with many options get a multiple select instead of checkboxes.
LONG_FACETS = ("district", "language", "provider", "programme")


def facet_legend(facet):
    return FACET_LEGENDS.get(facet, facet.replace("_", " ").capitalize())


def _terms(taxonomy):
    terms = Term.objects.of(taxonomy).select_related("parent").order_by("sort_order", "code")
    if taxonomy != DISTRICT:
        return [(term.code, term.label) for term in terms]
    # Stadtbezirke, each followed by its Stadtteile.
    terms = list(terms)
    choices = []
    for bezirk in (term for term in terms if term.parent_id is None):
        choices.append((bezirk.code, bezirk.name))
        choices += [(teil.code, f"– {teil.name}") for teil in terms if teil.parent_id == bezirk.pk]
    return choices


def facet_choices(facet):
    """[(code, label)] for one search facet, labelled in the active language."""
    language = get_language() or "de"
    taxonomy = FACETS.get(facet)
    if taxonomy:
        return _terms(taxonomy)
    if facet == "language":
        codes = set(OfferLanguage.objects.values_list("code", flat=True).distinct())
        return sorted(((code, language_name(code, language)) for code in codes), key=lambda item: item[1].casefold())
    if facet == "provider":
        return [(str(hsds_id), title) for hsds_id, title in ProviderPage.objects.order_by("title").values_list("hsds_id", "title")]
    if facet == "programme":
        return [(str(hsds_id), title) for hsds_id, title in ProgrammePage.objects.order_by("title").values_list("hsds_id", "title")]
    if facet == "free":
        return [(FREE_TRUE, _("Free of charge")), (FREE_FALSE, _("Not free of charge"))]
    # A facet added to the search later: its options as the search names them.
    options = service.search(SearchQuery(language=language, page_size=1)).facets.get(facet, [])
    return [(option.code, option.label) for option in options]


def facet_choice_function(facet):
    """A callable for one facet (the offer list block takes callable choices)."""
    return partial(facet_choices, facet)


def residence_choices():
    return [(term.code, term.label) for term in Term.objects.of(RESIDENCE_STATUS).order_by("sort_order", "code")]


def stadtteil_choices():
    return [("", "–")] + sorted(
        ((term.code, term.name) for term in Term.objects.stadtteile()), key=lambda item: item[1].casefold()
    )


def exposed_facet_choices():
    return [(facet, facet_legend(facet)) for facet in FACETS]
