"""Bad input is never a 500: schemathesis generates requests from our own OpenAPI schema
(valid and invalid bodies, odd query strings) and every answer must be below 500, with an
error body of the documented shape."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from config.wsgi import application


@pytest.fixture
def api_schema(db):
    # Called as a plain WSGI app, Django would close the test's database connection at the
    # end of each request; its own test client disconnects these signals the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_generated_request_makes_the_api_fail(api_schema, admin_user, university):
    # schemathesis' own pytest plugin does not run under pytest 9 yet, so the operations are
    # driven with hypothesis directly.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case):
            with transaction.atomic():  # each example starts from the same data
                token = Token.objects.get_or_create(user=admin_user)[
                    0
                ].key  # the revoke operation deletes it
                response = case.call(
                    headers={"Authorization": f"Token {token}", "Accept-Language": "zh-hans"}
                )
                transaction.set_rollback(True)
            where = f"{case.method} {case.formatted_path} {case.body!r:.200}"
            assert response.status_code < 500, f"{where}: {response.text[:500]}"
            if response.status_code >= 400 and response.headers.get("Content-Type", "").startswith(
                "application/json"
            ):
                assert {"code", "detail"} <= set(response.json()), where

        check()
