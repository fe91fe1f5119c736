"""The privacy-friendly search log: what was searched and how often, nothing about who.

Searches are counted per (day, normalised text, language, filters, zero results) in one row
each (`SearchLogEntry`), so the table grows with distinct searches, not with traffic. Writing
the log never breaks a search: a failed write is logged as a warning and the search answers.
"""

import calendar
import hashlib
import json
import logging
import re
from contextlib import nullcontext

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from portal.page_cache import served_from_cache
from search.models import SearchLogEntry
from search.query import SearchQuery
from search.text import normalise_query

logger = logging.getLogger("kim.search")

_BOTS = re.compile(r"bot|crawl|spider|slurp|preview|monitor|curl|wget|python-requests|headless", re.I)
# What someone may type that points at a person: e-mail addresses and phone-like digit runs.
_EMAIL = re.compile(r"\S+@\S+")
_LONG_NUMBER = re.compile(r"\d[\d ]{5,}\d")
# Header search.js sends when the back button restores an earlier state: not a new search.
HISTORY_HEADER = "X-Search-History"


def should_log(request, query: SearchQuery) -> bool:
    """Only first pages of real searches by people: no HEAD, no bots, no paging, no back button."""
    if request.method != "GET" or query.page != 1:
        return False
    if request.headers.get(HISTORY_HEADER):
        return False
    return not _BOTS.search(request.headers.get("User-Agent", ""))


def loggable_text(text: str) -> str:
    """The normalised search text without e-mail addresses or phone numbers."""
    text = _LONG_NUMBER.sub(" ", _EMAIL.sub(" ", text or ""))
    return normalise_query(text)[:200]


def _filters(query: SearchQuery) -> dict:
    filters = {facet: sorted(codes) for facet, codes in sorted(query.filters.items()) if codes}
    if query.age is not None:
        filters["age"] = query.age
    if query.residence_status:
        filters["residence_status"] = sorted(query.residence_status)
    return filters


def entry_key(day, text: str, language: str, filters: dict, zero_results: bool) -> str:
    identity = [day.isoformat(), text, language, filters, bool(zero_results)]
    return hashlib.sha256(json.dumps(identity, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def log_search(request, query: SearchQuery, result_count: int) -> None:
    if not should_log(request, query):
        return
    try:
        record(query, result_count)
    except DatabaseError as error:  # a busy database loses one count, never the search
        logger.warning("Search log not written: %s", error)


def remember_search(response, query: SearchQuery, result_count: int):
    """Keep what was logged with the response, so the page cache (portal/page_cache.py), which
    stores the response, can count the search again each time it answers with it."""
    response.search_log = (query, result_count)
    return response


@receiver(served_from_cache)
def count_cached_search(sender, request, response, **kwargs):
    """A search page or API answer came from the page cache: count the search all the same."""
    logged = getattr(response, "search_log", None)
    if logged is not None:
        log_search(request, *logged)


def record(query: SearchQuery, result_count: int, day=None) -> None:
    """Count one search: add one to its row of the day, creating the row when it is the first."""
    day = day or timezone.localdate()
    text, filters = loggable_text(query.text), _filters(query)
    key = entry_key(day, text, query.language, filters, result_count == 0)
    counted = dict(searches=F("searches") + 1, result_count=result_count)
    # A search already counted today costs one UPDATE. Inside a transaction (tests, or a
    # caller's atomic block) a savepoint keeps a failed write from spoiling the caller's work.
    guard = transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext()
    with guard:
        if SearchLogEntry.objects.filter(key=key).update(**counted):
            return
        if _day_is_full(day):
            logger.warning("Search log: %s already holds %s distinct searches; not counted", day, _max_rows())
            return
        try:
            with transaction.atomic():
                SearchLogEntry.objects.create(
                    key=key, day=day, text=text, language=query.language, filters=filters,
                    zero_results=result_count == 0, searches=1, result_count=result_count,
                )
        except IntegrityError:  # another request created the row a moment ago
            SearchLogEntry.objects.filter(key=key).update(**counted)


def _max_rows() -> int:
    return getattr(settings, "SEARCH_LOG_MAX_ROWS_PER_DAY", 50_000)


def _day_is_full(day) -> bool:
    """A cap on distinct searches per day, so a flood of random texts cannot fill the disk."""
    return SearchLogEntry.objects.filter(day=day).count() >= _max_rows()


def retention_cutoff(today=None, months=None):
    """The first day still kept: `SEARCH_LOG_RETENTION_MONTHS` (default 18) before today."""
    today = today or timezone.localdate()
    months = getattr(settings, "SEARCH_LOG_RETENTION_MONTHS", 18) if months is None else months
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return today.replace(year=year, month=month, day=min(today.day, calendar.monthrange(year, month)[1]))


def prune(today=None, months=None) -> int:
    """Delete the days before the retention cutoff; the number of rows deleted."""
    deleted, _per_model = SearchLogEntry.objects.filter(day__lt=retention_cutoff(today, months)).delete()
    return deleted
