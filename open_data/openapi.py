"""The OpenAPI description of the portal's APIs (HSDS under /api/hsds/ and /api/v1/search/),
served at /api/schema/, and a readable, server-rendered docs page at /api/docs/.

The HSDS object schemas are read from open_data/hsds/schema and embedded as components (their
file references rewritten to `#/components/schemas/...`), so the description is self-contained
and nothing is fetched from the network.
"""

import copy
import json
from functools import cache

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from open_data.paths import schema_dir
from open_data.serializers import HSDS_VERSION
from open_data.views import DEFAULT_PER_PAGE, MAX_PER_PAGE, answer
from search.query import FACETS, MAX_PAGE_SIZE, SORTS

SCHEMA_FILES = [
    "service", "organization", "program", "location", "address", "service_at_location", "schedule",
    "language", "cost_option", "attribute", "taxonomy", "taxonomy_term", "phone", "contact",
    "accessibility", "required_document", "funding", "service_area", "service_capacity", "unit",
    "url", "metadata", "organization_identifier",
]
ANNOTATIONS = {"name", "core", "constraints", "datapackage_metadata", "path", "title", "example", "order"}


def _rewrite(node):
    """Turn "phone.json" references into component references; drop tabular annotations."""
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.endswith(".json"):
                result[key] = "#/components/schemas/" + value.rsplit("/", 1)[-1][: -len(".json")]
            elif key in ANNOTATIONS and not isinstance(value, dict | list):
                continue
            else:
                result[key] = _rewrite(value)
        return result
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    return node


@cache
def hsds_components():
    components = {}
    for name in SCHEMA_FILES:
        path = schema_dir() / f"{name}.json"
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                schema = json.load(handle)
            components[name] = _rewrite({k: v for k, v in schema.items() if k not in ("$schema", "$id")})
    return components


def _param(name, description, schema, *, where="query", required=False, explode=None):
    parameter = {"name": name, "in": where, "required": required, "description": description, "schema": schema}
    if explode is not None:
        parameter["explode"] = explode
    return parameter


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def _common_params():
    return [
        _param("lang", "Language of the texts (a portal language; default de).", {"type": "string", "enum": _languages()}),
        _param("page", "Page number, from 1 (0 or less: the first page).", {"type": "integer", "default": 1}),
        _param(
            "per_page",
            f"Results per page. Any integer is accepted and clamped to 1..{MAX_PER_PAGE} (10 for nested "
            "organization listings); `size` and `total_pages` say what was served. For everything at once "
            "use `format=ndjson`.",
            {"type": "integer", "default": DEFAULT_PER_PAGE},
        ),
        _param(
            "format", "`json` (a Page) or `ndjson`: every record, one JSON document per line, streamed without paging.",
            {"type": "string", "enum": ["json", "ndjson"]},
        ),
        _param("search", "Text that names must contain (case-insensitive).", {"type": "string"}),
    ]


def _filters(*names):
    described = {
        "taxonomy_term_id": ("Records classified with this taxonomy term (its narrower terms included).", {"type": "string", "format": "uuid"}),
        "taxonomy_id": ("Records with any term of this taxonomy (its id, or our code such as `field-of-action`).", {"type": "string"}),
        "organization_id": ("Services of this organization.", {"type": "string", "format": "uuid"}),
        "modified_after": (
            "Services whose document changed on or after this date or date-time (ISO 8601; an unencoded `+01:00` "
            "offset is understood): the offer, its organization, programme, places, hours or vocabulary labels. "
            "Compare with `last_modified`.",
            {"type": "string", "format": "date-time"},
        ),
        "postcode": ("Services delivered at a place with this postcode.", {"type": "string", "pattern": "^[0-9]{5}$"}),
        "proximity": (
            "With `postcode`: services at places within this many metres of the postcode's centre (the mean "
            "position of the directory's places there).",
            {"type": "number", "minimum": 0},
        ),
        "full": ("Fully nested records.", {"type": "boolean"}),
        "minimal": ("Only `id` and `last_modified` (and the `name` and `status` the list schema requires).", {"type": "boolean"}),
        "full_service": ("Nest full services in organizations.", {"type": "boolean"}),
        "top_only": ("Only terms without a parent.", {"type": "boolean"}),
        "parent_id": ("Terms below this term.", {"type": "string", "format": "uuid"}),
    }
    return [_param(name, *described[name]) for name in names]


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _page_of(name):
    return {"allOf": [_ref("Page"), {"type": "object", "properties": {"contents": {"type": "array", "items": _ref(name)}}}]}


