"""产业链: the cross-city chains — the sites hosting them, the units behind them, the gaps.

Plain functions, no Streamlit. A chain is a row of system ``chain`` in the industries
table; the documents' own industries (each city's system) are mapped to chains through
``chain_ids``. Everything here derives from the geo queries, so the page shows exactly
what ``SiteQuery((IndustryFilter(chains),))`` and ``orgs_for_industry`` say: the sites
hosting a chain are the sites tied (site_industries) to any industry of its family; its
units are the organizations tied (org_industries) to any of them. Every row keeps the
link's ``source_id`` and ``quote``.
"""
from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
from branca.element import MacroElement
from folium.template import Template

from geo import queries as q
from geo.schema import CRS
from views.i18n import accuracy_text, city_label, kind_label, name, tr
from views.maps import BuiltMap, MapOptions, add_orgs, add_sites, esc, finish, fit_to, new_map, site_tooltip

CHAIN_SYSTEM = "chain"
RESEARCH_KINDS = ("university", "institute")
NOT_A_PARK = ("program",)  # programmes group parks; "a park hosting one chain" skips them
DIM_COLOUR = "#9e9e9e"
NODE_COLOURS = {"chain": "#8e2c2c", "industry": "#7f8c8d", "site": "#1f77b4", "unit": "#2e8b57", "gap": "#c8c8c8"}
GAP_NODE = "gap:none"  # where a branch with nothing behind it ends (drawn, so the gap shows)
SYSTEM_COLOURS = {"baiyin-4+5+1": "#d35400", "lanzhou-hitech-1+1+3": "#16a085", "lanzhou-new-area": "#2980b9",
                  "lanzhou-city": "#27ae60", "lanbai-pilot-2018": "#8e44ad"}
LONG_LABEL = 34  # Sankey labels longer than this are cut (the hover shows the whole name)

SYSTEM_LABELS = {  # system -> (full name, short name), zh then en
    "baiyin-4+5+1": (("白银“4+5+1”产业体系", "白银4+5+1"), ("Baiyin “4+5+1” industry system", "Baiyin 4+5+1")),
    "lanzhou-hitech-1+1+3": (("兰州高新区“一主一特三集群”", "兰州高新区1+1+3"),
                             ("Lanzhou Hi-tech Zone “1+1+3”", "Lanzhou HTZ 1+1+3")),
    "lanzhou-new-area": (("兰州新区优势产业", "兰州新区"), ("Lanzhou New Area strengths", "Lanzhou New Area")),
    "lanzhou-city": (("兰州市关键技术领域", "兰州市"), ("Lanzhou city key technology fields", "Lanzhou city")),
    "lanbai-pilot-2018": (("兰白试验区2018年工作要点", "兰白试验区2018"), ("Lanbai Pilot Zone 2018 work points", "Lanbai pilot 2018")),
}

