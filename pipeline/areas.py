"""The municipality table as a dataset of its own (dataset/municipalities): every municipality of
sources/municipalities.toml — whatever it holds, up to the national table of 1,741 — with its
全国地方公共団体コード, names, its e-Stat 統計LOD standard area (sosei:standardArea, the SAC IRI made from
the code) and owl:sameAs Wikidata where the table gives a checked QID. The VoID description counts
these links as linksets like any dataset's.
"""

from __future__ import annotations

from .mapping import map_municipality, new_graph
from .publish import serialize
from .sources import Municipality
from .uris import Minter

AREAS_ID = "municipalities"
TITLE = ("地方公共団体(全国地方公共団体コード、e-Stat 標準地域コード)",
         "Local governments: codes, names and their e-Stat standard areas")
DESCRIPTION = ("sosei の市区町村表の全団体: 全国地方公共団体コード、名称、e-Stat 統計LODの標準地域(SAC)へのリンク。",
               "Every municipality of sosei's table: its local government code, names, and a link to its "
               "e-Stat Statistical LOD standard area (SAC).")


def area_dumps(minter: Minter, municipalities: dict[str, Municipality], context) -> dict[str, bytes]:
    """Turtle, N-Triples and JSON-LD of every municipality of the table."""
    g = new_graph()
    for code in sorted(municipalities):
        map_municipality(g, minter, municipalities[code])
    return serialize(g, context_ref=context)
