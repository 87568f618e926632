"""Layout `progress-list`: a 進捗一覧 of a plan's items with 区分, 目標年度 and an as-of date."""

from ...parse import lazy, layout
from . import parser


def _parse(doc, spec):
    from ...schemes import labels  # rdflib: imported when a document is read, not by `sosei layouts`
    from ...uris import PROGRESS_STATUS_SCHEME

    return parser.parse(doc, labels(PROGRESS_STATUS_SCHEME), fiscal_year=spec.fiscal_year, plan=spec.plan)


LAYOUT = layout(__file__, _parse, lazy(__name__ + ".mapping", "map_progress_list"))
