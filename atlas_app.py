"""Lanbai Atlas: the router. The page list, the shared sidebar and the footer, drawn once."""
import streamlit as st

from views import sidebar, state
from views.data import catalogue_or_stop
from views.i18n import t

PAGES = (  # file, title label, url path
    ("pages/overview.py", "page_overview", "overview"),
    ("pages/baiyin.py", "page_baiyin", "baiyin"),
    ("pages/lanzhou.py", "page_lanzhou", "lanzhou"),
    ("pages/chains.py", "page_chains", "chains"),
    ("pages/spatial.py", "page_spatial", "spatial"),
    ("pages/profile.py", "page_profile", "profile"),
    ("pages/targets.py", "page_targets", "targets"),
    ("pages/tour.py", "page_tour", "tour"),
    ("pages/sources.py", "page_sources", "sources"),
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
