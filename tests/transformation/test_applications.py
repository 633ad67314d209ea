"""Project applications (立项申报): the window, the applicant's kind, the eligibility check on
submission naming the rules not met, one application per unit and call, the city's cap naming
the applications already recommended, the province deciding only recommended ones, every
change audited with its states; the 申报书's digest changing with the content and printed in
its PDF; the performance of a funded project against its call's targets."""

import datetime
from decimal import Decimal

import pytest
from freezegun import freeze_time

from auction.choices import DealMethod, DealStage, TradeMode
from auction.models import Deal
from jbgs.choices import Role
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.models import AuditEntry
from tests.auction.bidding import pdf_words
from tests.challenge.conftest import challenge_campaign
from tests.conftest import make_organization, make_user, persona
from tests.transformation.application_helpers import (
    applicant,
    draft,
    university_call,
)
from transformation import application_content, performance
from transformation.application_pdf import application_pdf
from transformation.choices import ApplicationAction, ApplicationStatus
from transformation.models import Call, CallRule
from transformation.services import applications as services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_the_window")]


def submitted(liaison, **changes):
    return services.submit(actor=liaison, application=draft(liaison, **changes))


def test_draft_submitted_recommended_funded_each_change_audited_with_its_states():
    org, liaison = applicant()
    application = draft(liaison)
    assert application.status == ApplicationStatus.DRAFT and application.city_id == "320500"
    application = services.submit(actor=liaison, application=application)
    assert application.status == ApplicationStatus.SUBMITTED and len(application.digest) == 64
    assert application.figures["grants_avg"] == "160"
    application = services.recommend(actor=persona("organizer"), application=application, comment="同意推荐")
    application = services.decide(actor=persona("admin_user"), application=application, funded=True)
    assert application.status == ApplicationStatus.FUNDED
    moves = list(AuditEntry.objects.filter(action=ApplicationAction.MOVED, object_id=str(application.pk))
                 .order_by("pk").values_list("from_state", "to_state"))
    assert moves == [("draft", "submitted"), ("submitted", "recommended"), ("recommended", "funded")]


def test_the_province_decides_only_what_the_city_recommended():
    org, liaison = applicant()
    application = submitted(liaison)
    with pytest.raises(InvalidTransition):
        services.decide(actor=persona("admin_user"), application=application, funded=True)
    with pytest.raises(NotAllowed):
        services.decide(actor=persona("organizer"), application=application, funded=True)
    recommended = services.recommend(actor=persona("organizer"), application=application)
    with pytest.raises(DomainError, match="理由"):  # declining needs a reason
        services.decide(actor=persona("admin_user"), application=recommended, funded=False)
    declined = services.decide(actor=persona("admin_user"), application=recommended, funded=False, comment="材料不全")
    assert declined.status == ApplicationStatus.DECLINED
    with pytest.raises(InvalidTransition):
        services.decide(actor=persona("admin_user"), application=declined, funded=True)


def test_the_city_recommends_at_most_its_cap_and_names_the_one_already_recommended():
    _, first_liaison = applicant()
    _, second_liaison = applicant("苏州科技大学", "320505", "usts")
    first = submitted(first_liaison, title="苏大知识产权运营中心")
    second = submitted(second_liaison, title="苏科大知识产权运营中心")
    organizer = persona("organizer")
    services.recommend(actor=organizer, application=first)
    with pytest.raises(DomainError) as refused:
        services.recommend(actor=organizer, application=second)
    assert refused.value.code == "city_cap"
    assert "苏州大学" in str(refused.value.message) and "苏大知识产权运营中心" in str(refused.value.message)
    assert refused.value.extra["recommended"] == [first.pk]
    second.refresh_from_db()
    assert second.status == ApplicationStatus.SUBMITTED


def test_another_citys_organiser_does_not_recommend():
    _, liaison = applicant("南京大学", "320111", "nju")
    application = submitted(liaison)
    assert application.city_id == "320100"
    with pytest.raises(NotAllowed):
        services.recommend(actor=persona("organizer"), application=application)  # 苏州's


