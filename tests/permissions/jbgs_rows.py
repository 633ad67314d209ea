"""The kernel's rows: sign-in and accounts, units and their review, people, campaign years,
the audit log, the inbox; its API under /api/v1/."""

from django.core.files.base import ContentFile

from jbgs.demo import credit_code_for
from jbgs.models import AuditEntry, Campaign, IndustryField
from jbgs.services.notifications import notify
from jbgs.services.organizations import Applicant, apply_for_membership
from tests.conftest import PASSWORD
from tests.permissions.table import (
    AUTH,
    CREATED,
    DENIED,
    DONE,
    HIDDEN,
    LOGIN,
    NO_CONTENT,
    NOT_ALLOWED,
    OK,
    REDIRECT,
    REFUSED,
    admin_only,
    answers,
    api_admin_only,
    api_row,
    api_signed_in,
    public,
    row,
    signed_in,
)


def _application() -> dict:
    name, kind, region = "待审科技有限公司", "enterprise", "320506"
    return {"name": name, "kind": kind, "region_id": region, "credit_code": credit_code_for(name, kind, region),
            "contact_name": "申请人", "contact_phone": "025-89665802", "contact_email": "applicant@example.com"}


def build(world) -> None:
    world.campaign = Campaign.objects.get(year=2023, kind="auction")
    world.field = IndustryField.objects.get(year=2023, code="new_energy")
    world.seller_org.registration_document.save("营业执照.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.pending_org = apply_for_membership(organization=_application(), applicant=Applicant(
        username="applicant", password=PASSWORD, name="申请人", email="applicant@example.com", phone="13800000000"))
    world.audit_entry = AuditEntry.objects.latest("pk")
    (world.note,) = notify([world.users["liaison"]], kind="test", title="清单已受理", email=False)
    world.edited_user = world.users["other_liaison"]


# A member of the seller unit (its liaison) and the administrators see the unit; for the
# others it exists (units are named in the catalogue and deals) but is not theirs.
SELLER_UNIT = answers(LOGIN, signed_in=DENIED, admin=OK, liaison=OK)

