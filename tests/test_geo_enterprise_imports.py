"""Issue 12: enterprises and 载体 parcels through the write path — good files propose, bad ones are refused located."""

from __future__ import annotations

import pytest

from geo.changesets import ChangeRefusedError
from geo.coords import wgs84_to_gcj02
from geo.folder_store import FolderStore
from geo.imports import propose_file
from geo.schema import TABLES
from geo.store import ChangeSettings
from tests.change_helpers import snapshot
from tests.fixtures import DOC, VALID_CREDIT_CODE, base_rows, write_dataset, write_seeds
from tests.import_files import write_csv

OTHER_VALID_CODE = "91440300708461136T"  # published, check character verified by GB 32100-2015
ENTERPRISE = dict(
    id="ent-new",
    name_zh="丙公司",
    name_en="Company C",
    credit_code=OTHER_VALID_CODE,
    industry_codes="2614",
    lat="36.10",
    lon="103.90",
    geometry_quality="approximate",
    location_method="sourced",
    error_km="0.05",
    geometry_source_id="geo-src",
    geometry_source="test",
    source_id=DOC,
    quote="甲一园",
)
PARCEL = dict(
    id="pc-new",
    name_zh="甲一园地块2号",
    type="land",
    area_m2="20000",
    status="for_sale",
    lat="36.10",
    lon="103.90",
    geometry_quality="approximate",
    location_method="sourced",
    error_km="0.05",
    geometry_source_id="geo-src",
    checked_on="2026-02-01",
    source_id=DOC,
)


def store_with_precise_park(tmp_path) -> FolderStore:
    """The test data set with park-a1's point known to 50 m, so a GCJ-02 shift (≈0.5 km) stands out."""
    rows = base_rows()
    rows["sites"][1]["error_km"] = 0.05
    data = write_dataset(tmp_path / "data", rows)
    return FolderStore(data, settings=ChangeSettings(), seeds_dir=write_seeds(tmp_path / "seeds"))


def propose(store, tmp_path, table: str, row: dict, **options):
    path = write_csv(tmp_path / "up.csv", list(row), [row])
    return propose_file(store, table, path, reason="test", author="ann", **options)


def test_a_good_enterprise_file_is_proposed_with_its_park_found_and_progress_reported(tmp_path):
    store = store_with_precise_park(tmp_path)
    stages = []
    row = {k: v for k, v in ENTERPRISE.items()}
    record = propose(store, tmp_path, "enterprises", row, progress=lambda stage, done, total: stages.append(stage))
    added = record.changeset.changes[0].after
    assert (added["site_id"], added["site_method"]) == ("park-a1", "nearest")
    assert any("park park-a1 (nearest)" in note for note in record.changeset.notes)
    assert stages[:2] == ["read", "read"] and "rows" in stages and stages[-1] == "validate"


def test_a_good_parcel_file_is_proposed(tmp_path):
    store = store_with_precise_park(tmp_path)
    record = propose(store, tmp_path, "parcels", dict(PARCEL))
    assert record.changeset.changes[0].after["site_id"] == "park-a1"


GCJ_LAT, GCJ_LON = wgs84_to_gcj02(36.10, 103.90)
BAD = [
    ("enterprises", dict(credit_code=OTHER_VALID_CODE[:-1] + "X"), "credit_code", "wrong check character"),
    ("enterprises", dict(credit_code="9144030070846113"), "credit_code", "has 16 characters"),
    ("enterprises", dict(industry_codes="2614|98"), "industry_codes", "'98' is not a known GB/T 4754-2017 code"),
    ("enterprises", dict(industry_codes="C39x"), "industry_codes", "is not a GB/T 4754-2017 code"),
    ("enterprises", dict(credit_code=VALID_CREDIT_CODE), "credit_code", "is already used on line 2"),
    ("enterprises", dict(lat="39.9", lon="116.4"), "lat", "outside Gansu"),
    ("enterprises", dict(lat=f"{GCJ_LAT:.6f}", lon=f"{GCJ_LON:.6f}", site_id="park-a1"), "lat", "GCJ-02"),
    ("enterprises", dict(site_id="park-zz"), "site_id", "'park-zz' is not a known sites id"),
    (
        "enterprises",
        dict(name_zh="【合成】丙公司", synthetic="true", source_id="", quote=""),
        "synthetic",
        "benchmark folder",
    ),
    ("parcels", dict(area_m2="0"), "area_m2", "must be greater than 0"),
    ("parcels", dict(area_m2="-5"), "area_m2", "must be greater than 0"),
    ("parcels", dict(status="sold"), "status", "is not one of"),
    ("parcels", dict(type="castle"), "type", "is not one of"),
    ("parcels", dict(site_id="park-zz"), "site_id", "'park-zz' is not a known sites id"),
    ("parcels", dict(price="12"), "price_unit", "a price needs its unit"),
]


@pytest.mark.parametrize("table, cells, column, needle", BAD, ids=[f"{t}-{c}-{n[:14]}" for t, _, c, n in BAD])
def test_bad_input_is_refused_located_and_nothing_is_written(tmp_path, table, cells, column, needle):
    store = store_with_precise_park(tmp_path)
    before = snapshot(store.data_dir)
    row = dict(ENTERPRISE if table == "enterprises" else PARCEL, **cells)
    with pytest.raises(ChangeRefusedError) as refused:
        propose(store, tmp_path, table, row)
    located = [str(p) for p in refused.value.problems if p.column == column]
    assert any(s.startswith(f"up.csv line 2 column {column}: ") and needle in s for s in located), [
        str(p) for p in refused.value.problems
    ]
    assert snapshot(store.data_dir) == before


def test_gcj02_points_import_cleanly_when_declared(tmp_path):
    store = store_with_precise_park(tmp_path)
    row = dict(ENTERPRISE, lat=f"{GCJ_LAT:.6f}", lon=f"{GCJ_LON:.6f}", site_id="park-a1")
    record = propose(store, tmp_path, "enterprises", row, datum="gcj02")
    after = record.changeset.changes[0].after
    assert abs(float(after["lat"]) - 36.10) < 1e-4 and abs(float(after["lon"]) - 103.90) < 1e-4


def test_every_new_table_is_in_the_write_path():
    assert {"enterprises", "parcels", "industry_codes", "code_chains"} <= set(TABLES)
