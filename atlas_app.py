"""Lanbai Atlas: the router. The page list, the shared sidebar and the footer, drawn once."""
import streamlit as st

from views import sidebar, state
from views.data import catalogue_or_stop
from views.i18n import t

PAGES = (  # file, title label, url path
    ("app_pages/overview.py", "page_overview", "overview"),
    ("app_pages/baiyin.py", "page_baiyin", "baiyin"),
    ("app_pages/lanzhou.py", "page_lanzhou", "lanzhou"),
    ("app_pages/chains.py", "page_chains", "chains"),
    ("app_pages/spatial.py", "page_spatial", "spatial"),
    ("app_pages/profile.py", "page_profile", "profile"),
    ("app_pages/targets.py", "page_targets", "targets"),
    ("app_pages/tour.py", "page_tour", "tour"),
    ("app_pages/sources.py", "page_sources", "sources"),
)

st.set_page_config(page_title="兰白自创区空间图集 · Lanbai Atlas", page_icon="🗺️", layout="wide")
notices = state.init()
lang = state.lang()
navigation = st.navigation([
    st.Page(path, title=t(label, lang), url_path=url, default=(i == 0))
    for i, (path, label, url) in enumerate(PAGES)
])
cat = catalogue_or_stop(lang)
sidebar.draw(cat, notices)
navigation.run()
state.push_to_url()
sidebar.footer()
