"""Nothing lost: a publish killed at any point leaves the store before or after; write errors change nothing."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.changesets import ChangeRecord
from geo.folder_store import FolderStore
from geo.load import load_catalogue
from geo.publish import PAUSE_POINTS, StoreWriteError
from tests.change_helpers import NEW_PROJECT, addition, changeset, data_snapshot, edit, folder_store, removal, snapshot

ROOT = Path(__file__).resolve().parent.parent
APPROVE = (
    "import sys; from geo.folder_store import FolderStore; FolderStore(sys.argv[1], seeds_dir=None).approve(1, 'bob')"
)
# Where the publish ends up if the writer dies at each point: the journal's rename is the commit point.
EXPECTED = {
    "temp-files-written": "before",
    "journal-written": "after",
    "first-file-replaced": "after",
    "files-replaced": "after",
}


def proposed_store(tmp_path: Path) -> FolderStore:
    """A store with change 1 proposed: it touches four tables (edit, add, remove)."""
    store = folder_store(tmp_path)
    store.propose(
        changeset(
            edit(store, "indicators", "i1", value="180"),
            addition("projects", "p2", **NEW_PROJECT),
            removal(store, "org_industries", "org-u / a-re / 发挥力量"),
            edit(store, "sites", "zone-b", note="更新"),
        )
    )
    return store


def expected_after(tmp_path: Path, before_dir: Path) -> dict[str, bytes]:
    copy = tmp_path / "reference"
    shutil.copytree(before_dir, copy)
    FolderStore(copy, seeds_dir=None).approve(1, "bob")
    return data_snapshot(copy)


def wait_for(path: Path, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the writer never reached the pause point"
        time.sleep(0.02)


@pytest.mark.parametrize("point", PAUSE_POINTS)
def test_kill_9_mid_publish_leaves_the_store_before_or_after(tmp_path, point):
    store = proposed_store(tmp_path)
    before = data_snapshot(store.data_dir)
    after = expected_after(tmp_path, store.data_dir)
    assert before != after
    marker = tmp_path / "paused"
    env = dict(os.environ, LANBAI_TEST_PAUSE_AT=point, LANBAI_TEST_PAUSE_MARKER=str(marker), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", APPROVE, str(store.data_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    reopened = FolderStore(store.data_dir, seeds_dir=None)
    state = data_snapshot(store.data_dir)
    assert state == (after if EXPECTED[point] == "after" else before)
    assert reopened.get(1).status == ("published" if EXPECTED[point] == "after" else "proposed")
    assert not [p for p in store.data_dir.rglob("*") if p.name.startswith(".~lanbai-")]
    assert not (store.data_dir / "changes" / ".publish-journal.json").exists()
    load_catalogue(store.data_dir)  # valid


def test_a_reader_finishes_an_interrupted_publish(tmp_path):
    store = proposed_store(tmp_path)
    after = expected_after(tmp_path, store.data_dir)
    marker = tmp_path / "paused"
    env = dict(
        os.environ,
        LANBAI_TEST_PAUSE_AT="first-file-replaced",
        LANBAI_TEST_PAUSE_MARKER=str(marker),
        PYTHONPATH=str(ROOT),
    )
    proc = subprocess.Popen([sys.executable, "-c", APPROVE, str(store.data_dir)], cwd=ROOT, env=env)
    wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    cat = load_catalogue(store.data_dir)  # the app's loader, not the store
    assert data_snapshot(store.data_dir) == after
    assert cat.indicators.set_index("id").at["i1", "value"] == 180.0


def _failing_replace(monkeypatch, fail_on: set[int]):
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] in fail_on:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("fail_on", [{1}, {2}, {3}, {6}], ids=["journal", "first-file", "second-file", "record"])
def test_disk_full_while_publishing_changes_nothing_and_says_so(tmp_path, monkeypatch, fail_on):
    store = proposed_store(tmp_path)
    before = snapshot(store.data_dir)
    _failing_replace(monkeypatch, fail_on)
    with pytest.raises(StoreWriteError, match="No space left on device.*nothing was changed"):
        store.approve(1, "bob")
    monkeypatch.undo()
    assert snapshot(store.data_dir) == before
    assert FolderStore(store.data_dir, seeds_dir=None).get(1).status == "proposed"


def _read_only(monkeypatch, folder: Path):
    real = os.open

    def open_(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and str(path).startswith(str(folder)):
            raise PermissionError(errno.EROFS, "Read-only file system", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)


def test_a_read_only_folder_refuses_publish_and_proposal_unchanged(tmp_path, monkeypatch):
    store = proposed_store(tmp_path)
    before = snapshot(store.data_dir)
    _read_only(monkeypatch, store.data_dir)
    with pytest.raises(StoreWriteError, match="Read-only file system; nothing was changed"):
        store.approve(1, "bob")
    with pytest.raises(StoreWriteError, match="nothing was changed"):
        store.propose(changeset(edit(store, "indicators", "i2", value="2.3")))
    monkeypatch.undo()
    assert snapshot(store.data_dir) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod; the monkeypatched case covers it")
def test_a_chmod_read_only_folder_refuses_publish(tmp_path):
    store = proposed_store(tmp_path)
    before = snapshot(store.data_dir)
    for folder in (store.data_dir, store.data_dir / "changes"):
        folder.chmod(0o555)
    try:
        with pytest.raises(StoreWriteError, match="nothing was changed"):
            store.approve(1, "bob")
    finally:
        for folder in (store.data_dir, store.data_dir / "changes"):
            folder.chmod(0o755)
    assert snapshot(store.data_dir) == before


def test_records_round_trip_through_json(tmp_path):
    store = proposed_store(tmp_path)
    record = store.get(1)
    assert ChangeRecord.from_json(record.to_json()) == record


def test_a_second_writer_waits_for_the_lock_and_then_finishes_the_first(tmp_path):
    import fcntl

    store = proposed_store(tmp_path)
    store.propose(changeset(edit(store, "projects", "p1", year="2019")))
    marker = tmp_path / "paused"
    env = dict(
        os.environ, LANBAI_TEST_PAUSE_AT="journal-written", LANBAI_TEST_PAUSE_MARKER=str(marker), PYTHONPATH=str(ROOT)
    )
    first = subprocess.Popen([sys.executable, "-c", APPROVE, str(store.data_dir)], cwd=ROOT, env=env)
    wait_for(marker, first)
    fd = os.open(store.data_dir, os.O_RDONLY)
    try:
        with pytest.raises(BlockingIOError):  # the paused writer holds the folder's lock
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)
    second = subprocess.Popen(
        [sys.executable, "-c", APPROVE.replace("approve(1", "approve(2"), str(store.data_dir)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    assert second.wait(timeout=120) == 0
    reopened = FolderStore(store.data_dir, seeds_dir=None)
    assert [r.status for r in reopened.list()] == ["published", "published"]
    assert reopened.read_raw()["projects"].set_index("id").at["p1", "year"] == "2019"
    assert reopened.read_raw()["indicators"].set_index("id").at["i1", "value"] == "180"
