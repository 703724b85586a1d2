"""Presentation (演示) builders: one tour step's map, its source line, and the full-screen style.

No Streamlit here: the page lays these out. The map is centred and zoomed exactly as the
step says (no fit to bounds), shows the step's highlighted sites in red, outlines its
areas, and switches on the layers the step asks for.
"""

from __future__ import annotations

import folium
import folium.plugins
import pandas as pd

from geo.tours import Step, TourSet, load_tours, tours_folder
from views import map_layers, maps
from views.i18n import accuracy_text, name, t, tr
from views.maps import BuiltMap, MapOptions, esc
from views.memo import per_source

LABELS = {
    "layer_step_sites": ("本步重点园区", "Sites of this step"),
    "layer_step_orgs": ("本步单位", "Units of this step"),
    "layer_step_areas": ("本步区域", "Areas of this step"),
    "layer_other_sites": ("其他园区", "Other sites"),
    "fullscreen": ("全屏", "Full screen"),
    "fullscreen_exit": ("退出全屏", "Exit full screen"),
}

#: Hides the sidebar, header and footer and trims the margins: the page becomes a slide.
PRESENT_CSS = """<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], footer {display: none !important;}
div[data-testid="stMainBlockContainer"], .block-container {padding-top: 0.8rem !important;
  padding-left: 1.2rem !important; padding-right: 1.2rem !important; max-width: 100% !important;}
div[data-testid="stCaptionContainer"] {font-size: 1rem;}
</style>"""


def tour_set(cat) -> TourSet:
    """The tours of the catalogue's tour folder, read again only when a tour file changed."""
    folder = tours_folder(cat)
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []
    stamp = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    return _tour_set(cat, str(folder), stamp)


@per_source  # once per catalogue, folder and file versions (views/memo.py)
def _tour_set(cat, folder: str, _stamp: tuple) -> TourSet:
    return load_tours(cat, folder)


def tour_map(
    cat,
    opts: MapOptions,
    center: tuple[float, float],
    zoom: float,
    sites: tuple[str, ...] = (),
    areas: tuple[str, ...] = (),
    organizations: tuple[str, ...] = (),
    layers: tuple[str, ...] = (),
) -> BuiltMap:
    """The map of one tour step (arguments are the step's fields, hashable for caching)."""
    # One base for every step: a step moves the open map to its view instead of rebuilding it.
    m = maps.new_map(cat, opts)
    built = BuiltMap(m, view=maps.shifted_view((center, zoom), opts))
    _add_step_areas(m, cat, areas, opts)
    highlighted = cat.sites[cat.sites["id"].isin(sites)]
    if "sites" in layers:
        map_layers.add_dimmed_sites(
            m, built, cat.sites[~cat.sites["id"].isin(sites)], opts, layer=tr(LABELS, "layer_other_sites", opts.lang)
        )
    if "links" in layers and len(sites) > 1:
        map_layers.add_links(m, cat.sites, [(sites[0], other) for other in sites[1:]], opts)
    orgs = cat.organizations
    if "orgs" in layers:
        map_layers.add_orgs(m, orgs[~orgs["id"].isin(organizations)], opts)
    if organizations:
        map_layers.add_orgs(
            m, orgs[orgs["id"].isin(organizations)], opts, layer=tr(LABELS, "layer_step_orgs", opts.lang)
        )
    map_layers.add_sites(
        m,
        built,
        highlighted,
        opts,
        layer=tr(LABELS, "layer_step_sites", opts.lang),
        highlight=set(sites),
        uncertainty="uncertainty" in layers,
    )
    folium.plugins.Fullscreen(
        position="topleft",
        title=tr(LABELS, "fullscreen", opts.lang),
        title_cancel=tr(LABELS, "fullscreen_exit", opts.lang),
    ).add_to(m)
    maps.finish(m)
    return built


def _add_step_areas(m: folium.Map, cat, codes: tuple[str, ...], opts: MapOptions) -> None:
    if not codes:
        return
    group = folium.FeatureGroup(name=tr(LABELS, "layer_step_areas", opts.lang))
    for _, row in cat.areas[cat.areas["code"].isin(codes)].iterrows():
        folium.GeoJson(
            opts.shift(row.geometry).__geo_interface__,
            style_function=lambda _f: dict(
                color=maps.HIGHLIGHT_COLOUR, weight=3, fillColor="#f5b7b1", fillOpacity=0.12
            ),
            tooltip=esc(name(row, opts.lang)),
        ).add_to(group)
    group.add_to(m)


def unlocated(cat, step: Step, lang: str) -> list[str]:
    """Names of the step's sites and units that have no known location ('位置未知' on the page)."""
    out = []
    for table, ids in ((cat.sites, step.sites), (cat.organizations, step.organizations)):
        rows = table[table["id"].isin(ids)]
        out += [name(row, lang) for _, row in rows.iterrows() if row.geometry is None]
    return out


def approximate(cat, step: Step, lang: str) -> list[str]:
    """'银东工业园: 位置为估计，误差约 ±6 公里 (…)' for each located highlighted site."""
    rows = cat.sites[cat.sites["id"].isin(step.sites) & cat.sites.geometry.notna()]
    return [f"{name(row, lang)}: {accuracy_text(row, lang)}" for _, row in rows.iterrows()]


def sources_text(cat, step: Step, lang: str) -> str:
    """'来源：by-plan-2024《白银市…纲要》；…' — the documents behind the caption."""
    titles = cat.sources.set_index("id")["title_zh" if lang == "zh" else "title_en"]
    parts = []
    for source in step.sources:
        title = titles.get(source)
        parts.append(
            f"{source}《{title}》"
            if lang == "zh" and pd.notna(title)
            else f"{source} ({title})"
            if pd.notna(title)
            else source
        )
    sep = "；" if lang == "zh" else "; "
    return f"{t('source', lang)}{'：' if lang == 'zh' else ': '}{sep.join(parts)}"
