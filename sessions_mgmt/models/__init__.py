from sessions_mgmt.models.templates import SessionPlan, TargetTemplate

__all__ = ["SessionPlan", "TargetTemplate"]
