"""Layout `strategy-project-list`: a 総合戦略 関連事業一覧 (goals → measures → projects with budgets)."""

from ...parse import layout
from . import parser
from .mapping import map_project_list

LAYOUT = layout(__file__, lambda doc, spec: parser.parse(doc, fiscal_year=spec.fiscal_year, plan=spec.plan),
                map_project_list)
