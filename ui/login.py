"""The sidebar login: name and password against the store's accounts, a session that expires.

One :class:`geo.accounts.Authenticator` per process keeps the failure counts (rate limit) and the
sessions; the browser session holds only its token, kept in ``st.session_state`` under
:data:`ui.session.SESSION_KEY` as the :class:`geo.accounts.Session`. The password widget is cleared
after every attempt, and neither the name nor the password is logged.
"""

from __future__ import annotations

import streamlit as st

from geo import AtlasError
from geo.accounts import Authenticator, LoginRefusedError, account_book
from geo.markup import md_text
from geo.stores import database_url, open_store
from ui import session
from views.i18n import t


@st.cache_resource(show_spinner=False)
def authenticator() -> Authenticator:
    """The process's authenticator over the configured store's accounts (a file beside the data, or PostGIS)."""
    return Authenticator(account_book(open_store() if database_url() else None))


def draw(lang: str) -> None:
    """The login form, or who is logged in with a logout button; drops an expired session with a notice."""
    current = session.current()
    if current.token and authenticator().session(current.token).token != current.token:
        st.session_state.pop(session.SESSION_KEY, None)
        st.info(t("login_expired", lang))
        current = session.current()
    if current.token:
        st.caption(t("login_as", lang, name=md_text(current.name), role=t(f"role_{current.role}", lang)))
        if st.button(t("logout", lang), key="logout"):
            authenticator().logout(current.token)
            st.session_state.pop(session.SESSION_KEY, None)
            st.rerun()
        return
    with st.expander(t("login", lang)), st.form("login_form", clear_on_submit=True):
        name = st.text_input(t("login_name", lang), key="login_name")
        password = st.text_input(t("login_password", lang), type="password", key="login_password")
        if st.form_submit_button(t("login", lang)):
            _log_in(name, password, lang)


def _log_in(name: str, password: str, lang: str) -> None:
    try:
        st.session_state[session.SESSION_KEY] = authenticator().login(name, password)
    except LoginRefusedError as exc:  # wrong name/password, disabled, locked: one line, never the password
        st.error(t(f"login_refused_{exc.reason}", lang, wait=exc.wait_s))
        return
    except AtlasError:  # the accounts could not be read (a broken file, the database away)
        st.error(t("data_error", lang))
        return
    st.rerun()
