"""Bad input: every case is refused with a message naming the file, row and column, and writes zero bytes."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest
import shapely

from geo.changesets import ChangeRefusedError
from geo.imports import changeset_from_file, propose_file
from tests.change_helpers import folder_store, snapshot
from tests.import_files import (
    ACTUAL,
    INDICATOR_HEADER,
    NEW_SITE,
    OUTLINE,
    SITE_HEADER,
    ZONE_A_BOX,
    csv_text,
    projected,
    write_csv,
    write_geojson,
    write_shapefile_zip,
)

SITE_ZONE_A = dict(
    NEW_SITE,
    id="zone-a",
    name_zh="甲高新区",
    name_en="Zone A",
    aliases="甲区|A区",
    kind="zone",
    parent_id="",
    city="兰州",
    lat="36.06",
    lon="103.84",
    quote="甲高新区为核心",
)


@dataclass
class Case:
    file: str
    write: object  # (path) -> None
    expect: list[str]  # fragments the refusal must contain, e.g. "up.csv line 3 column value"
    table: str = "indicators"
    options: dict = field(default_factory=dict)


def rows_csv(header, rows, **kw):
    return lambda path: write_csv(path, header, rows, **kw)


def raw_bytes(data: bytes):
    return lambda path: path.write_bytes(data)


def actual(**cells):
    return dict(ACTUAL, **cells)


def site(**cells):
    return dict(NEW_SITE, **cells)


def outline_json(geometry, crs=None, **cells):
    return lambda path: write_geojson(path, [dict(OUTLINE, geometry=geometry, **cells)], crs)


def two_layer_gpkg(path):
    gdf = projected([dict(OUTLINE, geometry=ZONE_A_BOX)], 4326)
    gdf.to_file(path, layer="a", engine="pyogrio")
    gdf.to_file(path, layer="b", engine="pyogrio")


def xlsx(rows):
    def write(path):
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(INDICATOR_HEADER)
        for row in rows:
            sheet.append([row[c] for c in INDICATOR_HEADER])
        book.save(path)

    return write


BOWTIE = shapely.Polygon([(103.83, 36.05), (103.85, 36.07), (103.85, 36.05), (103.83, 36.07), (103.83, 36.05)])
LONG = "长" * 3000
H = INDICATOR_HEADER

CASES = {
    "not-utf8-nor-gbk": Case(
        "up.csv",
        raw_bytes(csv_text(H, [actual()]).encode() + b"i4,\x80\x80,x\n"),
        ["up.csv line 3", "neither UTF-8 nor GBK"],
    ),
    "gbk-with-bad-cell": Case(
        "up.csv",
        rows_csv(H, [actual(kind="计划")], encoding="gbk"),
        ["up.csv line 2 column kind", "'计划' is not one of"],
    ),
    "bom-with-bad-cell": Case(
        "up.csv",
        rows_csv(H, [actual(), actual(id="i4", value="x")], encoding="utf-8-sig"),
        ["up.csv line 3 column value", "'x' is not a number"],
    ),
    "crlf-with-bad-cell": Case(
        "up.csv",
        rows_csv(H, [actual(), actual(id="i4", year="2024.5")], newline="\r\n"),
        ["up.csv line 3 column year", "not a whole number"],
    ),
    "empty-file": Case("up.csv", raw_bytes(b""), ["up.csv line 1", "is empty"]),
    "blank-file": Case("up.csv", raw_bytes(b"\n \n"), ["up.csv line 1", "is empty"]),
    "header-only": Case("up.csv", rows_csv(H, []), ["up.csv", "changes nothing"]),
    "binary-named-csv": Case("up.csv", raw_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ["up.csv", "is binary"]),
    "excel-named-csv": Case("up.csv", raw_bytes(b"PK\x03\x04" + b"\x00" * 30), ["up.csv", "not CSV text"]),
    "unknown-file-type": Case("up.docx", raw_bytes(b"hello"), ["up.docx", "unknown file type"]),
    "too-many-cells": Case(
        "up.csv",
        raw_bytes((csv_text(H, [actual()]) + "i5,a,b,c,d,e,f,g,h,i,j,k,l,m\n").encode()),
        ["up.csv line 3", "has 14 cells, the header has 12"],
    ),
    "duplicate-header": Case("up.csv", raw_bytes(b"id,value,value\ni1,1,2\n"), ["up.csv line 1 column value", "twice"]),
    "empty-header-name": Case("up.csv", raw_bytes(b"id,,value\ni1,,2\n"), ["up.csv line 1", "empty column name"]),
    "missing-key-column": Case(
        "up.csv", rows_csv([c for c in H if c != "id"], [actual()]), ["up.csv line 1 column id", "column is missing"]
    ),
    "extra-column": Case(
        "up.csv", rows_csv(H + ["extra"], [actual(extra="1")]), ["up.csv line 1 column extra", "unknown column"]
    ),
    "missing-required-column": Case(
        "up.csv",
        rows_csv([c for c in H if c != "kind"], [actual()]),
        ["up.csv line 2 column kind", "is empty but required"],
    ),
    "duplicate-ids": Case(
        "up.csv",
        rows_csv(H, [actual(), actual(value="151")]),
        ["up.csv line 3 column id", "already in this file on line 2"],
    ),
    "dangling-reference": Case(
        "up.csv",
        rows_csv(H, [actual(scope_id="ghost-park")]),
        ["up.csv line 2 column scope_id", "'ghost-park' is not a known"],
    ),
    "unknown-source": Case(
        "up.csv",
        rows_csv(H, [actual(source_id="no-such-doc")]),
        ["up.csv line 2 column source_id", "not a known sources id"],
    ),
    "reference-to-row-deleted-in-same-change": Case(
        "sites.csv",
        rows_csv(
            SITE_HEADER + ["_action"], [dict(SITE_ZONE_A, _action="remove"), site(id="park-b1", parent_id="zone-a")]
        ),
        ["sites.csv line 3 column parent_id", "'zone-a' is not a known sites id"],
        "sites",
    ),
    "removal-leaves-other-tables-dangling": Case(
        "sites.csv",
        rows_csv(SITE_HEADER + ["_action"], [dict(SITE_ZONE_A, _action="remove")]),
        ["memberships.csv line 2 column group_id", "'zone-a' is not a known sites id"],
        "sites",
    ),
    "remove-unknown-row": Case(
        "up.csv",
        rows_csv(H + ["_action"], [actual(id="nope", _action="remove")]),
        ["up.csv line 2 column _action", "no such row"],
    ),
    "swapped-lat-lon": Case(
        "sites.csv",
        rows_csv(SITE_HEADER, [site(lat="104.18", lon="36.55")]),
        ["sites.csv line 2 column lat", "looks swapped"],
        "sites",
    ),
    "outside-gansu": Case(
        "sites.csv",
        rows_csv(SITE_HEADER, [site(lat="39.9", lon="116.4")]),
        ["sites.csv line 2 column lat", "outside Gansu"],
        "sites",
    ),
    "epsg4526-declared-4326-csv": Case(
        "sites.csv",
        rows_csv(SITE_HEADER, [site(lat="3992000", lon="35427000")]),
        ["sites.csv line 2 column lat", "not degrees"],
        "sites",
    ),
    "epsg4526-declared-4326-geojson": Case(
        "zone.geojson",
        lambda p: write_geojson(
            p,
            projected([dict(OUTLINE, geometry=ZONE_A_BOX)], 4526)
            .assign(geometry=lambda g: g.geometry)
            .to_dict("records"),
        ),
        ["zone.geojson line 1 column geometry", "outside Gansu"],
        "outlines",
    ),
    "nan": Case("up.csv", rows_csv(H, [actual(value="NaN")]), ["up.csv line 2 column value", "not a finite number"]),
    "inf": Case("up.csv", rows_csv(H, [actual(value="inf")]), ["up.csv line 2 column value", "not a finite number"]),
    "minus-inf-lat": Case(
        "sites.csv",
        rows_csv(SITE_HEADER, [site(lat="-inf")]),
        ["sites.csv line 2 column lat", "not a finite number"],
        "sites",
    ),
    "negative-error-km": Case(
        "sites.csv",
        rows_csv(SITE_HEADER, [site(error_km="-2")]),
        ["sites.csv line 2 column error_km", "cannot be negative"],
        "sites",
    ),
    "point-without-error-km": Case(
        "sites.csv",
        rows_csv(SITE_HEADER, [site(error_km="")]),
        ["sites.csv line 2 column error_km", "likely error"],
        "sites",
    ),
    "point-with-unknown-quality": Case(
        "sites.csv",
        rows_csv(SITE_HEADER, [site(geometry_quality="unknown")]),
        ["sites.csv line 2 column geometry_quality"],
        "sites",
    ),
    "very-long-string": Case(
        "sites.csv",
        rows_csv(SITE_HEADER, [site(name_en=LONG)]),
        ["sites.csv line 2 column name_en", "3000 characters"],
        "sites",
    ),
    "control-character": Case(
        "sites.csv",
        rows_csv(SITE_HEADER, [site(name_zh="乙\x07园")]),
        ["sites.csv line 2 column name_zh", "control character"],
        "sites",
    ),
    "not-a-number": Case("up.csv", rows_csv(H, [actual(value="一百五十")]), ["up.csv line 2 column value"]),
    "bad-choice": Case("up.csv", rows_csv(H, [actual(kind="plan")]), ["up.csv line 2 column kind"]),
    "quote-not-in-document": Case(
        "up.csv", rows_csv(H, [actual(quote="文件里没有这句话")]), ["up.csv line 2 column quote", "doc-a"]
    ),
    "unknown-name-with-key-name": Case(
        "sites.csv",
        rows_csv(["name", "note"], [dict(name="不存在的园区", note="x")]),
        ["sites.csv line 2 column name", "not a known site"],
        "sites",
        dict(key="name"),
    ),
    "shapefile-without-prj": Case(
        "zone.zip",
        lambda p: write_shapefile_zip(p, projected([dict(OUTLINE, geometry=ZONE_A_BOX)], 4526), with_prj=False),
        ["zone.zip column geometry", "has no .prj"],
        "outlines",
    ),
    "zip-without-shapefile": Case(
        "zone.zip", raw_bytes(b"PK\x05\x06" + b"\x00" * 18), ["zone.zip", "exactly one .shp"], "outlines"
    ),
    "self-intersecting-outline": Case(
        "zone.geojson",
        outline_json(BOWTIE),
        ["zone.geojson line 1 column geometry", "invalid geometry", "make_valid"],
        "outlines",
    ),
    "outline-not-a-polygon": Case(
        "zone.geojson",
        outline_json(shapely.Point(103.84, 36.06)),
        ["zone.geojson line 1 column geometry", "must be a polygon"],
        "outlines",
    ),
    "outline-of-unknown-site": Case(
        "zone.geojson",
        outline_json(ZONE_A_BOX, site_id="ghost"),
        ["zone.geojson line 1 column site_id", "'ghost' is not a known sites id"],
        "outlines",
    ),
    "outline-without-source": Case(
        "zone.geojson",
        outline_json(ZONE_A_BOX, geometry_source_id=""),
        ["zone.geojson line 1 column geometry_source_id", "empty but required"],
        "outlines",
    ),
    "broken-geojson": Case(
        "zone.geojson",
        raw_bytes(b'{"type": "FeatureCollection", "features": ['),
        ["zone.geojson", "cannot be read"],
        "outlines",
    ),
    "geometry-for-a-table-without-geometry": Case(
        "up.geojson", outline_json(ZONE_A_BOX), ["up.geojson column geometry", "has no geometry"]
    ),
    "polygon-for-a-point-table": Case(
        "sites.geojson",
        lambda p: write_geojson(p, [dict(NEW_SITE, geometry=ZONE_A_BOX)]),
        ["sites.geojson line 1 column geometry", "a point is needed"],
        "sites",
    ),
    "crs-contradicts-file": Case(
        "zone.geojson",
        outline_json(ZONE_A_BOX, crs="EPSG:4326"),
        ["zone.geojson column geometry", "but --crs says EPSG:4526"],
        "outlines",
        dict(crs="EPSG:4526"),
    ),
    "geopackage-with-two-layers": Case("zone.gpkg", two_layer_gpkg, ["zone.gpkg", "2 layers"], "outlines"),
    "fake-xlsx": Case("up.xlsx", raw_bytes(b"id,value\n"), ["up.xlsx", "not a readable Excel"]),
    "xlsx-bad-cell": Case("up.xlsx", xlsx([actual(), actual(id="i4", kind="plan")]), ["up.xlsx line 3 column kind"]),
}


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    return folder_store(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_located_and_writes_nothing(shared, tmp_path, name):
    case = CASES[name]
    path = tmp_path / case.file
    case.write(path)
    before = snapshot(shared.data_dir)
    with pytest.raises(ChangeRefusedError) as err:
        propose_file(shared, case.table, path, reason="test", author="ann", **case.options)
    message = str(err.value)
    for fragment in case.expect:
        assert fragment in message, message
    assert "nothing was stored" in message
    assert snapshot(shared.data_dir) == before


def test_there_are_at_least_40_cases():
    assert len(CASES) >= 40


def test_a_file_over_the_size_limit_is_refused_before_reading(shared, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.write(csv_text(H, [actual()]).encode())
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse: refused on its size, never read
    before = snapshot(shared.data_dir)
    started = time.perf_counter()
    with pytest.raises(ChangeRefusedError, match=r"big.csv: is 50.0 MB, over the import limit of 1.0 MB"):
        changeset_from_file(shared.read_raw(), "indicators", big, reason="r", author="a", max_bytes=1024 * 1024)
    assert time.perf_counter() - started < 1.0
    assert snapshot(shared.data_dir) == before
