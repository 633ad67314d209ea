"""Who may do what: every row of the permission table (tests.permissions.registry), asked
by every role, answers as the table says; and no route is left without a row.

The world is built once per role. Each request runs in a transaction rolled back after it,
so a POST that changes something (a unit suspended, a lot withdrawn) leaves the world as it
was for the rows after it; each request also has a client of its own, signed in afresh, so
a sign-out or a message left by one request cannot colour the next."""

import pytest
from django.contrib.messages import ERROR, get_messages
from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from freezegun import freeze_time
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.permissions import registry
from tests.permissions.table import (
    ACCEPTED,
    AUTH,
    CREATED,
    DENIED,
    DONE,
    HIDDEN,
    LOGIN,
    NO_CONTENT,
    NOT_ALLOWED,
    OK,
    REDIRECT,
    REFUSED,
    ROLES,
    World,
)

# The world's lot is open: 10:00 on its bidding day.
NOW = "2023-06-07 10:00:00+08:00"
BY_STATUS = {200: OK, 201: CREATED, 202: ACCEPTED, 204: NO_CONTENT, 400: REFUSED, 401: AUTH, 403: DENIED,
             404: HIDDEN, 405: NOT_ALLOWED, 409: REFUSED}
# Routes that need no row: the Django back office's own pages (its index has one).
UNLISTED_NAMESPACES = {"admin"}


@pytest.fixture
def world(db):
    world = World()
    for build in registry.BUILDERS:
        build(world)
    return world


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_answers_of_the_table(world, role):
    with freeze_time(NOW):
        user = world.user(role)
        token = Token.objects.get_or_create(user=user)[0].key if user else None
        mismatches = []
        for row in registry.ROWS:
            path = row.path(world)
            got, why = _answer(row, path, user, token, world)
            if got != row.expected[role]:
                mismatches.append((row.name, row.method, path, role, row.expected[role], got, why))
    assert not mismatches, _table(mismatches)


def _answer(row, path, user, token, world) -> tuple[str, str]:
    """What the role got, and why in a few words (the refusal's message, the redirect)."""
    with transaction.atomic():
        response = _request(row, path, user, token, world)
        transaction.set_rollback(True)
    return _outcome(row, response), _why(response)


def _request(row, path, user, token, world):
    body = row.body(world)
    if row.api:
        client = APIClient()
        if token:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return getattr(client, row.method.lower())(path, body, format=row.format or "json")
    client = Client()
    if user:
        client.force_login(user)
    return getattr(client, row.method.lower())(path, body or {})


def _outcome(row, response) -> str:
    code = response.status_code
    if code in (301, 302, 303):
        location = response["Location"]
        if location.startswith(reverse("login")) or "/login/" in location:
            return LOGIN
        if row.method == "GET":
            return REDIRECT
        return REFUSED if _error_messages(response) else DONE
    if code == 200 and row.method == "POST" and not row.api and (_error_messages(response) or _form_errors(response)):
        return REFUSED
    return BY_STATUS.get(code, str(code))


def _error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level >= ERROR]


def _form_errors(response) -> list[str]:
    return [f"{name}: {' '.join(errors)}" for form in _bound_forms(response) for name, errors in
            (form.errors.items() if isinstance(form, BaseForm) else [("form", form.non_form_errors())])]


def _bound_forms(response):
    contexts = response.context or []
    for context in contexts if isinstance(contexts, list) else [contexts]:  # one template's, or several
        for value in context.flatten().values():
            if isinstance(value, BaseForm | BaseFormSet) and value.is_bound and not value.is_valid():
                yield value


def _why(response) -> str:
    if response.status_code in (301, 302, 303):
        reasons = [response["Location"], *_error_messages(response)]
    elif getattr(response, "data", None) is not None:
        reasons = [str(response.data)]
    else:
        reasons = _error_messages(response) + (_form_errors(response) if response.status_code == 200 else [])
    return " ".join(reasons)[:90]


def _table(mismatches) -> str:
    header = ("row", "method", "URL", "role", "expected", "got", "why")
    lines = [header, *mismatches]
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    text = ["  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)) for line in lines]
    return f"{len(mismatches)} answers differ from the table:\n" + "\n".join(text)


# --- Every route has its row ---------------------------------------------------------------


def _routes(resolver=None, namespace=""):
    """(qualified name, callback) of every named route."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _api_methods(callback) -> set[str]:
    """The methods an API route answers: a viewset's mapped actions, an APIView's handlers."""
    view = getattr(callback, "cls", None)
    allowed = set(getattr(view, "http_method_names", ())) - {"head", "options"}
    actions = getattr(callback, "actions", None)
    methods = set(actions) if actions else {m for m in allowed if hasattr(view, m)}
    return {m.upper() for m in methods & allowed}


def test_every_route_has_a_row():
    covered = {row.route for row in registry.ROWS}
    missing = sorted({name for name, _ in _routes()
                      if name.split(":")[0] not in UNLISTED_NAMESPACES and name not in covered})
    assert not missing, f"routes without a row in the permission table: {missing}"


def test_every_api_operation_has_a_row():
    covered = {(row.route, row.method) for row in registry.ROWS if row.api}
    api = {(name, method) for name, callback in _routes() if hasattr(callback, "cls")
           for method in _api_methods(callback)}
    missing = sorted(api - covered)
    assert not missing, f"API operations without a row in the permission table: {missing}"


def test_rows_have_distinct_names_and_every_roles_answer():
    names = [row.name for row in registry.ROWS]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    assert all(set(row.expected) == set(ROLES) for row in registry.ROWS)
