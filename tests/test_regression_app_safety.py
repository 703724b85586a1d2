"""Issue 7, the app side: findings 2 (a name as a Leaflet layer name ran as HTML), 5 (repeated URL
values crashed the Chains page; 2,000 copies cost minutes), 6 (URL values written into notices as
markdown), 12 (upload refusals only as an English hover text), and no traceback reaches a visitor.

Each test failed on commit f4d4570. The browser half (every page of a poisoned data copy in
chromium) is tests/test_browser_injection.py.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import tomllib
from pathlib import Path

import pytest
import streamlit

from geo import load_catalogue
from geo import targets as tg
from geo.markup import html_text, md_text
from tests.apptest_utils import assert_no_exception, open_page
from views import targets as vt
from views.maps import MapOptions
from views.offline import standalone_map_html

ROOT = Path(__file__).resolve().parent.parent
XSS = '<img src=x onerror="window.__xss=1">'

# Markdown that would render as a link, an image, HTML or a bare autolink (escaped forms do not match).
LIVE_MARKDOWN = re.compile(r"(?<!\\)\]\(|(?<!\\)<[a-z/!]|(?i:(?<![a-z])(?:https?|ftp):(?!\\))|(?i:(?<![a-z\\])www\.)")


def texts(at) -> list[str]:
    """Every markdown-rendered text on the page: notices, markdown and captions."""
    return [
        e.value for kind in ("warning", "error", "info", "success", "markdown", "caption") for e in getattr(at, kind)
    ]


# --------------------------------------------------------------- finding 6: URL values are never markup


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "page, query, shown",
    [
        ("app_pages/tour.py", {"tour": "[点此重新登录](https://evil.example/)"}, "点此重新登录"),
        ("app_pages/profile.py", {"site": "![x](http://host.example/t.png)"}, "host.example"),
        ("app_pages/targets.py", {"indicator": "[登录](https://evil.example/)"}, "evil.example"),
        (None, {"basemap": "![x](http://host.example/t.png)"}, "host.example"),  # the sidebar's notice
        (None, {"city": "www.evil.example <b>x</b>"}, "evil.example"),
    ],
)
def test_url_values_are_shown_as_plain_text(page, query, shown, lang):
    at = open_page(page, query={**query, "lang": lang})
    assert not at.exception, [e.value for e in at.exception]
    notices = [w.value for w in at.warning if shown in w.value]
    assert notices, [w.value for w in at.warning]
    assert [text for text in texts(at) if LIVE_MARKDOWN.search(text)] == []


def test_markdown_escaping_keeps_every_character():
    payload = "[a](https://e.example/) ![i](http://h/t.png) **b** $x$ <s> `c` www.w.example a@b.c\n# h"
    escaped = md_text(payload)
    assert not LIVE_MARKDOWN.search(escaped)
    assert re.sub(r"\\(.)", r"\1", escaped) == payload.replace("\n", " ")


# --------------------------------------------------------------- finding 5: repeated and oversized URL lists


def test_a_repeated_chain_id_opens_the_chains_page_once():
    at = open_page("app_pages/chains.py", query={"chain": "chain-new-materials,chain-new-materials"})
    assert_no_exception(at)
    assert at.session_state["chains"] == ["chain-new-materials"]


def test_two_thousand_copies_of_an_id_cost_no_more_than_one():
    # On f4d4570 this run took ~100 s of CPU (the timeout makes that a failure).
    at = open_page("app_pages/chains.py", query={"chain": ",".join(["chain-new-materials"] * 2000)}, timeout=30)
    assert_no_exception(at)
    assert at.session_state["chains"] == ["chain-new-materials"]


@pytest.mark.parametrize("lang, words", [("zh", "过多"), ("en", "too many")])
def test_too_many_or_too_long_values_are_dropped_with_a_notice(lang, words):
    many = ",".join(f"chain-{i}" for i in range(500))
    at = open_page(None, query={"chain": many, "site": "s" * 5000, "lang": lang}, timeout=30)  # notices: first run
    assert not at.exception, [e.value for e in at.exception]
    notices = [w.value for w in at.warning]
    assert any(words in n and "chain" in n for n in notices), notices
    assert any("s" * 60 + "…" in n and "s" * 61 not in n for n in notices), notices  # long value shown cut
    assert at.session_state["site"] == ""


@pytest.mark.parametrize(
    "page, query",
    [
        (None, {"step": "abc"}),
        (None, {"km": "nan"}),
        (None, {"km": "1e999"}),
        (None, {"lang": "xx"}),
        ("app_pages/tour.py", {"step": "9" * 50, "tour": "baiyin-1z6p"}),
    ],
)
def test_bogus_values_give_a_notice_not_a_traceback(page, query):
    at = open_page(page, query=query)
    assert not at.exception, [e.value for e in at.exception]
    assert at.warning


# --------------------------------------------------------------- finding 2: layer names are HTML-escaped


@pytest.fixture(scope="module")
def poisoned_targets():
    """The shipped catalogue with a script-bearing indicator name (a copy: the loaded one is shared)."""
    cat = load_catalogue()
    indicators = cat.indicators.copy()
    for column in ("indicator_zh", "indicator_en"):
        indicators[column] = indicators[column] + XSS
    return dataclasses.replace(cat, indicators=indicators)


def layer_names(script: str) -> list[str]:
    """The layer control's names as Leaflet receives them (JSON strings in the map script)."""
    names = []
    for block in re.findall(r"(?:base_layers|overlays)\s*:\s*\{(.*?)\}", script, flags=re.S):
        names += [json.loads(f'"{key}"') for key in re.findall(r'"((?:[^"\\]|\\.)*)"\s*:', block)]
    return names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_names_in_the_layer_control_are_text(poisoned_targets, lang):
    series = tg.map_series(poisoned_targets)[0].key
    built = vt.indicator_map(poisoned_targets, MapOptions(lang=lang), series)
    for html in (built.map.get_root().render(), standalone_map_html(built.map)):
        names = layer_names(html)
        assert any(html_text(XSS) in n for n in names), names
        assert not [n for n in names if "<img" in n]


