"""Domain exceptions: expected failures with a stable machine code and a readable,
translated message. Views turn them into form errors, the API into 4xx bodies."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "invalid"
    status_code = 400
    default_message = _("The request cannot be carried out.")
    # A routine outcome that is recorded where it belongs (a refused bid in the bids table):
    # the request log does not repeat it as a warning.
    routine = False

    def __init__(self, message=None, *, code: str | None = None, field: str | None = None,
                 extra: dict | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.field = field
        self.extra = extra or {}  # facts the caller can act on, added to the API's error body
        super().__init__(str(self.message))


class NotAllowed(DomainError):
    code = "permission_denied"
    status_code = 403
    default_message = _("You do not have permission to do this.")


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status_code = 409
    default_message = _("This change is not possible in the current state.")


class AgreementRequired(DomainError):
    code = "agreement_required"
    status_code = 409
    default_message = _(
        "Your unit must accept the service agreement (委托服务协议) before its first submission."
    )
