import re
from pathlib import Path

import pytest
from django.db import InternalError, connection, transaction
from django.urls import reverse
from django.utils import translation

from jbgs.models import AuditEntry
from jbgs.services.audit import ACTION_LABELS, audit

ROOT = Path(__file__).resolve().parents[2]


def test_audit_entries_cannot_be_changed_or_deleted_even_in_sql(liaison, university):
    entry = audit(university, "organization.updated", actor=liaison, data={"x": 1})
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    for sql in (
        "UPDATE jbgs_auditentry SET action = 'forged' WHERE id = %s",
        "DELETE FROM jbgs_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(InternalError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "organization.updated"


def test_an_entry_names_who_when_what_and_the_states(admin_user, university):
    entry = audit(
        university,
        "organization.suspended",
        actor=admin_user,
        from_state="active",
        to_state="suspended",
    )
    assert entry.actor_name == "王明睿" and entry.object_repr == "南京工业大学"
    assert entry.content_type.model == "organization" and entry.object_id == str(university.pk)
    assert entry.created_at is not None


def test_administrators_filter_the_audit_log(client_as, admin_user, university, enterprise_org):
    audit(
        university,
        "organization.suspended",
        actor=admin_user,
        from_state="active",
        to_state="suspended",
    )
    audit(
        enterprise_org,
        "organization.updated",
        actor=admin_user,
        data={"changes": {"address": ["a", "b"]}},
    )
    client = client_as(admin_user)
    page = client.get(reverse("audit-list"), {"action": "organization.suspended"})
    assert [e.object_repr for e in page.context["page"]] == ["南京工业大学"]
    by_text = client.get(reverse("audit-list"), {"q": "苏州微纳"})
    assert [e.action for e in by_text.context["page"]] == ["organization.updated"]
    fragment = client.get(reverse("audit-list"), {"actor": "王明睿"}, HTTP_HX_REQUEST="true")
    assert fragment.templates[0].name == "jbgs/audit/fragments/_table.html"
    bad_date = client.get(reverse("audit-list"), {"date_from": "昨天"})
    assert bad_date.status_code == 200 and bad_date.context["form"].errors["date_from"]


def test_the_audit_api_filters_by_object(api_as, admin_user, university):
    audit(
        university,
        "organization.suspended",
        actor=admin_user,
        from_state="active",
        to_state="suspended",
    )
    response = api_as(admin_user).get(
        "/api/v1/audit/", {"object_type": "jbgs.organization", "object_id": university.pk}
    )
    rows = response.json()["results"]
    assert [(r["action"], r["from_state"], r["to_state"]) for r in rows] == [
        ("organization.suspended", "active", "suspended")
    ]
    assert rows[0]["actor"] == admin_user.pk


def test_the_audit_page_runs_a_fixed_number_of_queries(
    client_as, admin_user, university, django_assert_max_num_queries
):
    for i in range(30):
        audit(university, "organization.updated", actor=admin_user, data={"i": i})
    client = client_as(admin_user)
    with django_assert_max_num_queries(12):
        client.get(reverse("audit-list"))


def test_an_audit_time_filter_with_an_extreme_offset_is_not_a_500(api_as, admin_user):
    client = api_as(admin_user)
    assert client.get("/api/v1/audit/", {"since": "5803-10-16T02:02:37+17:09"}).status_code == 200
    bad = client.get("/api/v1/audit/", {"since": "yesterday"})
    assert bad.status_code == 400 and bad.json()["field"] == "since"


def test_an_action_code_without_a_label_is_refused_and_nothing_is_written(liaison, university):
    with pytest.raises(ValueError, match="organization.updatd"):
        audit(university, "organization.updatd", actor=liaison)
    assert not AuditEntry.objects.filter(action="organization.updatd").exists()


def test_every_declared_action_reads_in_chinese_in_the_log():
    assert "auction.lot.closed" in ACTION_LABELS and "campaign.updated" in ACTION_LABELS
    with translation.override("zh-hans"):
        for code, label in ACTION_LABELS.items():
            assert re.search(r"[\u4e00-\u9fff]", str(label)), f"{code} has no Chinese label"


def test_the_code_names_every_audit_action_by_its_constant():
    """A string written where an action is named could be mistyped; constants cannot."""
    literal = re.compile(r'(\baudit\(\s*[^,()]+,\s*|\baction\s*=\s*|_advance\([^"]*)"[a-z_]+\.[a-z_.]+"')
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {"tests", ".venv", "var", "bench"} or "migrations" in path.parts:
            continue
        if literal.search(path.read_text()):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
