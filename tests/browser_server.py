"""A real `streamlit run serve.py` (the atlas with its start-up warm-up) and Debian's chromium, for browser tests and benchmarks.

Plain helpers (start_app, launch_browser, offline_context, map_frame, marker_summary) serve
bench/run.py too; the pytest fixtures at the end use them: one server per test session, one
browser per module, a fresh offline page per test, and on failure a screenshot and the
page's HTML in test-artifacts/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL_HOSTS = ("127.0.0.1", "localhost")


# --------------------------------------------------------------- the server


@dataclass
class AppServer:
    """A running ``streamlit run`` of the atlas; ``stop()`` ends it (and only it)."""

    proc: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(root: Path = ROOT, timeout: float = 60, script: str = "serve.py") -> AppServer:
    """Start ``streamlit run <script>`` (from ``root``) headless on a free port; return once it is healthy.

    The server's output goes to a log file (a pipe nobody reads would fill and stall it).
    File watching is off: other people's edits must not rerun the app mid-test.

    Raises
    ------
    RuntimeError
        If the server exits or is not healthy before ``timeout`` seconds (with its log).
    """
    port = free_port()
    log_path = Path(tempfile.mkstemp(prefix="atlas-streamlit-", suffix=".log")[1])
    inherited = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root)] + ([inherited] if inherited else []))}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = AppServer(proc, port, log_path)
    try:
        wait_healthy(server, timeout)
    except Exception:
        server.stop()
        raise
    return server


def wait_healthy(server: AppServer, timeout: float) -> None:
    """Poll ``/_stcore/health`` until it answers 200, up to a deadline."""
    deadline = time.monotonic() + timeout
    url = server.url + "/_stcore/health"
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.proc.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)  # poll interval while the server starts
    raise RuntimeError(f"{url} not healthy after {timeout:g} s:\n{server.log()}")


# --------------------------------------------------------------- the browser


def launch_browser(playwright):
    """Debian's chromium (never a downloaded one), headless."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class Offline:
    """Requests the page tried to send off this machine (all aborted)."""

    aborted: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        host = re.sub(r"^[a-z]+://([^/:]+).*$", r"\1", route.request.url)
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.aborted.append(route.request.url)
            route.abort("internetdisconnected")


def offline_context(browser, **kwargs):
    """A browser context whose every non-localhost request is aborted; returns (context, Offline)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, **kwargs)
    offline = Offline()
    context.route("**/*", offline.route)
    return context, offline


def map_frame(page, index: int = 0):
    """The FrameLocator of the page's ``index``-th st_folium map."""
    return page.frame_locator(MAP_IFRAME).nth(index)


# Every marker's icon is a child of Leaflet's marker pane. Not `.leaflet-marker-icon`: that class is
# only on Leaflet's default image icons; awesome-markers (folium.Icon) set their own classes.
MARKER = ".leaflet-marker-pane > *"
MARKER_JS = """() => {
  const icons = [...document.querySelectorAll('.leaflet-marker-pane > *')];
  const clusters = icons.filter(i => i.classList.contains('marker-cluster'));
  const inClusters = clusters.reduce((n, c) => n + (parseInt(c.textContent, 10) || 0), 0);
  const markers = icons.filter(i => !i.classList.contains('marker-cluster'));
  const red = markers.filter(i => i.classList.contains('awesome-marker-icon-red')).length;
  return {markers: markers.length + inClusters, red: red, clusters: clusters.length};
}"""


def marker_summary(frame_locator) -> dict:
    """Markers on a map (clustered ones counted through their clusters) and how many are red."""
    return frame_locator.locator("body").evaluate(MARKER_JS)


# --------------------------------------------------------------- pytest fixtures


@pytest.fixture(scope="session")
def app_server():
    """One atlas server for the whole test session."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (./run test installs it)")
    server = start_app()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    """One chromium per module (closed before other modules run their own playwright)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (./run test installs it)")
    with sync_api.sync_playwright() as pw:
        chromium = launch_browser(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser, app_server, request):
    """A fresh page with no internet; on failure its screenshot and HTML go to test-artifacts/."""
    context, offline = offline_context(browser, base_url=app_server.url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.offline = offline
    failed_before = request.session.testsfailed
    yield page
    # The call phase's report is logged before teardown, so a failure has been counted by now.
    if request.session.testsfailed > failed_before:
        save_artifacts(page, request.node.name, offline)
    context.close()


def save_artifacts(page, test_name: str, offline: Offline) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / re.sub(r"[^\w.-]+", "_", test_name)
    try:
        page.screenshot(path=f"{stem}.png", full_page=True)
        frames = [f"<!-- frame {f.url} -->\n{f.content()}" for f in page.frames]
        Path(f"{stem}.html").write_text("\n".join(frames), encoding="utf-8")
        Path(f"{stem}.aborted.txt").write_text("\n".join(offline.aborted), encoding="utf-8")
    except Exception as exc:  # the page may be gone; the test's own failure is what matters
        Path(f"{stem}.artifact-error.txt").write_text(repr(exc), encoding="utf-8")
