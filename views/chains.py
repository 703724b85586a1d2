"""产业链: the cross-city chains — the sites hosting them, the units behind them, the gaps, the map.

Plain functions, no Streamlit. A chain is a row of system ``chain`` in the industries
table; the documents' own industries (each city's system) are mapped to chains through
``chain_ids``. Everything here derives from the geo queries, so the page shows exactly
what ``SiteQuery((IndustryFilter(chains),))`` and ``orgs_for_industry`` say: the sites
hosting a chain are the sites tied (site_industries) to any industry of its family; its
units are the organizations tied (org_industries) to any of them. Every row keeps the
link's ``source_id`` and ``quote``. The chain diagram (Sankey) is in :mod:`views.sankey`.
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo import queries as q
from geo.schema import CRS
from views.i18n import accuracy_text, city_label, join_names, kind_label, name, role_label, tr
from views.maps import (BuiltMap, MapOptions, add_lit_sites, add_orgs, add_sites, finish, fit_to, lit_legend, new_map,
                        swatch)

CHAIN_SYSTEM = "chain"
RESEARCH_KINDS = ("university", "institute")
NOT_A_PARK = ("program",)  # programmes group parks; "a park hosting one chain" skips them
UNIT_SWATCH = "#436978"  # the fill of a unit's marker (cadetblue, as most units are enterprises)

SYSTEM_LABELS = {  # system -> (full name, short name), zh then en
    "baiyin-4+5+1": (("白银“4+5+1”产业体系", "白银4+5+1"), ("Baiyin “4+5+1” industry system", "Baiyin 4+5+1")),
    "lanzhou-hitech-1+1+3": (("兰州高新区“一主一特三集群”", "兰州高新区1+1+3"),
                             ("Lanzhou Hi-tech Zone “1+1+3”", "Lanzhou HTZ 1+1+3")),
    "lanzhou-new-area": (("兰州新区优势产业", "兰州新区"), ("Lanzhou New Area strengths", "Lanzhou New Area")),
    "lanzhou-city": (("兰州市关键技术领域", "兰州市"), ("Lanzhou city key technology fields", "Lanzhou city")),
    "lanbai-pilot-2018": (("兰白试验区2018年工作要点", "兰白试验区2018"), ("Lanbai Pilot Zone 2018 work points", "Lanbai pilot 2018")),
}

LABELS = {
    "site": ("园区", "Site"), "unit": ("单位", "Unit"), "kind": ("类型", "Kind"), "city": ("城市", "City"),
    "industry": ("文件中的产业", "Industry in the document"), "system": ("产业体系", "Industry system"),
    "parent": ("上级产业", "Parent industry"), "mapped": ("归入方式", "Mapped"),
    "direct": ("直接归入", "directly"), "via_parent": ("随上级归入", "through its parent"),
    "role": ("角色", "Role"), "quote": ("原文", "Quote"), "source": ("来源", "Source"),
    "location": ("位置", "Location"), "placed_at": ("所在园区", "Placed at"),
    "chain": ("产业链", "Chain"), "sites": ("承载园区", "Host sites"), "located": ("已定位", "Located"),
    "cities": ("城市", "Cities"), "units": ("单位", "Units"), "research": ("高校院所", "Universities & institutes"),
    "industries": ("文件产业", "Document industries"), "gaps": ("空白与薄弱环节", "Gaps"),
    "unknown": ("未知", "unknown"), "none": ("无", "none"),
    # gap findings
    "gap_no_site": ("“{chain}”：没有任何园区承载（文件中无对应的园区）。",
                    "“{chain}”: no site hosts it (the documents tie it to no site)."),
    "gap_no_located_site": ("“{chain}”：承载园区均无位置，地图上无法显示（{sites}）。",
                            "“{chain}”: none of its host sites has a known location, so none is on the map ({sites})."),
    "gap_one_city": ("“{chain}”：只在{city}有承载园区。", "“{chain}”: hosted in {city} only."),
    "gap_no_unit": ("“{chain}”：文件未列出任何支撑单位（高校院所或企业）。",
                    "“{chain}”: the documents name no unit (university, institute or enterprise) behind it."),
    "gap_no_research": ("“{chain}”：支撑单位中没有高校或科研院所。",
                        "“{chain}”: none of the units behind it is a university or institute."),
    "gap_single_chain_site": ("{kind}“{site}”只承载一条产业链（{chain}）。",
                              "{kind} “{site}” hosts one chain only ({chain})."),
    # map
    "layer_hosts": ("承载所选产业链的园区", "Sites hosting the chosen chains"),
    "layer_units": ("产业链相关单位", "Units behind the chosen chains"),
    "legend_hosts": ("承载所选产业链", "hosts a chosen chain"),
    "legend_units": ("相关单位（有位置者）", "unit behind a chain (located ones)"),
    "hosts_chains": ("产业链：{names}", "Chains: {names}"),
}


def system_label(system: str, lang: str, short: bool = False) -> str:
    pair = SYSTEM_LABELS.get(system)
    return pair[0 if lang == "zh" else 1][1 if short else 0] if pair else system


# ------------------------------------------------------------- who and what


def chain_vocabulary(cat) -> pd.DataFrame:
    """The cross-city chains (industries of system 'chain'), in file order."""
    return cat.industries[cat.industries["system"] == CHAIN_SYSTEM].reset_index(drop=True)


def chain_name(cat, chain_id: str, lang: str) -> str:
    rows = cat.industries[cat.industries["id"] == chain_id]
    return name(rows.iloc[0], lang) if len(rows) else chain_id


def hosts(cat, chain_ids, city: str = "", include_goals: bool = False) -> gpd.GeoDataFrame:
    """Sites hosting any of the chains (in ``city`` if given): ``SiteQuery`` with ``IndustryFilter``;
    goal links ("打造成为…") count only with ``include_goals``."""
    extra = (q.CityFilter(city),) if city else ()
    return q.SiteQuery((q.IndustryFilter(tuple(chain_ids), include_goals), *extra)).run(cat)


def hosts_by_chain(cat, city: str = "") -> dict[str, list[str]]:
    """Chain id -> ids of the sites hosting it, for every chain of the vocabulary."""
    return {c: list(hosts(cat, (c,), city)["id"]) for c in chain_vocabulary(cat)["id"]}


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


SITE_COLUMNS = ["chain_id", "site_id", "name_zh", "name_en", "kind", "city", "industry_id", "industry_zh",
                "industry_en", "system", "role", "source_id", "quote", "lat", "lon", "geometry_quality",
                "location_method", "error_km", "geometry_source", "county_code", "geometry"]
UNIT_COLUMNS = ["chain_id", "org_id", "name_zh", "name_en", "kind", "city", "site_id", "industry_id", "industry_zh",
                "industry_en", "system", "role", "source_id", "quote", "lat", "lon", "geometry_quality",
                "location_method", "error_km", "geometry_source", "county_code", "geometry"]


def _with_industry(links: pd.DataFrame, cat) -> pd.DataFrame:
    ind = cat.industries[["id", "name_zh", "name_en", "system"]].rename(
        columns={"id": "industry_id", "name_zh": "industry_zh", "name_en": "industry_en"})
    return links.merge(ind, on="industry_id", how="left")


def chain_sites(cat, chain_id: str, city: str = "", include_goals: bool = False) -> gpd.GeoDataFrame:
    """One row per tie of a host site to an industry of the chain (role, source, quote), with the
    site's location, in the sites table's order. The sites are those of
    ``SiteQuery((IndustryFilter((chain_id,)),))`` (and of ``CityFilter(city)`` when a city is given)."""
    host_ids = hosts(cat, (chain_id,), city, include_goals)["id"]
    links = q.matching_links(cat.site_industries, include_goals)
    return _ties(cat, chain_id, cat.sites, links, "site_id", host_ids, SITE_COLUMNS)


def chain_units(cat, chain_id: str) -> gpd.GeoDataFrame:
    """One row per tie of a unit to an industry of the chain; the units are exactly
    ``orgs_for_industry(cat, chain_id)``."""
    units = q.orgs_for_industry(cat, chain_id)["id"]
    return _ties(cat, chain_id, cat.organizations, cat.org_industries, "org_id", units, UNIT_COLUMNS)


def _ties(cat, chain_id: str, table: gpd.GeoDataFrame, links: pd.DataFrame, key: str, ids,
          columns: list[str]) -> gpd.GeoDataFrame:
    """The rows of ``table`` whose id is in ``ids``, once per tie (``links``, keyed by ``key``) to an
    industry of the chain's family; the tie's source and quote replace the row's own."""
    family = q.industry_family(cat, chain_id)
    links = _with_industry(links[links[key].isin(ids) & links["industry_id"].isin(family)], cat)
    rows = table.drop(columns=["source_id", "quote"]).rename(columns={"id": key})
    out = rows.merge(links, on=key, how="inner")  # an inner merge keeps the table's order
    out["chain_id"] = chain_id
    return gpd.GeoDataFrame(out[columns], geometry="geometry", crs=CRS).reset_index(drop=True)


