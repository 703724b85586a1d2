"""Yearly figures go in through changesets, and the Targets page shows progress (issue 10 item 6).

Progress sets each target against its LATEST actual of the same indicator, scope and unit
(geo.targets.progress, the one rule the page and the reports use), with both sources. The
actual values below are TEST-ONLY numbers written into a temporary copy of the data folder:
they are not figures from any document and never reach data/.
"""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo import load_catalogue
from geo import targets as tg
from geo.folder_store import FolderStore
from geo.imports import propose_file
from geo.settings import reload as settings_reload
from tests.apptest_utils import assert_no_exception, open_page
from tests.import_files import INDICATOR_HEADER, write_csv
from tests.test_targets import fig, frame

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/targets.py"
TARGET = "ind-by-hnte-2027"  # 白银高新区: 高新技术企业 177家以上 by 2027 (the plan, by-plan-2024)
NOTE = "TEST ONLY: not a published figure (tests/test_targets_progress.py)"
ACTUALS = [  # the quote must be found in the cited document, so it quotes the target's own words
    dict(
        id="ind-test-by-hnte-2024",
        scope_id="by-hitech",
        indicator_zh="高新技术企业数",
        indicator_en="High and new technology enterprises",
        value="130",
        unit="家",
        year="2024",
        kind="actual",
        source_id="by-plan-2024",
        quote="高新技术企业",
        note=NOTE,
    ),
    dict(
        id="ind-test-by-hnte-2025",
        scope_id="by-hitech",
        indicator_zh="高新技术企业数",
        indicator_en="High and new technology enterprises",
        value="150",
        unit="家",
        year="2025",
        kind="actual",
        source_id="by-plan-2024",
        quote="高新技术企业",
        note=NOTE,
    ),
    dict(  # same words, another unit: not comparable, never paired
        id="ind-test-by-hnte-2025-pct",
        scope_id="by-hitech",
        indicator_zh="高新技术企业数",
        indicator_en="High and new technology enterprises",
        value="12",
        unit="%",
        year="2025",
        kind="actual",
        source_id="by-plan-2024",
        quote="高新技术企业",
        note=NOTE,
    ),
]


# ------------------------------------------------------------------ the rule


def test_progress_is_each_target_against_its_latest_comparable_actual():
    df = frame(
        fig("t27", year=2027, value=200),
        fig("t25", year=2025, value=150),
        fig("a23", year=2023, value=90, kind="actual"),
        fig("a24", year=2024, value=120, kind="actual"),
        fig("other-unit", year=2025, value=5, unit="%", kind="actual"),
        fig("other-scope", scope="zone-b", year=2025, value=300, kind="actual"),
    )
    found = {g.target_id: g for g in tg.progress(df)}
    assert set(found) == {"t27", "t25"}
    assert found["t27"].actual_id == found["t25"].actual_id == "a24"
    assert found["t27"].remaining == 80 and found["t27"].share == pytest.approx(0.6)


def test_no_comparable_actual_or_no_number_means_no_progress():
    df = frame(fig("t", year=2027), fig("a", unit="个", year=2024, kind="actual"))
    assert tg.progress(df) == []
    df = frame(fig("t", year=2027, value=float("nan")), fig("a", year=2024, kind="actual"))
    assert tg.progress(df) == []


# ------------------------------------------------- through a changeset, then on the page


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A copy of the shipped data with the test actuals proposed from a CSV and approved."""
    folder = tmp_path_factory.mktemp("progress") / "data"
    shutil.copytree(ROOT / "data", folder)
    store = FolderStore(folder)
    csv = write_csv(folder.parent / "actuals.csv", INDICATOR_HEADER, ACTUALS)
    record = propose_file(store, "indicators", csv, reason="statistics bureau figures (test)", author="ann")
    store.approve(record.id, "bob")
    return folder


@pytest.fixture
def page_data(folder, monkeypatch):
    from ui.data import clear_caches

    monkeypatch.setenv("LANBAI_DATA_DIR", str(folder))
    settings_reload()
    clear_caches()
    yield load_catalogue(folder)
    clear_caches()


def test_the_approved_actuals_make_progress_against_the_2027_target(folder):
    cat = load_catalogue(folder)
    assert set(cat.indicators["id"]) >= {a["id"] for a in ACTUALS}
    [progress] = [g for g in tg.progress(cat.indicators) if g.target_id == TARGET]
    assert progress.actual_id == "ind-test-by-hnte-2025" and progress.actual_value == 150
    assert progress.remaining == 177 - 150 and progress.share == pytest.approx(150 / 177)
    paired = {(g.target_id, g.actual_id) for g in tg.find_gaps(cat.indicators)}
    assert (TARGET, "ind-test-by-hnte-2025-pct") not in paired
    assert (TARGET, "ind-test-by-hnte-2025-pct") in {
        (m.target_id, m.actual_id) for m in tg.incomparable_pairs(cat.indicators)
    }


def progress_table(at, column: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if column in df.value.columns)


@pytest.mark.parametrize(
    "lang, latest, share, target_source, actual_source, ids",
    [
        ("zh", "最新实绩", "实绩占目标", "目标来源", "实绩来源", "编号"),
        ("en", "Latest actual", "Actual / target", "Target source", "Actual source", "ID"),
    ],
)
def test_the_page_shows_progress_with_both_sources(page_data, lang, latest, share, target_source, actual_source, ids):
    cat = page_data
    at = open_page(PAGE, query={"lang": lang, "tab": "gaps"})  # the progress and gaps tab
    assert_no_exception(at)
    table = progress_table(at, latest).set_index(ids)
    row = table.loc[f"{TARGET} / ind-test-by-hnte-2025"]
    year = "2025年" if lang == "zh" else "2025"
    assert row[latest] == (f"150家 ({year})" if lang == "zh" else f"150 entities ({year})")
    assert row[share] == round(100 * 150 / 177, 1)
    target = cat.indicators.set_index("id").loc[TARGET]
    assert "by-plan-2024" in row[target_source] and target["quote"] in row[target_source]
    assert "by-plan-2024" in row[actual_source] and "“高新技术企业”" in row[actual_source]
    assert not any("ind-test-by-hnte-2025-pct" in i for i in table.index)  # another unit: not paired
    assert not any("ind-test-by-hnte-2024" in i for i in table.index)  # not the latest actual


def test_the_page_says_when_there_is_no_progress():
    at = open_page(PAGE, query={"lang": "en", "tab": "gaps"})
    assert_no_exception(at)
    assert any("no progress is shown" in i.value for i in at.info)


@pytest.mark.parametrize(
    "lang, expected", [("zh", "2025年150家，达目标的84.7%"), ("en", "2025: 150 entities, 84.7% of the target")]
)
def test_the_profile_report_states_the_same_progress(folder, lang, expected):
    from geo.reports.profile import site_profile
    from geo.reports.tables import indicators_table

    cat = load_catalogue(folder)
    table = indicators_table(cat, site_profile(cat, "by-hitech"), lang)
    progress = "进度（最新可比实绩）" if lang == "zh" else "Progress (latest comparable actual)"
    assert list(table[progress]).count(expected) == 1
    assert (table[progress] != "").sum() == len([g for g in tg.progress(cat.indicators) if g.scope_id == "by-hitech"])
