"""Two imports and web reads at once, as separate processes on one database (on SQLite a file database
in WAL mode with a busy timeout, on PostgreSQL the test database): the second import is told another
one runs, the first loses nothing, readers get answers."""

import contextlib
import copy
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext

from .conftest import example

# Committed data, no open transaction: the other processes see the set-up portal.
pytestmark = pytest.mark.django_db(transaction=True)

KEEP_IDS = {"organization", "program", "location", "taxonomy_term"}  # shared objects keep their ids
READER = """
import json, os, sys, time
import django
django.setup()
from django.test import Client
client, statuses, deadline = Client(), [], time.time() + 600
while time.time() < deadline and not (statuses and os.path.exists(sys.argv[1])):
    for url in ("/healthz", "/api/hsds/services?per_page=5", "/api/hsds/organizations"):
        statuses.append(client.get(url).status_code)
print(json.dumps(statuses))
"""


def fresh_ids(value, parent=None):
    """A copy with new ids for the service and its own parts (shared objects keep theirs)."""
    if isinstance(value, list):
        return [fresh_ids(item, parent) for item in value]
    if not isinstance(value, dict):
        return value
    copied = {key: fresh_ids(item, key) for key, item in value.items()}
    if "id" in copied and parent not in KEEP_IDS:
        copied["id"] = str(uuid.uuid4())
    return copied


def services(count, name):
    records = []
    for number in range(count):
        record = fresh_ids(copy.deepcopy(example("de")[number % 2]))
        record["name"] = f"{name} {number + 1}"
        records.append(record)
    return records


class SharedDatabase:
    """The database the imports and the reader share, and a way to look into it from the test."""

    def __init__(self, tmp_path):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            # The test database (portal set up, committed) copied into a file, as a deployment has it.
            self.path = tmp_path / "db.sqlite3"
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.path}"
        else:
            self.path = None
            db = connection.settings_dict
            self.url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

    def rows(self, sql, params=()):
        if self.path is None:
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), params)
                return cursor.fetchall()
        with contextlib.closing(sqlite3.connect(self.path, timeout=20)) as db:
            return db.execute(sql, params).fetchall()


def start(args, database):
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "DATABASE_URL": database.url,
        "CACHE_URL": "locmem://",
    }
    return subprocess.Popen(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_lock(database, process, seconds=120):
    """Poll until the first import holds the lock (it runs in another process)."""
    deadline = time.time() + seconds
    while time.time() < deadline and process.poll() is None:
        if database.rows("SELECT count(*) FROM open_data_importlock")[0][0]:
            return True
        time.sleep(0.05)
    return False


def offers_named(database, prefix):
    rows = database.rows(
        "SELECT p.title_de, p.live FROM wagtailcore_page p JOIN services_directory_offerpage o ON o.page_ptr_id = p.id "
        "WHERE p.title_de LIKE ?", (f"{prefix} %",),
    )
    return {title: bool(live) for title, live in rows}


def test_two_imports_and_web_reads_at_once(portal_site, tmp_path):
    database = SharedDatabase(tmp_path)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(json.dumps(services(6, "Erster Import")), encoding="utf-8")
    second.write_text(json.dumps(services(2, "Zweiter Import")), encoding="utf-8")
    manage = str(settings.BASE_DIR / "manage.py")

    stop = tmp_path / "stop-reading"
    reader = start(["-c", READER, str(stop)], database)
    importing = start([manage, "import_hsds", str(first), "--lang", "de"], database)
    assert wait_for_lock(database, importing), importing.communicate()
    # Hold the first import still while the second one starts, whatever the machine's speed: a
    # stopped process is alive and keeps its lock, so the second import must be refused.
    os.kill(importing.pid, signal.SIGSTOP)
    try:
        assert database.rows("SELECT count(*) FROM open_data_importlock")[0][0] == 1
        refused = start([manage, "import_hsds", str(second), "--lang", "de"], database)
        refused_out, refused_err = refused.communicate(timeout=300)
    finally:
        os.kill(importing.pid, signal.SIGCONT)
    out, err = importing.communicate(timeout=600)
    stop.touch()
    reads, reader_err = reader.communicate(timeout=300)

    if connection.vendor == "sqlite":
        assert database.rows("PRAGMA journal_mode")[0][0] == "wal"
    assert refused.returncode == 1
    busy = gettext("Another import is running (started %(since)s by %(holder)s). Try again when it has finished.")
    assert busy.split("%(")[0] in refused_err, refused_err  # the portal's language, through the catalogue
    assert importing.returncode == 0, err
    assert "created 6, updated 0, unchanged 0, rejected 0" in out
    assert offers_named(database, "Erster Import") == {f"Erster Import {n}": True for n in range(1, 7)}
    assert offers_named(database, "Zweiter Import") == {}
    statuses = json.loads(reads.strip().splitlines()[-1])
    assert statuses and set(statuses) == {200}, reader_err[-2000:]

    again = start([manage, "import_hsds", str(second), "--lang", "de"], database)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert "created 2, updated 0, unchanged 0, rejected 0" in out
    assert len(offers_named(database, "Zweiter Import")) == 2
