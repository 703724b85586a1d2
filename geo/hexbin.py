"""Hexagon bins computed on the server, so a map of 100,000 points sends a few thousand cells.

Why a numpy hex grid in EPSG:32648 rather than H3: the atlas measures every distance and area
in UTM 48N (:data:`geo.schema.PROJECTED_CRS`), so a cell here has a true size in metres (H3
cells vary in size and orientation with place and resolution); binning is a few vectorised
numpy operations (no per-point Python call, no new dependency); and a cell is drawn by deck.gl's
ColumnLayer from its centre and radius alone (``diskResolution=6``), so a cell costs a position
and a count in the payload, not six vertices. The grid is flat-topped, as ColumnLayer draws
its hexagons (first vertex due east); the UTM grid's convergence here is under one degree.

A cell's id is ``"<radius_m>:<q>:<r>"`` (axial coordinates): it names the same cell on every
run, and :func:`cell_ids` gives each point's cell so a page can list a clicked cell's rows.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pyproj import Transformer

from .errors import InvalidQueryError
from .schema import CRS, PROJECTED_CRS

SQRT3 = math.sqrt(3.0)
_TO_METRES = Transformer.from_crs(CRS, PROJECTED_CRS, always_xy=True)
_TO_DEGREES = Transformer.from_crs(PROJECTED_CRS, CRS, always_xy=True)


def hex_bins(lon, lat, *, radius_m: float = 1_000.0, max_bins: int = 5_000) -> pd.DataFrame:
    """Count points per flat-topped hexagon of circumradius ``radius_m`` metres.

    When the points fill more than ``max_bins`` cells, the radius doubles until they fit, so
    the payload has a bound whatever the number of points.

    Parameters
    ----------
    lon, lat : array-like of float
        WGS-84 degrees, same length; rows with a missing coordinate are skipped.
    radius_m : float
        The first radius tried (centre to corner), in metres; > 0.
    max_bins : int
        The most cells returned; >= 1.

    Returns
    -------
    DataFrame
        ``bin_id``, ``lon``, ``lat`` (the cell's centre), ``count``, ``radius_m``; largest count first.

    Raises
    ------
    InvalidQueryError
        A non-positive radius or max_bins, or lon and lat of different lengths.
    """
    if not radius_m > 0 or max_bins < 1:
        raise InvalidQueryError(f"radius_m must be > 0 and max_bins >= 1 (got {radius_m}, {max_bins})")
    x, y = _projected(lon, lat)
    radius = float(radius_m)
    while True:
        q, r = _axial(x, y, radius)
        cells, counts = (
            np.unique(np.stack([q, r], axis=1), axis=0, return_counts=True)
            if len(q)
            else (np.empty((0, 2), dtype=np.int64), np.empty(0, dtype=np.int64))
        )
        if len(cells) <= max_bins:
            return _frame(cells, counts, radius)
        radius *= 2.0


def cell_ids(lon, lat, radius_m: float) -> pd.Series:
    """Each point's cell id at ``radius_m`` (None where a coordinate is missing)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    known = ~(np.isnan(lon) | np.isnan(lat))
    out = pd.Series([None] * len(lon), dtype=object)
    x, y = _TO_METRES.transform(lon[known], lat[known])
    q, r = _axial(np.asarray(x), np.asarray(y), float(radius_m))
    out[known] = [_cell_id(radius_m, a, b) for a, b in zip(q, r, strict=True)]
    return out


def _projected(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if lon.shape != lat.shape:
        raise InvalidQueryError(f"lon and lat differ in length ({lon.size} and {lat.size})")
    known = ~(np.isnan(lon) | np.isnan(lat))
    x, y = _TO_METRES.transform(lon[known], lat[known])
    return np.asarray(x), np.asarray(y)


def _axial(x: np.ndarray, y: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """The flat-topped cell holding each point (cube coordinates rounded to the nearest centre)."""
    qf = (2.0 / 3.0) * x / radius
    rf = (-x / 3.0 + SQRT3 / 3.0 * y) / radius
    sf = -qf - rf
    q, r, s = np.rint(qf), np.rint(rf), np.rint(sf)
    dq, dr, ds = np.abs(q - qf), np.abs(r - rf), np.abs(s - sf)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return q.astype(np.int64), r.astype(np.int64)


def _cell_id(radius: float, q, r) -> str:
    return f"{radius:g}:{int(q)}:{int(r)}"


def _frame(cells: np.ndarray, counts: np.ndarray, radius: float) -> pd.DataFrame:
    q, r = cells[:, 0].astype(float), cells[:, 1].astype(float)
    cx, cy = radius * 1.5 * q, radius * SQRT3 * (r + q / 2.0)
    lon, lat = _TO_DEGREES.transform(cx, cy) if len(cells) else (np.empty(0), np.empty(0))
    out = pd.DataFrame(
        {
            "bin_id": [_cell_id(radius, a, b) for a, b in cells],
            "lon": np.round(np.asarray(lon, dtype=float), 5),
            "lat": np.round(np.asarray(lat, dtype=float), 5),
            "count": counts.astype(int),
            "radius_m": radius,
        }
    )
    return out.sort_values(["count", "bin_id"], ascending=[False, True]).reset_index(drop=True)


def in_cell(lon, lat, bin_id: str) -> np.ndarray:
    """Which points fall in the cell ``bin_id`` (as :func:`hex_bins` named it): a boolean mask.

    Raises
    ------
    InvalidQueryError
        ``bin_id`` is not ``"<radius_m>:<q>:<r>"``.
    """
    try:
        radius, q_text, r_text = str(bin_id).split(":")
        radius_m, q, r = float(radius), int(q_text), int(r_text)
    except ValueError:
        raise InvalidQueryError(f"not a hexagon id: {bin_id!r} (expected '<radius_m>:<q>:<r>')") from None
    if not radius_m > 0:
        raise InvalidQueryError(f"not a hexagon id: {bin_id!r} (the radius must be > 0)")
    ids = cell_ids(lon, lat, radius_m)
    return (ids == _cell_id(radius_m, q, r)).to_numpy()
