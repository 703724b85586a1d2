"""House rules that code review would otherwise have to remember."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_geo_never_imports_streamlit():
    for path in (ROOT / "geo").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in ("streamlit", "streamlit_folium") for n in names), path


def test_geo_imports_without_streamlit_loaded():
    code = "import sys, geo, geo.cli, geo.exports; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_no_top_level_pages_folder():
    # With st.navigation, Streamlit 1.67 checks once per process whether a `pages/` folder sits beside the
    # entrypoint (runtime/pages_manager.py, `uses_pages_directory`); if it does, a deep link on a fresh
    # server runs that file alone, without the router. The pages live in app_pages/ for that reason.
    assert not (ROOT / "pages").exists(), "rename pages/ (see README: Architecture): it breaks deep links"
    assert (ROOT / "app_pages").is_dir()
