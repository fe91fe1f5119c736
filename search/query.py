"""The search service's contract: a `SearchQuery` goes in, a `SearchResult` comes out.

Both backends (database, elasticsearch) take and return exactly these objects, the HTML page
and the JSON API build them, and the contract test suite checks them.
"""

from dataclasses import dataclass, field

# Facet name -> vocabulary taxonomy (None: not a vocabulary facet). The order is the order on screen.
FACETS = {
    "field_of_action": "field-of-action",
    "target_group": "target-group",
    "district": "district",
    "language": None,
    "delivery": "delivery",
    "funding_level": "funding-level",
    "legal_scope": "legal-scope",
    "provider": None,
    "programme": None,
    "free": None,
    # What a referral depends on (issue 14); codes built by search.documents.referral_facets.
    "free_for": None,
    "childcare": None,
    "part_time": None,
    "course_level": None,
    "start": None,
    "capacity": None,
    # "Available in my language" (issue 13): the filter code is the reader's language.
    "translated": None,
}

SORTS = ("relevance", "name", "verified", "distance")
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    language: str = "de"
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> selected codes
    age: int | None = None
    residence_status: tuple[str, ...] = ()
    sort: str = "relevance"
    near: str | None = None  # a Stadtteil code, for sort=distance
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


@dataclass
class FacetOption:
    code: str
    label: str
    count: int
    selected: bool = False
    children: list["FacetOption"] = field(default_factory=list)  # Stadtteile below a Stadtbezirk


@dataclass
class Hit:
    offer_id: int  # page id
    hsds_id: str
    title: str
    summary: str
    url: str
    provider_id: str
    provider_name: str
    districts: list[str]
    languages: list[str]
    fields_of_action: list[str]
    target_groups: list[str]
    free: bool
    highlight: str = ""
    score: float = 0.0
    version: str = ""  # fingerprint of the indexed document (search.documents.document_version)


@dataclass
class SearchResult:
    query: SearchQuery
    count: int
    hits: list[Hit]
    facets: dict[str, list[FacetOption]]
    suggestions: list[str] = field(default_factory=list)  # spelling suggestions for an empty result
    backend: str = "database"
    # With search text: how many of the `count` results match every word of the query (they
    # come first); None without text or where a backend cannot tell.
    all_words_total: int | None = None