ROLE_EN = {  # the documents' words for a tie; English keeps the word after the gloss
    "依托": "relies on", "服务": "serves", "西部陶都": "“ceramics capital of the west”", "主导": "leading",
    "特色": "distinctive", "集群": "cluster", "重点发展": "key development", "适时引入": "to introduce in time",
    "产业链": "industry chain", "整合升级": "integration and upgrading", "领域": "field", "重点领域": "key field",
    "成果转化": "transfer of results", "国家新材料产业基地": "national new-materials base",
    "产业转移园区": "industry-transfer park", "中以共建": "co-built with Israel", "首位产业": "first industry",
    "示范基地": "demonstration base", "优势产业": "strength", "战略性新兴产业": "strategic emerging industry",
    "产业园": "industrial park", "发挥力量": "drawn on", "产业发展重点": "development focus",
    "产业研究院": "industry research institute", "产业研究院领域": "research-institute field",
    "研究院": "research institute", "协同创新工作站": "collaborative innovation workstation", "集聚": "clustered",
    "大数据应用产业集群": "big-data application cluster",
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
    "layer_others": ("其他园区（暗显）", "Other sites (dimmed)"),
    "layer_units": ("产业链相关单位", "Units behind the chosen chains"),
    "legend_hosts": ("承载所选产业链", "hosts a chosen chain"),
    "legend_others": ("其他园区", "other site"),
    "legend_units": ("相关单位（有位置者）", "unit behind a chain (located ones)"),
    "legend_error": ("虚线圆：位置误差范围", "dashed circle: location error"),
    "hosts_chains": ("产业链：{names}", "Chains: {names}"),
    # Sankey
    "sankey_title": ("{chains}：产业链 → {middle} → 单位", "{chains}: chain → {middle} → unit"),
    "middle_industry": ("文件产业", "document industry"), "middle_site": ("园区", "site"),
    "hover_chain_industry": ("“{industry}”归入产业链“{chain}”（{system}）", "“{industry}” is mapped to “{chain}” ({system})"),
    "hover_link": ("{role} — {source}：“{quote}”", "{role} — {source}: “{quote}”"),
    "hover_site_unit": ("同属“{industry}”", "both tied to “{industry}”"),
    "hover_chain_unit": ("未与任何承载园区同属一项产业", "shares no industry with a host site"),
    "gap_node_industry": ("（文件未列出园区或单位）", "(no site or unit named)"),
    "gap_node_site": ("（无同一产业的单位）", "(no unit on the same industry)"),
    "gap_hover": ("空白：文件中没有对应的园区或单位", "A gap: the documents name nothing here"),
}


def _sep(lang: str) -> str:
    return "、" if lang == "zh" else ", "


def join_names(names, lang: str) -> str:
    """Names joined the way each language lists them (、 or a comma)."""
    return _sep(lang).join(names)


def role_label(role: str, lang: str) -> str:
    return role if lang == "zh" or role not in ROLE_EN else f"{ROLE_EN[role]} ({role})"


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


def hosts(cat, chain_ids, city: str = "") -> gpd.GeoDataFrame:
    """Sites hosting any of the chains (in ``city`` if given): ``SiteQuery`` with ``IndustryFilter``."""
    extra = (q.CityFilter(city),) if city else ()
    return q.SiteQuery((q.IndustryFilter(tuple(chain_ids)), *extra)).run(cat)


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


def chain_sites(cat, chain_id: str, city: str = "") -> gpd.GeoDataFrame:
    """One row per tie of a host site to an industry of the chain (role, source, quote), with the
    site's location. The sites are those of ``SiteQuery((IndustryFilter((chain_id,)),))`` (and of
    ``CityFilter(city)`` when a city is given)."""
    host_ids = hosts(cat, (chain_id,), city)["id"]
    family = q.industry_family(cat, chain_id)
    links = cat.site_industries
    links = _with_industry(links[links["site_id"].isin(host_ids) & links["industry_id"].isin(family)], cat)
    sites = cat.sites.drop(columns=["source_id", "quote"]).rename(columns={"id": "site_id"})
    out = sites.merge(links, on="site_id", how="inner")
    out["chain_id"] = chain_id
    order = {s: i for i, s in enumerate(cat.sites["id"])}
    out = out.sort_values("site_id", key=lambda s: s.map(order), kind="stable")
    return gpd.GeoDataFrame(out[SITE_COLUMNS], geometry="geometry", crs=CRS).reset_index(drop=True)


def chain_units(cat, chain_id: str) -> gpd.GeoDataFrame:
    """One row per tie of a unit to an industry of the chain; the units are exactly
    ``orgs_for_industry(cat, chain_id)``."""
    units = q.orgs_for_industry(cat, chain_id)["id"]
    family = q.industry_family(cat, chain_id)
    links = cat.org_industries
    links = _with_industry(links[links["org_id"].isin(units) & links["industry_id"].isin(family)], cat)
    orgs = cat.organizations.drop(columns=["source_id", "quote"]).rename(columns={"id": "org_id"})
    out = orgs.merge(links, on="org_id", how="inner")
    out["chain_id"] = chain_id
    return gpd.GeoDataFrame(out[UNIT_COLUMNS], geometry="geometry", crs=CRS).reset_index(drop=True)


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
        L("cities"): [_sep(lang).join(city_label(c, lang) for c in s.cities) or L("none") for s in rows],
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


