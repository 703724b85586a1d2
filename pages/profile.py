import streamlit as st

from views import state
from views.i18n import t

st.title(t("page_profile", state.lang()))
st.info("…")