PAGES = [
    row("the sitemap", "GET", ("sitemap",), public()),
    row("the sitemap's demands", "GET", ("django.contrib.sitemaps.views.sitemap", "demands"), public()),
    row("an unknown sitemap section", "GET", ("django.contrib.sitemaps.views.sitemap", "nothing"), public(HIDDEN)),
    row("home", "GET", ("home",), public()),
    # Without a worker's heartbeat the check says so, to everyone alike.
    row("health check", "GET", ("healthz",), public("503")),
    row("sign-in page", "GET", ("login",), public(signed_in=REDIRECT)),
    row("sign in with a wrong password", "POST", ("login",), public(REFUSED, signed_in=DONE),
        data={"username": "seller", "password": "wrong"}),
    row("sign out by GET", "GET", ("logout",), public(NOT_ALLOWED)),
    row("sign out", "POST", ("logout",), public(DONE)),
    row("password change page", "GET", ("password_change",), signed_in()),
    row("password change with a wrong old password", "POST", ("password_change",), signed_in(REFUSED),
        data={"old_password": "wrong", "new_password1": "Another-Horse-43", "new_password2": "Another-Horse-43"}),
    row("password changed page", "GET", ("password_change_done",), signed_in()),
    row("password reset page", "GET", ("password_reset",), public()),
    row("password reset asked", "POST", ("password_reset",), public(DONE), data={"email": "seller@example.com"}),
    row("password reset sent page", "GET", ("password_reset_done",), public()),
    row("password reset by a stale link", "GET", ("password_reset_confirm", "MQ", "set-password"), public()),
    row("password reset complete page", "GET", ("password_reset_complete",), public()),
    row("own profile", "GET", ("account",), signed_in()),
    row("own profile saved", "POST", ("account",), signed_in(DONE),
        data={"name": "新名字", "email": "x@example.com", "current_password": PASSWORD}),
    row("own e-mail changed without the password", "POST", ("account",), signed_in(REFUSED),
        data={"name": "新名字", "email": "y@example.com"}),
    row("application form", "GET", ("apply",), public(signed_in=REDIRECT)),
    row("application without a unit", "POST", ("apply",), public(REFUSED, signed_in=DONE),
        data={"applicant_name": "申请人"}),
    row("application sent page", "GET", ("apply-done",), public()),
    row("language switch", "POST", ("set_language",), public(DONE), data={"language": "zh-hans"}),
    # Units.
    row("units list", "GET", ("organization-list",), admin_only()),
    row("own unit", "GET", ("my-organization",), signed_in(REDIRECT)),
    row("applications to review", "GET", ("organization-review-list",), admin_only()),
    row("seller unit's page", "GET", ("organization-detail", "@seller_org"), SELLER_UNIT),
    row("application review page", "GET", ("organization-review", "@pending_org"), admin_only()),
    row("application approved", "POST", ("organization-review", "@pending_org"), admin_only(DONE),
        data={"decision": "approve", "roles": ["enterprise"], "comment": ""}),
    row("unit edit page", "GET", ("organization-edit", "@seller_org"), admin_only()),
    row("unit suspended", "POST", ("organization-suspend", "@seller_org"), admin_only(DONE),
        data={"suspend": "1", "reason": "测试"}),
    # 南京工业大学's agreement, not accepted yet: its members read it (its expert too), its
    # liaison accepts it; the expert is told who may.
    row("unit's agreement page", "GET", ("organization-agreement", "@other_org"),
        answers(LOGIN, signed_in=DENIED, admin=OK, other_liaison=OK, expert=OK)),
    row("agreement accepted for the unit", "POST", ("organization-agreement", "@other_org"),
        answers(LOGIN, signed_in=DENIED, admin=DONE, other_liaison=DONE, expert=REFUSED)),
    row("unit's registration certificate", "GET", ("organization-document", "@seller_org"), SELLER_UNIT),
    # People.
    row("accounts list", "GET", ("user-list",), admin_only()),
    row("new account page", "GET", ("user-create",), admin_only()),
    row("account created", "POST", ("user-create",), admin_only(DONE), data=lambda w: {
        "username": "newcomer", "password": PASSWORD, "name": "新人", "email": "newcomer@example.com",
        "organization": w.other_org.pk, "roles": ["liaison"], "is_active": "on"}),
    row("account edit page", "GET", ("user-edit", "@edited_user"), admin_only()),
    row("account unlocked", "POST", ("user-unlock", "@edited_user"), admin_only(DONE)),
    row("account saved", "POST", ("user-edit", "@edited_user"), admin_only(DONE), data=lambda w: {
        "name": "张晓雯", "email": "liaison@example.com", "organization": w.other_org.pk, "roles": ["liaison"],
        "is_active": "on"}),
    # Campaign years: public to read, the administrators' to change.
    row("campaigns", "GET", ("campaign-list",), public()),
    row("new campaign page", "GET", ("campaign-create",), admin_only()),
    row("campaign page", "GET", ("campaign-detail", "@campaign"), public()),
    row("campaign edit page", "GET", ("campaign-edit", "@campaign"), admin_only()),
    row("campaign copy page", "GET", ("campaign-copy", "@campaign"), admin_only()),
    row("campaign copied", "POST", ("campaign-copy", "@campaign"), admin_only(DONE),
        data={"year": 2031, "title": "2031年江苏省专利（成果）拍卖季"}),
    row("industry fields of a year", "GET", ("industry-fields", 2023), admin_only()),
    row("audit log", "GET", ("audit-list",), admin_only()),
    # The inbox: one's own notes only.
    row("inbox", "GET", ("notifications",), signed_in()),
    row("a note marked read", "POST", ("notification-read", "@note"),
        answers(LOGIN, signed_in=HIDDEN, liaison=DONE)),
    row("all notes marked read", "POST", ("notifications-read-all",), signed_in(DONE)),
    # The Django back office, for the administrators (is_staff follows their role); it has its own sign-in.
    row("back office", "GET", ("admin:index",), answers(LOGIN, admin=OK)),
]

