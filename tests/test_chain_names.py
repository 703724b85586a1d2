"""A chain typed by a person (issue 9 §3): an id, a name, or part of a name; one rule for CLI and app.

``Resolver.resolve_chain`` takes an industry's id, name or alias, or a part of one chain's name
('数据' -> 大数据与数字经济); a part of several chains' names ('能') is refused with the candidates
listed by zh name and id, in one line, exit 2.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.cli import main
from geo.errors import AmbiguousNameError, UnknownNameError
from geo.load import load_catalogue

ROOT = Path(__file__).resolve().parents[1]
DATA = ["--data-dir", str(ROOT / "data")]
AMBIGUOUS = {"chain-equipment": "先进装备制造", "chain-energy-saving": "节能环保", "chain-new-energy": "新能源"}


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(ROOT / "data", check_quotes=False)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("chain-digital", "chain-digital"),
        ("大数据与数字经济", "chain-digital"),
        ("数据", "chain-digital"),  # part of one chain's name
        ("信息", "chain-digital"),  # part of an alias of the same chain
        (" 新材料 ", "chain-new-materials"),
        ("lzh-ind-big-data", "lzh-ind-big-data"),  # a document industry by id stays itself
    ],
)
def test_a_name_or_a_part_of_one_chain_resolves(cat, typed, expected):
    assert cat.names.resolve_chain(typed).id == expected


def test_a_part_of_several_chains_lists_them(cat):
    with pytest.raises(AmbiguousNameError) as caught:
        cat.names.resolve_chain("能")
    assert [c.id for c in caught.value.candidates] == [c.id for c in cat.names.chain_candidates("能")]
    message = str(caught.value)
    assert "\n" not in message
    for chain_id, name_zh in AMBIGUOUS.items():
        assert f"{name_zh} ({chain_id})" in message
    assert isinstance(caught.value, UnknownNameError)  # every caller that handles an unknown name handles it


def test_no_chain_and_no_industry_is_unknown_with_suggestions(cat):
    with pytest.raises(UnknownNameError) as caught:
        cat.names.resolve_chain("火星产业")
    assert not isinstance(caught.value, AmbiguousNameError)


@pytest.mark.parametrize(
    "argv",
    [
        ["chain-brief", "能", "--format", "pdf", "--out", "{out}"],
        ["chain-brief", "--industry", "能", "--format", "pdf", "--out", "{out}"],
        ["sites", "--industry", "能"],
        ["orgs", "--industry", "能"],
    ],
)
def test_cli_lists_the_candidate_chains_in_one_line_and_exits_2(argv, tmp_path, capsys):
    out = tmp_path / "brief.pdf"
    code = main([*DATA, *(a.format(out=out) for a in argv)])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    for chain_id, name_zh in AMBIGUOUS.items():
        assert f"{name_zh} ({chain_id})" in err
    assert not out.exists()


def test_chain_brief_takes_a_part_of_one_chain_and_says_which(tmp_path, capsys):
    out = tmp_path / "digital.pdf"
    assert main([*DATA, "chain-brief", "数据", "--format", "pdf", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert out.stat().st_size > 0 and f"wrote {out}" in captured.out
    assert "大数据与数字经济 / Big data and digital economy (chain-digital)" in captured.err


@pytest.mark.parametrize("names", [[], ["数据", "--industry", "新材料"]])
def test_chain_brief_needs_exactly_one_chain(names, tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main([*DATA, "chain-brief", *names, "--format", "pdf", "--out", str(tmp_path / "x.pdf")])
    assert caught.value.code == 2 and "chain" in capsys.readouterr().err


def _app(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "atlas_app.py"), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_the_app_takes_a_link_with_a_part_of_one_chain_name():
    at = _app({"chain": "数据"})
    assert not at.exception
    assert at.session_state["chains"] == ["chain-digital"]
    assert at.query_params["chain"] == "chain-digital"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_app_warns_with_the_candidates_of_an_ambiguous_link(lang):
    at = _app({"chain": "能", "lang": lang})
    assert not at.exception
    assert at.session_state["chains"] == []
    warning = " ".join(w.value for w in at.sidebar.warning)
    for chain_id in AMBIGUOUS:
        assert chain_id in warning  # the markdown escapes the brackets around it
    assert ("产业链名称的一部分" if lang == "zh" else "part of the name of several chains") in warning
