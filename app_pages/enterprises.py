"""企业与载体 (Enterprises & sites available): the investor's map, drawn with pydeck (offline).

Four views: enterprises (points, or hexagon counts computed on the server above 5,000), 载体 with
the 找地 filter (results on the map and in a table), the links as arcs, and target vs latest
actual as columns. A click opens the enterprise or 载体 in a panel, or offers the park's profile.
Enterprise rows are internal by default: a public session sees only those marked public, and the
page says how many are hidden. Builders: views/enterprises.py; glue: ui/enterprises.py.
"""

import streamlit as st

from ui import enterprises as page
from ui import state
from ui.data import catalogue
from views import enterprises as ev
from views.i18n import t

lang = state.lang()
page.follow_profile_link()
cat = catalogue()  # the session role's catalogue (ui.data)

st.title(t("page_enterprises", lang))
st.radio(
    ev.label("view", lang),
    list(ev.VIEWS),
    key="ent_view",
    horizontal=True,
    format_func=lambda v: ev.label(f"view_{v}", lang),
)
view = state.get("ent_view")

if view in ("enterprises", "parcels"):
    site_id, area_code = page.place_filters(cat, lang)
    if view == "enterprises":
        page.hidden_note(lang)
        page.enterprises_view(cat, lang, site_id, area_code)
    else:
        page.parcels_view(cat, lang, site_id, area_code)
elif view == "arcs":
    page.arcs_view(cat, lang)
else:
    page.columns_view(cat, lang)
