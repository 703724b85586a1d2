"""The PostGIS store factory for the contract suite: a fresh database holding the test data set."""

from __future__ import annotations

from pathlib import Path

import psycopg

from geo.db_transfer import load_folder
from geo.pg_store import PostgisStore
from geo.store import ChangeSettings
from tests.fixtures import write_dataset, write_seeds
from tests.pg_server import TEMPLATE, server


def postgis_store(tmp_path: Path, settings: ChangeSettings | None = None) -> PostgisStore:
    running = server()
    if not running.template_ready:
        _make_template(running, tmp_path / "template")
    seeds = write_seeds(tmp_path / "seeds")
    store = PostgisStore(running.new_database(), settings=settings or ChangeSettings(), seeds_dir=seeds)
    return store


def empty_postgis_store(settings: ChangeSettings | None = None) -> PostgisStore:
    """A database with PostGIS but no atlas schema yet."""
    return PostgisStore(server().new_database(template=None), settings=settings or ChangeSettings(), seeds_dir=None)


def _make_template(running, folder: Path) -> None:
    with psycopg.connect(running.url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    store = PostgisStore(running.database_url(TEMPLATE), settings=ChangeSettings(), seeds_dir=None)
    store.migrate()
    load_folder(store, write_dataset(folder / "data"), author="test-setup")
    # the template's load is not part of any test's history
    with psycopg.connect(store.url, autocommit=True) as conn:
        conn.execute("DELETE FROM changes")
    store.close()
    running.template_ready = True
