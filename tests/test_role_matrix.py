"""The role matrix: each role × each page, each download and each data command → what it may see.

A data folder with internal rows (an internal site with an industry link, an enterprise internal by
default, a parcel contact; tests/role_data.py). A public session must find none of their marks in any
page's elements (text, tables, map scripts), any download's bytes, or the PDF/PowerPoint text; staff
roles must see them. Sessions are real logins through the app's authenticator (accounts in a temp file).
"""

from __future__ import annotations

import io
import zipfile

import pytest
import streamlit as st
from pptx import Presentation
from pypdf import PdfReader
from streamlit.delta_generator import DeltaGenerator

import ui.data
from atlas_app import PAGES
from geo import cli
from geo import settings as atlas_settings
from tests.apptest_utils import assert_no_exception, open_page
from tests.role_data import (
    PASSWORD,
    ROLES,
    SECRET_CONTACT,
    SECRET_FIRM,
    SECRET_SITE,
    SECRET_SITE_EN,
    SECRET_SITE_ID,
    SECRETS,
    write_accounts,
    write_role_data,
)
from ui import login, session

# Pages that list the internal park's kind of row (chain sites, the unconditioned spatial search, the profile
# picker, the whole-catalogue tables): staff must see it there.
PAGES_SHOWING_THE_SITE = {"app_pages/chains.py", "app_pages/spatial.py", "app_pages/profile.py", "app_pages/sources.py"}


@pytest.fixture(scope="module")
def role_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("roles")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LANBAI_DATA_DIR", str(write_role_data(folder / "data")))
        mp.setenv("LANBAI_ACCOUNTS_FILE", str(write_accounts(folder / "accounts.json")))
        mp.setenv("LANBAI_CACHE_DIR", str(folder / "cache"))
        atlas_settings.reload()
        ui.data.clear_caches()
        login.authenticator.clear()
        yield folder
    atlas_settings.reload()
    ui.data.clear_caches()
    login.authenticator.clear()


def session_state(role: str) -> dict:
    """The session state of a logged-in ``role`` (a real login: the authenticator knows its token)."""
    if role == "public":
        return {}
    return {session.SESSION_KEY: login.authenticator().login(role, PASSWORD)}


@pytest.fixture
def downloads(monkeypatch):
    """Every download button drawn: file name -> its bytes (deferred data is made here)."""
    made: dict[str, bytes] = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        made[str(file_name)] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    main = st.download_button  # bound to the main container when streamlit was imported: patched apart
    monkeypatch.setattr(st, "download_button", lambda *a, **k: record(main.__self__, *a, **k))
    yield made