def _json(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": _json("A parameter is invalid; `parameter` names it.", _ref("Error")),
}
NOT_FOUND = {"404": _json("No published record has this id.", _ref("Error"))}


def _list_op(summary, tag, schema, params):
    get = {
        "summary": summary,
        "tags": [tag],
        "operationId": summary.replace(" ", "_").lower(),
        "parameters": params,
        "responses": {"200": _json(summary, _page_of(schema)), **ERRORS},
    }
    post = {
        **get,
        "summary": f"{summary} (POST)",
        "operationId": get["operationId"] + "_post",
        "description": "The same query as GET (HSDS 3.1); the parameters may also come as a JSON object or a form in the body.",
    }
    return {"get": get, "post": post}


def _detail_op(summary, tag, schema, extra=(), description=None):
    operation = {
        "get": {
            "summary": summary,
            "tags": [tag],
            "operationId": summary.replace(" ", "_").lower(),
            "parameters": [
                _param("id", "The record's HSDS id (a UUID).", {"type": "string"}, where="path", required=True),
                _common_params()[0],
                *extra,
            ],
            "responses": {"200": _json(summary, _ref(schema)), **ERRORS, **NOT_FOUND},
        }
    }
    if description:
        operation["get"]["description"] = description
    return operation


def _search_api():
    facet_params = [
        _param(
            facet,
            f"Filter by {facet.replace('_', ' ')} code (repeat for several; values OR, facets AND).",
            {"type": "array", "items": {"type": "string"}} if facet != "free" else {"type": "boolean"},
            explode=True if facet != "free" else None,
        )
        for facet in FACETS
    ]
    return {
        "get": {
            "summary": "Search offers",
            "tags": ["Search"],
            "operationId": "search_offers",
            "parameters": [
                _param("q", "Search text.", {"type": "string"}),
                _param("lang", "Language of labels and texts.", {"type": "string", "enum": _languages()}),
                *facet_params,
                _param("age", "Offers whose age limits admit this age.", {"type": "integer", "minimum": 0}),
                _param("residence_status", "Offers open to this residence status (repeatable).", {"type": "array", "items": {"type": "string"}}, explode=True),
                _param("sort", "Order of results.", {"type": "string", "enum": list(SORTS)}),
                _param("near", "A Stadtteil code, for sort=distance.", {"type": "string"}),
                _param("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
                _param("page_size", f"Results per page (at most {MAX_PAGE_SIZE}).", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}),
            ],
            "responses": {"200": _json("Results and facets.", _ref("SearchResult")), **ERRORS},
        }
    }


SEARCH_RESULT = {
    "type": "object",
    "required": ["count", "page", "page_size", "results", "facets"],
    "properties": {
        "count": {"type": "integer"},
        "page": {"type": "integer"},
        "page_size": {"type": "integer"},
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "format": "uuid", "description": "The offer's HSDS id."},
                    "title": {"type": "string"},
                    "summary": {"type": "string"},
                    "url": {"type": "string"},
                    "provider": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
                    "districts": {"type": "array", "items": {}},
                    "languages": {"type": "array", "items": {}},
                    "fields_of_action": {"type": "array", "items": {}},
                    "target_groups": {"type": "array", "items": {}},
                    "free": {"type": "boolean"},
                    "highlight": {"type": "string"},
                    "reasons": {
                        "type": "array",
                        "description": "Why the offer fits the person described (age, residence_status, near, "
                        "language, field_of_action, benefit, speaks, single_parent, disability, childcare_needed) "
                        "and what may not fit, in the reader's language; empty when no person facts are given.",
                        "items": {
                            "type": "object",
                            "properties": {
                                "kind": {"type": "string", "enum": ["match", "caveat"]},
                                "code": {"type": "string"},
                                "label": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
        "facets": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "string"},
                        "label": {"type": "string"},
                        "count": {"type": "integer"},
                        "selected": {"type": "boolean"},
                    },
                },
            },
        },
    },
}

PAGE = {
    "type": "object",
    "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array"},
    },
}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}},
}


