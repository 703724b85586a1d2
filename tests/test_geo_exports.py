import io
import json

import pandas as pd
import pyogrio
import pytest

from geo.errors import ExportError
from geo.exports import export_catalogue, frame_bytes, to_csv_bytes


def test_csv_has_bom_and_joined_lists(cat):
    data = to_csv_bytes(cat.sites)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "甲区|A区" in text and "geometry" not in text.splitlines()[0].split(",")


def test_geojson_only_located_rows(cat):
    doc = json.loads(frame_bytes(cat.sites, "geojson"))
    assert len(doc["features"]) == 3
    assert {f["properties"]["id"] for f in doc["features"]} == {"zone-a", "park-a1", "zone-b"}


def test_excel_round_trip(cat):
    df = pd.read_excel(io.BytesIO(frame_bytes(cat.organizations, "xlsx")))
    assert list(df["name_zh"]) == ["甲大学", "乙公司"]


def test_gpkg_catalogue_has_every_layer(cat, tmp_path):
    out = tmp_path / "atlas.gpkg"
    export_catalogue(cat, "gpkg", out)
    layers = dict(pyogrio.list_layers(out))
    assert layers["sites"] == "Point" and layers["areas"] in ("Polygon", "MultiPolygon")
    assert layers["indicators"] is None  # attribute table
    sites = pyogrio.read_dataframe(out, layer="sites")
    assert sites.crs.to_epsg() == 4326 and len(sites) == 3


def test_csv_folder_and_no_leftovers(cat, tmp_path):
    target = tmp_path / "exports"
    target.mkdir()
    written = export_catalogue(cat, "csv", target / "out")
    assert {p.name for p in written} >= {"sites.csv", "indicators.csv", "areas.csv"}
    assert [p.name for p in target.iterdir()] == ["out"]


def test_failed_export_leaves_nothing(cat, tmp_path, monkeypatch):
    import geo.exports as ex

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ex, "to_excel_bytes", boom)
    with pytest.raises(ExportError, match="No space left"):
        export_catalogue(cat, "xlsx", tmp_path / "exports" / "atlas.xlsx")
    assert not (tmp_path / "exports").exists()  # not even the folder the export made for it


def test_unknown_format(cat, tmp_path):
    with pytest.raises(ExportError, match="unknown format"):
        export_catalogue(cat, "shp", tmp_path / "x")
