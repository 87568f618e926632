"""Layout `regional-plan-list`: a city's page of its certified 地域再生計画 (HTML table or its text).

It shares the plan family's records, parsing helpers, mapping and shapes with ../regional_plan."""

from ...parse import layout
from . import parser
from .mapping import map_plan_list

LAYOUT = layout(__file__, lambda doc, spec: parser.parse(doc), map_plan_list)
