"""pydeck builders of the link and target views: arcs (ArcLayer) and target-vs-actual columns (offline).

Split from :mod:`views.deck` (the basemap, points/hexagons and selection live there); the same rules
hold: ``map_provider=None``, every layer has an ``id``, rows carry ``id`` / ``kind`` / ``tooltip``.
"""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from geo.deck_data import ARC_KIND_LABELS, Arcs, link_arcs
from geo.errors import InvalidQueryError
from geo.load import Catalogue
from views.deck import (
    ACTUAL_COLOUR,
    ACTUAL_LAYER,
    ARC_COLOURS,
    ARCS_LAYER,
    ID_FIELD,
    KIND_FIELD,
    TARGET_COLOUR,
    TARGET_LAYER,
    TOOLTIP_FIELD,
    _deck,
    _t,
    _view,
)

# ------------------------------------------------------------------ arcs


def arcs_deck(cat: Catalogue, arcs: Arcs | None = None, *, lang: str = "zh") -> pdk.Deck:
    """Links as arcs (:func:`geo.deck_data.link_arcs`; the page says ``arcs.skipped`` in words)."""
    arcs = link_arcs(cat) if arcs is None else arcs
    links = arcs.links
    name = "from_zh" if lang == "zh" else "from_en"
    to = "to_zh" if lang == "zh" else "to_en"
    tips = [
        f"{a} → {b}\n{_kind_word(k, lang)}{' · ' + r if r else ''}"
        for a, b, k, r in zip(links[name], links[to], links["kind"], links["role"], strict=True)
    ]
    data = pd.DataFrame(
        {
            ID_FIELD: links["to_id"],
            KIND_FIELD: "site",
            "arc": links["kind"],
            "from_lon": links["from_lon"],
            "from_lat": links["from_lat"],
            "to_lon": links["to_lon"],
            "to_lat": links["to_lat"],
            "colour": [ARC_COLOURS[k] for k in links["kind"]],
            TOOLTIP_FIELD: tips,
        }
    )
    layer = pdk.Layer(
        "ArcLayer",
        data,
        id=ARCS_LAYER,
        get_source_position="[from_lon, from_lat]",
        get_target_position="[to_lon, to_lat]",
        get_source_color="colour",
        get_target_color="colour",
        get_width=3,
        width_min_pixels=2,
        get_height=0.5,
        pickable=True,
    )
    ends_lon = pd.concat([links["from_lon"], links["to_lon"]])
    ends_lat = pd.concat([links["from_lat"], links["to_lat"]])
    return _deck(cat, [layer], _view(ends_lon, ends_lat, pitch=35), lang)


def _kind_word(kind: str, lang: str) -> str:
    pair = ARC_KIND_LABELS.get(kind, (kind, kind))
    return pair[0] if lang == "zh" else pair[1]


# ------------------------------------------------------------------ target vs actual


def columns_deck(
    cat: Catalogue, gaps: pd.DataFrame, indicator: str, *, lang: str = "zh", height_m: float = 20_000.0
) -> pdk.Deck:
    """Target (grey) and latest actual (red) as side-by-side columns per zone, for ONE indicator.

    ``gaps`` is :func:`geo.deck_data.latest_gaps`'s frame; ``indicator`` one of its ``indicator``
    keys (wording + unit, so one unit per chart). The tallest value is ``height_m`` metres high.
    """
    if indicator not in set(gaps["indicator"]):
        raise InvalidQueryError(f"no comparable target and actual for indicator {indicator!r}")
    rows = gaps[gaps["indicator"] == indicator]
    top = float(max(rows["target_value"].abs().max(), rows["actual_value"].abs().max()) or 1.0)
    scope = rows["scope_zh"] if lang == "zh" else rows["scope_en"]
    name = rows["indicator_zh"] if lang == "zh" else rows["indicator_en"]
    tips = [
        _t(
            "gap",
            lang,
            name=s,
            indicator=i,
            target=f"{t:g} {u}",
            actual=f"{a:g} {u}",
            ty=_year(ty, lang),
            ay=_year(ay, lang),
        )
        for s, i, t, a, u, ty, ay in zip(
            scope,
            name,
            rows["target_value"],
            rows["actual_value"],
            rows["unit"],
            rows["target_year"],
            rows["actual_year"],
            strict=True,
        )
    ]
    base = pd.DataFrame({ID_FIELD: rows["scope_id"], KIND_FIELD: "site", TOOLTIP_FIELD: tips, "lat": rows["lat"]})
    offset = 0.02  # degrees of longitude (≈1.8 km here): the actual column stands east of the target
    layers = [
        _column(base.assign(lon=rows["lon"], value=rows["target_value"] / top * height_m), TARGET_LAYER, TARGET_COLOUR),
        _column(
            base.assign(lon=rows["lon"] + offset, value=rows["actual_value"] / top * height_m),
            ACTUAL_LAYER,
            ACTUAL_COLOUR,
        ),
    ]
    return _deck(cat, layers, _view(rows["lon"], rows["lat"], pitch=45), lang)


def _column(data: pd.DataFrame, layer_id: str, colour: list[int]) -> pdk.Layer:
    return pdk.Layer(
        "ColumnLayer",
        data,
        id=layer_id,
        get_position="[lon, lat]",
        get_elevation="value",
        elevation_scale=1,
        radius=800,
        disk_resolution=12,
        extruded=True,
        get_fill_color=colour,
        pickable=True,
    )


def _year(year, lang: str) -> str:
    return _t("year_unknown", lang) if year is None or pd.isna(year) else str(int(year))
