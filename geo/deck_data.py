"""What the pydeck views draw, taken from the catalogue: links as arcs, and targets against actuals.

- :func:`link_arcs`: a group's lead site to its members (白银高新区 → the six parks of 一区六园),
  units to the site they are placed at or serve (``organizations.site_id``; a unit that is a
  member or partner of a site in ``memberships``), and partner zones (``role_class`` partner).
  A site with no point of its own but with located parts (会宁 → 西城, 郭城) is drawn to its
  parts; an end with no point at all (partners outside Gansu) is skipped and counted.
- :func:`latest_gaps`: per zone and indicator, the target against its most recent actual, paired
  by :func:`geo.targets.find_gaps` (same indicator wording, scope and unit), never otherwise.

No Streamlit, no pydeck here (see :mod:`views.deck`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .load import Catalogue
from .targets import find_gaps, indicator_key

ARC_KINDS = ("lead", "unit", "partner")
ARC_KIND_LABELS: dict[str, tuple[str, str]] = {
    "lead": ("引领—成员园区", "lead site → member park"),
    "unit": ("单位—所在或服务园区", "unit → site it serves"),
    "partner": ("合作园区", "partner zone"),
}
ARC_COLUMNS = [
    "kind",
    "from_id",
    "to_id",
    "role",
    "from_lon",
    "from_lat",
    "to_lon",
    "to_lat",
    "from_zh",
    "from_en",
    "to_zh",
    "to_en",
    "via_parts",
]


@dataclass
class Arcs:
    """The drawable links, and per kind how many links were skipped for want of a point."""

    links: pd.DataFrame  # ARC_COLUMNS, one row per arc
    skipped: dict[str, int] = field(default_factory=dict)
    skipped_ids: dict[str, list[str]] = field(default_factory=dict)  # the unlocated ends, per kind


def link_arcs(cat: Catalogue, kinds=ARC_KINDS) -> Arcs:
    """The links of ``kinds`` (a subset of :data:`ARC_KINDS`) as arcs between located points."""
    unknown = set(kinds) - set(ARC_KINDS)
    if unknown:
        from .errors import InvalidQueryError

        raise InvalidQueryError(f"unknown arc kind(s) {sorted(unknown)}; choose from {', '.join(ARC_KINDS)}")
    pairs = (
        pd.concat([_pairs(cat, kind) for kind in kinds], ignore_index=True)
        if kinds
        else pd.DataFrame(columns=["kind", "from_id", "to_id", "role"])
    )
    places = _places(cat)
    rows, skipped = [], {k: 0 for k in kinds}
    skipped_ids: dict[str, list[str]] = {k: [] for k in kinds}
    for link in pairs.drop_duplicates(["kind", "from_id", "to_id"]).itertuples(index=False):
        starts, ends = places.get(link.from_id, []), places.get(link.to_id, [])
        if not starts or not ends:
            skipped[link.kind] += 1
            skipped_ids[link.kind] += [i for i, p in ((link.from_id, starts), (link.to_id, ends)) if not p]
            continue
        via = len(starts) > 1 or len(ends) > 1 or starts[0][4] or ends[0][4]
        for a in starts:
            for b in ends:
                rows.append(
                    [
                        link.kind,
                        link.from_id,
                        link.to_id,
                        link.role,
                        a[0],
                        a[1],
                        b[0],
                        b[1],
                        a[2],
                        a[3],
                        b[2],
                        b[3],
                        bool(via),
                    ]
                )
    return Arcs(pd.DataFrame(rows, columns=ARC_COLUMNS), skipped, skipped_ids)


def _pairs(cat: Catalogue, kind: str) -> pd.DataFrame:
    m = cat.memberships
    cols = ["kind", "from_id", "to_id", "role"]
    if kind == "lead":
        leads = m[m["role_class"] == "lead"][["group_id", "member_id"]].rename(columns={"member_id": "lead_id"})
        members = m[m["role_class"] == "member"].merge(leads, on="group_id")
        out = members.assign(kind="lead", from_id=members["lead_id"], to_id=members["member_id"])
        return out[out["from_id"] != out["to_id"]][cols]
    orgs = set(cat.organizations["id"])
    if kind == "unit":
        placed = cat.organizations[cat.organizations["site_id"] != ""]
        placed = pd.DataFrame({"kind": "unit", "from_id": placed["id"], "to_id": placed["site_id"], "role": ""})
        tied = m[m["member_id"].isin(orgs)]
        tied = pd.DataFrame(
            {"kind": "unit", "from_id": tied["member_id"], "to_id": tied["group_id"], "role": tied["role"]}
        )
        return pd.concat([placed, tied], ignore_index=True)[cols]
    partners = m[(m["role_class"] == "partner") & ~m["member_id"].isin(orgs)]
    return pd.DataFrame(
        {"kind": "partner", "from_id": partners["group_id"], "to_id": partners["member_id"], "role": partners["role"]}
    )[cols]


def _places(cat: Catalogue) -> dict[str, list[tuple]]:
    """Map each id to [(lon, lat, name_zh, name_en, via_parts)]: its point, else its located parts."""
    out: dict[str, list[tuple]] = {}
    for frame in (cat.sites, cat.organizations):
        for row in frame[frame.geometry.notna()].itertuples(index=False):
            out[row.id] = [(round(row.geometry.x, 5), round(row.geometry.y, 5), row.name_zh, row.name_en, False)]
    sites = cat.sites
    for row in sites[sites.geometry.isna()].itertuples(index=False):
        parts = sites[(sites["parent_id"] == row.id) & sites.geometry.notna()]
        if len(parts):
            out[row.id] = [
                (round(p.geometry.x, 5), round(p.geometry.y, 5), row.name_zh, row.name_en, True)
                for p in parts.itertuples(index=False)
            ]
    return out


# ------------------------------------------------------------------ targets vs actuals

GAP_COLUMNS = [
    "scope_id",
    "indicator",
    "indicator_zh",
    "indicator_en",
    "unit",
    "target_value",
    "actual_value",
    "target_year",
    "actual_year",
    "approximate",
    "lon",
    "lat",
    "scope_zh",
    "scope_en",
]


def latest_gaps(cat: Catalogue, indicators: pd.DataFrame | None = None) -> tuple[pd.DataFrame, int]:
    """Per scope and indicator, the target against the most recent comparable actual.

    Returns
    -------
    (DataFrame, int)
        :data:`GAP_COLUMNS` for scopes with a point (a site's point or an area's representative
        point), and how many such pairs were left out because their scope has no point.
        ``indicator`` is the normalised wording (:func:`geo.targets.indicator_key`) + '|' + unit:
        a chart draws one indicator at a time, as units never mix.
    """
    df = cat.indicators if indicators is None else indicators
    points = _scope_points(cat)
    rows, unlocated, seen = [], 0, set()
    for gap in find_gaps(df):  # sorted with the most recent actual first within a scope and indicator
        key = (gap.scope_id, indicator_key(gap.indicator_zh), gap.unit)
        if key in seen:
            continue
        seen.add(key)
        if gap.scope_id not in points:
            unlocated += 1
            continue
        lon, lat, zh, en = points[gap.scope_id]
        rows.append(
            [
                gap.scope_id,
                f"{key[1]}|{gap.unit}",
                gap.indicator_zh,
                gap.indicator_en,
                gap.unit,
                gap.target_value,
                gap.actual_value,
                gap.target_year,
                gap.actual_year,
                gap.approximate,
                lon,
                lat,
                zh,
                en,
            ]
        )
    return pd.DataFrame(rows, columns=GAP_COLUMNS), unlocated


def _scope_points(cat: Catalogue) -> dict[str, tuple]:
    out = {}
    for row in cat.areas.itertuples(index=False):
        if row.geometry is not None and not row.geometry.is_empty:
            p = row.geometry.representative_point()
            out[str(row.code)] = (round(p.x, 5), round(p.y, 5), row.name_zh, row.name_en)
    for row in cat.sites[cat.sites.geometry.notna()].itertuples(index=False):
        out[row.id] = (round(row.geometry.x, 5), round(row.geometry.y, 5), row.name_zh, row.name_en)
    return out
