"""Every ``python -m geo`` command answers a bad argument or an unknown name with one line on stderr
and exit 2; the command modules register themselves without an import cycle among geo's modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from geo.cli import build_parser, main
from geo.settings import reload as settings_reload
from tests.fixtures import write_dataset, write_seeds

GEO = Path(__file__).resolve().parent.parent / "geo"

BAD_ARGUMENTS = {
    "validate": ["validate", "--bogus"],
    "sites": ["sites", "--within-km", "many"],
    "industries": ["industries"],  # --site is required
    "orgs": ["orgs", "--format", "yaml"],
    "targets": ["targets", "--year", "soon"],
    "projects": ["projects", "--site"],
    "export": ["export", "--format", "shp", "--out", "x"],
    "profile": ["profile", "--site", "a", "--all", "--format", "pdf", "--out", "x.pdf"],
    "chain-brief": ["chain-brief", "--industry", "x", "--format", "doc", "--out", "x.doc"],
    "change propose": ["change", "propose", "no-such-table", "f.csv", "--reason", "r"],
    "change show": ["change", "show", "one"],
    "change list": ["change", "list", "--status", "maybe"],
    "change approve": ["change", "approve"],
    "change reject": ["change", "reject", "1"],  # --reason is required
    "change revert": ["change", "revert", "x", "--reason", "r"],
    "history": ["history", "--table", "no-such-table"],
    "db": ["db", "vacuum"],
    "enterprises": ["enterprises", "--within-km", "near"],
    "parcels": ["parcels", "--min-area", "big"],
    "synth": ["synth", "--enterprises", "many", "--out", "x"],
    "user": ["user", "add", "ann", "--role", "emperor"],
}

UNKNOWN_NAMES = {
    "sites": ["sites", "--industry", "没有这个产业"],
    "sites --of": ["sites", "--within-km", "5", "--of", "没有这个地方"],
    "industries": ["industries", "--site", "没有这个园区"],
    "orgs": ["orgs", "--site", "没有这个园区"],
    "targets": ["targets", "--scope", "没有这个地方"],
    "projects": ["projects", "--site", "没有这个园区"],
    "profile": ["profile", "--site", "没有这个园区", "--format", "pdf", "--out", "{tmp}/x.pdf"],
    "chain-brief": ["chain-brief", "--industry", "没有这个产业", "--format", "pdf", "--out", "{tmp}/x.pdf"],
    "change show": ["change", "show", "999"],
    "change approve": ["change", "approve", "999"],
    "change reject": ["change", "reject", "999", "--reason", "r"],
    "change revert": ["change", "revert", "999", "--reason", "r"],
    "export --as-of": ["export", "--format", "csv", "--out", "{tmp}/out", "--as-of", "999"],
}


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data")
    monkeypatch.setenv("LANBAI_DATA_DIR", str(folder))
    monkeypatch.setenv("LANBAI_SEEDS", str(write_seeds(tmp_path / "seeds")))
    monkeypatch.setenv("LANBAI_USER", "ann")
    settings_reload()
    return folder


def _one_line_exit_2(capsys, argv: list[str]) -> str:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's error, made one line by geo.cli_common.one_line_errors
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2, (argv, code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error"), (argv, err)
    assert "Traceback" not in err and "usage:" not in err
    return lines[0]


def test_every_command_is_covered():
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # noqa: SLF001 (argparse keeps them here)
    covered = {c.split()[0] for c in BAD_ARGUMENTS}
    assert commands == covered, commands ^ covered
    verbs = set(parser._subparsers._group_actions[0].choices["change"]._subparsers._group_actions[0].choices)
    assert verbs == {c.split()[1] for c in BAD_ARGUMENTS if c.startswith("change ")}


@pytest.mark.parametrize("command", sorted(BAD_ARGUMENTS))
def test_a_bad_argument_is_one_line_and_exit_2(capsys, data, command):
    _one_line_exit_2(capsys, BAD_ARGUMENTS[command])


@pytest.mark.parametrize("command", sorted(UNKNOWN_NAMES))
def test_an_unknown_name_is_one_line_and_exit_2(capsys, data, tmp_path, command):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in UNKNOWN_NAMES[command]]
    line = _one_line_exit_2(capsys, argv)
    assert "没有这个" in line or "999" in line, line


def _imports_of(path: Path, package: str) -> set[str]:
    """The geo modules ``path`` imports at module level or inside functions (relative or absolute)."""
    module = package + "." + path.stem if path.stem != "__init__" else package
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (path.stem == "__init__")]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target + "." + a.name for a in node.names]
            found.update([target] + names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {f for f in found if f.startswith("geo")}


def _geo_graph() -> dict[str, set[str]]:
    modules = {}
    for path in GEO.rglob("*.py"):
        parts = path.relative_to(GEO.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return {
        name: {
            m
            for m in _imports_of(path, name.rsplit(".", 1)[0] if path.stem != "__init__" else name)
            if m in modules and m != name
        }
        for name, path in modules.items()
    }


def test_no_import_cycle_among_geo_modules():
    graph = _geo_graph()
    assert graph["geo.cli"] >= {"geo.change_cli", "geo.reports.cli", "geo.cli_common"}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            assert state.get(nxt) != 1, "import cycle: " + " -> ".join(path + [node, nxt])
            if nxt not in state:
                visit(nxt, path + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
