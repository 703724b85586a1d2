"""Who is looking: the session's account and role (anonymous = public).

The one place pages, downloads and maintenance actions ask for the role; everything they show goes
through :func:`geo.access.visible_catalogue` with it, and every write checks :func:`may` in ``geo``.
The sidebar's login (``ui.login``) sets the session; until someone logs in, the role is ``public``.
"""

from __future__ import annotations

import streamlit as st

from geo.accounts import ANONYMOUS, Session, can

SESSION_KEY = "_atlas_session"


def current() -> Session:
    """The session's login, or the anonymous public session."""
    found = st.session_state.get(SESSION_KEY)
    return found if isinstance(found, Session) else ANONYMOUS


def role() -> str:
    """The session's role: ``public`` unless someone logged in."""
    return current().role


def user() -> str:
    """The logged-in account's name, or ``""`` for anonymous sessions."""
    return current().name


def may(action: str) -> bool:
    """Whether the session's role may do ``action`` (one of :data:`geo.accounts.ACTIONS`)."""
    return can(role(), action)
