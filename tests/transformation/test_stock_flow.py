"""The inventory's workflow at the scale of a whole stock: many patents given to a reviewer at
once (the ticked ones, or every one matching a filter; the same rule as one at a time, a cap,
one audit entry each, rows locked a bounded time), the administrators importing a stock for a
chosen institution, and an import auditing each patent it adds or updates."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jbgs.choices import Role
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import Busy
from jbgs.models import AuditEntry, ImportJob, IndustryField
from tests.conftest import make_organization, make_user
from tests.jbgs.test_locking import held
from tests.transformation.stock import institution, rows, run_import, stock, workbook
from transformation.choices import StockAction
from transformation.models import StockEvaluation, StockPatent
from transformation.services import stock as services
from transformation.stock_filters import StockFilter

pytestmark = pytest.mark.django_db
FORM = {"maturity": "3", "market": "4", "value": "5", "recommended": "yes"}


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def reviewer_unit(name="扬州技术转移中心有限公司", kind="tech_transfer_agency"):
    unit = make_organization(name, kind, "321002")
    return unit, make_user(f"agent-{unit.pk}", unit, [Role.LIAISON], name="周强")


def reviewers_of(org) -> dict[str, int | None]:
    return dict(StockPatent.objects.filter(organization=org).values_list("application_number", "reviewer"))


# --- Many patents given to one reviewer ----------------------------------------------------------


def test_the_ticked_patents_go_to_the_reviewer_with_one_audit_entry_each():
    org, liaison = institution()
    first, second, third = stock(org, 3)
    unit, _agent = reviewer_unit()
    other, _ = reviewer_unit("常州科技评估有限公司", "enterprise")
    services.assign_reviewer(actor=liaison, patent_id=first.pk, reviewer_id=other.pk)
    count = services.assign_reviewer_many(actor=liaison, organization_id=org.pk, reviewer_id=unit.pk,
                                          patent_ids=[first.pk, second.pk])
    assert count == 2
    assert reviewers_of(org) == {first.application_number: unit.pk, second.application_number: unit.pk,
                                 third.application_number: None}
    entries = AuditEntry.objects.filter(action=StockAction.REVIEWER_ASSIGNED).order_by("pk")
    assert [(e.object_id, e.data["reviewer"], e.data["previous"], e.actor_id) for e in entries] == [
        (str(first.pk), other.pk, None, liaison.pk), (str(first.pk), unit.pk, other.pk, liaison.pk),
        (str(second.pk), unit.pk, None, liaison.pk)]
    # Given again: nothing changes hands, nothing more is audited.
    assert services.assign_reviewer_many(actor=liaison, organization_id=org.pk, reviewer_id=unit.pk,
                                         patent_ids=[first.pk]) == 0
    assert entries.count() == 3


def test_every_patent_matching_the_filter_goes_to_the_reviewer():
    org, liaison = institution()
    patents = stock(org, 5)
    energy = IndustryField.objects.get(year=2023, code="new_energy")
    StockPatent.objects.filter(pk__in=[p.pk for p in patents[:4]]).update(field=energy, sub_field="动力电池")
    StockPatent.objects.filter(pk=patents[3].pk).update(sub_field="光伏")
    unit, agent = reviewer_unit()
    services.assign_reviewer(actor=liaison, patent_id=patents[0].pk, reviewer_id=unit.pk)
    services.evaluate(actor=agent, patent_id=patents[0].pk, kind="third_party", data=FORM)  # reviewed already
    services.assign_reviewer(actor=liaison, patent_id=patents[0].pk, reviewer_id=None)
    other, _ = reviewer_unit("南京知识产权运营中心", "ip_operation_center")
    count = services.assign_reviewer_many(
        actor=liaison, organization_id=org.pk, reviewer_id=other.pk,
        matching=StockFilter(field=energy.pk, sub_field="动力电池", without_review=True, without_reviewer=True))
    assert count == 2  # patents 1 and 2: not 0 (reviewed), 3 (光伏), 4 (no field)
    given = {p.pk for p in StockPatent.objects.filter(reviewer=other)}
    assert given == {patents[1].pk, patents[2].pk}


def test_more_than_the_cap_at_once_is_refused_in_words_and_nothing_changes(monkeypatch):
    org, liaison = institution()
    patents = stock(org, 3)
    unit, _ = reviewer_unit()
    monkeypatch.setattr(services, "REVIEWER_BATCH_MAX", 2)
    for chosen in ({"patent_ids": [p.pk for p in patents]}, {"matching": StockFilter()}):
        with pytest.raises(DomainError) as refused:
            services.assign_reviewer_many(actor=liaison, organization_id=org.pk, reviewer_id=unit.pk, **chosen)
        assert refused.value.code == "too_many" and "2" in str(refused.value)
    assert set(reviewers_of(org).values()) == {None}
    assert not AuditEntry.objects.filter(action=StockAction.REVIEWER_ASSIGNED).exists()


def test_the_same_rule_as_one_at_a_time_refuses_others_and_wrong_reviewers(enterprise_user):
    org, liaison = institution()
    mine, = stock(org, 1)
    elsewhere, other_liaison = institution("扬州大学广陵学院", username="gl-liaison")
    theirs, = stock(elsewhere, 1, start=5)
    unit, _ = reviewer_unit()
    for actor in (other_liaison, enterprise_user):
        with pytest.raises(NotAllowed):
            services.assign_reviewer_many(actor=actor, organization_id=org.pk, reviewer_id=unit.pk,
                                          patent_ids=[mine.pk])
    with pytest.raises(DomainError) as refused:  # a university is no reviewer, as for one patent
        services.assign_reviewer_many(actor=liaison, organization_id=org.pk, reviewer_id=elsewhere.pk,
                                      patent_ids=[mine.pk])
    assert refused.value.field == "reviewer"
    with pytest.raises(DomainError) as refused:  # another institution's patent ticked
        services.assign_reviewer_many(actor=liaison, organization_id=org.pk, reviewer_id=unit.pk,
                                      patent_ids=[mine.pk, theirs.pk])
    assert refused.value.field == "patents"
    with pytest.raises(DomainError):  # nothing chosen
        services.assign_reviewer_many(actor=liaison, organization_id=org.pk, reviewer_id=unit.pk, patent_ids=[])
    assert StockPatent.objects.filter(reviewer__isnull=False).count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_patent_locked_elsewhere_makes_the_whole_choice_busy_and_nothing_is_written():
    org, liaison = institution()
    first, second = stock(org, 2)
    unit, _ = reviewer_unit()
    with held("SELECT 1 FROM transformation_stockpatent WHERE id = %s FOR UPDATE", [second.pk]):
        with pytest.raises(Busy):
            services.assign_reviewer_many(actor=liaison, organization_id=org.pk, reviewer_id=unit.pk,
                                          patent_ids=[first.pk, second.pk])
    assert set(reviewers_of(org).values()) == {None}


def test_the_dashboard_gives_the_ticked_patents_or_a_filter_to_a_reviewer(client_as, admin_user, organizer):
    org, liaison = institution()
    patents = stock(org, 3)
    unit, _ = reviewer_unit()
    client = client_as(liaison)
    page = client.get(reverse("transformation:stock"))
    assert page.context["bulk"] is not None and b'id="reviewer-many"' in page.content
    assert page.content.count(b'name="patents"') == 3
    answer = client.post(reverse("transformation:stock-reviewer-many"), {
        "unit": org.pk, "reviewer": unit.pk, "which": "ticked", "patents": [patents[0].pk, patents[2].pk]},
        follow=True)
    assert "2 件专利已交给" in answer.content.decode()
    assert StockPatent.objects.filter(reviewer=unit).count() == 2
    # The administrator, on the institution's dashboard, gives every patent not yet given to one.
    admin = client_as(admin_user)
    assert admin.get(reverse("transformation:stock"), {"unit": org.pk}).context["bulk"] is not None
    assert admin.get(reverse("transformation:stock")).context["bulk"] is None  # the province: no one institution
    answer = admin.post(reverse("transformation:stock-reviewer-many"), {
        "unit": org.pk, "reviewer": unit.pk, "which": "matching", "without_reviewer": "on"})
    assert answer.status_code == 302 and answer["Location"].endswith(f"?unit={org.pk}")
    assert StockPatent.objects.filter(reviewer=unit).count() == 3
    # An organiser follows the city's coverage but does not keep the stock.
    assert client_as(organizer).post(reverse("transformation:stock-reviewer-many"), {
        "unit": org.pk, "reviewer": unit.pk, "which": "matching"}).status_code == 404


def test_a_wrong_bulk_form_is_said_in_words(client_as):
    org, liaison = institution()
    stock(org, 1)
    answer = client_as(liaison).post(reverse("transformation:stock-reviewer-many"), {
        "unit": org.pk, "reviewer": "", "which": "ticked", "patents": ["x"]}, follow=True)
    assert answer.status_code == 200
    assert list(answer.context["messages"])[0].level_tag == "error"
    assert not StockPatent.objects.filter(reviewer__isnull=False).exists()


# --- The administrators import for an institution ----------------------------------------------


def test_the_administrator_imports_a_stock_for_a_chosen_institution(client_as, admin_user, capture):
    org, _liaison = institution()
    client = client_as(admin_user)
    page = client.get(reverse("transformation:stock-import"))
    assert page.status_code == 200 and org in list(page.context["institutions"])
    upload = SimpleUploadedFile("存量专利.xlsx", workbook(rows(2)))
    answer = client.post(reverse("transformation:stock-import"), {"file": upload})
    assert answer.status_code == 200 and not ImportJob.objects.exists()  # no institution chosen
    assert "选择" in list(answer.context["messages"])[0].message
    with capture(execute=True):
        answer = client.post(reverse("transformation:stock-import"), {
            "organization": org.pk, "file": SimpleUploadedFile("存量专利.xlsx", workbook(rows(2)))})
    job = ImportJob.objects.get()
    assert answer.status_code == 302 and (job.target_id, job.owner_id) == (org.pk, admin_user.pk)
    assert StockPatent.objects.filter(organization=org).count() == 2
    shown = client.get(reverse("transformation:stock-import-job", args=[job.pk])).content.decode()
    assert org.name in shown and admin_user.name in shown and "新增 2 件专利" in shown
    assert client.get(reverse("transformation:stock-form"), {"unit": org.pk}).status_code == 200


def test_an_administrator_cannot_import_into_a_unit_that_is_no_institution(client_as, admin_user, enterprise_user):
    client = client_as(admin_user)
    answer = client.post(reverse("transformation:stock-import"), {
        "organization": enterprise_user.organization_id, "file": SimpleUploadedFile("a.xlsx", workbook(rows(1)))})
    assert answer.status_code == 200 and not ImportJob.objects.exists()


# --- Each patent audited by the import ----------------------------------------------------------


def test_an_import_audits_each_patent_it_adds_or_updates_with_its_state(capture):
    org, liaison = institution()
    run_import(liaison, org, workbook(rows(2)), capture)
    added = AuditEntry.objects.filter(action=StockAction.PATENT_IMPORTED)
    assert added.count() == 2
    assert {(e.from_state, e.to_state, e.actor_id) for e in added} == {("", "imported", liaison.pk)}
    first = StockPatent.objects.get(application_number=rows(1)[0][1])
    services.evaluate(actor=liaison, patent_id=first.pk, kind="inventor", data=FORM)
    job = run_import(liaison, org, workbook(rows(3)), capture)
    again = AuditEntry.objects.filter(action=StockAction.PATENT_IMPORTED, data__job=job.pk)
    by_patent = {e.object_id: (e.from_state, e.to_state, "added" in e.data) for e in again}
    second = StockPatent.objects.get(application_number=rows(2)[1][1])
    third = StockPatent.objects.get(application_number=rows(3)[2][1])
    assert by_patent == {str(first.pk): ("evaluated", "evaluated", False),
                         str(second.pk): ("imported", "imported", False), str(third.pk): ("", "imported", True)}
    assert "title" in again.get(object_id=str(first.pk)).data["updated"]
    assert StockEvaluation.objects.count() == 1


def test_odd_ids_are_refused_not_a_server_error(client_as, admin_user):
    org, liaison = institution()
    stock(org, 1)
    client = client_as(liaison)
    assert client.post(reverse("transformation:stock-reviewer-many"), {"unit": "²", "which": "ticked"}).status_code == 404
    answer = client.post(reverse("transformation:stock-reviewer-many"), {
        "unit": org.pk, "reviewer": "1", "which": "ticked", "patents": ["²", str(10**30)]}, follow=True)
    assert answer.status_code == 200 and list(answer.context["messages"])[0].level_tag == "error"
    admin = client_as(admin_user)
    assert admin.get(reverse("transformation:stock-import"), {"unit": str(10**30)}).status_code == 200
    assert admin.post(reverse("transformation:stock-import"), {"organization": "²"}).status_code == 200
