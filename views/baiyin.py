"""白银一区六园 page builders: the park × industry matrix, tables, labels and the map.

Plain functions, no Streamlit. The plan's structure (core, parks, ties, units) is the domain's
:class:`geo.plan.Plan`, read with :func:`geo.plan.read_plan`.
"""

from __future__ import annotations

import folium
import pandas as pd
from pandas.io.formats.style import Styler

from geo.plan import CATEGORIES, GROUP, Plan, link_ends, read_plan
from views.i18n import accuracy_text, join_names, kind_label, name, role_label, t, tr
from views.map_layers import add_halos, add_links, add_orgs, add_sites, site_tooltip
from views.maps import (
    CATEGORY_COLOURS,
    HIGHLIGHT_COLOUR,
    LINK_COLOUR,
    BuiltMap,
    Legend,
    MapOptions,
    esc,
    finish,
    fit_to,
    new_map,
    swatch,
)
from views.memo import per_source
from views.offline import page_header

SELECTED_BACKGROUND = "#fff3b0"
MATRIX_UUID = "baiyin-matrix"  # the Styler's id, fixed (see matrix_styler)

LABELS = {
    "traditional": ("传统产业（4）", "traditional industries (4)"),
    "emerging": ("战略性新兴产业（5）", "strategic emerging industries (5)"),
    "future": ("未来产业（1）", "future industries (1)"),
    "as_whole": ("{name}（整体）", "{name} (as a whole)"),
    "units_line": ("依托单位：{units}", "Units drawn on: {units}"),
    "sources_line": ("来源：{ids}", "Sources: {ids}"),
    "park": ("园区", "Park"),
    "industry": ("产业", "Industry"),
    "category": ("类别", "Category"),
    "unit": ("单位", "Unit"),
    "via": ("对应产业", "Through industry"),
    "selected": ("红圈 / 红色 / 黄底：所选园区或产业", "red ring / red / yellow: selected park or industry"),
    "hl_park": ("所选园区：{names}", "Selected park: {names}"),
    "hl_industry": ("依托“{industry}”的园区：{names}", "Parks relying on “{industry}”: {names}"),
    "hl_chains": ("承载所选产业链的园区：{names}", "Parks hosting the chosen chains: {names}"),
    "hl_none": ("（无）", "(none)"),
    "not_on_map": ("（无位置，不在地图上）", "(no location, not on the map)"),
}


# ---------------------------------------------------------------- labels


@per_source  # once per catalogue (views/memo.py)
def site_label(plan: Plan, site_id: str, lang: str) -> str:
    """A row label: parts of a park are indented; the group reads '… (as a whole)'."""
    row = plan.sites.loc[site_id]
    label = name(row, lang)
    if site_id == GROUP:
        return tr(LABELS, "as_whole", lang, name=label)
    return f"└ {label}" if row["parent_id"] in plan.parks else label


@per_source  # once per catalogue (views/memo.py)
def industry_label(plan: Plan, industry_id: str, lang: str) -> str:
    return name(plan.cat.industries.set_index("id").loc[industry_id], lang)


def category_label(category: str, lang: str) -> str:
    return tr(LABELS, category, lang)


# ---------------------------------------------------------------- matrix


def role_matrix(plan: Plan, lang: str = "zh") -> pd.DataFrame:
    """Rows = site ids, columns = top-level industry ids, cells = role ('' = no tie).

    A tie to a segment rather than the whole industry shows the segment in brackets.
    """
    links = plan.links.copy()
    names = plan.cat.industries.set_index("id")
    links["cell"] = [
        role_label(row.role, lang)
        if row.industry_id == row.top_id
        else f"{role_label(row.role, lang)} ({name(names.loc[row.industry_id], lang)})"
        for row in links.itertuples()
    ]
    cells = links.groupby(["site_id", "top_id"])["cell"].agg(lambda c: " / ".join(dict.fromkeys(c)))
    matrix = cells.unstack() if not cells.empty else pd.DataFrame()
    matrix = matrix.reindex(index=list(plan.rows), columns=list(plan.industries["id"]))
    return matrix.astype(object).fillna("")


@per_source  # once per catalogue (views/memo.py)
def matrix_frame(plan: Plan, lang: str) -> pd.DataFrame:
    """The role matrix with names (in ``lang``) as row and column labels."""
    matrix = role_matrix(plan, lang)
    matrix.index = [site_label(plan, s, lang) for s in matrix.index]
    matrix.columns = [industry_label(plan, i, lang) for i in matrix.columns]
    matrix.index.name = tr(LABELS, "park", lang)
    return matrix


