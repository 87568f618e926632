"""Layout `grant-effect-verification`: a municipality's 交付金 効果検証 report (table or forms)."""

from ...parse import lazy, layout
from . import parser

LAYOUT = layout(__file__, lambda doc, spec: parser.parse(doc), lazy(__name__ + ".mapping", "map_grant_report"))
