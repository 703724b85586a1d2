"""Every page in English (AppTest): no Chinese outside proper names' kept words and document quotes.

What counts as a document's own words, and may stay Chinese in English:
- text inside quote marks (“…”, 「…」, ‘…’) — the documents' words, quoted;
- a word in brackets right after its English gloss: "relies on (依托)", "(亿元)";
- the quote, source and note columns of tables (they hold the documents' sentences);
- the language switch ("Language / 语言", "中文").
Everything else a reader sees (titles, captions, labels, options, metrics, tooltips' help) must be English.
"""

from __future__ import annotations

import re

import pytest

from tests.apptest_utils import open_expanders, open_page, rerun
from ui.state import CHOICES

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
QUOTED = re.compile(r"“[^”]*”|「[^」]*」|‘[^’]*’|\"[^\"]*\"")
BRACKETED = re.compile(r"[（(][^()（）a-zA-Z]*[\u3400-\u9fff][^()（）a-zA-Z]*[)）]")
ALLOWED = ("Language / 语言", "中文", "语言 / Language")
# Fields of an element that are not text a reader sees (map scripts, table data, ids).
SKIP_FIELDS = {
    "json_args",
    "data",
    "id",
    "form_id",
    "key",
    "arrow_data",
    "url",
    "page_script_hash",
    "spec",
    "figure",
    "src",
    "styles",
    "element_hash",
    "component_name",
    "default",
}

# Columns that hold the documents' words (a quote, the document's own name for a thing, a note on it).
# On the sources page the documents' own metadata (title, issuer, document number, licence, the basis of a
# coordinate as its source states it) is quoted as published.
QUOTE_COLUMNS = re.compile(
    r"quote|source|note|as written|document|original|alias|title|issuer|doc\. no|licen|basis", re.I
)

PAGES = [
    None,
    "app_pages/baiyin.py",
    "app_pages/lanzhou.py",
    "app_pages/chains.py",
    "app_pages/spatial.py",
    "app_pages/profile.py",
    "app_pages/targets.py",
    "app_pages/tour.py",
    "app_pages/sources.py",
    "app_pages/maintain.py",
    "app_pages/enterprises.py",
    "app_pages/compare.py",
]
# Query strings that open a page on something to show (the default view otherwise).
PAGE_QUERIES = {
    "app_pages/profile.py": {"site": "by-hitech"},
    "app_pages/compare.py": {"sites": "by-hitech,by-yindong"},
}
# Pages whose tabs are built only when open (ui.lazy): the session key of the open tab and every tab's id.
LAZY_TABS = {"app_pages/targets.py": ("targets_tab", CHOICES["targets_tab"])}


def _strings(message, path=""):
    """Every string field of a protobuf message, with its field path."""
    for field, value in message.ListFields():
        if field.name in SKIP_FIELDS:
            continue
        repeated = (
            hasattr(value, "__iter__") and not isinstance(value, (str, bytes)) and not hasattr(value, "ListFields")
        )
        values = list(value) if repeated else [value]
        for item in values:
            if isinstance(item, str):
                yield f"{path}.{field.name}", item
            elif hasattr(item, "ListFields"):
                yield from _strings(item, f"{path}.{field.name}")


def _visible_texts(at):
    for element in _walk(at._tree):
        proto = getattr(element, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            yield from ((f"{element.type}{p}", s) for p, s in _strings(proto))


def _table_texts(at):
    """Column names and cells of every table, except the columns that hold the documents' words."""
    for table in at.dataframe:
        df = table.value
        yield from (("dataframe.column", str(c)) for c in df.columns)
        for column in df.columns:
            if not QUOTE_COLUMNS.search(str(column)):
                yield from ((f"dataframe[{column}]", str(v)) for v in df[column].dropna().unique())


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _original_names() -> dict[str, str]:
    """Chinese name -> English name of every site, organization and industry."""
    from geo.load import load_catalogue

    cat = load_catalogue()
    frames = (cat.sites, cat.organizations, cat.industries)
    return {zh: en for df in frames for zh, en in zip(df["name_zh"], df["name_en"], strict=True) if en}


def _free_texts() -> list[str]:
    """The data's free-text fields as written (notes, the basis of a coordinate, boundary descriptions):
    the atlas shows them verbatim, like quotes, so the places they name keep their Chinese form."""
    from geo.load import load_catalogue

    cat = load_catalogue()
    texts = set()
    for table in ("sites", "organizations", "industries", "projects", "indicators", "landmarks"):
        df = cat.table(table)
        for column in ("note", "geometry_source", "boundary_text"):
            if column in df.columns:
                texts.update(str(v) for v in df[column].dropna() if str(v).strip())
    return sorted(texts, key=len, reverse=True)


ORIGINAL_NAMES = _original_names()
FREE_TEXTS = _free_texts()


def chinese_outside_quotes(text: str, page: str = "") -> str:
    """What remains Chinese once quotes, bracketed document words, the data's notes as written and
    allowed phrases are taken out.

    A proper name's Chinese form may stand where its English name is on the same page (the profile's
    subtitle gives the original name under the English title)."""
    text = text.replace("\\", "")  # markdown escapes
    if not CJK.search(text):
        return ""
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    for free in FREE_TEXTS:
        if free in text:
            text = text.replace(free, "")
    page = page or text
    for zh in sorted((zh for zh, en in ORIGINAL_NAMES.items() if en in page), key=len, reverse=True):
        text = text.replace(zh, "")
    text = BRACKETED.sub("", QUOTED.sub("", text))
    return "".join(CJK.findall(text))


def test_the_whitelist_keeps_quotes_and_glossed_words_only():
    assert chinese_outside_quotes("relies on (依托) · “打造成为基地” · 24.5 billion yuan") == ""
    assert chinese_outside_quotes("500 亿元 突破") == "亿元突破"
    assert chinese_outside_quotes("Baiyin 白银高新区") == "白银高新区"
    assert chinese_outside_quotes("白银高新技术产业开发区 — Baiyin High-tech Industrial Development Zone") == ""


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "overview")
def test_every_page_in_english_has_no_stray_chinese(page):
    query = {"lang": "en", **PAGE_QUERIES.get(page, {})}
    at = open_page(page, query=query)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    texts = []
    tab_key, tabs = LAZY_TABS.get(page, ("", [""]))
    for tab in tabs:  # what a reader sees who opens every tab and every expander
        if tab:
            rerun(at, lang="en", **{tab_key: tab})
        open_expanders(at, lang="en")
        texts += list(_visible_texts(at)) + list(_table_texts(at))
    page_text = "\n".join(text for _, text in texts)
    found = sorted(
        {(where, left, text[:80]) for where, text in texts if (left := chinese_outside_quotes(text, page_text))}
    )
    assert not found, "\n".join(f"{where}: {left} in {text!r}" for where, left, text in found)
