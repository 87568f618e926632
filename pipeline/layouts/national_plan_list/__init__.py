"""Layout `national-plan-list`: 内閣府's national list of certified 地域再生計画.

Its plans are the plan family's (../regional_plan): the same records and the same IRIs as a city's own
list page and the plan document give them, so the national and city levels join."""

from ...parse import lazy, layout
from . import parser

LAYOUT = layout(__file__, lambda doc, spec: parser.parse(doc), lazy(__name__ + ".mapping", "map_national_list"))
