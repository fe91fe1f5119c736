"""Bounded cost for the HSDS listings: answers cached in the shared cache, and few builds at once.

A listing of every organization with its services is megabytes of JSON and seconds of work. The
first request for a URL builds it (at most `HSDS_CONCURRENT_BUILDS` builds run at once across all
worker processes; others get a JSON 503 with Retry-After instead of tying up a worker), and the
answer is kept until the directory changes (a save or delete in the content apps) or
`HSDS_CACHE_SECONDS` pass. So ten clients pulling the largest listing cost one build, and
`/healthz` and the pages stay fast.
"""

import functools
import hashlib
import logging
import time
import uuid
import zlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from open_data.importing.batch import current as deferred_batch

logger = logging.getLogger("kim.open_data")
GENERATION_KEY = "hsds:generation"
WATCHED_APPS = {"services_directory", "wagtailcore", "open_data"}
WAIT_FOR_SLOT = 1.0  # seconds a request waits for a build slot before it is told to come back
RETRY_AFTER = 5


def cache_seconds():
    return getattr(settings, "HSDS_CACHE_SECONDS", 300)


def concurrent_builds():
    return getattr(settings, "HSDS_CONCURRENT_BUILDS", 2)


def content_changed(sender, **kwargs):
    """A save or delete in the content apps: every cached listing is out of date (during an
    import batch: once, when the batch commits)."""
    if sender._meta.app_label in WATCHED_APPS and sender._meta.model_name != "importlock":
        batch = deferred_batch()
        if batch is not None:
            batch.listings_changed = True
            return
        changed()


def changed():
    """Every cached listing is out of date."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001 - the page fingerprint in the key still changes
        logger.warning("HSDS listing cache unavailable", exc_info=True)


def connect():
    post_save.connect(content_changed, dispatch_uid="open_data.listing_cache.saved")
    post_delete.connect(content_changed, dispatch_uid="open_data.listing_cache.deleted")


def _version():
    """The generation the signals keep, and a fingerprint of the pages (changes made elsewhere)."""
    pages = Page.objects.aggregate(
        live=Count("id", filter=Q(live=True)), published=Max("last_published_at"), revised=Max("latest_revision_created_at")
    )
    generation = cache.get(GENERATION_KEY) or ""
    return hashlib.sha256(f"{generation}|{pages}".encode()).hexdigest()[:24]


def _key(request, language):
    query = "&".join(f"{key}={value}" for key, value in sorted(request.GET.lists()))  # POST: body merged in
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
    return f"hsds:listing:{_version()}:{language}:{digest}"


def _slot():
    """The cache key of a free build slot, or None when all are taken (for WAIT_FOR_SLOT)."""
    deadline = time.monotonic() + WAIT_FOR_SLOT
    while True:
        for number in range(concurrent_builds()):
            key = f"hsds:build-slot:{number}"
            if cache.add(key, 1, timeout=120):
                return key
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.1)


def busy():
    response = JsonResponse(
        {"error": _("The server is busy building large listings. Please try again in a few seconds.")},
        status=503, json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(RETRY_AFTER)
    response["Access-Control-Allow-Origin"] = "*"
    # Shedding load is expected under a burst, not a server error: a warning, not Django's ERROR log.
    logger.warning("HSDS listing refused with 503: %s build(s) already running", concurrent_builds())
    response._has_been_logged = True  # read by django.utils.log.log_response
    return response


def cached_listing(handler):
    """For list endpoints `handler(request, language)`: serve from the cache, build within the limit."""

    @functools.wraps(handler)
    def view(request, language, *args, **kwargs):
        if cache_seconds() <= 0 or request.GET.get("format") == "ndjson":  # a stream is built as it goes
            return handler(request, language, *args, **kwargs)
        try:
            key = _key(request, language)
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - without the cache the listing is still served, only dearer
            logger.warning("HSDS listing cache unavailable", exc_info=True)
            return handler(request, language, *args, **kwargs)
        if stored is None:
            slot = _slot()
            if slot is None:
                stored = cache.get(key)  # built by another request meanwhile?
                if stored is None:
                    return busy()
            else:
                try:
                    response = handler(request, language, *args, **kwargs)
                finally:
                    cache.delete(slot)
                if response.status_code != 200:
                    return response
                stored = (zlib.compress(response.content, 1), dict(response.items()))  # JSON shrinks ~10×
                cache.set(key, stored, cache_seconds())
        content, headers = stored
        response = HttpResponse(zlib.decompress(content), content_type=headers.get("Content-Type", "application/json"))
        for name in ("Access-Control-Allow-Origin", "Content-Language", "X-Fallback-Language"):
            if name in headers:
                response[name] = headers[name]
        return response

    return view
