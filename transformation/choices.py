"""Stable codes of patent transformation. Codes are part of the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.choices import OrganizationKind


class Direction(models.TextChoices):
    """What a call supports (申报方向)."""

    UNIVERSITY = "university", _("University and institute IP operation capacity")  # 高校院所知识产权运营能力提升
    INDUSTRY = "industry", _("Industry IP operation centre")  # 产业知识产权运营中心发展
    CAMPAIGN_DEAL = "campaign_deal", _("Technology-transfer project of a campaign deal")  # 揭榜挂帅技术转移项目


# Who may apply in each direction (申报主体): the guide's 高等学校、科研院所 and 园区管委会; a
# campaign deal's project is applied for by the seller of the deal.
APPLICANT_KINDS = {
    Direction.UNIVERSITY: [OrganizationKind.UNDERGRADUATE_UNIVERSITY, OrganizationKind.INDEPENDENT_COLLEGE,
                           OrganizationKind.VOCATIONAL_COLLEGE, OrganizationKind.RESEARCH_INSTITUTE,
                           OrganizationKind.NEW_RD_INSTITUTION],
    Direction.INDUSTRY: [OrganizationKind.SCIENCE_PARK],
}


class Comparison(models.TextChoices):
    """How a condition of an eligibility rule compares a figure with its value."""

    AT_LEAST = "gte", _("at least")  # 不少于
    MORE_THAN = "gt", _("more than")  # 超过: strictly more
    AT_MOST = "lte", _("at most")
    YES = "yes", _("is confirmed")  # a fact the applicant confirms (yes/no)


class Figure(models.TextChoices):
    """The figures an eligibility rule reads. Counts are per year, averages over the three years
    before the call's year (近 3 年内…年均); amounts in 万元, as the guide writes them."""

    IP_STAFF = "ip_staff", _("IP management staff")
    IP_STAFF_FULL_TIME = "ip_staff_full_time", _("staff full-time on patent transformation")
    GRANTS_AVG = "grants_avg", _("patents granted a year (three-year average)")
    INVENTION_GRANTS_AVG = "invention_grants_avg", _("invention patents granted a year (three-year average)")
    TRANSFORMED_AVG = "transformed_avg", _("patents transformed a year (three-year average)")
    TRANSFORMED_AMOUNT_AVG = "transformed_amount_avg", _("amount of patents transformed a year, 万元 (three-year average)")
    CHAIN_LOCATION = "chain_location", _("the park is a key industry chain's location with a development plan")
    CHAIN_ENTERPRISES = "chain_enterprises", _("industry-chain enterprises in the park")
    IP_BODY = "ip_body", _("the park has an IP management body with a budget")
    DEAL_AMOUNT = "deal_amount", _("the deal's amount, 万元")


# The figures an applicant confirms (yes/no) rather than counts; every other figure is a number
# from 0 to MAX_FIGURE (beyond any institution's figures: a slip, refused rather than compared).
YES_FIGURES = frozenset({Figure.CHAIN_LOCATION, Figure.IP_BODY})
MAX_FIGURE = 10**9


