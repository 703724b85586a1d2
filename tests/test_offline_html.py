"""The current map as one standalone HTML file that works offline: every script, stylesheet,
sprite and icon font inlined; no http(s) script or link left; markers render in chromium with
every non-file request refused."""

import re
from pathlib import Path

import pytest

from geo.errors import ExportError
from geo.load import load_catalogue
from geo.reports.standalone import external_links, inline_css, inline_html, standalone_html
from views.maps import MapOptions
from views.offline import standalone_map_html as offline_html
from views.offline import static_path_for
from views.profile import inset_map

CAT = load_catalogue()
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


@pytest.fixture(scope="module")
def built():
    return inset_map(CAT, MapOptions(lang="zh"), "by-hitech")


@pytest.fixture(scope="module")
def html(built):
    return offline_html(built.map)


def test_no_script_or_stylesheet_is_loaded_from_anywhere(html):
    assert external_links(html) == []
    assert not re.search(r"<script[^>]*\ssrc=", html, re.I)
    assert not re.search(r"<link[^>]*stylesheet", html, re.I)
    assert "/app/static/" not in re.sub(r"<script>.*?</script>", "", html, flags=re.S)  # only inside inlined JS


def test_sprites_and_icon_fonts_are_inlined(html):
    assert "data:image/png;base64" in html  # awesome-markers sprites, Leaflet's layer icon
    assert "data:font/woff2;base64" in html  # Font Awesome
    assert "L.Icon.Default.mergeOptions" in html  # Leaflet's default marker, as data URIs


def test_the_map_keeps_its_markers_and_escaped_labels(html, built):
    assert len(re.findall(r"\bL\.marker\(", html)) == len(re.findall(r"\bL\.marker\(", built.map.get_root().render()))
    assert "白银高新技术产业开发区" in html


def test_an_unknown_link_is_a_clear_error():
    page = '<html><head><script src="https://example.org/lib.js"></script></head></html>'
    with pytest.raises(ExportError, match="example.org/lib.js"):
        inline_html(page, static_path_for)


def test_css_urls_become_data_uris_and_missing_files_request_nothing(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    css_path = tmp_path / "x.css"
    css = "a{background:url('img/a.png')} @font-face{src:url(f.woff2) format('woff2'),url(f.ttf)} b{x:url(#vml)}"
    out = inline_css(css, css_path)
    assert 'url("data:image/png;base64,' in out
    assert out.count('url("data:,")') == 2 and "url(#vml)" in out


def test_script_text_cannot_close_its_own_tag(tmp_path):
    js = tmp_path / "x.js"
    js.write_text("var s = '</script><b>';", encoding="utf-8")
    out = standalone_html('<html><head><script src="/x.js"></script></head></html>', lambda url: js)
    assert out.count("</script>") == 1 and "<\\/script>" in out


@pytest.mark.browser
def test_offline_html_renders_its_markers_in_chromium_with_no_network(tmp_path, html, built):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "map.html"
    page_file.write_text(html, encoding="utf-8")
    expected = len(re.findall(r"\bL\.marker\(", html))
    refused, failed = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()

            def offline(route):
                if route.request.url.startswith(("file:", "data:")):
                    route.continue_()
                else:
                    refused.append(route.request.url)
                    route.abort()

            page.route("**/*", offline)
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.goto(page_file.as_uri())
            page.wait_for_function(
                f"document.querySelectorAll('.leaflet-marker-pane > *').length >= {expected}", timeout=20_000
            )
            markers = page.locator(".leaflet-marker-pane > *").count()
            sprite = page.eval_on_selector(".awesome-marker", "e => getComputedStyle(e).backgroundImage")
            loaded_fonts = page.evaluate(
                "async () => { await document.fonts.ready; return [...document.fonts]"
                ".filter(f => f.status === 'loaded').map(f => f.family); }"
            )
        finally:
            browser.close()
    assert markers == expected > 0
    assert sprite.startswith('url("data:image/png')
    assert any("Font Awesome 6 Free" in family for family in loaded_fonts), loaded_fonts  # marker icons drawn
    assert refused == [] and failed == []
