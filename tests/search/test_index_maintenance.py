"""Index maintenance never fails silently: failed updates are recorded, logged once and retried;
check_search_index finds and repairs an index broken on purpose; /healthz reports what is pending."""

import logging
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from elasticsearch import ConnectionError as ElasticsearchConnectionError

from search import maintenance, service
from search.backends.database import DatabaseBackend
from search.models import PendingIndexUpdate
from search.query import SearchQuery
from services_directory.models import OfferPage
from tests.factories import make_offer, make_provider


def found(text):
    return sorted(hit.title for hit in DatabaseBackend().search(SearchQuery(text=text)).hits)


def health(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    return response.json()


@pytest.fixture(autouse=True)
def kim_logs(caplog):
    """The `kim` logger does not propagate to the root logger caplog listens on."""
    logger = logging.getLogger("kim")
    logger.addHandler(caplog.handler)
    yield
    logger.removeHandler(caplog.handler)


@pytest.fixture
def provider(portal_site):
    return make_provider("Caritasverband Köln")


@pytest.mark.django_db
def test_check_command_finds_and_repairs_an_index_broken_on_purpose(client, provider, capsys):
    kept = make_offer(provider, "Sprachcafé am Dienstag")
    deleted = make_offer(provider, "Sprachcafé Ehrenfeld")
    altered = make_offer(provider, "Sprachcafé Kalk")
    bogus = make_offer(provider, "Sprachcafé Porz")
    call_command("check_search_index")
    assert "missing 0, stale 0, extra 0" in capsys.readouterr().out
    assert health(client)["status"] == "ok"

    DatabaseBackend().remove_offer(deleted.pk)  # an entry lost
    OfferPage.objects.filter(pk=altered.pk).update(title_de="Sprachcafé Kalk-Nord")  # content moved on, no signal
    OfferPage.objects.filter(pk=bogus.pk).update(live=False)  # the index still holds an offer nobody may see
    assert found("Sprachcafé") == ["Sprachcafé Kalk", "Sprachcafé Porz", "Sprachcafé am Dienstag"]

    with pytest.raises(CommandError, match="3 index entries differ"):
        call_command("check_search_index")
    out = capsys.readouterr().out
    assert "database: 3 public offers, 3 in the index; missing 1, stale 1, extra 1" in out
    assert f"missing: {deleted.pk}" in out and f"stale: {altered.pk}" in out and f"extra: {bogus.pk}" in out
    status = health(client)
    assert status["status"] == "degraded"
    assert status["search_index"]["pending"] == 3
    assert status["search_index"]["backends"]["database"] == {"missing": 1, "stale": 1, "extra": 1}

    call_command("check_search_index", "--repair")
    out = capsys.readouterr().out
    assert "database: retried 3 pending updates, 0 still failing" in out  # what the check recorded
    assert "missing 0, stale 0, extra 0" in out
    assert found("Sprachcafé") == ["Sprachcafé Ehrenfeld", "Sprachcafé Kalk-Nord", "Sprachcafé am Dienstag"]

    DatabaseBackend().remove_offer(kept.pk)  # broken again; repaired directly, without a check first
    OfferPage.objects.filter(pk=altered.pk).update(title_de="Sprachcafé Kalk-Süd")
    call_command("check_search_index", "--repair")
    out = capsys.readouterr().out
    assert "missing 1, stale 1, extra 0" in out and "database: repaired 2, failed 0" in out
    assert found("Sprachcafé") == ["Sprachcafé Ehrenfeld", "Sprachcafé Kalk-Süd", "Sprachcafé am Dienstag"]
    status = health(client)  # /healthz also reports the database and caches (tests/portal/test_health.py)
    assert status["status"] == "ok"
    assert status["search_index"] == {"pending": 0, "backends": {}, "oldest_seconds": 0, "status": "ok"}
    call_command("check_search_index")
    assert "the search index matches what the public may see" in capsys.readouterr().out
    assert kept.pk not in PendingIndexUpdate.objects.values_list("offer_id", flat=True)


@pytest.mark.django_db
@pytest.mark.expect_error_log
def test_a_failed_database_index_update_is_recorded_logged_once_and_retried_on_the_next_write(
    provider, monkeypatch, caplog
):
    original = DatabaseBackend.index_offers

    def broken(self, offers):
        raise RuntimeError("index table locked")

    monkeypatch.setattr(DatabaseBackend, "index_offers", broken)
    with caplog.at_level(logging.WARNING, logger="kim.search"):
        offer = make_offer(provider, "Sprachcafé am Dienstag")  # publishing still works
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(errors) == 1 and "database search index failed" in errors[0].getMessage()
    assert OfferPage.objects.get(pk=offer.pk).live
    pending = PendingIndexUpdate.objects.get()
    assert (pending.backend, pending.offer_id, pending.reason, pending.attempts) == ("database", offer.pk, "failed", 1)
    assert "index table locked" in pending.error
    assert found("Sprachcafé") == []

    monkeypatch.setattr(DatabaseBackend, "index_offers", original)
    make_offer(provider, "Jobberatung")  # the next write retries what is pending
    assert found("Sprachcafé") == ["Sprachcafé am Dienstag"]
    assert not PendingIndexUpdate.objects.exists()


class FlakyRemoteBackend:
    """Stands in for Elasticsearch: refuses updates while `down`."""

    name = "elasticsearch"

    def __init__(self):
        self.down = True
        self.indexed = set()

    def index_offers(self, offers):
        if self.down:
            raise ConnectionError("cluster unreachable")
        for offer in offers:  # as the interface says: an offer the public may not see is removed
            if OfferPage.objects.for_public().filter(pk=offer.pk).exists():
                self.indexed.add(offer.pk)
            else:
                self.indexed.discard(offer.pk)

    def remove_offer(self, offer_id):
        if self.down:
            raise ConnectionError("cluster unreachable")
        self.indexed.discard(offer_id)


@pytest.mark.django_db
@pytest.mark.expect_error_log
def test_a_failed_elasticsearch_update_is_recorded_and_retried(
    provider, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from search import signals

    remote = FlakyRemoteBackend()
    backends = lambda: [service.database_backend(), remote]  # noqa: E731
    monkeypatch.setattr(service, "index_backends", backends)
    monkeypatch.setattr(signals, "index_backends", backends)  # imported by name there
    with caplog.at_level(logging.WARNING, logger="kim.search"), django_capture_on_commit_callbacks(execute=True):
        offer = make_offer(provider, "Sprachcafé am Dienstag")
    assert [r.levelno for r in caplog.records if "elasticsearch" in r.getMessage()] == [logging.ERROR]
    assert PendingIndexUpdate.objects.filter(backend="elasticsearch", offer_id=offer.pk).exists()
    assert found("Sprachcafé") == ["Sprachcafé am Dienstag"]  # the database index is not held up

    remote.down = False
    with django_capture_on_commit_callbacks(execute=True):
        other = make_offer(provider, "Jobberatung")
    assert remote.indexed == {offer.pk, other.pk}
    assert not PendingIndexUpdate.objects.exists()

    remote.down = True  # an unpublish that fails remotely must not leave the offer findable there
    with django_capture_on_commit_callbacks(execute=True):
        OfferPage.objects.get(pk=offer.pk).unpublish()
    assert PendingIndexUpdate.objects.filter(backend="elasticsearch", offer_id=offer.pk).exists()
    remote.down = False
    retried, failing = maintenance.retry_pending(remote)
    assert (retried, failing) == (1, 0)
    assert remote.indexed == {other.pk}


@pytest.mark.django_db
def test_a_full_rebuild_settles_what_was_pending(client, provider):
    offer = make_offer(provider, "Sprachcafé am Dienstag")
    maintenance.record("database", [offer.pk], PendingIndexUpdate.REASON_FAILED, "RuntimeError: boom")
    assert health(client)["status"] == "degraded"
    call_command("rebuild_search_index", backend="database")
    assert health(client)["status"] == "ok"
    assert found("Sprachcafé") == ["Sprachcafé am Dienstag"]


@pytest.mark.django_db
def test_the_check_reads_an_elasticsearch_index_by_scrolling_past_its_paging_limit(provider, monkeypatch):
    """Paging through search stops at 10,000 hits in Elasticsearch; the check scrolls the alias."""
    import elasticsearch.helpers

    from search.documents import document_for

    current = make_offer(provider, "Sprachcafé am Dienstag")
    outdated = make_offer(provider, "Sprachcafé Kalk")
    lost = make_offer(provider, "Sprachcafé Porz")

    class Remote:
        name, alias, client = "elasticsearch", "kim-offers", object()

    held = [
        {"_id": str(current.pk), "_source": {"offer_id": current.pk, "document": {"version": document_for(current.pk)["version"]}}},
        {"_id": str(outdated.pk), "_source": {"offer_id": outdated.pk, "document": {"version": "an older one"}}},
        {"_id": "999999", "_source": {"offer_id": 999999, "document": {"version": "x"}}},  # an offer long gone
    ]
    asked = {}

    def scan(client, index, _source):
        asked.update(client=client, index=index)
        return iter(held)

    monkeypatch.setattr(elasticsearch.helpers, "scan", scan)
    differences = maintenance.check(Remote())
    assert asked == {"client": Remote.client, "index": "kim-offers"}
    assert (differences.missing, differences.stale, differences.extra) == ([lost.pk], [outdated.pk], [999999])


@pytest.fixture
def elasticsearch_away(settings):
    """The real ElasticsearchBackend as the service holds it, its client pointed at a port where
    nothing listens: the transport raises a connection error."""
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_INDEX_PREFIX = "kim-test"
    service.reset_backend()
    yield service.get_backend("elasticsearch")
    service.reset_backend()


@pytest.mark.django_db
@pytest.mark.expect_error_log
def test_the_elasticsearch_backend_records_updates_an_unreachable_cluster_refused_and_sends_them_later(
    client, provider, elasticsearch_away, django_capture_on_commit_callbacks
):
    """The real ElasticsearchBackend while the cluster is away, then with a stand-in client once
    it is back: an offer unpublished while the cluster was away is deleted there on the retry."""
    remote = elasticsearch_away
    with django_capture_on_commit_callbacks(execute=True):
        offer = make_offer(provider, "Sprachcafé am Dienstag")
    pending = PendingIndexUpdate.objects.get(backend="elasticsearch")
    assert (pending.offer_id, pending.reason, pending.attempts) == (offer.pk, "failed", 1)
    assert "ConnectionError" in pending.error
    assert service.search(SearchQuery(text="Sprachcafé")).backend == "database"  # readers still get answers
    assert health(client)["search_index"]["backends"] == {"elasticsearch": {"failed": 1}}

    with django_capture_on_commit_callbacks(execute=True):
        OfferPage.objects.get(pk=offer.pk).unpublish()  # the cluster still holds the offer
    assert PendingIndexUpdate.objects.get(backend="elasticsearch").attempts == 2
    with pytest.raises(ElasticsearchConnectionError):
        maintenance.sync(remote, [offer.pk])  # what the retry meets while the cluster is away
    assert maintenance.retry_pending(remote) == (0, 1)

    remote._client = cluster = mock.Mock()  # the cluster is back, the update not yet sent:
    assert service.search(SearchQuery(text="Sprachcafé")).hits == []  # the database answers
    cluster.search.assert_not_called()
    assert maintenance.retry_pending(remote) == (1, 0)
    cluster.delete.assert_called_once_with(index="kim-test-offers", id=str(offer.pk), refresh=None)
    cluster.index.assert_not_called()
    assert not PendingIndexUpdate.objects.exists()
    assert health(client)["status"] == "ok"


@pytest.mark.django_db
def test_a_change_whose_elasticsearch_update_never_ran_stays_pending_and_out_of_its_answers(
    client, provider, elasticsearch_away
):
    """The pending entry is written with the change: a process that dies between the commit and
    sending the update to Elasticsearch (here: the commit callbacks never run) loses nothing."""
    remote = elasticsearch_away
    remote._client = cluster = mock.Mock()
    offer = make_offer(provider, "Sprachcafé am Dienstag")
    assert list(PendingIndexUpdate.objects.values_list("backend", "offer_id", "reason")) == [
        ("elasticsearch", offer.pk, "stale")
    ]
    assert health(client)["status"] == "degraded"
    result = service.search(SearchQuery(text="Sprachcafé"))
    assert result.backend == "database" and [hit.offer_id for hit in result.hits] == [offer.pk]
    cluster.search.assert_not_called()

    assert maintenance.retry_pending(remote) == (1, 0)
    assert cluster.index.call_args.kwargs["id"] == str(offer.pk)
    assert not PendingIndexUpdate.objects.exists()
    assert health(client)["status"] == "ok"
