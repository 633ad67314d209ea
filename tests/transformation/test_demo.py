"""The demo's institutions tell the 2022 call's stories: one meets every condition, one
transforms exactly 15 patents a year (not more than 15), one misses a year; two have their
stock of patents worked through to different depths; four universities have applied to the
demo year's university call (open today), each at its point of the way."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from jbgs.models import Organization
from transformation import eligibility, selectors, stock_selectors
from transformation.models import (
    Call,
    CallRule,
    InstitutionFigures,
    ProjectApplication,
    StockPatent,
)

pytestmark = pytest.mark.django_db


def test_the_demo_institutions_against_the_2022_university_call():
    call_command("seed_demo")
    call = selectors.calls().get(code="2022-university")

    def verdict(name):
        return eligibility.check(call, selectors.call_figures(Organization.objects.get(name=name), 2022).figures)

    assert verdict("南京工业大学").eligible
    assert verdict("江苏大学").failed == ["transformation_base"]
    assert selectors.call_figures(Organization.objects.get(name="扬州大学"), 2022).missing == [2020]
    njtech = stock_selectors.coverage(stock_selectors.patents().filter(organization__name="南京工业大学"))
    assert (njtech.total, njtech.counts["evaluated"], njtech.counts["registered"]) == (60, 44, 16)
    assert 0 < njtech.counts["matched"] <= 5
    assert StockPatent.objects.exclude(open_licence_fee="").exists()
    today = timezone.localdate()
    call = Call.objects.get(code=f"{today.year}-university")
    assert call.is_open(today) and call.year == today.year and call.city_cap == 1
    assert list(call.rules.values_list("code", flat=True)) == list(
        selectors.calls().get(code="2022-university").rules.values_list("code", flat=True))
    assert Call.objects.get(code=f"{today.year}-industry").is_open(today)
    applied = {a.organization.name: a for a in ProjectApplication.objects.filter(call=call).select_related(
        "organization", "recommended_by", "decided_by")}
    assert {name: a.status for name, a in applied.items()} == {
        "南京工业大学": "submitted", "苏州大学": "recommended", "扬州大学": "funded", "河海大学": "draft"}
    assert applied["南京工业大学"].created_by.username == "liaison" and applied["南京工业大学"].digest
    assert applied["苏州大学"].recommended_by.username == "organizer"
    assert applied["扬州大学"].recommended_by.username == "organizer_yangzhou"
    assert applied["扬州大学"].decided_by.username == "admin"
    assert all(a.verdict and all(rule["passed"] for rule in a.verdict)
               for name, a in applied.items() if name != "河海大学")
    before = (InstitutionFigures.objects.count(), StockPatent.objects.count(), Call.objects.count(),
              CallRule.objects.count(), ProjectApplication.objects.count(),
              sorted(ProjectApplication.objects.values_list("pk", "status", "updated_at")))
    call_command("seed_demo")
    assert (InstitutionFigures.objects.count(), StockPatent.objects.count(), Call.objects.count(),
            CallRule.objects.count(), ProjectApplication.objects.count(),
            sorted(ProjectApplication.objects.values_list("pk", "status", "updated_at"))) == before
