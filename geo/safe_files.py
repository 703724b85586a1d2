"""Writing export files without losing anything: the rules every file the atlas writes follows.

* A file is written to a temporary file beside its target, flushed to disk (fsync) and moved into
  place (``os.replace``) only when complete: a reader never sees half a file.
* An existing target file is replaced only when the caller says ``force``; without it, the file is
  placed with ``os.link``, which fails if the name appeared meanwhile, so nothing is overwritten.
* A folder is never deleted or emptied: a folder export adds its files to it and leaves the rest.
* The data folder (and anything inside it, and any folder holding it) is never a target.
* Temporary files are removed on every exit path that runs Python code (success, error,
  Ctrl-C, SIGTERM once the command line turned it into an exception). A process killed outright
  (``kill -9``) can leave one, named ``.export-<pid>-<random>.<target name>``; the next export into
  the same folder removes those whose process is gone (:func:`remove_stale_temps`).
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ExportTargetError

TEMP_PREFIX = ".export-"
_TEMP_NAME = re.compile(r"^\.export-(?P<pid>\d+)-[0-9a-f]{8}\.")
_SIDECARS = ("-journal", "-wal", "-shm")  # SQLite (GeoPackage) files GDAL may leave beside a killed write


def check_file_target(path: Path | str, *, data_dir: Path | str | None = None, force: bool = False) -> Path:
    """Refuse a target file the export must not write.

    Refuse a target file the export must not write: the data folder's, a folder, or an
    existing file without ``force``.

    Raises
    ------
    ExportTargetError
    """
    path = Path(path)
    refuse_data_folder(path, data_dir)
    if path.is_dir():
        raise ExportTargetError(f"{path} is a folder; name the file to write")
    _refuse_special(path)
    if os.path.lexists(path) and not force:
        raise ExportTargetError(f"{path} already exists; add --force to replace it")
    return path


def check_folder_target(
    folder: Path | str, names: Iterable[str], *, data_dir: Path | str | None = None, force: bool = False
) -> list[Path]:
    """Check a target folder and give the files ``names`` inside it.

    The files ``names`` inside ``folder``, after refusing a folder the export must not write to:
    the data folder (or one inside it or holding it), an existing file named like the folder, a
    sub-folder named like one of the files, or existing files without ``force``.

    Raises
    ------
    ExportTargetError
    """
    folder = Path(folder)
    refuse_data_folder(folder, data_dir)
    if os.path.lexists(folder) and not folder.is_dir():
        raise ExportTargetError(f"{folder} is a file; name a folder (new or existing) to write the files into")
    targets = [folder / name for name in names]
    folders = [t.name for t in targets if t.is_dir()]
    if folders:
        raise ExportTargetError(f"{folder} holds folders named like the files to write: {', '.join(folders)}")
    for target in targets:
        _refuse_special(target)
    existing = [t.name for t in targets if os.path.lexists(t)]
    if existing and not force:
        shown = ", ".join(existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise ExportTargetError(f"{folder} already holds {shown}; add --force to replace them")
    return targets


def refuse_data_folder(target: Path | str, data_dir: Path | str | None) -> None:
    """Refuse ``target`` if it is the data folder, lies inside it, or holds it.

    Raises
    ------
    ExportTargetError
    """
    if data_dir is None:
        return
    path, data = Path(target).resolve(), Path(data_dir).resolve()
    if path == data:
        raise ExportTargetError(f"{target} is the data folder; choose another place for the export")
    if data in path.parents:
        raise ExportTargetError(f"{target} is inside the data folder {data}; choose another place for the export")
    if path in data.parents:
        raise ExportTargetError(f"{target} holds the data folder {data}; choose another place for the export")


def _refuse_special(path: Path) -> None:
    """A device, pipe or socket (``/dev/null``) is never replaced, not even with force."""
    if os.path.lexists(path) and not path.is_symlink() and not path.is_file() and not path.is_dir():
        raise ExportTargetError(f"{path} is not a regular file; name a file or folder to write")


@contextmanager
def folder_for(folder: Path) -> Iterator[Path]:
    """Make ``folder`` for a block, removing it again if the block fails.

    Make ``folder`` (and missing parents); if the block fails, remove again the ones made here
    that are still empty. Existing folders are never removed.
    """
    folder = Path(folder)
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield folder
    except BaseException:
        for made in missing:  # deepest first
            try:
                os.rmdir(made)
            except OSError:
                break  # not empty (something else wrote there) or gone: leave it and its parents
        raise


@contextmanager
def atomic_file(target: Path, *, force: bool = False) -> Iterator[Path]:
    """Give a temporary path beside ``target`` for a block to write.

    A temporary path beside ``target`` (not yet created) for the block to write; moved onto
    ``target`` when the block succeeds, removed on any exit.

    Raises
    ------
    ExportTargetError
        ``target`` appeared while writing and ``force`` is not set.
    """
    target = Path(target)
    tmp = target.parent / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.{target.name}"
    try:
        yield tmp
        _fsync(tmp)
        _place(tmp, target, force)
        _fsync_folder(target.parent)
    finally:
        _discard(tmp)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file (never over an existing one)."""
    with open(path, "xb") as out:
        out.write(data)


def remove_stale_temps(folder: Path | str) -> list[Path]:
    """Remove temporary files left by exports whose process is gone.

    Remove temporary files left in ``folder`` by exports whose process is gone (killed with
    ``kill -9`` or a power cut). Only files named like this module's temporary files are touched.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed = []
    for entry in folder.iterdir():
        match = _TEMP_NAME.match(entry.name)
        if match and entry.is_file() and not entry.is_symlink() and not _alive(int(match["pid"])):
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:
                pass  # another export cleaned it first, or it is not ours to remove
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a live process of another user
    except OSError:
        return True  # cannot tell: leave its file alone
    return True


def _place(tmp: Path, target: Path, force: bool) -> None:
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if target exists: nothing is overwritten without force
    except FileExistsError:
        raise ExportTargetError(f"{target} already exists; add --force to replace it") from None
    except OSError:  # the file system has no hard links
        if os.path.lexists(target):
            raise ExportTargetError(f"{target} already exists; add --force to replace it") from None
        os.replace(tmp, target)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system can open a folder for this."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _discard(tmp: Path) -> None:
    for path in (tmp, *(tmp.with_name(tmp.name + s) for s in _SIDECARS)):
        try:
            os.unlink(path)
        except OSError:
            pass  # not there (placed, or never created); never mask the error that got us here
