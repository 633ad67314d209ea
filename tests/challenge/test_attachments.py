"""A demand's and a solution's files: the enterprise adds them while it may change the demand;
published, they are anyone's unless it hid its attachments, then only a solver it granted the
hidden details reads them; a solution's files are the two sides' and the administrators'."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from challenge.models import DemandAttachment, SolutionAttachment
from challenge.services import attachments, details, hot_lists
from challenge.services import demands as demand_services
from challenge.services import solutions as solution_services
from jbgs.models import AuditEntry
from tests.challenge.conftest import challenge_campaign, post_demand
from tests.conftest import make_organization, make_user

PDF = b"%PDF-1.4\n%%EOF\n"


def browser(user=None) -> Client:
    """A client of its own (client_as signs the one shared client in as another person)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _pdf(name="工艺图纸-机密.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _publish(demand, enterprise_user, expert, admin_user):
    demand_services.submit(actor=enterprise_user, demand=demand)
    demand_services.diagnose(actor=expert, demand=demand, verdict="approve")
    hot_list = hot_lists.create_hot_list(actor=admin_user, campaign=challenge_campaign(), field=demand.field,
                                         title="榜单", demand_ids=[demand.pk])
    hot_lists.publish_hot_list(actor=admin_user, hot_list=hot_list)
    demand.refresh_from_db()
    return demand


def test_a_hidden_attachment_is_read_only_by_the_enterprise_and_a_granted_solver(
        challenge_2023, enterprise_user, expert, admin_user, solver):
    demand = post_demand(enterprise_user, hidden_fields=["contact_name", "attachments"])
    owner, client = browser(enterprise_user), browser()
    answer = owner.post(reverse("challenge:demand-file-add", args=[demand.pk]), {"file": _pdf()})
    assert answer.status_code == 302
    attachment = DemandAttachment.objects.get()
    assert AuditEntry.objects.filter(action="challenge.attachment.added").count() == 1
    assert "工艺图纸-机密.pdf" in owner.get(reverse("challenge:demand-mine-detail", args=[demand.pk])).text
    file_url = reverse("challenge:demand-file", args=[attachment.pk])
    assert client.get(file_url).status_code == 404  # a draft: nobody else's
    _publish(demand, enterprise_user, expert, admin_user)
    page = client.get(reverse("challenge:demand", args=[demand.pk])).text
    assert "工艺图纸-机密.pdf" not in page and file_url not in page
    assert client.get(file_url).status_code == 404
    asker = browser(solver)
    assert asker.get(file_url).status_code == 404
    request = details.request_details(actor=solver, demand=demand, message="评估可行性")
    details.decide(actor=enterprise_user, request=request, grant=True)
    assert asker.get(file_url).status_code == 200
    assert file_url in asker.get(reverse("challenge:demand", args=[demand.pk])).text
    # Published, the demand no longer changes, nor do its files.
    refused = owner.post(reverse("challenge:demand-file-add", args=[demand.pk]), {"file": _pdf("another.pdf")})
    assert refused.status_code == 302 and DemandAttachment.objects.count() == 1


def test_a_shown_attachment_is_public_once_published(client, challenge_2023, enterprise_user, expert, admin_user):
    demand = post_demand(enterprise_user)
    attachment = attachments.add_demand_file(actor=enterprise_user, demand=demand, upload=_pdf("需求说明.pdf"))
    _publish(demand, enterprise_user, expert, admin_user)
    file_url = reverse("challenge:demand-file", args=[attachment.pk])
    assert file_url in client.get(reverse("challenge:demand", args=[demand.pk])).text
    answer = client.get(file_url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF


def test_bad_files_are_refused_with_the_reason_and_nothing_kept(challenge_2023, enterprise_user, outsider):
    demand = post_demand(enterprise_user)
    owner = browser(enterprise_user)
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    answer = owner.post(reverse("challenge:demand-file-add", args=[demand.pk]), {"file": fake}, follow=True)
    assert "病毒.pdf" in answer.text and not DemandAttachment.objects.exists()
    assert owner.post(reverse("challenge:demand-file-add", args=[demand.pk])).status_code == 302  # no file: said
    for n in range(attachments.MAX_FILES):
        attachments.add_demand_file(actor=enterprise_user, demand=demand, upload=_pdf(f"{n}.pdf"))
    owner.post(reverse("challenge:demand-file-add", args=[demand.pk]), {"file": _pdf("eleventh.pdf")})
    assert DemandAttachment.objects.count() == attachments.MAX_FILES
    stranger = browser(outsider)
    assert stranger.post(reverse("challenge:demand-file-add", args=[demand.pk]), {"file": _pdf()}).status_code == 404
    first = DemandAttachment.objects.first()
    assert stranger.post(reverse("challenge:demand-file-remove", args=[first.pk])).status_code == 404
    owner.post(reverse("challenge:demand-file-remove", args=[first.pk]))
    assert DemandAttachment.objects.count() == attachments.MAX_FILES - 1


def test_a_solution_s_files_are_the_two_sides(published, solver, enterprise_user):
    solution = solution_services.submit_solution(actor=solver, demand=published, leader="李振华", approach="包覆",
                                                 timeline="12 个月")
    mine = browser(solver)
    assert mine.post(reverse("challenge:solution-file-add", args=[solution.pk]),
                     {"file": _pdf("技术方案.pdf")}).status_code == 302
    attachment = SolutionAttachment.objects.get()
    file_url = reverse("challenge:solution-file", args=[attachment.pk])
    assert mine.get(file_url).status_code == 200
    owner = browser(enterprise_user)
    assert owner.get(file_url).status_code == 200
    assert file_url in owner.get(reverse("challenge:solution", args=[solution.pk])).text
    other = make_user("other-solver", make_organization("江南大学", "undergraduate_university", "320211"), ["solver"])
    assert browser(other).get(file_url).status_code == 404 and browser().get(file_url).status_code == 302
    # Only its solver adds files, while the enterprise has not decided.
    owner.post(reverse("challenge:solution-file-add", args=[solution.pk]), {"file": _pdf("x.pdf")})
    solution_services.decline(actor=enterprise_user, solution=solution)
    mine.post(reverse("challenge:solution-file-add", args=[solution.pk]), {"file": _pdf("late.pdf")})
    assert SolutionAttachment.objects.count() == 1
