"""园区对比 (Compare sites): two to four sites side by side — one table (area approved and outlined,
industries by chain, units, enterprises by chain, 载体 available, targets and latest actuals, projects,
location accuracy), small maps, and PDF / PowerPoint / Excel exports in either language.

``compare?sites=a,b`` opens a comparison; unknown ids in the link are ignored with a notice. The table
is made from the catalogue as the session's role may see it (enterprise rows are internal by default).
"""

import streamlit as st

from geo.compare import MEASURE, MIN_SITES, compare_sites
from ui import compare as page
from ui import state
from ui.data import catalogue
from ui.tables import table
from views.i18n import t, tr

lang = state.lang()
cat = catalogue()  # the session role's catalogue (ui.data)

st.title(t("page_compare", lang))
page.requested_sites(cat, lang)
site_ids = page.picker(cat, lang)
if len(site_ids) < MIN_SITES:
    st.info(tr(page.LABELS, "too_few", lang))
else:
    table(compare_sites(cat, site_ids, lang).drop(columns=[MEASURE]), lang, key="compare-table")
    page.small_maps(cat, site_ids, lang)
    page.downloads(site_ids, lang)