# --------------------------------------------------------------------- Sankey


@dataclass
class SankeyData:
    """Nodes (id, name, label, kind, hover, colour) and links (source and target indices, value, hover).

    ``name`` is the full display name, ``label`` the name cut to :data:`LONG_LABEL` characters;
    both are plain text (the figure escapes them). Hovers are already HTML-escaped.
    """

    nodes: list[dict]
    links: list[dict]

    def node_ids(self, kind: str | None = None) -> list[str]:
        return [n["id"] for n in self.nodes if kind is None or n["kind"] == kind]

    def names(self, kind: str | None = None) -> list[str]:
        return [n["name"] for n in self.nodes if kind is None or n["kind"] == kind]

    def edges(self) -> set[tuple[str, str]]:
        """(source node id, target node id) of every link."""
        return {(self.nodes[l["source"]]["id"], self.nodes[l["target"]]["id"]) for l in self.links}


def short_label(text: str) -> str:
    return text if len(text) <= LONG_LABEL else text[:LONG_LABEL - 1] + "…"


class _Builder:
    """Collects nodes and links once each (a repeated link gathers every hover)."""

    def __init__(self):
        self.nodes: dict[str, dict] = {}
        self.links: dict[tuple[str, str], dict] = {}

    def node(self, node_id: str, label: str, kind: str, hover: str, colour: str) -> str:
        self.nodes.setdefault(node_id, dict(id=node_id, name=label, label=short_label(label), kind=kind,
                                            hover=hover, colour=colour))
        return node_id

    def link(self, source: str, target: str, hover: str) -> None:
        found = self.links.setdefault((source, target), dict(source=source, target=target, value=1.0, hover=""))
        if hover and hover not in found["hover"]:
            found["hover"] = f"{found['hover']}<br>{hover}" if found["hover"] else hover

    def data(self) -> SankeyData:
        """Nodes and links, each link into a middle node as wide as what flows out of it."""
        out_flow: dict[str, float] = {}
        for (source, _), link in self.links.items():
            out_flow[source] = out_flow.get(source, 0) + link["value"]
        position = {node_id: i for i, node_id in enumerate(self.nodes)}
        links = [dict(link, source=position[s], target=position[t], value=out_flow.get(t, link["value"]))
                 for (s, t), link in self.links.items()]
        return SankeyData(list(self.nodes.values()), links)


def _top_in_family(cat, family: set[str]) -> dict[str, str]:
    """Industry id -> its highest ancestor still in the family (rolls sub-industries up for the diagram)."""
    parent = dict(zip(cat.industries["id"], cat.industries["parent_id"]))

    def climb(i: str) -> str:
        seen = {i}
        while parent.get(i) in family and parent[i] not in seen:
            i = parent[i]
            seen.add(i)
        return i

    return {i: climb(i) for i in family}


def _hover_tie(row, lang: str) -> str:
    return tr(LABELS, "hover_link", lang, role=esc(role_label(row["role"], lang)), source=esc(row["source_id"]),
              quote=esc(row["quote"]))


