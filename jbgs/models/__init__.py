from jbgs.models.acceptances import Acceptance
from jbgs.models.audit import AuditEntry
from jbgs.models.campaigns import CAMPAIGN_FIELDS, Campaign, CampaignStage, IndustryField
from jbgs.models.imports import ImportJob, ImportStatus
from jbgs.models.notifications import Notification
from jbgs.models.organizations import AgreementAcceptance, Organization
from jbgs.models.regions import Region
from jbgs.models.users import User

__all__ = [
    "CAMPAIGN_FIELDS",
    "Acceptance",
    "AgreementAcceptance",
    "AuditEntry",
    "Campaign",
    "CampaignStage",
    "ImportJob",
    "ImportStatus",
    "IndustryField",
    "Notification",
    "Organization",
    "Region",
    "User",
]
