"""Requests generated from the OpenAPI document (schemathesis strategies, driven by hypothesis):
whatever the parameters and bodies, no endpoint answers with a server error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.checks import not_a_server_error  # noqa: E402
from webledger import build  # noqa: E402

from claimledger.serve import create_app  # noqa: E402
from claimledger.store import open_store  # noqa: E402


@pytest.fixture(scope="module")
def operations(tmp_path_factory: pytest.TempPathFactory, new_database):  # type: ignore[no-untyped-def]
    store = open_store(new_database(tmp_path_factory.mktemp("schema"), "schema"))
    build(store)
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(store))
    found = {op.ok().label: op.ok() for op in schema.get_all_operations()}
    yield found
    store.close()


def test_the_schema_covers_every_api_endpoint(operations) -> None:  # type: ignore[no-untyped-def]
    assert len(operations) == 22 and "PATCH /api/claims/{claim_id}" in operations and "GET /api/map" in operations
    assert {"GET /api/users", "POST /api/users", "PUT /api/users/{name}/role", "GET /api/tokens", "POST /api/tokens",
            "POST /api/tokens/{token_id}/revoke"} <= set(operations)  # the admins' routes (issue 15)


@pytest.mark.slow
def test_no_generated_request_causes_a_server_error(operations) -> None:  # type: ignore[no-untyped-def]
    for label, operation in sorted(operations.items()):

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(checks=[not_a_server_error])

        try:
            check()
        except Exception as exc:  # name the endpoint that failed
            raise AssertionError(f"{label}: {exc}") from exc
