"""Layout `progress-list`: a 進捗一覧 of a plan's items with 区分, 目標年度 and an as-of date."""

from ...schemes import labels
from ...uris import PROGRESS_STATUS_SCHEME
from ...parse import layout
from . import parser
from .mapping import map_progress_list

LAYOUT = layout(__file__, lambda doc, spec: parser.parse(doc, labels(PROGRESS_STATUS_SCHEME),
                                                          fiscal_year=spec.fiscal_year, plan=spec.plan),
                map_progress_list)
