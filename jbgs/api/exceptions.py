"""Every API error is `{"code", "detail"}` with a stable machine code and a readable
message in the request's language (Chinese by default); `field` names the field at fault
and `errors` lists each problem when there are several. Bad input is never a 500."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from jbgs.exceptions import DomainError
from jbgs.locking import Busy, is_busy

_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.ParseError: "parse_error",
    exceptions.Throttled: "throttled",
}


def _flatten(details, prefix="") -> list[dict]:
    """DRF's nested {field: [ErrorDetail]} as a flat list of {field, code, message}."""
    if isinstance(details, dict):
        out = []
        for key, value in details.items():
            if isinstance(key, int):  # a list child's errors: roles[0]
                out += _flatten(value, f"{prefix}[{key}]")
                continue
            name = key if key != api_settings.NON_FIELD_ERRORS_KEY else ""
            out += _flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
        return out
    if isinstance(details, list):
        out = []
        for index, value in enumerate(details):
            nested = isinstance(value, (dict, list))
            out += _flatten(value, f"{prefix}[{index}]" if nested else prefix)
        return out
    return [
        {
            "field": prefix or None,
            "code": getattr(details, "code", None) or "invalid",
            "message": str(details),
        }
    ]


def _body(code: str, detail: str, errors: list[dict] | None = None) -> dict:
    body = {"code": code, "detail": detail}
    if errors:
        first = errors[0]
        if first.get("field"):
            body["field"] = first["field"]
        body["errors"] = errors
    return body


def _validation(errors: list[dict]) -> Response:
    first = (
        errors[0] if errors else {"code": "invalid", "message": _("Invalid input."), "field": None}
    )
    detail = f"{first['field']}: {first['message']}" if first.get("field") else first["message"]
    code = first["code"] if first["code"] not in ("invalid", None) else "invalid"
    return Response(_body(code, detail, errors), status=status.HTTP_400_BAD_REQUEST)


def _django_validation_errors(error: DjangoValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {
                "field": None if field == "__all__" else field,
                "code": e.code or "invalid",
                "message": m,
            }
            for field, errs in error.error_dict.items()
            for e in errs
            for m in e.messages
        ]
    return [
        {"field": None, "code": e.code or "invalid", "message": m}
        for e in error.error_list
        for m in e.messages
    ]


def exception_handler(exc, context):
    if is_busy(exc):  # a lock or statement timeout outside lock(): the same answer
        exc = Busy()
    if isinstance(exc, DomainError):
        set_rollback()
        headers = {"Retry-After": "1"} if isinstance(exc, Busy) else None
        if exc.routine:
            context["request"]._request.routine_refusal = True  # see jbgs.logs
        # A refusal of several problems (the hosting rules) lists each; one names its field.
        errors = exc.extra.get("errors") or (
            [{"field": exc.field, "code": exc.code, "message": str(exc.message)}]
            if exc.field
            else None
        )
        return Response({**exc.extra, **_body(exc.code, str(exc.message), errors)}, status=exc.status_code,
                        headers=headers)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return _validation(_django_validation_errors(exc))
    if isinstance(exc, DataError):  # a value the database cannot hold: bad input, not a bug of ours
        set_rollback()
        return Response(
            _body("invalid", _("A value is out of the range the platform accepts.")), status=400
        )
    if isinstance(exc, IntegrityError):
        set_rollback()
        return Response(
            _body("conflict", _("This conflicts with a record that already exists.")), status=409
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let it be a 500 and reach the logs
    set_rollback()
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        response = _validation(_flatten(exc.detail))
        return response
    code = _CODES.get(type(exc)) or getattr(exc.detail, "code", None) or exc.default_code
    return Response(_body(code, str(exc.detail)), status=exc.status_code, headers=headers)
