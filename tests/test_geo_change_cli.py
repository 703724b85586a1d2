"""The maintenance commands exactly as the README gives them (data folder from LANBAI_DATA_DIR)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.settings import reload as settings_reload
from tests.change_helpers import snapshot
from tests.fixtures import write_dataset, write_seeds
from tests.import_files import ACTUAL, INDICATOR_HEADER, OUTLINE, ZONE_A_BOX, write_csv, write_geojson

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data")
    monkeypatch.setenv("LANBAI_DATA_DIR", str(folder))
    monkeypatch.setenv("LANBAI_SEEDS", str(write_seeds(tmp_path / "seeds")))
    monkeypatch.setenv("LANBAI_USER", "ann")
    settings_reload()
    return folder


@pytest.fixture
def actuals(tmp_path):
    return write_csv(
        tmp_path / "actuals-2024.csv",
        INDICATOR_HEADER,
        [ACTUAL, dict(ACTUAL, id="i1", value="180", year="2027", kind="target", qualifier="以上")],
    )


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_propose_prints_the_id_and_a_diff_summary(capsys, data, actuals):
    code, out, _ = run(
        capsys, "change", "propose", "indicators", str(actuals), "--reason", "2024 actuals", "--author", "ann"
    )
    assert code == 0
    assert out.startswith("change 1 proposed by ann: indicators: +1 ~1 -0")
    assert "~ indicators i1 (file line 3)" in out and "value: '177' → '180'" in out and "+ indicators i3" in out


def test_propose_refuses_with_every_located_problem_and_stores_nothing(capsys, data, tmp_path):
    bad = write_csv(
        tmp_path / "bad.csv", INDICATOR_HEADER, [dict(ACTUAL, scope_id="ghost"), dict(ACTUAL, id="i4", value="nan")]
    )
    before = snapshot(data)
    code, out, _ = run(capsys, "change", "propose", "indicators", str(bad), "--reason", "x")
    assert code == 1
    assert "bad.csv line 2 column scope_id: 'ghost' is not a known sites or areas id" in out
    assert "bad.csv line 3 column value: 'nan' is not a finite number" in out and "nothing was stored" in out
    assert snapshot(data) == before


def test_show_list_approve_history_and_json(capsys, data, actuals):
    run(capsys, "change", "propose", "indicators", str(actuals), "--reason", "2024 actuals")
    code, out, _ = run(capsys, "change", "show", "1", "--format", "json")
    shown = json.loads(out)
    assert code == 0 and shown["status"] == "proposed" and shown["changeset"]["author"] == "ann"
    code, out, _ = run(capsys, "change", "list", "--status", "proposed", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == [1]
    code, out, _ = run(capsys, "change", "approve", "1", "--reviewer", "bob")
    assert code == 0 and out.startswith("change 1 published by bob")
    code, out, _ = run(capsys, "history", "--table", "indicators")
    assert "#1 [published]" in out and "by ann, published by bob" in out and "why: 2024 actuals" in out
    code, out, _ = run(capsys, "history", "--format", "json")
    assert json.loads(out)[0]["changeset"]["changes"][1]["before"]["value"] == "177"
    code, out, _ = run(capsys, "change", "show", "1")
    assert "value: '177' → '180'" in out and "reason: 2024 actuals" in out


def test_reject_and_list_by_status(capsys, data, actuals):
    run(capsys, "change", "propose", "indicators", str(actuals), "--reason", "r")
    code, out, _ = run(capsys, "change", "reject", "1", "--reason", "no source")
    assert code == 0 and "rejected by ann: no source" in out
    code, out, _ = run(capsys, "change", "list", "--status", "rejected")
    assert "#1 [rejected]" in out
    code, _, err = run(capsys, "change", "approve", "1")
    assert code == 2 and "already rejected" in err


def test_revert_then_export_as_of(capsys, data, actuals, tmp_path):
    run(capsys, "change", "propose", "indicators", str(actuals), "--reason", "r")
    run(capsys, "change", "approve", "1")
    code, out, _ = run(capsys, "change", "revert", "1", "--reason", "wrong figures")
    assert code == 0 and "change 2 proposed: undo of change 1" in out
    run(capsys, "change", "approve", "2")
    assert "i3" not in (data / "indicators.csv").read_text(encoding="utf-8")
    code, out, _ = run(capsys, "export", "--format", "csv", "--out", str(tmp_path / "then"), "--as-of", "1")
    assert code == 0
    assert "i3,zone-b" in (tmp_path / "then" / "indicators.csv").read_text(encoding="utf-8-sig")
    run(capsys, "export", "--format", "csv", "--out", str(tmp_path / "now"))
    assert "i3,zone-b" not in (tmp_path / "now" / "indicators.csv").read_text(encoding="utf-8-sig")


def test_approve_of_a_conflicting_change_exits_1_naming_the_rows(capsys, data, tmp_path):
    one = write_csv(tmp_path / "one.csv", ["id", "value"], [dict(id="i1", value="180")])
    two = write_csv(tmp_path / "two.csv", ["id", "value"], [dict(id="i1", value="190")])
    run(capsys, "change", "propose", "indicators", str(one), "--reason", "a")
    run(capsys, "change", "propose", "indicators", str(two), "--reason", "b")
    run(capsys, "change", "approve", "2")
    code, out, _ = run(capsys, "change", "approve", "1")
    assert code == 1 and "indicators i1: changed since the proposal (columns: value)" in out


def test_outline_with_crs_datum_and_name_key(capsys, data, tmp_path):
    path = write_geojson(
        tmp_path / "zone.geojson",
        [dict({k: v for k, v in OUTLINE.items() if k != "site_id"}, name="甲高新区", geometry=ZONE_A_BOX)],
    )
    code, out, _ = run(
        capsys,
        "change",
        "propose",
        "outlines",
        str(path),
        "--reason",
        "official outline",
        "--crs",
        "EPSG:4326",
        "--datum",
        "wgs84",
        "--key",
        "name",
    )
    assert code == 0 and "'甲高新区' → zone-a" in out and "outlines: +1 ~0 -0" in out


@pytest.mark.parametrize(
    "args",
    [
        ["change", "propose", "nope", "x.csv", "--reason", "r"],
        ["change", "propose", "indicators", "x.csv"],
        ["change", "propose", "indicators", "x.csv", "--reason", "r", "--datum", "wgs72"],
        ["change", "show", "abc"],
        ["change", "list", "--status", "draft"],
        ["change", "reject", "1"],
        ["change", "frobnicate"],
        ["history", "--format", "xml"],
    ],
)
def test_bad_arguments_print_one_line_and_exit_2(capsys, data, args):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    _, err = capsys.readouterr()
    assert exit_.value.code == 2 and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["change", "show", "7"], "no change with id 7"),
        (["change", "propose", "indicators", "missing.csv", "--reason", "r"], "does not exist"),
        (["change", "propose", "indicators", "x.csv", "--reason", "r", "--key", "name"], "no names to match"),
        (["export", "--format", "csv", "--out", "o", "--as-of", "3"], "no change with id 3"),
    ],
)
def test_unknown_ids_and_files_exit_2_with_one_line(capsys, data, args, message):
    code, _, err = run(capsys, *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_the_commands_run_as_a_module(data, actuals):
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "change", "propose", "indicators", str(actuals), "--reason", "2024 actuals"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("change 1 proposed"), proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "change", "list", "--format", "json"], cwd=ROOT, capture_output=True, text=True
    )
    assert json.loads(proc.stdout)[0]["status"] == "proposed"
