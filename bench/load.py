"""Load benchmark: N concurrent sessions against one atlas server, speaking Streamlit's websocket protocol.

Each session is a client of ``/_stcore/stream`` as the Streamlit frontend is: it sends ``rerun_script``
BackMsgs (page name, widget states) and reads ForwardMsgs until ``script_finished``. No browser runs,
so the figures are the server's own time (plus the network on 127.0.0.1), not a browser's CPU.
Each session opens map pages in turn and toggles the sidebar chain filter, pausing a "think time"
between actions, until its time or its action count runs out.

Run alone: ``.venv/bin/python bench/load.py --sessions 25 --duration 120``; ``bench/run.py`` runs it too.
What the figures mean: bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import math
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLIENT_KIND = "protocol clients (Python websockets speaking Streamlit's BackMsg/ForwardMsg; no browser)"
MAP_PAGES = ("overview", "baiyin", "lanzhou", "chains", "spatial", "profile", "targets", "tour")
# the view with the map (on targets only the open tab is built)
QUERIES = {"profile": "site=by-hitech", "targets": "tab=map"}
URL_PATHS = {"overview": ""}  # page name -> url path, where they differ
FOLIUM = "streamlit_folium.st_folium"
CHAIN_KEY = "-chains"  # the sidebar multiselect's element id ends in its key
RERUN_TIMEOUT = 120.0  # a rerun not finished by then counts as an error


@dataclass
class Rerun:
    """One rerun as a session saw it."""

    kind: str  # "open" (a page) or "change" (the chain filter)
    page: str
    server_s: float  # BackMsg sent -> ForwardMsg script_finished
    view_s: float  # BackMsg sent -> the map's delta received (script_finished if the run sent no map)
    bytes: int  # as received: a message the client holds in its cache comes as a reference
    errors: list[str] = field(default_factory=list)
    map_digest: str = ""  # hash of the map's arguments as sent (tells whether the filter reached the map)
    full_bytes: int = 0  # what the run's messages would have been without the message cache


@dataclass
class LoadResult:
    sessions: int
    duration_s: float
    reruns: list[Rerun]
    errors: list[str]  # every error, "page: message"
    rss_mb: list[float]  # server RSS samples

    def times(self, kind: str, attr: str) -> list[float]:
        return [getattr(r, attr) for r in self.reruns if r.kind == kind and not r.errors]


# --------------------------------------------------------------- one protocol client


class ProtocolSession:
    """One browser-less Streamlit session: connect, rerun pages, toggle the chain filter."""

    def __init__(self, ws):
        self.ws = ws
        self.page_hashes: dict[str, str] = {}  # url path -> page_script_hash (from the navigation message)
        self.widgets: dict[str, object] = {}  # element id -> WidgetState the "browser" holds
        self.chain_widget: tuple[str, list[str], str] | None = None  # (id, option labels, fragment id)
        self.fragment_id = ""  # set for the next rerun when the changed widget sits in an st.fragment
        # The frontend's message cache: hash -> [size, runs since last used]. Announced with every
        # rerun, so the server sends a reference for what the "browser" still holds.
        self.cached: dict[str, list[int]] = {}
        self.map_hashes: set[str] = set()  # cached messages that are the map (a reference to one updates it)
        self.max_cached_age = 2  # global.maxCachedMessageAge; the server's new_session message says

    @classmethod
    async def connect(cls, url: str):
        import websockets

        ws_url = url.replace("http://", "ws://", 1) + "/_stcore/stream"
        ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60)
        return cls(ws)

    async def close(self) -> None:
        await self.ws.close()

    async def rerun(self, kind: str, page: str) -> Rerun:
        """Send one rerun_script for ``page`` with the current widget states; read until it finishes."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        path = URL_PATHS.get(page, page)
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = QUERIES.get(page, "")
        state.page_name = path
        state.page_script_hash = self.page_hashes.get(path, "")
        state.widget_states.widgets.extend(self.widgets.values())
        state.fragment_id, self.fragment_id = (self.fragment_id if kind == "change" else ""), ""  # as the frontend
        state.cached_message_hashes.extend(self.cached)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        return await self._read_run(kind, page, start)

    async def _read_run(self, kind: str, page: str, start: float) -> Rerun:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        size, full, view, errors, used = 0, 0, None, [], set()
        self._digest = ""
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), RERUN_TIMEOUT)
            size += len(raw)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            full += self._through_cache(fwd, len(raw), used)
            which = fwd.WhichOneof("type")
            if which == "ref_hash" and fwd.ref_hash in self.map_hashes:  # the map, from the cache
                view = view or time.perf_counter() - start
            elif which == "new_session":
                self.max_cached_age = fwd.new_session.config.max_cached_message_age or self.max_cached_age
            elif which == "delta":
                map_at = self._read_delta(fwd.delta, errors, start)
                if map_at is not None:
                    view = view or map_at
                    self.map_hashes.add(fwd.hash)
            elif which == "navigation":
                self.page_hashes = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
            elif which == "page_not_found":
                errors.append(f"page not found: {fwd.page_not_found.page_name!r}")
            elif which == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":  # the app reran itself (st.rerun, switch_page)
                    continue
                if status == "FINISHED_WITH_COMPILE_ERROR":
                    errors.append("script compile error")
                done = time.perf_counter() - start
                self._age_cache(used)
                view_s = view if view is not None else done
                return Rerun(kind, page, done, view_s, size, errors, self._digest, full_bytes=full)

    def _through_cache(self, fwd, size: int, used: set[str]) -> int:
        """Keep a cacheable message, note a reference's use; return the message's size without the cache."""
        if fwd.WhichOneof("type") == "ref_hash":
            used.add(fwd.ref_hash)
            return self.cached.get(fwd.ref_hash, [size])[0]
        if fwd.metadata.cacheable:
            self.cached[fwd.hash] = [size, 0]
            used.add(fwd.hash)
        return size

    def _age_cache(self, used: set[str]) -> None:
        """After a run, as the frontend: age what this run did not use, forget what is too old."""
        for key in list(self.cached):
            entry = self.cached[key]
            entry[1] = 0 if key in used else entry[1] + 1
            if entry[1] > self.max_cached_age:
                del self.cached[key]

    def _read_delta(self, delta, errors: list[str], start: float) -> float | None:
        """Note errors and widgets in one delta; return the time if it carries a map."""
        if delta.WhichOneof("type") != "new_element":
            return None
        element = delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            errors.append(f"{element.exception.type}: {element.exception.message}")
        elif which == "multiselect" and element.multiselect.id.endswith(CHAIN_KEY):
            self.chain_widget = (element.multiselect.id, list(element.multiselect.options), delta.fragment_id)
        elif which == "component_instance" and element.component_instance.component_name == FOLIUM:
            self._digest = hashlib.sha1(element.component_instance.json_args.encode()).hexdigest()[:12]
            return time.perf_counter() - start
        return None

    def toggle_chain(self) -> bool:
        """Flip the sidebar chain filter between nothing and its first chain; False if it is not drawn."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        if self.chain_widget is None or not self.chain_widget[1]:
            return False
        widget_id, options, self.fragment_id = self.chain_widget
        old = self.widgets.get(widget_id)
        chosen = [] if old is not None and list(old.string_array_value.data) else [options[0]]
        state = WidgetState(id=widget_id)
        state.string_array_value.data[:] = chosen
        self.widgets[widget_id] = state
        return True


# --------------------------------------------------------------- the sessions


async def run_session(
    url: str,
    index: int,
    deadline: float,
    max_actions: int,
    changes_per_page: int,
    think_s: float,
    pages: tuple[str, ...],
    reruns: list[Rerun],
    errors: list[str],
) -> None:
    """One user: open pages in turn (starting at a page of its own), change the filter on each."""
    rng = random.Random(index)
    try:
        client = await ProtocolSession.connect(url)
    except Exception as exc:  # a refused connection is a failure the figures must show
        errors.append(f"connect: {type(exc).__name__}: {exc}")
        return
    actions, turn = 0, index
    try:
        while actions < max_actions and time.monotonic() < deadline:
            page = pages[turn % len(pages)]
            turn += 1
            steps = [("open", page)] + [("change", page)] * changes_per_page
            for kind, name in steps:
                if actions >= max_actions or time.monotonic() >= deadline:
                    break
                if kind == "change" and not client.toggle_chain():
                    errors.append(f"{name}: chain filter not found")
                    break
                rerun = await client.rerun(kind, name)
                actions += 1
                reruns.append(rerun)
                errors.extend(f"{name}: {e}" for e in rerun.errors)
                await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))  # a user's pause, not a wait for state
    except Exception as exc:
        errors.append(f"session {index}: {type(exc).__name__}: {exc}")
    finally:
        await client.close()


class RssSampler:
    """Samples a process's resident memory (VmRSS in /proc) in a background thread."""

    def __init__(self, pid: int, every_s: float = 0.5):
        self.pid, self.every_s, self.samples = pid, every_s, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            rss = rss_mb(self.pid)
            if rss is not None:
                self.samples.append(rss)
            if self._stop.wait(self.every_s):
                return


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_load(
    url: str,
    server_pid: int | None = None,
    sessions: int = 25,
    duration_s: float = 120,
    max_actions: int = 200,
    changes_per_page: int = 3,
    think_s: float = 1.0,
    pages: tuple[str, ...] = MAP_PAGES,
) -> LoadResult:
    """Run ``sessions`` protocol clients against the server at ``url`` (127.0.0.1 only).

    Each session stops after ``duration_s`` seconds or ``max_actions`` reruns, whichever comes first.
    """
    if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise ValueError(f"the load benchmark runs against this machine only, not {url}")
    if sessions < 1 or duration_s <= 0 or max_actions < 1:
        raise ValueError("sessions, duration and max_actions must be positive")
    unknown = set(pages) - set(MAP_PAGES)
    if unknown:
        raise ValueError(f"unknown page(s): {', '.join(sorted(unknown))}")
    reruns: list[Rerun] = []
    errors: list[str] = []

    async def all_sessions():
        deadline = time.monotonic() + duration_s
        await asyncio.gather(
            *(
                run_session(url, i, deadline, max_actions, changes_per_page, think_s, pages, reruns, errors)
                for i in range(sessions)
            )
        )

    start = time.perf_counter()
    if server_pid is None:
        asyncio.run(all_sessions())
        samples = []
    else:
        with RssSampler(server_pid) as sampler:
            asyncio.run(all_sessions())
        samples = sampler.samples
    return LoadResult(sessions, time.perf_counter() - start, reruns, errors, samples)


