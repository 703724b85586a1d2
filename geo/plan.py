"""白银一区六园: the plan's structure — the core zone, its six parks, their "4+5+1" industries and units.

Read from the data, never from lists written here: the lead and the parks are the members of
group ``by-1z6p`` (memberships with ``role_class`` lead and member), a park's industries are its
site_industries rows in system ``baiyin-4+5+1``, and the units a park draws on are the
organizations tied by org_industries to the industries it hosts (the plan's "发挥…等单位力量").
The Baiyin page (:mod:`views.baiyin`) draws and words this structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import geopandas as gpd
import pandas as pd

from . import queries as q
from .load import Catalogue

GROUP = "by-1z6p"
SYSTEM = "baiyin-4+5+1"
CITY = "白银"
# Named by the plan as a park an industry relies on (依托), though not one of the six parks.
ALSO_NAMED = ("by-agri-park",)
CATEGORIES = ("traditional", "emerging", "future")


@dataclass(frozen=True, eq=False)
class Plan:
    """The 一区六园 structure read once from a catalogue.

    The rows of the matrix, the ties of each row to the system's industries, and the units behind them. Build it with :func:`read_plan`.
    """

    cat: Any
    core: str
    parks: tuple[str, ...]
    rows: tuple[str, ...]
    industries: pd.DataFrame  # the 10 top-level industries, in the plan's order
    links: pd.DataFrame  # site_industries rows of the rows, with top_id and category
    units: pd.DataFrame  # one row per (site, unit, industry): site_id, org columns, link_source_id, link_quote

    @cached_property
    def sites(self) -> gpd.GeoDataFrame:
        """The catalogue's sites, indexed by id."""
        return self.cat.sites.set_index("id")

    def hosts(self, industry_id: str) -> list[str]:
        """Rows tied to a top-level industry (any role: 依托, or e.g. 西部陶都), in row order."""
        linked = set(self.links.loc[self.links["top_id"] == industry_id, "site_id"])
        return [s for s in self.rows if s in linked]

    def links_of(self, site_id: str) -> pd.DataFrame:
        """The row's ties to the system's industries."""
        return self.links[self.links["site_id"] == site_id]

    def units_of(self, site_id: str) -> pd.DataFrame:
        """Organizations tied to the industries the site relies on, one row per (unit, industry)."""
        return self.units[self.units["site_id"] == site_id].reset_index(drop=True)

    def orgs(self) -> gpd.GeoDataFrame:
        """Organizations in Baiyin, or drawn on by a row of the matrix."""
        orgs = self.cat.organizations
        return orgs[(orgs["city"] == CITY) | orgs["id"].isin(self.units["id"])].reset_index(drop=True)

    def located(self, site_id: str) -> bool:
        """Whether the site has a known location."""
        return self.sites.geometry[site_id] is not None


def read_plan(cat: Catalogue) -> Plan:
    """Read the structure from the data: the lead and the parks are the members of ``by-1z6p``."""
    m = cat.memberships[cat.memberships["group_id"] == GROUP]
    core = m.loc[m["role_class"] == "lead", "member_id"].iloc[0]  # 引领
    parks = tuple(m.loc[m["role_class"] == "member", "member_id"])  # 联动
    rows = _rows(cat, core, parks)
    tops = top_level_of(cat)
    links = cat.site_industries
    # The matrix is by top-level industry: ties to a sub-industry (依托 … 新能源材料) repeat their parent's.
    links = links[links["site_id"].isin(rows) & links["industry_id"].isin(set(tops.values()))].copy()
    links["top_id"] = links["industry_id"].map(tops)
    links["category"] = links["top_id"].map(cat.industries.set_index("id")["category"])
    links = links.reset_index(drop=True)
    ind = cat.industries[cat.industries["system"] == SYSTEM]
    return Plan(
        cat,
        core,
        parks,
        rows,
        ind[~ind["parent_id"].isin(ind["id"])].reset_index(drop=True),
        links,
        _units(cat, q.matching_links(links)),
    )  # units stand behind what a site hosts, not its goals


def _rows(cat, core: str, parks: tuple[str, ...]) -> tuple[str, ...]:
    """The rows: the core, each park followed by its parts, the parks also named.

    And the group itself when the plan ties an industry to the group as a whole.
    """
    known = set(cat.sites["id"])
    ids = [core]
    for park in parks:
        ids += q.site_family(cat, park)
    ids += [s for s in ALSO_NAMED if s in known]
    if (cat.site_industries["site_id"] == GROUP).any():
        ids.append(GROUP)
    return tuple(s for s in dict.fromkeys(ids) if s in known)


def top_level_of(cat) -> dict[str, str]:
    """Industry id -> its top-level industry in the system (itself when it is top-level)."""
    ind = cat.industries[cat.industries["system"] == SYSTEM]
    parent = dict(zip(ind["id"], ind["parent_id"], strict=True))

    def climb(i: str) -> str:
        seen = set()
        while parent.get(i) in parent and i not in seen:
            seen.add(i)
            i = parent[i]
        return i

    return {i: climb(i) for i in parent}


def link_ends(plan: Plan, park: str) -> list[str]:
    """Where the core-to-park line ends.

    The park, or its located parts when the park is a container with no point of its own (会宁工业集中区: 西城产业园 and 郭城产业园, 60 km apart).
    """
    if plan.located(park):
        return [park]
    return [s for s in q.site_family(plan.cat, park) if s != park and s in plan.sites.index and plan.located(s)]


def _units(cat, links: pd.DataFrame) -> pd.DataFrame:
    """(site, unit, industry) rows: the orgs :func:`geo.queries.orgs_for_industry` finds for each tie."""
    by_industry = {i: q.orgs_for_industry(cat, i) for i in links["industry_id"].unique()}
    frames = [
        by_industry[r.industry_id].assign(site_id=r.site_id)
        for r in links.itertuples()
        if not by_industry[r.industry_id].empty
    ]
    if not frames:
        return cat.organizations.iloc[0:0].assign(site_id=[], industry_id=[], link_source_id=[], link_quote=[])
    out = pd.concat(frames, ignore_index=True).drop_duplicates(subset=["site_id", "id", "industry_id"])
    return gpd.GeoDataFrame(out, geometry="geometry", crs=cat.organizations.crs)
