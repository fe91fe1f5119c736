"""Facet counts ({facet: {code: count}}) turned into labelled options in the reader's language.

Options with no result are left out unless selected; Stadtteile appear below their Stadtbezirk;
vocabulary facets keep the vocabulary's order, the others list the most frequent first.
"""

from django.utils import translation
from django.utils.translation import gettext

from search.query import FACETS, FacetOption, SearchQuery


def _term_label(term, language):
    name = getattr(term, f"name_{language}", None) or getattr(term, "name_de", None) or term.name
    return f"{term.short_name} – {name}" if term.short_name else name


def _vocabulary_terms(taxonomy):
    from services_directory.models import Term

    return list(Term.objects.of(taxonomy).select_related("parent").order_by("sort_order", "code"))


def _page_titles(model, codes, language):
    pages = model.objects.filter(hsds_id__in=[code for code in codes if _is_uuid(code)])
    with translation.override(language):
        return {str(page.hsds_id): page.title for page in pages}


def _is_uuid(value):
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _option(code, label, counts, selected):
    return FacetOption(code=code, label=label, count=counts.get(code, 0), selected=code in selected)


def _visible(option):
    return option.count > 0 or option.selected or any(_visible(child) for child in option.children)


def _by_count(options):
    return sorted(options, key=lambda option: (-option.count, option.label.casefold()))


def facet_options(counts: dict[str, dict[str, int]], query: SearchQuery) -> dict[str, list[FacetOption]]:
    """Every facet's visible options with labels in the query's language."""
    from portal.languages import language_name
    from services_directory.models import ProgrammePage, ProviderPage

    language = query.language
    result = {}
    for facet, taxonomy in FACETS.items():
        facet_counts = {str(code): count for code, count in (counts.get(facet) or {}).items()}
        selected = set(query.filters.get(facet, ()))
        codes = set(facet_counts) | selected
        if facet == "district":
            options = _district_options(facet_counts, selected, language)
        elif taxonomy:
            options = [
                _option(term.code, _term_label(term, language), facet_counts, selected)
                for term in _vocabulary_terms(taxonomy)
            ]
        elif facet == "language":
            options = _by_count(
                [_option(code, language_name(code, language), facet_counts, selected) for code in codes]
            )
        elif facet in ("provider", "programme"):
            titles = _page_titles(ProviderPage if facet == "provider" else ProgrammePage, codes, language)
            options = _by_count(
                [_option(code, titles.get(code, code), facet_counts, selected) for code in codes]
            )
        else:  # free
            with translation.override(language):
                labels = {"true": gettext("Free of charge"), "false": gettext("Costs a fee")}
            options = [_option(code, labels[code], facet_counts, selected) for code in ("true", "false")]
        result[facet] = [option for option in options if _visible(option)]
    return result


def _district_options(counts, selected, language):
    from services_directory.models.vocabulary import DISTRICT, LEVEL_STADTBEZIRK

    terms = _vocabulary_terms(DISTRICT)
    options = {}
    for term in terms:
        if term.level == LEVEL_STADTBEZIRK or not term.parent_id:
            options[term.pk] = _option(term.code, _term_label(term, language), counts, selected)
    for term in terms:
        if term.pk not in options and term.parent_id in options:
            child = _option(term.code, _term_label(term, language), counts, selected)
            if _visible(child):
                options[term.parent_id].children.append(child)
    return list(options.values())
