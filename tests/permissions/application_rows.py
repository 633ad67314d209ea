"""Project applications' rows (added to transformation_rows): the applicant unit's liaison
(the seller unit, a 苏州 institute) fills in, submits, withdraws and uploads its sealed scan;
the organiser of 苏州's local authority sees the city's submitted applications and recommends;
the administrators see every submitted one and decide on the recommended; a unit of another
kind does not apply; the others do not know the applications exist."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_organization
from tests.permissions.table import (
    AUTH,
    CREATED,
    DENIED,
    DONE,
    HIDDEN,
    LOGIN,
    OK,
    REDIRECT,
    REFUSED,
    admin_only,
    answers,
    api_row,
    api_signed_in,
    row,
    signed_in,
)
from transformation.application_content import build_content, digest_of
from transformation.choices import ApplicationStatus
from transformation.models import Call, CallRule, InstitutionFigures, ProjectApplication

FORM = {"title": "知识产权运营中心建设", "plan": "组建团队", "targets": "年增长20%", "liaison_name": "沈立",
        "liaison_phone": "0512-65880000"}


def _call(code: str) -> Call:
    source = Call.objects.get(code="2022-university")
    call = Call.objects.create(code=code, year=2023, direction="university", title=f"{code} 高校院所",
                               opens_on=datetime.date(2023, 1, 1), closes_on=datetime.date(2023, 12, 31), city_cap=1)
    CallRule.objects.bulk_create([CallRule(call=call, code=rule.code, label=rule.label, position=rule.position,
                                           conditions=rule.conditions) for rule in source.rules.all()])
    return call


def _submitted(call, organization, status=ApplicationStatus.SUBMITTED) -> ProjectApplication:
    application = ProjectApplication.objects.create(call=call, organization=organization, city_id="320500",
                                                    status=status, submitted_at=datetime.datetime(
                                                        2023, 5, 1, tzinfo=datetime.UTC), **FORM)
    application.content = build_content(application, {"grants_avg": 160})
    application.digest = digest_of(application.content)
    application.save()
    return application


def build(world) -> None:
    world.project_call = _call("2023-university-open")
    world.project_other_call = _call("2023-university-other")
    for year in (2020, 2021, 2022):
        InstitutionFigures.objects.update_or_create(organization=world.seller_org, year=year, defaults={
            "ip_staff": 6, "ip_staff_full_time": 2, "patents_granted": 160, "invention_patents_granted": 40,
            "transformed_by_assignment": 16, "amount_by_assignment": 3_000_000})
    world.project_application = _submitted(world.project_call, world.seller_org)
    world.project_application.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 sealed"), save=True)
    world.project_draft = ProjectApplication.objects.create(
        call=world.project_other_call, organization=world.seller_org, city_id="320500", **FORM)
    neighbour = make_organization("苏州某研究院", "research_institute", "320505")
    world.project_recommended = _submitted(world.project_other_call, neighbour, ApplicationStatus.RECOMMENDED)


def _scan(world):
    return {"file": SimpleUploadedFile("申报书盖章.pdf", b"%PDF-1.4 sealed", content_type="application/pdf")}


SEES = {"admin": OK, "liaison": OK, "organizer": OK}  # the submitted application: its unit, its city, the province

ROWS = [
    row("my project applications", "GET", ("transformation:my-applications",), signed_in()),
    row("the city's project applications", "GET", ("transformation:city-applications",),
        answers(LOGIN, signed_in=HIDDEN, organizer=OK)),
    row("the province's project applications", "GET", ("transformation:province-applications",), admin_only(),
        query="status=submitted&city=320500"),
    row("apply to a call", "GET", ("transformation:apply", "@project_call"),
        answers(LOGIN, signed_in=HIDDEN, liaison=REDIRECT, other_liaison=OK)),
    row("apply to a call saved", "POST", ("transformation:apply", "@project_call"),
        answers(LOGIN, signed_in=HIDDEN, liaison=DONE, other_liaison=DONE), data=FORM),
    row("a project application", "GET", ("transformation:application", "@project_application"),
        answers(LOGIN, signed_in=HIDDEN, **SEES)),
    row("a draft project application saved", "POST", ("transformation:application", "@project_draft"),
        answers(LOGIN, signed_in=HIDDEN, liaison=DONE), data={**FORM, "save": ""}),
    row("a project application's form (PDF)", "GET", ("transformation:application-document", "@project_application"),
        answers(LOGIN, signed_in=HIDDEN, **SEES)),
    row("a project application's sealed scan", "GET", ("transformation:application-scan", "@project_application"),
        answers(LOGIN, signed_in=HIDDEN, **SEES)),
    row("a project application's sealed scan uploaded", "POST", ("transformation:application-scan", "@project_application"),
        answers(LOGIN, signed_in=HIDDEN, liaison=DONE), data=_scan),
    row("a project application recommended", "POST", ("transformation:application-recommend", "@project_application"),
        answers(LOGIN, signed_in=HIDDEN, organizer=DONE)),
    row("a project application decided", "POST", ("transformation:application-decide", "@project_recommended"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, organizer=HIDDEN), data={"decision": "funded"}),
    row("a project application withdrawn", "POST", ("transformation:application-withdraw", "@project_application"),
        answers(LOGIN, signed_in=HIDDEN, liaison=DONE)),
    row("a project application's trainees", "POST", ("transformation:application-trainees", "@project_application"),
        answers(LOGIN, signed_in=HIDDEN, liaison=REFUSED), data={"year": "2023", "count": "200"}),
    row("a project application's digest verified", "POST", ("transformation:application-verify", "@project_application"),
        answers(LOGIN, signed_in=HIDDEN, admin=DONE, liaison=DONE, organizer=DONE),
        data=lambda world: {"digest": world.project_application.digest}),
    api_row("the project applications through the API", "GET", ("transformation-api:applications",), api_signed_in()),
    api_row("a project application created through the API", "POST", ("transformation-api:applications",),
            answers(AUTH, signed_in=DENIED, liaison=REFUSED, other_liaison=CREATED),
            data=lambda world: {**FORM, "call": world.project_call.pk}),
    api_row("a project application through the API", "GET", ("transformation-api:application", "@project_application"),
            answers(AUTH, signed_in=HIDDEN, **SEES)),
    api_row("a draft project application changed through the API", "PATCH",
            ("transformation-api:application", "@project_draft"),
            answers(AUTH, signed_in=HIDDEN, liaison=OK), data={"plan": "组建专业化团队"}),
    api_row("a project application submitted through the API", "POST",
            ("transformation-api:application-submit", "@project_draft"),
            answers(AUTH, signed_in=HIDDEN, liaison=OK)),
    api_row("a project application recommended through the API", "POST",
            ("transformation-api:application-recommend", "@project_application"),
            answers(AUTH, signed_in=HIDDEN, admin=DENIED, liaison=DENIED, organizer=OK)),
    api_row("a project application decided through the API", "POST",
            ("transformation-api:application-decide", "@project_recommended"),
            answers(AUTH, signed_in=HIDDEN, admin=OK, organizer=DENIED), data={"decision": "funded"}),
    api_row("a project application's digest verified through the API", "POST",
            ("transformation-api:application-verify", "@project_application"),
            answers(AUTH, signed_in=HIDDEN, **SEES), data=lambda world: {"digest": world.project_application.digest}),
]
