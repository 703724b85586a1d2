"""What a site profile and a chain brief say, gathered from the catalogue (no words, no layout).

:func:`site_profile` collects one site's parent and members, industries, organizations (placed
there or tied to its industries, each with how), projects and indicators; :func:`chain_brief`
does the same for one industry chain across both cities. Every row keeps its ``source_id`` and
``quote``. :mod:`geo.reports.tables` turns these into tables in Chinese or English.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from .. import chains
from .. import queries as q
from ..errors import UnknownNameError
from ..load import Catalogue
from ..schema import CRS

TIE_COLUMNS = ["tie", "tie_site_id", "tie_industry_id", "tie_role", "tie_source_id", "tie_quote"]


@dataclass
class SiteProfile:
    """What the atlas knows about one site, each fact with its source and quote."""

    site: pd.Series
    related: pd.DataFrame  # relation, site_id, role, source_id, quote
    industries: pd.DataFrame  # queries.industries_of_site
    units: gpd.GeoDataFrame  # organizations + TIE_COLUMNS, one row per tie
    projects: pd.DataFrame
    indicators: pd.DataFrame

    @property
    def site_id(self) -> str:
        """The site's id."""
        return str(self.site["id"])

    @property
    def parent_id(self) -> str:
        """The id of the site it belongs to, or ''."""
        parent = self.related.loc[self.related["relation"] == "parent", "site_id"]
        return str(parent.iloc[0]) if len(parent) else ""

    @property
    def located(self) -> bool:
        """Whether the site has a known location."""
        return self.site["geometry"] is not None


@dataclass
class ChainBrief:
    """What the atlas knows about one chain (or industry) across both cities."""

    chain: pd.Series
    industries: pd.DataFrame  # the industries of the documents that belong to the chain
    hosts: pd.DataFrame  # site_industries rows of those industries, with the site's name and city
    sites: gpd.GeoDataFrame  # the hosting sites, once each
    units: gpd.GeoDataFrame  # organizations + TIE_COLUMNS

    @property
    def chain_id(self) -> str:
        """The chain's id."""
        return str(self.chain["id"])


def resolve_site(cat: Catalogue, text: str) -> str:
    """A site id from an id, a name or an alias; raises UnknownNameError with suggestions."""
    if (cat.sites["id"] == text).any():
        return text
    return cat.names.resolve(text, "site").id


def site_row(cat: Catalogue, site_id: str) -> pd.Series:
    """The site's row; raises UnknownNameError (with suggestions) for an unknown id."""
    rows = cat.sites.loc[cat.sites["id"] == site_id]
    if rows.empty:
        raise UnknownNameError("site", site_id, cat.names.suggest(site_id, "site"))
    return rows.iloc[0]


def site_profile(cat: Catalogue, site_id: str) -> SiteProfile:
    """Everything the atlas knows about one site, each fact with its source and quote."""
    site = site_row(cat, site_id)
    industries = q.industries_of_site(cat, site_id)
    return SiteProfile(
        site=site,
        related=related_sites(cat, site),
        industries=industries,
        units=site_units(cat, site_id, industries),
        projects=q.ProjectQuery(site_id).run(cat),
        indicators=q.IndicatorQuery((site_id,)).run(cat),
    )


def related_sites(cat: Catalogue, site: pd.Series) -> pd.DataFrame:
    """Parent, parks below the site, members of it (memberships) and groups it belongs to."""
    rows = []
    if site["parent_id"]:
        rows.append(
            dict(
                relation="parent", site_id=site["parent_id"], role="", source_id=site["source_id"], quote=site["quote"]
            )
        )
    for _, child in cat.sites[cat.sites["parent_id"] == site["id"]].iterrows():
        rows.append(
            dict(relation="child", site_id=child["id"], role="", source_id=child["source_id"], quote=child["quote"])
        )
    m = cat.memberships
    m = m[m["member_id"].isin(cat.sites["id"])]  # units tied to a site are listed with its units
    for _, link in m[m["group_id"] == site["id"]].iterrows():
        relation = "partner" if link["role_class"] == "partner" else "member"
        rows.append(
            dict(
                relation=relation,
                site_id=link["member_id"],
                role=link["role"],
                source_id=link["source_id"],
                quote=link["quote"],
            )
        )
    for _, link in m[m["member_id"] == site["id"]].iterrows():
        relation = "partner" if link["role_class"] == "partner" else "group"
        rows.append(
            dict(
                relation=relation,
                site_id=link["group_id"],
                role=link["role"],
                source_id=link["source_id"],
                quote=link["quote"],
            )
        )
    return pd.DataFrame(rows, columns=["relation", "site_id", "role", "source_id", "quote"])


