"""`GET /api/v1/search/`: the search as JSON (shape fixed; other tools depend on it)."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from search import fit
from search.log import log_search, remember_search
from search.params import ParameterError, parse_params
from search.query import FacetOption, SearchQuery, SearchResult
from search.service import search


def _option(option: FacetOption) -> dict:
    data = {"code": option.code, "label": option.label, "count": option.count, "selected": option.selected}
    if option.children:
        data["children"] = [_option(child) for child in option.children]
    return data


def result_json(result: SearchResult, reasons: dict | None = None) -> dict:
    """The documented shape; `reasons` (search.fit) adds why each offer fits one person."""
    query = result.query
    reasons = reasons or {}
    return {
        "count": result.count,
        "page": query.page,
        "page_size": query.page_size,
        "results": [
            {
                "id": hit.hsds_id,
                "title": hit.title,
                "summary": hit.summary,
                "url": hit.url,
                "provider": {"id": hit.provider_id, "name": hit.provider_name},
                "districts": hit.districts,
                "languages": hit.languages,
                "fields_of_action": hit.fields_of_action,
                "target_groups": hit.target_groups,
                "free": hit.free,
                "highlight": hit.highlight,
                "reasons": reasons.get(hit.offer_id, []),
            }
            for hit in result.hits
        ],
        "facets": {facet: [_option(option) for option in options] for facet, options in result.facets.items()},
        "suggestions": result.suggestions,
    }


@require_safe
def search_api(request):
    try:
        query = parse_params(request.GET)
        person = fit.person_from(request.GET, query)
    except ParameterError as error:
        return JsonResponse({"error": error.message, "parameter": error.param}, status=400)
    result = search(query)
    # Describing a client: the log keeps the words searched, no fact about the person.
    client_mode = fit.is_client_mode(request.GET)
    logged = SearchQuery(text=query.text, language=query.language) if client_mode else query
    log_search(request, logged, result.count)
    reasons = fit.reasons(result.hits, person, query.language)
    response = JsonResponse(result_json(result, reasons), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return remember_search(response, logged, result.count)
