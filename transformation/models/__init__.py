from transformation.models.applications import CallTarget, ProjectApplication
from transformation.models.calls import Call, CallRule
from transformation.models.figures import InstitutionFigures
from transformation.models.stock import StockEvaluation, StockMatch, StockPatent

__all__ = ["Call", "CallRule", "CallTarget", "InstitutionFigures", "ProjectApplication", "StockEvaluation",
           "StockMatch", "StockPatent"]
