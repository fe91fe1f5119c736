"""schemathesis against the *official* HSDS 3.1 openapi.json (open_data/hsds/schema/openapi.json,
not our own description): on a live server, whatever it generates for every operation (GET and
the POST list operations), no answer is a server error and every 200 matches the official
response schema. Bounded examples per operation, so it stays fast enough for CI.

Excluded, by name: GET /service_at_locations/{id}. The official 3.1 openapi.json declares the
*service* schema for it, a known specification bug fixed upstream (openreferral/specification
PR #574); the portal serves the intended `service_at_location` document (our API docs say so),
and tests/open_data/test_api.py validates it against compiled/service_at_location.json.
"""

import copy
import json

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from open_data.paths import schema_dir

from .data import make_directory

EXAMPLES_PER_OPERATION = 8
SPEC_BUG = ("GET", "/service_at_locations/{id}")  # openreferral/specification PR #574
REMOTE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def official_openapi():
    """The official document with its `$ref`s to schema files (remote URLs, and the bare file
    names those files use) replaced by the local files; a reference cycle becomes `{}`."""
    document = json.loads((schema_dir() / "openapi.json").read_text(encoding="utf-8"))

    def local(node, folder, seen):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and (ref.startswith(REMOTE) or ref.endswith(".json")):
                relative = ref[len(REMOTE):] if ref.startswith(REMOTE) else f"{folder}{ref}"
                if relative in seen:
                    return {}
                schema = json.loads((schema_dir() / relative).read_text(encoding="utf-8"))
                schema.pop("$schema", None)
                schema.pop("$id", None)
                return local(schema, relative.rpartition("/")[0] + "/" if "/" in relative else "", seen | {relative})
            return {key: local(value, folder, seen) for key, value in node.items()}
        if isinstance(node, list):
            return [local(item, folder, seen) for item in node]
        return node

    return local(copy.deepcopy(document), "", frozenset())


def real_ids(client):
    """An id that exists for each detail operation (generated ids only ever meet a 404)."""
    first = {
        path: client.get(f"/api/hsds{path}").json()["contents"][0]["id"]
        for path in ("/services", "/organizations", "/taxonomies", "/taxonomy_terms", "/service_at_locations")
    }
    return {f"{path}/{{id}}": value for path, value in first.items()}


def _fails(operation, identifier, checks):
    case = operation.make_case(path_parameters={"id": identifier})
    response = case.call(timeout=30)
    assert response.status_code == 200
    try:
        case.validate_response(response, checks=checks)
    except AssertionError as problem:
        return str(problem)[:300]
    return None


@pytest.mark.django_db(transaction=True)
def test_official_openapi_finds_no_failure(live_server, portal_site, client):
    make_directory()
    ids = real_ids(client)
    schemathesis.experimental.OPEN_API_3_1.enable()
    schema = schemathesis.from_dict(official_openapi(), base_url=f"{live_server.url}/api/hsds")
    operations = [result.ok() for result in schema.get_all_operations()]
    checked = [operation for operation in operations if (operation.method.upper(), operation.path) != SPEC_BUG]
    assert len(operations) - len(checked) == 1 and len(checked) >= 15
    failures = []
    for operation in checked:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def call(case):
            response = case.call(timeout=30)
            try:
                case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))
            except AssertionError as problem:
                failures.append((case.method, case.formatted_path, case.query, response.status_code, str(problem)[:300]))

        call()
        if operation.path in ids:  # and one real record, so its 200 is checked against the schema
            mismatch = _fails(operation, ids[operation.path], (not_a_server_error, response_schema_conformance))
            if mismatch:
                failures.append((operation.method, operation.path, ids[operation.path], 200, mismatch))
    # The excluded operation really is the specification's bug: the schema it names does not fit.
    bug = next(operation for operation in operations if (operation.method.upper(), operation.path) == SPEC_BUG)
    assert _fails(bug, ids[SPEC_BUG[1]], (response_schema_conformance,))
    print(f"schemathesis: {len(checked)} operations checked, {len(failures)} failure(s); excluded {SPEC_BUG} (spec PR #574)")
    assert not failures, failures
