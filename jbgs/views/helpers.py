"""Small helpers shared by the kernel's views (and the apps' views)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render

from jbgs import access


def admin_required(view):
    """Signed-in platform administrators only: others get 403, visitors the sign-in page."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.is_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def page_of(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def render_partial(request, template: str, fragment: str, context: dict):
    """One view, two answers: the whole page, or for htmx only the fragment it swaps in."""
    return render(
        request, fragment if request.htmx and not request.htmx.boosted else template, context
    )


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def form_error_from_domain(form, error, *more_forms) -> None:
    """Put a DomainError (or a model ValidationError) beside the field it names, in the
    first of the page's forms that has that field (else at the top of the first form); a
    DomainError listing its problems (extra={"errors": [{"field", "message"}]}) puts each."""

    def put(field, message):
        owner = next((f for f in (form, *more_forms) if field in f.fields), None)
        (owner or form).add_error(field if owner else None, message)

    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            put(field, errors)
        return
    problems = getattr(error, "extra", {}).get("errors")  # a service that names every wrong field
    if problems:
        for problem in problems:
            put(problem.get("field"), problem["message"])
        return
    put(getattr(error, "field", None), getattr(error, "message", None) or error.messages)


def error_text(error) -> str:
    """A refusal (ValidationError or DomainError) in one line for a page's message."""
    return " ".join(getattr(error, "messages", None) or [str(getattr(error, "message", error))])


def add_upload(request, add) -> None:
    """The request's file (`file`), added by `add(upload)`; what is wrong with it said in the
    page's message. The pages of every app's attachments share it."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from jbgs.exceptions import DomainError

    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the file to add."))
        return
    try:
        add(upload)
    except (ValidationError, DomainError) as error:
        messages.error(request, error_text(error))


def download(stored, filename: str, **options):
    """A private file handed over as a download under the name a person knows it by (the view
    has checked who asks)."""
    from django.http import FileResponse

    return FileResponse(stored.open("rb"), as_attachment=True, filename=filename, **options)
