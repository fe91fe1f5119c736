#!/usr/bin/env python
"""HSDS import speed: records per second of `import_hsds`, on SQLite and on PostgreSQL.

    python bench/import_bench.py                       # the demo export (342 services), both databases
    python bench/import_bench.py --services 2000       # the demo services copied to 2,000 (new ids)
    python bench/import_bench.py --database sqlite     # one database only

It paints the demo landscape into a throwaway SQLite database (`setup_portal`, `load_demo_data`)
and writes its HSDS export (`export_hsds`, in German and Arabic). With `--services N` the
services are copied (each copy with new ids for the service and its own parts, sharing the
organizations and places) until there are N. Then, for each database, into a fresh portal
(`setup_portal`, nothing else), it times in one process, without Django's start-up:

- first import: the German feed (organizations and services are all created);
- re-import: the same feed again (everything unchanged: nothing saved);
- second language: the Arabic feed (texts of existing records: updated);

and prints records per second (organizations and services), the CPU seconds per record of
the importing process (which a busy machine does not inflate) and the machine's load average.
PostgreSQL: `--postgres-url` (default postgres://postgres@127.0.0.1:5432/kim_import_bench, a
database this script drops and creates).
"""

import argparse
import copy
import json
import os
import secrets
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SHARED_PARTS = {"organization", "program", "location", "taxonomy_term", "unit"}  # keep their ids


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def base_env(database_url):
    """As an operator runs `import_hsds`: DEBUG off (DEBUG keeps every SQL statement in memory)."""
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.base", "DEBUG": "false", "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(60), "ALLOWED_HOSTS": "localhost",
        "PORTAL_BASE_URL": "http://localhost", "SECURE_SSL_REDIRECT": "false",
        "CACHE_URL": "locmem://", "PAGE_CACHE_SECONDS": "0",
    }


def copied_ids(value, number, parent=None):
    """A copy with ids of its own (the same in every language's feed) for a service and its own
    parts; shared objects (organizations, places, programmes, terms) keep theirs."""
    if isinstance(value, list):
        return [copied_ids(item, number, parent) for item in value]
    if not isinstance(value, dict) or parent in SHARED_PARTS:
        return value  # a shared object with all its parts, as the original has it
    copied = {key: copied_ids(item, number, key) for key, item in value.items()}
    if "id" in copied:
        copied["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"kim-import-bench:{number}:{copied['id']}"))
    return copied


def with_copies(directory, count):
    """The export's services copied until there are `count` (cut to `count` when there are more)."""
    services = json.loads((directory / "services.json").read_text(encoding="utf-8"))
    result = list(services)
    for number in range(len(services), count):
        original = services[number % len(services)]
        copied = copied_ids(copy.deepcopy(original), number)
        copied["name"] = f"{original['name']} ({number})"
        result.append(copied)
    (directory / "services.json").write_text(json.dumps(result[:count], ensure_ascii=False), encoding="utf-8")


def export_demo(work, services):
    """{language: export directory} of the demo landscape (with `services` services, 0: as it is);
    an export left in `work` by an earlier run (--work) is used again."""
    if all((work / f"export-{language}" / "services.json").exists() for language in ("de", "ar")):
        return {language: work / f"export-{language}" for language in ("de", "ar")}
    env = base_env(f"sqlite:///{work / 'demo.sqlite3'}")
    print("painting the demo landscape and exporting it …", flush=True)
    manage(env, "setup_portal")
    manage(env, "load_demo_data")
    directories = {}
    for language in ("de", "ar"):
        directory = work / f"export-{language}"
        manage(env, "export_hsds", str(directory), "--lang", language)
        if services:
            with_copies(directory, services)
        directories[language] = directory
    return directories


def fresh_postgres(url):
    import psycopg  # noqa: PLC0415 - only for PostgreSQL

    server, _slash, name = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


WORKER = """
import json, resource, sys, time
import django
django.setup()
from open_data import export
from open_data.importing import HsdsImporter

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

results = []
for label, directory, language in json.loads(sys.argv[1]):
    data = export.read(directory)
    records = len(data["organizations"]) + len(data["services"])
    started, cpu_started = time.perf_counter(), cpu()
    summary = HsdsImporter(language).run_directory(data)
    seconds, cpu_seconds = time.perf_counter() - started, cpu() - cpu_started
    results.append({"label": label, "records": records, "seconds": seconds, "cpu": cpu_seconds, "summary": str(summary)})
print(json.dumps(results))
"""


def measure(name, database_url, directories):
    env = base_env(database_url)
    print(f"{name}: a fresh portal …", flush=True)
    manage(env, "setup_portal")
    runs = [
        ("first import (de, creates)", str(directories["de"]), "de"),
        ("re-import (de, unchanged)", str(directories["de"]), "de"),
        ("second language (ar, updates)", str(directories["ar"]), "ar"),
    ]
    load_before = os.getloadavg()
    worker = subprocess.run([PYTHON, "-c", WORKER, json.dumps(runs)], cwd=ROOT, env=env, capture_output=True, text=True)
    if worker.returncode:
        sys.exit(f"{name}: the import failed:\n{worker.stderr}")
    output = worker.stdout
    load_after = os.getloadavg()
    for result in json.loads(output.strip().splitlines()[-1]):
        print(
            f"{name:10} {result['label']:32} {result['records']:6} records {result['seconds']:7.1f} s "
            f"{result['records'] / result['seconds']:7.1f} records/s   CPU {1000 * result['cpu'] / result['records']:6.1f} ms/record"
            f"   [{result['summary']}]"
        )
    print(f"{name:10} load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min) on {os.cpu_count()} cores")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=0, help="services per feed (default: the demo export as it is)")
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/kim_import_bench")
    parser.add_argument("--work", type=Path, help="keep the exports in this directory (and use them again next time)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kim-import-bench-") as temporary:
        work = options.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            (work / f"import.sqlite3{suffix}").unlink(missing_ok=True)
        directories = export_demo(work, options.services)
        if options.database in ("sqlite", "both"):
            measure("SQLite", f"sqlite:///{work / 'import.sqlite3'}", directories)
        if options.database in ("postgres", "both"):
            fresh_postgres(options.postgres_url)
            measure("PostgreSQL", options.postgres_url, directories)


if __name__ == "__main__":
    main()
