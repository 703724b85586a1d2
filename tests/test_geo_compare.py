"""Comparing 2–4 sites (geo/compare.py): the table, unknowns shown as unknown, zh/en, exports."""

from __future__ import annotations

import io
from copy import copy
from functools import cache

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo import compare as C
from geo.errors import ExportError, InvalidQueryError, UnknownNameError
from geo.load import load_catalogue
from geo.schema import CRS

TWO = ["by-hitech", "lz-hitech"]


@cache
def shipped():
    return load_catalogue(check_quotes=False)


def cell(table: pd.DataFrame, measure: str, column: int) -> str:
    return table.loc[table[C.MEASURE] == measure].iloc[0, 2 + column]


@pytest.mark.parametrize("ids", [TWO, TWO + ["by-huining"], TWO + ["by-huining", "lz-etdz"]])
def test_two_to_four_sites_give_one_column_each(ids):
    table = C.compare_sites(shipped(), ids)
    assert list(table.columns[:2]) == [C.MEASURE, "指标"] and len(table.columns) == 2 + len(ids)
    assert table[C.MEASURE].is_unique


@pytest.mark.parametrize(
    "ids", [["by-hitech"], TWO + ["by-huining", "lz-etdz", "by-xiqu"], ["by-hitech", "by-hitech"], []]
)
def test_fewer_than_two_more_than_four_or_repeated_sites_are_refused(ids):
    with pytest.raises(InvalidQueryError):
        C.compare_sites(shipped(), ids)


def test_an_unknown_site_or_language_is_refused():
    with pytest.raises(UnknownNameError):
        C.compare_sites(shipped(), ["by-hitech", "no-such-site"])
    with pytest.raises(InvalidQueryError):
        C.compare_sites(shipped(), TWO, lang="fr")


def test_the_measures_it_shows():
    table = C.compare_sites(shipped(), TWO + ["by-huining"])
    measures = set(table[C.MEASURE])
    assert {
        "approved_area",
        "outlined_area",
        "industries",
        "units",
        "enterprises",
        "parcels",
        "targets",
        "actuals",
        "latest_actual",
        "projects",
        "location",
    } <= measures
    assert any(m.startswith("chain:") for m in measures)
    assert cell(table, "approved_area", 0) == "805.05 公顷"  # sites.csv: by-hitech 805.05 ha
    assert cell(table, "location", 2) == "位置未知"  # 会宁 as a whole has no point


def test_unknown_is_unknown_not_zero():
    table = C.compare_sites(shipped(), ["by-hitech", "by-yindong"], lang="en")
    assert cell(table, "approved_area", 1) == "unknown"  # 银东 has no approved area in the data
    assert cell(table, "outlined_area", 0) == "unknown (no outline)"
    assert cell(table, "enterprises", 0).isdigit()  # the enterprises table ships the firms the documents name
    assert cell(table, "parcels", 0).startswith("unknown")  # no 载体 is listed yet
    assert "0" not in {cell(table, m, 0) for m in ("approved_area", "outlined_area", "parcels")}


def test_industries_are_grouped_by_chain_from_hosting_links():
    table = C.compare_sites(shipped(), TWO)
    assert cell(table, "chain:chain-nonferrous", 0) == "有色冶金"
    assert cell(table, "chain:chain-nonferrous", 1) == "（无记录）"


def test_both_languages():
    zh, en = C.compare_sites(shipped(), TWO, "zh"), C.compare_sites(shipped(), TWO, "en")
    assert list(zh[C.MEASURE]) == list(en[C.MEASURE])
    assert list(zh.columns[2:]) == ["白银高新技术产业开发区", "兰州高新技术产业开发区"]
    assert en.columns[1] == "Measure" and en.columns[2].startswith("Baiyin")
    assert cell(en, "kind", 0) == "zone" and cell(zh, "kind", 0) == "开发区/新区"
    assert all(text.isascii() or "载体" in text for text in en.iloc[:, 1])  # English words (载体 kept as the term)


def test_an_outline_gives_an_area_computed_in_metres():
    cat = copy(shipped())
    square = box(104.17, 36.49, 104.19, 36.51)  # about 1.8 km × 2.2 km
    cat.outlines = gpd.GeoDataFrame(
        {
            "site_id": ["by-hitech"],
            "geometry_quality": ["approximate"],
            "geometry_source_id": ["x"],
            "geometry_source": [""],
            "area_ha": [None],
            "note": [""],
        },
        geometry=[square],
        crs=CRS,
    )
    text = cell(C.compare_sites(cat, TWO, "en"), "outlined_area", 0)
    assert text.endswith(" ha") and 350 < float(text.split()[0].replace(",", "")) < 450


