"""Search fixtures: the backends under test and a small, hand-made directory."""

import datetime

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from search.backends.database import DatabaseBackend
from tests.factories import (
    OfferPageFactory,
    PlaceFactory,
    ProgrammePageFactory,
    ProviderPageFactory,
)


def backend_names():
    names = ["database", "sql"]
    if getattr(settings, "LIVE_ELASTICSEARCH_URL", None):
        names.append("elasticsearch")
    return names


@pytest.fixture(autouse=True)
def fresh_memory_index():
    from search.backends.memory import reset

    reset()
    yield
    reset()


@pytest.fixture(params=backend_names())
def search_backend(request, db):
    """A backend instance; the live Elasticsearch one indexes into a throwaway index."""
    if request.param == "database":
        from search.backends.database import DatabaseBackend

        yield DatabaseBackend()
        return
    if request.param == "sql":
        from search.backends.sql import SqlBackend, reset

        reset()
        yield SqlBackend()
        return
    from tests.search.live_elasticsearch import live_backend  # provided with the ES backend

    yield from live_backend(request)


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    """A small directory every contract test knows by heart, built once per test module inside
    a transaction that is rolled back afterwards (each test runs in a savepoint within it)."""
    from portal.structure import ensure_structure
    from services_directory.vocabulary import load_taxonomies

    with django_db_blocker.unblock(), transaction.atomic(), translation.override("de"):
        load_taxonomies()
        ensure_structure()
        yield build_directory()
        transaction.set_rollback(True)


@pytest.fixture
def page_directory(portal_site):
    """The small directory, made in this test's own transaction (page requests end with the
    connection housekeeping that a module-wide transaction does not survive) and indexed by the
    default (database) backend the search page uses."""
    offers = build_directory()
    DatabaseBackend().rebuild()
    return offers


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def build_directory():
    """Four offers of two providers at three places, one programme (tests/factories.py)."""
    caritas = ProviderPageFactory(title="Caritasverband Köln")
    awo = ProviderPageFactory(title="AWO Kreisverband Köln")
    mbe = ProgrammePageFactory(title="Migrationsberatung für erwachsene Zuwanderer", funding_level="bund", short_name="MBE")
    ehrenfeld = PlaceFactory(name="Bürgerzentrum Ehrenfeld", district="ehrenfeld-stadtteil", latitude=50.9490, longitude=6.9170)
    kalk = PlaceFactory(name="Kalk Karree", district="kalk-stadtteil", latitude=50.9380, longitude=7.0010)
    deutz = PlaceFactory(name="Deutzer Freiheit", district="deutz", latitude=50.9370, longitude=6.9750)
    offers = {
        "housing": OfferPageFactory(
            parent=caritas, title="Wohnungssuche für Geflüchtete",
            summary="Wir helfen Geflüchteten bei der Suche nach einer Wohnung.",
            description="<p>Beratung zu Mietvertrag, Wohnberechtigungsschein und Nebenkosten.</p>",
            fields_of_action=["wohnen"], target_groups=["gefluechtete"], delivery_forms=["vor-ort"],
            languages=["de", "ar"], places=[ehrenfeld], cost="free", residence_statuses=["asylverfahren", "schutzstatus"],
        ),
        "jobs": OfferPageFactory(
            parent=awo, title="Jobberatung für Zugewanderte",
            summary="Bewerbungstraining und Arbeitssuche.",
            description="<p>Wir unterstützen bei Lebenslauf und Bewerbung.</p>",
            fields_of_action=["arbeit"], target_groups=["neuzugewanderte"], delivery_forms=["vor-ort", "online"],
            languages=["de", "en", "tr"], places=[kalk], cost="free", minimum_age=18, maximum_age=27,
            title_en="Job counselling for newcomers", summary_en="Application training and job search.",
        ),
        "course": OfferPageFactory(
            parent=caritas, title="Integrationskurs mit Kinderbetreuung",
            summary="Deutsch lernen im Integrationskurs, Kinderbetreuung vor Ort.", description="",
            fields_of_action=["sprache"], target_groups=["frauen"], delivery_forms=["vor-ort"],
            languages=["de"], places=[deutz], cost="fee", fee_description="1,20 € je Stunde",
            legal_scopes=["aufenthg"], programme=mbe, last_verified_at=_days_ago(500),
        ),
        "recognition": OfferPageFactory(
            parent=awo, title="Anerkennung ausländischer Berufsabschlüsse",
            summary="Beratung zur Anerkennung Ihres Abschlusses.", description="",
            fields_of_action=["anerkennung", "arbeit"], target_groups=["alle"], delivery_forms=["telefon"],
            languages=["de", "ru", "uk"], places=[ehrenfeld, kalk], cost="free", programme=mbe, minimum_age=18,
        ),
    }
    return offers
