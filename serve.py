"""Lanbai Atlas's server: ``streamlit run serve.py`` (what ``./run app`` does).

``streamlit run`` finds the module-level ``app`` (an ``st.App``) and serves it with uvicorn; the
app itself is the router ``atlas_app.py`` (which AppTest runs directly in the tests). What this
adds is a start-up hook: as the server starts, :func:`ui.warmup.start` imports what the first
page needs, loads the catalogue and builds the first map in a background thread, so the server
answers at once and the first visitor finds the work done (issue 13, "cold start to first marker").
Options still come from ``.streamlit/config.toml`` and the command line.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def _warm_up_on_start(_app: st.App) -> AsyncIterator[None]:
    from ui import warmup  # here: importing it loads the app's own code, which `streamlit run` puts on sys.path

    warmup.start()
    yield


app = st.App("atlas_app.py", lifespan=_warm_up_on_start)
