"""Request parameters -> `SearchQuery`, shared by the JSON API and the HTML page.

Unknown parameters are ignored (tracking parameters, cache busters); a bad value of a known
parameter raises `ParameterError` naming it, which the API turns into a 400.
"""

import re

from django.conf import settings

from search.documents import FREE_FALSE, FREE_FOR_ALL, FREE_TRUE, ROLLING_START
from search.query import DEFAULT_PAGE_SIZE, FACETS, MAX_PAGE_SIZE, SORTS, SearchQuery
from services_directory.models import OfferLanguage, OfferPage, ProgrammePage, ProviderPage, Term
from services_directory.models.offers import CEFR_LEVELS, known_language_codes
from services_directory.models.vocabulary import BENEFIT

MAX_TEXT = 200
# Parameters that take several values: repeated (`?district=a&district=b`) or comma-separated.
LIST_PARAMS = (*FACETS, "residence_status")


class ParameterError(ValueError):
    def __init__(self, param: str, message: str):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


def values(params, name) -> list[str]:
    """The non-empty values of one parameter, each once, in order; list parameters split at commas."""
    found = []
    for raw in params.getlist(name):
        for value in raw.split(",") if name in LIST_PARAMS else [raw]:
            value = value.strip()
            if value and value not in found:
                found.append(value)
    return found


def _known_codes(facet: str, terms: dict | None = None) -> set[str]:
    taxonomy = FACETS.get(facet)
    if taxonomy and terms is not None:
        return {term.code for term in terms.get(taxonomy, [])}
    if taxonomy:
        return set(Term.objects.of(taxonomy).values_list("code", flat=True))
    if facet == "language":
        return known_language_codes() | set(OfferLanguage.objects.values_list("code", flat=True))
    if facet == "provider":
        return {str(value) for value in ProviderPage.objects.values_list("hsds_id", flat=True)}
    if facet == "programme":
        return {str(value) for value in ProgrammePage.objects.values_list("hsds_id", flat=True)}
    if facet == "free":
        return {FREE_TRUE, FREE_FALSE}
    if facet == "free_for":
        return {FREE_FOR_ALL} | set(Term.objects.of(BENEFIT).values_list("code", flat=True))
    if facet in ("childcare", "part_time"):
        return {FREE_TRUE}
    if facet == "course_level":
        return set(CEFR_LEVELS)
    if facet == "translated":
        return {code for code, _name in settings.LANGUAGES}
    return set()


_MONTH = re.compile(r"^20\d\d-(0[1-9]|1[0-2])$")


def _known(facet: str, terms: dict | None = None):
    """A test for the codes of one facet (start months are any "YYYY-MM")."""
    if facet == "start":
        return lambda code: code == ROLLING_START or bool(_MONTH.match(code))
    if facet == "capacity":
        return {code for code, _label in OfferPage.CAPACITY_CHOICES}.__contains__
    return _known_codes(facet, terms).__contains__


def _int(params, name, minimum, maximum, default):
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ParameterError(name, f"must be a whole number, not {raw[:50]!r}") from None
    if not minimum <= value <= maximum:
        raise ParameterError(name, f"must be between {minimum} and {maximum}")
    return value


def _codes(params, name, known) -> tuple[str, ...]:
    """The codes of a list parameter; `known` is a set of codes or a test for one."""
    codes = values(params, name)
    test = known if callable(known) else known.__contains__
    for code in codes:
        if not test(code):
            raise ParameterError(name, f"unknown code {code[:80]!r}")
    return tuple(codes)


def parse_params(params, default_language: str | None = None, terms: dict | None = None) -> SearchQuery:
    """A `SearchQuery` from a QueryDict (request.GET); `terms` (taxonomy -> terms) spares a
    caller that has read the vocabulary already another read."""
    languages = [code for code, _name in settings.LANGUAGES]
    language = params.get("lang") or default_language or settings.LANGUAGE_CODE
    if language not in languages:
        raise ParameterError("lang", f"unknown language {language[:20]!r}; use one of {', '.join(languages)}")
    text = (params.get("q") or "").strip()
    if len(text) > MAX_TEXT:
        raise ParameterError("q", f"is longer than {MAX_TEXT} characters")
    filters = {}
    for facet in FACETS:
        if params.getlist(facet):
            codes = _codes(params, facet, _known(facet, terms))
            if codes:
                filters[facet] = codes
    residence = ()
    if params.getlist("residence_status"):
        residence = _codes(params, "residence_status", set(Term.objects.of("residence-status").values_list("code", flat=True)))
    near = params.get("near") or None
    if near is not None and not Term.objects.stadtteile().filter(code=near).exists():
        raise ParameterError("near", f"unknown Stadtteil code {near[:80]!r}")
    sort = params.get("sort") or ("relevance" if text else "name")
    if sort not in SORTS:
        raise ParameterError("sort", f"unknown sort {sort[:30]!r}; use one of {', '.join(SORTS)}")
    if sort == "distance" and near is None:
        raise ParameterError("near", "is required for sort=distance (a Stadtteil code)")
    return SearchQuery(
        text=text,
        language=language,
        filters=filters,
        age=_int(params, "age", 0, 130, None),
        residence_status=residence,
        sort=sort,
        near=near,
        page=_int(params, "page", 1, 10000, 1),
        page_size=_int(params, "page_size", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
    )
