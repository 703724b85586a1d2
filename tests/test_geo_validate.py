"""Each way the data can be broken gives a message naming table, line and column."""

import json
import math

import pytest

from geo.errors import DataValidationError
from geo.load import load_catalogue
from tests.fixtures import base_rows, write_dataset, write_seeds


def problems_for(tmp_path, mutate) -> list[str]:
    rows = base_rows()
    mutate(rows)
    folder = write_dataset(tmp_path / "data", rows)
    with pytest.raises(DataValidationError) as info:
        load_catalogue(folder)
    return [str(p) for p in info.value.problems]


def test_valid_fixture_loads(cat):
    assert len(cat.sites) == 4
    assert cat.sites.crs.to_epsg() == 4326


def test_duplicate_id_names_both_lines(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["sites"].append(dict(r["sites"][0])))
    assert any("sites line 6 column id: 'zone-a' is already used on line 2" in m for m in msgs)


def test_unresolved_reference(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["site_industries"][0].update(industry_id="nope"))
    assert msgs == ["site_industries line 2 column industry_id: 'nope' is not a known industries id"]


def test_list_reference_checked_per_value(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["industries"][1].update(chain_ids="chain-mat|chain-x"))
    assert msgs == ["industries line 3 column chain_ids: 'chain-x' is not a known industries id"]


def test_scope_may_be_site_or_area(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["indicators"][0].update(scope_id="999999"))
    assert msgs == ["indicators line 2 column scope_id: '999999' is not a known sites or areas id"]


def test_swapped_lat_lon(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["sites"][0].update(lat=103.84, lon=36.06))
    assert any("sites line 2 column lat" in m and "swapped" in m for m in msgs)


def test_projected_coordinates_rejected(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["sites"][0].update(lat=3990000, lon=580000))
    assert any("not degrees" in m for m in msgs)


def test_point_outside_gansu(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["sites"][0].update(lat=31.2, lon=121.5))
    assert any("outside Gansu" in m for m in msgs)


def test_point_needs_error_and_source(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["sites"][0].update(error_km="", geometry_source_id=""))
    assert "sites line 2 column error_km: a point must state its likely error in km" in msgs
    assert "sites line 2 column geometry_source_id: a point must name the source of its coordinate" in msgs


def test_half_a_point(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["sites"][0].update(lon=""))
    assert any("needs both lat and lon" in m for m in msgs)


def test_bad_number_and_choice(tmp_path):
    def mutate(r):
        r["indicators"][0].update(value="三百", kind="goal")

    msgs = problems_for(tmp_path, mutate)
    assert "indicators line 2 column value: '三百' is not a number" in msgs
    assert any("indicators line 2 column kind: 'goal' is not one of" in m for m in msgs)


def test_required_cell_and_missing_quote(tmp_path):
    def mutate(r):
        r["projects"][0].update(name_en="")
        r["industries"][1].update(quote="")

    msgs = problems_for(tmp_path, mutate)
    assert "projects line 2 column name_en: is empty but required" in msgs
    assert "industries line 3 column quote: a fact from a document needs its quote" in msgs


def test_every_problem_reported_not_only_first(tmp_path):
    def mutate(r):
        r["sites"][1].update(parent_id="ghost")
        r["organizations"][0].update(kind="club")
        r["projects"][0].update(year="2018.5")

    assert len(problems_for(tmp_path, mutate)) == 3


def test_parent_cycle(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["sites"][0].update(parent_id="park-a1"))
    assert any("is its own ancestor" in m for m in msgs)


