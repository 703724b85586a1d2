"""Questions the atlas answers: industries, organizations, distances, indicators, projects.

Each query is a small object (or function) that runs and, for the objects, describes itself.

Site searches (industry, city, distance, area, drawn shape) are in :mod:`geo.filters`.
Distances are measured in UTM 48N, never in degrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from .errors import InvalidQueryError
from .load import Catalogue
from .schema import CRS, HOSTING_ROLE_CLASSES, PROJECTED_CRS

LANGS = ("zh", "en")


def _name(row, lang: str) -> str:
    return row["name_zh"] if lang == "zh" else row["name_en"]


def _names(df: pd.DataFrame, ids, lang: str, key: str = "id") -> str:
    rows = df.set_index(key)
    sep = "、" if lang == "zh" else ", "
    return sep.join(_name(rows.loc[i], lang) if i in rows.index else str(i) for i in ids)


# ---------------------------------------------------------------- industries


def industry_family(cat: Catalogue, industry_id: str) -> set[str]:
    """The industry, every industry mapped to it (if it is a chain), and all their descendants."""
    ind = cat.industries
    members = {industry_id}
    if (ind.loc[ind["id"] == industry_id, "system"] == "chain").any():
        members |= set(ind.loc[ind["chain_ids"].map(lambda ids: industry_id in ids), "id"])
    return members | _descendants(ind, members)


def _descendants(df: pd.DataFrame, ids: set[str]) -> set[str]:
    found: set[str] = set()
    frontier = set(ids)
    while frontier:
        children = set(df.loc[df["parent_id"].isin(frontier), "id"]) - found - ids
        found |= children
        frontier = children
    return found


def site_family(cat: Catalogue, site_id: str) -> list[str]:
    """The site and every site below it (parks of a zone, and their parts)."""
    return [site_id, *sorted(_descendants(cat.sites, {site_id}))]


def industries_of_site(cat: Catalogue, site_id: str) -> pd.DataFrame:
    """Industries a site hosts, with the link's role, source and quote, and the chains they belong to."""
    links = cat.site_industries[cat.site_industries["site_id"] == site_id]
    cols = ["id", "name_zh", "name_en", "system", "category", "parent_id", "chain_ids"]
    out = links.merge(cat.industries[cols], left_on="industry_id", right_on="id", how="left")
    return out[cols + ["role", "role_class", "source_id", "quote"]].reset_index(drop=True)


def orgs_for_industry(cat: Catalogue, industry_id: str) -> gpd.GeoDataFrame:
    """Organizations tied to the industry (or to any industry of its family, for a chain)."""
    family = industry_family(cat, industry_id)
    links = cat.org_industries[cat.org_industries["industry_id"].isin(family)]
    links = links.rename(columns={"source_id": "link_source_id", "quote": "link_quote"})
    out = cat.organizations.merge(links, left_on="id", right_on="org_id", how="inner")
    out = out.drop_duplicates(subset="id")
    return gpd.GeoDataFrame(out.drop(columns=["org_id"]), geometry="geometry", crs=CRS).reset_index(drop=True)


def orgs_at_site(cat: Catalogue, site_id: str, include_parks: bool = True) -> gpd.GeoDataFrame:
    """Organizations placed at the site (and at its parks)."""
    ids = site_family(cat, site_id) if include_parks else [site_id]
    return cat.organizations[cat.organizations["site_id"].isin(ids)].reset_index(drop=True)


def nearest_orgs(cat: Catalogue, site_id: str, n: int = 5) -> gpd.GeoDataFrame:
    """The n located organizations closest to a site, with distance_km."""
    if n < 1:
        raise InvalidQueryError("n must be at least 1")
    origin = site_point(cat, site_id)
    orgs = cat.organizations[cat.organizations.geometry.notna()].copy()
    orgs["distance_km"] = distances_km(orgs, origin)
    return orgs.sort_values("distance_km").head(n).reset_index(drop=True)


# ------------------------------------------------------------------ geometry


