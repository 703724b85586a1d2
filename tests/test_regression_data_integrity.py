"""Issue 7, data integrity: one test (or one class of cases) per finding 3, 4, 7, 8, 10 and 11.

Each poisons a copy of the fixture data set (tests/fixtures.py) the way the finding did and
asserts a located problem (or warning) instead of a traceback, a silent drop or a bad load.
"""

import csv
import json
import math
from argparse import Namespace

import pandas as pd
import pytest

from geo.cli import emit, main
from geo.coords import wgs84_to_gcj02
from geo.errors import DataValidationError
from geo.load import build_catalogue, load_catalogue, read_raw
from geo.schema import TABLES
from geo.settings import reload as settings_reload
from geo.validate import find_problems
from tests.fixtures import _box, base_rows, write_dataset, write_seeds

CSV_TABLES = [t for t in TABLES.values() if t.filename.endswith(".csv")]


def dataset(tmp_path, mutate=None):
    rows = base_rows()
    if mutate:
        mutate(rows)
    return write_dataset(tmp_path / "data", rows)


def problems_loading(folder, **kwargs) -> list[str]:
    with pytest.raises(DataValidationError) as info:
        load_catalogue(folder, **kwargs)
    return [str(p) for p in info.value.problems]


def drop_column(path, column):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
        fields = [c for c in csv.DictReader(path.open(encoding="utf-8")).fieldnames if c != column]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --------------------------------------------------------------- 3. one missing column


@pytest.mark.parametrize(
    "table, column", [(t.name, c.name) for t in CSV_TABLES for c in t.columns if not c.may_be_absent]
)
def test_f3_every_missing_column_is_a_located_problem(tmp_path, table, column):
    folder = dataset(tmp_path)
    drop_column(folder / f"{table}.csv", column)
    raw, _ = read_raw(folder)
    assert f"{table} column {column}: column is missing" in [str(p) for p in find_problems(raw)]
    assert f"{table} column {column}: column is missing" in problems_loading(folder)


@pytest.mark.parametrize("table, column", [(t, c) for t in ("areas", "rivers") for c in TABLES[t].column_names])
def test_f3_missing_geojson_property_column_reads_nothing_after(tmp_path, table, column):
    raw, _ = read_raw(dataset(tmp_path))
    raw[table] = raw[table].drop(columns=[column])
    assert f"{table} column {column}: column is missing" in [str(p) for p in find_problems(raw)]


@pytest.mark.parametrize("table", ["sites", "industries"])
def test_f3_missing_id_in_cli_and_import_check(tmp_path, capsys, table):
    from geo.checking import check_upload

    folder = dataset(tmp_path)
    shipped = (folder / f"{table}.csv").read_bytes()
    drop_column(folder / f"{table}.csv", "id")
    assert main(["--data-dir", str(folder), "sites"]) == 1
    assert f"{table} column id: column is missing" in capsys.readouterr().err
    check = check_upload((folder / f"{table}.csv").read_bytes(), f"{table}.csv", table, dataset(tmp_path / "b"))
    assert f"{table} column id: column is missing" in [str(p) for p in check.problems]
    assert shipped  # the shipped copy was readable before the column was dropped


# --------------------------------------------------------------- 4. validator and loader disagree


@pytest.mark.parametrize(
    "column, text, needle",
    [
        ("year", "２０２７", "full-width"),
        ("value", "３.２", "full-width"),
        ("value", "3_2", "'_' separators"),
        ("value", "nan", "not a finite number"),
        ("value", "inf", "not a finite number"),
        ("value", "-inf", "not a finite number"),
        ("value", "1e999", "not a finite number"),
        ("year", "99999999999999999999", "out of range"),
        ("year", "2018.0", "not a whole number"),
    ],
)
def test_f4_numbers_the_loader_cannot_read_are_located_problems(tmp_path, column, text, needle):
    msgs = problems_loading(dataset(tmp_path, lambda r: r["indicators"][0].update({column: text})))
    assert [m for m in msgs if m.startswith(f"indicators line 2 column {column}: ") and needle in m], msgs