def sankey_data(cat, chain_ids, lang: str = "zh", via: str = "industry", city: str = "") -> SankeyData:
    """The chain diagram's nodes and links.

    Parameters
    ----------
    via : {"industry", "site"}
        ``"industry"``: chain → document industry → host site or unit, sub-industries rolled
        up to their highest ancestor in the chain's family (the tables keep the detail).
        ``"site"``: chain → host site → unit, a site and a unit joined when both are tied to the
        same (rolled-up) industry; a unit sharing no industry with a host site hangs from the
        chain itself.
    city : str
        Only host sites in this city (units are not placed by city).

    Node ids are ``chain:<id>``, ``ind:<id>``, ``site:<id>``, ``unit:<id>``. Hovers carry each
    tie's role, source and quote.
    """
    if via not in ("industry", "site"):
        raise ValueError(f"via must be 'industry' or 'site', not {via!r}")
    b = _Builder()
    for chain in chain_ids:
        label = chain_name(cat, chain, lang)
        node = b.node(f"chain:{chain}", label, "chain", esc(label), NODE_COLOURS["chain"])
        top = _top_in_family(cat, q.industry_family(cat, chain) - {chain})
        sites, units = chain_sites(cat, chain, city), chain_units(cat, chain)
        sites["top"], units["top"] = sites["industry_id"].map(top), units["industry_id"].map(top)
        if via == "industry":
            _industry_nodes(b, cat, node, chain, set(top.values()), lang)
        for _, r in sites.iterrows():
            site = b.node(f"site:{r['site_id']}", name(r, lang), "site",
                          esc(f"{kind_label(r['kind'], lang)} · {accuracy_text(r, lang)}"), NODE_COLOURS["site"])
            b.link(f"ind:{r['top']}" if via == "industry" else node, site, _hover_tie(r, lang))
        for _, r in units.iterrows():
            unit = b.node(f"unit:{r['org_id']}", name(r, lang), "unit", esc(kind_label(r["kind"], lang)),
                          NODE_COLOURS["unit"])
            if via == "industry":
                b.link(f"ind:{r['top']}", unit, _hover_tie(r, lang))
                continue
            partners = list(dict.fromkeys(sites.loc[sites["top"] == r["top"], "site_id"]))
            shared = esc(name(cat.industries.set_index("id").loc[r["top"]], lang))
            for site in partners:
                b.link(f"site:{site}", unit, tr(LABELS, "hover_site_unit", lang, industry=shared))
            if not partners:
                b.link(node, unit, tr(LABELS, "hover_chain_unit", lang))
    _close_dead_ends(b, "ind:" if via == "industry" else "site:", tr(LABELS, f"gap_node_{via}", lang), lang)
    return b.data()


def _close_dead_ends(b: _Builder, middle: str, label: str, lang: str) -> None:
    """Lead every middle node (and chain) with nothing behind it to one grey gap node.

    Without it plotly draws such a node in the last column, among the units, as if it were one.
    """
    sources = {source for source, _ in b.links}
    dead = [n for n in b.nodes if (n.startswith(middle) or n.startswith("chain:")) and n not in sources]
    for node in dead:
        b.node(GAP_NODE, label, "gap", esc(tr(LABELS, "gap_hover", lang)), NODE_COLOURS["gap"])
        b.link(node, GAP_NODE, "")


def _industry_nodes(b: _Builder, cat, chain_node: str, chain: str, tops: set[str], lang: str) -> None:
    """The chain's (rolled-up) document industries, in file order, each linked from the chain."""
    for _, row in cat.industries[cat.industries["id"].isin(tops)].iterrows():
        label = f"{name(row, lang)} · {system_label(row['system'], lang, short=True)}"
        b.node(f"ind:{row['id']}", label, "industry", esc(label),
               SYSTEM_COLOURS.get(row["system"], NODE_COLOURS["industry"]))
        b.link(chain_node, f"ind:{row['id']}", tr(
            LABELS, "hover_chain_industry", lang, industry=esc(name(row, lang)),
            chain=esc(chain_name(cat, chain, lang)), system=esc(system_label(row["system"], lang))))


def sankey_figure(data: SankeyData, title: str = "") -> go.Figure:
    """A plotly Sankey of :func:`sankey_data`, tall enough for its labels to stay readable."""
    leaves = sum(1 for n in data.nodes if n["kind"] in ("site", "unit"))
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=[esc(n["label"]) for n in data.nodes], color=[n["colour"] for n in data.nodes],
                  customdata=[n["hover"] for n in data.nodes], pad=10, thickness=14,
                  hovertemplate="%{label}<br>%{customdata}<extra></extra>"),
        link=dict(source=[l["source"] for l in data.links], target=[l["target"] for l in data.links],
                  value=[l["value"] for l in data.links], customdata=[l["hover"] for l in data.links],
                  color="rgba(120,120,120,0.25)",
                  hovertemplate="%{source.label} → %{target.label}<br>%{customdata}<extra></extra>"),
    ))
    fig.update_layout(title=dict(text=esc(title), font=dict(size=14)), height=max(360, 24 * leaves + 80),
                      margin=dict(l=10, r=10, t=40 if title else 10, b=10), font=dict(size=12))
    return fig


