"""A validated, typed snapshot of the catalogue, reused while the data and the code are unchanged.

Validating 100,000 enterprises takes seconds; a command-line query should not pay that each time.
:func:`load_snapshot` keys a pickle of the loaded :class:`~geo.load.Catalogue` on every table file's
size, modification time and content hash, the source documents' names, sizes and times (when quotes
are checked), and the code of the ``geo`` package — any change makes a new key, so a stale snapshot
is never read. Only data that passed validation are stored. Snapshots live in ``LANBAI_CACHE_DIR``
(default ``.cache/catalogue`` in the project, git-ignored); ``LANBAI_SNAPSHOT=0`` turns them off.
"""

from __future__ import annotations

import copy
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .cells import with_points
from .schema import TABLES
from .settings import PROJECT_ROOT, settings

LARGE_POINT_TABLES = ("enterprises", "parcels")  # geometry last, from lat/lon only: rebuilt, not pickled
KEEP = 6  # snapshots kept (newest first); older ones are removed
_FORMAT = "2"
_CHUNK = 1 << 20


def cache_dir() -> Path:
    """Where snapshots are written (``LANBAI_CACHE_DIR``, default ``.cache/catalogue``)."""
    return settings().cache_dir or PROJECT_ROOT / ".cache" / "catalogue"


def enabled() -> bool:
    """Whether snapshots are used (``LANBAI_SNAPSHOT`` is not 0/false/no/off)."""
    return settings().snapshot


def load_snapshot(data_dir: Path, seeds_dir: Path | None, build: Callable):
    """The catalogue of ``data_dir``: from its snapshot when one matches, else ``build()`` (then stored).

    Parameters
    ----------
    data_dir : the data folder
    seeds_dir : the documents quotes are checked against (None: not checked), part of the key
    build : loads and validates the catalogue; its exceptions pass through and nothing is stored
    """
    if not enabled():
        return build()
    key = snapshot_key(Path(data_dir), seeds_dir)
    path = cache_dir() / f"catalogue-{key}.pickle"
    stored = _read(path)
    if stored is not None:
        return _restored(stored, Path(data_dir))
    cat = build()
    _write(path, _storable(cat))
    return cat


def _storable(cat):
    """A copy whose point tables have no geometry column: rebuilt from lat/lon on reading, faster than WKB."""
    stored = copy.copy(cat)
    stored.__dict__ = {
        k: v for k, v in cat.__dict__.items() if k not in ("names", "scope_labels", "_code_index")
    }  # cached views
    for name in LARGE_POINT_TABLES:
        frame = getattr(cat, name, None)
        if isinstance(frame, gpd.GeoDataFrame):
            setattr(stored, name, pd.DataFrame(frame.drop(columns="geometry")))
    return stored


def _restored(stored, data_dir: Path):
    for name in LARGE_POINT_TABLES:
        frame = getattr(stored, name, None)
        if frame is not None and not isinstance(frame, gpd.GeoDataFrame):
            setattr(stored, name, with_points(frame))
    stored.data_dir = data_dir
    return stored


def snapshot_key(data_dir: Path, seeds_dir: Path | None) -> str:
    """A digest of the data files (size, time, content), the documents' stat, and the code version."""
    digest = hashlib.sha256(f"{_FORMAT}:{code_version()}:{data_dir.resolve()}".encode())
    for table in TABLES.values():
        path = data_dir / table.filename
        try:
            stat = path.stat()
        except FileNotFoundError:
            digest.update(f"{table.filename}:missing;".encode())
            continue
        digest.update(f"{table.filename}:{stat.st_size}:{stat.st_mtime_ns}:{_file_hash(path)};".encode())
    if seeds_dir is not None and Path(seeds_dir).is_dir():
        for path in sorted(Path(seeds_dir).iterdir()):
            stat = path.stat()
            digest.update(f"seed:{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    else:
        digest.update(b"no-quote-check")
    return digest.hexdigest()[:32]


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the ``geo`` package's source: a code change invalidates every snapshot."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _file_hash(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read(path: Path):
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file: rebuilt and replaced
        return None


def _write(path: Path, cat) -> None:
    """Store atomically (a reader never sees half a file); a read-only cache folder is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".snapshot-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(cat, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
        _prune(path.parent)
    except OSError:
        return


def _prune(folder: Path) -> None:
    snapshots = sorted(folder.glob("catalogue-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in snapshots[KEEP:]:
        old.unlink(missing_ok=True)
