import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main


def run(capsys, dataset_dir, *args):
    code = main(["--data-dir", str(dataset_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_summary(capsys, dataset_dir):
    code, out, _ = run(capsys, dataset_dir, "validate", "--seeds", str(dataset_dir / "no-seeds"))
    assert code == 0
    assert "VALID" in out and "sites                4" in out
    assert "sites: 3 of 4 placed, 1 without a location" in out


def test_validate_checks_tours_too(capsys, dataset_dir):
    (dataset_dir / "tours").mkdir()
    (dataset_dir / "tours" / "bad.yaml").write_text("title: {zh: 坏, en: Bad}\nsteps: [", encoding="utf-8")
    code, out, _ = run(capsys, dataset_dir, "validate", "--seeds", str(dataset_dir / "no-seeds"))
    assert code == 1 and "INVALID tours" in out and "bad.yaml" in out


def test_validate_lists_every_problem(capsys, dataset_dir):
    text = (dataset_dir / "projects.csv").read_text(encoding="utf-8").replace("park-a1", "ghost")
    (dataset_dir / "projects.csv").write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, dataset_dir, "validate")
    assert code == 1
    assert "projects line 2 column site_id: 'ghost' is not a known sites id" in out


def test_sites_json_by_chain_and_city(capsys, dataset_dir):
    code, out, _ = run(capsys, dataset_dir, "sites", "--industry", "新材料", "--city", "白银", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == ["zone-b"]
    for field in (
        "id",
        "name_zh",
        "name_en",
        "aliases",
        "kind",
        "city",
        "lat",
        "lon",
        "geometry_quality",
        "error_km",
        "source_id",
    ):
        assert field in rows[0]


def test_sites_within_km_of_landmark_csv(capsys, dataset_dir):
    code, out, _ = run(capsys, dataset_dir, "sites", "--within-km", "53", "--of", "机场", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0].endswith("distance_km")
    rows = out.splitlines()[1:]
    assert [r.split(",")[0] for r in rows] == ["zone-b", "park-a1"]  # nearest first; zone-a is 54 km away


def test_sites_in_area_table(capsys, dataset_dir):
    code, out, _ = run(capsys, dataset_dir, "sites", "--in-area", "城关区")
    assert code == 0 and "园区：位于城关区境内 — 2" in out


def test_industries_orgs_targets_projects(capsys, dataset_dir):
    assert (
        json.loads(run(capsys, dataset_dir, "industries", "--site", "Zone A", "--format", "json")[1])[0]["role"]
        == "主导"
    )
    orgs = json.loads(run(capsys, dataset_dir, "orgs", "--industry", "新材料", "--format", "json")[1])
    assert [o["id"] for o in orgs] == ["org-u"]
    targets = json.loads(
        run(capsys, dataset_dir, "targets", "--scope", "乙高新区", "--kind", "target", "--format", "json")[1]
    )
    assert targets[0]["value"] == 177 and targets[0]["qualifier"] == "以上" and targets[0]["year"] == 2027
    projects = json.loads(run(capsys, dataset_dir, "projects", "--site", "甲高新区", "--format", "json")[1])
    assert [p["id"] for p in projects] == ["p1"]


@pytest.mark.parametrize(
    "args, needle",
    [
        (("sites", "--industry", "新才料"), "unknown industry '新才料'. Did you mean: 新材料"),  # a typo, not a part
        (("sites", "--within-km", "5"), "--within-km and --of go together"),
        (("sites", "--within-km", "-3", "--of", "甲区"), "radius must be a positive number"),
        (("sites", "--within-km", "3", "--of", "某中心"), "has no known location"),
        (("industries", "--site", "火星园"), "unknown site '火星园'"),
    ],
)
def test_bad_arguments_exit_2_with_message(capsys, dataset_dir, args, needle):
    code, out, err = run(capsys, dataset_dir, *args)
    assert code == 2 and needle in err and "Traceback" not in err


def test_a_part_of_a_chain_name_lists_the_chain_and_runs(capsys, dataset_dir):
    code, out, err = run(capsys, dataset_dir, "sites", "--industry", "新材", "--format", "csv")
    assert code == 0 and "新材料 / New materials (chain-mat)" in err and "park-a1" in out
    assert out.startswith("id,")  # the note is on stderr: the CSV stays a CSV


def test_argparse_errors_exit_2(capsys, dataset_dir):
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(dataset_dir), "sites", "--city", "北京"])
    assert info.value.code == 2


def test_export(capsys, dataset_dir, tmp_path):
    code, out, _ = run(capsys, dataset_dir, "export", "--format", "xlsx", "--out", str(tmp_path / "a.xlsx"))
    assert code == 0 and (tmp_path / "a.xlsx").stat().st_size > 0


def test_export_over_an_existing_file_needs_force(capsys, dataset_dir, tmp_path):
    target = tmp_path / "a.gpkg"
    target.write_bytes(b"mine")
    code, out, err = run(capsys, dataset_dir, "export", "--format", "gpkg", "--out", str(target))
    assert code == 2 and out == "" and err.count("\n") == 1 and "--force" in err
    assert target.read_bytes() == b"mine"
    code, out, _ = run(capsys, dataset_dir, "export", "--format", "gpkg", "--out", str(target), "--force")
    assert code == 0 and target.read_bytes().startswith(b"SQLite format 3")


def test_export_into_the_current_folder(capsys, dataset_dir, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, out, _ = run(capsys, dataset_dir, "export", "--format", "geojson", "--out", ".")
    assert code == 0 and "wrote 8 file(s)" in out
    assert sorted(p.name for p in work.iterdir()) == [
        "areas.geojson",
        "enterprises.geojson",
        "landmarks.geojson",
        "organizations.geojson",
        "outlines.geojson",
        "parcels.geojson",
        "rivers.geojson",
        "sites.geojson",
    ]


def broken_sites(dataset_dir):
    text = (dataset_dir / "sites.csv").read_text(encoding="utf-8").replace("zone-b", "ZONE B!", 1)
    (dataset_dir / "sites.csv").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "args, code, needle",
    [
        (("export", "--format", "xlsx", "--out", "{tmp}/file.txt/a.xlsx"), 2, "cannot write"),
        (("export", "--format", "csv", "--out", "{tmp}/file.txt"), 2, "is a file"),
        (("export", "--format", "csv", "--out", "{data}"), 2, "is the data folder"),
        (("profile", "--site", "甲一园", "--format", "pdf", "--out", "{tmp}/file.txt"), 2, "--force"),
        (
            ("chain-brief", "--industry", "新材料", "--format", "pdf", "--out", "{data}/x.pdf"),
            2,
            "inside the data folder",
        ),
        (("profile", "--all", "--format", "pdf", "--out", "{tmp}/file.txt"), 2, "is a file"),
        (("export", "--format", "xlsx", "--out", "/dev/null", "--force"), 2, "not a regular file"),
    ],
)
def test_every_error_is_one_line_never_a_traceback(capsys, dataset_dir, tmp_path, args, code, needle):
    (tmp_path / "file.txt").write_text("mine", encoding="utf-8")
    args = [a.format(tmp=tmp_path, data=dataset_dir) for a in args]
    got, _, err = run(capsys, dataset_dir, *args)
    assert got == code and needle in err and err.count("\n") == 1 and "Traceback" not in err
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "mine"


def test_invalid_data_is_one_line_for_every_query_command(capsys, dataset_dir):
    broken_sites(dataset_dir)
    for args in (("sites",), ("industries", "--site", "甲区"), ("export", "--format", "csv", "--out", "x")):
        code, out, err = run(capsys, dataset_dir, *args)
        assert code == 1 and out == "" and err.count("\n") == 1
        assert err.startswith("error: the data set is not valid") and "python -m geo validate" in err


def test_argparse_errors_are_one_line(capsys, dataset_dir):
    for args in (
        ["nonsense"],
        ["export", "--format", "shp", "--out", "x"],
        ["sites", "--within-km", "far"],
        ["export", "--format", "csv", "--out", ""],
    ):
        with pytest.raises(SystemExit) as info:
            main(["--data-dir", str(dataset_dir), *args])
        err = capsys.readouterr().err
        assert info.value.code == 2 and err.count("\n") == 1 and err.startswith("error: python -m geo")


def test_a_bug_is_one_line_not_a_traceback(capsys, dataset_dir, monkeypatch):
    import geo.cli as cli

    def bug(cat, args):
        raise KeyError("id")

    monkeypatch.setitem(cli.HANDLERS, "sites", bug)
    code, _, err = run(capsys, dataset_dir, "sites")
    assert code == 1 and err == "error: unexpected KeyError: 'id' — please report this\n"


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("sites",),
        ("export", "--format", "csv", "--out", "x"),
        ("profile", "--site", "甲一园", "--format", "pdf", "--out", "x.pdf"),
    ],
)
def test_ctrl_c_in_any_command_prints_interrupted_and_exits_130(capsys, dataset_dir, monkeypatch, args):
    import geo.cli as cli

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load_catalogue", interrupted)  # validate
    monkeypatch.setattr(cli, "open_catalogue", interrupted)  # every other command
    code, out, err = run(capsys, dataset_dir, *args)
    assert code == 130 and err == "interrupted\n" and out == ""