def test_missing_file_and_missing_column(tmp_path):
    folder = write_dataset(tmp_path / "data")
    (folder / "projects.csv").unlink()
    text = (folder / "landmarks.csv").read_text(encoding="utf-8").replace("error_km", "err_km", 1)
    (folder / "landmarks.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_catalogue(folder)
    msgs = [str(p) for p in info.value.problems]
    assert any(m.startswith("projects: file") and "is missing" in m for m in msgs)
    assert "landmarks column error_km: column is missing" in msgs
    assert any(m.startswith("landmarks column err_km: unknown column") for m in msgs)


def test_gbk_csv_is_named(tmp_path):
    folder = write_dataset(tmp_path / "data")
    text = (folder / "sites.csv").read_text(encoding="utf-8")
    (folder / "sites.csv").write_bytes(text.encode("gbk"))
    with pytest.raises(DataValidationError) as info:
        load_catalogue(folder)
    msg = str(info.value)
    assert "sites.csv: not UTF-8" in msg and "GBK" in msg


def test_malformed_csv(tmp_path):
    folder = write_dataset(tmp_path / "data")
    (folder / "projects.csv").write_text('id,name_zh\n"unterminated,x\n', encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_catalogue(folder)
    assert any("projects" == p.table for p in info.value.problems)


def test_wrong_crs_geojson(tmp_path):
    folder = write_dataset(tmp_path / "data")
    doc = json.loads((folder / "areas.geojson").read_text(encoding="utf-8"))
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4526"}}
    (folder / "areas.geojson").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_catalogue(folder)
    assert "EPSG::4526" in str(info.value) and "EPSG:4326" in str(info.value)


def test_area_outside_gansu(tmp_path):
    def mutate(r):
        r["areas"][2]["geometry"] = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}

    msgs = problems_for(tmp_path, mutate)
    assert any(m.startswith("areas line 3 column geometry") and "outside Gansu" in m for m in msgs)


def test_quotes_checked_against_documents(tmp_path):
    rows = base_rows()
    rows["projects"][0]["quote"] = "不存在的引文"
    folder = write_dataset(tmp_path / "data", rows)
    seeds = write_seeds(tmp_path / "seeds")
    with pytest.raises(DataValidationError) as info:
        load_catalogue(folder, seeds_dir=seeds)
    assert [str(p) for p in info.value.problems] == [
        "projects line 2 column quote: not found in the document (doc-a): '不存在的引文'"
    ]


def test_quote_longer_than_60(tmp_path):
    rows = base_rows()
    rows["projects"][0]["quote"] = "孵" * 61
    folder = write_dataset(tmp_path / "data", rows)
    with pytest.raises(DataValidationError) as info:
        load_catalogue(folder, seeds_dir=write_seeds(tmp_path / "seeds"))
    assert "longer than 60 characters" in str(info.value)


def test_point_in_box_but_outside_province_outline(tmp_path):
    def mutate(r):
        r["areas"][0]["geometry"] = {
            "type": "Polygon",
            "coordinates": [[[102, 35], [106, 35], [106, 38], [102, 38], [102, 35]]],
        }
        r["areas"][1]["geometry"] = {
            "type": "Polygon",
            "coordinates": [[[103, 35.5], [104.5, 35.5], [104.5, 37], [103, 37], [103, 35.5]]],
        }
        r["sites"][0].update(lat=40.0, lon=95.0)  # inside the box, outside this outline

    msgs = problems_for(tmp_path, mutate)
    assert msgs == ["sites line 2 column lat: lat 40.0, lon 95.0 lies outside Gansu's outline"]


# --------------------------------------------------------------- the one cell parser (geo.cells)


@pytest.mark.parametrize(
    "column, text, value",
    [
        (("indicators", "value"), "2.25", 2.25),
        (("indicators", "value"), "-1e3", -1000.0),
        (("indicators", "year"), "2027", 2027),
        (("sites", "aliases"), " 甲区 | A区 |", ["甲区", "A区"]),
        (("sites", "error_km"), "", None),
        (("projects", "year"), "", None),
        (("sites", "name_zh"), "甲", "甲"),
    ],
)
def test_parse_cell_reads_what_the_loader_types(column, text, value):
    from geo.cells import parse_cell
    from geo.schema import TABLES

    got = parse_cell(TABLES[column[0]].column(column[1]), text)
    assert got == value or (value is None and (got is None or math.isnan(got)))


def test_warning_does_not_block_loading_but_a_problem_does(tmp_path):
    def just_outside(r):
        r["landmarks"][0].update(lon=103.001, lat=35.49, error_km=3)  # 1.1 km south of 兰州's box, ±3 km

    rows = base_rows()
    just_outside(rows)
    cat = load_catalogue(write_dataset(tmp_path / "ok", rows))
    assert [(w.table, w.row, w.blocking) for w in cat.warnings] == [("landmarks", 2, False)]
    msgs = problems_for(tmp_path, lambda r: (just_outside(r), r["landmarks"][0].update(error_km=0.5)))
    assert len(msgs) == 1 and "farther than its error_km (0.5 km)" in msgs[0]


def test_csv_row_with_too_few_or_too_many_fields(tmp_path):
    folder = write_dataset(tmp_path / "data")
    text = (folder / "projects.csv").read_text(encoding="utf-8")
    (folder / "projects.csv").write_text(text + "p2,x\np3,a,b,c,d,e,f,g,h\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_catalogue(folder)
    assert "the header has 8 fields but line 3 has 2; line 4 has 9" in str(info.value)


def test_repeated_header_column(tmp_path):
    folder = write_dataset(tmp_path / "data")
    text = (folder / "projects.csv").read_text(encoding="utf-8").replace(",note", ",id", 1)
    (folder / "projects.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_catalogue(folder)
    assert "column(s) 'id' appear more than once in the header" in str(info.value)


def test_self_parent_is_a_cycle_of_one(tmp_path):
    msgs = problems_for(tmp_path, lambda r: r["industries"][2].update(parent_id="a-re"))
    assert msgs == [
        (
            "industries line 4 column parent_id: parent cycle 'a-re' → 'a-re' (line 4): "
            "each of these is its own ancestor; change one parent_id to break it"
        )
    ]
