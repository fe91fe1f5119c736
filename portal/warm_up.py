"""Warm a process before it takes traffic: the search backends, then one request to the home
and search page in every portal language, which compiles the templates, loads the translation
catalogues and fills the URL resolvers. With gunicorn's `preload_app` this runs once in the
master and every forked worker starts warm (see gunicorn.conf.py and portal/wsgi.py).

The requests carry a bot's User-Agent, so the search log does not count them.
"""

import logging
import time

from django.conf import settings
from django.test import Client

from portal import page_cache
from portal.languages import portal_language_codes
from search import service

logger = logging.getLogger("kim.warm_up")
USER_AGENT = "kim-warm-up-bot"


def _host() -> str:
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    return hosts[0] if hosts else "localhost"


def warm_pages() -> None:
    client = Client(HTTP_USER_AGENT=USER_AGENT, SERVER_NAME=_host())
    for language in portal_language_codes():
        for path in (f"/{language}/", f"/{language}/search/?q={service.WARM_UP_TEXT}"):
            response = client.get(path, secure=settings.SECURE_SSL_REDIRECT)
            if response.status_code != 200:
                logger.warning("Warm-up: %s answered %s", path, response.status_code)


def warm() -> float:
    """Warm everything; returns the seconds it took. A (re)started server may run new code, so
    pages cached by the old one are not served again."""
    started = time.perf_counter()
    page_cache.new_generation()
    service.warm()
    warm_pages()
    return time.perf_counter() - started