def site_point(cat: Catalogue, site_id: str) -> Point:
    """The site's point; raises InvalidQueryError for an unknown or unlocated site."""
    row = cat.sites.loc[cat.sites["id"] == site_id]
    if row.empty:
        raise InvalidQueryError(f"no site with id {site_id!r}")
    geom = row.geometry.iloc[0]
    if geom is None:
        raise InvalidQueryError(f"site {row['name_zh'].iloc[0]} ({site_id}) has no known location")
    return geom


def distances_km(gdf: gpd.GeoDataFrame, origin: Point) -> pd.Series:
    """Distance of each geometry to ``origin`` (EPSG:4326), measured in UTM 48N, in km."""
    projected = gdf.geometry.to_crs(PROJECTED_CRS)
    origin_projected = gpd.GeoSeries([origin], crs=CRS).to_crs(PROJECTED_CRS).iloc[0]
    return projected.distance(origin_projected) / 1000.0


# --------------------------------------------------------------- site search


def matching_links(links: pd.DataFrame, include_goals: bool = False) -> pd.DataFrame:
    """The links a filter counts: hosting roles (依托, 主导 …), and goals or plans only when asked.

    A goal ("打造成为西部陶都") says what a site should become, not what it hosts.
    """
    classes = HOSTING_ROLE_CLASSES + (("goal", "planned") if include_goals else ())
    return links[links["role_class"].isin(classes)]


def industries_of_scope(cat: Catalogue, scope_id: str) -> pd.DataFrame:
    """Industries a document lists for a whole scope (e.g. 兰州市's 卡脖子 fields, scope 620100)."""
    ind = cat.industries
    return ind[ind["scope_id"] == str(scope_id)].reset_index(drop=True)


# --------------------------------------------------------- indicators, projects


@dataclass(frozen=True)
class IndicatorQuery:
    """Indicators (targets and achieved figures) of some scopes, of one kind, of one year."""

    scope_ids: tuple[str, ...] = ()
    kind: str | None = None
    year: int | None = None

    def run(self, cat: Catalogue) -> pd.DataFrame:
        """The matching indicators, in the table's order."""
        df = cat.indicators
        if self.scope_ids:
            df = df[df["scope_id"].isin(self.scope_ids)]
        if self.kind:
            df = df[df["kind"] == self.kind]
        if self.year is not None:
            df = df[df["year"] == self.year]
        return df.reset_index(drop=True)

    def describe(self, cat: Catalogue, lang: str = "zh") -> str:
        """Say what the query selects, in ``lang``."""
        parts = []
        if self.scope_ids:
            parts.append(scope_names(cat, self.scope_ids, lang))
        if self.kind:
            parts.append({"target": "目标", "actual": "实绩"}[self.kind] if lang == "zh" else self.kind + "s")
        if self.year is not None:
            parts.append(f"{self.year}年" if lang == "zh" else str(self.year))
        head = "指标" if lang == "zh" else "Indicators"
        return head + (
            "：" + "，".join(parts) if lang == "zh" and parts else (": " + ", ".join(parts) if parts else "")
        )


def scope_names(cat: Catalogue, scope_ids, lang: str) -> str:
    """The scopes' names, listed the way ``lang`` lists them."""
    sep = "、" if lang == "zh" else ", "
    return sep.join(scope_name(cat, s, lang) for s in scope_ids)


def scope_name(cat: Catalogue, scope_id: str, lang: str) -> str:
    """The name of an indicator's scope (a site or an area), or the id itself when unknown."""
    zh, en = cat.scope_labels.get(scope_id, (scope_id, scope_id))
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class ProjectQuery:
    """Named projects, all or those of one site (and its parks)."""

    site_id: str | None = None
    include_parks: bool = True

    def run(self, cat: Catalogue) -> pd.DataFrame:
        """The matching projects, in the table's order."""
        df = cat.projects
        if self.site_id:
            ids = site_family(cat, self.site_id) if self.include_parks else [self.site_id]
            df = df[df["site_id"].isin(ids)]
        return df.reset_index(drop=True)

    def describe(self, cat: Catalogue, lang: str = "zh") -> str:
        """Say what the query selects, in ``lang``."""
        if not self.site_id:
            return "全部项目" if lang == "zh" else "All projects"
        name = _names(cat.sites, [self.site_id], lang)
        return f"{name}的项目" if lang == "zh" else f"Projects at {name}"
