"""A believable province for demonstrations and manual testing: real Jiangsu universities
and institutes, fictional enterprises across several cities, a sub-centre, local
authorities, and one account per role. Used by `manage.py seed_demo`."""

import hashlib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from jbgs.choices import ExpertKind, OrganizationStatus, Role
from jbgs.choices import OrganizationKind as K
from jbgs.models import Campaign, Organization, User
from jbgs.services import campaigns as campaign_services
from jbgs.validators import CREDIT_CODE_ALPHABET, credit_code_check_char

DEMO_PASSWORD = "Demo@2026"
# Apps add their demo data (registered from their AppConfig.ready); each gets the demo
# administrator and runs after the kernel's, in registration order.
SEEDERS = []


def register_seeder(seeder) -> None:
    if seeder not in SEEDERS:
        SEEDERS.append(seeder)


# Accounts an app's demo creates that people sign in with (the second bidder, say): printed
# by `make run` with the kernel's ACCOUNTS, as the README lists them.
FEATURED = []


def feature_accounts(*usernames: str) -> None:
    FEATURED.extend(name for name in usernames if name not in FEATURED)


def printed_accounts() -> list[tuple[str, str, str, str]]:
    """The demo accounts to print, as stored: (user name, password, name, unit · roles)."""
    names = list(dict.fromkeys([username for username, *_rest in ACCOUNTS] + FEATURED))
    users = {user.username: user for user in User.objects.filter(username__in=names).select_related("organization")}
    return [(name, DEMO_PASSWORD, users[name].name,
             f"{users[name].organization} · {'、'.join(str(Role(r).label) for r in users[name].roles)}")
            for name in names if name in users]

DEMO_YEAR = 2026

