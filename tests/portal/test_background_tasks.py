"""Wagtail's upkeep tasks (its admin search index, reference index) run after the editor's commit,
in short transactions of their own, retried on a deadlock: a publish never fails because of them
(two concurrent publishes on PostgreSQL deadlocked in `wagtailsearch_indexentry`)."""

import logging

import pytest
from django.db import OperationalError, connection, transaction
from modelsearch.tasks import insert_or_update_object_task
from wagtail.search.backends import get_search_backend

from search.backends.database import DatabaseBackend
from search.query import SearchQuery
from services_directory.models import OfferPage
from tests.factories import make_offer, make_provider


def in_admin_search(text):
    """What an editor's page search in the admin finds (Wagtail's own index)."""
    return [page.pk for page in OfferPage.objects.search(text)]


def _deadlock():
    """What PostgreSQL answers a deadlock victim: an error that also aborts its transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DO $$ BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END $$")
    raise OperationalError("deadlock detected")


@pytest.fixture
def wagtail_index_add(monkeypatch):
    """Makes Wagtail's search index refuse the next `failures` writes as a deadlock would."""
    backend_class = type(get_search_backend())
    original = backend_class.add
    state = {"failures": 0, "calls": 0}

    def add(self, obj):
        state["calls"] += 1
        if state["failures"]:
            state["failures"] -= 1
            _deadlock()
        return original(self, obj)

    monkeypatch.setattr(backend_class, "add", add)
    return state


@pytest.mark.django_db(transaction=True)
def test_the_admin_search_index_is_written_after_the_publish_commits_not_inside_it(portal_site):
    provider = make_provider("Träger Nachher")
    with transaction.atomic():
        offer = make_offer(provider, "Zauberwortberatung")
        during = in_admin_search("Zauberwortberatung")
        assert DatabaseBackend().search(SearchQuery(text="Zauberwortberatung")).count == 1  # the portal's own index: at once
    assert during == []  # the publishing transaction held no row of Wagtail's index
    assert in_admin_search("Zauberwortberatung") == [offer.pk]


@pytest.mark.django_db(transaction=True)
@pytest.mark.expect_error_log  # each failed run is logged
def test_a_deadlocked_index_write_is_retried(portal_site, wagtail_index_add):
    offer = make_offer(make_provider("Träger Wiederholt"), "Zauberwortberatung", publish=False)
    wagtail_index_add["failures"], wagtail_index_add["calls"] = 2, 0
    insert_or_update_object_task.enqueue("services_directory", "offerpage", str(offer.pk))
    assert wagtail_index_add == {"failures": 0, "calls": 3}
    assert in_admin_search("Zauberwortberatung") == [offer.pk]


@pytest.mark.django_db(transaction=True)
@pytest.mark.expect_error_log
def test_a_publish_stands_when_wagtails_index_keeps_failing_and_the_failure_is_logged(
    portal_site, wagtail_index_add, caplog
):
    provider = make_provider("Träger Hartnäckig")
    wagtail_index_add["failures"] = 1000
    offer = make_offer(provider, "Zauberwortberatung")
    assert OfferPage.objects.get(pk=offer.pk).live
    assert [hit.offer_id for hit in DatabaseBackend().search(SearchQuery(text="Zauberwortberatung")).hits] == [offer.pk]
    failed = [record for record in caplog.records if record.levelno == logging.ERROR and record.name == "django_tasks"]
    assert failed and all("insert_or_update_object_task state=FAILED" in record.getMessage() for record in failed)
    assert all("deadlock detected" in str(record.exc_info[1]) for record in failed)
