"""What every search backend offers: the service talks to backends only through this."""

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from search.query import SearchQuery, SearchResult


@dataclass
class RebuildSummary:
    indexed: int = 0
    removed: int = 0
    seconds: float = 0.0

    def __str__(self):
        return f"indexed {self.indexed} offers, removed {self.removed} stale entries in {self.seconds:.1f} s"


class SearchBackend(ABC):
    """One search backend. Documents come from `search.documents`; answers follow the contract
    in `search.query` and the shared contract tests in tests/search/test_contract.py."""

    name = "base"

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Answer one query: page of hits, total count, facet counts, suggestions."""

    @abstractmethod
    def index_offer(self, offer) -> None:
        """(Re)index one offer; an offer that is not live is removed instead."""

    @abstractmethod
    def remove_offer(self, offer_id: int) -> None:
        """Remove one offer (by page id) from the index; no error when it is not there."""

    @abstractmethod
    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> RebuildSummary:
        """Rebuild the whole index from the live offers; `progress(done, total)` after each chunk."""

    def warm(self) -> None:
        """Load what the first search would otherwise wait for (an in-process index); called by
        `search.service.warm()` before a worker takes traffic. Nothing by default."""
        return None

    def index_offers(self, offers) -> None:
        """(Re)index several offers; backends may do this in bulk."""
        for offer in offers:
            self.index_offer(offer)
