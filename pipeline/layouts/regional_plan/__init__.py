"""Layout `regional-plan`: a 地域再生計画 document. This folder also holds what the plan family shares
with regional-plan-list: records.py, common.py (authors, schemes), plans.py (mapping), shapes.ttl."""

from ...parse import lazy, layout
from . import parser

LAYOUT = layout(__file__, lambda doc, spec: parser.parse(doc), lazy(__name__ + ".mapping", "map_regional_plan"),
                title=parser.plan_name)
