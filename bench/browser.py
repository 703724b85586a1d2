"""Browser benchmark: a filter change on each map page in Debian's chromium, timed to the updated map.

For each map page: open it, let its filter change twice (both views built and cached, and the map's
look in each state learnt), then N timed changes. Each timed change first pans the map (a user's own
view) and tags the Leaflet container and the map iframe's window with a JS property; then it presses
the control and polls the map until it shows the new state. Reported: the time from the press to the
updated map (median and max), whether the map was rebuilt (tag gone), whether the pan survived, and
the bytes over the websocket (and HTTP) per change. Also the cold start and first page load to the
first marker. Server and browser helpers: tests/browser_server.py. Meaning of each figure:
bench/README.md.

Run alone: ``.venv/bin/python bench/browser.py --pages overview,tour --changes 3``.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_server import (  # noqa: E402  (after the sys.path line above)
    CHROMIUM,
    MARKER,
    launch_browser,
    map_frame,  # noqa: E402
    offline_context,
    start_app,
)

LOAD_MS = 90_000  # a page's first run builds its map; 2 shared cores can be slow
CHANGE_TIMEOUT_S = 30.0
PAN_RERUN_WAIT_S = 1.5  # how long a pan may take to send its (debounced) rerun before we call it "none"
PAGES = {  # name -> (url, how its filter changes: ("chains",) | ("select", key) | ("buttons", key a, key b), tab)
    "overview": ("/", ("chains",), None),
    "baiyin": ("/baiyin", ("chains",), None),
    "lanzhou": ("/lanzhou", ("chains",), None),
    "chains": ("/chains", ("chains",), None),
    "spatial": ("/spatial", ("chains",), None),
    "profile": ("/profile?site=by-hitech", ("select", "site"), None),
    "targets": ("/targets", ("select", "targets_map"), "地图"),
    "tour": ("/tour", ("buttons", "tour_next", "tour_prev"), None),
}
# Pages whose main control moves the map to another place by design (a tour step, another site's
# profile): there "view kept" means the map failed to follow, so the bench counts the opposite.
MOVES = frozenset({"profile", "tour"})
CHANGE_LABELS = {
    "chains": "sidebar chain filter: add / remove one chain",
    "select": "picker `{}`: option 1 / 2",
    "buttons": "tour steps: next / previous",
}

# The map's look, from Leaflet's layers rather than the DOM: markercluster only draws what is in view,
# so a pan would change a DOM-based signature. Clusters and markers a cluster group shows are skipped;
# the group's own full list of markers counts instead.
MAP_STATE_JS = """(token) => {
  const box = document.querySelector('.leaflet-container');
  const m = window.map;
  const out = {now: Date.now(), ready: false, sig: '', kept: false, windowKept: window.__benchTag === token};
  if (!box || !m || !m.eachLayer || box.offsetHeight === 0) return out;
  const parts = [];
  const describe = l => (l.options && l.options.icon && l.options.icon.options.markerColor) ||
                        (l.options && (l.options.color || '') + (l.options.fillColor || '')) || '';
  m.eachLayer(l => {
    if (L.TileLayer && l instanceof L.TileLayer) return;
    if (L.MarkerCluster && l instanceof L.MarkerCluster) return;
    if (l.__parent) return;
    if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) {
      l.getLayers().forEach(c => parts.push('c' + describe(c)));
      return;
    }
    parts.push((l instanceof L.Marker ? 'm' : l instanceof L.Path ? 'p' : 'o') + describe(l));
  });
  let hash = 0;
  const text = parts.join(',');
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  const drawn = document.querySelectorAll('.leaflet-marker-pane > *, .leaflet-overlay-pane path').length;
  const c = m.getCenter();
  return {...out, ready: drawn > 0, sig: parts.length + ':' + hash, kept: box.__benchTag === token,
          view: [c.lat, c.lng, m.getZoom()]};
}"""
TAG_JS = """(token) => { window.__benchTag = token; document.querySelector('.leaflet-container').__benchTag = token;
  window.map.panBy([60, 40], {animate: false}); const c = window.map.getCenter();
  return [c.lat, c.lng, window.map.getZoom()]; }"""
PRESS_CLOCK_JS = """() => { if (window.__benchPress) return;
  window.__benchPress = true;
  document.addEventListener('pointerdown', () => { window.__benchPressAt = Date.now(); }, true); }"""


# --------------------------------------------------------------- the websocket, as the browser sees it


@dataclass
class WsMeter:
    """Every websocket frame of a page: (direction, bytes, what it is) in order."""

    frames: list[tuple[str, int, str]] = field(default_factory=list)
    http: list = field(default_factory=list)

    def attach(self, page) -> None:
        """Count websocket frames (Playwright) and HTTP bytes on the wire (Chrome DevTools protocol).

        The DevTools ``encodedDataLength`` is what came over the network: 0 for a response served
        from the browser's cache, which Playwright's own sizes do not tell apart.
        """
        page.on("websocket", self._on_socket)
        cdp = page.context.new_cdp_session(page)
        urls: dict[str, str] = {}
        cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on(
            "Network.loadingFinished",
            lambda e: self.http.append((urls.get(e["requestId"], "?"), int(e.get("encodedDataLength", 0)))),
        )
        cdp.send("Network.enable")

    def _on_socket(self, ws) -> None:
        ws.on("framereceived", lambda payload: self.frames.append(("in", len(payload), _forward_kind(payload))))
        ws.on("framesent", lambda payload: self.frames.append(("out", len(payload), _back_kind(payload))))

    def mark(self) -> tuple[int, int]:
        return len(self.frames), len(self.http)

    def finished_since(self, mark: tuple[int, int]) -> bool:
        return any(kind == "script_finished" for _, _, kind in self.frames[mark[0] :])

    def rerun_sent_since(self, mark: tuple[int, int]) -> bool:
        return any(kind == "rerun_script" for _, _, kind in self.frames[mark[0] :])

    def bytes_since(self, mark: tuple[int, int]) -> tuple[int, int, dict[str, int]]:
        """(websocket bytes both ways, HTTP bytes on the wire, HTTP bytes by path) since ``mark``.

        Streamlit sends a large message as a reference; the browser then fetches it over HTTP
        (/_stcore/message) unless it has it cached, so both channels count.
        """
        ws = sum(size for _, size, _ in self.frames[mark[0] :])
        by_path: dict[str, int] = {}
        for url, size in self.http[mark[1] :]:
            if size:
                path = url.split("?")[0].split("/", 3)[-1]
                by_path[path] = by_path.get(path, 0) + size
        return ws, sum(by_path.values()), by_path


def _forward_kind(payload) -> str:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
    except Exception:
        return "?"
    which = msg.WhichOneof("type") or "?"
    if which == "script_finished" and msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
        return "finished_early"
    return which


def _back_kind(payload) -> str:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    try:
        msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
    except Exception:
        return "?"
    return msg.WhichOneof("type") or "?"


# --------------------------------------------------------------- one page


@dataclass
class PageResult:
    page: str
    change: str
    update_ms: list[float] = field(default_factory=list)
    rebuilt: int = 0
    view_kept: int = 0
    ws_bytes: list[int] = field(default_factory=list)
    http_bytes: list[int] = field(default_factory=list)
    pan_reruns: int = 0
    http_paths: dict[str, int] = field(default_factory=dict)  # HTTP bytes by path over all timed changes
    map_changes_look: bool = True  # False: the change does not alter the map (timed to the rerun's end)
    error: str = ""


class MapPage:
    """A page with an st_folium map and a control that changes what the map shows."""

    def __init__(self, page, meter: WsMeter, change: tuple):
        self.page, self.meter, self.change, self.flip = page, meter, change, 0

    def state(self, token: str = "") -> dict:
        try:
            return map_frame(self.page).locator("body").evaluate(MAP_STATE_JS, token, timeout=5_000)
        except Exception:  # the iframe is being replaced: not shown yet
            return {"now": int(time.time() * 1000), "ready": False, "sig": ""}

    def press(self) -> None:
        """Change the filter (alternating between two states); the timed part is the final press."""
        page, kind = self.page, self.change[0]
        self.flip += 1
        if kind == "chains":
            box = page.locator(".st-key-chains")
            remove = box.locator('button[aria-label^="Remove "]')
            if remove.count():
                remove.first.click()
            else:
                box.get_by_role("combobox").click()
                options = page.get_by_role("option")
                options.first.wait_for()
                choice = next(i for i in range(options.count()) if options.nth(i).inner_text() != "Select all")
                options.nth(choice).click()
                page.keyboard.press("Escape")
        elif kind == "select":
            page.locator(f".st-key-{self.change[1]}").get_by_role("combobox").click()
            options = page.get_by_role("option")
            options.first.wait_for()
            options.nth(self.flip % 2).click()
        else:
            page.locator(f".st-key-{self.change[1 + (self.flip + 1) % 2]} button").click()

    def wait(self, until, timeout_s: float = CHANGE_TIMEOUT_S, token: str = "") -> dict:
        """Poll the map (each poll lets Playwright deliver websocket events) until ``until(state)``."""
        deadline = time.monotonic() + timeout_s
        while True:
            state = self.state(token)
            if until(state):
                return state
            if time.monotonic() > deadline:
                raise TimeoutError(f"map not updated within {timeout_s:g} s (last state {state})")

    def settle(self, mark) -> None:
        """Wait for the rerun a press started to finish (whatever the map does)."""
        self.wait(lambda s: s["ready"] and self.meter.finished_since(mark))

    def learn(self, before: str) -> str:
        """One untimed change: return the map's look after it (the same as ``before`` if it does not change)."""
        mark = self.meter.mark()
        self.press()
        self.settle(mark)
        try:  # the new look: different from before and the same over three polls
            seen = []
            self.wait(lambda s: s["ready"] and s["sig"] != before and _steady(seen, s["sig"]), timeout_s=5)
            return seen[-1][1]
        except TimeoutError:
            return before


