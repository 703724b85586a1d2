"""企业与载体 page (AppTest): the four views in both languages, the 找地 filters against the domain and the
URL, a click opening an enterprise / a hexagon / a park, roles (internal enterprises hidden from the
public, and said so), the search picker at 100,000 enterprises, and the synthetic banner on every page.

The 100k folder is written by ``python -m geo synth`` (its rows are SYNTHETIC) into a temporary folder.
"""

from __future__ import annotations

import json

import pytest
import streamlit as st

from geo.accounts import Session
from geo.enterprise_queries import ParcelQuery
from geo.load import load_catalogue
from geo.markup import md_text
from geo.settings import reload as settings_reload
from geo.synth import write_synthetic_folder
from tests.apptest_utils import ROOT, assert_no_exception, open_page
from tests.test_app_english import _table_texts, _visible_texts, chinese_outside_quotes
from views.deck import BINS_LAYER, POINTS_LAYER

PAGE = "app_pages/enterprises.py"
VIEWS = ("enterprises", "parcels", "arcs", "columns")
INTERNAL = {"_atlas_session": Session("tester", "internal", 1e12)}
DECK_LIMIT_BYTES = 2_000_000


def decks(at) -> list[dict]:
    """The JSON of every deck on the page."""
    return [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart")]


def layer(deck: dict, layer_id: str) -> dict:
    return next(lay for lay in deck["layers"] if lay["id"] == layer_id)


def fake_click(monkeypatch, deck_key: str, layer_id: str, object_id: str, kind: str = "point") -> None:
    """Make the deck keyed ``deck_key`` report a click on ``object_id`` of ``layer_id`` (AppTest cannot click)."""
    import ui.deckview

    def clicked(deck, **kwargs):
        st.pydeck_chart(deck, **kwargs)
        if kwargs.get("key") == deck_key:
            return {"selection": {"objects": {layer_id: [{"id": object_id, "kind": kind}]}}}
        return {"selection": {"objects": {}}}

    monkeypatch.setattr(ui.deckview, "pydeck_chart", clicked)


@pytest.fixture(scope="module")
def synth_100k(tmp_path_factory):
    """100,000 synthetic enterprises (internal) and 5,000 synthetic parcels, with the shipped tables."""
    folder = tmp_path_factory.mktemp("synth") / "data"
    write_synthetic_folder(folder, 100_000, 5_000, data_dir=ROOT / "data")
    return folder


@pytest.fixture
def synthetic_data(synth_100k, monkeypatch):
    """The app reads the 100k folder (settings and caches reloaded, and cleared after)."""
    from ui.data import clear_caches

    monkeypatch.setenv("LANBAI_DATA_DIR", str(synth_100k))
    settings_reload()
    clear_caches()
    yield load_catalogue(synth_100k)
    clear_caches()


# ------------------------------------------------------------------ shipped data


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_view_runs_in_both_languages(view, lang):
    at = open_page(PAGE, query={"view": view, "lang": lang})
    assert_no_exception(at)
    assert at.title[0].value == ("企业与载体" if lang == "zh" else "Enterprises & sites available")
    assert at.radio(key="ent_view").value == view
    if lang == "en":
        texts = list(_visible_texts(at)) + list(_table_texts(at))
        page_text = "\n".join(text for _, text in texts)
        stray = [(w, t[:80]) for w, t in texts if chinese_outside_quotes(t, page_text)]
        assert not stray, stray


def test_shipped_enterprises_are_drawn_as_points_with_the_threshold_said():
    at = open_page(PAGE)
    [deck] = decks(at)
    points = layer(deck, POINTS_LAYER)
    assert {row["id"] for row in points["data"]} == set(load_catalogue().enterprises.dropna(subset=["lat"])["id"])
    assert deck["mapProvider"] is None if "mapProvider" in deck else True  # offline: no online basemap
    assert any("5,000" in c.value for c in at.caption)


def test_parcels_ship_empty_and_the_page_points_to_the_import():
    at = open_page(PAGE, query={"view": "parcels"})
    assert_no_exception(at)
    assert any("change propose parcels" in i.value for i in at.info)
    assert decks(at) == []


def test_view_switch_is_kept_in_the_url():
    at = open_page(PAGE)
    at.radio(key="ent_view").set_value("arcs").run()
    assert_no_exception(at)
    assert at.query_params["view"] == "arcs"
    [deck] = decks(at)
    assert any(lay["id"] == "arcs" for lay in deck["layers"])


def test_a_click_on_a_point_opens_the_enterprise(monkeypatch):
    cat = load_catalogue()
    firm = cat.enterprises.dropna(subset=["lat"]).iloc[0]
    fake_click(monkeypatch, "deck-enterprises", POINTS_LAYER, firm["id"])
    at = open_page(PAGE)
    assert_no_exception(at)
    assert firm["name_zh"] in [h.value for h in at.subheader]
    assert any("统一社会信用代码" in m.value for m in at.markdown)


def test_a_click_on_an_arc_offers_the_park_profile(monkeypatch):
    fake_click(monkeypatch, "deck-arcs", "arcs", "by-yindong", kind="site")
    at = open_page(PAGE, query={"view": "arcs"})
    assert_no_exception(at)
    [button] = [b for b in at.button if "银东" in b.label]
    button.click().run()
    assert_no_exception(at)
    assert at.session_state["site"] == "by-yindong"
    assert any(h.value == "白银银东工业园" or "银东" in h.value for h in at.header)


def test_an_unknown_park_in_the_link_is_no_filter():
    at = open_page(PAGE, query={"park": "no-such-park", "area": "000000"})
    assert_no_exception(at)
    assert at.selectbox(key="park").value == "" and at.selectbox(key="area").value == ""


@pytest.fixture
def data_with_an_actual(tmp_path, monkeypatch):
    """The shipped data plus one achieved figure matching a 2027 target of 白银高新区 (as tests/test_app_targets.py)."""
    import shutil

    from ui.data import clear_caches

    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    with (folder / "indicators.csv").open("a", encoding="utf-8") as f:
        f.write(
            "ind-test-by-hnte-2023,by-hitech,高新技术企业数,High and new technology enterprises,120,家,,2023,"
            "actual,by-plan-2024,高新技术企业,test row (its quote must be in the document: quotes block loading),,\n"
        )
    monkeypatch.setenv("LANBAI_DATA_DIR", str(folder))
    settings_reload()
    clear_caches()
    yield load_catalogue(folder)
    clear_caches()


def test_columns_stand_for_target_and_actual_and_a_click_offers_the_zone(data_with_an_actual, monkeypatch):
    fake_click(monkeypatch, "deck-columns", "targets-actual", "by-hitech", kind="site")
    at = open_page(PAGE, query={"view": "columns", "indicator": "some-targets-page-id"})
    assert_no_exception(at)
    [deck] = decks(at)
    target, actual = layer(deck, "targets-target"), layer(deck, "targets-actual")
    assert [row["id"] for row in actual["data"]] == ["by-hitech"] == [row["id"] for row in target["data"]]
    assert "120" in actual["data"][0]["tooltip"]
    assert any("白银高新" in b.label for b in at.button)
    assert at.session_state["indicator"] == "some-targets-page-id"  # the targets page's choice is left alone


# ------------------------------------------------------------------ 100,000 synthetic enterprises


def test_public_sees_only_public_enterprises_and_is_told(synthetic_data):
    cat = synthetic_data
    public = int((cat.enterprises["visibility"] == "public").sum())
    at = open_page(PAGE)
    assert_no_exception(at)
    hidden = len(cat.enterprises) - public
    assert any(f"{hidden:,}" in i.value for i in at.info), [i.value for i in at.info]
    assert any(f"{public:,} 条" in c.value for c in at.caption)
    staff = open_page(PAGE, session=INTERNAL)
    assert not any(f"{hidden:,}" in i.value for i in staff.info)


def test_many_enterprises_are_hexagons_within_the_payload_goal(synthetic_data):
    at = open_page(PAGE, session=INTERNAL)
    assert_no_exception(at)
    [deck] = decks(at)
    bins = layer(deck, BINS_LAYER)
    assert sum(row["count"] for row in bins["data"]) == synthetic_data.enterprises["lat"].notna().sum()
    assert len(at.get("deck_gl_json_chart")[0].proto.json.encode()) <= DECK_LIMIT_BYTES


def test_a_click_on_a_hexagon_lists_its_enterprises(synthetic_data, monkeypatch):
    at = open_page(PAGE, session=INTERNAL)
    bins = layer(decks(at)[0], BINS_LAYER)["data"]
    busiest = max(bins, key=lambda b: b["count"])
    fake_click(monkeypatch, "deck-enterprises", BINS_LAYER, busiest["id"], kind="bin")
    at.run()
    assert_no_exception(at)
    assert any(f"{busiest['count']:,}" in c.value for c in at.caption)
    assert len(at.dataframe[0].value) == min(busiest["count"], 200)


def test_the_enterprise_picker_searches_instead_of_listing(synthetic_data):
    at = open_page(PAGE, session=INTERNAL)
    box = at.selectbox(key="ent_selected")
    assert len(box.options) <= 21  # "" and the top 20, never 100,000 options
    at.text_input(key="ent_selected-search").input("企业000777").run()
    box = at.selectbox(key="ent_selected")
    assert box.options[1] == "【合成】企业000777"
    box.select(box.options[1]).run()
    assert_no_exception(at)
    assert "【合成】企业000777" in [h.value for h in at.subheader]


def test_zhaodi_filters_match_the_domain_and_the_url(synthetic_data):
    cat = synthetic_data
    at = open_page(PAGE, query={"view": "parcels"})
    at.multiselect(key="parcel_types").select("standard_factory").run()
    at.multiselect(key="parcel_statuses").select("for_lease").run()
    at.radio(key="area_unit").set_value("mu").run()
    at.number_input(key="area_min").set_value(1.5).run()
    at.number_input(key="area_max").set_value(30.0).run()
    at.multiselect(key="utilities").select("water").run()
    assert_no_exception(at)
    want = ParcelQuery(
        types=("standard_factory",),
        statuses=("for_lease",),
        min_area_m2=1.5 * 666.67,
        max_area_m2=30 * 666.67,
        utilities=("water",),
    ).run(cat)
    assert 0 < len(want) < 5_000
    shown = at.dataframe[0].value
    assert sorted(shown["编号"]) == sorted(want["id"])
    assert {"ptype", "pstatus", "unit", "amin", "amax", "util"} <= set(at.query_params)
    assert {row["id"] for row in layer(decks(at)[0], POINTS_LAYER)["data"]} == set(want["id"])


def test_a_click_on_a_parcel_opens_it(synthetic_data, monkeypatch):
    parcel = synthetic_data.parcels.iloc[0]
    fake_click(monkeypatch, "deck-parcels", POINTS_LAYER, parcel["id"])
    at = open_page(PAGE, query={"view": "parcels", "lang": "en"})
    assert_no_exception(at)
    assert md_text(parcel["name_en"]) in [h.value for h in at.subheader]
    assert any(m.value.startswith("**Area (m²)**") for m in at.markdown)


def test_a_link_reopens_the_zhaodi_filter(synthetic_data):
    at = open_page(PAGE, query={"view": "parcels", "ptype": "office,bogus", "amin": "500", "amax": "abc"})
    assert_no_exception(at)
    assert at.multiselect(key="parcel_types").value == ["office"]
    assert at.number_input(key="area_min").value == 500
    assert at.number_input(key="area_max").value is None  # an unreadable bound is no bound (the sidebar says so)


@pytest.mark.parametrize("page", [None, PAGE, "app_pages/compare.py"])
def test_synthetic_data_show_a_banner_on_every_page(synthetic_data, page):
    at = open_page(page, query={"lang": "en"})
    assert any("Synthetic data" in w.value for w in at.warning), [w.value for w in at.warning]


def test_real_data_show_no_synthetic_banner():
    at = open_page(PAGE)
    assert not any("合成数据" in w.value for w in at.warning)
