"""The sidebar login: name and password against the store's accounts, a session that expires.

One :class:`geo.accounts.Authenticator` per process keeps the failure counts (rate limit) and the
sessions; the browser session holds only its token, kept in ``st.session_state`` under
:data:`ui.session.SESSION_KEY` as the :class:`geo.accounts.Session`. The password widget is cleared
after every attempt, and neither the name nor the password is logged.

Where an identity provider is configured (Streamlit's ``[auth]`` in ``.streamlit/secrets.toml``), the
sidebar also offers ``st.login()``; the e-mail address the provider vouches for names the account
(:func:`geo.accounts.account_for_identity`), and that account's role applies. Without ``[auth]`` only
the password login shows.
"""

from __future__ import annotations

import streamlit as st

from geo import AtlasError
from geo.accounts import Authenticator, LoginRefusedError, account_book
from geo.markup import md_text
from geo.stores import database_url, open_store
from ui import session
from views.i18n import t, tr

LABELS = {
    "oidc": ("用单位账号登录", "Log in with your organisation's account"),
    "no_account": (
        "身份已确认（{email}），但图集中没有该邮箱的账号：请管理员添加。",
        "Signed in as {email}, but the atlas has no account for that address: ask an administrator to add it.",
    ),
}


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
    if not current.token and oidc_configured() and _identity_email():
        current = _identity_login(_identity_email(), lang)
    if current.token:
        st.caption(t("login_as", lang, name=md_text(current.name), role=t(f"role_{current.role}", lang)))
        if st.button(t("logout", lang), key="logout"):
            authenticator().logout(current.token)
            st.session_state.pop(session.SESSION_KEY, None)
            if _identity_email():
                st.logout()  # ends the provider's session cookie too (it reruns the app)
            st.rerun()
        return
    if oidc_configured() and not _identity_email():
        st.button(tr(LABELS, "oidc", lang), key="login_oidc", on_click=st.login)
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


def oidc_configured() -> bool:
    """Whether Streamlit's ``[auth]`` section exists in the secrets (an identity provider is set up)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):  # no secrets file at all
        return False


def _identity_email() -> str:
    """The e-mail address the identity provider vouched for in this browser session ('' = none)."""
    if not oidc_configured() or not st.user.get("is_logged_in"):
        return ""
    return str(st.user.get("email") or "")


def _identity_login(email: str, lang: str):
    """The account of the provider's identity, kept as the session; a message when there is none."""
    try:
        st.session_state[session.SESSION_KEY] = authenticator().identity_login(email)
    except LoginRefusedError as exc:
        if exc.reason == "no_account":
            st.warning(tr(LABELS, "no_account", lang, email=md_text(email)))
        else:
            st.error(t(f"login_refused_{exc.reason}", lang, wait=exc.wait_s))
    except AtlasError:
        st.error(t("data_error", lang))
    return session.current()
