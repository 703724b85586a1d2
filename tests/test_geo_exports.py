import io
import json
import os

import pandas as pd
import pyogrio
import pytest

from geo.errors import ExportError, ExportTargetError
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


# ------------------------------------------------------------ spreadsheet-safe cells


def test_cells_a_spreadsheet_would_evaluate_get_a_quote_numbers_stay_numbers():
    from geo.exports import spreadsheet_safe

    df = pd.DataFrame(
        {
            "text": ["=1+1", "+86 931", "-x", "@SUM(A1)", "\tTAB", "\rCR", "a=b", "", None],
            "value": [-1.5, 2.0, -3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
            "mixed": [-2, "-2", 3, "x", "=A1", None, 1.5, "", "ok"],
        }
    )
    safe = spreadsheet_safe(df)
    assert list(safe["text"][:6]) == ["'=1+1", "'+86 931", "'-x", "'@SUM(A1)", "'\tTAB", "'\rCR"]
    assert list(safe["text"][6:8]) == ["a=b", ""] and pd.isna(safe["text"][8])
    assert safe["value"].tolist() == df["value"].tolist() and safe["value"].dtype == float
    assert safe["mixed"].tolist()[:5] == [-2, "'-2", 3, "x", "'=A1"]


def test_excel_negative_numbers_stay_numbers_and_formulas_are_text():
    import openpyxl

    df = pd.DataFrame({"name": ['=HYPERLINK("http://evil.example","x")', "-1"], "value": [-5.0, 3.0]})
    sheet = openpyxl.load_workbook(io.BytesIO(frame_bytes(df, "xlsx"))).active
    (name1, value1), (name2, value2) = [(r[0], r[1]) for r in sheet.iter_rows(min_row=2)]
    assert name1.data_type == "s" and name1.value.startswith("'=HYPERLINK")
    assert name2.value == "'-1"
    assert value1.data_type == "n" and value1.value == -5


def test_csv_formula_cell_is_inert_and_header_too():
    data = to_csv_bytes(pd.DataFrame({"=cmd": ["=2+5", "ok"], "n": [-1, 2]})).decode("utf-8-sig")
    assert data.splitlines() == ["'=cmd,n", "'=2+5,-1", "ok,2"]


# ------------------------------------------------------------ targets: never lose what is there


def test_existing_file_needs_force(cat, tmp_path):
    target = tmp_path / "out" / "atlas.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"mine")
    with pytest.raises(ExportTargetError, match="already exists; add --force"):
        export_catalogue(cat, "xlsx", target)
    assert target.read_bytes() == b"mine" and [p.name for p in target.parent.iterdir()] == ["atlas.xlsx"]
    assert export_catalogue(cat, "xlsx", target, force=True) == [target]
    assert target.read_bytes().startswith(b"PK")


def test_folder_export_adds_files_and_returns_only_its_own(cat, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep", encoding="utf-8")
    written = export_catalogue(cat, "geojson", folder)
    assert "notes.txt" not in {p.name for p in written} and (folder / "notes.txt").read_text() == "keep"
    assert {p.name for p in written} == {
        "sites.geojson",
        "organizations.geojson",
        "landmarks.geojson",
        "areas.geojson",
        "rivers.geojson",
        "outlines.geojson",
        "enterprises.geojson",
        "parcels.geojson",
    }


def test_folder_export_with_a_same_named_file_needs_force_and_touches_nothing(cat, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "areas.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportTargetError, match="already holds areas.csv; add --force"):
        export_catalogue(cat, "csv", folder)
    assert [p.name for p in folder.iterdir()] == ["areas.csv"]
    export_catalogue(cat, "csv", folder, force=True)
    assert (folder / "areas.csv").read_text(encoding="utf-8-sig").startswith("code,")


def test_a_file_that_appears_while_writing_is_not_overwritten(cat, tmp_path, monkeypatch):
    import geo.exports as ex

    target = tmp_path / "atlas.xlsx"
    real = ex.to_excel_bytes

    def someone_else_writes_first(layers):
        target.write_bytes(b"theirs")
        return real(layers)

    monkeypatch.setattr(ex, "to_excel_bytes", someone_else_writes_first)
    with pytest.raises(ExportTargetError, match="already exists"):
        export_catalogue(cat, "xlsx", target)
    assert target.read_bytes() == b"theirs" and sorted(p.name for p in tmp_path.iterdir()) == ["atlas.xlsx", "data"]


@pytest.mark.parametrize("fmt", ["gpkg", "csv"])
def test_interrupt_while_writing_leaves_no_temporary_file(cat, tmp_path, monkeypatch, fmt):
    import geo.safe_files as sf

    def interrupted(path):
        assert path.name.startswith(".export-") and path.exists()  # the temporary file is on disk
        raise KeyboardInterrupt

    monkeypatch.setattr(sf, "_fsync", interrupted)
    out = tmp_path / "new" / ("atlas.gpkg" if fmt == "gpkg" else "csv")
    with pytest.raises(KeyboardInterrupt):
        export_catalogue(cat, fmt, out)
    assert not (tmp_path / "new").exists()


def test_stale_temporary_files_of_dead_exports_are_removed_others_kept(cat, tmp_path):
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    folder = tmp_path / "out"
    folder.mkdir()
    stale = [folder / f".export-{dead}-0123abcd.atlas.gpkg", folder / f".export-{dead}-0123abcd.atlas.gpkg-journal"]
    kept = [folder / f".export-{os.getppid()}-0123abcd.x.csv", folder / ".export-notes.txt", folder / "mine.csv"]
    for path in stale + kept:
        path.write_bytes(b"x")
    export_catalogue(cat, "xlsx", folder / "atlas.xlsx")
    assert sorted(p.name for p in folder.iterdir()) == sorted([p.name for p in kept] + ["atlas.xlsx"])


@pytest.mark.parametrize("where", ["data", "data/tours", ".", "data/atlas.xlsx"])
def test_data_folder_inside_or_holding_it_is_refused(cat, where):
    out = cat.data_dir.parent / where
    fmt = "xlsx" if where.endswith(".xlsx") else "csv"
    with pytest.raises(ExportTargetError, match="data folder"):
        export_catalogue(cat, fmt, out, force=True)
    assert not (cat.data_dir / "atlas.xlsx").exists() and not (cat.data_dir.parent / "sites.csv").exists()
