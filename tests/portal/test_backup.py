"""Backup and restore: what `backup_portal` writes, `restore_portal` brings back into an empty
database (the same engine the suite runs on: SQLite, or PostgreSQL under make test-postgres),
object for object and file for file."""

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from portal import backup
from search.log import record
from search.query import SearchQuery
from tests.factories import make_offer, make_provider

REPO = Path(__file__).resolve().parent.parent.parent

DUMP = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
import django
django.setup()
from portal import backup
print(json.dumps(backup.dump_data()[0]))
"""


def _objects(data: str) -> list:
    return sorted((_same_millisecond(json.loads(data))), key=lambda item: (item["model"], str(item["pk"])))


def _same_millisecond(value):
    """Django's serializer keeps times to the millisecond: a time 12:00:01.000400 is written
    "…01.000Z" and comes back as …01 ("…01Z"). Both spell the same millisecond."""
    if isinstance(value, dict):
        return {key: _same_millisecond(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_same_millisecond(item) for item in value]
    if isinstance(value, str) and value.endswith(".000Z") and value[:4].isdigit():
        return value[:-5] + "Z"
    return value


@pytest.fixture
def empty_database():
    """A new database of the suite's engine, and its URL; dropped afterwards."""
    if connection.vendor == "sqlite":
        path = Path(settings.MEDIA_ROOT).parent / f"restore-{uuid.uuid4().hex[:8]}.sqlite3"
        yield f"sqlite:///{path}"
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        return
    database = settings.DATABASES["default"]
    name = f"kim_restore_{uuid.uuid4().hex[:8]}"
    admin = dict(host=database["HOST"] or "localhost", port=database["PORT"] or 5432, user=database["USER"],
                 password=database["PASSWORD"] or None, dbname="postgres", autocommit=True)
    with psycopg.connect(**admin) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{database['USER']}:{database['PASSWORD']}@{admin['host']}:{admin['port']}/{name}"
    with psycopg.connect(**admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


COMMAND = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.MEDIA_ROOT = os.environ["RESTORE_MEDIA_ROOT"]  # the test settings fix their own
call_command(*sys.argv[1:])
"""


def _manage(database_url, media_root, *args, code=None):
    """Another process on `database_url`, with its media files in `media_root`."""
    env = {**os.environ, "DATABASE_URL": database_url, "RESTORE_MEDIA_ROOT": str(media_root), "SEARCH_WARM_UP": "false"}
    command = [sys.executable, "-c", code] if code else [sys.executable, "-c", COMMAND, *args]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.django_db
def test_a_backup_restores_into_an_empty_database_with_the_same_content_search_log_and_media(
    portal_site, settings, tmp_path, empty_database,
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "documents").mkdir(parents=True)
    (tmp_path / "media" / "documents" / "Flyer Sprachcafé.pdf").write_bytes(b"%PDF-1.4 flyer\x00\xff")
    provider = make_provider("Caritas Köln")
    make_offer(provider, "Sprachcafé Ehrenfeld", translations={"ar": {"title": "مقهى اللغة"}})
    draft = make_offer(provider, "Wohnberatung (Entwurf)", publish=False)
    record(SearchQuery(text="Sprachcafé", language="ar"), 1)

    archive = tmp_path / "kim.tar.gz"
    call_command("backup_portal", str(archive), stdout=open(os.devnull, "w"))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert {"manifest.json", "data.json", "media/documents/Flyer Sprachcafé.pdf"} <= set(tar.getnames())
    assert manifest["models"]["kim_search.searchlogentry"] == 1 and manifest["media_files"] == 1
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup_portal", str(archive))

    restored_media = tmp_path / "restored-media"
    result = _manage(empty_database, restored_media, "restore_portal", str(archive))
    assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-3000:]
    assert f"Restored {manifest['objects']} objects and 1 media files" in result.stdout

    dumped = _manage(empty_database, restored_media, code=DUMP)
    assert dumped.returncode == 0, dumped.stderr[-3000:]
    original = _objects(backup.dump_data()[0])
    restored = _objects(json.loads(dumped.stdout.strip().splitlines()[-1]))
    assert [item["model"] for item in restored] == [item["model"] for item in original]
    assert restored == original
    assert any(item["model"] == "services_directory.offerpage" and item["pk"] == draft.pk for item in restored)
    assert (restored_media / "documents" / "Flyer Sprachcafé.pdf").read_bytes() == b"%PDF-1.4 flyer\x00\xff"

    # The restored portal answers searches (its index was rebuilt) and refuses a second restore.
    search = _manage(empty_database, restored_media, code=(
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings.test'\n"
        "import django; django.setup()\n"
        "from search import service; from search.query import SearchQuery\n"
        "print([hit.title for hit in service.search(SearchQuery(text='Sprachcafé')).hits])"
    ))
    assert "Sprachcafé Ehrenfeld" in search.stdout, search.stderr[-2000:]
    again = _manage(empty_database, restored_media, "restore_portal", str(archive))
    assert again.returncode != 0 and "the database is not empty" in again.stderr


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_text("no archive")
    with pytest.raises(CommandError, match="is not a portal backup"):
        call_command("restore_portal", str(bogus))
