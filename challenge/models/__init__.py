from challenge.models.attachments import DemandAttachment, SolutionAttachment
from challenge.models.awards import HonoursList, Nomination
from challenge.models.contests import (
    Contest,
    ContestConsent,
    ContestExpert,
    ContestInstitution,
    ContestInterest,
    ContestPair,
    ContestScore,
)
from challenge.models.demands import Demand, DemandTarget, Diagnosis
from challenge.models.disclaimers import Disclaimer, DisclaimerAcceptance
from challenge.models.hot_lists import HotList
from challenge.models.matching import (
    Digest,
    DigestChannel,
    DigestPreference,
    Match,
    SolverProfile,
    Term,
    TermCount,
)
from challenge.models.pushes import Push, PushReason
from challenge.models.rules import CHALLENGE_RULE_FIELDS, ChallengeRules
from challenge.models.solutions import (
    Cooperation,
    DetailRequest,
    FollowUp,
    Solution,
    SolutionMessage,
)

__all__ = ["DemandAttachment", "SolutionAttachment", "CHALLENGE_RULE_FIELDS", "ChallengeRules", "Contest", "ContestConsent", "ContestExpert", "ContestInstitution", "ContestInterest", "ContestPair", "ContestScore", "Cooperation", "Demand", "DemandTarget", "DetailRequest", "Diagnosis", "Digest", "DigestChannel", "DigestPreference", "Disclaimer", "DisclaimerAcceptance", "FollowUp", "HonoursList", "HotList", "Match", "Nomination", "Push", "PushReason", "Solution", "SolutionMessage", "SolverProfile", "Term", "TermCount"]