# ------------------------------------------------------------ display tables


def site_rows(sites: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A host-site table for people: names, kind, city, the tie (industry, role, quote, source), location."""
    L = lambda k: tr(LABELS, k, lang)  # noqa: E731 - short alias keeps the column list readable
    return pd.DataFrame({
        L("site"): [name(r, lang) for _, r in sites.iterrows()],
        L("kind"): [kind_label(k, lang) for k in sites["kind"]],
        L("city"): [city_label(c, lang) if c else L("unknown") for c in sites["city"]],
        L("industry"): [_industry_text(r, lang) for _, r in sites.iterrows()],
        L("role"): [role_label(r, lang) for r in sites["role"]],
        L("quote"): list(sites["quote"]),
        L("source"): list(sites["source_id"]),
        L("location"): [accuracy_text(r, lang) for _, r in sites.iterrows()],
    })


def unit_rows(units: pd.DataFrame, lang: str, cat=None) -> pd.DataFrame:
    """A unit table for people, one row per tie, with where the unit is placed when known."""
    L = lambda k: tr(LABELS, k, lang)  # noqa: E731
    site_names = {} if cat is None else {r["id"]: name(r, lang) for _, r in cat.sites.iterrows()}
    return pd.DataFrame({
        L("unit"): [name(r, lang) for _, r in units.iterrows()],
        L("kind"): [kind_label(k, lang) for k in units["kind"]],
        L("city"): [city_label(c, lang) if c else L("unknown") for c in units["city"]],
        L("placed_at"): [site_names.get(s, s) if s else "" for s in units["site_id"]],
        L("industry"): [_industry_text(r, lang) for _, r in units.iterrows()],
        L("role"): [role_label(r, lang) for r in units["role"]],
        L("quote"): list(units["quote"]),
        L("source"): list(units["source_id"]),
        L("location"): [accuracy_text(r, lang) for _, r in units.iterrows()],
    })


def _industry_text(row, lang: str) -> str:
    label = row["industry_zh"] if lang == "zh" else row["industry_en"]
    return f"{label}（{system_label(row['system'], lang, short=True)}）" if lang == "zh" else \
        f"{label} ({system_label(row['system'], lang, short=True)})"


def industry_rows(industries: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The document industries a chain groups, by system, with how each is mapped and its quote."""
    L = lambda k: tr(LABELS, k, lang)  # noqa: E731
    return pd.DataFrame({
        L("system"): [system_label(s, lang) for s in industries["system"]],
        L("industry"): [name(r, lang) for _, r in industries.iterrows()],
        L("parent"): list(industries["parent_zh" if lang == "zh" else "parent_en"]),
        L("mapped"): [L("direct") if d else L("via_parent") for d in industries["direct"]],
        L("quote"): list(industries["quote"]),
        L("source"): list(industries["source_id"]),
    })


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


def summaries(cat, chain_ids=None, city: str = "") -> list[ChainSummary]:
    """A :class:`ChainSummary` per chain (every chain of the vocabulary when none are given)."""
    out = []
    for chain in (list(chain_ids) if chain_ids else list(chain_vocabulary(cat)["id"])):
        sites = hosts(cat, (chain,), city)
        units = q.orgs_for_industry(cat, chain)
        out.append(ChainSummary(chain, len(sites), int(sites.geometry.notna().sum()),
                                tuple(sorted(c for c in set(sites["city"]) if c)), len(units),
                                int(units["kind"].isin(RESEARCH_KINDS).sum()),
                                len(q.industry_family(cat, chain) - {chain})))
    return out


def summary_rows(cat, lang: str, chain_ids=None, city: str = "") -> pd.DataFrame:
    """One row per chain, for people: :func:`summaries` with translated headers."""
    L = lambda k: tr(LABELS, k, lang)  # noqa: E731
    rows = summaries(cat, chain_ids, city)
    return pd.DataFrame({
        L("chain"): [chain_name(cat, s.chain_id, lang) for s in rows],
        L("sites"): [s.sites for s in rows],
        L("located"): [s.located for s in rows],
        L("cities"): [join_names((city_label(c, lang) for c in s.cities), lang) or L("none") for s in rows],
        L("units"): [s.units for s in rows],
        L("research"): [s.research for s in rows],
        L("industries"): [s.industries for s in rows],
    })


# ---------------------------------------------------------------------- gaps


@dataclass(frozen=True)
class Gap:
    """One finding: ``kind`` is no_site, no_located_site, one_city, no_unit, no_research or
    single_chain_site; ``site_id`` names the site for single_chain_site, ``detail`` the city."""

    kind: str
    chain_id: str
    site_id: str = ""
    detail: str = ""


def find_gaps(cat, chain_ids) -> list[Gap]:
    """The weak spots of the chosen chains, across both cities, in a stable order."""
    per_site = chains_of_site(hosts_by_chain(cat))
    gaps: list[Gap] = []
    for chain in chain_ids:
        host_rows = hosts(cat, (chain,)).set_index("id")
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


def gap_text(cat, gap: Gap, lang: str) -> str:
    chain = chain_name(cat, gap.chain_id, lang)
    if gap.kind == "single_chain_site":
        row = cat.sites[cat.sites["id"] == gap.site_id].iloc[0]
        return tr(LABELS, "gap_single_chain_site", lang, kind=kind_label(row["kind"], lang),
                  site=name(row, lang), chain=chain)
    if gap.kind == "no_located_site":
        return tr(LABELS, "gap_no_located_site", lang, chain=chain,
                  sites=join_names((name(r, lang) for _, r in hosts(cat, (gap.chain_id,)).iterrows()), lang))
    return tr(LABELS, f"gap_{gap.kind}", lang, chain=chain, city=city_label(gap.detail, lang))


# ------------------------------------------------------------------------ map


def chain_map(cat, opts: MapOptions, chain_ids: tuple[str, ...] = (), city: str = "") -> BuiltMap:
    """Sites hosting the chosen chains in red (tooltips list which chains), the others as grey
    dots, the located units behind the chains, and a legend. Without chains: every site as usual."""
    m = new_map(cat, opts)
    built = BuiltMap(m)
    if not chain_ids:
        add_sites(m, built, cat.sites, opts)
        finish(m)
        return built
    lit = hosts(cat, chain_ids, city)
    lang = opts.lang
    chains_text = {r["id"]: tr(LABELS, "hosts_chains", lang, names=join_names(
        (chain_name(cat, c, lang) for c in r["matched_industries"]), lang)) for _, r in lit.iterrows()}
    add_lit_sites(m, built, cat.sites, lit["id"], opts, layer=tr(LABELS, "layer_hosts", lang), extra_text=chains_text)
    units = pd.concat([q.orgs_for_industry(cat, c) for c in chain_ids]).drop_duplicates("id")
    add_orgs(m, gpd.GeoDataFrame(units, geometry="geometry", crs=CRS), opts, layer=tr(LABELS, "layer_units", lang))
    units_item = (swatch(UNIT_SWATCH), tr(LABELS, "legend_units", lang))
    lit_legend(tr(LABELS, "legend_hosts", lang), lang, units_item).add_to(m)
    fit_to(m, lit, opts)
    finish(m)
    return built


def unlocated_hosts(cat, chain_ids, city: str = "") -> gpd.GeoDataFrame:
    """Host sites of the chosen chains that have no location (listed beside the map, never dropped)."""
    if not chain_ids:
        return cat.sites.iloc[0:0]
    found = hosts(cat, chain_ids, city)
    return found[found.geometry.isna()].reset_index(drop=True)

