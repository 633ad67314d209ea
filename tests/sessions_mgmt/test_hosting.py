"""Hosting (申办): the year's rules as its data (caps, regional authorities, the 2022 co-hosts),
the window, the selection that creates the session, the decline's comment, who may see and
do what, a new year with its templates copied; and the pages over them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from jbgs.exceptions import DomainError, NotAllowed
from jbgs.models import AuditEntry
from sessions_mgmt.choices import ApplicationStatus, SessionAction
from sessions_mgmt.models import (
    HostingApplication,
    Session,
    SessionPlan,
    SessionYear,
    TargetTemplate,
)
from sessions_mgmt.services import hosting
from sessions_mgmt.services.years import add_year
from tests.conftest import make_organization, make_user, persona, unit
from tests.sessions_mgmt.helpers import authority, field_of, session_year

pytestmark = pytest.mark.django_db

IN_WINDOW = {2022: datetime.datetime(2022, 4, 1, 10, tzinfo=datetime.UTC),
             2023: datetime.datetime(2023, 3, 1, 10, tzinfo=datetime.UTC)}


def university():
    return unit("university")


def science_park():
    return make_organization("苏州工业园区科技创业园", "science_park", "320506")


def apply(actor=None, *, year=2023, session_type="auction_industry", title="新能源产业专场", co_hosts=None,
          torch=False, **data):
    actor = actor or persona("organizer")
    session_year(year)
    industry = session_type in ("auction_industry", "challenge_industry")
    fields = {"session_type": session_type, "title": title, "torch": torch, "plan": "五月启动，十月路演",
              "liaison_name": "吴海燕", "liaison_phone": "0512-68660001",
              "field": field_of(year) if industry else None, **data}
    return hosting.save_application(actor=actor, year=year, data=fields,
                                    co_hosts=[university()] if co_hosts is None else co_hosts)


def submitted(actor=None, **options):
    application = apply(actor, **options)
    return hosting.submit(actor=actor or persona("organizer"), application=application,
                          now=IN_WINDOW[options.get("year", 2023)])


def organiser_of(name: str, region: str, username: str):
    return make_user(username, authority(name, region), ["organizer"])


class TestCaps:
    def test_a_citys_third_live_application_is_refused_naming_the_first_two(self):
        submitted(title="新能源产业专场")
        submitted(title="生物医药产业专场", session_type="challenge_industry")
        third = apply(title="集成电路产业专场")
        with pytest.raises(DomainError) as refused:
            hosting.submit(actor=persona("organizer"), application=third, now=IN_WINDOW[2023])
        assert refused.value.field == "applicant"
        assert "《新能源产业专场》" in refused.value.message and "《生物医药产业专场》" in refused.value.message
        third.refresh_from_db()
        assert third.status == ApplicationStatus.DRAFT

    def test_a_countys_second_is_refused(self):
        county = organiser_of("苏州市吴中区科学技术局", "320506", "wuzhong")
        submitted(county, title="吴中新能源专场")
        with pytest.raises(DomainError, match="吴中新能源专场"):
            submitted(county, title="吴中生物医药专场")

    def test_a_withdrawn_application_frees_its_place(self):
        first = submitted(title="新能源产业专场")
        submitted(title="生物医药产业专场", session_type="challenge_industry")
        hosting.withdraw(actor=persona("organizer"), application=first)
        third = submitted(title="集成电路产业专场")
        assert third.status == ApplicationStatus.SUBMITTED


class TestRules:
    def test_a_regional_session_needs_two_authorities(self):
        with pytest.raises(DomainError) as refused:
            submitted(session_type="regional", title="苏锡常区域专场", co_hosts=[university()])
        assert refused.value.field == "co_hosts"
        wuxi = authority("无锡市科学技术局", "320200")
        assert submitted(session_type="regional", title="苏锡常区域专场", co_hosts=[wuxi]).status == "submitted"

    def test_2022_asks_a_university_of_an_auction_session_and_a_science_park_of_a_challenge_one(self):
        with pytest.raises(DomainError, match="university|高校"):
            submitted(year=2022, co_hosts=[science_park()])
        with pytest.raises(DomainError, match="science park|科技园"):
            submitted(year=2022, session_type="challenge_industry", title="挑战季专场", co_hosts=[university()])
        assert submitted(year=2022, co_hosts=[university()]).status == "submitted"

    def test_2023_asks_neither(self):
        assert submitted(year=2023, co_hosts=[]).status == "submitted"
        assert submitted(year=2023, session_type="challenge_industry", title="挑战季专场", co_hosts=[]).status \
            == "submitted"

    def test_the_window_refuses_the_day_before_it_opens_and_the_day_after_it_closes(self):
        year = session_year(2023)
        application = apply()
        for day in (year.applications_open - datetime.timedelta(days=1),
                    year.applications_close + datetime.timedelta(days=1)):
            moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
            with pytest.raises(DomainError) as refused:
                hosting.submit(actor=persona("organizer"), application=application, now=moment)
            assert refused.value.code == "window_closed"
        last_day = datetime.datetime.combine(year.applications_close, datetime.time(12), tzinfo=datetime.UTC)
        assert hosting.submit(actor=persona("organizer"), application=application, now=last_day).status == "submitted"

    def test_an_inactive_unit_is_no_co_host(self):
        closed = make_organization("停业科技园", "science_park", "320506", status="suspended")
        with pytest.raises(DomainError, match="停业科技园"):
            apply(co_hosts=[closed])


class TestDecision:
    def test_selection_creates_the_session_with_its_hosts_and_the_years_targets(self):
        plain = submitted(title="新能源产业专场")
        torch = submitted(title="火炬直通车专场", torch=True)
        admin = persona("admin_user")
        session = hosting.select(actor=admin, application=plain)
        assert session.application == plain and session.year == 2023
        assert {(h.organization.name, h.is_main) for h in session.hosts.all()} == {
            ("苏州市科学技术局", True), ("南京工业大学", False)}
        codes = set(session.targets.values_list("code", flat=True))
        expected = set(TargetTemplate.objects.filter(year=2023, session_type__in=["", "auction_industry"],
                                                     torch_only=False).values_list("code", flat=True))
        assert codes == expected and "programme_related_items" not in codes
        torch_session = hosting.select(actor=admin, application=torch)
        assert "programme_related_items" in set(torch_session.targets.values_list("code", flat=True))
        plain.refresh_from_db()
        assert plain.status == ApplicationStatus.SELECTED

    def test_a_decline_needs_a_comment(self):
        application = submitted()
        with pytest.raises(DomainError) as refused:
            hosting.decline(actor=persona("admin_user"), application=application, comment="  ")
        assert refused.value.field == "comment"
        declined = hosting.decline(actor=persona("admin_user"), application=application, comment="产业基础不足")
        assert declined.status == ApplicationStatus.DECLINED and declined.decision_comment == "产业基础不足"

    def test_only_an_administrator_decides(self):
        application = submitted()
        with pytest.raises(NotAllowed):
            hosting.select(actor=persona("organizer"), application=application)
        assert not Session.objects.exists()


class TestWhoMay:
    def test_a_non_organiser_cannot_apply(self):
        for person in (persona("enterprise_user"), persona("liaison"), persona("manager")):
            with pytest.raises(NotAllowed):
                apply(person)

    def test_an_organiser_of_a_unit_that_is_no_authority_cannot_apply(self):
        organiser = make_user("park-organiser", science_park(), ["organizer"])
        with pytest.raises(NotAllowed):
            apply(organiser)

    def test_another_authoritys_organiser_neither_sees_nor_changes(self, client_as):
        application = apply()
        other = organiser_of("无锡市科学技术局", "320200", "wuxi")
        client = client_as(other)
        for name in ("sessions:application", "sessions:application-edit"):
            assert client.get(reverse(name, args=[application.pk])).status_code == 404
        assert client.post(reverse("sessions:application-withdraw", args=[application.pk])).status_code == 404
        assert application.title not in client.get(reverse("sessions:applications")).content.decode()
        with pytest.raises(NotAllowed):
            hosting.withdraw(actor=other, application=application)


class TestYears:
    def test_add_year_copies_the_plan_and_the_templates_with_their_deadlines_moved(self):
        admin = persona("admin_user")
        fields = {"applications_open": datetime.date(2024, 2, 1), "applications_close": datetime.date(2024, 4, 30),
                  "sessions_start": datetime.date(2024, 5, 15), "sessions_end": datetime.date(2024, 11, 30),
                  "city_cap": 3, "county_cap": 1, "regional_authorities": 2}
        added = add_year(actor=admin, year=2024, fields=fields, copy_from=2023)
        assert added.city_cap == 3
        assert SessionPlan.objects.filter(year=2024).count() == SessionPlan.objects.filter(year=2023).count()
        old = {(t.session_type, t.code): t for t in TargetTemplate.objects.filter(year=2023)}
        new = {(t.session_type, t.code): t for t in TargetTemplate.objects.filter(year=2024)}
        assert old.keys() == new.keys()
        roadshow = new[("auction_industry", "roadshow")] if ("auction_industry", "roadshow") in new else next(
            t for t in new.values() if t.deadline)
        assert roadshow.deadline == old[(roadshow.session_type, roadshow.code)].deadline.replace(year=2024)
        assert AuditEntry.objects.filter(action=SessionAction.YEAR_ADDED).count() == 1

    def test_an_existing_year_is_refused(self):
        session_year(2023)
        fields = {"applications_open": datetime.date(2023, 2, 1), "applications_close": datetime.date(2023, 4, 30),
                  "sessions_start": datetime.date(2023, 5, 15), "sessions_end": datetime.date(2023, 11, 30)}
        with pytest.raises(DomainError) as refused:
            add_year(actor=persona("admin_user"), year=2023, fields=fields, copy_from=2022)
        assert refused.value.code == "year_exists" and refused.value.field == "year"

    def test_only_administrators_add_a_year(self):
        with pytest.raises(NotAllowed):
            add_year(actor=persona("organizer"), year=2030, fields={}, copy_from=None)


FORM = {"year": "2023", "session_type": "auction_industry", "title": "新能源产业专场", "plan": "五月启动",
        "liaison_name": "吴海燕", "liaison_phone": "0512-68660001"}


class TestPages:
    @freeze_time("2023-03-01 10:00:00+08:00")
    def test_an_organiser_applies_saves_a_draft_and_submits_it(self, client_as):
        session_year(2023)
        client = client_as(persona("organizer"))
        listing = client.get(reverse("sessions:applications")).content.decode()
        assert reverse("sessions:application-new") in listing
        field = field_of(2023)
        response = client.post(reverse("sessions:application-new"),
                               {**FORM, "field": field.pk, "co_hosts": [university().pk]})
        application = HostingApplication.objects.get()
        assert response.url == reverse("sessions:application", args=[application.pk])
        assert [c.organization for c in application.co_hosts.all()] == [university()]
        client.post(reverse("sessions:application-submit", args=[application.pk]))
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
        page = client.get(reverse("sessions:application", args=[application.pk])).content.decode()
        history = page.split('data-testid="history"')[1]
        assert "南京工业大学" in page and "吴海燕" in history and history.count("list-group-item") >= 2

    @freeze_time("2023-03-01 10:00:00+08:00")
    def test_the_cap_refusal_names_the_field_and_the_titles(self, client_as):
        submitted(title="新能源产业专场")
        submitted(title="生物医药产业专场", session_type="challenge_industry")
        third = apply(title="集成电路产业专场")
        client = client_as(persona("organizer"))
        response = client.post(reverse("sessions:application-submit", args=[third.pk]), follow=True)
        text = response.content.decode()
        assert "《新能源产业专场》" in text and "《生物医药产业专场》" in text

    @freeze_time("2023-06-01 10:00:00+08:00")
    def test_outside_the_window_the_list_says_when_the_next_opens(self, client_as):
        session_year(2023)
        SessionYear.objects.create(year=2024, applications_open=datetime.date(2024, 2, 1),
                                   applications_close=datetime.date(2024, 4, 30),
                                   sessions_start=datetime.date(2024, 5, 15), sessions_end=datetime.date(2024, 11, 30))
        page = client_as(persona("organizer")).get(reverse("sessions:applications")).content.decode()
        assert "2024-02-01" in page and reverse("sessions:application-new") not in page

    def test_the_administrator_selects_and_lands_on_the_sessions_dashboard(self, client_as):
        application = submitted()
        response = client_as(persona("admin_user")).post(reverse("sessions:application-select", args=[application.pk]))
        session = Session.objects.get()
        assert response.url == reverse("sessions:dashboard", args=[session.pk])

    def test_a_decline_without_a_comment_is_refused_on_the_page(self, client_as):
        application = submitted()
        client = client_as(persona("admin_user"))
        response = client.post(reverse("sessions:application-decline", args=[application.pk]), follow=True)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
        assert "comment" in response.content.decode().lower() or "说明" in response.content.decode()

    def test_the_selection_warns_above_and_below_the_plan(self, client_as):
        SessionPlan.objects.filter(year=2023, group="regional").update(planned_min=1, planned_max=1)
        admin = persona("admin_user")
        wuxi, changzhou = authority("无锡市科学技术局", "320200"), authority("常州市科学技术局", "320400")
        for title in ("苏锡区域专场", "苏常区域专场"):
            application = submitted(session_type="regional", title=title, co_hosts=[wuxi, changzhou])
            hosting.select(actor=admin, application=application)
        page = client_as(admin).get(reverse("sessions:selection"), {"year": 2023}).content.decode()
        assert 'data-group="regional" class="table-warning"' in page and 'data-warning="above"' in page
        assert 'data-warning="below"' in page  # no industry session yet: below 10

    def test_an_administrator_adds_a_year_in_the_browser(self, client_as):
        client = client_as(persona("admin_user"))
        response = client.post(reverse("sessions:year-new"), {
            "year": "2025", "applications_open": "2025-02-01", "applications_close": "2025年4月30日",
            "sessions_start": "2025-05-15", "sessions_end": "2025-11-30", "city_cap": "2", "county_cap": "1",
            "regional_authorities": "2", "copy_from": "2023"})
        assert response.status_code == 302
        assert SessionYear.objects.get(year=2025).applications_close == datetime.date(2025, 4, 30)
        assert TargetTemplate.objects.filter(year=2025).count() == TargetTemplate.objects.filter(year=2023).count()
        again = client.post(reverse("sessions:year-new"), {
            "year": "2025", "applications_open": "2025-02-01", "applications_close": "2025-04-30",
            "sessions_start": "2025-05-15", "sessions_end": "2025-11-30", "city_cap": "2", "county_cap": "1",
            "regional_authorities": "2", "copy_from": ""})
        assert again.status_code == 200 and again.context["form"].errors["year"]

    def test_a_file_is_added_and_read_only_by_the_authority_and_the_administrators(self, client_as):
        application = apply()
        client = client_as(persona("organizer"))
        client.post(reverse("sessions:application-file-add", args=[application.pk]),
                    {"file": SimpleUploadedFile("申办方案.pdf", b"%PDF-1.4\n%%EOF\n")})
        attachment = application.attachments.get()
        assert client.get(reverse("sessions:application-file", args=[attachment.pk])).status_code == 200
        bad = client.post(reverse("sessions:application-file-add", args=[application.pk]),
                          {"file": SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00")}, follow=True)
        assert application.attachments.count() == 1 and bad.status_code == 200
        other = client_as(organiser_of("无锡市科学技术局", "320200", "wuxi"))
        assert other.get(reverse("sessions:application-file", args=[attachment.pk])).status_code == 404
