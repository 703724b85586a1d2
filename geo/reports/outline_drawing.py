"""Site outlines on the static report map (issue 10): the polygons of the sites drawn, in UTM 48N.

An outline is a solid dark-green line with a light fill, unlike the dashed location-error circle;
the legend names it. Only sites that have an outline in ``cat.outlines`` get one.
"""

from __future__ import annotations

import geopandas as gpd

from ..i18n import tr
from ..outlines import site_outlines
from ..schema import CRS, PROJECTED_CRS
from . import labels as L

OUTLINE_COLOUR = "#0b6e4f"  # as on the app's maps (views/outline_layer.py)


def projected_outlines(cat, site_ids) -> gpd.GeoSeries:
    """The outlines of the sites ``site_ids`` that have one, in EPSG:32648 (empty when none)."""
    drawn = site_outlines(getattr(cat, "outlines", None))
    chosen = [drawn[i] for i in dict.fromkeys(site_ids) if i in drawn]
    return gpd.GeoSeries(chosen, crs=CRS).to_crs(PROJECTED_CRS)


def draw_outlines(ax, shapes: gpd.GeoSeries) -> None:
    """Draw the outlines above the boundaries and below the points."""
    if len(shapes):
        shapes.plot(ax=ax, facecolor=OUTLINE_COLOUR, alpha=0.15, edgecolor="none", zorder=4)
        shapes.boundary.plot(ax=ax, color=OUTLINE_COLOUR, linewidth=1.6, zorder=4)


def legend_handle(lang: str):
    """The legend entry of the outlines."""
    from matplotlib.patches import Patch

    label = tr(L.LABELS, "leg_outline", lang)
    return Patch(facecolor=OUTLINE_COLOUR + "26", edgecolor=OUTLINE_COLOUR, linewidth=1.6, label=label)
