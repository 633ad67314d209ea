"""What the project applications' tests share: universities of 苏州 with figures that meet the
2022 university call, their liaisons, and a draft filled in."""

from jbgs.choices import Role
from jbgs.parsing import TYPED_UNIT
from tests.conftest import make_organization, make_user
from transformation.models import Call
from transformation.services.applications import save_draft
from transformation.services.figures import save_figures

IN_THE_WINDOW = "2022-01-15 10:00:00+08:00"  # the 2022 calls take applications until 2022-01-30


def figures(grants=160, transformed=16):
    return {"ip_staff": 6, "ip_staff_full_time": 2, "patents_granted": grants, "invention_patents_granted": 40,
            "transformed_by_assignment": transformed - 6, "transformed_by_licence": 6, "transformed_by_equity": 0,
            "amount_by_assignment": "300", "amount_by_licence": "80", "amount_by_equity": ""}


def applicant(name="苏州大学", region="320506", username="suda", *, grants=160, transformed=16,
              kind="undergraduate_university", years=(2019, 2020, 2021)):
    """A university and its liaison, with figures of `years`."""
    org = make_organization(name, kind, region)
    liaison = make_user(username, org, [Role.LIAISON], name=f"{name}联络员")
    for year in years:
        save_figures(actor=liaison, organization=org, year=year, data=figures(grants, transformed), unit=TYPED_UNIT)
    return org, liaison


def university_call() -> Call:
    return Call.objects.get(code="2022-university")


def form(**changes) -> dict:
    return {"title": "高校知识产权运营中心建设", "plan": "组建专业化团队，实体化运行。", "targets": "年转化专利增长20%。",
            "liaison_name": "张老师", "liaison_phone": "0512-65880000", **changes}


def draft(liaison, call=None, **changes):
    return save_draft(actor=liaison, call=call or university_call(), data=form(**changes))
