"""The privacy-friendly search log: what was searched and how many results, nothing about who."""

import re

from search.models import SearchLogEntry
from search.query import SearchQuery
from search.text import normalise_query

_BOTS = re.compile(r"bot|crawl|spider|slurp|preview|monitor|curl|wget|python-requests|headless", re.I)


def should_log(request, query: SearchQuery) -> bool:
    """Only first pages of real searches by people: no HEAD, no bots, no paging."""
    if request.method != "GET" or query.page != 1:
        return False
    return not _BOTS.search(request.headers.get("User-Agent", ""))


def log_search(request, query: SearchQuery, result_count: int) -> None:
    if not should_log(request, query):
        return
    filters = {facet: list(codes) for facet, codes in query.filters.items() if codes}
    if query.age is not None:
        filters["age"] = query.age
    if query.residence_status:
        filters["residence_status"] = list(query.residence_status)
    SearchLogEntry.objects.create(
        text=normalise_query(query.text), language=query.language, filters=filters, result_count=result_count
    )
