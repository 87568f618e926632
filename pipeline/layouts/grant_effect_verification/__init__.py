"""Layout `grant-effect-verification`: a municipality's 交付金 効果検証 report (table or forms)."""

from ...parse import layout
from . import parser
from .mapping import map_grant_report

LAYOUT = layout(__file__, lambda doc, spec: parser.parse(doc), map_grant_report)