def test_signal_handlers_are_restored_after_a_command(capsys, dataset_dir):
    import signal

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    run(capsys, dataset_dir, "sites")
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_profile_all_keeps_the_folders_files_and_replaces_same_names_only_with_force(capsys, dataset_dir, tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep", encoding="utf-8")
    (folder / "profile-zone-a-zh.pdf").write_bytes(b"mine")
    args = ("profile", "--all", "--format", "pdf", "--out", str(folder))
    code, _, err = run(capsys, dataset_dir, *args)
    assert code == 2 and "profile-zone-a-zh.pdf; add --force" in err.splitlines()[-1]
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "profile-zone-a-zh.pdf"]
    assert (folder / "profile-zone-a-zh.pdf").read_bytes() == b"mine"  # refused before anything was made
    code, _, _ = run(capsys, dataset_dir, *args, "--force")
    assert code == 0 and (folder / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert (folder / "profile-zone-a-zh.pdf").read_bytes().startswith(b"%PDF")
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_chain_brief_over_an_existing_file_needs_force(capsys, dataset_dir, tmp_path):
    target = tmp_path / "brief.pptx"
    target.write_bytes(b"mine")
    args = ("chain-brief", "--industry", "新材料", "--format", "pptx", "--out", str(target))
    code, _, err = run(capsys, dataset_dir, *args)
    assert code == 2 and "already exists; add --force" in err and target.read_bytes() == b"mine"
    code, _, _ = run(capsys, dataset_dir, *args, "--force")
    assert code == 0 and target.read_bytes().startswith(b"PK")


def test_a_closed_pipe_is_left_to_the_entry_point_to_end_quietly(dataset_dir, tmp_path):
    root = Path(__file__).resolve().parent.parent
    code = (
        "import sys, geo.cli as cli\n"
        "def closed(cat, args): raise BrokenPipeError(32, 'Broken pipe')\n"
        "cli.HANDLERS['sites'] = closed\n"
        "import runpy; runpy.run_module('geo', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--data-dir", str(dataset_dir), "sites"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stderr == ""
