from transformation.models.applications import CallTarget, ProjectApplication
from transformation.models.calls import Call, CallRule
from transformation.models.coverage import CoverageTarget
from transformation.models.figures import InstitutionFigures
from transformation.models.stock import StockEvaluation, StockMatch, StockPatent

__all__ = ["Call", "CallRule", "CallTarget", "CoverageTarget", "InstitutionFigures", "ProjectApplication", "StockEvaluation",
           "StockMatch", "StockPatent"]
