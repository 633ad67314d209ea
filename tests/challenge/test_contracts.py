"""A cooperation's signed contract (跟踪问效): the enterprise, the responsible manager or an
administrator records it, and it becomes a deal of the auction's, the one contract model of both
campaigns, where the ≥ 20万 project support and the year's totals are counted."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from auction import selectors as auction_selectors
from auction.models import Deal
from challenge import selectors
from challenge.services import cooperations as cooperation_services
from challenge.services import solutions as solution_services
from jbgs.exceptions import DomainError, InvalidTransition, NotAllowed
from jbgs.models import AuditEntry
from tests.challenge.test_solutions import _answer, published  # noqa: F401 (a fixture)
from tests.conftest import make_organization, make_user

SIGNED = timezone.localdate() - datetime.timedelta(days=10)


@pytest.fixture
def cooperation(solver, enterprise_user, published):  # noqa: F811
    return solution_services.record_intention(actor=enterprise_user, solution=_answer(solver, published))


def contract_form(**changes) -> dict:
    """The contract as the enterprise types it: the amount in 万元, the date as people write it."""
    data = {"contract_number": "JS2023-0815", "contract_amount": "35",
            "signed_on": f"{SIGNED.year}年{SIGNED.month}月{SIGNED.day}日", "registration_number": "",
            "registered_on": ""}
    data.update(changes)
    return data


def record(actor, cooperation, **changes):
    terms = {"contract_number": "JS2023-0815", "contract_amount": Decimal("350000"), "signed_on": SIGNED}
    terms.update(changes)
    return cooperation_services.record_contract(actor=actor, cooperation=cooperation, **terms)


def nothing_written(cooperation) -> bool:
    cooperation.refresh_from_db()
    return (not Deal.objects.exists() and cooperation.deal_id is None and cooperation.stage == "intention"
            and not AuditEntry.objects.filter(action__in=["auction.deal.contract_signed",
                                                          "challenge.cooperation.contract"]).exists())


def test_the_enterprise_records_the_signed_contract_as_one_deal_audited(client_as, enterprise_user, solver,
                                                                        cooperation):
    client = client_as(enterprise_user)
    solution_page = client.get(reverse("challenge:solution", args=[cooperation.solution_id])).text
    assert reverse("challenge:cooperation-contract", args=[cooperation.pk]) in solution_page
    answer = client.post(reverse("challenge:cooperation-contract", args=[cooperation.pk]), contract_form())
    assert answer.status_code == 302
    deal = Deal.objects.get()
    cooperation.refresh_from_db()
    assert cooperation.deal == deal and cooperation.stage == "contract_signed"
    assert (deal.method, deal.lot, deal.buyer, deal.seller) == ("challenge", None, enterprise_user.organization,
                                                                 solver.organization)
    assert deal.campaign == cooperation.demand.campaign and deal.campaign.kind == "challenge"
    assert deal.price == deal.contract_amount == Decimal("350000.00") and deal.contract_signed_on == SIGNED
    assert deal.stage == "contract_signed" and deal.number == f"JB2023{deal.pk:06d}"
    assert deal.subject == f"{cooperation.demand.number} {cooperation.demand.title}"
    assert timezone.localdate(deal.concluded_at) == SIGNED  # counted in the period it was signed in
    assert deal.support_eligible  # 35万 ≥ the year's 20万
    assert AuditEntry.objects.get(action="auction.deal.contract_signed", object_id=str(deal.pk)).actor == \
        enterprise_user
    entry = AuditEntry.objects.get(action="challenge.cooperation.contract", object_id=str(cooperation.pk))
    assert (entry.from_state, entry.to_state, entry.data["deal"]) == ("intention", "contract_signed", deal.number)
    page = client.get(reverse("challenge:cooperation-contract", args=[cooperation.pk])).text
    assert "JS2023-0815" in page and "符合" in page and "立项支持" in page
    # The solver's side sees the contract on the solution's page, without the way to record one.
    seen = client_as(solver).get(reverse("challenge:solution", args=[cooperation.solution_id])).text
    assert "JS2023-0815" in seen and reverse("challenge:cooperation-contract", args=[cooperation.pk]) not in seen


def test_a_contract_below_the_threshold_is_not_eligible_and_the_year_counts_it(admin_user, cooperation):
    record(admin_user, cooperation, contract_amount=Decimal("199999.99"))
    deal = Deal.objects.get()
    assert not deal.support_eligible
    campaign = cooperation.demand.campaign
    figures = auction_selectors.contract_figures(year=campaign.year)
    assert figures == {"contracts": 1, "contract_value": Decimal("199999.99"), "support_eligible": 0,
                       "support_value": Decimal("0.00"), "registered": 0}
    assert auction_selectors.concluded_deals(campaign=campaign).get() == deal
    auction_campaign = type(campaign).objects.get(year=campaign.year, kind="auction")
    assert not auction_selectors.concluded_deals(campaign=auction_campaign).exists()


def test_the_funnel_and_the_library_count_and_show_the_contract(client_as, admin_user, cooperation):
    campaign = cooperation.demand.campaign
    assert selectors.funnel(campaign, "field")[-1]["contract"] == 0
    record(admin_user, cooperation, contract_amount=Decimal("2500000"))
    assert selectors.funnel(campaign, "field")[-1]["contract"] == 1
    library = client_as(admin_user).get(reverse("challenge:cooperations")).text
    assert "250" in library and "可申请立项支持" in library
    page = client_as(admin_user).get(reverse("challenge:cooperation", args=[cooperation.pk])).text
    assert "JS2023-0815" in page and "补录合同登记" in page


@pytest.mark.parametrize(("field", "changes"), [
    ("contract_amount", {"contract_amount": "-5"}),
    ("contract_amount", {"contract_amount": "0"}),
    ("contract_amount", {"contract_amount": "99999999999万"}),
    ("contract_amount", {"contract_amount": "三十五万"}),
    ("contract_amount", {"contract_amount": "面议"}),
    ("contract_number", {"contract_number": ""}),
    ("contract_number", {"contract_number": "\x00 "}),
    ("contract_number", {"contract_number": "H" * 61}),
    ("signed_on", {"signed_on": "2023-13-45"}),
    ("signed_on", {"signed_on": "去年七月"}),
    ("signed_on", {"signed_on": ""}),
    ("signed_on", {"signed_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}),
    ("registered_on", {"registration_number": "3201062023000123"}),
    ("registration_number", {"registered_on": SIGNED.isoformat()}),
    ("registered_on", {"registration_number": "3201062023000123",
                       "registered_on": (SIGNED - datetime.timedelta(days=1)).isoformat()}),
    ("registered_on", {"registration_number": "3201062023000123", "registered_on": "2023/02/30"}),
])
def test_bad_input_is_a_field_error_and_nothing_is_written(client_as, enterprise_user, cooperation, field, changes):
    answer = client_as(enterprise_user).post(reverse("challenge:cooperation-contract", args=[cooperation.pk]),
                                             contract_form(**changes))
    assert answer.status_code == 200
    assert field in answer.context["form"].errors, answer.context["form"].errors
    assert nothing_written(cooperation)


@pytest.mark.parametrize(("field", "changes"), [
    ("contract_amount", {"contract_amount": Decimal("-1")}),
    ("contract_amount", {"contract_amount": Decimal("1E+15")}),
    ("contract_amount", {"contract_amount": "abc"}),
    ("contract_amount", {"contract_amount": None}),
    ("contract_number", {"contract_number": "  "}),
    ("signed_on", {"signed_on": None}),
    ("signed_on", {"signed_on": "2023-07-01"}),  # a service takes dates, not text
])
def test_the_service_refuses_what_a_form_would_refuse(admin_user, cooperation, field, changes):
    with pytest.raises(DomainError) as refused:
        record(admin_user, cooperation, **changes)
    assert refused.value.field == field
    assert nothing_written(cooperation)


def test_a_refused_registration_leaves_no_contract_behind(admin_user, cooperation):
    with pytest.raises(DomainError) as refused:
        record(admin_user, cooperation, registration_number="3201062023000123",
               registered_on=SIGNED - datetime.timedelta(days=5))
    assert refused.value.field == "registered_on"
    assert nothing_written(cooperation)


def test_the_registration_is_added_later_through_the_auctions_registration(client_as, enterprise_user, cooperation):
    record(enterprise_user, cooperation)
    client = client_as(enterprise_user)
    url = reverse("challenge:cooperation-contract", args=[cooperation.pk])
    early = client.post(url, {"registration_number": "3201062023000123",
                              "registered_on": (SIGNED - datetime.timedelta(days=1)).isoformat()})
    assert "registered_on" in early.context["form"].errors and Deal.objects.get().stage == "contract_signed"
    registered_on = SIGNED + datetime.timedelta(days=5)
    assert client.post(url, {"registration_number": "3201062023000123",
                             "registered_on": registered_on.isoformat()}).status_code == 302
    deal = Deal.objects.get()
    assert (deal.stage, deal.registration_number, deal.registered_on) == ("registered", "3201062023000123",
                                                                          registered_on)
    assert AuditEntry.objects.filter(action="auction.deal.registered", object_id=str(deal.pk)).count() == 1
    again = client.post(url, {"registration_number": "3201062023000999", "registered_on": registered_on.isoformat()})
    assert again.status_code == 200 and again.context["form"].errors
    assert Deal.objects.get().registration_number == "3201062023000123"


def test_a_contract_given_with_its_registration_is_registered_at_once(manager, admin_user, cooperation):
    cooperation_services.assign_manager(actor=admin_user, cooperation=cooperation, manager=manager)
    record(manager, cooperation, registration_number="3201062023000123", registered_on=SIGNED)
    deal = Deal.objects.get()
    assert deal.stage == "registered" and auction_selectors.contract_figures(year=2023)["registered"] == 1
    assert list(AuditEntry.objects.filter(object_id=str(deal.pk), action__startswith="auction.deal.")
                .order_by("id").values_list("action", flat=True)) == ["auction.deal.contract_signed",
                                                                      "auction.deal.registered"]


def test_a_contract_is_recorded_once_and_never_for_a_stopped_cooperation(admin_user, solver, enterprise_user,
                                                                         published):  # noqa: F811
    other = make_user("solver-2", make_organization("江南大学", "undergraduate_university", "320211"), ["solver"])
    first, second = (solution_services.record_intention(actor=enterprise_user, solution=solution)
                     for solution in [_answer(solver, published), _answer(other, published)])
    record(admin_user, first)
    with pytest.raises(InvalidTransition):
        record(admin_user, first, contract_number="JS2023-0816")
    cooperation_services.record_follow_up(actor=admin_user, cooperation=second, note="企业另选方案", stage="stopped")
    with pytest.raises(InvalidTransition):
        record(admin_user, second)
    assert Deal.objects.count() == 1


def test_a_follow_up_does_not_move_to_contract_signed_without_the_contract(admin_user, cooperation):
    with pytest.raises(DomainError) as refused:
        cooperation_services.record_follow_up(actor=admin_user, cooperation=cooperation, note="口头约定",
                                              stage="contract_signed")
    assert refused.value.code == "contract_required"
    cooperation.refresh_from_db()
    assert cooperation.stage == "intention"


def test_only_the_enterprise_its_manager_and_administrators_record_the_contract(client, client_as, solver, liaison,
                                                                               manager, expert, cooperation):
    url = reverse("challenge:cooperation-contract", args=[cooperation.pk])
    assert client.get(url).status_code == 302 and client.post(url, contract_form()).status_code == 302  # sign in
    other_enterprise = make_user("enterprise-2", make_organization("无锡恒信精密机械有限公司", "enterprise", "320214"),
                                 ["enterprise"])
    other_solver = make_user("solver-3", make_organization("苏州大学", "undergraduate_university", "320508"),
                             ["solver"])
    # The manager follows up only what an administrator named them for; the solver's side does not record.
    for user in (other_enterprise, other_solver, solver, liaison, manager, expert):
        assert client_as(user).get(url).status_code == 404
        assert client_as(user).post(url, contract_form()).status_code == 404
        with pytest.raises(NotAllowed):
            record(user, cooperation)
    assert nothing_written(cooperation)


def test_the_library_page_reads_its_contracts_in_a_fixed_number_of_queries(client_as, admin_user, enterprise_user,
                                                                          solver, published,  # noqa: F811
                                                                          django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    others = [make_user(f"solver-{n}", make_organization(f"测试大学{n}", "undergraduate_university", "320211"),
                        ["solver"]) for n in range(2)]
    solutions = [_answer(who, published) for who in [solver, *others]]
    record(admin_user, solution_services.record_intention(actor=enterprise_user, solution=solutions[0]))
    client = client_as(admin_user)
    url = reverse("challenge:cooperations")
    client.get(url)  # the session and the menus' caches warm
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n, solution in enumerate(solutions[1:]):
        record(admin_user, solution_services.record_intention(actor=enterprise_user, solution=solution),
               contract_number=f"JS2023-09{n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
