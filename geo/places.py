"""Places: one resolver from a name (or a "lat,lon" point) to where it is.

A place is a landmark, a site, an organization or an area (its representative point), found by
id, name or alias through :mod:`geo.names`, a railway station of the basemap layer (looked up last,
see :mod:`geo.stations`), or a point written as ``"36.515,103.62"``. The
spatial page, the command line (``sites --of``) and the tours all resolve places here. An
unknown name raises :class:`~geo.errors.UnknownNameError` with the closest known names; a place
without a location, or a point out of range, raises :class:`~geo.shapes.SearchInputError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from shapely.geometry import Point

from .coords import gcj02_to_wgs84
from .errors import UnknownNameError
from .load import Catalogue
from .shapes import SearchInputError, check_point
from .stations import STATION_KIND, find_station

#: Kinds a point-like place is looked up among, in this order (names are unique across kinds).
#: Stations come last: a sourced landmark of the same name (兰州西站) wins over the layer of unknown licence.
POINT_KINDS = ("landmark", "site", "organization", STATION_KIND)
#: Also areas: a distance from an area is measured from its representative point.
PLACE_KINDS = (*POINT_KINDS, "area")
POINT_TEXT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,，]\s*(-?\d+(?:\.\d+)?)\s*$")
PICKED_POINT = ("地图上所选点（{lat:.4f}, {lon:.4f}）", "the point picked on the map ({lat:.4f}, {lon:.4f})")


@dataclass(frozen=True)
class Place:
    """A resolved place. ``id`` is an id, an area code, or "lat,lon" for a point."""

    id: str
    kind: str  # landmark | site | organization | area | station | point
    lat: float
    lon: float
    name_zh: str
    name_en: str
    error_km: float | None = None

    def label(self, lang: str) -> str:
        """The place's name in ``lang``."""
        return self.name_zh if lang == "zh" else self.name_en

    @property
    def point(self) -> Point:
        """The place as a shapely point (lon, lat) in EPSG:4326."""
        return Point(self.lon, self.lat)


def point_text(lat: float, lon: float) -> str:
    """Write a point the way a place keeps it: ``"36.51500,103.62000"``."""
    return f"{lat:.5f},{lon:.5f}"


def point_place(lat: float, lon: float) -> Place:
    """A picked point as a place; raises SearchInputError ("bad_point") when out of range."""
    check_point(lat, lon)
    zh, en = PICKED_POINT
    return Place(point_text(lat, lon), "point", lat, lon, zh.format(lat=lat, lon=lon), en.format(lat=lat, lon=lon))


def clicked_place(click: dict, gcj02: bool = False) -> str:
    """Return the place value ("lat,lon") of a map click ``{"lat": …, "lng": …}``.

    Converted back to WGS-84 when the map showed GCJ-02 tiles.

    Raises
    ------
    SearchInputError
        A malformed click ("malformed") or a point out of range ("bad_point").
    """
    try:
        lat, lon = float(click["lat"]), float(click["lng"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SearchInputError("malformed", detail=f"click {click!r}: {exc}") from None
    if gcj02:
        lat, lon = gcj02_to_wgs84(lat, lon)
    return point_place(lat, lon).id


def resolve_place(cat: Catalogue, text: str, kinds: tuple[str, ...] = PLACE_KINDS) -> Place | None:
    """Find the place ``text`` names: an id, a name or alias among ``kinds``, or "lat,lon".

    Parameters
    ----------
    cat : Catalogue
    text : str
        What the user wrote; empty means no place.
    kinds : tuple of str
        The kinds to look among, first match wins.

    Returns
    -------
    Place or None
        None for an empty text.

    Raises
    ------
    UnknownNameError
        The name is unknown (with suggestions).
    SearchInputError
        The place has no known location, or the point is out of range.
    """
    text = str(text or "").strip()
    if not text:
        return None
    point = POINT_TEXT.match(text)
    if point:
        return point_place(float(point.group(1)), float(point.group(2)))
    try:
        match = cat.names.resolve_any(text, kinds=tuple(k for k in kinds if k != STATION_KIND))
    except UnknownNameError:
        station = station_place(cat, text) if STATION_KIND in kinds else None
        if station is None:
            raise
        return station
    if match.kind == "area":
        return _area_place(cat, match.id)
    table = {"landmark": cat.landmarks, "site": cat.sites, "organization": cat.organizations}[match.kind]
    row = table[table["id"] == match.id].iloc[0]
    if row.geometry is None:
        raise SearchInputError("place_unlocated", place_zh=row["name_zh"], place_en=row["name_en"])
    err = row.get("error_km")
    return Place(
        match.id,
        match.kind,
        row.geometry.y,
        row.geometry.x,
        row["name_zh"],
        row["name_en"],
        None if pd.isna(err) else float(err),
    )


def station_place(cat: Catalogue, text: str) -> Place | None:
    """The railway station ``text`` names (白银西站, 白银西) as a place, or None.

    Its id is the station's name with 站, which resolves back to it; its names say the position
    comes from the stations layer, whose licence is unknown, so every answer built on it says so.
    Its error is unknown (the layer's points are address geocodes).
    """
    station = find_station(cat, text)
    if station is None:
        return None
    return Place(f"{station.name_zh}站", STATION_KIND, station.lat, station.lon, station.label_zh, station.label_en)


def _area_place(cat: Catalogue, code: str) -> Place:
    row = cat.areas[cat.areas["code"] == code].iloc[0]
    point = row.geometry.representative_point()
    return Place(code, "area", point.y, point.x, row["name_zh"], row["name_en"])


def area_code(cat: Catalogue, value: str) -> str:
    """Return the code of the area ``value`` names (a code or a name); '' for none.

    Raises
    ------
    UnknownNameError
        No area has that code or name (with suggestions).
    """
    value = str(value or "").strip()
    if not value or value in set(cat.areas["code"]):
        return value
    return cat.names.resolve(value, "area").id
