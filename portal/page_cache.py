"""The full-page cache: anonymous GETs of public pages answered from the shared `pages` cache.

Built on Django's two-part cache middleware (`UpdateCacheMiddleware` / `FetchFromCacheMiddleware`),
which keys a page by its full URL (query string included), the active language and every request
header the response varies on, and never stores a response that is private, sets a cookie while
varying on Cookie (a form's CSRF cookie) or is not a 200. On top of that:

- **Invalidation at once, in every worker**: each key starts with the content generation, a token
  in the shared default cache. Any committed content write (publish, unpublish, move, delete, a
  vocabulary label, a place, a setting; bulk writes announce themselves with `offers_changed`)
  replaces the token (`bump()`), so no worker serves a page of the old generation again. The old
  entries expire on their own. A page being rendered while content changes is stored under the
  generation it started with, which is already stale, so it is never served.
- **Who is never served a cached page**: requests with a session or message cookie (editors,
  a visitor with a referral list, a pending message) and paths outside the public site
  (`PAGE_CACHE_EXCLUDE`: admin, health, documents behind permissions).
- **Browsers** revalidate every time (`Cache-Control: max-age=0, must-revalidate` with an ETag from
  `ConditionalGetMiddleware`), so a reader never keeps a page older than the server's.

`served_from_cache` lets an app act on hits (the search page counts its searches in the log).
This module imports no app: apps connect their own senders and receivers.
"""

import secrets
import threading

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.dispatch import Signal
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

GENERATION_KEY = "kim:page-cache-generation"
CACHE_ALIAS = "pages"
HIT_ATTRIBUTE = "page_cache_hit"  # set on the request: True (hit), False (miss, stored or not)

served_from_cache = Signal()  # sender: the middleware class; request, response

_current = threading.local()  # the key prefix of the request this thread serves


def generation() -> str:
    """The current content generation (created on first use, or after the cache lost it)."""
    cache = caches["default"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        value = cache.get(GENERATION_KEY)
    return value


def new_generation() -> None:
    """Every cached page is stale from now on (content changed, or new code started)."""
    caches["default"].set(GENERATION_KEY, secrets.token_hex(8), None)


def request_generation(request) -> str:
    """The generation this request is served under (read once per request); cached fragments
    (portal/fragments.py) carry it in their keys, so one rule makes pages and fragments stale."""
    if not hasattr(request, "content_generation"):
        request.content_generation = generation()
    return request.content_generation


def bump(**_signal_kwargs) -> None:
    """Make every cached page and fragment stale, once the current transaction commits (and once
    per transaction, however many objects it writes). Usable as a signal receiver."""
    if not (enabled() or getattr(settings, "FRAGMENT_CACHE_SECONDS", 0) > 0):
        return
    connection = transaction.get_connection()
    pending = getattr(connection, "kim_page_cache_bump", None)
    # Already waiting for this transaction's commit? A rollback drops the waiting callback.
    if pending is not None and any(entry[1] is pending for entry in connection.run_on_commit):
        return

    def replace():
        connection.kim_page_cache_bump = None
        new_generation()

    connection.kim_page_cache_bump = replace
    transaction.on_commit(replace)


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _may_use_cache(request) -> bool:
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    if any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages")):
        return False
    return not request.path_info.startswith(tuple(settings.PAGE_CACHE_EXCLUDE))


def _for_browsers(response):
    """The stored copy carries Django's max-age and Expires for the server cache; browsers and
    proxies must ask again every time (they get 304 while the page is unchanged)."""
    for header in ("Expires", "Age"):
        if header in response:
            del response[header]
    response["Cache-Control"] = "max-age=0, must-revalidate"
    return response


class _GenerationPrefix:
    """Django's cache middleware reads `key_prefix` when it builds or learns a key: here it is the
    generation this thread's request started with (middleware instances are shared by threads)."""

    cache_alias = CACHE_ALIAS

    @property
    def key_prefix(self):
        return getattr(_current, "prefix", "")

    @key_prefix.setter
    def key_prefix(self, value):
        pass  # Django's __init__ assigns CACHE_MIDDLEWARE_KEY_PREFIX; ours comes per request


class UpdatePageCacheMiddleware(_GenerationPrefix, UpdateCacheMiddleware):
    """First in MIDDLEWARE: stores what the view answered (after GZip and ETag were added)."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.cache_timeout = settings.PAGE_CACHE_SECONDS

    def process_response(self, request, response):
        if not getattr(request, "_cache_update_cache", False):
            return response
        _current.prefix = request.page_cache_prefix
        # What the request log names this page (a page type is known only when it is rendered).
        response.log_route = getattr(request, "log_route", None)
        try:
            response = super().process_response(request, response)
        finally:
            _current.prefix = ""
        # Django added max-age/Expires only when it judged the response cacheable.
        if "Expires" in response:
            _for_browsers(response)
        return response


class FetchPageCacheMiddleware(_GenerationPrefix, FetchFromCacheMiddleware):
    """Near the end of MIDDLEWARE (after the language is known): answers a hit."""

    def process_request(self, request):
        request.page_cache_hit = False
        if not _may_use_cache(request):
            request._cache_update_cache = False
            return None
        request.page_cache_prefix = _current.prefix = f"kim-page:{request_generation(request)}"
        try:
            response = super().process_request(request)
        finally:
            _current.prefix = ""
        if response is None:
            return None
        request.page_cache_hit = True
        served_from_cache.send(sender=type(self), request=request, response=response)
        return _for_browsers(response)
