"""Moving a whole catalogue between a data folder and the PostGIS store (``db load`` / ``db dump``).

A load is one published changeset (author, time, reason "load DIR", every row added, changed or
removed), written in one transaction, so it shows in the history and can be reverted. A dump writes
the tables as the data folder holds them: CSV tables come back byte for byte; GeoJSON layers come
back with the same features, properties and coordinates, one feature per line.
"""

from __future__ import annotations

import json
from pathlib import Path

from .changesets import ChangeRecord, Changeset, is_geo, now_iso, table_changes
from .errors import DataValidationError, ExportTargetError
from .load import read_raw
from .schema import TABLES
from .tablefiles import table_file_bytes
from .validate import find_problems


def load_folder(store, folder: Path | str, author: str, seeds_dir: Path | None = None) -> ChangeRecord | None:
    """Make the database hold exactly the tables of ``folder``; returns the published record (None: no change).

    Raises
    ------
    DataValidationError
        The folder is not a valid data set (every problem listed); nothing is written.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"data folder {folder} does not exist")
    raw, problems = read_raw(folder)
    problems = problems or find_problems(raw, seeds_dir=seeds_dir)
    if problems:
        raise DataValidationError(problems)
    with store._locked():
        current = store.read_unchecked()
        changes = [c for name in TABLES for c in table_changes(current, name, raw[name])]
        if not changes:
            return None
        change_id, sequence = store.next_ids()
        changeset = Changeset(changes, author=author, reason=f"load {folder}", file=str(folder))
        record = ChangeRecord(
            id=change_id,
            changeset=changeset,
            status="published",
            reviewer=author,
            reviewed=now_iso(),
            sequence=sequence,
        )
        store.publish_directly(record, raw)
    return record


def dump_folder(store, folder: Path | str, force: bool = False) -> list[Path]:
    """Write every table of the store's (valid) contents into ``folder``; returns the files written.

    Raises
    ------
    ExportTargetError
        A table file already exists there and ``force`` is not given; nothing is written.
    """
    folder = Path(folder)
    targets = {name: folder / table.filename for name, table in TABLES.items()}
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing and not force:
        raise ExportTargetError(f"{existing[0]} exists (and {len(existing) - 1} more); pass --force to replace")
    raw = store.read_raw()
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in targets.items():
        template = _geojson_head(name) if is_geo(TABLES[name]) else b""
        path.write_bytes(table_file_bytes(TABLES[name], template, raw[name]))
    return list(targets.values())


def _geojson_head(name: str) -> bytes:
    return json.dumps({"type": "FeatureCollection", "name": name, "features": []}).encode("utf-8")
