import json

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
    for field in ("id", "name_zh", "name_en", "aliases", "kind", "city", "lat", "lon", "geometry_quality",
                  "error_km", "source_id"):
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
    assert json.loads(run(capsys, dataset_dir, "industries", "--site", "Zone A", "--format", "json")[1])[0]["role"] == "主导"
    orgs = json.loads(run(capsys, dataset_dir, "orgs", "--industry", "新材料", "--format", "json")[1])
    assert [o["id"] for o in orgs] == ["org-u"]
    targets = json.loads(run(capsys, dataset_dir, "targets", "--scope", "乙高新区", "--kind", "target", "--format", "json")[1])
    assert targets[0]["value"] == 177 and targets[0]["qualifier"] == "以上" and targets[0]["year"] == 2027
    projects = json.loads(run(capsys, dataset_dir, "projects", "--site", "甲高新区", "--format", "json")[1])
    assert [p["id"] for p in projects] == ["p1"]


@pytest.mark.parametrize("args, needle", [
    (("sites", "--industry", "新才料"), "unknown industry '新才料'. Did you mean: 新材料"),  # a typo, not a part
    (("sites", "--within-km", "5"), "--within-km and --of go together"),
    (("sites", "--within-km", "-3", "--of", "甲区"), "radius must be a positive number"),
    (("sites", "--within-km", "3", "--of", "某中心"), "has no known location"),
    (("industries", "--site", "火星园"), "unknown site '火星园'"),
])
def test_bad_arguments_exit_2_with_message(capsys, dataset_dir, args, needle):
    code, out, err = run(capsys, dataset_dir, *args)
    assert code == 2 and needle in err and "Traceback" not in err


def test_a_part_of_a_chain_name_lists_the_chain_and_runs(capsys, dataset_dir):
    code, out, _ = run(capsys, dataset_dir, "sites", "--industry", "新材", "--format", "csv")
    assert code == 0 and "新材料 / New materials (chain-mat)" in out and "park-a1" in out


def test_argparse_errors_exit_2(capsys, dataset_dir):
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(dataset_dir), "sites", "--city", "北京"])
    assert info.value.code == 2


def test_export(capsys, dataset_dir, tmp_path):
    code, out, _ = run(capsys, dataset_dir, "export", "--format", "xlsx", "--out", str(tmp_path / "a.xlsx"))
    assert code == 0 and (tmp_path / "a.xlsx").stat().st_size > 0
