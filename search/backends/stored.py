"""What the embedded engines share: their index is the `SearchDocument` table (search/store.py),
written in the writer's own transaction, so indexing an offer is the same for both."""

import time

from search import store
from search.backends.base import RebuildSummary, SearchBackend
from search.documents import document_for, iter_documents, live_offers
from search.models import SearchDocument


class StoredDocumentsBackend(SearchBackend):
    # The sql engine also writes its word and facet rows beside each document.
    write_rows = False

    def index_offer(self, offer) -> None:
        document = document_for(offer.pk)
        if document is None:
            self.remove_offer(offer.pk)
        else:
            store.save_documents([document])

    def index_offers(self, offers) -> None:
        ids = [offer.pk for offer in offers]
        documents = list(iter_documents(live_offers().filter(pk__in=ids)))
        store.save_documents(documents)
        store.remove_documents(set(ids) - {document["offer_id"] for document in documents})

    def remove_offer(self, offer_id: int) -> None:
        store.remove_documents([offer_id])

    def rebuild(self, progress=None) -> RebuildSummary:
        started = time.monotonic()
        before = SearchDocument.objects.filter(live=True).count()
        total = live_offers().count()
        extra = {"rows": True} if self.write_rows else {}
        indexed = store.replace_all(iter_documents(), total, progress, **extra)
        self.after_rebuild()
        return RebuildSummary(indexed=indexed, removed=max(0, before - indexed), seconds=time.monotonic() - started)

    def after_rebuild(self) -> None:
        """Drop what this process derived from the old index."""