API = [
    api_row("API root", "GET", ("api:api-root",), api_signed_in()),
    api_row("token with a wrong password", "POST", ("api:api-token",), public(REFUSED),
        data={"username": "seller", "password": "wrong"}),
    api_row("tokens revoked", "DELETE", ("api:api-token-revoke",), api_signed_in(NO_CONTENT)),
    api_row("who am I", "GET", ("api:api-me",), api_signed_in()),
    # Units: a member sees their own; the administrators all, and decide.
    api_row("units", "GET", ("api:organization-list",), api_signed_in()),
    api_row("unit created", "POST", ("api:organization-list",), api_admin_only(CREATED), data=lambda w: {
        "name": "新建科技有限公司", "kind": "enterprise", "region": "320506",
        "credit_code": credit_code_for("新建科技有限公司", "enterprise", "320506"),
        "contact_name": "联系人", "contact_phone": "025-89665802", "contact_email": "new@example.com"}),
    api_row("seller unit", "GET", ("api:organization-detail", "@seller_org"),
        answers(AUTH, signed_in=HIDDEN, admin=OK, liaison=OK)),
    api_row("seller unit changed", "PATCH", ("api:organization-detail", "@seller_org"), api_admin_only(),
        data={"address": "苏州工业园区若水路398号"}),
    api_row("seller unit replaced", "PUT", ("api:organization-detail", "@seller_org"), api_admin_only(REFUSED),
        data={"address": "苏州工业园区若水路398号"}),
    api_row("agreement accepted through the API", "POST", ("api:organization-accept-agreement", "@other_org"),
        answers(AUTH, signed_in=HIDDEN, admin=OK, other_liaison=OK, expert=DENIED)),
    api_row("application approved through the API", "POST", ("api:organization-approve", "@pending_org"),
        api_admin_only(), data={"roles": ["enterprise"]}),
    api_row("application rejected through the API", "POST", ("api:organization-reject", "@pending_org"),
        api_admin_only(), data={"reason": "材料不全"}),
    api_row("unit suspended through the API", "POST", ("api:organization-suspend", "@seller_org"),
        api_admin_only(), data={"reason": "测试"}),
    api_row("active unit reactivated", "POST", ("api:organization-reactivate", "@seller_org"),
        api_admin_only(REFUSED), data={}),
    # Accounts: the administrators'.
    api_row("accounts", "GET", ("api:user-list",), api_admin_only()),
    api_row("account created through the API", "POST", ("api:user-list",), api_admin_only(CREATED), data=lambda w: {
        "username": "newcomer", "password": PASSWORD, "name": "新人", "email": "newcomer@example.com",
        "organization": w.other_org.pk, "roles": ["liaison"]}),
    api_row("account", "GET", ("api:user-detail", "@edited_user"), api_admin_only(others=DENIED)),
    api_row("account changed", "PATCH", ("api:user-detail", "@edited_user"), api_admin_only(), data={"name": "张晓雯"}),
    api_row("account replaced", "PUT", ("api:user-detail", "@edited_user"), api_admin_only(REFUSED),
        data={"name": "张晓雯"}),
    # Campaign years: anyone reads them, administrators write.
    api_row("campaigns through the API", "GET", ("api:campaign-list",), public()),
    api_row("campaign created through the API", "POST", ("api:campaign-list",), api_admin_only(REFUSED), data={}),
    api_row("campaign through the API", "GET", ("api:campaign-detail", "@campaign"), public()),
    api_row("campaign changed through the API", "PATCH", ("api:campaign-detail", "@campaign"), api_admin_only(),
        data={"title": "2023年江苏省专利（成果）拍卖季"}),
    api_row("campaign replaced through the API", "PUT", ("api:campaign-detail", "@campaign"),
        api_admin_only(REFUSED), data={}),
    # Reference data: public.
    api_row("regions", "GET", ("api:region-list",), public()),
    api_row("region", "GET", ("api:region-detail", "320506"), public()),
    api_row("industry fields", "GET", ("api:industry-field-list",), public()),
    api_row("industry field", "GET", ("api:industry-field-detail", "@field"), public()),
    # The inbox: the caller's own.
    api_row("notes", "GET", ("api:notification-list",), api_signed_in()),
    api_row("a note", "GET", ("api:notification-detail", "@note"), answers(AUTH, signed_in=HIDDEN, liaison=OK)),
    api_row("a note marked read through the API", "POST", ("api:notification-read", "@note"),
        answers(AUTH, signed_in=HIDDEN, liaison=OK)),
    api_row("all notes marked read through the API", "POST", ("api:notification-read-all",), api_signed_in()),
    # The audit log: the administrators'.
    api_row("audit entries", "GET", ("api:audit-list",), api_admin_only()),
    api_row("an audit entry", "GET", ("api:audit-detail", "@audit_entry"), api_admin_only()),
    # The schema and its page are public.
    api_row("API schema", "GET", ("api-schema",), public()),
    api_row("API documentation", "GET", ("api-docs",), public()),
]

ROWS = PAGES + API
