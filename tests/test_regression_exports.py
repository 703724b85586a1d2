"""Regression tests for issue 7, findings 1, 9 and 12 (first three items): each failed on f4d4570.

1. Exports deleted folders (and, pointed at the data folder, the data set).
9. A cell starting with ``=`` was a live formula in xlsx and led the CSV cell.
12. ``--out .`` left a hidden ``.export-*`` folder; SIGTERM mid-export left one; Ctrl-C printed a traceback.

The signal tests run the real command line in a subprocess. A small hook makes the export wait
mid-write (its temporary file on disk) until the test's signal arrives, so the moment is certain;
one more test sends SIGTERM to unhooked exports of the shipped data as soon as the temporary file
shows, to cover the real race. Nothing sleeps: the tests poll.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pyogrio
import pytest

from geo.cli import main
from geo.exports import export_catalogue, frame_bytes
from geo.load import load_catalogue
from tests.fixtures import base_rows, write_dataset

ROOT = Path(__file__).resolve().parent.parent
EVIL = '=HYPERLINK("http://evil.example","x")'


def run(capsys, *args):
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ------------------------------------------------------------------ finding 1: data loss


def test_gpkg_onto_an_existing_folder_is_refused_and_the_folder_kept(capsys, dataset_dir, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", dataset_dir, "export", "--format", "gpkg", "--out", folder)
    assert code == 2 and "is a folder" in err and len(err.splitlines()) == 1 and "wrote" not in out
    assert snapshot(folder) == {"notes.txt": b"keep me"}


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_folder_export_keeps_the_folders_other_files(capsys, dataset_dir, tmp_path, fmt):
    folder = tmp_path / "mine"
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    (folder / "sub" / "deep.txt").write_text("me too", encoding="utf-8")
    code, _, _ = run(capsys, "--data-dir", dataset_dir, "export", "--format", fmt, "--out", folder)
    assert code == 0
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert (folder / "sub" / "deep.txt").read_text(encoding="utf-8") == "me too"
    assert (folder / f"sites.{fmt}").is_file()


@pytest.mark.parametrize("where", ["the data folder", "inside it", "its parent"])
def test_the_data_folder_is_never_an_export_target(capsys, dataset_dir, where):
    out = {"the data folder": dataset_dir, "inside it": dataset_dir / "tours", "its parent": dataset_dir.parent}[where]
    before = snapshot(dataset_dir)
    code, _, err = run(capsys, "--data-dir", dataset_dir, "export", "--format", "csv", "--out", out, "--force")
    assert code == 2 and "data folder" in err and len(err.splitlines()) == 1
    assert snapshot(dataset_dir) == before
    assert not (dataset_dir.parent / "sites.csv").exists()


# ------------------------------------------------------------------ finding 9: formula injection


@pytest.fixture
def poisoned_dir(tmp_path):
    rows = base_rows()
    rows["sites"][0]["name_en"] = EVIL
    return write_dataset(tmp_path / "data", rows)


def assert_csv_inert(data: bytes) -> None:
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    assert "'" + EVIL in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]


def assert_xlsx_inert(data: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = [
        c
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert found and all(c.data_type == "s" and c.value == "'" + EVIL for c in found)
    assert not [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_cli_exports_write_formulas_as_text(capsys, poisoned_dir, tmp_path):
    code, _, _ = run(capsys, "--data-dir", poisoned_dir, "export", "--format", "xlsx", "--out", tmp_path / "a.xlsx")
    assert code == 0
    assert_xlsx_inert((tmp_path / "a.xlsx").read_bytes())
    code, _, _ = run(capsys, "--data-dir", poisoned_dir, "export", "--format", "csv", "--out", tmp_path / "csv")
    assert code == 0
    assert_csv_inert((tmp_path / "csv" / "sites.csv").read_bytes())


def test_cli_csv_output_writes_formulas_as_text(capsys, poisoned_dir):
    code, out, _ = run(capsys, "--data-dir", poisoned_dir, "sites", "--format", "csv")
    assert code == 0
    assert_csv_inert(out.encode("utf-8"))


def test_app_downloads_write_formulas_as_text(poisoned_dir):
    from views.sources import catalogue_download

    cat = load_catalogue(poisoned_dir)
    assert_csv_inert(frame_bytes(cat.sites, "csv"))
    assert_xlsx_inert(frame_bytes(cat.sites, "xlsx"))
    assert_xlsx_inert(catalogue_download(cat, "xlsx"))
    assert_csv_inert(zipfile.ZipFile(io.BytesIO(catalogue_download(cat, "csv"))).read("sites.csv"))


# ------------------------------------------------------------------ finding 12: leftovers


def test_export_to_the_current_folder_leaves_nothing_hidden(capsys, dataset_dir, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, _, err = run(capsys, "--data-dir", dataset_dir, "export", "--format", "csv", "--out", ".")
    assert code == 0, err
    assert hidden(work) == [] and (work / "sites.csv").is_file()


# A hooked command line: the export stops mid-write, its temporary file on disk, until a signal.
# It waits in short sleeps, not signal.pause(): the kernel may hand SIGTERM to another thread of the
# process (a library's worker), and pause() then never returns although Python's handler is pending.
PAUSE_IN_GPKG = """
import pyogrio, runpy, time
real = pyogrio.write_dataframe
def write_then_wait(*args, **kwargs):
    real(*args, **kwargs)
    while True:
        time.sleep(0.05)
