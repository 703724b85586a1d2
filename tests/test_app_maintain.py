"""The maintenance page (AppTest), on a temp copy of the data: upload → check → propose → review →
history, revert and as-of; small fixes through st.data_editor; role guarding; zh and en.

AppTest cannot upload files or edit a data_editor: st.file_uploader and st.data_editor are faked
(as in tests/test_app_sources.py). Sessions are logged in through the app's own authenticator.
"""

from __future__ import annotations

import io
import zipfile

import pytest
import streamlit

from geo import settings as atlas_settings
from geo.changesets import Changeset
from geo.folder_store import FolderStore
from tests.apptest_utils import maps, open_page
from tests.change_helpers import data_snapshot, edit, snapshot
from tests.maintain_helpers import OUTLINE_SITE, PASSWORD, maintenance_env, outline_geojson
from tests.test_app_sources import FakeUpload
from ui import data as ui_data
from ui import login, session
from ui.maintain_history import as_of_bytes

PAGE = "app_pages/maintain.py"


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = maintenance_env(monkeypatch, tmp_path)
    ui_data.clear_caches()
    login.authenticator.clear()
    yield folder
    monkeypatch.undo()
    atlas_settings.reload()
    ui_data.clear_caches()
    login.authenticator.clear()


def page(name: str | None, lang: str = "en"):
    """The maintenance page, logged in as ``name`` (None: anonymous)."""
    state = {session.SESSION_KEY: login.authenticator().login(name, PASSWORD)} if name else {}
    return open_page(PAGE, query={"lang": lang}, session=state)


def texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "success", "error", "warning") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def store(folder) -> FolderStore:
    return FolderStore(folder)


def upload(monkeypatch, name: str, content: bytes) -> None:
    monkeypatch.setattr(streamlit, "file_uploader", lambda *a, **k: FakeUpload(name, content))


def click(at, label: str):
    next(b for b in at.button if b.label == label).click()
    return at.run()


def assert_clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize(("lang", "words"), [("en", "Open “Log in” in the sidebar"), ("zh", "请在侧边栏展开“登录”")])
def test_public_sees_who_may_maintain_and_no_forms(data, lang, words):
    at = page(None, lang)
    assert_clean(at)
    assert words in texts(at)
    assert not at.tabs and not at.get("file_uploader") and not at.main.button


def test_an_internal_reader_sees_no_forms_either(data):
    at = page("pat")
    assert "You are: internal" in texts(at) and not at.tabs


def test_maintenance_off_hides_the_forms(data, monkeypatch):
    monkeypatch.setenv("LANBAI_MAINTENANCE", "off")
    atlas_settings.reload()
    at = page("rev")
    assert "maintenance is switched off" in texts(at) and not at.tabs


def test_maintainer_uploads_an_outline_sees_the_diff_and_proposes(data, monkeypatch, tmp_path):
    upload(monkeypatch, "outline.geojson", outline_geojson(tmp_path / "o.geojson").read_bytes())
    before = snapshot(data)
    at = page("ann")
    assert_clean(at)
    assert "The check passed: outlines: +1 \\~0 -0" in texts(at)  # md_text escapes the ~
    assert any(OUTLINE_SITE in df.value.to_string() for df in at.dataframe)
    assert any("L.geoJson" in m["script"] or "geo_json" in m["script"] for m in maps(at)), "no geometry preview"
    at.text_area(key="maintain_reason").input("the park's outline from the plan")
    at = click(at, "Propose for review")
    assert_clean(at)
    assert "Change #1 proposed" in texts(at)
    record = store(data).get(1)
    assert record.changeset.author == "ann" and record.changeset.reason == "the park's outline from the plan"
    assert snapshot(data)["outlines.geojson"] == before["outlines.geojson"]  # proposed, not published
    assert "Only a reviewer may approve or reject." in texts(at)
    assert "Approve and publish" not in [b.label for b in at.button]


def test_a_proposal_needs_a_reason(data, monkeypatch, tmp_path):
    upload(monkeypatch, "outline.geojson", outline_geojson(tmp_path / "o.geojson").read_bytes())
    at = click(page("ann"), "Propose for review")
    assert "Please give a reason." in texts(at) and store(data).list() == []


def test_bad_upload_lists_located_problems_escaped_and_writes_nothing(data, monkeypatch):
    csv = "id,name_zh,name_en,site_id,year,source_id,quote\np9,<script>alert(1)</script>,x,ghost,20x4,by-plan-2024,q\n"
    upload(monkeypatch, "projects.csv", csv.encode())
    before = snapshot(data)
    at = page("ann")
    at.selectbox[0].select("projects")
    at = at.run()
    assert_clean(at)
    problems = next(df.value for df in at.dataframe if "Problem" in df.value.columns)
    assert {"File", "Line", "Column", "Problem"} <= set(problems.columns) and len(problems) >= 2
    assert set(problems["File"]) == {"projects.csv"} and 2 in set(problems["Line"])
    assert "<script>" not in texts(at).replace("\\<script\\>", "")
    assert snapshot(data) == before and store(data).list() == []


