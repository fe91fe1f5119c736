"""Facet options from raw counts: labels in the reader's language, order, the district tree.

Shared by both backends: they count, this names and orders. Options with no results are left
out unless selected (a selected option with 0 stays, so it can be removed again).
"""

from django.utils.translation import gettext, override

from portal.languages import language_name
from search.documents import FREE_FALSE, FREE_TRUE, term_labels
from search.query import FACETS, FacetOption, SearchQuery
from services_directory.models import Term

_term_cache: dict = {}


def vocabulary(cache_key=None) -> dict[str, list]:
    """taxonomy code -> terms in vocabulary order (with parents), cached per index version."""
    if cache_key is not None and _term_cache.get("key") == cache_key:
        return _term_cache["terms"]

    terms: dict[str, list] = {}
    for term in Term.objects.select_related("taxonomy", "parent").order_by("taxonomy__sort_order", "sort_order", "code"):
        terms.setdefault(term.taxonomy.code, []).append(term)
    if cache_key is not None:
        _term_cache.update(key=cache_key, terms=terms)
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

        def visible(item: FacetOption):
            return item.count > 0 or item.selected or any(visible(child) for child in item.children)

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
        result[facet] = [item for item in options if visible(item)]
    return result
