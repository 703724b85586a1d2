"""The embedded store: the data folder itself, with changeset records in ``<data>/changes/``.

Published changes rewrite the table files in place (only the changed rows differ, so ``git diff``
shows row edits); every changeset — proposed, published or rejected — is one JSON file
``changes/000001.json`` holding who, when, why, the cited source and each row before and after.
A lock on the data folder (``flock``) serialises writers; ``changes/.publish-journal.json`` exists only while a publish
is under way, and an interrupted publish is completed or undone when the store is next opened.
"""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from pathlib import Path

from .changesets import ChangeRecord, Raw
from .errors import DataValidationError
from .load import read_raw
from .publish import CHANGES_DIR, JOURNAL, TEMP_PREFIX, recover, replace_files, writer_lock
from .quotes import default_seeds_dir
from .schema import TABLES
from .settings import settings as _settings
from .store import ChangeSettings
from .tablefiles import table_file_bytes
from .workflow import WorkflowStore

AUTO = "auto"


class FolderStore(WorkflowStore):
    """The catalogue in a data folder (CSV + GeoJSON), changes beside it in ``changes/``.

    Parameters
    ----------
    data_dir : path, optional
        The data folder; defaults to ``LANBAI_DATA_DIR`` or the shipped ``data/``.
    settings : ChangeSettings, optional
        Self-approval and the import size limit; from the environment by default.
    seeds_dir : path or None
        Source documents to check quotes against; found automatically by default, None to skip.
    """

    def __init__(
        self,
        data_dir: Path | str | None = None,
        settings: ChangeSettings | None = None,
        seeds_dir: Path | str | None = AUTO,
    ):
        self.data_dir = Path(data_dir) if data_dir is not None else _settings().data_dir
        if not self.data_dir.is_dir():
            raise FileNotFoundError(f"data folder {self.data_dir} does not exist")
        self.settings = settings or ChangeSettings.from_env()
        if seeds_dir == AUTO:
            self.seeds_dir = default_seeds_dir()
        else:
            self.seeds_dir = Path(seeds_dir) if seeds_dir is not None else None
        self.changes_dir = self.data_dir / CHANGES_DIR
        self._thread_lock, self._depth = threading.RLock(), 0
        self._parsed: dict[str, tuple[tuple, ChangeRecord]] = {}
        self.recovered = self._recover_if_needed()

    # -- reading --------------------------------------------------------------------------------
    def read_raw(self) -> Raw:
        """Read the tables of the data folder as they are on disk."""
        raw, problems = read_raw(self.data_dir)
        if problems:
            raise DataValidationError(problems)
        return raw

    def version(self) -> str:
        """Size and modification time of every table file: a publish replaces them, so it changes."""
        return table_files_version(self.data_dir)

    def data_label(self, table: str) -> str:
        """Name the file that holds ``table`` in the data folder."""
        return str(self.data_dir / TABLES[table].filename)

    def record_path(self, change_id: int) -> Path:
        """Give the path of change ``change_id``'s record."""
        return self.changes_dir / f"{int(change_id):06d}.json"

    # -- storage primitives ---------------------------------------------------------------------
    @contextmanager
    def _locked(self):
        """The folder lock, re-entrant within one thread (approve → check); other threads wait their turn."""
        with self._thread_lock:
            self._depth += 1
            try:
                if self._depth > 1:
                    yield
                    return
                with writer_lock(self.data_dir):
                    self._recover()
                    yield
            finally:
                self._depth -= 1

    def _records(self) -> list[ChangeRecord]:
        """Every record; a file is parsed again only when it has changed (records of big imports are large)."""
        if not self.changes_dir.is_dir():
            return []
        records = []
        for path in sorted(self.changes_dir.glob("[0-9]*.json")):
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            cached = self._parsed.get(path.name)
            if cached is None or cached[0] != stamp:
                cached = self._parsed[path.name] = (stamp, ChangeRecord.from_json(path.read_text(encoding="utf-8")))
            records.append(cached[1])
        return records

    def _save_record(self, record: ChangeRecord) -> None:
        self.changes_dir.mkdir(exist_ok=True)
        replace_files({self.record_path(record.id): record.to_json().encode("utf-8")}, self.changes_dir / JOURNAL)

    def _publish(self, record: ChangeRecord, new_raw: Raw) -> None:
        files = {}
        for name in record.changeset.tables:
            path = self.data_dir / TABLES[name].filename
            files[path] = table_file_bytes(TABLES[name], path.read_bytes(), new_raw[name])
        files[self.record_path(record.id)] = record.to_json().encode("utf-8")
        replace_files(files, self.changes_dir / JOURNAL)

    # -- recovery -------------------------------------------------------------------------------
    def _recover_if_needed(self) -> str:
        leftovers = (
            (self.changes_dir / JOURNAL).exists()
            or any(self.data_dir.glob(f"{TEMP_PREFIX}*"))
            or (self.changes_dir.is_dir() and any(self.changes_dir.glob(f"{TEMP_PREFIX}*")))
        )
        if not leftovers:
            return ""
        with self._locked():
            return self._last_recovery

    def _recover(self) -> None:
        self._last_recovery = recover(self.changes_dir / JOURNAL, [self.data_dir, self.changes_dir])


def table_files_version(data_dir: Path) -> str:
    """Size, modification time and inode of every table file of ``data_dir``, as one short digest."""
    digest = hashlib.sha1()
    for path in (data_dir / t.filename for t in TABLES.values()):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino};".encode())
    return digest.hexdigest()[:16]
