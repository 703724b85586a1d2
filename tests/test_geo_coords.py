import math

import pytest
from shapely.geometry import LineString, Polygon

from geo.coords import gcj02_to_wgs84, geometry_from_gcj02, geometry_to_gcj02, wgs84_to_gcj02


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


# Around Lanzhou and Baiyin: the city centre, 中川机场, 白银 and the corners of the atlas's extent.
AROUND_LANZHOU = [(36.062, 103.835), (36.515, 103.62), (36.545, 104.138), (35.55, 102.9), (37.45, 105.3)]


@pytest.mark.parametrize("lat, lon", AROUND_LANZHOU)
def test_round_trip_is_within_a_metre_around_lanzhou(lat, lon):
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon))
    assert metres(lat, lon, *back) < 1.0
    again = wgs84_to_gcj02(*gcj02_to_wgs84(lat, lon))  # the other way round too
    assert metres(lat, lon, *again) < 1.0


def test_gcj02_inverse_is_within_a_centimetre():
    for lat, lon in ((36.06, 103.83), (36.55, 104.14), (37.19, 104.06)):
        back = gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon))
        assert abs(back[0] - lat) < 1e-7 and abs(back[1] - lon) < 1e-7


def test_geometry_from_gcj02_undoes_geometry_to_gcj02():
    box = Polygon([(103.8, 36.0), (103.95, 36.0), (103.95, 36.2), (103.8, 36.2)])
    shifted = geometry_to_gcj02(box)
    assert not shifted.equals_exact(box, tolerance=1e-4)  # the shift is real (a few hundred metres)
    assert geometry_from_gcj02(shifted).equals_exact(box, tolerance=1e-7)
