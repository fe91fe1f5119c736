"""A collection's criteria: a search service query saved as content.

Criteria are stored as the search's own parameters (facet codes, text, age, residence status,
sort, near), so a collection, the search page ("open in search") and `/api/v1/search/` read them
with the one parser (`search.params.parse_params`) and get the same offers. A reader may only
narrow them: a refinement of a facet the editor fixed must lie within the fixed codes.
"""

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from search import service
from search.params import ParameterError, parse_params
from search.query import FACETS, MAX_PAGE_SIZE, SORTS, SearchQuery, SearchResult
from services_directory.models import OfferPage, Term
from services_directory.models.vocabulary import DISTRICT

# Beyond the search's sorts: newest first, by first publication (the search has no date sort,
# so the matching offers are ordered by date after the search found them).
NEWEST = "newest"
COLLECTION_SORTS = (*SORTS, NEWEST)
# A collection ordered by date reads at most this many matches (MAX_PAGE_SIZE per search call).
MAX_ORDERED = 2000


@dataclass(frozen=True)
class Criteria:
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> fixed codes (OR)
    text: str = ""
    age: int | None = None
    residence_status: tuple[str, ...] = ()
    sort: str = "name"
    near: str | None = None

    @classmethod
    def from_data(cls, data) -> "Criteria":
        """From the stored JSON; unknown keys are ignored, validation is `validate()`'s job."""
        data = data or {}
        filters = {
            facet: tuple(str(code) for code in codes)
            for facet, codes in (data.get("filters") or {}).items()
            if codes
        }
        age = data.get("age")
        return cls(
            filters=filters,
            text=str(data.get("text") or "").strip(),
            age=int(age) if age not in (None, "") else None,
            residence_status=tuple(data.get("residence_status") or ()),
            sort=data.get("sort") or "name",
            near=data.get("near") or None,
        )

    def as_data(self) -> dict:
        return {
            "filters": {facet: list(codes) for facet, codes in self.filters.items() if codes},
            "text": self.text,
            "age": self.age,
            "residence_status": list(self.residence_status),
            "sort": self.sort,
            "near": self.near,
        }

    def allowed(self, facet) -> set[str] | None:
        """The codes a reader may choose in `facet`: None when the editor fixed nothing there;
        a fixed Stadtbezirk allows its Stadtteile."""
        fixed = self.filters.get(facet)
        if not fixed:
            return None
        allowed = set(fixed)
        if FACETS.get(facet) == DISTRICT:
            allowed |= set(
                Term.objects.of(DISTRICT).filter(parent__code__in=fixed).values_list("code", flat=True)
            )
        return allowed

    def narrowed(self, refine=None) -> dict[str, tuple[str, ...]]:
        """The filters with the reader's refinements: within a fixed facet only its allowed codes
        count (others are ignored, they would widen the collection); elsewhere they add a filter."""
        filters = dict(self.filters)
        for facet, codes in (refine or {}).items():
            allowed = self.allowed(facet)
            chosen = tuple(code for code in codes if allowed is None or code in allowed)
            if chosen:
                filters[facet] = chosen
        return filters

    def pairs(self, refine=None, for_search=False) -> list[tuple[str, str]]:
        """The criteria as search parameters ((name, value) pairs, as the search page's URLs);
        `for_search` leaves out a sort the search does not know."""
        pairs = [("q", self.text)] if self.text else []
        for facet in FACETS:
            pairs += [(facet, code) for code in self.narrowed(refine).get(facet, ())]
        if self.age is not None:
            pairs.append(("age", str(self.age)))
        pairs += [("residence_status", code) for code in self.residence_status]
        if self.sort and not (for_search and self.sort not in SORTS):
            pairs.append(("sort", self.sort))
        if self.near:
            pairs.append(("near", self.near))
        return pairs

    def query(self, language, refine=None, page=1, page_size=20) -> SearchQuery:
        """The search query; raises `ParameterError` for criteria or refinements the search rejects."""
        params = QueryDict(mutable=True)
        for name, value in self.pairs(refine, for_search=True):
            params.appendlist(name, value)
        if self.sort == NEWEST:
            params["sort"] = "name"
        params["page"] = str(page)
        params["page_size"] = str(page_size)
        return parse_params(params, default_language=language)


def validate(criteria: Criteria) -> None:
    """ValidationError naming the criterion the search service rejects (unknown facet, code,
    sort, Stadtteil, bad age) – the same rules as the search page and API."""
    unknown = sorted(set(criteria.filters) - set(FACETS))
    if unknown:
        raise ValidationError(_("Unknown criterion: %(name)s"), params={"name": ", ".join(unknown)})
    if criteria.sort not in COLLECTION_SORTS:
        raise ValidationError(_("Unknown sort order: %(name)s"), params={"name": criteria.sort})
    try:
        criteria.query("de")
    except ParameterError as error:
        raise ValidationError(
            _("The criterion “%(name)s” is not valid: %(message)s"),
            params={"name": error.param, "message": error.message},
        ) from None


def run(criteria: Criteria, language, refine=None, page=1, page_size=20) -> SearchResult:
    """The collection's offers through the search service (one page of them, with facets).
    Raises `ParameterError` for refinements or a page number the search rejects."""
    query = criteria.query(language, refine, page=page, page_size=page_size)
    if criteria.sort != NEWEST:
        return service.search(query)
    first, hits = all_hits(criteria, language, refine)
    published = dict(OfferPage.objects.filter(pk__in=[hit.offer_id for hit in hits]).values_list("pk", "first_published_at"))
    hits.sort(key=lambda hit: (published.get(hit.offer_id) is None, _minus(published.get(hit.offer_id))))
    start = (page - 1) * page_size
    return SearchResult(
        query=replace(query, page=page, page_size=page_size, sort=NEWEST),
        count=first.count,
        hits=hits[start : start + page_size],
        facets=first.facets,
        backend=first.backend,
    )


def all_hits(criteria: Criteria, language, refine=None):
    """(first result, every hit up to MAX_ORDERED) in the search's name order."""
    query = criteria.query(language, refine, page=1, page_size=MAX_PAGE_SIZE)
    first = service.search(query)
    hits = list(first.hits)
    page = 1
    while len(hits) < min(first.count, MAX_ORDERED) and page * MAX_PAGE_SIZE < first.count:
        page += 1
        more = service.search(replace(query, page=page))
        if not more.hits:
            break
        hits += more.hits
    return first, hits


def _minus(moment):
    return -moment.timestamp() if moment else 0


def count(criteria: Criteria, language="de") -> int:
    return service.search(criteria.query(language, page_size=1)).count