def test_submission_is_refused_naming_the_rules_not_met():
    _, liaison = applicant(grants=150, transformed=15)  # exactly 150 and 15: not "more than"
    application = draft(liaison)
    with pytest.raises(DomainError) as refused:
        services.submit(actor=liaison, application=application)
    assert refused.value.code == "not_eligible"
    assert refused.value.extra["failed"] == ["patent_output", "transformation_base"]
    assert "近3年年均专利授权量超过150件" in str(refused.value.message)
    assert "近3年年均转化实施专利超过15件" in str(refused.value.message)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and not application.digest


def test_outside_the_window_nothing_is_saved_or_submitted():
    _, liaison = applicant()
    application = draft(liaison)
    with freeze_time("2022-02-01 09:00:00+08:00"), pytest.raises(DomainError) as refused:
        services.submit(actor=liaison, application=application)
    assert refused.value.code == "call_closed" and "2022-01-30" in str(refused.value.message)
    with freeze_time("2022-02-01 09:00:00+08:00"), pytest.raises(DomainError, match="2022-01-30"):
        draft(applicant("南京工程学院", "320115", "njit")[1])


def test_only_a_unit_of_the_directions_kind_applies():
    company = make_organization("苏州纳米科技发展有限公司", "state_owned_enterprise", "320506")
    liaison = make_user("sip-nano", company, [Role.LIAISON])
    with pytest.raises(DomainError) as refused:
        draft(liaison)
    assert refused.value.code == "wrong_applicant_kind"
    _, university_liaison = applicant()
    with pytest.raises(DomainError, match="wrong_applicant_kind|Science park|科技园"):
        draft(university_liaison, call=Call.objects.get(code="2022-industry"))
    with pytest.raises(NotAllowed):  # an enterprise's person without the liaison role
        draft(persona("enterprise_user"))


def test_one_application_per_unit_and_call_until_withdrawn():
    _, liaison = applicant()
    first = draft(liaison)
    with pytest.raises(DomainError) as refused:
        draft(liaison, title="另一个项目")
    assert refused.value.code == "already_applied"
    services.withdraw(actor=liaison, application=first)
    assert draft(liaison, title="另一个项目").status == ApplicationStatus.DRAFT


def test_a_park_declares_its_facts_for_the_industry_direction():
    park = make_organization("苏州工业园区管委会", "science_park", "320506")
    organiser = make_user("sip", park, [Role.ORGANIZER])
    call = Call.objects.get(code="2022-industry")
    application = draft(organiser, call=call, chain_location=True, chain_enterprises="50", ip_body=True)
    with pytest.raises(DomainError) as refused:
        services.submit(actor=organiser, application=application)
    assert refused.value.extra["failed"] == ["leading_role"]  # 50 is not more than 50
    application = services.save_draft(actor=organiser, call=call, application=application, data={
        "title": application.title, "plan": "计划", "targets": "目标", "liaison_name": "王", "liaison_phone": "1",
        "chain_location": True, "chain_enterprises": 51, "ip_body": True})
    assert services.submit(actor=organiser, application=application).figures["chain_enterprises"] == "51"


def test_a_seller_applies_with_one_of_its_registered_deals_of_at_least_20_wan(enterprise_org):
    seller, liaison = applicant(years=())
    campaign = challenge_campaign(2023)
    deals = [Deal.objects.create(campaign=campaign, number=f"JBGS-A-{n}", method=DealMethod.CHALLENGE,
                                 buyer=enterprise_org, seller=seller, price=Decimal(amount),
                                 stage=DealStage.REGISTERED, concluded_at=datetime.datetime(2023, 5, 1, tzinfo=datetime.UTC),
                                 contract_amount=Decimal(amount), contract_signed_on=datetime.date(2023, 5, 1),
                                 contract_trade_form=TradeMode.ASSIGNMENT, contract_number=f"JS-{n}",
                                 registration_number=f"R-{n}")
             for n, amount in enumerate(["150000", "200000"])]
    call = Call.objects.create(code="2023-campaign-deal", year=2023, direction="campaign_deal", title="2023揭榜挂帅",
                               opens_on=datetime.date(2023, 1, 1), closes_on=datetime.date(2023, 12, 31))
    CallRule.objects.create(call=call, code="deal_amount", label="单笔技术合同实际成交额达20万元以上（含）",
                            conditions=[{"figure": "deal_amount", "op": "gte", "value": 20}])
    with freeze_time("2023-06-01 10:00:00+08:00"):
        application = draft(liaison, call=call, deal=deals[0].pk)
        with pytest.raises(DomainError, match="20万元以上"):
            services.submit(actor=liaison, application=application)
        with pytest.raises(DomainError) as refused:  # someone else's deal is not offered
            draft(liaison, call=call, deal=Deal.objects.exclude(seller=seller).values_list("pk", flat=True).first()
                  or 10**9)
        assert refused.value.field in ("deal", None)
        application = services.save_draft(actor=liaison, call=call, application=application,
                                          data={**_form_of(application), "deal": deals[1].pk})
        application = services.submit(actor=liaison, application=application)
    assert application.content["deal"]["number"] == "JBGS-A-1" and application.figures["deal_amount"] == "20"


