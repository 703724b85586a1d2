"""Two processes on one data folder: a change published with the command line shows in a running
``streamlit run`` within a few seconds (the app checks the store's version every 2 s)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pandas as pd
import pytest

from tests.browser_server import ROOT, offline_context, start_app

pytestmark = pytest.mark.browser
LOAD_MS = 45_000
RENAMED = "Yindong Industrial Park (renamed by the CLI)"


def cli(*args: str, data: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "geo", "--data-dir", data, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_change_published_by_the_cli_shows_in_a_running_app_within_seconds(browser, tmp_path, monkeypatch):
    from playwright.sync_api import expect

    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    monkeypatch.setenv("LANBAI_DATA_DIR", str(folder))
    monkeypatch.setenv("LANBAI_CACHE_DIR", str(tmp_path / "cache"))
    server = start_app()
    context, _ = offline_context(browser, base_url=server.url)
    page = context.new_page()
    try:
        page.goto("/profile?site=by-yindong&lang=en")
        expect(page.get_by_role("heading", level=2).first).to_have_text("Yindong Industrial Park", timeout=LOAD_MS)
        sites = pd.read_csv(folder / "sites.csv", dtype=str, keep_default_na=False)
        row = sites[sites["id"] == "by-yindong"].assign(name_en=RENAMED)
        row.to_csv(tmp_path / "rename.csv", index=False)
        cli(
            "change",
            "propose",
            "sites",
            str(tmp_path / "rename.csv"),
            "--reason",
            "test",
            "--author",
            "ann",
            data=str(folder),
        )
        cli("change", "approve", "1", "--reviewer", "bob", data=str(folder))
        published, deadline = time.monotonic(), time.monotonic() + 30
        while time.monotonic() < deadline:  # a visitor reloading: poll, never a fixed sleep
            page.reload()
            heading = page.get_by_role("heading", level=2).first
            expect(heading).to_be_visible(timeout=LOAD_MS)
            expect(page.locator('[data-test-script-state="notRunning"]')).to_have_count(1, timeout=LOAD_MS)
            if heading.inner_text() == RENAMED:
                break
        assert page.get_by_role("heading", level=2).first.inner_text() == RENAMED
        assert time.monotonic() - published < 10, "the change took more than a few seconds to show"
    finally:
        context.close()
        server.stop()