pyogrio.write_dataframe = write_then_wait
runpy.run_module("geo", run_name="__main__")
"""
PAUSE_IN_CSV = """
import runpy, time
import geo.exports as ex
real, calls = ex.to_csv_bytes, []
def second_waits(df):
    calls.append(1)
    while len(calls) == 2:
        time.sleep(0.05)
    return real(df)
ex.to_csv_bytes = second_waits
runpy.run_module("geo", run_name="__main__")
"""


def start(args, code: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-c", code, *map(str, args)] if code else [sys.executable, "-m", "geo", *map(str, args)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_temp(proc: subprocess.Popen, folder: Path, timeout: float = 120) -> bool:
    """Poll until a temporary export file shows in ``folder``; False if the process ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.name.startswith(".export-") for p in folder.iterdir()):
            return True
        if proc.poll() is not None:
            return False
    raise AssertionError("the export never started")


@pytest.mark.parametrize("fmt, run_no", [("gpkg", 1), ("gpkg", 2), ("gpkg", 3), ("csv", 1), ("csv", 2)])
def test_sigterm_mid_export_leaves_nothing_and_keeps_the_target(dataset_dir, tmp_path, fmt, run_no):
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("atlas.gpkg" if fmt == "gpkg" else "sites.csv")
    target.write_bytes(b"the previous export")
    args = ["--data-dir", dataset_dir, "export", "--format", fmt, "--force", "--out", target if fmt == "gpkg" else out]
    proc = start(args, PAUSE_IN_GPKG if fmt == "gpkg" else PAUSE_IN_CSV)
    assert wait_for_temp(proc, out)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and err == "terminated\n"
    assert hidden(out) == [] and snapshot(out) == {target.name: b"the previous export"}


def test_ctrl_c_mid_export_prints_one_line_and_exits_130(dataset_dir, tmp_path):
    proc = start(["--data-dir", dataset_dir, "export", "--format", "gpkg", "--out", tmp_path / "a.gpkg"], PAUSE_IN_GPKG)
    assert wait_for_temp(proc, tmp_path)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err == "interrupted\n" and out == ""
    assert not (tmp_path / "a.gpkg").exists() and hidden(tmp_path) == []


def test_a_killed_exports_temporary_file_is_removed_by_the_next_export(dataset_dir, tmp_path):
    proc = start(["--data-dir", dataset_dir, "export", "--format", "gpkg", "--out", tmp_path / "a.gpkg"], PAUSE_IN_GPKG)
    assert wait_for_temp(proc, tmp_path)
    proc.kill()
    proc.communicate(timeout=60)
    assert all(name.startswith(f".export-{proc.pid}-") for name in hidden(tmp_path))  # clearly named
    export_catalogue(load_catalogue(dataset_dir), "gpkg", tmp_path / "b.gpkg")
    assert hidden(tmp_path) == [] and not (tmp_path / "a.gpkg").exists()


@pytest.mark.parametrize("run_no", range(5))
def test_sigterm_racing_a_real_export_never_leaves_a_temporary_file(tmp_path, run_no):
    """The shipped data, no hook: SIGTERM as soon as the temporary file shows. Either the export
    was stopped (the old file stays) or it had finished (the new file is whole); never a leftover."""
    target = tmp_path / "atlas.gpkg"
    target.write_bytes(b"the previous export")
    proc = start(["export", "--format", "gpkg", "--force", "--out", target])
    if wait_for_temp(proc, tmp_path):
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert hidden(tmp_path) == [] and "Traceback" not in err
    if target.read_bytes() != b"the previous export":
        assert "sites" in dict(pyogrio.list_layers(target))
    else:
        assert proc.returncode == 143 and err == "terminated\n"
