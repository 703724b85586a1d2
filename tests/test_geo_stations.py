"""Railway stations as centres for distance search (issue 9, §5)."""

import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.load import load_catalogue
from geo.stations import find_station, station_key

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue(ROOT / "data", check_quotes=False)


@pytest.mark.parametrize("typed", ["白银西站", "白银西", "白银西火车站", " 白银西站 "])
def test_a_station_is_found_with_or_without_zhan(shipped, typed):
    station = find_station(shipped, typed)
    assert station is not None and station.name_zh == "白银西"
    assert station.source_id == "heywhale-stations"
    assert "许可未知" in station.label_zh and "licence unknown" in station.label_en


def test_unknown_or_empty_names_find_nothing(shipped):
    assert find_station(shipped, "不存在站") is None
    assert find_station(shipped, "") is None
    assert station_key("站") == "站"  # a bare 站 is not turned into an empty name


def test_cli_within_10_km_of_lanzhou_west_station():
    # 兰州西站 is a sourced landmark (Wikipedia); it wins over the stations layer.
    out = subprocess.run(
        [sys.executable, "-m", "geo", "sites", "--within-km", "10", "--of", "兰州西站", "--format", "csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "lz-hitech-qilihe" in out.stdout


def test_cli_within_km_of_a_station_only_the_layer_knows(capsys):
    code = main(["--data-dir", str(ROOT / "data"), "sites", "--within-km", "10", "--of", "白银西站"])
    out = capsys.readouterr().out
    assert code == 0
    assert "许可未知" in out  # the answer says where its centre comes from
    assert "by-xiqu" in out


def test_a_name_no_place_and_no_station_has_is_still_an_error(capsys):
    code = main(["--data-dir", str(ROOT / "data"), "sites", "--within-km", "10", "--of", "不存在站"])
    assert code != 0
    assert "不存在站" in capsys.readouterr().err
