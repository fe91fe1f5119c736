"""The search service: picks the backend, falls back to the database when Elasticsearch fails.

Everything that searches (HTML page, JSON API, reports) calls `search(query)` and never a
backend directly, so an unreachable Elasticsearch degrades to the embedded search instead of
an error page.
"""

import dataclasses
import logging
import os
import threading
import time

from django.conf import settings

from portal.languages import portal_language_codes
from search import maintenance, places
from search.backends.base import SearchBackend
from search.backends.database import DatabaseBackend
from search.backends.memory import languages_for
from search.backends.sql import SqlBackend
from search.query import SearchQuery, SearchResult

logger = logging.getLogger("kim.search")


def database_backend() -> SearchBackend:
    """The embedded engine: SEARCH_ENGINE "sql" (the database answers, search.backends.sql) or
    "memory" (an in-process index compiled from the database, search.backends.database)."""
    if getattr(settings, "SEARCH_ENGINE", "sql") == "memory":
        return DatabaseBackend()
    return SqlBackend()


_elasticsearch: dict[tuple, SearchBackend] = {}
_elasticsearch_lock = threading.Lock()


def elasticsearch_backend() -> SearchBackend:
    """One Elasticsearch backend, and so one client with its connection pool, per process and
    configuration (the client is thread-safe). Keyed by process id too: a client made before a
    fork must not be shared by the forked workers."""
    key = (os.getpid(), settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX)
    backend = _elasticsearch.get(key)
    if backend is None:
        from search.backends.elasticsearch import ElasticsearchBackend  # noqa: PLC0415  (the Elasticsearch client loads only where a cluster is configured)

        with _elasticsearch_lock:
            backend = _elasticsearch.get(key)
            if backend is None:
                _elasticsearch.clear()
                backend = _elasticsearch[key] = ElasticsearchBackend()
    return backend


def reset_backend() -> None:
    """Forget the cached Elasticsearch backend (tests that change its settings)."""
    _elasticsearch.clear()


def get_backend(name: str | None = None) -> SearchBackend:
    """The configured backend: `elasticsearch` when ELASTICSEARCH_URL is set, else `database`."""
    name = name or ("elasticsearch" if getattr(settings, "ELASTICSEARCH_URL", None) else "database")
    if name == "elasticsearch":
        return elasticsearch_backend()
    if name == "database":
        return database_backend()
    raise ValueError(f"unknown search backend {name!r}")


def index_backends() -> list[SearchBackend]:
    """Every backend that must follow content changes. The database index is always kept, so
    the fallback answers with current content when Elasticsearch fails."""
    backends = [database_backend()]
    if getattr(settings, "ELASTICSEARCH_URL", None):
        try:
            backends.append(get_backend("elasticsearch"))
        except Exception:  # noqa: BLE001 - a broken ES must not stop publishing
            logger.warning("Elasticsearch backend unavailable; only the database index is updated", exc_info=True)
    return backends


def prepare(query: SearchQuery) -> SearchQuery:
    """The query as the backends answer it: the city's name in any script ("كولن", "Кёльн")
    narrows nothing (every offer is in Cologne), so it leaves the text."""
    text, dropped = places.split_city(query.text)
    if not dropped:
        return query
    return dataclasses.replace(query, text=text, sort="name" if not text and query.sort == "relevance" else query.sort)


def search(query: SearchQuery) -> SearchResult:
    """Elasticsearch answers when configured and current; the database index (written in the
    same transaction as every change) answers when Elasticsearch fails or still has pending
    updates, so an offer unpublished a moment ago, or while the cluster was away, is never found."""
    query = prepare(query)
    backend_name = "elasticsearch" if getattr(settings, "ELASTICSEARCH_URL", None) else "database"
    if backend_name == "elasticsearch" and not maintenance.has_pending("elasticsearch"):
        try:
            return get_backend("elasticsearch").search(query)
        except Exception as error:  # noqa: BLE001 - any ES failure: answer from the database
            logger.warning("Elasticsearch search failed (%s); answering from the database backend", error)
    return database_backend().search(query)


def nearest_words(word: str, language: str, limit: int = 5) -> list[str]:
    """Real words of the embedded index nearest to a folded word, in the reader's language and
    German, most frequent first (the embedded engine keeps the index whichever engine answers)."""
    return database_backend().nearest_words(word, languages_for(language), limit=limit)


_warm = threading.Event()
WARM_UP_TEXT = "Beratung"


def warm() -> float:
    """Make every configured backend ready to answer before a process takes traffic (gunicorn's
    `post_fork`, portal/wsgi.py). Backends without a `warm()` (engines that live in the database
    or a server) need nothing. Returns the seconds it took; `is_warm()` is true afterwards."""
    started = time.perf_counter()
    for backend in index_backends():
        hook = getattr(backend, "warm", None)
        if callable(hook):
            hook()
    # One search per language loads what any engine keeps per process on first use (vocabulary
    # labels, stemmers, query caches), so the first reader's search costs what the next one's does.
    for language in portal_language_codes():
        search(SearchQuery(text=WARM_UP_TEXT, language=language))
    _warm.set()
    return time.perf_counter() - started


def is_warm() -> bool:
    """Whether this process has warmed its search backends (/readyz)."""
    return _warm.is_set()
