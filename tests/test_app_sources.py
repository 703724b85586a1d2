"""The Data & sources page in both languages: its figures are geo's figures, and an uploaded
CSV (the uploader faked, since AppTest cannot upload) gets every problem listed."""

from pathlib import Path

import pandas as pd
import pytest
import streamlit

from geo.load import load_catalogue
from geo.quotes import default_seeds_dir
from geo.summary import summarise
from tests.apptest_utils import assert_no_exception, open_page
from views import sources as vs

PAGE = "app_pages/sources.py"
DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(DATA)


def frame_with(at, column: str) -> pd.DataFrame:
    """The first dataframe on the page that has ``column``."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


@pytest.mark.parametrize("lang, title, tab", [("zh", "数据与来源", "来源文件"), ("en", "Data & sources", "Sources")])
def test_page_runs_in_both_languages(lang, title, tab):
    at = open_page(PAGE, query={"lang": lang})
    assert_no_exception(at)
    assert at.title[0].value == title
    assert at.tabs[0].label == tab and len(at.tabs) == 6


def test_figures_are_geo_summary_figures(cat):
    at = open_page(PAGE, query={"lang": "en"})
    summary = summarise(cat)
    shown = {m.label: m.value for m in at.metric}
    for table, label in (("sites", "Sites placed"), ("organizations", "Organizations placed")):
        placed, total = summary.located(table)
        assert shown[label] == f"{placed} / {total}"
    methods = frame_with(at, "Location method")
    expected = summary.locations[summary.locations["table"].isin(["sites", "organizations"])]
    assert methods["Rows"].tolist() == expected["rows"].tolist()


def test_sources_show_how_many_facts_cite_each(cat):
    at = open_page(PAGE, query={"lang": "en"})
    docs = frame_with(at, "Facts citing").set_index("ID")
    for sid in cat.sources.loc[cat.sources["kind"] == "document", "id"]:
        cited = sum(int((cat.table(t)["source_id"] == sid).sum()) for t in vs.FACT_TABLES)
        assert docs.at[sid, "Facts citing"] == cited
    listed = sum(len(df.value) for df in at.dataframe if "Facts citing" in df.value.columns)
    assert listed == len(cat.sources)


def test_unknown_locations_are_listed_as_unknown(cat):
    at = open_page(PAGE)
    unknown = frame_with(at, "位置")
    assert len(unknown) == cat.sites.geometry.isna().sum() + cat.organizations.geometry.isna().sum()
    assert set(unknown["位置"]) == {"位置未知"}


def test_validation_report_says_valid_with_the_summary(cat):
    at = open_page(PAGE, query={"lang": "en"})
    assert [s.value for s in at.success] == [f"Valid: all {len(cat.table_names)} tables pass every check."]
    rows = next(df.value for df in at.dataframe if list(df.value.columns) == ["Table", "Rows"])
    counts = summarise(cat).counts
    assert rows.set_index("Table")["Rows"].to_dict() == dict(zip(counts["table"], counts["rows"], strict=False))
    assert at.code[0].value == summarise(cat).as_text()
    seeds = default_seeds_dir()
    assert any((str(seeds) if seeds else "NOT checked") in c.value for c in at.caption)


def test_licences_and_downloads_are_offered(cat):
    at = open_page(PAGE, query={"lang": "en"})
    licences = frame_with(at, "Used for").set_index("ID")
    assert set(cat.areas["source_id"]) | set(cat.rivers["source_id"]) <= set(licences.index)
    assert "leaflet" in set(frame_with(at, "Library")["Library"])
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["GeoPackage (all layers)", "Excel (all sheets)", "CSV zip", "GeoJSON zip"]


@pytest.mark.parametrize(
    "lang, layer, on_map, why", [("en", "Layer", "On the map", "Why"), ("zh", "图层", "地图上", "原因")]
)
def test_data_page_lists_the_basemap_layers_with_licence_and_default(cat, lang, layer, on_map, why):
    at = open_page(PAGE, query={"lang": lang})
    assert_no_exception(at)
    rows = frame_with(at, on_map).set_index(layer)
    unknown, shipped_off = ("licence unknown", "off by default") if lang == "en" else ("许可未知", "默认关闭")
    railways, stations = ("Railways", "Railway stations") if lang == "en" else ("铁路", "火车站")
    towns = next(name for name in rows.index if "GeoNames" in name)
    for name in (
        (f"{railways} ({unknown})", f"{stations} ({unknown})")
        if lang == "en"
        else (f"{railways}（{unknown}）", f"{stations}（{unknown}）")
    ):
        assert shipped_off in rows.at[name, on_map] and unknown in rows.at[name, why]
    assert rows.at[towns, "Licence" if lang == "en" else "许可"] == "CC BY 4.0"
    assert rows.at[towns, on_map] == ("shipped, shown by default" if lang == "en" else "随附，默认显示")
    features = "Features" if lang == "en" else "要素数"
    assert rows.at[towns, features] == len(cat.towns)
    left_out = rows[rows[on_map] == ("not shipped" if lang == "en" else "未随附")]
    assert len(left_out) == 2 and left_out[why].str.len().gt(0).all()


class FakeUpload:
    """What st.file_uploader returns, enough for the page."""

    def __init__(self, name: str, content: bytes):
        self.name, self._content, self.size = name, content, len(content)

    def getvalue(self) -> bytes:
        return self._content


def upload(monkeypatch, name: str, content: bytes) -> None:
    monkeypatch.setattr(streamlit, "file_uploader", lambda *a, **k: FakeUpload(name, content))


def test_broken_upload_lists_every_problem(monkeypatch):
    df = pd.read_csv(DATA / "sites.csv", dtype=str, keep_default_na=False)
    i = df.index[df["lat"] != ""][0]
    df.loc[i, ["lat", "lon"]] = [df.at[i, "lon"], df.at[i, "lat"]]
    df.loc[0, "parent_id"] = "no-such-site"
    upload(monkeypatch, "sites.csv", df.drop(columns=["note"]).to_csv(index=False).encode())
    at = open_page(PAGE, query={"lang": "en"})
    assert_no_exception_but_upload_error(at)
    problems = frame_with(at, "Problem")
    where = set(zip(problems["Line"].astype("object"), problems["Column"], strict=False))
    assert where == {(pd.NA, "note"), (2, "parent_id"), (i + 2, "lat")}
    assert at.error[0].value == "sites.csv: 3 problem(s) (line numbers are file lines; the header is line 1):"
    assert any("Maintenance page" in info.value for info in at.info)  # where a change is applied


def assert_no_exception_but_upload_error(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1


def test_gbk_upload_names_the_encoding(monkeypatch):
    gbk = (DATA / "projects.csv").read_text(encoding="utf-8").encode("gb18030")
    upload(monkeypatch, "projects.csv", gbk)
    at = open_page(PAGE)
    problems = frame_with(at, "问题")
    assert len(problems) == 1 and "GBK" in problems["问题"][0]
    chosen = next(box for box in at.selectbox if box.label == "表")
    assert chosen.value == "projects"  # the table is picked from the file name


def test_valid_upload_is_accepted_and_nothing_is_written(monkeypatch):
    before = {p.name: p.stat().st_mtime_ns for p in DATA.iterdir()}
    upload(monkeypatch, "memberships.csv", (DATA / "memberships.csv").read_bytes())
    at = open_page(PAGE, query={"lang": "en"})
    assert_no_exception(at)
    assert any(s.value.startswith("memberships.csv:") and "valid" in s.value for s in at.success)
    assert {p.name: p.stat().st_mtime_ns for p in DATA.iterdir()} == before
