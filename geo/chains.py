"""Industry chains across both cities: the sites hosting them, the units behind them, summaries, gaps.

A chain is a row of system ``chain`` in the industries table; the documents' own industries
(each city's system) are mapped to chains through ``chain_ids``. The sites hosting a chain are
exactly ``SiteQuery((IndustryFilter(chains),))``: the sites tied (site_industries) to any
industry of its family by a hosting link (goals count only with ``include_goals``); its units
are ``orgs_for_industry``: the organizations tied (org_industries) to any of them. The chains
page, ``python -m geo sites --industry`` and the chain brief (:mod:`geo.reports.profile`) all
read them here. Every row keeps the link's ``source_id`` and ``quote``.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from . import queries as q
from .filters import CityFilter, IndustryFilter, SiteQuery
from .load import Catalogue
from .schema import CRS

CHAIN_SYSTEM = "chain"
RESEARCH_KINDS = ("university", "institute")
NOT_A_PARK = ("program",)  # programmes group parks; "a park hosting one chain" skips them


def chain_vocabulary(cat: Catalogue) -> pd.DataFrame:
    """The cross-city chains (industries of system 'chain'), in file order."""
    return cat.industries[cat.industries["system"] == CHAIN_SYSTEM].reset_index(drop=True)


def chain_name(cat: Catalogue, chain_id: str, lang: str) -> str:
    """The chain's (or industry's) name in ``lang``; the id itself when unknown."""
    rows = cat.industries[cat.industries["id"] == chain_id]
    if not len(rows):
        return chain_id
    row = rows.iloc[0]
    return str(row["name_zh"] if lang == "zh" else (row["name_en"] or row["name_zh"]))


def hosts(cat, chain_ids, city: str = "", include_goals: bool = False) -> gpd.GeoDataFrame:
    """Sites hosting any of the chains (in ``city`` if given).

    ``SiteQuery`` with ``IndustryFilter`` (adds ``matched_industries``); goal links ("打造成为…") count only with ``include_goals``.
    """
    extra = (CityFilter(city),) if city else ()
    return SiteQuery((IndustryFilter(tuple(chain_ids), include_goals), *extra)).run(cat)


def units(cat: Catalogue, chain_ids) -> gpd.GeoDataFrame:
    """The organizations behind any of the chains (``orgs_for_industry``), once each."""
    found = [q.orgs_for_industry(cat, c) for c in chain_ids]
    if not found:
        return cat.organizations.iloc[0:0]
    return gpd.GeoDataFrame(pd.concat(found).drop_duplicates("id"), geometry="geometry", crs=CRS).reset_index(drop=True)


def hosts_by_chain(cat, city: str = "", include_goals: bool = False) -> dict[str, list[str]]:
    """Chain id -> ids of the sites hosting it, for every chain of the vocabulary."""
    return {c: list(hosts(cat, (c,), city, include_goals)["id"]) for c in chain_vocabulary(cat)["id"]}


def chains_of_site(hosts: dict[str, list[str]]) -> dict[str, list[str]]:
    """Site id -> the chains it hosts (the inverse of :func:`hosts_by_chain`'s answer)."""
    out: dict[str, list[str]] = {}
    for chain, sites in hosts.items():
        for site in sites:
            out.setdefault(site, []).append(chain)
    return out


def chain_industries(cat, chain_id: str) -> pd.DataFrame:
    """The documents' industries the chain groups (its family, without the chain itself).

    ``direct`` is True when the industry names the chain in its own ``chain_ids``; False when
    it belongs through a parent that does.
    """
    family = q.industry_family(cat, chain_id) - {chain_id}
    ind = cat.industries
    out = ind[ind["id"].isin(family)].copy()
    out["direct"] = out["chain_ids"].map(lambda ids: chain_id in ids)
    names = ind.set_index("id")
    out["parent_zh"] = out["parent_id"].map(lambda p: names["name_zh"].get(p, "") if p else "")
    out["parent_en"] = out["parent_id"].map(lambda p: names["name_en"].get(p, "") if p else "")
    out.insert(0, "chain_id", chain_id)
    return out.sort_values("system", kind="stable").reset_index(drop=True)


SITE_COLUMNS = [
    "chain_id",
    "site_id",
    "name_zh",
    "name_en",
    "kind",
    "city",
    "industry_id",
    "industry_zh",
    "industry_en",
    "system",
    "role",
    "source_id",
    "quote",
    "lat",
    "lon",
    "geometry_quality",
    "location_method",
    "error_km",
    "geometry_source",
    "county_code",
    "geometry",
]
UNIT_COLUMNS = [
    "chain_id",
    "org_id",
    "name_zh",
    "name_en",
    "kind",
    "city",
    "site_id",
    "industry_id",
    "industry_zh",
    "industry_en",
    "system",
    "role",
    "source_id",
    "quote",
    "lat",
    "lon",
    "geometry_quality",
    "location_method",
    "error_km",
    "geometry_source",
    "county_code",
    "geometry",
]


def _with_industry(links: pd.DataFrame, cat) -> pd.DataFrame:
    ind = cat.industries[["id", "name_zh", "name_en", "system"]].rename(
        columns={"id": "industry_id", "name_zh": "industry_zh", "name_en": "industry_en"}
    )
    return links.merge(ind, on="industry_id", how="left")


def chain_sites(cat, chain_id: str, city: str = "", include_goals: bool = False) -> gpd.GeoDataFrame:
    """One row per tie of a host site to an industry of the chain (role, source, quote).

    With the site's location, in the sites table's order. The sites are those of
    ``SiteQuery((IndustryFilter((chain_id,)),))`` (and of ``CityFilter(city)`` when a city is given).
    """
    host_ids = hosts(cat, (chain_id,), city, include_goals)["id"]
    links = q.matching_links(cat.site_industries, include_goals)
    return _ties(cat, chain_id, cat.sites, links, "site_id", host_ids, SITE_COLUMNS)


def chain_units(cat, chain_id: str) -> gpd.GeoDataFrame:
    """One row per tie of a unit to an industry of the chain.

    The units are exactly ``orgs_for_industry(cat, chain_id)``.
    """
    units = q.orgs_for_industry(cat, chain_id)["id"]
    return _ties(cat, chain_id, cat.organizations, cat.org_industries, "org_id", units, UNIT_COLUMNS)


def _ties(
    cat, chain_id: str, table: gpd.GeoDataFrame, links: pd.DataFrame, key: str, ids, columns: list[str]
) -> gpd.GeoDataFrame:
    """The rows of ``table`` whose id is in ``ids``, once per tie to an industry of the chain's family.

    The ties are ``links``, keyed by ``key``; the tie's source and quote replace the row's own.
    """
    family = q.industry_family(cat, chain_id)
    links = _with_industry(links[links[key].isin(ids) & links["industry_id"].isin(family)], cat)
    rows = table.drop(columns=["source_id", "quote"]).rename(columns={"id": key})
    out = rows.merge(links, on=key, how="inner")  # an inner merge keeps the table's order
    out["chain_id"] = chain_id
    return gpd.GeoDataFrame(out[columns], geometry="geometry", crs=CRS).reset_index(drop=True)


@dataclass(frozen=True)
class ChainSummary:
    """How well one chain is covered: host sites (and located ones), cities, units, document industries."""

    chain_id: str
    sites: int
    located: int
    cities: tuple[str, ...]
    units: int
    research: int
    industries: int


def summaries(cat, chain_ids=None, city: str = "", include_goals: bool = False) -> list[ChainSummary]:
    """A :class:`ChainSummary` per chain (every chain of the vocabulary when none are given)."""
    out = []
    for chain in list(chain_ids) if chain_ids else list(chain_vocabulary(cat)["id"]):
        sites = hosts(cat, (chain,), city, include_goals)
        units = q.orgs_for_industry(cat, chain)
        out.append(
            ChainSummary(
                chain,
                len(sites),
                int(sites.geometry.notna().sum()),
                tuple(sorted(c for c in set(sites["city"]) if c)),
                len(units),
                int(units["kind"].isin(RESEARCH_KINDS).sum()),
                len(q.industry_family(cat, chain) - {chain}),
            )
        )
    return out


@dataclass(frozen=True)
class Gap:
    """One finding about a chain.

    ``kind`` is no_site, no_located_site, one_city, no_unit, no_research or single_chain_site;
    ``site_id`` names the site for single_chain_site, ``detail`` the city.
    """

    kind: str
    chain_id: str
    site_id: str = ""
    detail: str = ""


def find_gaps(cat, chain_ids, include_goals: bool = False) -> list[Gap]:
    """The weak spots of the chosen chains, across both cities, in a stable order."""
    per_site = chains_of_site(hosts_by_chain(cat, include_goals=include_goals))
    gaps: list[Gap] = []
    for chain in chain_ids:
        host_rows = hosts(cat, (chain,), include_goals=include_goals).set_index("id")
        units = q.orgs_for_industry(cat, chain)
        if host_rows.empty:
            gaps.append(Gap("no_site", chain))
        elif host_rows.geometry.notna().sum() == 0:
            gaps.append(Gap("no_located_site", chain))
        cities = sorted(c for c in set(host_rows["city"]) if c)
        if len(cities) == 1:
            gaps.append(Gap("one_city", chain, detail=cities[0]))
        if units.empty:
            gaps.append(Gap("no_unit", chain))
        elif not units["kind"].isin(RESEARCH_KINDS).any():
            gaps.append(Gap("no_research", chain))
        for site, row in host_rows.iterrows():
            if row["kind"] not in NOT_A_PARK and per_site.get(site) == [chain]:
                gaps.append(Gap("single_chain_site", chain, site_id=site))
    return gaps


def unlocated_hosts(cat, chain_ids, city: str = "", include_goals: bool = False) -> gpd.GeoDataFrame:
    """Host sites of the chosen chains that have no location (listed beside the map, never dropped)."""
    if not chain_ids:
        return cat.sites.iloc[0:0]
    found = hosts(cat, chain_ids, city, include_goals)
    return found[found.geometry.isna()].reset_index(drop=True)