NUMBER_TEXTS = [
    "2027",
    "+3.5",
    "-0.25",
    "1e3",
    ".5",
    "5.",
    "２０２７",
    "３.２",
    "3_2",
    "nan",
    "NaN",
    "inf",
    "-Infinity",
    "1e999",
    "0x10",
    "1,000",
    "٣",
    "99999999999999999999",
    "1e-400",
    " 7 ",
]


@pytest.mark.parametrize(
    "table, column", [(t.name, c.name) for t in CSV_TABLES for c in t.columns if c.dtype in ("int", "float")]
)
def test_f4_what_validates_is_exactly_what_loads(tmp_path, table, column):
    raw, _ = read_raw(dataset(tmp_path))
    row = raw[table].index[raw[table]["lat"] != ""][0] if "lat" in raw[table] else 0
    for text in NUMBER_TEXTS:
        poisoned = {name: df.copy() for name, df in raw.items()}
        poisoned[table].loc[row, column] = text.strip()
        located = [p for p in find_problems(poisoned) if (p.table, p.row) == (table, row + 2)]
        if located:
            continue
        loaded = build_catalogue(poisoned).table(table)[column].loc[row]
        assert math.isfinite(loaded) and loaded == float(text.strip()), (text, loaded)


def test_f4_json_output_is_strict_json(capsys):
    df = pd.DataFrame(
        {"value": [float("inf"), float("-inf"), float("nan"), 1.5], "year": pd.array([1, None, 2, 3], "Int64")}
    )
    emit(df, ["value", "year"], Namespace(format="json", lang="zh"), "t")

    def refuse(token):
        raise AssertionError(f"{token} is not JSON")

    rows = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert rows == [
        {"value": None, "year": 1},
        {"value": None, "year": None},
        {"value": None, "year": 2},
        {"value": 1.5, "year": 3},
    ]


def test_f4_json_output_of_every_listing_command_parses(tmp_path, capsys):
    folder = dataset(tmp_path)
    for command in (["sites"], ["targets"], ["projects"], ["orgs"], ["industries", "--site", "甲高新区"]):
        assert main(["--data-dir", str(folder), *command, "--format", "json"]) == 0
        json.loads(capsys.readouterr().out, parse_constant=lambda t, c=command: pytest.fail(f"{t} in {c}"))


# --------------------------------------------------------------- 7. malformed GeoJSON

FEATURE = {
    "type": "Feature",
    "properties": {"name_zh": "黄河", "name_en": "Yellow River", "source_id": "geo-src"},
    "geometry": {"type": "LineString", "coordinates": [[103.0, 36.0], [104.2, 36.6]]},
}


def collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


