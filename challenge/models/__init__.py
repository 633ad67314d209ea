from challenge.models.demands import Demand, DemandTarget, Diagnosis
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

__all__ = ["CHALLENGE_RULE_FIELDS", "ChallengeRules", "Demand", "DemandTarget", "Diagnosis", "Digest", "DigestChannel",
           "DigestPreference", "HotList", "Match", "SolverProfile", "Term", "TermCount", "Push", "PushReason", "Cooperation", "DetailRequest", "FollowUp", "Solution", "SolutionMessage"]
