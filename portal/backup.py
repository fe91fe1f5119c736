"""Backup and restore of the whole portal in one archive: content (pages, revisions, snippets,
settings, users and roles, the vocabulary, open-data id maps), the search log and the media files.

The archive is a tar.gz with `manifest.json` (what and when, counts per model), `data.json` (Django's
serialisation with natural keys, so it loads into another database engine) and `media/`. What can
be rebuilt is left out and rebuilt on restore: the search index, Wagtail's reference and search
indexes, caches, sessions and login failures.

A restore goes into an empty database (SQLite or PostgreSQL): it migrates, empties what the
migrations created, loads the data in one transaction, restores the media and rebuilds the indexes.
"""

import io
import json
import tarfile
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from wagtail.models import Page

FORMAT = 1
# Derived data (rebuilt on restore) and data about visitors' sessions and logins. Of the search
# app only the editors' synonyms and the search log are kept: the rest is the index.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes", "wagtailsearch", "wagtailcore.referenceindex"]
SEARCH_APP, SEARCH_KEPT = "kim_search", ["kim_search.searchlogentry", "kim_search.searchsynonym"]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def _excluded(model) -> bool:
    meta = model._meta
    if meta.app_label == SEARCH_APP:
        return meta.label_lower not in SEARCH_KEPT
    return meta.app_label in EXCLUDE or meta.label_lower in EXCLUDE


def backed_up_models():
    return [
        model for model in apps.get_models()
        if not _excluded(model) and model._meta.managed and not model._meta.proxy
    ]


def dump_data() -> tuple[str, dict]:
    """The content as JSON (natural keys) and the number of objects per model."""
    labels = [model._meta.label for model in backed_up_models()]
    out = io.StringIO()
    # Content types, users and groups by natural key (their ids differ between databases); pages by
    # id, which the restore keeps: a page's natural key is its (translated) URL path, and the audit
    # log still names deleted pages, which have none.
    owner = next(cls for cls in Page.__mro__ if "natural_key" in cls.__dict__)
    natural_key = owner.__dict__["natural_key"]
    delattr(owner, "natural_key")
    try:
        call_command(
            "dumpdata", *labels, natural_foreign=True, natural_primary=False, indent=None, stdout=out, verbosity=0,
        )
    finally:
        owner.natural_key = natural_key
    data = out.getvalue()
    counts: dict[str, int] = {}
    for item in json.loads(data):
        counts[item["model"]] = counts.get(item["model"], 0) + 1
    return data, counts


def backup(archive: Path, progress=print) -> dict:
    started = time.monotonic()
    progress("dumping the database …")
    data, counts = dump_data()
    media = Path(settings.MEDIA_ROOT)
    files = sorted(path for path in media.rglob("*") if path.is_file()) if media.is_dir() else []
    manifest = {
        "format": FORMAT,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "database": connection.vendor,
        "objects": sum(counts.values()),
        "models": counts,
        "media_files": len(files),
    }
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        for name, text in (("manifest.json", json.dumps(manifest, indent=1)), ("data.json", data)):
            payload = text.encode()
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(payload), int(time.time())
            tar.addfile(info, io.BytesIO(payload))
        for number, path in enumerate(files, start=1):
            tar.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
            if number % 200 == 0:
                progress(f"media files {number}/{len(files)}")
    partial.replace(archive)  # a failed backup never leaves a truncated archive under the real name
    manifest["seconds"] = round(time.monotonic() - started, 1)
    return manifest


def _database_is_empty() -> bool:
    """No table yet, or only what a fresh `migrate` makes (Wagtail's root and welcome page)."""
    tables = set(connection.introspection.table_names())
    if "wagtailcore_page" not in tables:
        return True
    counts = {}
    with connection.cursor() as cursor:
        for table in ("wagtailcore_page", "auth_user"):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts["wagtailcore_page"] <= 2 and counts["auth_user"] == 0


def _safe_member(member: tarfile.TarInfo) -> bool:
    path = Path(member.name)
    return member.isfile() and not path.is_absolute() and ".." not in path.parts


def restore(archive: Path, progress=print) -> dict:
    started = time.monotonic()
    try:
        tar = tarfile.open(archive, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive} is not a portal backup: {error}") from None
    with tar:
        try:
            manifest = json.load(tar.extractfile("manifest.json"))
            data = tar.extractfile("data.json").read().decode()
        except (KeyError, ValueError) as error:
            raise BackupError(f"{archive} is not a portal backup (no manifest.json/data.json: {error})") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{archive} has backup format {manifest.get('format')!r}; this version reads {FORMAT}")
        if not _database_is_empty():
            raise BackupError("the database is not empty: restore into a new, empty database")

        progress("migrating the empty database …")
        call_command("createcachetable", verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("sync_page_translation_fields", interactive=False, verbosity=0)
        progress(f"loading {manifest['objects']} objects …")
        with transaction.atomic():
            # What the migrations created (root page, site, locale, groups, collections) comes from
            # the backup instead. Foreign keys are checked at commit, when everything is loaded.
            for model in backed_up_models():
                model._base_manager.all()._raw_delete(connection.alias)
            # Saved as read (as `loaddata` does), so later natural keys find what came before.
            loaded, deferred = set(), []
            for item in serializers.deserialize("json", data, handle_forward_references=True):
                item.save()
                loaded.add(type(item.object))
                if item.deferred_fields:
                    deferred.append(item)
            for item in deferred:
                item.save_deferred_fields()
            _reset_sequences(loaded)

        media = Path(settings.MEDIA_ROOT)
        files = [member for member in tar.getmembers() if member.name.startswith("media/") and _safe_member(member)]
        for member in files:
            target = media / Path(member.name).relative_to("media")
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, open(target, "wb") as out:
                out.write(source.read())
        progress(f"media files {len(files)}")

    progress("rebuilding the search index and Wagtail's reference index …")
    call_command("rebuild_search_index", verbosity=0)
    call_command("rebuild_references_index", verbosity=0, stdout=io.StringIO())
    manifest["seconds"] = round(time.monotonic() - started, 1)
    return manifest


def _reset_sequences(models) -> None:
    """PostgreSQL's id sequences continue after the loaded ids (as `loaddata` does)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)
