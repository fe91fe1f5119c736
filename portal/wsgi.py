"""WSGI entry point (gunicorn portal.wsgi:application).

The embedded search index is loaded before the first request (from the snapshot the last
rebuild saved), so no visitor waits for it; with gunicorn's `--preload` the workers share the
loaded pages. Set SEARCH_WARM_UP=false to skip (e.g. a server without a migrated database).
"""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
application = get_wsgi_application()

if os.environ.get("SEARCH_WARM_UP", "true").lower() not in ("0", "false", "no"):
    try:
        from search.backends.memory import warm_up

        warm_up()
    except Exception:  # noqa: BLE001 - serving without a warm index beats not serving
        logging.getLogger("kim.search").warning("Search index warm-up failed; the first search loads it", exc_info=True)
