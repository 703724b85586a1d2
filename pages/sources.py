import streamlit as st

from views import state
from views.i18n import t

st.title(t("page_sources", state.lang()))
st.info("…")