def _form_of(application) -> dict:
    return {name: getattr(application, name) for name in ("title", "plan", "targets", "liaison_name", "liaison_phone")}


def test_the_digest_changes_with_the_content_and_is_printed_on_the_pdf(tmp_path):
    _, liaison = applicant()
    application = draft(liaison)
    _, before = application_content.current_content(application)
    application = services.save_draft(actor=liaison, call=university_call(), application=application,
                                      data={**_form_of(application), "plan": "组建专业化团队，实体化运行，每年培训200人。"})
    _, after = application_content.current_content(application)
    assert before != after
    application = services.submit(actor=liaison, application=application)
    assert application.digest == after == application_content.digest_of(application.content)
    pdf, digest = application_pdf(application)
    words = pdf_words(pdf, tmp_path)
    assert digest == application.digest
    assert f"SHA-256:{digest}" in words and "内容摘要" in words and "每年培训200人" in words
    assert application_content.digest_matches(application, digest.upper()[:32] + " " + digest[32:])
    assert not application_content.digest_matches(application, before)


def test_the_sealed_scan_after_submitting_a_pdf_or_image_only():
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, liaison = applicant()
    application = draft(liaison)
    scan = SimpleUploadedFile("申报书.pdf", b"%PDF-1.4 sealed", content_type="application/pdf")
    with pytest.raises(DomainError):
        services.add_scan(actor=liaison, application=application, upload=scan)
    application = services.submit(actor=liaison, application=application)
    with pytest.raises(Exception, match="PDF"):
        services.add_scan(actor=liaison, application=application,
                          upload=SimpleUploadedFile("申报书.docx", b"PK\x03\x04", content_type="application/zip"))
    scan.seek(0)
    application = services.add_scan(actor=liaison, application=application, upload=scan)
    assert application.scan.name.startswith("applications/") and application.scan.name.endswith(".pdf")


def test_a_funded_universitys_performance_from_its_figures_and_contracts():
    org, liaison = applicant(years=(2019, 2020, 2021))
    application = submitted(liaison)
    application = services.recommend(actor=persona("organizer"), application=application)
    application = services.decide(actor=persona("admin_user"), application=application, funded=True)
    with freeze_time("2023-03-01 10:00:00+08:00"):
        from jbgs.parsing import TYPED_UNIT
        from tests.transformation.application_helpers import figures
        from transformation.services.figures import save_figures

        save_figures(actor=liaison, organization=org, year=2022, data=figures(transformed=20), unit=TYPED_UNIT)
        rows = {row.year: row for row in performance.evaluate(application)}
    assert sorted(rows) == [2022, 2023]
    verdicts = {target["code"]: target["passed"] for target in rows[2022].targets}
    assert verdicts == {"transformed_growth": True, "contract_amount": False, "contract_growth": False}
    assert rows[2022].measures["transformed_growth"] == Decimal("25.0")
    assert not rows[2023].targets[0]["passed"]  # no figures for 2023 yet


def test_a_funded_parks_trainees_are_entered_and_judged():
    park = make_organization("苏州工业园区管委会", "science_park", "320506")
    organiser = make_user("sip", park, [Role.ORGANIZER])
    application = draft(organiser, call=Call.objects.get(code="2022-industry"), chain_location=True,
                        chain_enterprises=80, ip_body=True)
    application = services.submit(actor=organiser, application=application)
    application = services.recommend(actor=persona("organizer"), application=application)
    application = services.decide(actor=persona("admin_user"), application=application, funded=True)
    application = services.save_trainees(actor=organiser, application=application, year=2022, count=240)
    rows = performance.evaluate(application)
    verdicts = {target["code"]: target["passed"] for target in rows[0].targets}
    assert verdicts == {"pushes": False, "taken_up": False, "trainees": True}
