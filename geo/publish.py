"""Replace several files as one step: all of them or none, even if the writer is killed midway.

The new contents are written to temporary files beside their targets and fsynced; the old files
are hard-linked as backups; then a journal listing every (temporary → target) pair is written and
renamed into place — that rename is the commit point. The temporaries are then renamed onto their
targets, and the journal and backups removed. Whoever opens the folder next calls :func:`recover`:
a journal left behind is rolled forward (the new contents are complete on disk), temporaries
without a journal are deleted (the old files were never touched). An error before the commit point
changes nothing; an error after it rolls back from the backups. A lock (``fcntl.flock`` on the data folder)
keeps two writers from interleaving.

Tests pause the writer at a named point (``LANBAI_TEST_PAUSE_AT``) and kill it there with SIGKILL.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from .errors import AtlasError
from .settings import settings

TEMP_PREFIX = ".~lanbai-"
CHANGES_DIR = "changes"  # beside the tables, inside the data folder
JOURNAL = ".publish-journal.json"
PAUSE_POINTS = ("temp-files-written", "journal-written", "first-file-replaced", "files-replaced")


class StoreWriteError(AtlasError):
    """A publish or proposal could not be written; the store is left as it was."""


def pause_point(name: str) -> None:
    """Test hook: at the named point, write the marker file and wait to be killed."""
    if settings().test_pause_at != name:
        return
    Path(settings().test_pause_marker).write_text(str(os.getpid()), encoding="utf-8")
    while True:  # the test kills this process here
        time.sleep(0.05)


@contextmanager
def writer_lock(folder: Path):
    """Hold an exclusive lock on the data folder itself for the block (waits for the other writer).

    Locking the directory creates no file, so a refused change writes zero bytes.
    """
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def write_synced(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` and flush it to the disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_dir(folder: Path) -> None:
    """Flush a folder's entries to disk (fsync of the directory)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_files(files: dict[Path, bytes], journal: Path) -> None:
    """Give every target in ``files`` its new bytes, all or none.

    Raises
    ------
    StoreWriteError
        When a file cannot be written; nothing has changed then (the message says so).
    """
    tag = uuid.uuid4().hex[:12]
    entries: list[dict] = []
    try:
        for target, data in files.items():
            temp = target.with_name(f"{TEMP_PREFIX}{tag}-{target.name}.tmp")
            entries.append({"temp": str(temp), "target": str(target), "backup": None})
            write_synced(temp, data)
        pause_point("temp-files-written")
        for entry in entries:
            entry["backup"] = _backup(Path(entry["target"]), tag)
        _commit_journal(journal, entries, tag)
    except OSError as exc:
        _discard(entries, journal.with_name(journal.name + f".{tag}.tmp"))
        raise StoreWriteError(f"cannot write {exc.filename or ''}: {_reason(exc)}; nothing was changed") from exc
    pause_point("journal-written")
    _replace_all(entries, journal)
    pause_point("files-replaced")
    _finish(entries, journal)


def _reason(exc: OSError) -> str:
    return exc.strerror or errno.errorcode.get(exc.errno or 0, "") or str(exc)


def _backup(target: Path, tag: str) -> str | None:
    if not target.exists():
        return None
    backup = target.with_name(f"{TEMP_PREFIX}{tag}-{target.name}.bak")
    os.link(target, backup)
    return str(backup)


def _commit_journal(journal: Path, entries: list[dict], tag: str) -> None:
    staging = journal.with_name(journal.name + f".{tag}.tmp")
    write_synced(staging, json.dumps(entries).encode("utf-8"))
    for folder in {Path(e["target"]).parent for e in entries}:
        sync_dir(folder)  # the temporaries' names are on disk before the journal that points to them
    os.replace(staging, journal)  # the commit point
    sync_dir(journal.parent)


def _replace_all(entries: list[dict], journal: Path) -> None:
    done: list[dict] = []
    try:
        for entry in entries:
            os.replace(entry["temp"], entry["target"])
            done.append(entry)
            if len(done) == 1:
                pause_point("first-file-replaced")
        for folder in {Path(e["target"]).parent for e in entries}:
            sync_dir(folder)
    except OSError as exc:
        what = f"cannot replace {exc.filename or ''}: {_reason(exc)}"
        try:
            _roll_back(done, entries, journal)
        except OSError as again:
            raise StoreWriteError(
                f"{what}; rolling back failed too ({_reason(again)}): "
                "the change will be completed when the store is next opened"
            ) from exc
        raise StoreWriteError(f"{what}; rolled back, nothing was changed") from exc


def _roll_back(done: list[dict], entries: list[dict], journal: Path) -> None:
    for entry in reversed(done):
        if entry["backup"]:
            os.replace(entry["backup"], entry["target"])
        else:
            os.unlink(entry["target"])
    _discard(entries, journal)


def _discard(entries: list[dict], journal: Path) -> None:
    for entry in entries:
        for key in ("temp", "backup"):
            if entry.get(key):
                Path(entry[key]).unlink(missing_ok=True)
    journal.unlink(missing_ok=True)


def _finish(entries: list[dict], journal: Path) -> None:
    for entry in entries:
        if entry["backup"]:
            Path(entry["backup"]).unlink(missing_ok=True)
    journal.unlink(missing_ok=True)
    sync_dir(journal.parent)


def finish_interrupted_publish(data_dir: Path) -> str:
    """Called by every reader of a data folder: complete or undo a publish that was killed midway."""
    changes = Path(data_dir) / CHANGES_DIR
    journal = changes / JOURNAL
    if not journal.exists() and not any(Path(data_dir).glob(f"{TEMP_PREFIX}*")):
        return ""
    with writer_lock(Path(data_dir)):
        return recover(journal, [Path(data_dir), changes])


def recover(journal: Path, folders: list[Path]) -> str:
    """Finish or undo a publish that was interrupted; returns what was done ('' when nothing)."""
    done = ""
    if journal.exists():
        entries = json.loads(journal.read_text(encoding="utf-8"))
        for entry in entries:
            if Path(entry["temp"]).exists():
                os.replace(entry["temp"], entry["target"])
        _finish(entries, journal)
        done = "rolled forward an interrupted publish"
    for folder in folders:
        strays = list(Path(folder).glob(f"{TEMP_PREFIX}*"))
        for stray in strays:
            stray.unlink(missing_ok=True)
        if strays and not done:
            done = "removed the temporary files of an interrupted publish"
    for stray in journal.parent.glob(journal.name + ".*.tmp"):
        stray.unlink(missing_ok=True)
    return done