def openapi_document(base_url=""):
    common = _common_params()
    hsds = "/api/hsds"
    paths = {
        f"{hsds}/": {
            "get": {
                "summary": "About this API",
                "tags": ["HSDS"],
                "operationId": "hsds_about",
                "responses": {"200": _json("HSDS version, profile and this description.", _ref("About"))},
            }
        },
        f"{hsds}/services": _list_op(
            "List services", "HSDS", "service",
            common + _filters("taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "postcode", "proximity", "full", "minimal"),
        ),
        f"{hsds}/services/{{id}}": _detail_op("Get a service", "HSDS", "service"),
        f"{hsds}/organizations": _list_op(
            "List organizations", "HSDS", "organization",
            common + _filters("taxonomy_term_id", "taxonomy_id", "full", "full_service"),
        ),
        f"{hsds}/organizations/{{id}}": _detail_op("Get an organization", "HSDS", "organization", _filters("full_service")),
        f"{hsds}/taxonomies": _list_op("List taxonomies", "HSDS", "taxonomy", common),
        f"{hsds}/taxonomies/{{id}}": _detail_op("Get a taxonomy", "HSDS", "taxonomy"),
        f"{hsds}/taxonomy_terms": _list_op(
            "List taxonomy terms", "HSDS", "taxonomy_term", common + _filters("taxonomy_id", "top_only", "parent_id")
        ),
        f"{hsds}/taxonomy_terms/{{id}}": _detail_op("Get a taxonomy term", "HSDS", "taxonomy_term"),
        f"{hsds}/service_at_locations": _list_op(
            "List services at locations", "HSDS", "service_at_location",
            common + _filters("taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "postcode", "proximity", "full"),
        ),
        f"{hsds}/service_at_locations/{{id}}": _detail_op(
            "Get a service at a location", "HSDS", "service_at_location",
            description="Serves a `service_at_location` document. The official HSDS 3.1 openapi.json names the "
            "`service` schema here, a known specification bug fixed upstream (openreferral/specification PR #574).",
        ),
        "/api/v1/search/": _search_api(),
    }
    components = copy.deepcopy(hsds_components())
    components.update(
        {
            "Page": PAGE,
            "Error": ERROR,
            "SearchResult": SEARCH_RESULT,
            "About": {
                "type": "object",
                "required": ["version", "profile", "openapi_url"],
                "properties": {
                    "version": {"type": "string"},
                    "profile": {"type": "string", "format": "uri"},
                    "openapi_url": {"type": "string", "format": "uri"},
                },
            },
        }
    )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "KIM portal APIs",
            "version": "1.0.0",
            "description": (
                f"Open data of Cologne's integration support directory as Open Referral HSDS {HSDS_VERSION} "
                "(profile: /api/hsds/profile), and the portal's search. Read-only, no authentication. "
                "Texts in the language given by `lang`, else the best match of `Accept-Language` (`Content-Language` "
                "says which; `X-Fallback-Language: de` and a document's `x-fallback-language` mark German fallback). "
                "List operations also accept POST with the same parameters in a JSON or form body; CORS headers on "
                "every answer, OPTIONS preflights answered. Profile as data: /api/hsds/profile.json."
            ),
            "license": {"name": "Data: see the portal's imprint"},
        },
        "servers": [{"url": base_url or "/"}],
        "paths": paths,
        "components": {"schemas": components},
    }


@require_GET
def openapi_schema(request):
    base = request.build_absolute_uri("/").rstrip("/")
    return answer(openapi_document(base))


@require_GET
def api_docs(request):
    document = openapi_document()
    endpoints = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation["summary"],
                    "tag": operation["tags"][0],
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter["required"],
                            "description": parameter["description"],
                            "type": _type_label(parameter["schema"]),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "statuses": sorted(operation["responses"]),
                }
            )
    return render(
        request,
        "open_data/api_docs.html",
        {
            "info": document["info"],
            "endpoints": endpoints,
            "schema_url": reverse("api_schema"),
            "hsds_root": reverse("open_data:root"),
        },
    )


def _type_label(schema):
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    if schema.get("type") == "array":
        return f"{schema['items'].get('type', 'any')} (repeatable)"
    label = schema.get("type", "string")
    if "format" in schema:
        label += f" ({schema['format']})"
    if "minimum" in schema or "maximum" in schema:
        label += f" [{schema.get('minimum', '')}…{schema.get('maximum', '')}]"
    return label
