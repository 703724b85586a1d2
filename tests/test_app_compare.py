"""园区对比 page (AppTest): ``compare?sites=`` with 2 and 4 sites in both languages, the table against
geo.compare, small maps, bad ``sites=`` values giving a notice, the picker's limit, an Excel export,
and the role (a public session's enterprise counts come from public rows only)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from geo.access import visible_catalogue
from geo.compare import MEASURE, compare_sites
from geo.load import load_catalogue
from tests.apptest_utils import assert_no_exception, open_page

PAGE = "app_pages/compare.py"
TWO = ["by-hitech", "by-yindong"]
FOUR = ["by-hitech", "by-yindong", "lz-hitech", "lz-new-area"]
CAT = load_catalogue()


def shown_table(at):
    [frame] = [df.value for df in at.dataframe]
    return frame


@pytest.mark.parametrize("sites", [TWO, FOUR], ids=["two", "four"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_table_is_geo_compare_for_the_linked_sites(sites, lang):
    assert set(sites) <= set(CAT.sites["id"])
    at = open_page(PAGE, query={"sites": ",".join(sites), "lang": lang})
    assert_no_exception(at)
    want = compare_sites(visible_catalogue(CAT, "public"), sites, lang).drop(columns=[MEASURE])
    got = shown_table(at)
    assert list(got.columns) == list(want.columns) and len(got.columns) == len(sites) + 1
    assert got.reset_index(drop=True).equals(want.reset_index(drop=True))
    assert len(at.get("deck_gl_json_chart")) == sum(  # one small map per located site
        1 for s in sites if CAT.sites.set_index("id").loc[s].geometry is not None
    )
    assert at.multiselect(key="compare_sites").value == sites


def test_bad_sites_in_the_link_give_a_notice_and_are_dropped():
    at = open_page(PAGE, query={"sites": "by-hitech,no-such-site,<script>x"})
    assert_no_exception(at)
    [warning] = at.warning
    assert "no-such-site" in warning.value and "<script>" not in warning.value  # escaped, never markup
    assert at.multiselect(key="compare_sites").value == ["by-hitech"]
    assert any("2 至 4" in i.value for i in at.info)  # one site left: asked to choose more
    assert at.dataframe.len == 0 if hasattr(at.dataframe, "len") else len(at.dataframe) == 0


def test_more_than_four_sites_are_cut_with_a_notice():
    at = open_page(PAGE, query={"sites": ",".join([*FOUR, "by-pingchuan"]), "lang": "en"})
    assert_no_exception(at)
    assert any("At most 4" in w.value for w in at.warning)
    assert at.multiselect(key="compare_sites").value == FOUR


def test_choosing_sites_updates_the_link():
    at = open_page(PAGE)
    assert any("2 至 4" in i.value for i in at.info)
    at.multiselect(key="compare_sites").select("by-hitech").select("lz-hitech").run()
    assert_no_exception(at)
    assert at.query_params["sites"] == "by-hitech,lz-hitech"
    assert len(shown_table(at).columns) == 3


def test_excel_export_holds_the_table():
    at = open_page(PAGE, query={"sites": ",".join(TWO), "lang": "en"})
    [make] = [b for b in at.button if b.label == "Make Excel"]
    make.click().run()
    assert_no_exception(at)
    from ui.compare import _document

    book = load_workbook(io.BytesIO(_document(tuple(TWO), "en", "xlsx", "public")))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Measure" and len(rows) == len(shown_table(at)) + 1
