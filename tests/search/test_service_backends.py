"""The search service keeps one Elasticsearch backend (one client, one connection pool) per process."""

from search import service


def test_one_elasticsearch_client_per_process_and_configuration(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_INDEX_PREFIX = "kim-test"
    service.reset_backend()
    first = service.get_backend("elasticsearch")
    assert service.get_backend("elasticsearch") is first
    assert service.index_backends()[1] is first
    assert first.client is service.get_backend().client  # the client is made once, then reused

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:10"  # another configuration: another client
    assert service.get_backend("elasticsearch") is not first
    service.reset_backend()
