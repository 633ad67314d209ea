"""The demo's institutions tell the 2022 call's stories: one meets every condition, one
transforms exactly 15 patents a year (not more than 15), one misses a year; two have their
stock of patents worked through to different depths."""

import pytest
from django.core.management import call_command

from jbgs.models import Organization
from transformation import eligibility, selectors, stock_selectors
from transformation.models import InstitutionFigures, StockPatent

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
    before = InstitutionFigures.objects.count(), StockPatent.objects.count()
    call_command("seed_demo")
    assert (InstitutionFigures.objects.count(), StockPatent.objects.count()) == before
