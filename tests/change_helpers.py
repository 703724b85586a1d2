"""Helpers for the change/store tests: a store on a copy of the test data set, edits, folder snapshots."""

from __future__ import annotations

from pathlib import Path

from geo.changesets import Changeset, RowChange, index_by_key, row_cells
from geo.folder_store import FolderStore
from geo.schema import TABLES
from geo.store import ChangeSettings
from tests.fixtures import write_dataset, write_seeds


def folder_store(tmp_path: Path, settings: ChangeSettings | None = None) -> FolderStore:
    data = write_dataset(tmp_path / "data")
    return FolderStore(data, settings=settings or ChangeSettings(), seeds_dir=write_seeds(tmp_path / "seeds"))


def _postgis(tmp_path: Path, settings: ChangeSettings | None = None):
    from tests.pg_helpers import postgis_store  # PostGIS tests start a cluster on first use

    return postgis_store(tmp_path, settings)


STORE_FACTORIES = {"folder": folder_store, "postgis": _postgis}


def current(store, table: str, key: str) -> dict:
    raw = store.read_raw()
    return row_cells(TABLES[table], raw[table], index_by_key(TABLES[table], raw[table])[key])


def edit(store, table: str, key: str, **cells) -> RowChange:
    before = current(store, table, key)
    return RowChange(table, "change", key, before, {**before, **cells})


def removal(store, table: str, key: str) -> RowChange:
    return RowChange(table, "remove", key, current(store, table, key), None)


def addition(table: str, key: str, **cells) -> RowChange:
    row = {c: "" for c in TABLES[table].column_names}
    row.update(cells)
    return RowChange(table, "add", key, None, row)


def changeset(*changes: RowChange, author: str = "ann", reason: str = "test", file: str = "edit") -> Changeset:
    return Changeset(list(changes), author=author, reason=reason, file=file)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (records included) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def data_snapshot(folder) -> dict[str, bytes]:
    """The table files only (what a publish may change); for a database store, its tables as text."""
    if not isinstance(folder, (str, Path)):
        return {name: df.to_csv().encode() for name, df in folder.read_unchecked().items()}
    return {t.filename: (Path(folder) / t.filename).read_bytes() for t in TABLES.values()}


NEW_PROJECT = dict(
    id="p2", name_zh="新大厦", name_en="New tower", site_id="park-a1", year="2024", source_id="doc-a", quote="孵化大厦"
)
