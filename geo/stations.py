"""Railway stations as centres for distance search ("within 10 km of 白银西站").

Stations come from the basemap layer ``stations`` (licence unknown, so the map shows the layer
switched off). A station is only used when a person names it: landmarks (sourced, e.g. 兰州西站
from Wikipedia) are searched first, and a centre taken from this layer says so in its label, so
every answer built on it carries "licence unknown" with it.

The one place resolver, :func:`geo.places.resolve_place`, asks :func:`find_station` when no
site, organization, landmark or area has the name.
"""

from __future__ import annotations

from dataclasses import dataclass

from .names import normalise_name

_SUFFIXES = ("火车站", "站")  # 白银西站, 白银西火车站 and 白银西 name the same station
STATION_KIND = "station"


@dataclass(frozen=True)
class StationCentre:
    """A station's point (WGS-84) and its labels for a query's description."""

    name_zh: str
    lat: float
    lon: float
    source_id: str

    @property
    def label_zh(self) -> str:
        """The centre as a query names it, with where its position comes from."""
        return f"{self.name_zh}站（位置：火车站图层，许可未知）"

    @property
    def label_en(self) -> str:
        """English of :attr:`label_zh`."""
        return f"{self.name_zh} station (position from the stations layer, licence unknown)"


def station_key(name: str) -> str:
    """The normalised station name without 站 / 火车站 (兰州西站 → 兰州西)."""
    key = normalise_name(name)
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def find_station(cat, name: str) -> StationCentre | None:
    """The station called ``name`` (with or without 站), or None when the layer has none.

    Parameters
    ----------
    cat : geo.load.Catalogue
        Its ``stations`` layer is searched (None or empty: nothing is found).
    name : str
        A station name as a person types it: 白银西站, 白银西, 白银西火车站.
    """
    stations = getattr(cat, "stations", None)
    if not isinstance(name, str) or not name.strip() or stations is None or stations.empty:
        return None
    wanted = station_key(name)
    for row in stations.itertuples(index=False):
        if station_key(row.name_zh) == wanted and row.geometry is not None:
            return StationCentre(row.name_zh, row.geometry.y, row.geometry.x, row.source_id)
    return None
