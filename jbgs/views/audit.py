from jbgs import selectors
from jbgs.forms import AuditFilterForm
from jbgs.views.helpers import admin_required, page_of, querystring_without_page, render_partial


@admin_required
def audit_list(request):
    """The audit log, for administrators, filtered by action, actor, object and date."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    context = {
        "form": form,
        "page": page_of(request, selectors.audit_entries(**filters), per_page=50),
        "querystring": querystring_without_page(request),
        "actions": selectors.audit_actions(),
    }
    return render_partial(
        request, "jbgs/audit/list.html", "jbgs/audit/fragments/_table.html", context
    )
