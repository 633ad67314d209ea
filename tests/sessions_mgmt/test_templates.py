"""What a year asks of its special sessions is data: every figure of the 2022 notice's and the
2023 plan's 承办要求 is a row, read through /api/v1/sessions/templates/."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from sessions_mgmt.models import TargetTemplate

TEMPLATES = "/api/v1/sessions/templates/"


def _by_type(answer) -> dict:
    return {entry["session_type"]: {t["code"]: t for t in entry["targets"]} for entry in answer}


def _target(targets, code):
    t = targets[code]
    return t["kind"], t["metric"], t["goal"], t["deadline"]


def test_the_2023_targets_are_the_plan_s(client, db):
    answer = client.get(TEMPLATES, {"year": 2023}).json()
    types = _by_type(answer)
    assert set(types) == {"auction_industry", "challenge_industry", "talent", "regional", "open_licence", "instrument"}
    for targets in types.values():  # the basic requirements of every session (基本要求)
        assert _target(targets, "enterprises_served") == ("min", "enterprises_served", 100, None)
        assert _target(targets, "roadshow") == ("deadline", "roadshow_projects", 5, "2023-10-30")
        assert _target(targets, "roadshow_attendees") == ("max", "roadshow_attendees", 120, None)
        assert _target(targets, "media_reports")[2] == 2 and _target(targets, "typical_cases")[2] == 5
        assert _target(targets, "recommended_projects")[2] == 10
        assert _target(targets, "summary_report") == ("done", "summary_report", None, None)
    auction, challenge = types["auction_industry"], types["challenge_industry"]
    assert [auction[c]["goal"] for c in ("published_items", "programme_related_items", "major_results_in_roadshow",
                                         "intentions", "deals")] == [30, 10, 2, 20, 10]
    assert auction["programme_related_items"]["torch_only"] and not auction["deals"]["torch_only"]
    assert [challenge[c]["goal"] for c in ("valid_demands", "cross_region_enterprises", "intentions", "deals")] == [
        80, 30, 20, 10]
    assert [types["talent"][c]["goal"] for c in ("tech_manager_firms", "intentions", "deals")] == [5, 10, 5]
    regional = types["regional"]
    assert _target(regional, "cross_region_share") == ("ratio", "cross_region_share", 0.3, None)
    assert [regional[c]["goal"] for c in ("invited_units_per_host", "intentions", "deals")] == [20, 30, 15]
    plans = {entry["session_type"]: (entry["plan_group"], entry["planned_min"], entry["planned_max"])
             for entry in answer}
    assert plans["auction_industry"] == plans["challenge_industry"] == ("industry", 10, 12)
    assert plans["regional"] == ("regional", 1, 2) and plans["instrument"] == ("instrument", 1, 1)


def test_the_2022_targets_differ(client, db):
    answer = client.get(TEMPLATES, {"year": 2022}).json()
    types = _by_type(answer)
    assert set(types) == {"auction_industry", "challenge_industry"}
    auction, challenge = types["auction_industry"], types["challenge_industry"]
    assert _target(auction, "roadshow") == ("deadline", "roadshow_projects", 5, "2022-09-30")
    assert _target(challenge, "roadshow") == ("deadline", "roadshow_projects", 5, "2022-10-30")
    assert [auction[c]["goal"] for c in ("published_items", "enterprises_served", "participating_units", "intentions",
                                         "recommended_projects", "typical_cases", "media_reports")] == [
        30, 100, 50, 10, 10, 3, 2]
    assert [challenge[c]["goal"] for c in ("enterprises_served", "valid_demands", "participating_units",
                                           "recommended_projects", "typical_cases", "media_reports")] == [
        100, 50, 50, 10, 3, 2]
    assert "roadshow_attendees" not in auction and "deals" not in challenge
    assert {entry["planned_max"] for entry in answer} == {17}


def test_the_latest_year_by_default_and_bad_years_are_refused(client, db):
    assert client.get(TEMPLATES).json() == client.get(TEMPLATES, {"year": 2023}).json()
    assert client.get(TEMPLATES, {"year": 1999}).status_code == 400
    assert client.get(TEMPLATES, {"year": "二〇二三"}).status_code == 400
    assert client.get(TEMPLATES, {"year": 2031}).json() == []


def test_a_target_is_checked_as_data(db):
    with pytest.raises(ValidationError):
        TargetTemplate(year=2024, code="roadshow", label="路演", kind="deadline", metric="roadshow_projects",
                       goal=5).full_clean()
    with pytest.raises(ValidationError):
        TargetTemplate(year=2024, code="share", label="占比", kind="ratio", metric="cross_region_share",
                       goal=30).full_clean()
    with pytest.raises(IntegrityError):  # the database holds it too
        TargetTemplate.objects.create(year=2024, code="share", label="占比", kind="ratio",
                                      metric="cross_region_share", goal=30, deadline=datetime.date(2024, 10, 30))