STEADY_S = 0.5  # a look counts as learnt once it held this long: a layer swap half done can last a few polls


def _steady(seen: list, sig: str, now: float | None = None) -> bool:
    """Note one poll's look; True once the same look has held for :data:`STEADY_S` (and 3 polls)."""
    seen.append((time.monotonic() if now is None else now, sig))
    run = list(itertools.takewhile(lambda entry: entry[1] == sig, reversed(seen)))
    return len(run) >= 3 and run[0][0] - run[-1][0] >= STEADY_S


def measure_page(browser, base_url: str, name: str, changes: int) -> PageResult:
    """Open one map page in a fresh offline context and time ``changes`` filter changes."""
    url, change, tab = PAGES[name]
    label = CHANGE_LABELS[change[0]].format(*change[1:2])
    result = PageResult(name, label)
    context, _ = offline_context(browser, base_url=base_url)
    try:
        page = context.new_page()
        meter = WsMeter()
        meter.attach(page)
        _open(page, url, tab)
        page.evaluate(PRESS_CLOCK_JS)
        probe = MapPage(page, meter, change)
        looks = [probe.wait(lambda s: s["ready"], LOAD_MS / 1000)["sig"]]
        looks.append(probe.learn(looks[0]))  # both states built, cached and learnt (a picker may start
        looks.append(probe.learn(looks[1]))  # on a third option: the timed changes alternate looks 1 and 2)
        result.map_changes_look = looks[1] != looks[2]
        for i in range(changes):
            _timed_change(probe, looks[1 + i % 2], f"bench-{i}", result)
    except Exception as exc:  # one page failing must not hide the others' figures
        result.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        context.close()
    return result