class FiguresSource(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported")


class TransformationAction(models.TextChoices):
    """Audited actions of patent transformation (jbgs.services.audit)."""

    FIGURES_SAVED = "transformation.figures.saved", _("Institution figures saved")
    CALL_SAVED = "transformation.call.saved", _("Project call saved")
    CALL_CREATED = "transformation.call.created", _("Project call created")
    CALL_CHANGED = "transformation.call.changed", _("Project call changed")
    CALL_RULES_REPLACED = "transformation.call.rules", _("Project call's eligibility rules replaced")
    CALL_TARGETS_REPLACED = "transformation.call.targets", _("Project call's performance targets replaced")


# --- Stock-patent inventory (存量专利盘点) ----------------------------------------------------

class StockStage(models.TextChoices):
    """Where a stock patent stands in the inventory (评价、筛选、登记、匹配)."""

    IMPORTED = "imported", _("Imported")
    EVALUATED = "evaluated", _("Evaluated")
    SCREENED = "screened", _("Screened")
    REGISTERED = "registered", _("Registered")
    MATCHED = "matched", _("Matched")


# A patent goes forward one step at a time; an evaluation, a screening, a registration or a
# match recorded again leaves the stage as it is (services decide, not this table).
STOCK_TRANSITIONS = {
    StockStage.IMPORTED: [StockStage.EVALUATED],
    StockStage.EVALUATED: [StockStage.SCREENED],
    StockStage.SCREENED: [StockStage.REGISTERED],
    StockStage.REGISTERED: [StockStage.MATCHED],
    StockStage.MATCHED: [],
}
# The stages at or past each stage: what the coverage counts as done for it.
STOCK_REACHED = {stage: [s for s in StockStage.values[index:]] for index, stage in enumerate(StockStage.values)}


class EvaluatorKind(models.TextChoices):
    """The Yangzhou plan's three ways of evaluation (发明人自评、高校和科研机构集中评价、企业和第三方服务机构评价)."""

    INVENTOR = "inventor", _("Inventor's self-assessment")
    INSTITUTION = "institution", _("Institution's review")
    THIRD_PARTY = "third_party", _("Enterprise or third-party review")


class StockPool(models.TextChoices):
    """The transformation resource pool a registered patent is recommended to (推荐纳入国家、省专利转化资源库)."""

    PLATFORM = "platform", _("The platform's pool only")
    PROVINCIAL = "provincial", _("Recommended to the provincial pool")
    NATIONAL = "national", _("Recommended to the national pool")


class StockAction(models.TextChoices):
    """Audited actions of the stock-patent inventory (jbgs.services.audit)."""

    IMPORTED = "transformation.stock.imported", _("Stock patents imported")
    EVALUATED = "transformation.stock.evaluated", _("Stock patent evaluated")
    REVIEWER_ASSIGNED = "transformation.stock.reviewer_assigned", _("Stock patent given to a reviewer")
    SCREENED = "transformation.stock.screened", _("Stock patent screened")
    REGISTERED = "transformation.stock.registered", _("Stock patent registered")
    MATCHED = "transformation.stock.matched", _("Stock patent matched and pushed")
    TARGET_SET = "transformation.stock.target_set", _("City's stock-patent target date set")
    PATENT_IMPORTED = "transformation.stock.patent_imported", _("Stock patent added or updated by an import")


# --- Project applications (立项申报) ------------------------------------------------------

class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECOMMENDED = "recommended", _("Recommended by the city")
    FUNDED = "funded", _("Funded")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Applicant: draft → submitted (or withdrawn); the city: submitted → recommended; the province:
# recommended → funded | declined. Nothing leaves a decision.
APPLICATION_TRANSITIONS = {
    ApplicationStatus.DRAFT: [ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN],
    ApplicationStatus.SUBMITTED: [ApplicationStatus.RECOMMENDED, ApplicationStatus.WITHDRAWN],
    ApplicationStatus.RECOMMENDED: [ApplicationStatus.FUNDED, ApplicationStatus.DECLINED],
    ApplicationStatus.FUNDED: [],
    ApplicationStatus.DECLINED: [],
    ApplicationStatus.WITHDRAWN: [],
}
# Applications that take a place under the city's cap.
CAP_HOLDING = [ApplicationStatus.RECOMMENDED, ApplicationStatus.FUNDED]


class Measure(models.TextChoices):
    """What a funded project's performance targets read, computed from the platform's records
    for a year. Growth in per cent against the year before; amounts in 万元."""

    TRANSFORMED_GROWTH = "transformed_growth", _("growth of patents transformed, %")
    CONTRACT_AMOUNT = "contract_amount", _("patent-related contracts registered, 万元")
    CONTRACT_GROWTH = "contract_growth", _("growth of patent-related contracts, %")
    PUSHES = "pushes", _("demand pushes to the area's units")
    TAKEN_UP_PATENTS = "taken_up_patents", _("patents taken up by the area's units")
    TAKEN_UP_AMOUNT = "taken_up_amount", _("amount of patents taken up, 万元")
    TRAINEES = "trainees", _("people trained")


class ApplicationAction(models.TextChoices):
    """Audited actions of project applications (jbgs.services.audit)."""

    SAVED = "transformation.application.saved", _("Project application saved")
    MOVED = "transformation.application.moved", _("Project application status changed")
    SCAN_ADDED = "transformation.application.scan", _("Sealed application scan uploaded")
    TRAINEES_SAVED = "transformation.application.trainees", _("Project trainees entered")