# name, kind, region code, flags
ORGANIZATIONS = [
    ("江苏省科技资源统筹服务中心（江苏省技术产权交易市场）", K.PLATFORM_OPERATOR, "320102", {}),
    ("南京大学", K.UNDERGRADUATE_UNIVERSITY, "320106", {"is_ministry_provincial": True}),
    ("东南大学", K.UNDERGRADUATE_UNIVERSITY, "320102", {"is_ministry_provincial": True}),
    ("南京航空航天大学", K.UNDERGRADUATE_UNIVERSITY, "320104", {"is_ministry_provincial": True}),
    ("南京理工大学", K.UNDERGRADUATE_UNIVERSITY, "320102", {"is_ministry_provincial": True}),
    ("河海大学", K.UNDERGRADUATE_UNIVERSITY, "320106", {"is_ministry_provincial": True}),
    ("江南大学", K.UNDERGRADUATE_UNIVERSITY, "320211", {"is_ministry_provincial": True}),
    ("中国矿业大学", K.UNDERGRADUATE_UNIVERSITY, "320311", {"is_ministry_provincial": True}),
    ("南京工业大学", K.UNDERGRADUATE_UNIVERSITY, "320111", {"is_ministry_provincial": True}),
    ("南京邮电大学", K.UNDERGRADUATE_UNIVERSITY, "320113", {"is_ministry_provincial": True}),
    ("苏州大学", K.UNDERGRADUATE_UNIVERSITY, "320508", {"is_ministry_provincial": True}),
    ("江苏大学", K.UNDERGRADUATE_UNIVERSITY, "321102", {"is_ministry_provincial": True}),
    ("扬州大学", K.UNDERGRADUATE_UNIVERSITY, "321003", {"is_ministry_provincial": True}),
    ("南通大学", K.UNDERGRADUATE_UNIVERSITY, "320613", {"is_ministry_provincial": True}),
    ("常州大学", K.UNDERGRADUATE_UNIVERSITY, "320412", {"is_ministry_provincial": True}),
    ("金陵科技学院", K.UNDERGRADUATE_UNIVERSITY, "320115", {}),
    ("南京理工大学紫金学院", K.INDEPENDENT_COLLEGE, "320113", {}),
    ("南京信息职业技术学院", K.VOCATIONAL_COLLEGE, "320113", {}),
    ("无锡职业技术学院", K.VOCATIONAL_COLLEGE, "320211", {}),
    ("中国科学院苏州纳米技术与纳米仿生研究所", K.RESEARCH_INSTITUTE, "320506", {}),
    ("江苏省农业科学院", K.RESEARCH_INSTITUTE, "320102", {}),
    ("江苏省产业技术研究院", K.NEW_RD_INSTITUTION, "320111", {}),
    (
        "徐工集团工程机械股份有限公司",
        K.STATE_OWNED_ENTERPRISE,
        "320312",
        {"is_industry_leader": True},
    ),
    (
        "苏州微纳光电科技有限公司",
        K.ENTERPRISE,
        "320506",
        {"is_high_tech": True, "is_tech_sme": True},
    ),
    ("无锡智联装备有限公司", K.ENTERPRISE, "320214", {"is_high_tech": True}),
    (
        "常州锂源新能源科技有限公司",
        K.ENTERPRISE,
        "320412",
        {"is_high_tech": True, "is_tech_sme": True},
    ),
    (
        "南通海工新材料股份有限公司",
        K.ENTERPRISE,
        "320612",
        {"is_high_tech": True, "is_industry_leader": True},
    ),
    ("盐城绿能环保科技有限公司", K.ENTERPRISE, "320902", {"is_tech_sme": True}),
    ("扬州润禾农业科技有限公司", K.ENTERPRISE, "321003", {"is_tech_sme": True}),
    ("昆山精密模具有限公司", K.ENTERPRISE, "320583", {}),
    ("连云港康泰生物医药有限公司", K.ENTERPRISE, "320706", {"is_high_tech": True}),
    ("南京苏科技术转移中心有限公司", K.TECH_TRANSFER_AGENCY, "320106", {}),
    ("南京知行技术经理人事务所", K.TECH_MANAGER_FIRM, "320105", {}),
    ("苏州市知识产权运营中心", K.IP_OPERATION_CENTER, "320508", {}),
    ("常州科教城", K.SCIENCE_PARK, "320412", {}),
    ("苏州市科学技术局", K.LOCAL_AUTHORITY, "320500", {}),
    ("扬州市科学技术局", K.LOCAL_AUTHORITY, "321000", {}),
    ("盐城市科学技术局", K.LOCAL_AUTHORITY, "320900", {}),
    ("昆山市科学技术局", K.LOCAL_AUTHORITY, "320583", {}),
    ("江苏省技术产权交易市场苏州分中心", K.MARKET_BRANCH, "320508", {}),
    ("江苏省技术产权交易市场盐城分中心", K.MARKET_BRANCH, "320902", {}),
    ("清华大学", K.UNDERGRADUATE_UNIVERSITY, "110000", {}),
    ("浙江大学", K.UNDERGRADUATE_UNIVERSITY, "330000", {}),
    ("中国科学院上海微系统与信息技术研究所", K.RESEARCH_INSTITUTE, "310000", {}),
    ("南京紫峰创业投资有限公司", K.FINANCIAL_INSTITUTION, "320104", {}),
    ("江苏恒润科技融资担保有限公司", K.FINANCIAL_INSTITUTION, "320102", {}),
]
PENDING = [
    ("泰州华康医疗器械有限公司", K.ENTERPRISE, "321202", {"is_tech_sme": True}),
    ("淮安市智能制造研究院", K.NEW_RD_INSTITUTION, "320812", {}),
]
# username (= role code), name, organisation, roles
ACCOUNTS = [
    ("admin", "王明睿", "江苏省科技资源统筹服务中心（江苏省技术产权交易市场）", [Role.ADMIN]),
    ("liaison", "张晓雯", "南京工业大学", [Role.LIAISON]),
    ("enterprise", "陈立群", "苏州微纳光电科技有限公司", [Role.ENTERPRISE]),
    ("solver", "李振华", "东南大学", [Role.SOLVER]),
    ("expert", "周建国", "江苏大学", [Role.EXPERT]),
    ("organizer", "吴海燕", "苏州市科学技术局", [Role.ORGANIZER]),
    ("bidder", "孙志强", "常州锂源新能源科技有限公司", [Role.BIDDER]),
    ("manager", "刘思远", "南京知行技术经理人事务所", [Role.MANAGER]),
    ("financier", "黄嘉怡", "南京紫峰创业投资有限公司", [Role.FINANCIER]),
]
_CONTACTS = [
    "赵敏",
    "钱伟",
    "孙丽",
    "周涛",
    "吴静",
    "郑浩",
    "王芳",
    "冯磊",
    "陈晨",
    "褚洁",
    "卫东",
    "蒋宁",
]
_CATEGORY = {  # GB 32100 registration authority + category: 机关, 事业单位, 企业
    K.LOCAL_AUTHORITY: "11",
    K.ENTERPRISE: "91",
    K.STATE_OWNED_ENTERPRISE: "91",
    K.TECH_MANAGER_FIRM: "91",
    K.TECH_TRANSFER_AGENCY: "91",
    K.FINANCIAL_INSTITUTION: "91",
}


