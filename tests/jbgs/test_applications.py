"""A unit applies to join in the browser; an administrator approves or rejects it."""

from unittest.mock import patch

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jbgs.choices import OrganizationStatus, Role
from jbgs.demo import credit_code_for
from jbgs.models import AuditEntry, Organization, User
from jbgs.tasks import email_notifications

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def application(**changes):
    data = {
        "name": "泰州华康医疗器械有限公司",
        "kind": "enterprise",
        "is_high_tech": "on",
        "credit_code": credit_code_for("泰州华康医疗器械有限公司", "enterprise", "321202"),
        "region": "321202",
        "address": "泰州市海陵区济川东路1号",
        "contact_name": "钱伟",
        "contact_phone": "0523-86881234",
        "contact_email": "qianwei@huakang.example.cn",
        "applicant_name": "钱伟",
        "applicant_email": "qianwei@huakang.example.cn",
        "applicant_phone": "13912345678",
        "username": "huakang",
        "password1": "Taizhou-Med-88!",
        "password2": "Taizhou-Med-88!",
        "terms": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def applied(client, admin_user):
    response = client.post(reverse("apply"), application())
    assert response.status_code == 302, response.context["form"].errors
    return Organization.objects.get(name="泰州华康医疗器械有限公司")


def test_applying_creates_a_pending_unit_and_an_inactive_account(applied, admin_user):
    assert applied.status == OrganizationStatus.PENDING
    user = User.objects.get(username="huakang")
    assert not user.is_active and user.organization == applied
    assert set(user.roles) == {Role.ENTERPRISE, Role.BIDDER}
    assert AuditEntry.objects.filter(
        action="organization.applied", object_id=str(applied.pk)
    ).exists()
    assert admin_user.notifications.filter(kind="organization.applied").exists()


def test_the_application_can_carry_the_registration_certificate(client, admin_user):
    upload = SimpleUploadedFile("营业执照.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("apply"), {**application(), "registration_document": upload})
    assert response.status_code == 302
    org = Organization.objects.get(name="泰州华康医疗器械有限公司")
    assert org.registration_document.name.endswith(".pdf")
    assert "营业执照" not in org.registration_document.name  # stored under an unguessable name


def test_a_file_that_is_not_a_pdf_or_image_is_refused_with_its_name(client, admin_user):
    upload = SimpleUploadedFile(
        "licence.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(reverse("apply"), {**application(), "registration_document": upload})
    assert response.status_code == 200
    assert "licence.pdf" in str(response.context["form"].errors["registration_document"])
    assert not Organization.objects.filter(name="泰州华康医疗器械有限公司").exists()


def test_a_wrong_credit_code_is_reported_beside_the_field(client, db):
    response = client.post(reverse("apply"), application(credit_code="91350100M000100Y44"))
    assert response.status_code == 200
    assert "credit_code" in response.context["form"].errors
    assert not Organization.objects.exists()


def test_a_unit_already_registered_cannot_apply_again(client, enterprise_org):
    response = client.post(
        reverse("apply"),
        application(name=enterprise_org.name, credit_code=enterprise_org.credit_code),
    )
    errors = response.context["form"].errors
    assert "credit_code" in errors and "name" in errors


def test_enterprise_flags_on_a_university_are_refused(client, db):
    response = client.post(
        reverse("apply"),
        application(
            kind="undergraduate_university",
            credit_code=credit_code_for("x", "undergraduate_university", "321202"),
        ),
    )
    assert "is_high_tech" in response.context["form"].errors


def test_a_jiangsu_unit_must_choose_its_city(client, db):
    response = client.post(reverse("apply"), application(region="320000"))
    assert "region" in response.context["form"].errors


def test_passwords_must_match_and_be_strong(client, db):
    response = client.post(reverse("apply"), application(password2="Other-2026!"))
    assert "password2" in response.context["form"].errors
    response = client.post(
        reverse("apply"), application(password1="12345678", password2="12345678")
    )
    assert "password1" in response.context["form"].errors


def test_the_applicant_cannot_sign_in_before_approval(client, applied):
    response = client.post(reverse("login"), {"username": "huakang", "password": "Taizhou-Med-88!"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_approval_opens_the_account_with_the_confirmed_roles_and_tells_the_applicant(
    client_as, admin_user, applied, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(admin_user).post(
            reverse("organization-review", args=[applied.pk]),
            {"decision": "approve", "roles": ["enterprise"], "comment": "欢迎"},
        )
    assert response.status_code == 302
    applied.refresh_from_db()
    user = User.objects.get(username="huakang")
    assert applied.status == OrganizationStatus.ACTIVE and applied.reviewed_by == admin_user
    assert user.is_active and user.roles == ["enterprise"]
    entry = AuditEntry.objects.get(action="organization.approved")
    assert (entry.from_state, entry.to_state, entry.actor) == ("pending", "active", admin_user)
    assert user.notifications.filter(kind="organization.approved").exists()
    assert [m.to for m in mail.outbox] == [["qianwei@huakang.example.cn"]]


def test_rejection_needs_a_reason_and_the_unit_may_apply_again(
    client, client_as, admin_user, applied
):
    reviewer = client_as(admin_user)
    response = reviewer.post(
        reverse("organization-review", args=[applied.pk]), {"decision": "reject", "comment": ""}
    )
    assert response.status_code == 200 and "comment" in response.context["form"].errors
    reviewer.post(
        reverse("organization-review", args=[applied.pk]),
        {"decision": "reject", "comment": "营业执照未上传"},
    )
    applied.refresh_from_db()
    assert (
        applied.status == OrganizationStatus.REJECTED and applied.review_comment == "营业执照未上传"
    )
    reviewer.logout()
    again = client.post(reverse("apply"), application(address="泰州市海陵区济川东路8号"))
    assert again.status_code == 302, again.context["form"].errors
    applied.refresh_from_db()
    assert applied.status == OrganizationStatus.PENDING and applied.address.endswith("8号")
    assert Organization.objects.filter(credit_code=applied.credit_code).count() == 1
    assert User.objects.filter(organization=applied).count() == 1


def test_a_decided_application_cannot_be_decided_again(client_as, admin_user, applied):
    reviewer = client_as(admin_user)
    reviewer.post(
        reverse("organization-review", args=[applied.pk]),
        {"decision": "approve", "roles": ["enterprise"]},
    )
    response = reviewer.post(
        reverse("organization-review", args=[applied.pk]),
        {"decision": "reject", "comment": "改主意"},
    )
    assert response.status_code == 200
    applied.refresh_from_db()
    assert applied.status == OrganizationStatus.ACTIVE


def test_applications_from_one_address_are_limited_with_a_clear_message(client, admin_user, settings):
    settings.APPLY_LIMIT_PER_HOUR = 2
    for _ in range(2):
        assert client.post(reverse("apply"), {}).status_code == 200  # refused by the form, counted
    upload = SimpleUploadedFile("营业执照.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("apply"), {**application(), "registration_document": upload})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "申请过于频繁" in response.content.decode() and "分钟后再试" in response.content.decode()
    assert not Organization.objects.filter(name="泰州华康医疗器械有限公司").exists()
    # a forged X-Forwarded-For is not another client; another address is
    forged = client.post(reverse("apply"), application(), HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert forged.status_code == 429
    other = client.post(reverse("apply"), application(), REMOTE_ADDR="198.51.100.3")
    assert other.status_code == 302


def test_the_administrators_are_emailed_by_the_notifications_task_after_commit(
    client, admin_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as queued:
        assert client.post(reverse("apply"), application()).status_code == 302
    assert mail.outbox == []  # not sent while the request's transaction is open
    assert admin_user.notifications.filter(kind="organization.applied", emailed_at__isnull=True).exists()
    with patch("jbgs.tasks.email_notifications.delay") as delay:
        for callback in queued:  # what runs after commit queues a Celery task, and sends nothing
            callback()
    assert mail.outbox == [] and delay.call_count == 1
    email_notifications(*delay.call_args.args, **delay.call_args.kwargs)  # the worker's part
    assert [m.to for m in mail.outbox] == [[admin_user.email]]
    assert not admin_user.notifications.filter(emailed_at__isnull=True).exists()


@pytest.fixture
def rejected(client, admin_user, applied):
    from jbgs.services.organizations import reject_organization

    reject_organization(organization_id=applied.pk, actor=admin_user, reason="营业执照未上传")
    applied.refresh_from_db()
    return applied


def test_only_the_first_applicant_can_apply_again_for_a_rejected_unit(client, rejected):
    taker = application(username="taker", applicant_email="taker@example.cn", address="别处1号",
                        password1="Taker-Pass-2026", password2="Taker-Pass-2026")
    response = client.post(reverse("apply"), taker)
    assert response.status_code == 200
    assert "只有原申请人" in str(response.context["form"].errors["username"])
    rejected.refresh_from_db()
    assert rejected.status == OrganizationStatus.REJECTED and rejected.address == "泰州市海陵区济川东路1号"
    account = User.objects.get(organization=rejected)
    assert account.username == "huakang" and account.email == "qianwei@huakang.example.cn"
    assert account.check_password("Taizhou-Med-88!")
    assert not User.objects.filter(username="taker").exists()


def test_a_wrong_password_cannot_apply_again_and_counts_towards_the_lockout(client, rejected, settings):
    wrong = application(applicant_email="taker@example.cn", password1="Guessed-Pass-1", password2="Guessed-Pass-1")
    response = client.post(reverse("apply"), wrong)
    assert "密码" in str(response.context["form"].errors["password1"])
    rejected.refresh_from_db()
    assert rejected.status == OrganizationStatus.REJECTED
    assert User.objects.get(username="huakang").email == "qianwei@huakang.example.cn"
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("apply"), application(password1=f"Guessed-Pass-{n}", password2=f"Guessed-Pass-{n}"),
                    REMOTE_ADDR=f"198.51.100.{n + 1}")  # past the per-address limit of applications
    response = client.post(reverse("apply"), application(), REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 429
    assert "登录失败次数过多" in str(response.context["form"].errors["password1"])
    rejected.refresh_from_db()
    assert rejected.status == OrganizationStatus.REJECTED


def test_applying_again_keeps_the_account_and_audits_what_changed(client, rejected):
    response = client.post(reverse("apply"), application(address="泰州市海陵区济川东路8号", applicant_phone="13912345679"))
    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.status == OrganizationStatus.PENDING
    account = User.objects.get(organization=rejected)
    assert account.username == "huakang" and account.check_password("Taizhou-Med-88!")
    entry = AuditEntry.objects.filter(action="organization.applied", object_id=str(rejected.pk)).latest("id")
    assert (entry.from_state, entry.to_state) == ("rejected", "pending")
    assert entry.data["changes"] == {
        "address": ["泰州市海陵区济川东路1号", "泰州市海陵区济川东路8号"],
        "applicant_phone": ["13912345678", "13912345679"],
    }


def test_a_name_another_rejected_unit_applied_under_is_refused_in_words(client, rejected):
    other_code = credit_code_for("别的公司", "enterprise", "321202")
    response = client.post(reverse("apply"), application(credit_code=other_code, username="other"))
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
