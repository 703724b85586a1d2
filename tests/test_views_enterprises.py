"""views/enterprises.py: area units, the 找地 table's labels and prices, detail lines that keep unknown unknown,
and the points/hexagons threshold."""

import math

import pandas as pd
import pytest

from geo.errors import InvalidQueryError
from geo.load import load_catalogue
from views import enterprises as ev
from views.deck import BINS_LAYER, POINTS_LAYER

CAT = load_catalogue()
PARCELS = pd.DataFrame(
    {
        "id": ["p1", "p2"],
        "name_zh": ["示例厂房", "示例土地"],
        "name_en": ["Example factory", ""],
        "type": ["standard_factory", "land"],
        "status": ["for_lease", "for_sale"],
        "area_m2": [3000.0, 66667.0],
        "price": [12.0, float("nan")],
        "price_unit": ["元/m²/月", ""],
        "power_kva": [800.0, float("nan")],
        "water": ["yes", ""],
        "gas": ["no", ""],
        "steam": ["", ""],
        "site_id": ["by-hitech", ""],
        "checked_on": ["2026-01-15", "2026-01-15"],
        "valid_until": ["2026-12-31", ""],
        "lat": [36.5, 36.6],
        "lon": [104.2, 104.1],
        "geometry_quality": ["approximate", "approximate"],
        "location_method": ["sourced", "sourced"],
        "error_km": [0.2, 0.5],
    }
)


def test_area_in_mu_is_converted_to_square_metres():
    assert ev.area_in_m2(1.5, "mu") == pytest.approx(1000.0, abs=0.01)
    assert ev.area_in_m2(500, "m2") == 500 and ev.area_in_m2(None, "mu") is None
    with pytest.raises(InvalidQueryError):
        ev.area_in_m2(1, "acre")


def test_parcel_table_in_english_with_price_only_where_public():
    table = ev.parcel_table(CAT, PARCELS, "en")
    assert list(table["Type"]) == ["standard factory building", "land parcel"]
    assert list(table["Price"]) == ["12 元/m²/月", ""]
    assert list(table["Area (mu)"]) == [4.5, 100.0]
    assert table["Name"][1] == "示例土地"  # no English name: the Chinese one, never blank
    assert table["Park"][1] == "no park" and "contact" not in " ".join(table.columns).lower()


def test_detail_lines_say_unknown_for_what_is_not_known():
    lines = dict(ev.parcel_lines(CAT, PARCELS.iloc[1], "en"))
    assert lines["Price"] == "unknown" and lines["Power (kVA)"] == "unknown"
    firm = CAT.enterprises.iloc[0]
    lines = dict(ev.enterprise_lines(CAT, firm, "zh"))
    assert lines["统一社会信用代码"] == (firm["credit_code"] or "未知")


def test_points_up_to_the_threshold_then_hexagons():
    def rows(n):
        return pd.DataFrame(
            {
                "id": [f"s{i}" for i in range(n)],
                "name_zh": ["合成"] * n,
                "name_en": ["synthetic"] * n,
                "lat": [36.0 + (i % 100) / 100 for i in range(n)],
                "lon": [103.5 + math.floor(i / 100) / 100 for i in range(n)],
            }
        )

    small = ev.enterprise_deck(CAT, rows(ev.POINTS_THRESHOLD), "en")
    large = ev.enterprise_deck(CAT, rows(ev.POINTS_THRESHOLD + 1), "en")
    assert [lay.id for lay in small.layers][-1] == POINTS_LAYER
    assert [lay.id for lay in large.layers][-1] == BINS_LAYER
