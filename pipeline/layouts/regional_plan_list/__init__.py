"""Layout `regional-plan-list`: a city's page of its certified 地域再生計画 (HTML table or its text).

It shares the plan family's records, parsing helpers, mapping and shapes with ../regional_plan."""

from ...parse import lazy, layout
from . import parser

LAYOUT = layout(__file__, lambda doc, spec: parser.parse(doc), lazy(__name__ + ".mapping", "map_plan_list"))
