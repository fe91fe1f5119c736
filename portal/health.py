"""Health and readiness for load balancers, container healthchecks and monitoring.

`/healthz` answers whether this process can serve: the database (503 when it does not answer), the
shared caches and the search backends, as JSON. `/readyz` answers whether the process has warmed
its search backends (gunicorn's `post_fork`, portal/wsgi.py), so a balancer sends it no visitor
who would wait for an index. Neither is cached, and neither says anything about visitors.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from search import service
from search.maintenance import pending_summary

logger = logging.getLogger("kim.health")


def _timed(check):
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # noqa: BLE001 - a failed check is reported, never raised
        logger.warning("Health check %s failed: %s", check.__name__, error)
        return {"status": "down", "error": error.__class__.__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1), **(result or {})}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _cache(alias):
    def check():
        cache = caches[alias]
        cache.set("kim:healthz", 1, 30)
        if cache.get("kim:healthz") != 1:
            raise RuntimeError("value written was not read back")
        return {"backend": settings.CACHES[alias]["BACKEND"].rsplit(".", 1)[-1]}

    check.__name__ = f"cache {alias}"
    return check


def _search():
    index = pending_summary()
    index["status"] = "stale" if index["pending"] else "ok"
    return {"backend": service.get_backend().name, "warm": service.is_warm(), "index": index}


@never_cache
def healthz(request):
    """200 while the database answers (`degraded` when a cache or the index needs attention),
    503 when it does not."""
    checks = {"database": _timed(_database)}
    checks.update({f"cache_{alias}": _timed(_cache(alias)) for alias in settings.CACHES})
    checks["search"] = _timed(_search) if checks["database"]["status"] == "ok" else {"status": "down"}
    if checks["database"]["status"] != "ok":
        status, code = "down", 503
    elif any(check["status"] != "ok" for check in checks.values()) or checks["search"]["index"]["pending"]:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    body = {"status": status, **checks}
    # Kept for monitors that read the earlier shape.
    if checks["search"]["status"] == "ok":
        body["search_index"] = checks["search"]["index"]
    return JsonResponse(body, status=code)


@never_cache
def readyz(request):
    """200 once this process has warmed its search backends, else 503 (retry soon)."""
    ready = service.is_warm()
    response = JsonResponse({"status": "ready" if ready else "warming"}, status=200 if ready else 503)
    if not ready:
        response["Retry-After"] = "1"
        response._has_been_logged = True  # expected while warming: not an error for Django's log
    return response
