"""Facet options from raw counts: labels in the reader's language, order, the district tree.

Shared by both backends: they count, this names and orders. A backend's counts hold every code
the index has for a facet, 0 where none of the current results has it: such an option stays
visible (greyed, count 0: "no Romanian-speaking offer here", not "I missed it"); codes the index
does not hold at all are left out unless selected (a selected option stays, so it can be removed).
"""

import datetime

from babel.dates import format_date
from django.utils import timezone
from django.utils.translation import gettext, override

from portal.languages import language_name
from search.documents import FREE_FALSE, FREE_FOR_ALL, FREE_TRUE, ROLLING_START, term_labels
from search.query import FACETS, FacetOption, SearchQuery
from services_directory.models import OfferPage, Term
from services_directory.models.offers import CEFR_LEVELS
from services_directory.models.vocabulary import BENEFIT

_term_cache: dict = {}  # cache key -> terms; the latest few (index versions, content generations)
TERM_CACHE_KEYS = 4


def vocabulary(cache_key=None) -> dict[str, list]:
    """taxonomy code -> terms in vocabulary order (with parents), cached per `cache_key` (an
    index version, or the page cache's content generation: both change with a label)."""
    if cache_key is not None and cache_key in _term_cache:
        return _term_cache[cache_key]

    terms: dict[str, list] = {}
    for term in Term.objects.select_related("taxonomy", "parent").order_by("taxonomy__sort_order", "sort_order", "code"):
        terms.setdefault(term.taxonomy.code, []).append(term)
    if cache_key is not None:
        while len(_term_cache) >= TERM_CACHE_KEYS:
            _term_cache.pop(next(iter(_term_cache)))
        _term_cache[cache_key] = terms
    return terms


def _label(term, language):
    labels = getattr(term, "_search_labels", None)
    if labels is None:  # terms are cached per index version (vocabulary()), so are their labels
        labels = term._search_labels = term_labels(term)
    return labels.get(language) or labels.get("de") or term.code


def build_options(
    query: SearchQuery, counts: dict[str, dict[str, int]], names: dict[tuple[str, str], str], cache_key=None
) -> dict[str, list[FacetOption]]:
    language = query.language
    terms = vocabulary(cache_key)
    result: dict[str, list[FacetOption]] = {}
    for facet, taxonomy in FACETS.items():
        facet_counts = counts.get(facet, {})
        selected = set(query.filters.get(facet, ()))

        def option(code, label, facet_counts=facet_counts, selected=selected):
            return FacetOption(code=code, label=label, count=facet_counts.get(code, 0), selected=code in selected)

        def visible(item: FacetOption, facet_counts=facet_counts):
            return (
                item.count > 0 or item.selected or item.code in facet_counts
                or any(visible(child) for child in item.children)
            )

        options: list[FacetOption] = []
        if facet == "district":
            for bezirk in [t for t in terms.get(taxonomy, []) if t.parent_id is None]:
                item = option(bezirk.code, _label(bezirk, language))
                item.children = [
                    option(teil.code, _label(teil, language))
                    for teil in terms.get(taxonomy, [])
                    if teil.parent_id == bezirk.pk
                ]
                item.children = [child for child in item.children if visible(child)]
                options.append(item)
        elif taxonomy:
            options = [option(term.code, _label(term, language)) for term in terms.get(taxonomy, [])]
        elif facet == "language":
            codes = set(facet_counts) | selected
            options = [option(code, language_name(code, language)) for code in codes]
            options.sort(key=lambda item: (-item.count, item.label.casefold()))
        elif facet in ("provider", "programme"):
            codes = set(facet_counts) | selected
            options = [option(code, names.get((facet, code), code)) for code in codes]
            options.sort(key=lambda item: item.label.casefold())
        elif facet == "free":
            with override(language):
                options = [
                    option(FREE_TRUE, gettext("Free of charge")),
                    option(FREE_FALSE, gettext("Not free of charge")),
                ]
        elif facet == "translated":
            # One option, the reader's own language; pointless in German (every offer has German).
            with override(language):
                options = [] if language == "de" else [option(language, gettext("Available in my language"))]
        elif facet in REFERRAL_FACETS:
            with override(language):
                options = _referral_options(facet, facet_counts, selected, option, terms, language)
        result[facet] = [item for item in options if visible(item)]
    return result


REFERRAL_FACETS = ("free_for", "childcare", "part_time", "course_level", "start", "capacity")


def _referral_options(facet, facet_counts, selected, option, terms, language):
    """Options of the facets a referral depends on (search.documents.referral_facets)."""
    if facet == "free_for":
        benefits = [
            option(term.code, gettext("Free with %(benefit)s") % {"benefit": _label(term, language)})
            for term in terms.get(BENEFIT, [])
        ]
        return [option(FREE_FOR_ALL, gettext("Free for everyone")), *benefits]
    if facet == "childcare":
        return [option(FREE_TRUE, gettext("Childcare during the offer"))]
    if facet == "part_time":
        return [option(FREE_TRUE, gettext("Part-time possible"))]
    if facet == "course_level":
        return [option(level, level) for level in CEFR_LEVELS]
    if facet == "capacity":
        return [option(code, str(label)) for code, label in OfferPage.CAPACITY_CHOICES]
    # start: any time, then the months still ahead (an index built last month may hold past ones)
    this_month = timezone.localdate().strftime("%Y-%m")
    months = sorted(code for code in set(facet_counts) | selected if code != ROLLING_START and (code >= this_month or code in selected))
    return [option(ROLLING_START, gettext("Start at any time"))] + [
        option(code, gettext("Starts in %(month)s") % {"month": month_label(code, language)}) for code in months
    ]


def month_label(code: str, language: str) -> str:
    """ "2027-02" as "February 2027" in the reader's language (Babel)."""
    try:
        first = datetime.date.fromisoformat(f"{code}-01")
    except ValueError:
        return code
    return format_date(first, "LLLL y", locale=language)
