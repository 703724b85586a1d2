"""Datum shifts for Chinese basemaps.

Gaode/AutoNavi tiles use GCJ-02, an obfuscated datum that sits a few hundred metres
from WGS-84 around Lanzhou; overlays drawn on those tiles must be shifted the same
way, and points picked or shapes drawn on them shifted back. This is the published
forward transform (as in eviltransform and coordtransform) and its iterative inverse;
it is defined for mainland China only.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

_A = 6378245.0
_EE = 0.00669342162296594323


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """(lat, lon) in WGS-84 → (lat, lon) in GCJ-02."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lat + dlat, lon + dlon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """(lat, lon) in GCJ-02 → WGS-84, by inverting the forward transform (a few iterations, < 1 cm)."""
    wlat, wlon = lat, lon
    for _ in range(5):
        glat, glon = wgs84_to_gcj02(wlat, wlon)
        wlat, wlon = wlat + (lat - glat), wlon + (lon - glon)
    return wlat, wlon


def geometry_to_gcj02(geom: BaseGeometry) -> BaseGeometry:
    """Every vertex of a (lon, lat) geometry shifted to GCJ-02."""
    return _each_vertex(geom, wgs84_to_gcj02)


def geometry_from_gcj02(geom: BaseGeometry) -> BaseGeometry:
    """Every vertex of a (lon, lat) geometry drawn on GCJ-02 tiles shifted back to WGS-84."""
    return _each_vertex(geom, gcj02_to_wgs84)


def _each_vertex(geom: BaseGeometry, convert) -> BaseGeometry:
    """``convert`` (lat, lon → lat, lon) applied to every (lon, lat) vertex of the geometry."""

    def shift(coords: np.ndarray) -> np.ndarray:
        return np.array([convert(y, x)[::-1] for x, y in coords]).reshape(coords.shape)

    return shapely.transform(geom, shift)


_X_PI = math.pi * 3000.0 / 180.0


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """(lat, lon) in Baidu's BD-09 → GCJ-02 (the published closed form)."""
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def bd09_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """(lat, lon) in BD-09 → WGS-84, through GCJ-02."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))


def geometry_from_bd09(geom: BaseGeometry) -> BaseGeometry:
    """Every vertex of a (lon, lat) geometry in BD-09 shifted to WGS-84."""
    return _each_vertex(geom, bd09_to_wgs84)