def test_reviewer_approves_then_history_and_as_of(data):
    folder_store = store(data)
    record = folder_store.propose(
        Changeset([edit(folder_store, "projects", _first_project(data), year="2031")], "ann", "fix the year")
    )
    at = page("rev")
    assert "fix the year" in at.tabs[2].dataframe[0].value.to_string()
    at = click(at, "Approve and publish")
    assert_clean(at)
    assert f"Change #{record.id} is published." in texts(at)
    assert store(data).get(record.id).status == "published" and "2031" in (data / "projects.csv").read_text()
    history = at.tabs[3]
    assert any("fix the year" in df.value.to_string() for df in history.dataframe)
    assert any(b.label.startswith(f"Download the data after change #{record.id}") for b in at.get("download_button"))
    archive = zipfile.ZipFile(io.BytesIO(as_of_bytes(record.id, "csv", "reviewer")))
    assert "2031" in archive.read("projects.csv").decode("utf-8-sig")


def test_self_approval_is_refused_when_the_setting_says_so(data, monkeypatch):
    monkeypatch.setenv("LANBAI_ALLOW_SELF_APPROVAL", "0")
    atlas_settings.reload()
    folder_store = store(data)
    record = folder_store.propose(
        Changeset([edit(folder_store, "projects", _first_project(data), year="2031")], "rev", "mine")
    )
    before = snapshot(data)
    at = click(page("rev"), "Approve and publish")
    assert "another reviewer must" in texts(at)
    assert store(data).get(record.id).status == "proposed" and snapshot(data) == before


def test_reviewer_rejects_with_a_reason(data):
    folder_store = store(data)
    record = folder_store.propose(
        Changeset([edit(folder_store, "projects", _first_project(data), year="2031")], "ann", "x")
    )
    at = page("rev")
    at.text_input(key=f"reject-reason-{record.id}").input("no source given")
    at = click(at, "Reject")
    assert_clean(at)
    assert store(data).get(record.id).status == "rejected"
    assert store(data).get(record.id).review_reason == "no source given"


def test_data_editor_fix_becomes_a_proposed_changeset(data, monkeypatch):
    def edited(df, **kwargs):
        out = df.copy()
        out.loc[out.index[0], "note"] = "corrected in the editor"
        return out

    monkeypatch.setattr(streamlit, "data_editor", edited)
    before = data_snapshot(data)
    at = page("ann")
    assert any("corrected in the editor" in df.value.to_string() for df in at.tabs[1].dataframe)
    at.text_area(key="edit-reason-indicators").input("typo")
    at = click(at, "Propose for review")
    assert_clean(at)
    record = store(data).list("proposed")[0]
    assert [c.op for c in record.changeset.changes] == ["change"]
    assert record.changeset.changes[0].after["note"] == "corrected in the editor"
    assert data_snapshot(data) == before  # proposed, not published


def test_revert_proposes_the_inverse(data):
    folder_store = store(data)
    first = _first_project(data)
    record = folder_store.propose(Changeset([edit(folder_store, "projects", first, year="2031")], "ann", "x"))
    folder_store.approve(record.id, "rev")
    at = page("ann", "zh")
    at.text_input(key=f"revert-reason-{record.id}").input("年份有误")
    at = click(at, "撤销（提交反向修改）")
    assert_clean(at)
    undo = store(data).list("proposed")[0]
    assert undo.reverts == record.id and undo.changeset.changes[0].after["year"] != "2031"


def test_the_page_in_chinese_for_a_reviewer(data):
    at = page("rev", "zh")
    assert_clean(at)
    assert [t.label for t in at.tabs] == ["上传与检查", "小修改", "审核队列", "历史与撤销"]
    assert "没有待审核的修改。" in texts(at)


def _first_project(data) -> str:
    import pandas as pd

    return str(pd.read_csv(data / "projects.csv", dtype=str)["id"].iloc[0])


def test_the_forms_in_english_have_no_stray_chinese(data, monkeypatch, tmp_path):
    from tests.test_app_english import _visible_texts, chinese_outside_quotes

    upload(monkeypatch, "outline.geojson", outline_geojson(tmp_path / "o.geojson").read_bytes())
    folder_store = store(data)
    folder_store.propose(
        Changeset([edit(folder_store, "projects", _first_project(data), year="2031")], "ann", "fix the year")
    )
    at = page("rev")
    assert_clean(at)
    texts = list(_visible_texts(at))
    page_text = "\n".join(text for _, text in texts)
    found = {(where, left) for where, text in texts if (left := chinese_outside_quotes(text, page_text))}
    assert not found, found


def test_the_check_shows_its_progress(data, monkeypatch, tmp_path):
    upload(monkeypatch, "outline.geojson", outline_geojson(tmp_path / "o.geojson").read_bytes())
    from tests.test_app_english import _walk

    at = page("ann")
    shown = {getattr(e, "type", None): e.proto for e in _walk(at.tabs[0]) if hasattr(e, "proto")}
    assert shown["status"].label == "Checked"
    assert shown["progress"].value == 100 and shown["progress"].text == "Validating the whole catalogue"
