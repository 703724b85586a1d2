"""The store contract: every store implementation (folder now, PostGIS in issue 11) passes these."""

import pytest

from geo.changesets import ChangeError, ChangeRefusedError, ConflictError, ReviewError
from geo.load import Catalogue
from geo.schema import TABLES
from geo.store import CatalogueStore, ChangeSettings
from tests.change_helpers import (
    NEW_PROJECT,
    STORE_FACTORIES,
    addition,
    changeset,
    current,
    data_snapshot,
    edit,
    removal,
)


@pytest.fixture(params=sorted(STORE_FACTORIES))
def make_store(request, tmp_path):
    return lambda settings=None: STORE_FACTORIES[request.param](tmp_path, settings)


@pytest.fixture
def store(make_store):
    return make_store()


def test_is_a_catalogue_store_with_every_table(store):
    assert isinstance(store, CatalogueStore)
    assert set(store.read_raw()) == set(TABLES)
    assert isinstance(store.catalogue(), Catalogue)


def test_version_is_stable_on_reads_and_changes_on_publish(store):
    first = store.version()
    store.read_raw()
    assert store.version() == first
    record = store.propose(changeset(edit(store, "indicators", "i1", value="180")))
    before_publish = store.version()
    store.approve(record.id, "bob")
    assert store.version() != before_publish


def test_propose_stores_a_proposal_without_touching_the_data(store):
    raw_before = store.read_raw()["indicators"].copy()
    record = store.propose(changeset(edit(store, "indicators", "i1", value="180"), reason="2024 revision"))
    assert record.status == "proposed" and record.id == 1
    assert store.get(1).changeset.reason == "2024 revision"
    assert [r.id for r in store.list("proposed")] == [1] and store.list("published") == []
    assert store.read_raw()["indicators"].equals(raw_before)


def test_a_broken_change_is_refused_with_located_problems_and_nothing_stored(store):
    bad = changeset(edit(store, "indicators", "i1", scope_id="ghost"), file="upload.csv")
    bad.changes[0] = bad.changes[0].__class__(**{**bad.changes[0].__dict__, "line": 7})
    with pytest.raises(ChangeRefusedError) as err:
        store.propose(bad)
    assert "upload.csv line 7 column scope_id: 'ghost' is not a known sites or areas id" in str(err.value)
    assert store.list() == []


def test_approve_publishes_and_history_keeps_every_cell(store):
    record = store.propose(changeset(edit(store, "indicators", "i1", value="180"), author="ann", reason="why"))
    published = store.approve(record.id, "bob")
    assert published.status == "published" and published.reviewer == "bob" and published.reviewed
    assert current(store, "indicators", "i1")["value"] == "180"
    [entry] = store.history()
    assert (entry.changeset.author, entry.changeset.reason, entry.reviewer) == ("ann", "why", "bob")
    assert entry.changeset.changes[0].cells() == [("value", "177", "180")]


def test_reject_keeps_the_data_and_records_the_reviewer(store):
    before = store.read_raw()["indicators"].copy()
    record = store.propose(changeset(edit(store, "indicators", "i1", value="180")))
    rejected = store.reject(record.id, "bob", "no source for 180")
    assert (rejected.status, rejected.reviewer, rejected.review_reason) == ("rejected", "bob", "no source for 180")
    assert store.read_raw()["indicators"].equals(before)
    with pytest.raises(ReviewError):
        store.approve(record.id, "bob")


def test_conflict_names_the_rows_changed_since_the_proposal(store):
    first = store.propose(changeset(edit(store, "indicators", "i1", value="180")))
    second = store.propose(changeset(edit(store, "indicators", "i1", value="190")))
    store.approve(second.id, "bob")
    with pytest.raises(ConflictError) as err:
        store.approve(first.id, "bob")
    assert "indicators i1: changed since the proposal (columns: value)" in str(err.value)
    assert current(store, "indicators", "i1")["value"] == "190"
    assert store.get(first.id).status == "proposed"


