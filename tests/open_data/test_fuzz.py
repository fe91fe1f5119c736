"""Fuzz every operation of /api/schema/ (HSDS and search) on a live server: whatever
schemathesis generates, no answer is a server error. Bounded: a few examples per operation."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from .data import make_directory

EXAMPLES_PER_OPERATION = 12


@pytest.mark.django_db(transaction=True)
def test_no_generated_request_gets_a_server_error(live_server, portal_site):
    make_directory()
    schema = schemathesis.from_uri(f"{live_server.url}/api/schema/", base_url=live_server.url)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    failures = []
    for operation in operations:

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
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, case.query, response.status_code))

        call()
    assert not failures, failures
