"""Demands from enterprises: the form's and the service's checks, the way through diagnosis
to a published hot list, withdrawal and the expiry job."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from challenge.models import Demand
from challenge.services import demands as demand_services
from challenge.services import hot_lists
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.models import AuditEntry, IndustryField, Notification
from tests.challenge.conftest import challenge_campaign, post_demand


def test_an_enterprise_posts_a_demand_in_the_browser_with_its_contact_hidden_by_default(client_as, enterprise_user,
                                                                                       challenge_2023):
    client = client_as(enterprise_user)
    field = IndustryField.objects.get(year=2023, code="new_materials")
    form = {"title": "耐高温密封材料", "field": field.pk, "description": "现有密封圈在 300℃ 下老化快。",
            "amount": "", "valid_until": "2021.3.5", "contact_name": "陈立群", "contact_phone": "0510-88881234",
            "targets-0-indicator": "耐温", "targets-0-value": "", "targets-0-unit": "℃"}
    page = client.post(reverse("challenge:demand-create"), form).text
    # Every error at once, by field: the three things every demand states, the validity, the target.
    assert "意向投入金额" in page and "请至少选择一种合作方式" in page and "有效期" in page
    assert Demand.objects.count() == 0
    form.update({"amount": "50万", "cooperation_modes": ["commissioned_development", "technical_service"],
                 "valid_until": "2099年3月5日", "targets-0-value": "350", "hidden_fields": ["contact_name",
                                                                                      "contact_phone"]})
    answer = client.post(reverse("challenge:demand-create"), form)
    demand = Demand.objects.get()
    assert answer.status_code == 302 and demand.number == f"XQ2023{demand.pk:06d}"
    assert (demand.amount, demand.valid_until, demand.status) == (Decimal("500000.00"), datetime.date(2099, 3, 5),
                                                                  "draft")
    assert [(t.indicator, t.value, t.unit) for t in demand.targets.all()] == [("耐温", "350", "℃")]
    assert AuditEntry.objects.filter(action="challenge.demand.created", object_id=str(demand.pk)).exists()
    blank = client.get(reverse("challenge:demand-create")).text
    checked = set(re.findall(r'name="hidden_fields" value="(\w+)"[^>]*checked', blank))
    assert checked == {"contact_name", "contact_phone", "contact_email"}


def test_the_service_refuses_what_the_documents_require_with_the_field(enterprise_user, challenge_2023):
    with pytest.raises(ValidationError) as refused:
        post_demand(enterprise_user, amount=None, cooperation_modes=[], valid_until=timezone.localdate(),
                    hidden_fields=["title"], targets=[{"indicator": "纯度"}] + [{"indicator": "x", "value": "1"}] * 20)
    errors = refused.value.message_dict
    assert {"amount", "cooperation_modes", "valid_until", "hidden_fields", "targets"} <= set(errors)
    with pytest.raises(ValidationError) as absurd:
        post_demand(enterprise_user, amount=Decimal("-1"), cooperation_modes=["bribery"],
                    field=IndustryField.objects.get(year=2022, code="new_energy"))
    assert {"amount", "cooperation_modes", "field"} <= set(absurd.value.message_dict)
    assert not Demand.objects.exists()


def test_from_draft_through_diagnosis_to_a_published_hot_list(enterprise_user, expert, admin_user, challenge_2023):
    demand = post_demand(enterprise_user, targets=[{"indicator": "循环寿命", "value": "2000", "unit": "次"}])
    with pytest.raises(InvalidTransition):
        demand_services.diagnose(actor=expert, demand=demand, verdict="approve")
    demand_services.submit(actor=enterprise_user, demand=demand)
    with pytest.raises(NotAllowed):
        demand_services.diagnose(actor=enterprise_user, demand=demand, verdict="approve")
    with pytest.raises(DomainError) as no_reason:
        demand_services.diagnose(actor=expert, demand=demand, verdict="revise")
    assert no_reason.value.code == "comment_required"
    demand_services.diagnose(actor=expert, demand=demand, verdict="revise", comment="请补充中试规模与预算明细")
    demand.refresh_from_db()
    assert demand.status == "returned" and demand.diagnosis_comment == "请补充中试规模与预算明细"
    assert Notification.objects.filter(recipient=enterprise_user, kind="challenge.demand.diagnosed").exists()
    demand_services.save_demand(actor=enterprise_user, demand=demand,
                                data={"expected_outcome": "完成 100 吨级中试"}, targets=None)
    demand_services.submit(actor=enterprise_user, demand=demand)
    with pytest.raises(DomainError) as bad_marks:
        demand_services.diagnose(actor=expert, demand=demand, verdict="approve", scores={"completeness": 90})
    assert bad_marks.value.code == "invalid_scores"
    diagnosis = demand_services.diagnose(actor=expert, demand=demand, verdict="approve", scores={
        "completeness": 90, "advancement": 80, "economic_rationality": 70, "feasibility": "85.5"})
    assert diagnosis.total == Decimal("81.38")
    with pytest.raises(DomainError):
        demand_services.save_demand(actor=enterprise_user, demand=demand, data={"title": "改"}, targets=None)
    hot_list = hot_lists.create_hot_list(actor=admin_user, campaign=challenge_2023, field=demand.field,
                                         title="2023年新能源热门需求榜单（第一批）", demand_ids=[demand.pk])
    hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    demand.refresh_from_db()
    assert demand.status == "published" and demand.published_at is not None
    with pytest.raises(InvalidTransition):
        hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    moves = list(AuditEntry.objects.filter(object_id=str(demand.pk), action__startswith="challenge.demand.")
                 .order_by("pk").values_list("from_state", "to_state"))
    assert moves == [("", "draft"), ("draft", "submitted"), ("submitted", "returned"), ("", ""),
                     ("returned", "submitted"), ("submitted", "approved"), ("approved", "published")]


def test_a_hot_list_takes_approved_demands_of_its_field_only_and_publishes_all_or_none(
        enterprise_user, expert, admin_user, challenge_2023):
    first, second = post_demand(enterprise_user), post_demand(enterprise_user, title="第二条需求")
    draft = post_demand(enterprise_user, title="草稿需求")
    for demand in (first, second):
        demand_services.submit(actor=enterprise_user, demand=demand)
        demand_services.diagnose(actor=expert, demand=demand, verdict="approve")
    with pytest.raises(DomainError) as refused:
        hot_lists.create_hot_list(actor=admin_user, campaign=challenge_2023, field=first.field, title="榜单",
                                  demand_ids=[first.pk, draft.pk])
    assert draft.number in refused.value.message
    hot_list = hot_lists.create_hot_list(actor=admin_user, campaign=challenge_2023, field=first.field, title="榜单",
                                         demand_ids=[first.pk, second.pk])
    demand_services.withdraw(actor=enterprise_user, demand=second, reason="已自行解决")
    with pytest.raises(InvalidTransition) as stale:
        hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    assert second.number in str(stale.value.message)
    first.refresh_from_db()
    assert first.status == "approved" and first.published_at is None


def test_the_expiry_job_closes_demands_the_day_after_their_validity_once(enterprise_user, challenge_2023):
    today = timezone.localdate()
    ending = post_demand(enterprise_user, valid_until=today + datetime.timedelta(days=1))
    lasting = post_demand(enterprise_user, valid_until=today + datetime.timedelta(days=30))
    demand_services.submit(actor=enterprise_user, demand=ending)
    assert demand_services.expire_due(today + datetime.timedelta(days=1)) == 0  # its last valid day
    late = today + datetime.timedelta(days=5)  # the job missed some nights
    assert demand_services.expire_due(late) == 1
    assert demand_services.expire_due(late) == 0  # repeated: nothing twice
    ending.refresh_from_db()
    lasting.refresh_from_db()
    assert (ending.status, lasting.status) == ("expired", "draft")
    assert AuditEntry.objects.filter(action="challenge.demand.expired").count() == 1
    with pytest.raises(InvalidTransition):
        demand_services.submit(actor=enterprise_user, demand=ending)


def test_only_the_enterprise_and_administrators_see_its_own_pages(client_as, enterprise_user, solver, expert,
                                                                  challenge_2023):
    demand = post_demand(enterprise_user)
    assert client_as(enterprise_user).get(reverse("challenge:demand-mine-detail", args=[demand.pk])).status_code == 200
    for user in (solver, expert):
        assert client_as(user).get(reverse("challenge:demand-mine-detail", args=[demand.pk])).status_code == 404
        assert client_as(user).post(reverse("challenge:demand-submit", args=[demand.pk])).status_code == 404
    assert client_as(enterprise_user).get(reverse("challenge:diagnosis-queue")).status_code == 403
    assert client_as(expert).get(reverse("challenge:diagnose", args=[demand.pk])).status_code == 200
    assert client_as(enterprise_user).get("/challenge/mine/999999/").status_code == 404
    assert client_as(enterprise_user).get(reverse("challenge:demand", args=[demand.pk])).status_code == 404  # a draft


def test_the_years_diagnosis_criteria_are_the_documents_and_edited_on_the_campaign_page(client, client_as,
                                                                                       admin_user):
    from challenge.models import ChallengeRules

    assert [c["label"] for c in ChallengeRules.of(challenge_campaign(2022)).diagnosis_criteria] == [
        "完整性", "技术参数的先进性", "技术参数的合理性", "经济合理性", "产业带动性"]
    campaign = challenge_campaign(2023)
    page = client.get(reverse("campaign-detail", args=[campaign.pk])).text
    assert "需求可行性（25）" in page
    rules = ChallengeRules.of(campaign)
    rules.diagnosis_criteria = [{"code": "a", "label": "完整性", "weight": 60}]
    from django.core.exceptions import ValidationError as Invalid

    with pytest.raises(Invalid) as refused:
        rules.full_clean()
    assert "60" in str(refused.value)


def test_beat_runs_the_expiry_job_and_the_task_is_registered(enterprise_user, challenge_2023):
    from django.conf import settings

    from challenge import tasks
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["challenge-expire-demands"]
    assert entry["task"] == tasks.expire_demands.name and entry["task"] in app.tasks
    post_demand(enterprise_user, valid_until=timezone.localdate() + datetime.timedelta(days=1))
    assert tasks.expire_demands() == 0  # valid until tomorrow: nothing to do today