def _tint(hex_colour: str, alpha: float = 0.22) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def matrix_styler(plan: Plan, lang: str, park: str = "", industry: str = "") -> Styler:
    """The matrix coloured by category (filled cells), the selected row/column on yellow in red.

    A new Styler each call (Streamlit computes its styles in place, so one is never shared), on the
    cached frame and cells' CSS, with a fixed id: the same view sends the same message, which the
    browser then keeps (a random id made every rerun send the whole matrix again).
    """
    css = matrix_css(plan, lang, park, industry)
    return matrix_frame(plan, lang).style.set_uuid(MATRIX_UUID).apply(lambda _: css, axis=None)


@per_source  # once per catalogue (views/memo.py)
def matrix_css(plan: Plan, lang: str, park: str = "", industry: str = "") -> pd.DataFrame:
    """The CSS of each cell of :func:`matrix_frame` (same labels): category tints, the selection."""
    matrix = matrix_frame(plan, lang)
    categories = list(plan.industries["category"])
    sel_row = site_label(plan, park, lang) if park else None
    sel_col = industry_label(plan, industry, lang) if industry else None

    out = pd.DataFrame("", index=matrix.index, columns=matrix.columns)
    for j, col in enumerate(matrix.columns):
        colour = CATEGORY_COLOURS.get(categories[j], "#777777")
        for i, row in enumerate(matrix.index):
            filled = bool(matrix.iat[i, j])
            if row == sel_row or col == sel_col:
                background = _tint(colour, 0.45) if filled else SELECTED_BACKGROUND
                out.iat[i, j] = f"background-color: {background}; color: {HIGHLIGHT_COLOUR}; font-weight: bold"
            elif filled:
                out.iat[i, j] = f"background-color: {_tint(colour)}; color: {colour}"
    return out


@per_source  # once per catalogue (views/memo.py)
def column_help(plan: Plan, lang: str) -> dict[str, str]:
    """Column label -> its category and the plan's sentence defining the industry, with the source."""
    out = {}
    for _, row in plan.industries.iterrows():
        out[name(row, lang)] = (
            f"{category_label(row['category'], lang)} · {t('source', lang)}: {row['source_id']} — “{row['quote']}”"
        )
    return out


def legend_markdown(lang: str) -> str:
    """Category colours as text (the colours are constants, not data)."""
    chips = [f"<span style='color:{CATEGORY_COLOURS[c]}'>■</span> {esc(category_label(c, lang))}" for c in CATEGORIES]
    return " &nbsp; ".join(chips + [esc(tr(LABELS, "selected", lang))])  # shown with unsafe_allow_html: escaped


@per_source  # once per catalogue (views/memo.py)
def links_table(plan: Plan, lang: str) -> pd.DataFrame:
    """Every tie of the matrix with its source and quote."""
    rows = [
        {
            tr(LABELS, "park", lang): site_label(plan, r.site_id, lang),
            tr(LABELS, "industry", lang): industry_label(plan, r.industry_id, lang),
            tr(LABELS, "category", lang): category_label(r.category, lang),
            t("role", lang): role_label(r.role, lang),
            t("source", lang): r.source_id,
            t("quote", lang): r.quote,
        }
        for r in plan.links.itertuples()
    ]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- per park


@per_source  # once per catalogue (views/memo.py)
def park_industries(plan: Plan, site_id: str, lang: str) -> pd.DataFrame:
    """One park's industries in the system: industry, category, role, source, quote."""
    rows = [
        {
            tr(LABELS, "industry", lang): industry_label(plan, r.industry_id, lang),
            tr(LABELS, "category", lang): category_label(r.category, lang),
            t("role", lang): role_label(r.role, lang),
            t("source", lang): r.source_id,
            t("quote", lang): r.quote,
        }
        for r in plan.links_of(site_id).itertuples()
    ]
    return pd.DataFrame(rows)


@per_source  # once per catalogue (views/memo.py)
def park_units(plan: Plan, site_id: str, lang: str) -> pd.DataFrame:
    """The units a park draws on: unit, kind, the industry that ties it, location, source, quote."""
    rows = [
        {
            tr(LABELS, "unit", lang): name(r, lang),
            t("kind", lang): kind_label(r["kind"], lang),
            tr(LABELS, "via", lang): industry_label(plan, r["industry_id"], lang),
            t("location", lang): accuracy_text(r, lang),
            t("source", lang): r["link_source_id"],
            t("quote", lang): r["link_quote"],
        }
        for _, r in plan.units_of(site_id).iterrows()
    ]
    return pd.DataFrame(rows)


@per_source  # once per catalogue (views/memo.py)
def park_title(plan: Plan, site_id: str, lang: str) -> str:
    """An expander title: name · kind · accuracy (or 'location unknown')."""
    row = plan.sites.loc[site_id]
    return f"{site_label(plan, site_id, lang)} · {kind_label(row['kind'], lang)} · {accuracy_text(row, lang)}"