def site_units(cat: Catalogue, site_id: str, industries: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Organizations placed at the site (or its parks) and those tied to the site's industries.

    Also those tied to the industries' sub-industries: one row per tie, saying how.
    """
    industries = q.industries_of_site(cat, site_id) if industries is None else industries
    at = q.orgs_at_site(cat, site_id).copy()
    at["tie"], at["tie_site_id"], at["tie_industry_id"], at["tie_role"] = "at", at["site_id"], "", ""
    at["tie_source_id"], at["tie_quote"] = at["source_id"], at["quote"]
    family = set().union(*(q.industry_family(cat, i) for i in industries["id"])) if len(industries) else set()
    return _concat_units(at, _tied_units(cat, family), _partner_units(cat, site_id))


def _partner_units(cat: Catalogue, site_id: str) -> pd.DataFrame:
    """Units a document ties to the site itself (e.g. 深度合作 with 兰州高新区), from memberships."""
    m = cat.memberships
    links = m[(m["group_id"] == site_id) & m["member_id"].isin(cat.organizations["id"])]
    links = links.rename(
        columns={"member_id": "id", "role": "tie_role", "source_id": "tie_source_id", "quote": "tie_quote"}
    )[["id", "tie_role", "tie_source_id", "tie_quote"]]
    tied = cat.organizations.merge(links, on="id", how="inner")
    tied["tie"], tied["tie_site_id"], tied["tie_industry_id"] = "partner", site_id, ""
    return tied


def _tied_units(cat: Catalogue, industry_ids: set[str]) -> pd.DataFrame:
    links = cat.org_industries[cat.org_industries["industry_id"].isin(industry_ids)]
    links = links.rename(
        columns={
            "org_id": "id",
            "industry_id": "tie_industry_id",
            "role": "tie_role",
            "source_id": "tie_source_id",
            "quote": "tie_quote",
        }
    )
    tied = cat.organizations.merge(links, on="id", how="inner")
    tied["tie"], tied["tie_site_id"] = "industry", ""
    return tied


def _concat_units(*frames: pd.DataFrame) -> gpd.GeoDataFrame:
    cols = list(frames[0].columns.drop("geometry", errors="ignore")) + ["geometry"]
    cols = list(dict.fromkeys([c for c in cols if c != "geometry"] + TIE_COLUMNS)) + ["geometry"]
    out = (
        pd.concat([f[cols] for f in frames if len(f)], ignore_index=True)
        if any(len(f) for f in frames)
        else pd.DataFrame(columns=cols)
    )
    out = out.drop_duplicates(subset=["id", "tie", "tie_site_id", "tie_industry_id", "tie_role"])
    return gpd.GeoDataFrame(out, geometry="geometry", crs=CRS).reset_index(drop=True)


def chain_brief(cat: Catalogue, industry_id: str, include_goals: bool = False) -> ChainBrief:
    """One chain (or any industry with its sub-industries) across both cities.

    The sites hosting it (and those aiming at it, with ``include_goals``) and the units behind it
    are :func:`geo.chains.hosts` and :func:`geo.chains.units`, as on the chains page.
    """
    ind = cat.industries
    chain_rows = ind.loc[ind["id"] == industry_id]
    if chain_rows.empty:
        raise UnknownNameError("industry", industry_id, cat.names.suggest(industry_id, "industry"))
    family = q.industry_family(cat, industry_id)
    members = ind[ind["id"].isin(family - {industry_id}) | ((ind["id"] == industry_id) & (ind["system"] != "chain"))]
    sites = chains.hosts(cat, (industry_id,), include_goals=include_goals).drop(columns="matched_industries")
    links = q.matching_links(cat.site_industries, include_goals)
    links = links[links["industry_id"].isin(family) & links["site_id"].isin(sites["id"])]
    site_cols = ["id", "name_zh", "name_en", "kind", "city", "geometry_quality", "error_km"]
    hosts = links.merge(cat.sites[site_cols].rename(columns={"id": "site_id"}), on="site_id", how="left")
    tied = _tied_units(cat, family)
    return ChainBrief(
        chain=chain_rows.iloc[0],
        industries=members.reset_index(drop=True),
        hosts=hosts.reset_index(drop=True),
        sites=sites,
        units=_concat_units(tied[tied["id"].isin(chains.units(cat, (industry_id,))["id"])]),
    )
