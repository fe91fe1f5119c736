"""WSGI entry point (gunicorn portal.wsgi:application; see gunicorn.conf.py).

The process is warmed before the first request (portal/warm_up.py: the search backends, then the
home and search page once per language), so no visitor waits for an index or a template; with
gunicorn's `preload_app` the workers share what the master loaded. Set SEARCH_WARM_UP=false to
skip (e.g. a server without a migrated database).
"""

import logging
import os

from django.core.wsgi import get_wsgi_application
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
application = get_wsgi_application()

if os.environ.get("SEARCH_WARM_UP", "true").lower() not in ("0", "false", "no"):
    try:
        from portal.warm_up import warm  # noqa: PLC0415  (needs the app registry loaded above)

        warm()
    except Exception:  # noqa: BLE001 - serving without a warm index beats not serving
        logging.getLogger("kim.search").warning("Search index warm-up failed; the first search loads it", exc_info=True)
    finally:
        connections.close_all()  # a forking server's workers must open their own connections
