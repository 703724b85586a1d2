"""The shipped Streamlit config hides the developer toolbar (issue 9, §5)."""

import re
import tomllib
from pathlib import Path

from streamlit import config as st_config

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_visitors_see_the_viewer_toolbar_without_deploy():
    client = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["client"]
    assert client["toolbarMode"] == "viewer"


def test_viewer_is_a_toolbar_mode_this_streamlit_knows_and_it_hides_deploy():
    # Streamlit documents the allowed values in the option's description; an unknown value
    # would be ignored silently, so check it against the installed version.
    description = st_config._config_options_template["client.toolbarMode"].description
    allowed = dict(re.findall(r'-\s+"(\w+)"\s*:\s*([^-]+)', description))
    assert "viewer" in allowed and "deploy" in allowed["viewer"]


def test_the_browser_keeps_small_unchanged_elements_so_a_rerun_sends_their_hash_only():
    # Issue 13: with Streamlit's default (10 kB) every unchanged table and long picker of 2-9 kB was
    # sent again on each filter change; the option must exist in this Streamlit, or it is ignored.
    option = st_config._config_options_template["global.minCachedMessageSize"]
    size = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["global"]["minCachedMessageSize"]
    assert 0 < size <= 2000 < option.default_val


def test_no_full_garbage_collection_after_every_run():
    # Issue 13: a gen-2 collection after each run was about half the server's CPU under load.
    shipped = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert shipped["runner"]["postScriptGC"] is False and "runner.postScriptGC" in st_config._config_options_template