@per_source  # once per catalogue (views/memo.py)
def unlocated(plan: Plan, lang: str) -> list[str]:
    """Sites and organizations of the page with no location, as 'name — note' lines."""
    sites = plan.sites.loc[list(plan.rows)].reset_index()
    orgs = plan.orgs()
    lines = []
    for frame in (sites[sites["kind"] != "program"], orgs):
        for _, row in frame[frame.geometry.isna()].iterrows():
            kind = kind_label(row["kind"], lang)
            lines.append(f"{name(row, lang)} ({kind})" + (f" — {row['note']}" if row.get("note") else ""))
    return lines


def describe_highlight(plan: Plan, lang: str, park: str, industry: str, chain_hosts) -> list[str]:
    """What the red markers are, in words, one line per reason."""

    def names(ids):
        return join_names(
            [site_label(plan, s, lang) + ("" if plan.located(s) else tr(LABELS, "not_on_map", lang)) for s in ids], lang
        ) or tr(LABELS, "hl_none", lang)

    lines = []
    if park:
        lines.append(tr(LABELS, "hl_park", lang, names=names([park])))
    if industry:
        lines.append(
            tr(
                LABELS,
                "hl_industry",
                lang,
                industry=industry_label(plan, industry, lang),
                names=names(plan.hosts(industry)),
            )
        )
    if chain_hosts:
        lines.append(tr(LABELS, "hl_chains", lang, names=names([s for s in plan.rows if s in chain_hosts])))
    return lines


# ---------------------------------------------------------------- map


def park_tooltip(plan: Plan, row, opts: MapOptions) -> str:
    """Escaped tooltip. Lines are joined with '<br>' plus a newline, so the clicked tooltip's text
    (the browser's textContent) starts with the name alone, which the click index reads."""
    lang = opts.lang
    lines = [site_tooltip(row, opts)]
    links = plan.links_of(row["id"])
    for r in links.itertuples():
        colour = CATEGORY_COLOURS.get(r.category, "#777777")
        lines.append(
            f"<span style='color:{colour}'>■ {esc(industry_label(plan, r.industry_id, lang))}</span>"
            f" · {esc(role_label(r.role, lang))}"
        )
    units = list(dict.fromkeys(name(u, lang) for _, u in plan.units_of(row["id"]).iterrows()))
    if units:
        lines.append(esc(tr(LABELS, "units_line", lang, units=join_names(units, lang))))
    if not links.empty:
        sources = join_names(links["source_id"].unique(), lang)
        lines.append(f"<small>{esc(tr(LABELS, 'sources_line', lang, ids=sources))}</small>")
    return "<div class='by-tip'>" + "<br>\n".join(lines) + "</div>"


TOOLTIP_CSS = "<style>.by-tip{white-space:normal;min-width:240px;max-width:360px}</style>"


def map_legend(lang: str) -> Legend:
    """The categories' colours, the core-to-park lines and the selection ring (constants, not data)."""
    return Legend(
        [
            *((swatch(CATEGORY_COLOURS[c], "square"), category_label(c, lang)) for c in CATEGORIES),
            (swatch(LINK_COLOUR, "line"), t("layer_links", lang)),
            (swatch(HIGHLIGHT_COLOUR, "halo"), tr(LABELS, "selected", lang)),
        ]
    )


def baiyin_map(cat, opts: MapOptions, highlight: tuple[str, ...] = ()) -> BuiltMap:
    """The core zone, its six parks (a line from the core to each), the parks also named by the plan,
    and Baiyin's organizations; sites in ``highlight`` are red.

    Parameters
    ----------
    cat : Catalogue
    opts : MapOptions
    highlight : tuple of site ids drawn in red (selected park, parks relying on an industry, chain hosts)

    Returns
    -------
    BuiltMap
        The map and its click index (park name -> site id).
    """
    plan = read_plan(cat)
    sites = cat.sites[cat.sites["id"].isin(plan.rows)]
    m = new_map(cat, opts)
    fit_to(m, sites, opts, pad_deg=0.15)
    built = BuiltMap(m)
    add_links(m, cat.sites, [(plan.core, end) for park in plan.parks for end in link_ends(plan, park)], opts)
    add_halos(m, sites, highlight, opts, tr(LABELS, "selected", opts.lang))
    add_sites(m, built, sites, opts, highlight=set(highlight), tooltip=lambda row: park_tooltip(plan, row, opts))
    add_orgs(m, plan.orgs(), opts)
    page_header(m).add_child(folium.Element(TOOLTIP_CSS))
    map_legend(opts.lang).add_to(m)
    finish(m)
    return built