@pytest.mark.parametrize("name", ["rivers", "areas"])
@pytest.mark.parametrize(
    "text, needle",
    [
        ("[1, 2]", "not a GeoJSON FeatureCollection (the file holds a JSON list)"),
        ("null", "not a GeoJSON FeatureCollection"),
        ('"text"', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection"}', "no 'features' list"),
        ('{"type": "FeatureCollection", "features": {}}', "no 'features' list"),
        (collection(5), "feature 1: is not a GeoJSON Feature object"),
        (collection({**FEATURE, "properties": [1]}), "feature 1: 'properties' must be an object"),
        (
            collection({**FEATURE, "geometry": {"type": "LineString", "coordinates": "x"}}),
            "feature 1: 'geometry' is not",
        ),
        (collection({**FEATURE, "geometry": {"type": "Blob"}}), "feature 1: 'geometry' is not"),
        (collection({**FEATURE, "geometry": [1]}), "feature 1: 'geometry' is not"),
        (collection(FEATURE).replace("103.0", "NaN"), "NaN is not a JSON number"),
        (collection(FEATURE).replace("103.0", "1e999"), "1e999 is not a JSON number"),
        (collection({**FEATURE, "geometry": None}), "feature has no geometry"),
        (collection({**FEATURE, "properties": {"geometry": 1}}), "may not be called 'geometry'"),
    ],
)
def test_f7_malformed_geojson_is_a_located_problem(tmp_path, name, text, needle):
    folder = dataset(tmp_path)
    (folder / f"{name}.geojson").write_text(text, encoding="utf-8")
    msgs = problems_loading(folder)
    assert [m for m in msgs if m.startswith(name) and needle in m], msgs


# --------------------------------------------------------------- 8. no ranges


@pytest.mark.parametrize(
    "text, needle",
    [
        ("-5", "out of range"),
        ("0", "out of range"),
        ("1e9", "out of range"),
        ("inf", "not a finite"),
        ("nan", "not a finite"),
    ],
)
def test_f8_error_km_must_be_positive_finite_and_bounded(tmp_path, text, needle):
    msgs = problems_loading(dataset(tmp_path, lambda r: r["sites"][0].update(error_km=text)))
    assert [m for m in msgs if m.startswith("sites line 2 column error_km: ") and needle in m], msgs


@pytest.mark.parametrize(
    "table, column, length, limit",
    [
        ("sites", "name_zh", 100_000, 300),
        ("organizations", "name_en", 301, 300),
        ("projects", "quote", 61, 60),
        ("indicators", "note", 2001, 2000),
        ("industries", "aliases", 100_000, 2000),
    ],
)
def test_f8_text_cells_have_bounded_length(tmp_path, table, column, length, limit):
    msgs = problems_loading(dataset(tmp_path, lambda r: r[table][0].update({column: "长" * length})))
    located = [m for m in msgs if m.startswith(f"{table} line 2 column {column}: is longer than {limit} characters")]
    assert located and len(located[0]) < 200, msgs  # the cell is not echoed back in full


def test_f8_lat_lon_and_years_have_ranges():
    from geo.cells import parse_cell
    from geo.errors import CellError

    lat, year = TABLES["sites"].column("lat"), TABLES["projects"].column("year")
    for column, text in ((lat, "91"), (lat, "-90.5"), (year, "1948"), (year, "2101")):
        with pytest.raises(CellError, match="out of range"):
            parse_cell(column, text)
    assert parse_cell(lat, "-90") == -90 and parse_cell(year, "2100") == 2100


# --------------------------------------------------------------- 10. quotes enforced when loading


def test_f10_quote_not_in_its_document_blocks_loading_by_default(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANBAI_SEEDS", str(write_seeds(tmp_path / "seeds")))
    settings_reload()
    folder = dataset(tmp_path, lambda r: r["projects"][0].update(quote="不存在的引文"))
    expected = "projects line 2 column quote: not found in the document (doc-a): '不存在的引文'"
    assert problems_loading(folder) == [expected]
    assert main(["--data-dir", str(folder), "projects"]) == 1 and expected in capsys.readouterr().err
    assert len(load_catalogue(folder, check_quotes=False).projects) == 1  # explicit opt-out only


# --------------------------------------------------------------- 11. not flagged / misleading


def with_baiyin(rows):
    rows["areas"].append(
        dict(
            code="620400",
            name_zh="白银市",
            name_en="Baiyin",
            level="city",
            parent_code="620000",
            source_id="geo-src",
            geometry=_box(104.6, 36.3, 105.5, 37.5),
        )
    )


def test_f11_site_in_another_city_than_it_states(tmp_path):
    msgs = problems_loading(dataset(tmp_path, with_baiyin))  # zone-b says 白银 but lies in 兰州's box
    assert len(msgs) == 1 and msgs[0].startswith("sites line 4 column lat: lat 36.54, lon 104.17 lies 38.")
    assert "km outside 白银市 (620400), the city this row states — farther than its error_km (1 km)" in msgs[0]


def test_f11_point_just_outside_its_city_within_its_error_is_a_warning(tmp_path, capsys):
    folder = dataset(tmp_path, lambda r: r["sites"][0].update(lon=104.52, error_km=5))
    cat = load_catalogue(folder)
    assert [w.severity for w in cat.warnings] == ["warning"]
    assert "sites line 2 column lat: warning: lat 36.06, lon 104.52 lies 1.80 km outside 兰州市" in str(cat.warnings[0])
    assert main(["--data-dir", str(folder), "validate"]) == 0
    assert "warnings: 1 (they do not block loading)" in capsys.readouterr().out


def test_f11_the_rule_applies_to_any_stated_county_column(tmp_path, monkeypatch):
    from dataclasses import replace

    from geo.schema import Column

    landmarks = TABLES["landmarks"]
    monkeypatch.setitem(
        TABLES, "landmarks", replace(landmarks, columns=(*landmarks.columns, Column("county", required=False)))
    )
    msgs = problems_loading(dataset(tmp_path, lambda r: r["landmarks"][0].update(county="城关区")))
    assert len(msgs) == 1 and msgs[0].startswith("landmarks line 2 column lat: lat 36.515, lon 103.62 lies ")
    assert "km outside 城关区 (620102), the county this row states" in msgs[0]


def test_f11_gcj02_shift_across_a_city_edge_is_flagged(tmp_path):
    lat, lon = 36.2, 104.499  # 100 m inside 兰州's (fixture) east edge, stated to within 0.1 km
    folder = dataset(tmp_path, lambda r: r["organizations"][0].update(lat=lat, lon=lon, error_km=0.1))
    assert load_catalogue(folder).warnings == []
    glat, glon = wgs84_to_gcj02(lat, lon)
    shifted = dataset(tmp_path / "gcj", lambda r: r["organizations"][0].update(lat=glat, lon=glon, error_km=0.1))
    msgs = problems_loading(shifted)
    assert len(msgs) == 1 and msgs[0].startswith("organizations line 2 column lat:") and "outside 兰州市" in msgs[0]


def test_f11_nul_in_an_id_blames_only_its_own_row(tmp_path):
    msgs = problems_loading(dataset(tmp_path, lambda r: r["sites"][0].update(id="zone-a\x00")))
    assert msgs == [
        ("sites line 2 column id: contains a control character (U+0000 NUL) at character 7: 'zone-a\\x00'; delete it")
    ]


def test_f11_unbalanced_quote_names_the_line_it_starts_on(tmp_path):
    folder = dataset(tmp_path)
    (folder / "projects.csv").write_text(
        "id,name_zh,name_en,site_id,year,source_id,quote,note\n"
        'p1,"孵化大厦,Incubation tower,park-a1,2018,doc-a,孵化大厦,\n'
        'p2,大厦二",Tower 2,park-a1,2018,doc-a,孵化大厦,\n',
        encoding="utf-8",
    )
    msgs = problems_loading(folder)
    assert len(msgs) == 1 and "projects.csv: unbalanced quote starting on line 2" in msgs[0]


def test_f11_parent_cycle_is_reported_once_naming_its_members(tmp_path):
    def mutate(rows):
        rows["sites"][0].update(parent_id="park-a1")
        rows["sites"].append(dict(rows["sites"][3], id="child", name_zh="子园", parent_id="park-a1"))

    msgs = problems_loading(dataset(tmp_path, mutate))
    assert msgs == [
        (
            "sites line 2 column parent_id: parent cycle 'zone-a' → 'park-a1' → 'zone-a' (lines 2, 3): "
            "each of these is its own ancestor; change one parent_id to break it"
        )
    ]


# --------------------------------------------------------------- the class: every cell of every table


@pytest.mark.parametrize(
    "poison, needle", [("a\x00b", "control character"), ("长" * 5000, "is longer than")], ids=["nul", "long"]
)
def test_every_cell_of_every_table_is_checked(tmp_path, poison, needle):
    from geo.validate import check_tables

    raw, _ = read_raw(dataset(tmp_path))
    for table in CSV_TABLES:
        poisoned = {name: df.copy() for name, df in raw.items()}
        for column in table.column_names:
            poisoned[table.name].loc[0, column] = poison
        found = {
            p.column for p in check_tables(poisoned) if (p.table, p.row) == (table.name, 2) and needle in p.message
        }
        assert found == set(table.column_names), table.name
