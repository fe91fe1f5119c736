"""Search fixtures: the backends under test and a small, hand-made directory."""

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from tests.search.helpers import make_offer, make_place, make_programme, make_provider


def backend_names():
    names = ["database"]
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


def build_directory():
    publish = False
    caritas = make_provider("Caritasverband Köln", publish=publish)
    awo = make_provider("AWO Kreisverband Köln", publish=publish)
    mbe = make_programme("Migrationsberatung für erwachsene Zuwanderer", "bund", short_name="MBE", publish=publish)
    ehrenfeld = make_place("Bürgerzentrum Ehrenfeld", "ehrenfeld-stadtteil", 50.9490, 6.9170)
    kalk = make_place("Kalk Karree", "kalk-stadtteil", 50.9380, 7.0010)
    deutz = make_place("Deutzer Freiheit", "deutz", 50.9370, 6.9750)
    offers = {
        "housing": make_offer(
            caritas, "Wohnungssuche für Geflüchtete",
            summary="Wir helfen Geflüchteten bei der Suche nach einer Wohnung.",
            description="Beratung zu Mietvertrag, Wohnberechtigungsschein und Nebenkosten.",
            fields_of_action=["wohnen"], target_groups=["gefluechtete"], delivery=["vor-ort"],
            languages=["de", "ar"], places=[ehrenfeld], cost="free", residence=["asylverfahren", "schutzstatus"], publish=publish,
        ),
        "jobs": make_offer(
            awo, "Jobberatung für Zugewanderte",
            summary="Bewerbungstraining und Arbeitssuche.",
            description="Wir unterstützen bei Lebenslauf und Bewerbung.",
            fields_of_action=["arbeit"], target_groups=["neuzugewanderte"], delivery=["vor-ort", "online"],
            languages=["de", "en", "tr"], places=[kalk], cost="free", minimum_age=18, maximum_age=27, publish=publish,
            translations={"en": {"title": "Job counselling for newcomers", "summary": "Application training and job search."}},
        ),
        "course": make_offer(
            caritas, "Integrationskurs mit Kinderbetreuung",
            summary="Deutsch lernen im Integrationskurs, Kinderbetreuung vor Ort.",
            fields_of_action=["sprache"], target_groups=["frauen"], delivery=["vor-ort"],
            languages=["de"], places=[deutz], cost="fee", fee_description="1,20 € je Stunde",
            legal_scopes=["aufenthg"], programme=mbe, verified_days_ago=500, publish=publish,
        ),
        "recognition": make_offer(
            awo, "Anerkennung ausländischer Berufsabschlüsse",
            summary="Beratung zur Anerkennung Ihres Abschlusses.",
            fields_of_action=["anerkennung", "arbeit"], target_groups=["alle"], delivery=["telefon"],
            languages=["de", "ru", "uk"], places=[ehrenfeld, kalk], cost="free", programme=mbe,
            minimum_age=18, publish=publish,
        ),
    }
    return offers
