"""PostGIS store figures: loading the catalogue from the database vs from the data folder.

Also the cheap version check app servers run every few seconds.

``bench/run.py`` may call :func:`postgis_load_figures`; alone:
``.venv/bin/python bench/bench_postgis.py postgresql://…`` (a database after ``db init`` + ``db load data/``).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median_s(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def postgis_load_figures(url: str, data_dir: Path | str | None = None, runs: int = 5) -> dict[str, float]:
    """Median seconds of loading the catalogue from the folder and from PostGIS.

    Folder load (read + validate + type); PostGIS cold load (read + validate + type, a new store
    object each run); PostGIS warm catalogue (version unchanged: no re-read); the version check.
    """
    from geo.load import load_catalogue
    from geo.pg_store import PostgisStore
    from geo.store import ChangeSettings

    folder = Path(data_dir) if data_dir else ROOT / "data"
    warm = PostgisStore(url, settings=ChangeSettings(), seeds_dir=None)
    warm.catalogue()
    figures = {
        "folder_load_s": _median_s(lambda: load_catalogue(folder, check_quotes=False), runs),
        "postgis_cold_load_s": _median_s(
            lambda: PostgisStore(url, settings=ChangeSettings(), seeds_dir=None).catalogue(), runs
        ),
        "postgis_warm_catalogue_s": _median_s(warm.catalogue, runs),
        "postgis_version_check_s": _median_s(warm.version, runs * 20),
    }
    return figures


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: bench/bench_postgis.py DATABASE_URL [DATA_DIR]")
    for name, value in postgis_load_figures(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None).items():
        print(f"{name}: {value * 1000:.2f} ms")


# ----------------------------------------------------------------- chain + area query, with and without indexes

# Enterprises of one chain (an industry code under one of the chain's GB/T 4754 prefixes) inside one
# area: geo.pg_queries.chain_area_enterprise_ids, with the indexes of migration 0006 and without them.
AREA_CODE_CONSTRAINT = "areas_code_key"
BAIYIN_CITY = "620400"


def chain_area_query_figures(url: str, runs: int = 5, area: str = BAIYIN_CITY) -> dict[str, float]:
    """Median seconds of the chain + area query with its indexes, and with them dropped.

    The indexes are dropped inside one transaction that is rolled back at the end, which recreates
    them exactly (PostgreSQL's DDL is transactional): the database is left as it was.
    Also returns the enterprises found and the rows of the table.
    """
    import psycopg

    from geo.pg_queries import CHAIN_AREA_INDEXES, chain_area_enterprise_ids

    with psycopg.connect(url, autocommit=True) as conn:  # as autovacuum leaves a table soon after a load
        for table in ("enterprises", "areas", "area_parts", "code_chains"):
            conn.execute(f"VACUUM (ANALYZE) {table}")
    with psycopg.connect(url) as conn:
        chain = _busiest_chain(conn)
        count = len(chain_area_enterprise_ids(conn, chain, area))
        rows = conn.execute("SELECT count(*) FROM enterprises").fetchone()[0]
        indexed = _median_s(lambda: chain_area_enterprise_ids(conn, chain, area), runs)
        for name in CHAIN_AREA_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        conn.execute(f"ALTER TABLE areas DROP CONSTRAINT IF EXISTS {AREA_CODE_CONSTRAINT}")
        unindexed = _median_s(lambda: chain_area_enterprise_ids(conn, chain, area), runs)
        conn.rollback()  # the indexes are back
    return {"query_indexed_s": indexed, "query_unindexed_s": unindexed, "found": count, "enterprises": rows}


def _busiest_chain(conn) -> str:
    """The chain with the most enterprises (so the query has work to do)."""
    row = conn.execute(
        "SELECT c.chain_id, count(*) FROM enterprises e, unnest(string_to_array(e.industry_codes, '|')) AS code"
        " JOIN code_chains c ON code LIKE c.prefix || '%' GROUP BY c.chain_id ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()
    if row is None:  # no enterprise has a code (the shipped data): any mapped chain, found 0
        row = conn.execute("SELECT min(chain_id) FROM code_chains").fetchone()
    return row[0] if row and row[0] else "none"


def synthetic_database(server, enterprises: int, workdir: Path) -> tuple[str, Path, float]:
    """A bench database on ``server`` holding the shipped data plus ``enterprises`` synthetic ones.

    Runs ``python -m geo synth`` and ``db init`` + ``db load`` as a maintainer would; returns the
    database URL, the synthetic folder and the seconds ``db load`` took.
    """
    import subprocess

    folder = workdir / f"synth-{enterprises}"
    url = server.new_database(template=None)
    commands = (
        ["synth", "--enterprises", str(enterprises), "--parcels", "100", "--out", str(folder)],
        ["db", "init"],
        ["db", "load", str(folder)],
    )
    took = 0.0
    for args in commands:
        # synth copies the shipped folder; db init and load then write the bench database
        env = {**os.environ, "PYTHONPATH": str(ROOT), **({"LANBAI_DATABASE_URL": url} if args[0] == "db" else {})}
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"python -m geo {' '.join(args)} failed: {done.stderr.strip()[-600:]}")
        took = time.perf_counter() - start
    return url, folder, took


# ----------------------------------------------------------------- the figures of `./run bench --only postgis`

GOAL_VERSION_CHECK_MS = 5  # every app server runs it every 2 s
GOAL_LOAD_RATIO = 2  # a cold load from PostGIS vs from the folder
GOAL_QUERY_MS = 100  # the chain + area query at 100,000 enterprises, with its indexes
SYNTHETIC_SIZES = (100_000,)


def postgis_figures(runs: int = 5, sizes: tuple[int, ...] = SYNTHETIC_SIZES) -> list[tuple]:
    """Start a throwaway PostGIS cluster, load the shipped data and synthetic folders, measure.

    Returns rows ``(name, value, unit, note, goal, goal_text)`` for :class:`bench.run.Figure`.
    """
    import tempfile

    from geo.db_transfer import load_folder
    from geo.pg_store import PostgisStore
    from geo.store import ChangeSettings
    from tests.pg_server import Server

    server = Server()
    server.start()
    rows: list[tuple] = []
    try:
        url = server.new_database(template=None)
        store = PostgisStore(url, settings=ChangeSettings(), seeds_dir=None)
        store.migrate()
        load_folder(store, ROOT / "data", author="bench")
        rows += _load_rows(postgis_load_figures(url, ROOT / "data", runs), "shipped data")
        rows += _query_rows(chain_area_query_figures(url, runs), "shipped data")
        with tempfile.TemporaryDirectory() as tmp:
            for size in sizes:
                big_url, folder, load_s = synthetic_database(server, size, Path(tmp))
                what = f"{size:,} synthetic enterprises"
                rows.append((f"postgis db load ({what})", round(load_s, 1), "s", "python -m geo db load", None, ""))
                rows += _load_rows(postgis_load_figures(big_url, folder, max(runs // 2, 1)), what)
                rows += _query_rows(chain_area_query_figures(big_url, runs), what, goal=True)
    finally:
        server.cleanup()
    return rows


def _load_rows(figures: dict[str, float], what: str) -> list[tuple]:
    ratio = figures["postgis_cold_load_s"] / figures["folder_load_s"]
    return [
        (f"folder load ({what})", round(figures["folder_load_s"] * 1000), "ms", "read + validate + type", None, ""),
        (f"postgis cold load ({what})", round(figures["postgis_cold_load_s"] * 1000), "ms", "new store", None, ""),
        (f"postgis / folder load ({what})", round(ratio, 2), "x", "cold load ratio", GOAL_LOAD_RATIO, ""),
        (f"postgis warm catalogue ({what})", round(figures["postgis_warm_catalogue_s"] * 1000, 2), "ms", "", None, ""),
        (
            f"postgis version check ({what})",
            round(figures["postgis_version_check_s"] * 1000, 2),
            "ms",
            "per rerun, at most every 2 s",
            GOAL_VERSION_CHECK_MS,
            "",
        ),
    ]


def _query_rows(figures: dict[str, float], what: str, goal: bool = False) -> list[tuple]:
    note = f"{figures['found']} of {figures['enterprises']} enterprises found"
    indexed, unindexed = figures["query_indexed_s"] * 1000, figures["query_unindexed_s"] * 1000
    return [
        (f"chain+area query, indexed ({what})", round(indexed, 2), "ms", note, GOAL_QUERY_MS if goal else None, ""),
        (f"chain+area query, no indexes ({what})", round(unindexed, 2), "ms", "GIN, GiST + btree dropped", None, ""),
        (
            f"index speed-up ({what})",
            round(unindexed / indexed, 1) if indexed else None,
            "x",
            "",
            None,
            "> 1" if goal else "",
        ),
    ]
