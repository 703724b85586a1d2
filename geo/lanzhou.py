"""Lanzhou's sites: its zones each followed by their parks, its universities and institutes, key projects.

Which sites are "Lanzhou's" comes from the data (``city == 兰州``); a zone's parks are the sites
below it (``parent_id``); the pilot zone's four areas are the members of ``lanbai-pilot-zone``.
The Lanzhou page (:mod:`views.lanzhou`) draws and words them.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from .load import Catalogue

CITY = "兰州"
RESEARCH_KINDS = ("university", "institute")
KEY_PROJECT_YEAR = 2018
PILOT_ZONE = "lanbai-pilot-zone"


def _sites(cat: Catalogue) -> pd.DataFrame:
    return cat.sites.set_index("id")


def ordered_site_ids(cat) -> list[str]:
    """Lanzhou's sites (programmes left out: they have no place), each zone followed by its parks."""
    sites = cat.sites[(cat.sites["city"] == CITY) & (cat.sites["kind"] != "program")]
    ids = list(sites["id"])
    children: dict[str, list[str]] = {}
    for sid, parent in zip(sites["id"], sites["parent_id"], strict=True):
        if parent in ids:
            children.setdefault(parent, []).append(sid)
    ordered: list[str] = []

    def visit(sid: str) -> None:
        if sid not in ordered:
            ordered.append(sid)
            for child in children.get(sid, []):
                visit(child)

    for sid, parent in zip(sites["id"], sites["parent_id"], strict=True):
        if parent not in ids:
            visit(sid)
    return ordered


def lanzhou_sites(cat) -> gpd.GeoDataFrame:
    """Lanzhou's sites in :func:`ordered_site_ids` order."""
    ids = ordered_site_ids(cat)
    return cat.sites.set_index("id").loc[ids].reset_index()


def research_orgs(cat) -> gpd.GeoDataFrame:
    """Universities and institutes of the Lanzhou documents (every one not placed in Baiyin)."""
    orgs = cat.organizations
    return orgs[orgs["kind"].isin(RESEARCH_KINDS) & (orgs["city"] != "白银")].reset_index(drop=True)


def area_of(cat, site_id: str) -> str:
    """The top-level site above ``site_id`` (the zone a park belongs to)."""
    sites = _sites(cat)
    while site_id in sites.index and sites.loc[site_id, "parent_id"] in sites.index:
        site_id = sites.loc[site_id, "parent_id"]
    return site_id


def structure_pairs(cat) -> list[tuple[str, str]]:
    """(zone, park) for every Lanzhou site below another: drawn as lines on the map."""
    sites = lanzhou_sites(cat)
    ids = set(sites["id"])
    return [(p, s) for s, p in zip(sites["id"], sites["parent_id"], strict=True) if p in ids]


def pilot_areas(cat) -> list[str]:
    """The pilot zone's four areas (members of ``lanbai-pilot-zone``), the document's project headings."""
    m = cat.memberships
    return list(m.loc[(m["group_id"] == PILOT_ZONE) & (m["role_class"] == "member"), "member_id"])


def key_projects(cat, year: int = KEY_PROJECT_YEAR) -> pd.DataFrame:
    """The year's key projects with ``area_id``, grouped by area in the document's order.

    ``area_id`` is the pilot-zone area above the project's site ('' when the site is in none of
    the four areas, or no site is named).
    """
    projects = cat.projects[cat.projects["year"] == year].copy()
    areas = set(pilot_areas(cat))
    projects["area_id"] = [a if (a := area_of(cat, s)) in areas else "" for s in projects["site_id"]]
    first_seen = {a: i for i, a in enumerate(dict.fromkeys(projects["area_id"]))}
    rank = projects["area_id"].map(lambda a: len(first_seen) if a == "" else first_seen[a])
    return projects.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)
