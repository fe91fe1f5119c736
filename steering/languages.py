"""Delivery languages per field of action and per Stadtbezirk (search service counts), next to
the languages people search in (anonymous search log)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from portal.languages import language_name
from search.service import search
from services_directory.models import Term
from steering.coverage import query_for, search_language

MAX_COLUMNS = 12  # languages shown as columns; the rest are summed up as "other languages"
BY_FIELD, BY_DISTRICT = "field", "district"


@dataclass
class LanguageMatrix:
    columns: list  # [(code, name)]
    rows: list  # [(code, label, {language: count}, other)]
    totals: dict  # language -> offers overall


def _language_counts(result) -> dict[str, int]:
    return {option.code: option.count for option in result.facets.get("language", [])}


def matrix(group=BY_FIELD, language=None) -> LanguageMatrix:
    language = search_language(language)
    with translation.override(language):
        if group == BY_DISTRICT:
            terms = [(t.code, t.name) for t in Term.objects.stadtbezirke().order_by("sort_order", "number", "code")]
        else:
            terms = [(t.code, t.name) for t in Term.objects.of("field-of-action").filter(parent=None)]
    facet = "district" if group == BY_DISTRICT else "field_of_action"
    totals = _language_counts(search(query_for({}, language)))
    portal = [code for code, _name in settings.LANGUAGES]
    ranked = sorted(totals, key=lambda code: (-totals[code], code))
    shown = [code for code in portal if code in totals]
    shown += [code for code in ranked if code not in shown][: max(MAX_COLUMNS - len(shown), 0)]
    rows = []
    for code, label in terms:
        counts = _language_counts(search(query_for({}, language, **{facet: code})))
        other = len([lang for lang, count in counts.items() if lang not in shown and count])
        rows.append((code, label, {lang: counts.get(lang, 0) for lang in shown}, other))
    columns = [(code, language_name(code, language)) for code in shown]
    return LanguageMatrix(columns=columns, rows=rows, totals=totals)


def searched_vs_delivered(searched: dict[str, int], delivered: dict[str, int], language=None):
    """[(code, name, searches, offers delivered in it)] for every language people searched in."""
    language = search_language(language)
    return [
        (code, language_name(code, language), searches, delivered.get(code, 0))
        for code, searches in sorted(searched.items(), key=lambda item: (-item[1], item[0]))
    ]
