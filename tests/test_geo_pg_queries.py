"""The PostGIS store's fast paths: the chain + area query in SQL gives the folder store's answer, the
indexes behind it follow outside edits, and a warm catalogue is not rebuilt while nothing changed."""

from pathlib import Path

import psycopg
import pytest

from geo.db_transfer import load_folder
from geo.enterprise_queries import EnterpriseQuery
from geo.industry_code_rules import codes_for_chains
from geo.load import load_catalogue
from geo.pg_queries import CHAIN_AREA_SQL, chain_area_enterprise_ids
from geo.synth import write_synthetic_folder
from tests.change_helpers import changeset, edit
from tests.pg_helpers import empty_postgis_store, postgis_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory):
    """The shipped tables plus 3,000 synthetic enterprises, in a folder and in a database."""
    folder = tmp_path_factory.mktemp("synth") / "data"
    write_synthetic_folder(folder, 3_000, 50, data_dir=ROOT / "data")
    store = empty_postgis_store()
    store.migrate()
    load_folder(store, folder, author="test")
    return store, load_catalogue(folder, check_quotes=False)


def test_the_chain_and_area_query_in_sql_gives_the_folder_stores_rows(synthetic_db):
    store, cat = synthetic_db
    compared = found = 0
    with psycopg.connect(store.url) as conn:
        for chain in sorted(set(cat.code_chains["chain_id"])):
            prefixes = tuple(codes_for_chains([chain], cat.code_chains))
            for area in cat.areas["code"]:
                folder_ids = list(EnterpriseQuery(codes=prefixes, area_code=area).run(cat)["id"])
                assert chain_area_enterprise_ids(conn, chain, area) == folder_ids, (chain, area)
                compared, found = compared + 1, found + len(folder_ids)
    assert compared > 10 and found > 100  # the comparison had rows to compare


def test_the_query_indexes_follow_outside_edits_of_codes_and_areas(synthetic_db):
    store, cat = synthetic_db
    chain = sorted(set(cat.code_chains["chain_id"]))[0]
    prefix = codes_for_chains([chain], cat.code_chains)[0]
    area = cat.areas.loc[cat.areas["level"] == "city", "code"].iloc[0]
    with psycopg.connect(store.url) as conn:
        before = chain_area_enterprise_ids(conn, chain, area)
        inside = conn.execute(
            "SELECT e.id FROM enterprises e JOIN areas a ON a.code = %s AND ST_Intersects(a.geom, e.geom)"
            " WHERE NOT (e.id = ANY(%s)) ORDER BY e.fid LIMIT 1",
            (area, before),
        ).fetchone()[0]
        conn.execute("UPDATE enterprises SET industry_codes = %s WHERE id = %s", (prefix + "9", inside))
        assert inside in chain_area_enterprise_ids(conn, chain, area)  # the prefixes column followed
        conn.execute("UPDATE areas SET code = 'moved' WHERE code = %s", (area,))
        assert chain_area_enterprise_ids(conn, chain, area) == []  # the area's parts followed
        assert set(chain_area_enterprise_ids(conn, chain, "moved")) == {*before, inside}
        conn.rollback()  # the module's database stays as loaded


def test_the_query_uses_its_indexes(synthetic_db):
    store, cat = synthetic_db
    chain = sorted(set(cat.code_chains["chain_id"]))[0]
    params = {"prefixes": codes_for_chains([chain], cat.code_chains), "area": "620400"}
    with psycopg.connect(store.url) as conn:
        conn.execute("SET enable_seqscan = off")  # at 3,000 rows a scan may be cheaper; ask for the plan
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN " + CHAIN_AREA_SQL, params))
    assert "Seq Scan" not in plan and "area_parts" in plan and "enterprises_" in plan, plan


def test_a_warm_catalogue_is_the_one_built_last_until_the_version_changes(tmp_path, monkeypatch):
    store = postgis_store(tmp_path)
    first = store.catalogue()

    def no_reads():
        raise AssertionError("the tables were read again though nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr(store, "read_unchecked", no_reads)
        assert store.catalogue() is first and store.catalogue() is first
    record = store.propose(changeset(edit(store, "indicators", "i1", value="180")))
    store.approve(record.id, "bob")
    after = store.catalogue()
    assert after is not first
    assert after.indicators.set_index("id").loc["i1", "value"] == 180
    assert store.catalogue() is after
