import math

import pytest
from shapely.geometry import LineString

from geo.coords import geometry_to_gcj02, wgs84_to_gcj02


def metres(lat1, lon1, lat2, lon2):
    dy = (lat2 - lat1) * 111_320
    dx = (lon2 - lon1) * 111_320 * math.cos(math.radians(lat1))
    return math.hypot(dx, dy)


def test_lanzhou_shift_is_a_few_hundred_metres():
    lat, lon = wgs84_to_gcj02(36.062, 103.835)
    assert 150 < metres(36.062, 103.835, lat, lon) < 350


def test_known_reference_value():
    # pinned at Beijing, where the GCJ-02 offset is about 0.006° east, 0.0014° north
    lat, lon = wgs84_to_gcj02(39.908692, 116.397477)
    assert (lat, lon) == pytest.approx((39.910093, 116.403719), abs=2e-5)


def test_geometry_shift_keeps_shape():
    line = LineString([(103.8, 36.0), (104.2, 36.5)])
    shifted = geometry_to_gcj02(line)
    assert len(shifted.coords) == 2
    assert shifted.coords[0] == pytest.approx(wgs84_to_gcj02(36.0, 103.8)[::-1])
