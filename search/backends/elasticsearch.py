"""The Elasticsearch backend: the offer index behind an alias, searched with OfferSearch.

The alias (`<prefix>-offers`) always points at one complete index. A rebuild fills a new
`<prefix>-offers-<timestamp>` index, then moves the alias in one atomic `update_aliases` call
and deletes the old indices, so searches never see a half-built index.
"""

import logging
import time
import uuid

from django.conf import settings
from django.db.models import Avg
from django.utils.translation import override
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import streaming_bulk

from search import documents
from search.backends.base import RebuildSummary, SearchBackend
from search.es_documents import offer_index, to_source
from search.es_query import OfferSearch, search_languages
from search.facets import build_options
from search.models import SearchSynonym
from search.query import FACETS, SearchQuery, SearchResult
from services_directory.models import Place, ProgrammePage, ProviderPage

logger = logging.getLogger("kim.search")

REQUEST_TIMEOUT = 3  # seconds: a slow cluster falls back to the database instead of hanging a page
BULK_CHUNK = 500


def make_client(url):
    return Elasticsearch(url, request_timeout=REQUEST_TIMEOUT, max_retries=1, retry_on_timeout=False)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url=None, index_prefix=None, client=None, refresh=False):
        self.url = url or settings.ELASTICSEARCH_URL
        self.prefix = index_prefix or settings.ELASTICSEARCH_INDEX_PREFIX
        self.alias = f"{self.prefix}-offers"
        self._client = client
        self.refresh = refresh  # make each change searchable at once (tests); off in production

    @property
    def client(self):
        if self._client is None:
            self._client = make_client(self.url)
        return self._client

    # -- searching ------------------------------------------------------------------------------

    def build_search(self, query: SearchQuery) -> OfferSearch:
        near = near_point(query.near) if query.sort == "distance" and query.near else None
        return OfferSearch(
            query, index=self.alias, using=self.client, synonym_groups=synonym_groups(), near_point=near
        )

    def search(self, query: SearchQuery) -> SearchResult:
        response = self.build_search(query).execute()
        return result_from_response(response.to_dict(), query)

    # -- keeping the index up to date ----------------------------------------------------------

    def ensure_index(self):
        """Create an empty index behind the alias when there is none (first start, lost cluster)."""
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index_name()
            offer_index(name, using=self.client).create()
            self.client.indices.update_aliases(actions=[{"add": {"index": name, "alias": self.alias}}])

    def index_offer(self, offer):
        document = documents.document_for(offer.pk)
        if document is None:
            self.remove_offer(offer.pk)
            return
        self.ensure_index()
        self.client.index(
            index=self.alias, id=str(offer.pk), document=to_source(document), refresh=self.refresh or None
        )

    def index_documents(self, docs):
        """Put already-built documents into the live index (used by the live tests)."""
        self.ensure_index()
        self._bulk(self.alias, docs)
        self.client.indices.refresh(index=self.alias)

    def remove_offer(self, offer_id):
        try:
            self.client.delete(index=self.alias, id=str(offer_id), refresh=self.refresh or None)
        except NotFoundError:
            pass

    def rebuild(self, progress=None):
        """Index every live offer into a fresh index, then swap the alias to it."""
        started = time.monotonic()
        total = documents.live_offers().count()
        name = self._new_index_name()
        offer_index(name, using=self.client).create()
        try:
            count = self._bulk(name, documents.iter_documents(), progress and (lambda done: progress(done, total)))
            self.client.indices.refresh(index=name)
        except Exception:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        old = self._indices_behind_alias()
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return RebuildSummary(indexed=count, removed=0, seconds=time.monotonic() - started)

    def _bulk(self, index, docs, progress=None):
        actions = (
            {"_index": index, "_id": str(doc["offer_id"]), "_source": to_source(doc)} for doc in docs
        )
        count = 0
        for _ok, _item in streaming_bulk(self.client, actions, chunk_size=BULK_CHUNK, raise_on_error=True):
            count += 1
            if progress and (count % BULK_CHUNK == 0):
                progress(count)
        if progress:
            progress(count)
        return count

    def _indices_behind_alias(self):
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def _new_index_name(self):
        return f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"


def synonym_groups():
    """The editable synonym list (SearchSynonym) as groups of equivalent words."""
    return [synonym.words() for synonym in SearchSynonym.objects.all()]


def near_point(stadtteil_code):
    """The middle of a Stadtteil's places with coordinates: where "near" measures from."""
    centre = Place.objects.filter(district__code=stadtteil_code, latitude__isnull=False).aggregate(
        lat=Avg("latitude"), lon=Avg("longitude")
    )
    if centre["lat"] is None:
        return None
    return float(centre["lat"]), float(centre["lon"])


def facet_names(counts, query):
    """(facet, code) -> name for the provider and programme options, in the reader's language."""
    names = {}
    with override(query.language):
        for facet, model in (("provider", ProviderPage), ("programme", ProgrammePage)):
            codes = set(counts.get(facet) or ()) | set(query.filters.get(facet, ()))
            if codes:
                for page in model.objects.filter(hsds_id__in=[code for code in codes if _is_uuid(code)]):
                    names[(facet, str(page.hsds_id))] = page.title
    return names


def _is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _highlight(raw_hit, language):
    fragments = raw_hit.get("highlight") or {}
    for code in search_languages(language):
        for kind in ("summary", "description"):
            for fragment in fragments.get(f"{kind}.{code}") or ():
                return fragment
    return ""


def _suggestions(raw, text):
    """Spelling suggestions from the term suggesters: the text with each misspelt word replaced."""
    best = {}
    for entries in (raw.get("suggest") or {}).values():
        for entry in entries:
            for option in entry.get("options") or ():
                current = best.get(entry["text"])
                if current is None or (option["score"], option["freq"]) > (current["score"], current["freq"]):
                    best[entry["text"]] = option
    if not best:
        return []
    words = text.split()
    corrected = [best[word.casefold()]["text"] if word.casefold() in best else word for word in words]
    suggestion = " ".join(corrected)
    return [suggestion] if suggestion.casefold() != text.casefold() else []


def result_from_response(raw: dict, query: SearchQuery) -> SearchResult:
    """A SearchResult from the JSON Elasticsearch answered (what `response.to_dict()` gives)."""
    total = raw["hits"]["total"]
    count = total["value"] if isinstance(total, dict) else int(total)
    hits = []
    for raw_hit in raw["hits"]["hits"]:
        document = raw_hit["_source"]["document"]
        hits.append(
            documents.hit_from_document(
                document, query.language, score=raw_hit.get("_score") or 0.0,
                highlight=_highlight(raw_hit, query.language),
            )
        )
    aggregations = raw.get("aggregations") or {}
    counts = {}
    for facet in FACETS:
        buckets = aggregations.get(f"_filter_{facet}", {}).get(facet, {}).get("buckets", [])
        counts[facet] = {str(bucket.get("key_as_string", bucket["key"])): bucket["doc_count"] for bucket in buckets}
    text = query.text.strip()
    return SearchResult(
        query=query,
        count=count,
        hits=hits,
        facets=build_options(query, counts, facet_names(counts, query)),
        suggestions=_suggestions(raw, text) if text and count == 0 else [],
        backend="elasticsearch",
    )
