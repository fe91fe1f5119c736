"""One JSON line per request on the `kim.requests` logger, for operators' dashboards.

A line says which kind of page was asked for (the URL pattern's name, or the page type for
Wagtail pages: `page:services_directory.offerpage`), the status, the time taken, the bytes sent
and whether the page cache answered (`hit`, `miss`: rendered and stored, `pass`: not cacheable).
It holds no client address, no path and no query text (what was searched is counted, without
who, by the search log).
"""

import json
import logging
import os
import time
from datetime import UTC, datetime

from django.urls import Resolver404, resolve
from wagtail import hooks

logger = logging.getLogger("kim.requests")
ROUTE_ATTRIBUTE = "log_route"  # on the request; the page cache stores it with the page


@hooks.register("before_serve_page")
def remember_page_type(page, request, serve_args, serve_kwargs):
    setattr(request, ROUTE_ATTRIBUTE, f"page:{page.specific_class._meta.label_lower}")


def _route(request, response) -> str:
    route = getattr(request, ROUTE_ATTRIBUTE, None) or getattr(response, ROUTE_ATTRIBUTE, None)
    if route:
        return route
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "unresolved"
    return match.view_name or match.route


def _cache(request) -> str:
    hit = getattr(request, "page_cache_hit", None)
    if hit:
        return "hit"
    if getattr(request, "_cache_update_cache", False):
        return "miss"
    return "pass"


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            entry = {
                "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "method": request.method,
                "route": _route(request, response),
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "bytes": None if response.streaming else len(response.content),
                "cache": _cache(request),
                "pid": os.getpid(),
            }
            logger.info(json.dumps(entry, separators=(",", ":")))
        return response