def percentile(values: list[float], pct: float) -> float | None:
    """The ``pct``-th percentile (nearest rank), or None without values."""
    if not values:
        return None
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, math.ceil(pct / 100 * len(ranked)) - 1))]


def summary(result: LoadResult) -> dict:
    """The figures of a load run, in ms / MB / counts."""

    def ms(values, pct):
        value = percentile(values, pct)
        return None if value is None else round(value * 1000, 1)

    change, opened = result.times("change", "server_s"), result.times("open", "server_s")
    view = result.times("change", "view_s")
    return {
        "sessions": result.sessions,
        "duration_s": round(result.duration_s, 1),
        "reruns": len(result.reruns),
        "changes": len(change),
        "opens": len(opened),
        "errors": len(result.errors),
        "first_errors": sorted(set(result.errors))[:5],
        "change_p50_ms": ms(change, 50),
        "change_p95_ms": ms(change, 95),
        "open_p50_ms": ms(opened, 50),
        "open_p95_ms": ms(opened, 95),
        "view_p50_ms": ms(view, 50),
        "view_p95_ms": ms(view, 95),
        "rss_start_mb": round(result.rss_mb[0]) if result.rss_mb else None,
        "rss_peak_mb": round(max(result.rss_mb)) if result.rss_mb else None,
        "rss_end_mb": round(result.rss_mb[-1]) if result.rss_mb else None,
        "kib_per_change": _mean_kib([r.bytes for r in result.reruns if r.kind == "change"]),
        "kib_per_change_uncached": _mean_kib([r.full_bytes for r in result.reruns if r.kind == "change"]),
    }


def _mean_kib(sizes: list[int]) -> float | None:
    return round(statistics.mean(sizes) / 1024, 1) if sizes else None


def main(argv: list[str] | None = None) -> int:
    from tests.browser_server import start_app

    parser = argparse.ArgumentParser(description="Lanbai Atlas load benchmark (protocol clients)")
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--duration", type=float, default=120, help="seconds each session runs at most")
    parser.add_argument("--max-actions", type=int, default=200, help="reruns per session at most")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a session's actions, s")
    args = parser.parse_args(argv)
    server = start_app()
    try:
        result = run_load(
            server.url, server.proc.pid, args.sessions, args.duration, args.max_actions, think_s=args.think
        )
    finally:
        server.stop()
    for key, value in summary(result).items():
        print(f"{key:>16}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
