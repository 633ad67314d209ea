"""The API keeps to its own OpenAPI schema (issue 12): schemathesis generates requests for
every operation (valid and invalid bodies, odd query strings), with an administrator's and a
bidder's token, over records of every kind; every answer is below 500, an error has the
documented `{"code", "detail"}` shape, a body matches its documented schema, and an operation
the schema says needs authentication refuses an anonymous caller."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi import checks as openapi_checks

from config.wsgi import application

CHECKS = [openapi_checks.response_schema_conformance, openapi_checks.ignored_auth]


@pytest.fixture
def api_schema(db):
    # Called as a plain WSGI app, Django would close the test's database connection at the
    # end of each request; its own test client disconnects these signals the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(admin_user, bidder, enterprise_user, expert, university):
    """Something of each kind for the answers to show: published items, a lot sold on its
    day with bids, its deal, and the bidder registered for another lot; demands in draft,
    submitted and published on a hot list, with their fields hidden, and a draft hot list; a
    contract signed in the challenge, a deal without a lot."""
    from auction.services import bidding, closing
    from tests.auction.bidding import (
        BEFORE,
        CLOSES,
        RESERVE,
        START,
        at,
        make_bidder,
        make_lot,
        published_items,
    )

    first, second = published_items(admin_user, count=2)
    sold = make_lot(admin_user, [first], title="已成交拍品")
    other = make_lot(admin_user, [second], title="竞价中拍品")
    bidding.register(bidder=bidder, lot=other, rules_accepted=True, disclaimer_accepted=True, now=BEFORE)
    low, high = make_bidder(admin_user, sold, "low"), make_bidder(admin_user, sold, "high")
    bidding.place_bid(lot_id=sold.pk, bidder=low, amount=START, now=at(10))
    bidding.place_bid(lot_id=sold.pk, bidder=high, amount=RESERVE, now=at(10, 5))
    closing.close_lot(sold.pk, now=CLOSES)
    _demands(admin_user, enterprise_user, expert)
    _contract(enterprise_user, university)


def _contract(enterprise_user, university):
    import datetime
    from decimal import Decimal

    from auction.services.deals import do_record_contract_deal
    from tests.challenge.conftest import challenge_campaign

    do_record_contract_deal(actor=enterprise_user, campaign=challenge_campaign(), buyer=enterprise_user.organization,
                            seller=university, subject="XQ2023000001 高镍正极材料循环寿命提升技术",
                            contract_number="JS2023-0815", contract_amount=Decimal("350000"),
                            signed_on=datetime.date(2023, 7, 1))


def _demands(admin_user, enterprise_user, expert):
    from challenge.services import demands, hot_lists
    from tests.challenge.conftest import approved_demand, challenge_campaign, post_demand

    targets = [{"indicator": "循环寿命", "value": "2000", "unit": "次"},
               {"indicator": "杂质含量", "value": "10", "unit": "ppm", "hidden": True}]
    post_demand(enterprise_user, title="草稿需求", targets=targets)
    shown = approved_demand(enterprise_user, expert, targets, title="已发布需求", hidden_fields=["organization", "amount"])
    approved = approved_demand(enterprise_user, expert, targets, title="已通过需求", hidden_fields=[])
    demands.submit(actor=enterprise_user, demand=post_demand(enterprise_user, title="待诊断需求"))
    campaign = challenge_campaign()
    published = hot_lists.create_hot_list(actor=admin_user, campaign=campaign, field=shown.field, title="热门需求榜单",
                                          demand_ids=[shown.pk])
    hot_lists.publish_hot_list(actor=admin_user, hot_list=published)
    hot_lists.create_hot_list(actor=admin_user, campaign=campaign, field=approved.field, title="待发布榜单",
                              demand_ids=[approved.pk])


@pytest.mark.parametrize("who", ["admin", "bidder"])
def test_every_answer_keeps_to_the_schema(api_schema, records, who, admin_user, bidder, university):
    user = admin_user if who == "admin" else bidder
    # schemathesis' own pytest plugin does not run under pytest 9 yet, so the operations are
    # driven with hypothesis directly.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def check(case):
            with transaction.atomic():
                token = Token.objects.get_or_create(user=user)[0].key
                headers = {"Authorization": f"Token {token}", "Accept-Language": "zh-hans"}
                response = case.call(headers=headers)
                try:
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 (collected and reported below)
                    failures.append(f"{case.method} {case.formatted_path}: {str(error)[:300]}")
                transaction.set_rollback(True)
            where = f"{case.method} {case.formatted_path} {case.body!r:.200}"
            assert response.status_code < 500, f"{where}: {response.text[:300]}"
            if response.status_code >= 400 and response.headers.get("Content-Type", "").startswith("application/json"):
                assert {"code", "detail"} <= set(response.json()), where  # our error shape, always

        check()
    assert not failures, "\n".join(sorted(set(failures)))