def sankey_title(cat, chain_ids, lang: str, via: str) -> str:
    chains = _sep(lang).join(chain_name(cat, c, lang) for c in chain_ids)
    return tr(LABELS, "sankey_title", lang, chains=chains, middle=tr(LABELS, f"middle_{via}", lang))


# ------------------------------------------------------------------------ map


class Legend(MacroElement):
    """A small legend box in a map corner; ``items`` are (swatch HTML, label) pairs, labels escaped here."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "atlas-legend");
                div.style.cssText = "background:#fff;padding:6px 9px;border-radius:4px;font-size:12px;"
                    + "line-height:20px;box-shadow:0 1px 4px rgba(0,0,0,.35)";
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, items: list[tuple[str, str]]):
        super().__init__()
        self._name = "Legend"
        self.html = "<br>".join(f"{swatch} {esc(label)}" for swatch, label in items)


def swatch(colour: str, shape: str = "dot") -> str:
    """The HTML of a legend swatch (colour is one of our constants, never user text)."""
    if shape == "ring":
        return f'<span style="display:inline-block;width:12px;height:12px;border:1.5px dashed {colour};border-radius:50%"></span>'
    return f'<span style="display:inline-block;width:11px;height:11px;background:{colour};border-radius:50%"></span>'


def add_dimmed_sites(m: folium.Map, built: BuiltMap, sites: gpd.GeoDataFrame, opts: MapOptions, layer: str) -> None:
    """Located sites as small grey dots (still hoverable and clickable: a click opens the profile)."""
    group = folium.FeatureGroup(name=layer)
    for _, row in sites[sites.geometry.notna()].iterrows():
        label = name(row, opts.lang)
        if built.click_index.get(label, row["id"]) != row["id"]:
            label = f"{label} [{row['id']}]"
        point = opts.shift(row.geometry)
        folium.CircleMarker([point.y, point.x], radius=5, color=DIM_COLOUR, weight=1, fill=True,
                            fill_color=DIM_COLOUR, fill_opacity=0.45, opacity=0.6,
                            tooltip=site_tooltip({**row.to_dict(), "name_zh": label, "name_en": label}, opts)).add_to(group)
        built.click_index[label] = row["id"]
    group.add_to(m)


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
    add_dimmed_sites(m, built, cat.sites[~cat.sites["id"].isin(lit["id"])], opts, tr(LABELS, "layer_others", lang))
    add_sites(m, built, lit, opts, layer=tr(LABELS, "layer_hosts", lang), highlight=set(lit["id"]),
              extra_text=chains_text)
    units = pd.concat([q.orgs_for_industry(cat, c) for c in chain_ids]).drop_duplicates("id")
    add_orgs(m, gpd.GeoDataFrame(units, geometry="geometry", crs=CRS), opts, layer=tr(LABELS, "layer_units", lang))
    Legend([(swatch("#d63e2a"), tr(LABELS, "legend_hosts", lang)), (swatch(DIM_COLOUR), tr(LABELS, "legend_others", lang)),
            (swatch("#436978"), tr(LABELS, "legend_units", lang)),
            (swatch("#555", "ring"), tr(LABELS, "legend_error", lang))]).add_to(m)
    fit_to(m, lit, opts)
    finish(m)
    return built


def unlocated_hosts(cat, chain_ids, city: str = "") -> gpd.GeoDataFrame:
    """Host sites of the chosen chains that have no location (listed beside the map, never dropped)."""
    if not chain_ids:
        return cat.sites.iloc[0:0]
    found = hosts(cat, chain_ids, city)
    return found[found.geometry.isna()].reset_index(drop=True)

