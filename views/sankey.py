"""The chain diagram: a Sankey from each chosen chain through the documents' industries (or its host
sites) to the units behind it.

Plain functions, no Streamlit. The nodes and links come from :mod:`geo.chains` (``chain_sites``
and ``chain_units``, so the diagram shows exactly what the tables list); every link's hover
carries the tie's role, source and quote. A branch with nothing behind it ends in a grey gap node.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from geo import queries as q
from geo.chains import chain_name, chain_sites, chain_units
from views.chains import system_label
from views.i18n import accuracy_text, join_names, kind_label, name, role_label, tr
from views.maps import esc
from views.memo import per_source

NODE_COLOURS = {"chain": "#8e2c2c", "industry": "#7f8c8d", "site": "#1f77b4", "unit": "#2e8b57", "gap": "#c8c8c8"}
GAP_NODE = "gap:none"  # where a branch with nothing behind it ends (drawn, so the gap shows)
SYSTEM_COLOURS = {
    "baiyin-4+5+1": "#d35400",
    "lanzhou-hitech-1+1+3": "#16a085",
    "lanzhou-new-area": "#2980b9",
    "lanzhou-city": "#27ae60",
    "lanbai-pilot-2018": "#8e44ad",
}
LONG_LABEL = 34  # labels longer than this are cut (the hover shows the whole name)

LABELS = {
    "sankey_title": ("{chains}：产业链 → {middle} → 单位", "{chains}: chain → {middle} → unit"),
    "middle_industry": ("文件产业", "document industry"),
    "middle_site": ("园区", "site"),
    "hover_chain_industry": (
        "“{industry}”归入产业链“{chain}”（{system}）",
        "“{industry}” is mapped to “{chain}” ({system})",
    ),
    "hover_link": ("{role} — {source}：“{quote}”", "{role} — {source}: “{quote}”"),
    "hover_site_unit": ("同属“{industry}”", "both tied to “{industry}”"),
    "hover_chain_unit": ("未与任何承载园区同属一项产业", "shares no industry with a host site"),
    "gap_node_industry": ("（文件未列出园区或单位）", "(no site or unit named)"),
    "gap_node_site": ("（无同一产业的单位）", "(no unit on the same industry)"),
    "gap_hover": ("空白：文件中没有对应的园区或单位", "A gap: the documents name nothing here"),
}


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
        return {(self.nodes[link["source"]]["id"], self.nodes[link["target"]]["id"]) for link in self.links}


def short_label(text: str) -> str:
    return text if len(text) <= LONG_LABEL else text[: LONG_LABEL - 1] + "…"


class _Builder:
    """Collects nodes and links once each (a repeated link gathers every hover)."""

    def __init__(self):
        self.nodes: dict[str, dict] = {}
        self.links: dict[tuple[str, str], dict] = {}

    def node(self, node_id: str, label: str, kind: str, hover: str, colour: str) -> str:
        self.nodes.setdefault(
            node_id, dict(id=node_id, name=label, label=short_label(label), kind=kind, hover=hover, colour=colour)
        )
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
        links = [
            dict(link, source=position[s], target=position[t], value=out_flow.get(t, link["value"]))
            for (s, t), link in self.links.items()
        ]
        return SankeyData(list(self.nodes.values()), links)


def _top_in_family(cat, family: set[str]) -> dict[str, str]:
    """Industry id -> its highest ancestor still in the family (rolls sub-industries up for the diagram)."""
    parent = dict(zip(cat.industries["id"], cat.industries["parent_id"], strict=True))

    def climb(i: str) -> str:
        seen = {i}
        while parent.get(i) in family and parent[i] not in seen:
            i = parent[i]
            seen.add(i)
        return i

    return {i: climb(i) for i in family}


def _hover_tie(row, lang: str) -> str:
    return tr(
        LABELS,
        "hover_link",
        lang,
        role=esc(role_label(row["role"], lang)),
        source=esc(row["source_id"]),
        quote=esc(row["quote"]),
    )


@per_source  # once per catalogue (views/memo.py)
def sankey_data(
    cat, chain_ids, lang: str = "zh", via: str = "industry", city: str = "", include_goals: bool = False
) -> SankeyData:
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
    include_goals : bool
        Sites tied to the chain by a goal or plan count as hosts too.

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
        sites, units = chain_sites(cat, chain, city, include_goals), chain_units(cat, chain)
        sites["top"], units["top"] = sites["industry_id"].map(top), units["industry_id"].map(top)
        if via == "industry":
            _industry_nodes(b, cat, node, chain, set(top.values()), lang)
        for _, r in sites.iterrows():
            site = b.node(
                f"site:{r['site_id']}",
                name(r, lang),
                "site",
                esc(f"{kind_label(r['kind'], lang)} · {accuracy_text(r, lang)}"),
                NODE_COLOURS["site"],
            )
            b.link(f"ind:{r['top']}" if via == "industry" else node, site, _hover_tie(r, lang))
        for _, r in units.iterrows():
            unit = b.node(
                f"unit:{r['org_id']}", name(r, lang), "unit", esc(kind_label(r["kind"], lang)), NODE_COLOURS["unit"]
            )
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
        b.node(
            f"ind:{row['id']}",
            label,
            "industry",
            esc(label),
            SYSTEM_COLOURS.get(row["system"], NODE_COLOURS["industry"]),
        )
        b.link(
            chain_node,
            f"ind:{row['id']}",
            tr(
                LABELS,
                "hover_chain_industry",
                lang,
                industry=esc(name(row, lang)),
                chain=esc(chain_name(cat, chain, lang)),
                system=esc(system_label(row["system"], lang)),
            ),
        )


def sankey_figure(data: SankeyData, title: str = "") -> go.Figure:
    """A plotly Sankey of :func:`sankey_data`, tall enough for its labels to stay readable."""
    leaves = sum(1 for n in data.nodes if n["kind"] in ("site", "unit"))
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node=dict(
                label=[esc(n["label"]) for n in data.nodes],
                color=[n["colour"] for n in data.nodes],
                customdata=[n["hover"] for n in data.nodes],
                pad=10,
                thickness=14,
                hovertemplate="%{label}<br>%{customdata}<extra></extra>",
            ),
            link=dict(
                source=[link["source"] for link in data.links],
                target=[link["target"] for link in data.links],
                value=[link["value"] for link in data.links],
                customdata=[link["hover"] for link in data.links],
                color="rgba(120,120,120,0.25)",
                hovertemplate="%{source.label} → %{target.label}<br>%{customdata}<extra></extra>",
            ),
        )
    )
    fig.update_layout(
        title=dict(text=esc(title), font=dict(size=14)),
        height=max(360, 24 * leaves + 80),
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        font=dict(size=12),
    )
    return fig


def sankey_title(cat, chain_ids, lang: str, via: str) -> str:
    chains = join_names((chain_name(cat, c, lang) for c in chain_ids), lang)
    return tr(LABELS, "sankey_title", lang, chains=chains, middle=tr(LABELS, f"middle_{via}", lang))


def chain_sankey(cat, chain_ids, lang: str, via: str, city: str = "", include_goals: bool = False) -> go.Figure:
    """The chains page's diagram, titled (for ``ui.data.derived``: callers must not change the figure)."""
    data = sankey_data(cat, chain_ids, lang, via=via, city=city, include_goals=include_goals)
    return sankey_figure(data, sankey_title(cat, chain_ids, lang, via))
