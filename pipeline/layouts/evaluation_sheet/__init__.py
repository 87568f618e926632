"""Layout `evaluation-sheet`: 施策評価シート, one per 主要施策, with 決算額, grade, 予算額 and 方向性."""

from ...parse import lazy, layout
from . import parser

LAYOUT = layout(__file__, lambda doc, spec: parser.parse(doc, fiscal_year=spec.fiscal_year, plan=spec.plan),
                lazy(__name__ + ".mapping", "map_evaluation_sheets"))
