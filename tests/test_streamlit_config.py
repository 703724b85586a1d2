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


def test_the_speed_options_are_ones_this_streamlit_knows():
    # An unknown or misspelt option is ignored silently; these two carry issue 13's figures
    # (no full GC after each run; small unchanged messages come from the browser's cache).
    shipped = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    known = st_config._config_options_template
    assert shipped["runner"]["postScriptGC"] is False and "runner.postScriptGC" in known
    assert shipped["global"]["minCachedMessageSize"] < known["global.minCachedMessageSize"].default_val
