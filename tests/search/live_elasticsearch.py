"""The live Elasticsearch backend for the contract suite (`search_backend` fixture, conftest.py).

Used only when ELASTICSEARCH_URL is set: each test gets its own throwaway index prefix, every
change is refreshed at once so it is searchable, and the indices are deleted afterwards.
"""

import uuid

from django.conf import settings


def live_backend(request):
    from search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend(
        url=settings.LIVE_ELASTICSEARCH_URL,
        index_prefix=f"kim-test-{uuid.uuid4().hex[:8]}",
        refresh=True,
    )
    try:
        yield backend
    finally:
        backend.client.indices.delete(index=f"{backend.alias}*", ignore_unavailable=True)