# --------------------------------------------------------------- finding 12: upload refusals in the page's language


class FakeUpload:
    def __init__(self, name: str, content: bytes):
        self.name, self._content, self.size = name, content, len(content)

    def getvalue(self) -> bytes:
        return self._content


@pytest.mark.parametrize("lang, words", [("zh", "只接受 CSV"), ("en", "only CSV files")])
def test_a_wrong_type_is_refused_in_the_page_language_with_the_limit(monkeypatch, lang, words):
    monkeypatch.setattr(streamlit, "file_uploader", lambda *a, **k: FakeUpload("photo.png", b"\x89PNG"))
    at = open_page("app_pages/sources.py", query={"lang": lang})
    assert not at.exception
    [error] = at.error
    assert words in error.value and "photo.png" in error.value and "20 MB" in error.value


@pytest.mark.parametrize("lang, words", [("zh", "超过上限 20 MB"), ("en", "over the limit of 20 MB")])
def test_an_oversize_file_is_refused_in_the_page_language_with_the_limit(monkeypatch, lang, words):
    big = b"id\n" + b"x\n" * (11 * 1024 * 1024)  # 22 MB
    monkeypatch.setattr(streamlit, "file_uploader", lambda *a, **k: FakeUpload("sites.csv", big))
    at = open_page("app_pages/sources.py", query={"lang": lang})
    assert not at.exception
    [error] = at.error
    assert words in error.value and "22.0 MB" in error.value


def test_the_uploader_itself_refuses_nothing_we_refuse_in_words(monkeypatch):
    """Streamlit's own refusal is an English hover text: the uploader takes any type, and more than our limit."""
    calls = []
    monkeypatch.setattr(streamlit, "file_uploader", lambda *a, **k: calls.append(k))
    at = open_page("app_pages/sources.py", query={"lang": "en"})
    assert_no_exception(at)
    [kwargs] = calls
    assert kwargs.get("type") is None and kwargs["max_upload_size"] > 20
    assert any("at most 20 MB" in c.value for c in at.caption)


# --------------------------------------------------------------- no traceback reaches a visitor


def test_the_shipped_config_shows_no_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


@pytest.mark.parametrize("lang, words", [("zh", "请刷新页面"), ("en", "Reload the page")])
def test_an_unexpected_error_is_a_friendly_message_and_a_log_entry(monkeypatch, caplog, lang, words):
    from views import tour as vtour

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail /srv/path")

    monkeypatch.setattr(vtour, "sources_text", broken)
    with caplog.at_level(logging.ERROR, logger="lanbai.app"):
        at = open_page("app_pages/tour.py", query={"lang": lang})
    assert not at.exception
    [error] = at.error
    assert words in error.value and "secret" not in error.value
    assert any("secret detail" in (r.exc_text or "") or r.exc_info for r in caplog.records)
