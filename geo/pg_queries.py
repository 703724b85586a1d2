"""Questions the PostGIS store answers in SQL, with the indexes of migration 0006.

:func:`chain_area_enterprise_ids` is the chain + area filter of :mod:`geo.enterprise_queries`
(an enterprise is on a chain when one of its GB/T 4754-2017 codes starts with a prefix mapped to the
chain) done by the database: the codes' prefixes are a GIN-indexed array (``&&`` with the chain's
prefixes) and the area is tested piece by piece against its ``ST_Subdivide``d parts (GiST), so
100,000 enterprises take milliseconds. The tie of a firm's organization to a chain by a document is
not part of this SQL; the folder store's ``EnterpriseQuery(codes=…, area_code=…)`` gives the same rows.
"""

from __future__ import annotations

# The enterprises whose codes map to the chain and whose point lies in the area (boundary included).
# The prefixes are passed as a literal array, so the planner sees how selective they are and takes
# the GIN index; a point on a line between two parts is counted once (DISTINCT).
CHAIN_AREA_SQL = """
SELECT id FROM (
    SELECT DISTINCT e.fid, e.id FROM area_parts p JOIN enterprises e ON ST_Intersects(p.geom, e.geom)
    WHERE p.area_code = %(area)s AND e.industry_prefixes && %(prefixes)s::text[]
) AS found ORDER BY fid
"""
CHAIN_PREFIXES_SQL = "SELECT prefix FROM code_chains WHERE chain_id = %(chain)s ORDER BY prefix"
# The indexes it uses (the bench drops them to show their worth).
CHAIN_AREA_INDEXES = (
    "enterprises_industry_prefixes_gin",
    "enterprises_geom_gist",
    "area_parts_geom_gist",
    "area_parts_area_code",
    "code_chains_chain_id",
)


def chain_area_enterprise_ids(conn, chain_id: str, area_code: str) -> list[str]:
    """Ids of the enterprises on chain ``chain_id`` inside area ``area_code``, in row order.

    Parameters
    ----------
    conn : a psycopg connection to an atlas database at schema version 6 or later
    chain_id : an ``industries`` id of a chain (its prefixes are in ``code_chains``)
    area_code : an ``areas`` code (e.g. 620400, 白银市)
    """
    if not str(chain_id or "").strip() or not str(area_code or "").strip():
        raise ValueError("a chain id and an area code are both needed")
    prefixes = [row[0] for row in conn.execute(CHAIN_PREFIXES_SQL, {"chain": chain_id})]
    if not prefixes:
        return []
    rows = conn.execute(CHAIN_AREA_SQL, {"prefixes": prefixes, "area": area_code}).fetchall()
    return [row[0] for row in rows]