def as_bytes(data) -> bytes:
    data = data() if callable(data) else data
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def readable(name: str, data: bytes) -> str:
    """What a file says: PDF and PowerPoint text, the XML inside xlsx, else the bytes as UTF-8."""
    if name.endswith(".pdf"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if name.endswith(".pptx"):
        shapes = [s for slide in Presentation(io.BytesIO(data)).slides for s in slide.shapes]
        cells = [c.text for s in shapes if s.has_table for row in s.table.rows for c in row.cells]
        return "\n".join([s.text_frame.text for s in shapes if s.has_text_frame] + cells)
    if name.endswith((".xlsx", ".zip")):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
    return data.decode("utf-8", "ignore")


def page_text(at) -> str:
    """Every element of the page serialised (text, tables as Arrow, map scripts, widget options)."""
    parts: list[bytes] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(proto.SerializeToString())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return b"\n".join(parts).decode("utf-8", "ignore")


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_each_role_on_each_page_sees_what_it_may(role_env, downloads, page, role):
    at = open_page(page, session=session_state(role))
    assert_no_exception(at)
    shown = page_text(at) + "".join(readable(n, as_bytes(d)) for n, d in downloads.items() if not n.endswith(".gpkg"))
    if role == "public":
        assert leaks(shown) == [], f"{page} leaks to public: {leaks(shown)}"
    elif page in PAGES_SHOWING_THE_SITE:
        assert SECRET_SITE in shown or SECRET_SITE_EN in shown, f"{role} misses the internal site on {page}"


@pytest.mark.parametrize("role", ["public", "internal"])
def test_profile_documents_hold_only_what_the_role_may_see(role_env, downloads, role):
    """The parent zone's profile as PDF and PowerPoint: the internal park is in staff's copy only."""
    at = open_page("app_pages/profile.py", query={"site": "by-hitech"}, session=session_state(role))
    for fmt in ("pdf", "pptx"):
        at.button(key=f"make-_doc-ready-profile-by-hitech-zh-{fmt}").click()
        at.run()
    documents = {n: readable(n, as_bytes(d)) for n, d in downloads.items() if n.endswith((".pdf", ".pptx"))}
    assert {n.rsplit(".", 1)[1] for n in documents} == {"pdf", "pptx"}
    for name, text in documents.items():
        if role == "public":
            assert leaks(text) == [], f"{name}: {leaks(text)}"
        else:
            assert SECRET_SITE in text, name


def test_a_url_cannot_open_an_internal_site_for_public(role_env):
    at = open_page("app_pages/profile.py", query={"site": SECRET_SITE_ID})
    assert_no_exception(at)
    assert at.session_state["site"] != SECRET_SITE_ID
    assert any(SECRET_SITE_ID in w.value for w in at.warning)  # "not found": the link's own text, nothing more
    assert SECRET_SITE not in page_text(at)
    staff = open_page("app_pages/profile.py", query={"site": SECRET_SITE_ID}, session=session_state("internal"))
    assert staff.session_state["site"] == SECRET_SITE_ID and SECRET_SITE in page_text(staff)


CLI_COMMANDS = {
    "sites": ["sites", "--city", "白银", "--format", "csv"],
    "industries": ["industries", "--site", "by-hitech", "--format", "csv"],
    "orgs": ["orgs", "--site", "by-hitech", "--format", "csv"],
    "projects": ["projects", "--site", "by-hitech", "--format", "csv"],
    "targets": ["targets", "--format", "csv"],
    "enterprises": ["enterprises", "--format", "csv"],
    "parcels": ["parcels", "--format", "csv"],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", sorted(CLI_COMMANDS))
def test_each_data_command_with_a_role_prints_what_it_may(role_env, capsys, command, role):
    assert cli.main([*CLI_COMMANDS[command], "--role", role]) == 0
    printed = capsys.readouterr().out
    if role == "public":
        assert leaks(printed) == []
    elif command == "enterprises":
        assert SECRET_FIRM in printed
    elif command == "sites":
        assert SECRET_SITE in printed


@pytest.mark.parametrize("role", ["public", "admin"])
def test_export_and_documents_from_the_command_line_follow_the_role(role_env, tmp_path, role):
    out = tmp_path / role
    assert cli.main(["export", "--format", "csv", "--out", str(out / "csv"), "--role", role]) == 0
    assert cli.main(["export", "--format", "xlsx", "--out", str(out / "all.xlsx"), "--role", role]) == 0
    pdf = out / "by-hitech.pdf"
    assert cli.main(["profile", "--site", "by-hitech", "--format", "pdf", "--out", str(pdf), "--role", role]) == 0
    written = "".join(readable(p.name, p.read_bytes()) for p in sorted(out.rglob("*")) if p.is_file())
    if role == "public":
        assert leaks(written) == []
    else:
        assert {SECRET_SITE, SECRET_FIRM, SECRET_CONTACT} <= {s for s in SECRETS if s in written}


def test_a_tour_naming_an_internal_site_leaves_it_out_for_public_without_naming_it(role_env, tmp_path):
    from geo.access import visible_catalogue
    from geo.load import load_catalogue
    from geo.tours import load_tours

    (tmp_path / "t.yaml").write_text(
        "title: {zh: 测试, en: Test}\nsteps:\n"
        f"  - caption: {{zh: 一, en: One}}\n    zoom: 10\n    sites: [by-hitech, {SECRET_SITE}]\n"
        "    sources: [by-plan-2024]\n",
        encoding="utf-8",
    )
    full = load_catalogue(role_env / "data")
    staff = load_tours(full, tmp_path)
    public = load_tours(visible_catalogue(full, "public"), tmp_path, hidden=full)
    assert staff.tours[0].steps[0].sites == ("by-hitech", SECRET_SITE_ID)
    assert public.problems == () and public.tours[0].steps[0].sites == ("by-hitech",)
    unmasked = load_tours(visible_catalogue(full, "public"), tmp_path)  # without `hidden`: a plain unknown name
    assert any(SECRET_SITE in str(p) for p in unmasked.problems)
