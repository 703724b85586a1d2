"""Lanbai Atlas: the router. The page list, the shared sidebar and the footer, drawn once.

No traceback reaches a visitor: an unexpected error shows a message in the page's language
with what to do, and its details go to the server log (``client.showErrorDetails`` is "none"
in .streamlit/config.toml for anything that escapes this). Streamlit's rerun/stop/switch_page
signals derive from BaseException, so ``except Exception`` lets them through.
"""

import logging

import streamlit as st

from ui import banner, sidebar, state
from ui.data import catalogue_or_stop
from views.i18n import t

PAGES = (  # file, title label, url path
    ("app_pages/overview.py", "page_overview", "overview"),
    ("app_pages/baiyin.py", "page_baiyin", "baiyin"),
    ("app_pages/lanzhou.py", "page_lanzhou", "lanzhou"),
    ("app_pages/chains.py", "page_chains", "chains"),
    ("app_pages/spatial.py", "page_spatial", "spatial"),
    ("app_pages/profile.py", "page_profile", "profile"),
    ("app_pages/enterprises.py", "page_enterprises", "enterprises"),
    ("app_pages/compare.py", "page_compare", "compare"),
    ("app_pages/targets.py", "page_targets", "targets"),
    ("app_pages/tour.py", "page_tour", "tour"),
    ("app_pages/sources.py", "page_sources", "sources"),
    ("app_pages/maintain.py", "page_maintain", "maintain"),
)


def run_app() -> None:
    notices = state.init()
    lang = state.lang()
    navigation = st.navigation(
        [
            st.Page(path, title=t(label, lang), url_path=url, default=(i == 0))
            for i, (path, label, url) in enumerate(PAGES)
        ]
    )
    cat = catalogue_or_stop(lang)
    sidebar.draw(cat, notices)
    banner.synthetic(cat, lang)
    navigation.run()
    state.push_to_url()
    sidebar.footer()


st.set_page_config(page_title="兰白自创区空间图集 · Lanbai Atlas", page_icon="🗺️", layout="wide")
try:
    run_app()
except Exception:  # noqa: BLE001 - the last resort: log it, tell the visitor in their language
    logging.getLogger("lanbai.app").exception("page failed")
    st.error(t("page_error", state.lang()))
