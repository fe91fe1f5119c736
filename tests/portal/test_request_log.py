"""The request log: one JSON line per request with what an operator needs (kind of page, status,
time, size, cache outcome) and nothing about the visitor (no address, no path, no search text)."""

import json
import logging

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import make_offer, make_provider

pytestmark = pytest.mark.django_db


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def request_log():
    logger, handler = logging.getLogger("kim.requests"), _Lines()
    level = logger.level
    logger.setLevel(logging.INFO)  # off in the suite (REQUEST_LOG=false in portal/settings/test.py)
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_each_request_is_one_json_line_without_address_path_or_search_text(request_log, portal_site, settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    offer = make_offer(make_provider("Caritas Köln"), "Sprachcafé Ehrenfeld")
    visitor = Client(REMOTE_ADDR="203.0.113.77", HTTP_X_FORWARDED_FOR="198.51.100.9")
    for url in ("/de/search/?q=Geheimwort", "/de/search/?q=Geheimwort", offer.get_url(), "/healthz", "/de/gibt-es-nicht/"):
        visitor.get(url)
    search, cached, page, health, missing = request_log
    assert set(search) == {"time", "method", "route", "status", "ms", "bytes", "cache", "pid"}
    assert (search["route"], search["status"], search["cache"]) == ("search", 200, "miss")
    assert (cached["route"], cached["cache"]) == ("search", "hit")
    assert (page["route"], page["status"]) == ("page:services_directory.offerpage", 200)
    assert (health["route"], health["cache"]) == ("healthz", "pass")
    assert missing["status"] == 404
    assert all(isinstance(line["ms"], float) and line["bytes"] > 0 for line in request_log)
    text = json.dumps(request_log)
    for secret in ("Geheimwort", "203.0.113", "198.51.100", "sprachcafe", "gibt-es-nicht"):
        assert secret not in text.lower()
    caches["pages"].clear()
