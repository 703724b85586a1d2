"""Changesets as data, and published files that differ only in the changed rows."""

from __future__ import annotations

import difflib

import pytest

from geo.changesets import ChangeError, Changeset, RowChange, apply_changes, conflicts
from geo.folder_store import FolderStore
from tests.change_helpers import NEW_PROJECT, addition, changeset, current, edit, folder_store, removal


@pytest.fixture
def store(tmp_path):
    return folder_store(tmp_path)


def test_row_change_lists_cells_and_inverts():
    change = RowChange("indicators", "change", "i1", {"value": "177", "unit": "家"}, {"value": "180", "unit": "家"})
    assert change.cells() == [("value", "177", "180")]
    assert change.inverse().cells() == [("value", "180", "177")]
    added = RowChange("projects", "add", "p2", None, {"id": "p2"}, line=4)
    assert (added.inverse().op, added.inverse().before, added.inverse().line) == ("remove", {"id": "p2"}, None)


def test_changeset_counts_and_checks_its_parts():
    cs = Changeset(
        [
            RowChange("projects", "add", "p2", None, {}),
            RowChange("projects", "remove", "p1", {}, None),
            RowChange("indicators", "change", "i1", {}, {}),
        ],
        author="ann",
        reason="r",
    )
    assert cs.summary() == "projects: +1 ~0 -1; indicators: +0 ~1 -0"
    with pytest.raises(ChangeError, match="unknown table"):
        Changeset([RowChange("nope", "add", "x")], author="a", reason="r")
    with pytest.raises(ChangeError, match="unknown operation"):
        Changeset([RowChange("projects", "upsert", "x")], author="a", reason="r")
    with pytest.raises(ChangeError, match="author"):
        Changeset([], author="", reason="r")


def test_apply_keeps_order_and_conflicts_name_rows(store):
    raw = store.read_raw()
    changes = [edit(store, "sites", "park-a1", note="x"), addition("projects", "p2", **NEW_PROJECT)]
    new, origin = apply_changes(raw, changes)
    assert list(new["sites"]["id"]) == list(raw["sites"]["id"])
    assert list(new["projects"]["id"]) == ["p1", "p2"] and origin[("projects", 1)].key == "p2"
    assert conflicts(raw, changes) == []
    assert conflicts(new, changes) == ["sites park-a1: changed since the proposal (columns: note)"]
    other = [addition("projects", "p2", **dict(NEW_PROJECT, year="2030"))]
    assert conflicts(new, other) == ["projects p2: added by the proposal, but a row with that key now exists"]


def test_a_published_csv_differs_only_in_the_changed_rows(store):
    path = store.data_dir / "sites.csv"
    text = path.read_text(encoding="utf-8").replace("test,doc-a,甲一园,", 'test,doc-a,甲一园,"note, with ""quotes"""')
    path.write_text(text, encoding="utf-8")
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    record = store.propose(changeset(edit(store, "sites", "zone-b", name_en="Zone B (new)")))
    store.approve(record.id, "bob")
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [
        line for line in difflib.unified_diff(before, after, n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert len(changed) == 2 and changed[0].startswith("-zone-b") and "Zone B (new)" in changed[1]
    assert '"note, with ""quotes"""' in "".join(after)


def test_a_bom_and_crlf_file_keeps_both(store):
    path = store.data_dir / "projects.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    store.approve(store.propose(changeset(addition("projects", "p2", **NEW_PROJECT))).id, "bob")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")


def test_undoing_a_removal_puts_the_row_back_in_its_place(store):
    path = store.data_dir / "site_industries.csv"
    original = path.read_bytes()
    record = store.propose(
        changeset(
            removal(store, "site_industries", "park-a1 / a-re / 依托"),
            removal(store, "site_industries", "zone-b / a-mat / 依托"),
        )
    )
    store.approve(record.id, "bob")
    assert path.read_bytes() != original
    store.approve(store.revert(record.id, "ann", "undo").id, "bob")
    assert path.read_bytes() == original


def test_as_of_restores_removed_rows_in_order(store):
    first = store.approve(store.propose(changeset(edit(store, "projects", "p1", year="2019"))).id, "bob")
    kept = list(store.read_raw()["site_industries"]["site_id"])
    store.approve(store.propose(changeset(removal(store, "site_industries", "zone-b / a-mat / 依托"))).id, "bob")
    assert list(store.raw_as_of(first.id)["site_industries"]["site_id"]) == kept


def test_records_live_in_the_changes_folder(store):
    record = store.propose(changeset(edit(store, "projects", "p1", year="2019")))
    path = store.data_dir / "changes" / "000001.json"
    assert path.exists() and '"reason": "test"' in path.read_text(encoding="utf-8")
    assert FolderStore(store.data_dir, seeds_dir=None).get(record.id) == record


def test_version_changes_when_a_table_file_changes(store):
    token = store.version()
    assert current(store, "projects", "p1")["year"] == "2018"
    store.approve(store.propose(changeset(edit(store, "projects", "p1", year="2019"))).id, "bob")
    assert store.version() != token


def test_two_threads_sharing_a_store_publish_one_after_the_other(store):
    import threading

    first = store.propose(changeset(edit(store, "projects", "p1", year="2019")))
    second = store.propose(changeset(edit(store, "indicators", "i2", value="2.3")))
    threads = [threading.Thread(target=store.approve, args=(r.id, "bob")) for r in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status for r in store.list()] == ["published", "published"]
    assert sorted(r.sequence for r in store.list()) == [1, 2]


def test_an_edited_table_becomes_row_changes(store):
    from geo.changesets import table_changes

    edited = store.read_raw()["projects"].astype(object)
    edited.loc[0, "year"] = 2019  # an editor returns typed values; they are compared as text
    edited.loc[1] = dict(NEW_PROJECT, note=None)
    changes = table_changes(store.read_raw(), "projects", edited)
    assert [(c.op, c.key) for c in changes] == [("change", "p1"), ("add", "p2")]
    assert changes[0].cells() == [("year", "2018", "2019")] and changes[1].after["note"] == ""
    assert [(c.op, c.key) for c in table_changes(store.read_raw(), "projects", edited.iloc[1:])] == [
        ("add", "p2"),
        ("remove", "p1"),
    ]
    store.approve(store.propose(changeset(*changes)).id, "bob")
    assert current(store, "projects", "p2")["name_zh"] == "新大厦"
