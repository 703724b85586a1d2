import re

import pytest

from geo.settings import reload as settings_reload
from tests.apptest_utils import (
    assert_no_exception,
    fake_click,
    local_links_exist,
    maps,
    marker_count,
    open_page,
    tooltips,
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_runs_in_both_languages(lang):
    at = open_page(query={"lang": lang})
    assert_no_exception(at)
    assert at.title[0].value == ("兰白自创区空间图集" if lang == "zh" else "Lanbai Innovation Zone Atlas")
    [m] = maps(at)
    assert local_links_exist(m) == []
    located = 28  # sites and organizations with a point in the shipped data
    assert marker_count(m) == located
    labels = " ".join(tooltips(m))
    assert ("白银高新技术产业开发区" in labels) == (lang == "zh")
    assert ("Baiyin High-tech Industrial Development Zone" in labels) == (lang == "en")


def test_headline_figures_carry_their_source():
    at = open_page()
    assert len(at.metric) == 5
    for metric in at.metric:
        assert "来源" in metric.proto.help and "“" in metric.proto.help


def test_chain_filter_highlights_hosting_sites_in_red():
    plain = maps(open_page())[0]["script"].count('"markerColor": "red"')
    chosen = maps(open_page(query={"chain": "chain-new-materials"}))[0]["script"].count('"markerColor": "red"')
    assert chosen > plain


def test_state_round_trips_through_the_url():
    at = open_page(
        query={"lang": "en", "chain": "chain-biomedicine,chain-new-materials", "city": "白银", "basemap": "osm"}
    )
    assert at.session_state["chains"] == ["chain-biomedicine", "chain-new-materials"]
    assert at.session_state["basemap"] == "osm" and at.session_state["city"] == "白银"
    assert dict(at.query_params) == {
        "lang": "en",
        "chain": "chain-biomedicine,chain-new-materials",
        "city": "白银",
        "basemap": "osm",
    }


def test_invalid_url_values_are_dropped_with_a_notice():
    at = open_page(query={"lang": "fr", "km": "-4"})
    assert_no_exception(at)
    assert at.session_state["lang"] == "zh"
    assert len(at.warning) == 2


def test_map_click_opens_the_profile(monkeypatch):
    fake_click(monkeypatch, "银东工业园\n园区 · 位置为估计")
    at = open_page()
    assert at.session_state["site"] == "by-yindong"


def test_click_without_line_breaks_still_finds_the_site(monkeypatch):
    # Browsers report innerText of a hidden tooltip without the <br> line breaks.
    fake_click(monkeypatch, "机场北高新园区园区 · 位置为估计，误差约 ±5 公里")
    at = open_page()
    assert at.session_state["site"] == "lz-etdz-airport-north"


def test_every_map_offers_an_offline_html_download():
    at = open_page()
    buttons = [b for b in at.get("download_button") if b.proto.id and "html-overview" in b.proto.id]
    assert len(buttons) == 1


def test_tianditu_without_a_key_falls_back_and_says_so(monkeypatch):
    monkeypatch.delenv("TIANDITU_KEY", raising=False)
    at = open_page(query={"basemap": "tianditu"})
    assert_no_exception(at)
    assert any("TIANDITU_KEY" in i.value for i in at.info)
    assert "tianditu.gov.cn" not in maps(at)[0]["script"]


def test_tianditu_with_a_key_uses_its_tiles(monkeypatch):
    monkeypatch.setenv("TIANDITU_KEY", "test-key")
    settings_reload()
    at = open_page(query={"basemap": "tianditu"})
    script = maps(at)[0]["script"]
    assert "tianditu.gov.cn/vec_w" in script and "tk=test-key" in script


def test_gaode_shifts_overlays_to_gcj02():
    from geo.coords import wgs84_to_gcj02

    at = open_page(query={"basemap": "gaode"})
    script = maps(at)[0]["script"]
    lat, lon = wgs84_to_gcj02(36.50483, 104.18059)  # 白银高新区's catalogue geocode
    assert f"[{lat}, {lon}]" in script and "autonavi" in script


def test_headline_figures_write_their_qualifier_in_each_language():
    zh = {m.value for m in open_page().metric}
    en = {m.value for m in open_page(query={"lang": "en"}).metric}
    assert "突破500亿元" in zh and "245亿元以上" in zh  # not "500 亿元 突破"
    assert "over 50 billion yuan" in en and "24.5 billion yuan or more" in en
    assert not any(re.search(r"[\u4e00-\u9fff]", v) for v in en)