def credit_code_for(name: str, kind: str, region: str) -> str:
    """A valid, stable 统一社会信用代码 for a demo unit (with a valid GB 11714 body too)."""
    digits = str(int(hashlib.sha256(name.encode()).hexdigest(), 16))[:8]
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    body = digits + {10: "X", 11: "0"}.get(check, str(check))
    first17 = _CATEGORY.get(kind, "12") + region + body
    assert all(ch in CREDIT_CODE_ALPHABET for ch in first17)
    return first17 + credit_code_check_char(first17)


def _organization(
    index: int, name: str, kind: str, region: str, flags: dict, status: str
) -> Organization:
    contact = _CONTACTS[index % len(_CONTACTS)]
    now = timezone.now()
    org, _ = Organization.objects.update_or_create(
        name=name,
        defaults={
            "kind": kind,
            "region_id": region,
            "credit_code": credit_code_for(name, kind, region),
            "status": status,
            "contact_name": contact,
            "contact_phone": f"025-8{index:03d}{index * 37 % 10000:04d}",
            "contact_email": f"contact{index}@demo.jbgs.example",
            "address": "",
            "applied_at": now,
            "reviewed_at": now if status == OrganizationStatus.ACTIVE else None,
            **flags,
        },
    )
    return org


def refuse_in_production() -> None:
    """Demo data has accounts of every role with one published password: never in production."""
    if settings.MODE == "production":
        raise ImproperlyConfigured("Demo data is never loaded in production (JBGS_ENV=production).")


def seed() -> list[tuple[str, str, str, str]]:
    """Create or refresh the demo province; returns the demo accounts for printing."""
    refuse_in_production()
    with transaction.atomic():
        orgs = {}
        for index, (name, kind, region, flags) in enumerate(ORGANIZATIONS):
            orgs[name] = _organization(index, name, kind, region, flags, OrganizationStatus.ACTIVE)
        for index, (name, kind, region, flags) in enumerate(PENDING, start=len(ORGANIZATIONS)):
            org = _organization(index, name, kind, region, flags, OrganizationStatus.PENDING)
            account(
                f"applicant{index}",
                _CONTACTS[index % len(_CONTACTS)],
                org,
                [Role.ENTERPRISE],
                active=False,
            )
        for username, name, org_name, roles in ACCOUNTS:
            account(username, name, orgs[org_name], roles, active=True)
        admin = User.objects.get(username="admin")
        _current_campaigns(admin)
        for seeder in SEEDERS:
            seeder(admin)
    return printed_accounts()


def account(username: str, name: str, org: Organization, roles, *, active: bool = True, expert_kind: str = "") -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.name, user.organization, user.roles, user.is_active = name, org, list(roles), active
    if Role.EXPERT in roles:
        user.expert_kind = expert_kind or ExpertKind.TECHNICAL
    user.email = f"{username}@demo.jbgs.example"
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _current_campaigns(admin: User) -> None:
    """This year's campaigns, started from the latest documented year as an administrator would."""
    for kind in ("auction", "challenge"):
        if Campaign.objects.filter(year=DEMO_YEAR, kind=kind).exists():
            continue
        source = Campaign.objects.filter(kind=kind).order_by("-year").first()
        title = source.title.replace(str(source.year), str(DEMO_YEAR))
        campaign_services.copy_campaign(actor=admin, source=source, year=DEMO_YEAR, title=title)
