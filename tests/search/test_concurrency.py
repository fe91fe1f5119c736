"""The database search under concurrent use: readers search while writers publish, unpublish
and edit vocabulary labels; no reader fails or sees a mixed state, and whatever starts after the
last commit (a fresh backend object, a new process) sees that commit at once.

Needs real concurrent connections: on SQLite the in-memory test database is copied to a file for
the threads (each thread opens its own connection to it); on PostgreSQL the threads connect to the
test database itself.
"""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections, transaction

from search.query import SearchQuery
from tests.factories import make_offer, make_place, make_provider, term

ROOT = Path(__file__).resolve().parents[2]
OFFERS = 6
READERS = 3
ROUNDS = 6


@pytest.fixture
def threaded_database(transactional_db, tmp_path, monkeypatch):
    """A database every thread reaches through its own connection, with committed writes."""
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path / "search-index"))
    from search.backends.memory import reset

    reset()
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield connection.settings_dict
        reset()
        return
    path = tmp_path / "threads.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    original_settings, original_wrapper = connections.settings["default"], connections["default"]
    file_settings = {
        **original_settings,
        "NAME": str(path),
        "TEST": {**original_settings.get("TEST", {}), "NAME": str(path)},
        # Writers queue instead of failing on a lock upgrade; readers never block writers.
        "OPTIONS": {
            **original_settings.get("OPTIONS", {}),
            "transaction_mode": "IMMEDIATE",
            "timeout": 60,
            "init_command": "PRAGMA journal_mode=WAL",
        },
    }
    connections.settings["default"] = file_settings
    connections["default"] = connections.create_connection("default")
    try:
        yield file_settings
    finally:
        connections["default"].close()
        connections.settings["default"] = original_settings
        connections["default"] = original_wrapper
        reset()


def _setup_directory():
    from portal.structure import ensure_structure
    from services_directory.vocabulary import load_taxonomies

    load_taxonomies()
    ensure_structure()
    provider = make_provider("Träger Nebenläufig")
    place = make_place("Haus Nebenläufig", "kalk-stadtteil")
    return [
        make_offer(
            provider, f"Parallelberatung {number}", summary=f"Kennwort{number} für die Prüfung",
            fields_of_action=["wohnen"] if number % 2 else ["arbeit"], places=[place],
            cost="free" if number % 3 else "fee", fee_description="" if number % 3 else "2 € je Termin",
        )
        for number in range(OFFERS)
    ]


def _in_thread(function, errors, *args):
    def run():
        try:
            function(*args)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    return threading.Thread(target=run)


def _backend(engine):
    from search.backends.database import DatabaseBackend
    from search.backends.sql import SqlBackend

    return SqlBackend() if engine == "sql" else DatabaseBackend()


@pytest.mark.parametrize("engine", ["sql", "memory"])
def test_readers_see_whole_committed_states_while_writers_publish_and_relabel(threaded_database, engine, settings):
    from services_directory.models import OfferPage

    settings.SEARCH_ENGINE = engine  # what the editors' index updates and the new process use

    offers = _setup_directory()
    offer_ids = {offer.pk for offer in offers}
    housing_ids = {offer.pk for offer in offers[1::2]}  # the odd ones carry "wohnen"
    errors: list[BaseException] = []
    answers: list = []
    done = threading.Event()

    def read():
        backend = _backend(engine)
        while not done.is_set():
            for text in ("Parallelberatung", "Kennwort1", "Nachbarschaftshilfe", ""):
                result = backend.search(SearchQuery(text=text, filters={} if text else {"district": ("kalk",)}))
                answers.append(result)

    def interleave(round_number):
        """Each round of writes waits for more answers, so reads fall between the writes
        however fast either side runs on the machine."""
        deadline = time.monotonic() + 120
        while len(answers) < READERS * round_number and time.monotonic() < deadline and not errors:
            time.sleep(0.01)

    def publish_and_unpublish(first):
        for round_number in range(ROUNDS):
            interleave(round_number)
            offer = OfferPage.objects.get(pk=offers[first + round_number % 3].pk)
            if offer.live:
                offer.unpublish()
            else:
                offer.save_revision().publish()

    def relabel():
        for round_number in range(ROUNDS):
            interleave(round_number)
            with transaction.atomic():
                label = term("field-of-action", "wohnen")
                label.name_de = f"Nachbarschaftshilfe {round_number}" if round_number % 2 else "Wohnen"
                label.save()

    readers = [_in_thread(read, errors) for _ in range(READERS)]
    writers = [_in_thread(publish_and_unpublish, errors, 0), _in_thread(publish_and_unpublish, errors, 3)]
    writers.append(_in_thread(relabel, errors))
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=300)
    done.set()
    for thread in readers:
        thread.join(timeout=60)

    assert not errors, errors
    assert len(answers) >= READERS * (ROUNDS - 1)
    for result in answers:
        # Count, facets and hits come from one state: the free/not free counts add up to the
        # count, every hit is one of our offers, and a full page holds every counted offer.
        assert sum(option.count for option in result.facets["free"]) == result.count
        assert {hit.offer_id for hit in result.hits} <= offer_ids
        assert len(result.hits) == min(result.count, result.query.page_size)
        if result.query.text == "Nachbarschaftshilfe":  # the label while it was "Nachbarschaftshilfe n"
            assert {hit.offer_id for hit in result.hits} <= housing_ids

    # After the last commit: a fresh backend object and a new process both see it at once.
    live = set(OfferPage.objects.filter(pk__in=offer_ids, live=True).values_list("pk", flat=True))
    housing = {offer.pk for offer in offers if offer.pk in live and offer.fields_of_action.filter(code="wohnen").exists()}
    label = term("field-of-action", "wohnen").name_de
    expected = {"all": sorted(live), "label": sorted(housing)}
    assert _answers(_backend(engine), label) == expected
    assert _answers_in_new_process(threaded_database, label, engine) == expected


def _answers(backend, label):
    every = backend.search(SearchQuery(text="Parallelberatung", page_size=50))
    labelled = backend.search(SearchQuery(text=label.split()[0], page_size=50))
    return {"all": sorted(hit.offer_id for hit in every.hits), "label": sorted(hit.offer_id for hit in labelled.hits)}


def _answers_in_new_process(settings_dict, label, engine):
    if settings_dict["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{settings_dict['NAME']}"
    else:
        url = (
            f"postgres://{settings_dict['USER']}:{settings_dict.get('PASSWORD') or ''}@{settings_dict['HOST']}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        )
    script = (
        "import json, django; django.setup();"
        "from search.service import database_backend;"
        "from tests.search.test_concurrency import _answers;"
        f"print(json.dumps(_answers(database_backend(), {label!r})))"
    )
    environment = {
        **os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "SEARCH_ENGINE": engine,
    }
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert output.returncode == 0, output.stderr[-3000:]
    return json.loads(output.stdout.strip().splitlines()[-1])
