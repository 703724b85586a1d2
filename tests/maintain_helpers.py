"""Helpers for the maintenance tests: a temp copy of the data with accounts, a logged-in page, an outline file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import shapely.geometry

from geo import settings as atlas_settings
from geo.accounts import FileAccountBook

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough password"
ACCOUNTS = {"ann": "maintainer", "rev": "reviewer", "pat": "internal"}
# A test outline around the shipped point of by-hitech, in a temporary copy of the data only.
OUTLINE_SITE = "by-hitech"
OUTLINE_BOX = (104.165, 36.492, 104.197, 36.518)


def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data folder without its change records."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("changes"))
    return target


def accounts_file(tmp_path: Path) -> Path:
    """An accounts file with a maintainer (ann), a reviewer (rev) and an internal reader (pat)."""
    path = tmp_path / "accounts.json"
    book = FileAccountBook(path)
    for name, role in ACCOUNTS.items():
        book.add(name, role, PASSWORD)
    return path


def maintenance_env(monkeypatch, tmp_path: Path, **extra: str) -> Path:
    """Point the atlas at a temp data copy and accounts file (and ``extra`` variables); return the data folder."""
    data = data_copy(tmp_path)
    env = {
        "LANBAI_DATA_DIR": str(data),
        "LANBAI_ACCOUNTS_FILE": str(accounts_file(tmp_path)),
        "LANBAI_CACHE_DIR": str(tmp_path / "cache"),
        **extra,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    atlas_settings.reload()
    return data


def outline_geojson(path: Path, site: str = OUTLINE_SITE, box: tuple = OUTLINE_BOX) -> Path:
    """A GeoJSON outline for ``site`` (a test rectangle), declared in EPSG:4326."""
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "site_id": site,
                    "geometry_quality": "approximate",
                    "geometry_source_id": "by-plan-2024",
                    "geometry_source": "test outline",
                },
                "geometry": shapely.geometry.mapping(shapely.geometry.box(*box)),
            }
        ],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path
