"""Coverage: live offers per Stadtbezirk (or Stadtteil) and field of action, counted by the search service.

Every count is the number `/api/v1/search/` gives for the same filters: the matrix is read from
the search service's district facet, one query per field of action (a facet's counts apply
every other selected filter, so `field_of_action=F` with the coverage filters yields the count
of each district cell in that column).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from search.query import SearchQuery
from search.service import search
from services_directory.models import Term

THIN_AT_MOST = 2  # a cell with one or two offers is thin: one closure leaves people without help
EMPTY, THIN, COVERED = "empty", "thin", "covered"
# Query parameters of the coverage filters, named as the search API names them.
FILTER_PARAMS = ("target_group", "language", "funding_level", "residence_status")


@dataclass
class Cell:
    count: int
    url: str  # the public search with the same filters

    @property
    def state(self):
        if self.count == 0:
            return EMPTY
        return THIN if self.count <= THIN_AT_MOST else COVERED


@dataclass
class Row:
    code: str
    label: str
    level: str  # "stadtbezirk" or "stadtteil"
    cells: dict = field(default_factory=dict)  # field-of-action code -> Cell
    total: Cell | None = None
    parent: str = ""


@dataclass
class Coverage:
    fields: list  # [(code, label)]
    rows: list  # [Row]
    totals: dict  # field code -> Cell (all districts)
    total: Cell
    filters: dict

    def cells(self):
        for row in self.rows:
            for code, _label in self.fields:
                yield row, code, row.cells[code]

    def bezirk_cells(self):
        return [(row, code, cell) for row, code, cell in self.cells() if row.level == "stadtbezirk"]


def search_language(language=None):
    """The portal language the report speaks (the admin's language when it is one, else German)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    language = language.split("-")[0]
    return language if language in codes else settings.LANGUAGE_CODE


def query_for(filters: dict, language: str, **extra) -> SearchQuery:
    """The `SearchQuery` of the coverage filters (`{param: code or ""}`) plus `extra` facets."""
    facets = {name: (code,) for name, code in filters.items() if code and name != "residence_status"}
    facets.update({name: (code,) for name, code in extra.items() if code})
    residence = (filters["residence_status"],) if filters.get("residence_status") else ()
    return SearchQuery(language=language, filters=facets, residence_status=residence, page_size=1)


def search_url(filters: dict, language: str, **extra) -> str:
    """The public search page showing the offers of one cell."""
    params = [(name, code) for name, code in {**filters, **extra}.items() if code]
    with translation.override(language):
        base = reverse("search")
    return f"{base}?{urlencode(params)}" if params else base


def coverage_fields(language=None) -> list[tuple[str, str]]:
    """[(code, label)] of the fields of action, in vocabulary order, in the report's language."""
    with translation.override(search_language(language)):
        return [(term.code, term.name) for term in Term.objects.of("field-of-action").filter(parent=None)]


def bezirk_labels(language=None) -> dict[str, str]:
    with translation.override(search_language(language)):
        return {term.code: term.name for term in Term.objects.stadtbezirke()}


def _district_counts(options) -> dict[str, int]:
    counts = {}
    for option in options:
        counts[option.code] = option.count
        for child in option.children:
            counts[child.code] = child.count
    return counts


def coverage(filters: dict | None = None, expand=(), language=None) -> Coverage:
    """The coverage matrix for `filters` (`{param: code}`), Stadtteile shown below each Stadtbezirk
    in `expand` (codes; "all" expands every one)."""
    language = search_language(language)
    filters = {name: (filters or {}).get(name) or "" for name in FILTER_PARAMS}
    fields = coverage_fields(language)
    with translation.override(language):
        bezirke = list(Term.objects.stadtbezirke().order_by("sort_order", "number", "code"))
        teile = {}
        for teil in Term.objects.stadtteile().order_by("sort_order", "code"):
            teile.setdefault(teil.parent_id, []).append(teil)
        labels = {term.pk: term.name for term in [*bezirke, *(t for ts in teile.values() for t in ts)]}

    overall = search(query_for(filters, language))
    by_district_total = _district_counts(overall.facets.get("district", []))
    by_field_total = {option.code: option.count for option in overall.facets.get("field_of_action", [])}
    by_field = {
        code: _district_counts(search(query_for(filters, language, field_of_action=code)).facets.get("district", []))
        for code, _label in fields
    }

    def cell(count, **extra):
        return Cell(count=count, url=search_url(filters, language, **extra))

    def make_row(term, level, parent=""):
        row = Row(code=term.code, label=labels[term.pk], level=level, parent=parent)
        for code, _label in fields:
            row.cells[code] = cell(by_field[code].get(term.code, 0), district=term.code, field_of_action=code)
        row.total = cell(by_district_total.get(term.code, 0), district=term.code)
        return row

    rows = []
    for bezirk in bezirke:
        rows.append(make_row(bezirk, "stadtbezirk"))
        if "all" in expand or bezirk.code in expand:
            rows += [make_row(teil, "stadtteil", parent=bezirk.code) for teil in teile.get(bezirk.pk, [])]
    totals = {code: cell(by_field_total.get(code, 0), field_of_action=code) for code, _label in fields}
    return Coverage(fields=fields, rows=rows, totals=totals, total=cell(overall.count), filters=filters)


def cell_counts(filters: dict | None = None) -> dict[tuple[str, str], int]:
    """{(Stadtbezirk code, field code): live offers} for the funding-risk and trend figures."""
    matrix = coverage(filters)
    return {(row.code, code): cell.count for row, code, cell in matrix.bezirk_cells()}