def test_enterprises_and_parcels_are_counted_once_their_tables_exist():
    cat = copy(shipped())
    cat.enterprises = pd.DataFrame(
        {
            "id": ["e1", "e2", "e3"],
            "site_id": ["by-hitech", "by-hitech", ""],
            "chain_ids": [["chain-new-materials"], [], ["chain-new-materials"]],
        }
    )
    cat.parcels = pd.DataFrame(
        {
            "id": ["p1", "p2", "p3"],
            "site_id": ["lz-hitech", "lz-hitech", "by-hitech"],
            "status": ["可租", "已出让", "可售"],
            "area_m2": [6_666.7, 1_000.0, 2_000.0],
        }
    )
    table = C.compare_sites(cat, TWO)
    assert [cell(table, "enterprises", i) for i in (0, 1)] == ["2", "0"]
    assert cell(table, "enterprises:chain-new-materials", 0) == "1"
    assert [cell(table, "parcels", i) for i in (0, 1)] == ["1", "1"]
    assert cell(table, "parcels_area", 1) == "6,667 平方米（10.0 亩）"


def test_enterprises_by_chain_from_codes_and_documents_and_parcels_by_status_key():
    """The tables as shipped: chains through GB/T 4754 codes (code_chains.csv) or a document's tie of the firm's
    organization; a site counts its parks (as the page's park filter); 载体 statuses are keys (for_lease …)."""
    cat = copy(shipped())
    firms = pd.DataFrame(
        {
            "id": ["e1", "e2", "e3"],
            "site_id": ["by-hitech", "by-yindong", "lz-hitech"],
            "industry_codes": [["13"], [], ["13"]],
            "org_id": ["", "org-by-bnmc", ""],
            "lat": [float("nan")] * 3,
            "lon": [float("nan")] * 3,
        }
    )
    cat.enterprises = firms
    cat.parcels = pd.DataFrame(
        {
            "id": ["p1", "p2"],
            "site_id": ["by-yindong", "by-hitech"],
            "status": ["for_lease", "transferred"],
            "area_m2": [2_000.0, 500.0],
        }
    )
    table = C.compare_sites(cat, ["by-hitech", "lz-hitech"])
    assert [cell(table, "enterprises", i) for i in (0, 1)] == ["2", "1"]  # by-yindong is a park of by-hitech
    assert [cell(table, "enterprises:chain-agri-food", i) for i in (0, 1)] == ["1", "1"]  # code 13
    assert [cell(table, "enterprises:chain-nonferrous", i) for i in (0, 1)] == ["1", "0"]  # 白银有色's tie
    assert [cell(table, "parcels", i) for i in (0, 1)] == ["1", "0"]


def test_excel_export_has_the_table():
    data = C.compare_bytes(shipped(), TWO, "en", "xlsx")
    sheet = pd.read_excel(io.BytesIO(data), sheet_name=None)
    ((name, table),) = sheet.items()
    assert name == "Site comparison" and list(table.columns)[0] == "Measure" and len(table) > 10


@pytest.mark.parametrize("fmt, magic", [("pdf", b"%PDF"), ("pptx", b"PK")])
def test_pdf_and_pptx_exports(fmt, magic):
    pytest.importorskip("reportlab" if fmt == "pdf" else "pptx")
    from geo.errors import AtlasError

    try:
        data = C.compare_bytes(shipped(), TWO, "zh", fmt)
    except AtlasError as exc:  # no CJK font on this machine: the profiles' tests skip the same way
        pytest.skip(str(exc))
    assert data.startswith(magic) and len(data) > 10_000


def test_an_unknown_format_is_refused():
    with pytest.raises(ExportError):
        C.compare_bytes(shipped(), TWO, "zh", "docx")


def test_the_sheet_links_back_to_a_compare_page():
    sheet = C.compare_sheet(shipped(), TWO, "en", base_url="https://atlas.example", with_map=False)
    assert sheet.url == "https://atlas.example/compare?sites=by-hitech%2Clz-hitech&lang=en"
    assert sheet.sections[0].table.columns[0] == "Measure"
