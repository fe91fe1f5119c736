"""Unmet demand from the anonymous search log: what people look for and do not find.

The log (search.models.SearchLogEntry) holds per day only the normalised text, the language,
the filters and how often; nothing here can name a person, and nothing is added to it.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.utils import timezone

from search.models import SearchLogEntry

FEW_RESULTS = 2  # "few": at most this many results
DEFAULT_DAYS = 90


@dataclass
class Demand:
    text: str
    language: str
    searches: int = 0
    results: int = 0  # the fewest results any of these searches got
    fields: set = field(default_factory=set)


def default_period(today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=DEFAULT_DAYS - 1), today


def entries(start, end, language="", field_of_action=""):
    rows = SearchLogEntry.objects.filter(day__gte=start, day__lte=end)
    if language:
        rows = rows.filter(language=language)
    for row in rows.values("text", "language", "filters", "searches", "result_count").iterator():
        fields = (row["filters"] or {}).get("field_of_action") or []
        if field_of_action and field_of_action not in fields:
            continue
        yield row


def unmet(start, end, language="", field_of_action="", few=FEW_RESULTS, limit=50) -> list[Demand]:
    """The most frequent searches with no or few results, most frequent first."""
    found: dict[tuple, Demand] = {}
    for row in entries(start, end, language, field_of_action):
        if row["result_count"] > few or not (row["text"] or row["filters"]):
            continue
        key = (row["text"], row["language"])
        item = found.get(key)
        if item is None:
            item = found[key] = Demand(row["text"], row["language"], results=row["result_count"])
        item.searches += row["searches"]
        item.results = min(item.results, row["result_count"])
        item.fields.update((row["filters"] or {}).get("field_of_action") or [])
    ordered = sorted(found.values(), key=lambda item: (-item.searches, item.results, item.text, item.language))
    return ordered[:limit]


def by_language(start, end, few=FEW_RESULTS, field_of_action="") -> dict[str, dict[str, int]]:
    """{language: {"searches": n, "unmet": n with no or few results}}, most searched first."""
    table: dict[str, dict[str, int]] = {}
    for row in entries(start, end, field_of_action=field_of_action):
        counts = table.setdefault(row["language"], {"searches": 0, "unmet": 0})
        counts["searches"] += row["searches"]
        if row["result_count"] <= few:
            counts["unmet"] += row["searches"]
    return dict(sorted(table.items(), key=lambda item: (-item[1]["searches"], item[0])))


def by_field(start, end, few=FEW_RESULTS, language="") -> dict[str, dict[str, int]]:
    """{field of action: {"searches": n, "unmet": n}} for searches filtered by a field of action."""
    table: dict[str, dict[str, int]] = {}
    for row in entries(start, end, language=language):
        for code in (row["filters"] or {}).get("field_of_action") or []:
            counts = table.setdefault(code, {"searches": 0, "unmet": 0})
            counts["searches"] += row["searches"]
            if row["result_count"] <= few:
                counts["unmet"] += row["searches"]
    return dict(sorted(table.items(), key=lambda item: (-item[1]["searches"], item[0])))


def filter_combinations(start, end, language="", field_of_action="", limit=20) -> list[tuple[dict, int]]:
    """The most used filter combinations (without the search text): [(filters, searches)]."""
    counts: dict[str, int] = {}
    for row in entries(start, end, language, field_of_action):
        if not row["filters"]:
            continue
        key = json.dumps(row["filters"], sort_keys=True)
        counts[key] = counts.get(key, 0) + row["searches"]
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(json.loads(key), searches) for key, searches in ordered]


def search_languages(start, end) -> dict[str, int]:
    """{language: searches} over the period: the languages people search in."""
    return {language: counts["searches"] for language, counts in by_language(start, end).items()}
