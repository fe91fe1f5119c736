"""`GET /api/v1/search/`: the search as JSON (shape fixed; other tools depend on it)."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from search.log import log_search
from search.params import ParameterError, parse_params
from search.query import FacetOption, SearchResult
from search.service import search


def _option(option: FacetOption) -> dict:
    data = {"code": option.code, "label": option.label, "count": option.count, "selected": option.selected}
    if option.children:
        data["children"] = [_option(child) for child in option.children]
    return data


def result_json(result: SearchResult) -> dict:
    query = result.query
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
    except ParameterError as error:
        return JsonResponse({"error": error.message, "parameter": error.param}, status=400)
    result = search(query)
    log_search(request, query, result.count)
    response = JsonResponse(result_json(result), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
