"""/healthz and /readyz as a load balancer and a container healthcheck read them, and the warm-up
that spares a fresh worker's first visitor the index loading."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper

from search import service
from search.backends.base import SearchBackend

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.mark.django_db
def test_healthz_reports_database_caches_and_search(client, portal_site):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok" and body["database"]["vendor"] == connection.vendor
    assert body["cache_default"]["status"] == "ok" and body["cache_pages"]["status"] == "ok"
    assert body["search"]["status"] == "ok" and body["search"]["backend"] == service.get_backend().name
    assert body["search"]["index"]["pending"] == 0
    assert "ip" not in json.dumps(body).lower().split('"')  # nothing about the asker


@pytest.mark.django_db
@pytest.mark.expect_error_log  # Django logs the 503 as an error: a monitor should see it
def test_healthz_answers_503_when_the_database_is_down(client, portal_site, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["database"] == {"status": "down", "error": "OperationalError"}
    assert body["search"]["status"] == "down"
    assert body["cache_pages"]["status"] == "ok"  # the local-memory cache of the tests still answers


@pytest.mark.django_db
def test_readyz_waits_for_the_warm_up(client, portal_site, monkeypatch):
    monkeypatch.setattr(service, "_warm", type(service._warm)())
    response = client.get("/readyz")
    assert response.status_code == 503 and response["Retry-After"] == "1"
    assert response.json() == {"status": "warming"}
    service.warm()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json() == {"status": "ready"}


FIRST_SEARCHES = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
from portal.wsgi import application  # what gunicorn loads: warms the search unless told not to
from django.db import connection
from django.test.utils import CaptureQueriesContext
from search import service
from search.query import SearchQuery

counts = []
for text in ("Wohnung", "Sprachkurs"):
    with CaptureQueriesContext(connection) as queries:
        service.search(SearchQuery(text=text, language="de"))
    counts.append(len(queries))
print(json.dumps({"counts": counts, "ready": service.is_warm()}))
"""


def _first_searches(database_url, warm):
    env = {**os.environ, "DATABASE_URL": database_url, "SEARCH_WARM_UP": "true" if warm else "false"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", FIRST_SEARCHES], cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_a_fresh_worker_answers_its_first_search_without_loading_the_index(portal_site, tmp_path):
    """A new process (a gunicorn worker after a restart) has warmed its search before its first
    request: the first search costs what the second does. Without the warm-up it costs more
    (checked too, for engines that keep anything in the process). The process reads a copy of
    the test database as `setup_portal` left it (SQLite), or the test database itself."""
    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        path = tmp_path / "copy.sqlite3"
        # The test's own connection sees what setup_portal wrote (its transaction is still open,
        # which the backup API would wait for): copy it statement by statement.
        with sqlite3.connect(path) as copy:
            copy.executescript("\n".join(
                line for line in connection.connection.iterdump() if "_fts" not in line  # Wagtail's own search
            ))
        url = f"sqlite:///{path}"
    else:
        url = f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}/{database['NAME']}"

    warmed = _first_searches(url, warm=True)
    assert warmed["ready"] is True
    assert warmed["counts"][0] <= warmed["counts"][1], warmed
    cold = _first_searches(url, warm=False)
    assert cold["ready"] is False
    if type(service.get_backend()).warm is not SearchBackend.warm:
        assert cold["counts"][0] > cold["counts"][1], cold
