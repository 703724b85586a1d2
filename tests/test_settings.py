"""Settings are read once, in one place, and the README lists every variable."""

from __future__ import annotations

import re
from pathlib import Path

from geo import settings as S

ROOT = Path(__file__).resolve().parent.parent


def test_settings_are_read_once_until_reload(monkeypatch):
    first = S.settings()
    monkeypatch.setenv("LANBAI_BASE_URL", "https://atlas.example.org/x/")
    monkeypatch.setenv("LANBAI_MAX_IMPORT_MB", "3")
    monkeypatch.setenv("LANBAI_ALLOW_SELF_APPROVAL", "no")
    assert S.settings() is first  # not read again on every call
    fresh = S.reload()
    assert fresh.public_base_url == "https://atlas.example.org/x"
    assert fresh.max_import_mb == 3 and fresh.allow_self_approval is False
    assert S.settings() is fresh


def test_tours_dir_and_seeds_come_from_settings(monkeypatch, tmp_path):
    from geo.quotes import default_seeds_dir
    from geo.tours import tours_folder

    (tmp_path / "README.md").write_text("seeds", encoding="utf-8")
    monkeypatch.setenv("LANBAI_TOURS_DIR", str(tmp_path / "tours"))
    monkeypatch.setenv("LANBAI_SEEDS", str(tmp_path))
    S.reload()
    assert tours_folder() == tmp_path / "tours" and default_seeds_dir() == tmp_path


def _code_files():
    for folder in ("geo", "views", "ui", "app_pages", "scripts"):
        yield from (ROOT / folder).rglob("*.py")
    yield ROOT / "atlas_app.py"
    yield ROOT / "serve.py"


def test_only_geo_settings_reads_the_environment():
    readers = [
        p.relative_to(ROOT).as_posix()
        for p in _code_files()
        if p.exists() and re.search(r"os\.environ|os\.getenv", p.read_text(encoding="utf-8"))
    ]
    assert readers == ["geo/settings.py"]


def test_readme_lists_every_variable():
    names = set(re.findall(r"\b(?:LANBAI_[A-Z_]+|TIANDITU_KEY)\b", (ROOT / "geo" / "settings.py").read_text()))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(names) >= 10
    assert not [n for n in sorted(names) if f"`{n}`" not in readme]
