"""Schemathesis over the OpenAPI schema: generated requests never cause a 5xx, and responses
match the documented schemas and status codes.

Schemathesis' pytest plugin does not run under this pytest; its Python API with Hypothesis
does the same work. "Positive data acceptance" is left out: a schema-valid request can still be
rightly refused (a project number that does not exist, an upload that is no document).
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import positive_data_acceptance


def test_generated_requests_against_the_schema(client):
    # `client` has run the lifespan, so the app has its catalogue and assistant loaded.
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {op.label for op in operations}
    assert labels >= {
        "GET /api/projects",
        "GET /api/projects/{ref}",
        "GET /health",
        "GET /ready",
        "POST /api/ask",
        "POST /api/ask/stream",
        "POST /api/feedback",
    }
    statuses: set[int] = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
        def check(case):
            response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
            statuses.add(response.status_code)
            assert response.status_code < 500

        check()
    assert 200 in statuses
