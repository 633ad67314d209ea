from transformation.models.calls import Call, CallRule
from transformation.models.figures import InstitutionFigures

__all__ = ["Call", "CallRule", "InstitutionFigures"]
from transformation.models.applications import CallTarget, ProjectApplication  # noqa: E402

__all__ += ["CallTarget", "ProjectApplication"]