def test_publish_revalidates_against_the_current_data(store):
    add_project = store.propose(changeset(addition("projects", "p2", **NEW_PROJECT)))
    drop_park = changeset(
        removal(store, "sites", "park-a1"),
        removal(store, "projects", "p1"),
        removal(store, "memberships", "zone-a / park-a1 / park"),
        removal(store, "site_industries", "park-a1 / a-re / 依托"),
    )
    store.approve(store.propose(drop_park).id, "bob")
    with pytest.raises(ChangeRefusedError) as err:
        store.approve(add_project.id, "bob")
    assert "column site_id: 'park-a1' is not a known sites id" in str(err.value)


def test_a_change_across_tables_is_published_whole(store):
    drop_park = changeset(
        removal(store, "sites", "park-a1"),
        removal(store, "projects", "p1"),
        removal(store, "memberships", "zone-a / park-a1 / park"),
        removal(store, "site_industries", "park-a1 / a-re / 依托"),
    )
    store.approve(store.propose(drop_park).id, "bob")
    raw = store.read_raw()
    assert "park-a1" not in set(raw["sites"]["id"]) and "p1" not in set(raw["projects"]["id"])
    assert store.history()[0].changeset.tables == ["sites", "projects", "memberships", "site_industries"]


def test_revert_is_a_proposal_that_restores_the_rows(store):
    original = {name: df.copy() for name, df in store.read_raw().items()}
    record = store.propose(
        changeset(
            edit(store, "indicators", "i1", value="180"),
            addition("projects", "p2", **NEW_PROJECT),
            removal(store, "projects", "p1"),
        )
    )
    store.approve(record.id, "bob")
    undo = store.revert(record.id, "ann", "wrong figure")
    assert (undo.status, undo.reverts) == ("proposed", record.id)
    assert current(store, "indicators", "i1")["value"] == "180"  # not yet: it needs review
    store.approve(undo.id, "bob")
    raw = store.read_raw()
    for name in ("indicators", "projects"):
        assert raw[name].equals(original[name]), name


def test_revert_of_a_proposal_is_refused(store):
    record = store.propose(changeset(edit(store, "indicators", "i1", value="180")))
    with pytest.raises(ReviewError):
        store.revert(record.id, "ann", "x")


def test_as_of_gives_the_tables_right_after_a_change(store):
    first = store.approve(store.propose(changeset(edit(store, "indicators", "i1", value="180"))).id, "bob")
    store.approve(
        store.propose(
            changeset(edit(store, "indicators", "i1", value="190"), addition("projects", "p2", **NEW_PROJECT))
        ).id,
        "bob",
    )
    then = store.raw_as_of(first.id)
    assert then["indicators"].set_index("id").at["i1", "value"] == "180"
    assert "p2" not in set(then["projects"]["id"])
    assert store.catalogue_as_of(first.id).indicators.set_index("id").at["i1", "value"] == 180.0
    with pytest.raises(ChangeError):
        store.raw_as_of(99)


def test_history_filters_by_table(store):
    store.approve(store.propose(changeset(edit(store, "indicators", "i1", value="180"))).id, "bob")
    store.approve(store.propose(changeset(addition("projects", "p2", **NEW_PROJECT))).id, "bob")
    assert [r.changeset.tables for r in store.history("projects")] == [["projects"]]
    assert len(store.history()) == 2
    with pytest.raises(ChangeError):
        store.history("nope")


def test_self_approval_follows_the_setting(make_store):
    strict = make_store(ChangeSettings(allow_self_approval=False))
    record = strict.propose(changeset(edit(strict, "indicators", "i1", value="180"), author="ann"))
    with pytest.raises(ReviewError, match="another person must approve"):
        strict.approve(record.id, "ann")
    assert strict.approve(record.id, "bob").status == "published"


def test_self_approval_is_allowed_by_default():
    assert ChangeSettings().allow_self_approval and ChangeSettings.from_env().allow_self_approval


def test_a_change_needs_a_reason_and_a_known_table(store):
    with pytest.raises(ChangeError):
        changeset(edit(store, "indicators", "i1", value="1"), reason=" ")
    with pytest.raises(ChangeRefusedError):
        store.propose(changeset())


def test_a_refused_proposal_writes_zero_bytes(store):
    before = data_snapshot(store.data_dir or store)
    with pytest.raises(ChangeRefusedError):
        store.propose(changeset(edit(store, "sites", "zone-a", lat="103.84", lon="36.06")))
    assert data_snapshot(store.data_dir or store) == before and store.list() == []