def _open(page, url: str, tab: str | None) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.locator('[data-test-script-state="notRunning"]')).to_have_count(1, timeout=LOAD_MS)
    if tab and page.get_by_role("tab", name=tab, exact=True).count():
        page.get_by_role("tab", name=tab, exact=True).click()
    expect(map_frame(page).locator(".leaflet-container")).to_be_visible(timeout=LOAD_MS)


def _timed_change(probe: MapPage, target: str, token: str, result: PageResult) -> None:
    meter = probe.meter
    pan_mark = meter.mark()
    view = map_frame(probe.page).locator("body").evaluate(TAG_JS, token)
    try:  # a pan may make st_folium send its bounds back, i.e. rerun the page: count it, let it finish
        probe.wait(lambda s: meter.rerun_sent_since(pan_mark), timeout_s=PAN_RERUN_WAIT_S)
        result.pan_reruns += 1
        probe.settle(pan_mark)
    except TimeoutError:
        pass
    mark = meter.mark()
    probe.press()
    pressed_at = probe.page.evaluate("() => window.__benchPressAt")
    if result.map_changes_look:
        state = probe.wait(lambda s: s["ready"] and s["sig"] == target, token=token)
    else:  # the map looks the same in both states: the update is the end of the rerun
        state = probe.wait(lambda s: s["ready"] and meter.finished_since(mark), token=token)
    result.update_ms.append(state["now"] - pressed_at)
    probe.settle(mark)
    after = probe.state(token)
    result.rebuilt += not after.get("kept", False)
    result.view_kept += bool(after.get("view")) and all(
        abs(a - b) < 1e-6 for a, b in zip(after["view"], view, strict=False)
    )
    ws, http, by_path = meter.bytes_since(mark)
    result.ws_bytes.append(ws)
    result.http_bytes.append(http)
    for path, size in by_path.items():
        result.http_paths[path] = result.http_paths.get(path, 0) + size


