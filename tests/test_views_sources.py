"""The Data & sources builders: counts agree with geo, downloads hold every table, and the
import check names each problem of a broken upload (and writes nothing)."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pyogrio
import pytest

from geo import checking, exports
from geo.load import load_catalogue
from geo.quotes import default_seeds_dir
from geo.schema import BASEMAP_LAYERS, TABLES
from geo.summary import summarise
from tests.fixtures import base_rows, write_dataset
from views import sources as vs

EXPORTED = [t for t in TABLES if t not in BASEMAP_LAYERS]  # reference layers are not exported

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue(DATA)


def shipped_csv(table: str) -> pd.DataFrame:
    return pd.read_csv(DATA / TABLES[table].filename, dtype=str, keep_default_na=False)


def csv_bytes(df: pd.DataFrame, encoding: str = "utf-8") -> bytes:
    return df.to_csv(index=False).encode(encoding)


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


# --------------------------------------------------------------- sources and quality


def test_citation_counts_match_the_tables(shipped):
    counts = vs.citation_counts(shipped)
    for sid in shipped.sources["id"]:
        facts = sum(int((shipped.table(t)["source_id"] == sid).sum()) for t in vs.FACT_TABLES)
        located = sum(
            int((shipped.table(t)["geometry_source_id"] == sid).sum()) for t in ("sites", "organizations", "landmarks")
        )
        assert counts.at[sid, "facts"] == facts
        assert counts.at[sid, "locations"] == located
    assert counts["features"].sum() == len(shipped.areas) + len(shipped.rivers)


def test_every_source_is_listed_once_with_titles_in_both_languages(shipped):
    docs = vs.source_table(shipped, "en", documents=True)
    others = vs.source_table(shipped, "zh", documents=False)
    assert sorted(docs["ID"]) == sorted(shipped.sources.loc[shipped.sources["kind"] == "document", "id"])
    assert len(docs) + len(others) == len(shipped.sources)
    assert {"Title (zh)", "Title (en)", "Issuer", "Date", "Doc. no.", "Licence", "Notes", "Facts citing"} <= set(
        docs.columns
    )
    plan = docs.set_index("ID").loc["by-plan-2024"]
    assert plan["Doc. no."] == "市政办发[2024]51号" and plan["Facts citing"] > 0


def test_location_figures_are_geo_summary_figures(shipped):
    summary = summarise(shipped)
    assert vs.placed_counts(shipped) == {t: summary.located(t) for t in ("sites", "organizations")}
    methods = vs.method_table(shipped, "en")
    expected = summary.locations[summary.locations["table"].isin(["sites", "organizations"])]
    assert methods["Rows"].tolist() == expected["rows"].tolist()


def test_placed_and_unlocated_lists_cover_every_site_and_org(shipped):
    placed = vs.estimated_locations(shipped, "en")
    missing = vs.unlocated(shipped, "zh")
    total = len(shipped.sites) + len(shipped.organizations)
    assert len(placed) + len(missing) == total
    located = shipped.sites.geometry.notna().sum() + shipped.organizations.geometry.notna().sum()
    assert len(placed) == located
    assert placed["Error (km)"].notna().all() and (placed["Coordinate source"] != "").all()
    assert placed["Error (km)"].is_monotonic_decreasing
    assert set(missing["位置"]) == {"位置未知"}


def test_error_chart_has_one_dot_per_placed_entry(shipped):
    fig = vs.error_chart(shipped, "zh")
    dots = sum(len(trace.x) for trace in fig.data)
    assert dots == sum(placed for placed, _ in vs.placed_counts(shipped).values())


# --------------------------------------------------------------- validation and licences


def test_shipped_data_validates():
    report = checking.validate_folder(DATA, default_seeds_dir())
    assert report.valid, [str(p) for p in report.problems]


def test_validation_lists_every_problem_of_a_broken_folder(tmp_path):
    rows = base_rows()
    rows["sites"][0].update(lat=103.84, lon=36.06)
    rows["site_industries"][0].update(industry_id="nope")
    report = checking.validate_folder(write_dataset(tmp_path / "data", rows), None)
    frame = vs.problems_frame(report.problems, "en")
    assert not report.valid and report.seeds_dir is None
    assert list(frame.columns) == ["Table", "Line", "Column", "Problem"]
    assert ("site_industries", 2, "industry_id") in set(
        zip(frame["Table"], frame["Line"], frame["Column"], strict=False)
    )
    assert any("swapped" in m for m in frame["Problem"])


def test_geodata_licences_name_the_boundary_and_river_sources(shipped):
    lic = vs.geodata_licences(shipped, "en").set_index("ID")
    for sid in set(shipped.areas["source_id"]) | set(shipped.rivers["source_id"]):
        expected = shipped.sources.set_index("id").at[sid, "licence"] or "—"
        assert lic.at[sid, "Licence"] == expected
    assert "administrative boundaries" in " ".join(lic["Used for"])


def test_vendored_libraries_come_from_the_manifest(tmp_path):
    manifest = json.loads(vs.MANIFEST.read_text(encoding="utf-8"))
    libs = vs.vendored_libraries("en")
    assert libs["Files"].sum() == len(manifest)
    assert set(libs["Library"]) == {e["package"] for e in manifest.values()}
    assert vs.vendored_libraries("en", tmp_path / "missing.json") is None


# --------------------------------------------------------------- downloads


def test_csv_and_geojson_zips_hold_the_tables(shipped):
    csvs = zipfile.ZipFile(io.BytesIO(vs.catalogue_download(shipped, "csv")))
    assert sorted(csvs.namelist()) == sorted(f"{t}.csv" for t in EXPORTED)
    sites = pd.read_csv(io.BytesIO(csvs.read("sites.csv")), encoding="utf-8-sig")
    assert len(sites) == len(shipped.sites)
    geo = zipfile.ZipFile(io.BytesIO(vs.catalogue_download(shipped, "geojson")))
    assert sorted(geo.namelist()) == sorted(
        f"{t}.geojson"
        for t in ("sites", "organizations", "landmarks", "areas", "rivers", "outlines", "enterprises", "parcels")
    )
    features = json.loads(geo.read("sites.geojson"))["features"]
    assert len(features) == shipped.sites.geometry.notna().sum()


def test_gpkg_and_excel_hold_every_table(shipped, tmp_path):
    gpkg = tmp_path / "all.gpkg"
    gpkg.write_bytes(vs.catalogue_download(shipped, "gpkg"))
    assert {name for name, _ in pyogrio.list_layers(gpkg)} == set(EXPORTED)
    book = openpyxl.load_workbook(io.BytesIO(vs.catalogue_download(shipped, "xlsx")), read_only=True)
    assert set(book.sheetnames) == set(EXPORTED)
    with pytest.raises(ValueError, match="unknown download format"):
        vs.catalogue_download(shipped, "shp")


def test_zip_bytes_round_trips():
    archive = zipfile.ZipFile(io.BytesIO(exports.zip_bytes({"a.csv": b"x,y\n", "b.txt": "中文".encode()})))
    assert archive.read("b.txt").decode() == "中文" and archive.namelist() == ["a.csv", "b.txt"]


# --------------------------------------------------------------- import check


@pytest.fixture
def untouched_data():
    """Fails the test if anything in data/ changed."""
    before = folder_digest(DATA)
    yield DATA
    assert folder_digest(DATA) == before


def test_unchanged_table_is_valid(untouched_data):
    check = checking.check_upload(
        (DATA / "sites.csv").read_bytes(), "sites.csv", "sites", untouched_data, default_seeds_dir()
    )
    assert check.valid, [str(p) for p in check.problems]
    assert check.rows == len(shipped_csv("sites")) and (check.added, check.removed, check.changed) == (0, 0, 0)


def test_gbk_upload_is_named_with_the_loaders_message(untouched_data):
    gbk = (DATA / "organizations.csv").read_text(encoding="utf-8").encode("gb18030")
    check = checking.check_upload(gbk, "organizations.csv", "organizations", untouched_data)
    [problem] = check.problems
    assert "GBK" in problem.message and "organizations.csv: not UTF-8" in problem.message
    assert "/tmp" not in problem.message  # names the upload, not the temporary copy


def test_swapped_lat_lon_is_named_with_its_line(untouched_data):
    df = shipped_csv("sites")
    i = df.index[df["lat"] != ""][0]
    df.loc[i, ["lat", "lon"]] = [df.at[i, "lon"], df.at[i, "lat"]]
    check = checking.check_upload(csv_bytes(df), "sites.csv", "sites", untouched_data)
    assert [(p.row, p.column) for p in check.problems] == [(i + 2, "lat")]
    assert "swapped" in check.problems[0].message and check.changed == 1


def test_missing_and_unknown_columns_are_named(untouched_data):
    df = shipped_csv("projects").drop(columns=["quote"]).rename(columns={"year": "yr"})
    check = checking.check_upload(csv_bytes(df), "projects.csv", "projects", untouched_data)
    found = {(p.column, p.message.split(" (")[0]) for p in check.problems}
    assert {("quote", "column is missing"), ("year", "column is missing"), ("yr", "unknown column")} <= found


def test_unknown_reference_is_named(untouched_data):
    df = shipped_csv("site_industries")
    df.loc[3, "site_id"] = "no-such-park"
    check = checking.check_upload(csv_bytes(df), "site_industries.csv", "site_industries", untouched_data)
    assert [str(p) for p in check.problems] == [
        "site_industries line 5 column site_id: 'no-such-park' is not a known sites id"
    ]


def test_removing_rows_reports_the_references_other_tables_lose(untouched_data):
    df = shipped_csv("sites")
    gone = df.iloc[:3]["id"].tolist()
    check = checking.check_upload(csv_bytes(df.iloc[3:]), "sites.csv", "sites", untouched_data)
    assert check.removed == 3 and not check.valid
    assert any(p.table != "sites" and any(g in p.message for g in gone) for p in check.problems)


def test_unreadable_upload_is_a_problem_not_an_exception(untouched_data):
    check = checking.check_upload(b"", "empty.csv", "sites", untouched_data)
    assert len(check.problems) == 1 and "not a readable CSV table" in check.problems[0].message
    with pytest.raises(ValueError):
        checking.check_upload(b"id\n", "areas.geojson", "areas", untouched_data)


@pytest.mark.parametrize(
    "file_name, table",
    [
        ("sites.csv", "sites"),
        ("Sites (2).csv", "sites"),
        ("org_industries.csv", "org_industries"),
        ("report.csv", None),
    ],
)
def test_guess_table(file_name, table):
    assert checking.guess_table(file_name) == table


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_the_catalogue_download_holds_what_the_cli_exports(shipped, tmp_path, fmt):
    written = exports.export_catalogue(shipped, fmt, tmp_path / "out")
    archive = zipfile.ZipFile(io.BytesIO(vs.catalogue_download(shipped, fmt)))
    assert sorted(archive.namelist()) == sorted(path.name for path in written)
    assert all(archive.read(path.name) == path.read_bytes() for path in written)
