from transformation.models.calls import Call, CallRule
from transformation.models.figures import InstitutionFigures

__all__ = ["Call", "CallRule", "InstitutionFigures"]