def summary(result: PageResult) -> dict:
    n = len(result.update_ms)
    return {
        "page": result.page,
        "change": result.change,
        "n": n,
        "error": result.error,
        "update_median_ms": round(statistics.median(result.update_ms)) if n else None,
        "update_max_ms": round(max(result.update_ms)) if n else None,
        "rebuilt": result.rebuilt,
        "view_kept": result.view_kept,
        "pan_reruns": result.pan_reruns,
        "ws_kib_median": round(statistics.median(result.ws_bytes) / 1024, 1) if n else None,
        "http_kib_median": round(statistics.median(result.http_bytes) / 1024, 1) if n else None,
        "kib_median": round(
            statistics.median(map(sum, zip(result.ws_bytes, result.http_bytes, strict=False))) / 1024, 1
        )
        if n
        else None,
        "http_top": sorted(result.http_paths, key=result.http_paths.get, reverse=True)[:3],
        "map_changes_look": result.map_changes_look,
        "moves": result.page in MOVES,
    }


def filter_changes(pages: list[str], changes: int = 3) -> list[dict]:
    """One server, one chromium; every page in its own fresh context. A summary per page."""
    from playwright.sync_api import sync_playwright

    server = start_app()
    try:
        with sync_playwright() as pw:
            browser = launch_browser(pw)
            try:
                return [summary(measure_page(browser, server.url, name, changes)) for name in pages]
            finally:
                browser.close()
    finally:
        server.stop()


# --------------------------------------------------------------- cold start


def cold_start() -> dict:
    """Start streamlit, open /, and time until the first marker of the overview map is visible (s)."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)  # launched before the clock starts: the user's browser is already open
        try:
            start = time.perf_counter()
            server = start_app()
            healthy = time.perf_counter()
            try:
                context, offline = offline_context(browser, base_url=server.url)
                page = context.new_page()
                page.goto("/")
                expect(map_frame(page).locator(MARKER).first).to_be_visible(timeout=120_000)
                shown = time.perf_counter()
                # The same in a second, fresh context on the now warm server: what is left of the cold
                # start once the server's own work is done (Streamlit's page, the map frame, drawing).
                again = offline_context(browser, base_url=server.url)[0].new_page()
                warm_began = time.perf_counter()
                again.goto("/")
                expect(map_frame(again).locator(MARKER).first).to_be_visible(timeout=120_000)
                warm = time.perf_counter() - warm_began
            finally:
                server.stop()
        finally:
            browser.close()
    return {
        "healthy_s": round(healthy - start, 2),
        "first_marker_s": round(shown - start, 2),
        "page_load_s": round(shown - healthy, 2),
        "warm_page_load_s": round(warm, 2),
        "aborted": len(offline.aborted),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lanbai Atlas browser benchmark (Debian chromium)")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--changes", type=int, default=3, help="timed filter changes per page")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is not installed")
    for row in filter_changes(args.pages.split(","), args.changes):
        print(row)
    print(cold_start())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
