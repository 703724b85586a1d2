"""Issue 12: credit codes, the shipped tables, the 找地 queries, the CLI, synthetic folders and snapshots."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from geo import enterprise_queries as eq
from geo.cli import main
from geo.credit_code import ALPHABET, check_character, credit_code_problem, is_valid_credit_code
from geo.enterprise_parks import assign_parks
from geo.load import load_catalogue
from geo.snapshot import cache_dir
from geo.synth import write_synthetic_folder
from tests.fixtures import VALID_CREDIT_CODE

# Published codes (Huawei Technologies Co., Ltd.; Shenzhen Tencent Computer Systems Co., Ltd.) whose check
# character the GB 32100-2015 algorithm confirms.
PUBLISHED = ("914403001922038216", "91440300708461136T")
DATA = Path(__file__).resolve().parent.parent / "data"


# ---------------------------------------------------------------- 统一社会信用代码


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_pass_the_check_digit(code):
    assert is_valid_credit_code(code) and check_character(code[:17]) == code[17]


@pytest.mark.parametrize("code", PUBLISHED)
def test_every_single_character_change_is_caught(code):
    for at in range(18):
        for other in ALPHABET[:5] + "XY":
            if other != code[at]:
                altered = code[:at] + other + code[at + 1 :]
                assert not is_valid_credit_code(altered), altered


def test_check_value_31_is_written_0_and_bad_shapes_say_why():
    assert "0" == check_character("91310000607215802")  # sum mod 31 == 0 → 31 → '0'
    assert "18" in credit_code_problem("91440300708461136T1")
    assert "not a character" in credit_code_problem("9144030070846113IT")
    assert "capitals" in credit_code_problem("91440300708461136t")


# ---------------------------------------------------------------- the shipped tables


def test_shipped_codes_are_the_20_sections_and_97_divisions_with_their_source():
    codes = pd.read_csv(DATA / "industry_codes.csv", dtype=str, keep_default_na=False)
    assert codes.groupby("level").size().to_dict() == {"门类": 20, "大类": 97}
    assert list(codes.loc[codes["level"] == "门类", "code"]) == list("ABCDEFGHIJKLMNOPQRST")
    assert set(codes["source_id"]) == {"gbt-4754-2017"}
    assert codes.loc[codes["code"] == "39", "name_zh"].item() == "计算机、通信和其他电子设备制造业"


def test_document_firms_are_enterprises_linked_to_their_organization_with_nothing_invented():
    ent = pd.read_csv(DATA / "enterprises.csv", dtype=str, keep_default_na=False)
    orgs = pd.read_csv(DATA / "organizations.csv", dtype=str, keep_default_na=False).set_index("id")
    assert set(ent["org_id"]) == set(orgs.index[orgs["kind"] == "enterprise"])
    assert (ent["credit_code"] == "").all() and (ent["industry_codes"] == "").all()
    assert (ent["synthetic"] == "").all()
    for _, row in ent.iterrows():
        org = orgs.loc[row["org_id"]]
        assert (row["lat"], row["lon"], row["source_id"], row["quote"]) == (
            org["lat"],
            org["lon"],
            org["source_id"],
            org["quote"],
        )
    parcels = pd.read_csv(DATA / "parcels.csv", dtype=str)
    assert parcels.empty and "area_m2" in parcels.columns and "area_mu" not in parcels.columns


def test_an_anchor_point_places_no_firm_in_a_park():
    sites = pd.DataFrame([dict(id="p", kind="park", lat="36.0", lon="104.0", error_km="20")])
    rows = pd.DataFrame([dict(lat="36.0", lon="104.0", error_km="2", location_method=m) for m in ("anchor", "sourced")])
    assert list(assign_parks(rows, sites, None)["site_method"]) == ["none", "nearest"]


# ---------------------------------------------------------------- queries (test data set)


def test_enterprise_chain_site_area_and_distance_filters(cat):
    assert list(eq.enterprises(cat, industry=["新材料"]).rows["id"]) == ["ent-e"]  # code 26 → chain-mat
    assert list(eq.enterprises(cat, industry=["C"]).rows["id"]) == ["ent-e"]  # a GB/T code directly
    with pytest.raises(eq.InvalidQueryError, match="is in no chain of the vocabulary"):
        eq.enterprises(cat, industry=["生物医药"])  # the test set's b-bio is in no chain
    assert list(eq.enterprises(cat, site="乙高新区").rows["id"]) == ["ent-e"]
    assert eq.enterprises(cat, site="甲高新区").rows.empty
    assert list(eq.enterprises(cat, in_area="兰州市").rows["id"]) == ["ent-e"]  # (36.54, 104.17) is in its test box
    assert eq.enterprises(cat, in_area="城关区").rows.empty
    assert eq.enterprises(cat, within_km=5, of="机场").rows.empty  # the airport is ≈50 km away
    near = eq.enterprises(cat, within_km=70, of="甲一园").rows
    assert list(near["id"]) == ["ent-e"] and 50 < near["distance_km"].iloc[0] < 70
    found = eq.enterprises(cat, industry=["新材料"], site="乙高新区")
    assert found.describe("zh") == "企业：产业链：新材料，位于乙高新区（含其园区）"
    assert found.describe("en") == "Enterprises on the chain(s) New materials, in Zone B (and its parks)"


def test_parcel_filter_by_type_status_area_and_utilities(cat):
    found = eq.parcels(
        cat,
        industry=["新材料"],
        type="标准厂房",
        status="可租",
        min_area=1000,
        max_area=5000,
        utilities=["water"],
        min_power_kva=500,
    )
    assert list(found.rows["id"]) == ["pc-1"] and found.rows["area_mu"].iloc[0] == round(3000 / 666.67, 2)
    assert "类型：标准厂房" in found.describe("zh") and "status for lease" in found.describe("en")
    assert eq.parcels(cat, min_area=5000).rows.empty
    assert eq.parcels(cat, utilities=["gas"]).rows.empty
    with pytest.raises(eq.InvalidQueryError, match="min-area 10 is above --max-area 5"):
        eq.parcels(cat, min_area=10, max_area=5)
    with pytest.raises(eq.InvalidQueryError, match="unknown status"):
        eq.parcels(cat, status="sold")


# ---------------------------------------------------------------- command line


def test_cli_enterprises_and_parcels(dataset_dir, capsys):
    assert main(["--data-dir", str(dataset_dir), "enterprises", "--industry", "新材料", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["ent-e"] and rows[0]["chains"] == ["chain-mat"]
    assert (
        main(["--data-dir", str(dataset_dir), "parcels", "--status", "for_lease", "--min-area", "100", "--lang", "en"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("Parcels status for lease, area 100– m² — 1") and "pc-1" in out
    assert main(["--data-dir", str(dataset_dir), "parcels", "--type", "castle"]) == 2
    assert "unknown type 'castle'" in capsys.readouterr().err


# ---------------------------------------------------------------- synthetic folders and snapshots


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "data"
    write_synthetic_folder(out, 300, 40, data_dir=DATA)
    return out


def test_a_synthetic_folder_loads_says_so_and_stays_inside_the_two_cities(synthetic_dir):
    cat = load_catalogue(synthetic_dir)
    assert cat.is_synthetic and not load_catalogue(DATA).is_synthetic
    synthetic = cat.enterprises[cat.enterprises["synthetic"] == "true"]
    assert len(synthetic) == 300 and synthetic["name_zh"].str.startswith("【合成】").all()
    assert (synthetic["credit_code"] == "").all()
    cities = cat.areas[cat.areas["code"].isin(["620100", "620400"])].geometry.union_all()
    assert synthetic.within(cities).all()
    assert len(cat.parcels) == 40 and eq.parcels(cat).describe("en").startswith("[SYNTHETIC DATA]")


def test_cli_synth_refuses_a_non_empty_folder(tmp_path, capsys):
    (tmp_path / "x.txt").write_text("keep")
    assert main(["synth", "--enterprises", "5", "--parcels", "1", "--out", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err and (tmp_path / "x.txt").exists()


def test_the_snapshot_is_reused_while_nothing_changes_and_replaced_when_a_file_does(synthetic_dir, tmp_path):
    first = load_catalogue(synthetic_dir)
    snapshots = set(cache_dir().glob("catalogue-*.pickle"))
    assert snapshots
    again = load_catalogue(synthetic_dir)
    assert set(cache_dir().glob("catalogue-*.pickle")) == snapshots
    pd.testing.assert_frame_equal(pd.DataFrame(first.enterprises), pd.DataFrame(again.enterprises))
    assert again.enterprises.geometry.notna().sum() == first.enterprises.geometry.notna().sum()
    path = synthetic_dir / "parcels.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("【合成】载体00001,", "【合成】载体0000X,", 1), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    try:
        changed = load_catalogue(synthetic_dir)
        assert "【合成】载体0000X" in set(changed.parcels["name_zh"])
    finally:
        path.write_text(text, encoding="utf-8")


def test_an_invalid_folder_is_never_snapshotted(tmp_path, dataset_dir):
    from geo.errors import DataValidationError

    path = dataset_dir / "enterprises.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(VALID_CREDIT_CODE, VALID_CREDIT_CODE[:-1] + "7"), encoding="utf-8"
    )
    for _ in range(2):  # the second load validates again: no snapshot of invalid data
        with pytest.raises(DataValidationError, match="wrong check character"):
            load_catalogue(dataset_dir)
