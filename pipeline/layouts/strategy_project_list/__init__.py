"""Layout `strategy-project-list`: a 総合戦略 関連事業一覧 (goals → measures → projects with budgets)."""

from ...parse import lazy, layout
from . import parser

LAYOUT = layout(__file__, lambda doc, spec: parser.parse(doc, fiscal_year=spec.fiscal_year, plan=spec.plan),
                lazy(__name__ + ".mapping", "map_project_list"))
