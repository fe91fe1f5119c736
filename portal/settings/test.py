"""Settings for the test suite: the same as production except for speed and isolation."""

import os

os.environ.setdefault("DEBUG", "false")
# A fixed key that passes the start-up check for guessable keys (only ever used by tests).
os.environ.setdefault("SECRET_KEY", "test-only-Vq3xN8rK2mZp7LwD5sYh9TcB4fGj6uRe1aXo0iWnQ_kE-dM")
os.environ.setdefault("PORTAL_BASE_URL", "http://testserver")
# One process: a local-memory cache is shared by everything a test does; tests clear it.
os.environ.setdefault("CACHE_URL", "locmem://")
os.environ.setdefault("PAGE_CACHE_URL", "locmem://kim-pages")
# Off for the suite (tests change content inside transactions that never commit, so the page
# cache would never see a change); tests/portal/test_page_cache.py turns it on.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
os.environ.setdefault("FRAGMENT_CACHE_SECONDS", "0")  # the same for fragments (tests/portal/test_fragments.py)
os.environ.setdefault("REQUEST_LOG", "false")  # tests/portal/test_request_log.py listens itself
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("EMAIL_BACKEND", "locmem")
# The suite runs on the embedded search; a set ELASTICSEARCH_URL is kept for the live suite only.
LIVE_ELASTICSEARCH_URL = os.environ.pop("ELASTICSEARCH_URL", None)

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")
WAGTAILADMIN_BASE_URL = "http://testserver"
MIDDLEWARE = [name for name in MIDDLEWARE if "whitenoise" not in name]  # noqa: F405
