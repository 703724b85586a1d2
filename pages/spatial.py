import streamlit as st

from views import state
from views.i18n import t

st.title(t("page_spatial", state.lang()))
st.info("…")
