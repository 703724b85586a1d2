"""The maintenance guard lives in geo: proposing needs a maintainer, reviewing a reviewer, and
LANBAI_MAINTENANCE=off refuses every write — in the store, in propose_file and on the command line."""

from __future__ import annotations

import pytest

from geo.cli import main
from geo.errors import ActionRefusedError
from geo.imports import propose_file
from geo.settings import reload as settings_reload
from tests.change_helpers import NEW_PROJECT, addition, changeset, edit, folder_store, snapshot
from tests.import_files import ACTUAL, INDICATOR_HEADER, write_csv


@pytest.fixture
def store(tmp_path):
    return folder_store(tmp_path)


@pytest.mark.parametrize("role", ["public", "internal"])
def test_below_maintainer_may_not_propose_and_nothing_is_stored(store, role):
    before = snapshot(store.data_dir)
    with pytest.raises(ActionRefusedError) as refused:
        store.propose(changeset(addition("projects", "p2", **NEW_PROJECT)), role=role)
    assert refused.value.needed == "maintainer" and refused.value.action == "propose"
    assert snapshot(store.data_dir) == before


def test_a_maintainer_proposes_but_may_not_approve_or_reject(store):
    record = store.propose(changeset(edit(store, "projects", "p1", year="2025")), role="maintainer")
    before = snapshot(store.data_dir)
    with pytest.raises(ActionRefusedError, match="reviewer"):
        store.approve(record.id, "bob", role="maintainer")
    with pytest.raises(ActionRefusedError, match="reviewer"):
        store.reject(record.id, "bob", "no", role="maintainer")
    assert snapshot(store.data_dir) == before and store.get(record.id).status == "proposed"
    assert store.approve(record.id, "bob", role="reviewer").status == "published"


def test_revert_needs_a_maintainer(store):
    record = store.propose(changeset(edit(store, "projects", "p1", year="2025")), role="maintainer")
    store.approve(record.id, "bob", role="reviewer")
    with pytest.raises(ActionRefusedError):
        store.revert(record.id, "eve", "undo", role="internal")
    assert store.revert(record.id, "ann", "undo", role="maintainer").reverts == record.id


def test_maintenance_off_refuses_every_write(store, monkeypatch):
    record = store.propose(changeset(edit(store, "projects", "p1", year="2025")))
    monkeypatch.setenv("LANBAI_MAINTENANCE", "off")
    settings_reload()
    try:
        before = snapshot(store.data_dir)
        for call in (
            lambda: store.propose(changeset(addition("projects", "p2", **NEW_PROJECT)), role="admin"),
            lambda: store.approve(record.id, "bob", role="admin"),
            lambda: store.reject(record.id, "bob", "no", role="admin"),
        ):
            with pytest.raises(ActionRefusedError, match="LANBAI_MAINTENANCE"):
                call()
        assert snapshot(store.data_dir) == before
    finally:
        monkeypatch.delenv("LANBAI_MAINTENANCE")
        settings_reload()


def test_propose_file_refuses_a_public_role_before_reading(store, tmp_path):
    actuals = write_csv(tmp_path / "a.csv", INDICATOR_HEADER, [ACTUAL])
    with pytest.raises(ActionRefusedError):
        propose_file(store, "indicators", actuals, reason="r", author="x", role="public")
    assert store.list() == []


def test_the_command_line_checks_its_role(tmp_path, monkeypatch, capsys):
    store = folder_store(tmp_path)
    monkeypatch.setenv("LANBAI_DATA_DIR", str(store.data_dir))
    monkeypatch.setenv("LANBAI_USER", "ann")
    settings_reload()
    actuals = write_csv(tmp_path / "a.csv", INDICATOR_HEADER, [ACTUAL])
    args = ["change", "propose", "indicators", str(actuals), "--reason", "r"]
    assert main([*args, "--role", "internal"]) == 1
    assert "propose needs the role maintainer" in capsys.readouterr().err and store.list() == []
    assert main([*args, "--role", "maintainer"]) == 0
    assert main(["change", "approve", "1", "--role", "maintainer"]) == 1
    assert "publish needs the role reviewer" in capsys.readouterr().err
    assert main(["change", "approve", "1"]) == 0  # the local operator by default
