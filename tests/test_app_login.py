"""The sidebar login: a right password gives the account's role, a wrong one a message, logout ends it."""

import pytest

from geo import settings as atlas_settings
from geo.accounts import FileAccountBook
from tests.apptest_utils import open_page
from ui import login, session

PASSWORD = "a long enough password"


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    path = tmp_path / "accounts.json"
    monkeypatch.setenv("LANBAI_ACCOUNTS_FILE", str(path))
    atlas_settings.reload()
    FileAccountBook(path).add("rev", "reviewer", PASSWORD)
    login.authenticator.clear()
    yield path
    login.authenticator.clear()


def log_in(at, name, password):
    at.sidebar.text_input(key="login_name").input(name)
    at.sidebar.text_input(key="login_password").input(password)
    next(b for b in at.sidebar.button if b.label in ("登录", "Log in")).click()
    return at.run()


def test_right_password_gives_the_accounts_role_and_logout_ends_it(accounts):
    at = log_in(open_page(query={"lang": "en"}), "rev", PASSWORD)
    assert at.session_state[session.SESSION_KEY].role == "reviewer"
    assert any("Logged in: rev (reviewer)" in c.value for c in at.sidebar.caption)
    at.sidebar.button(key="logout").click()
    at.run()
    assert session.SESSION_KEY not in at.session_state
    assert not any("Logged in" in c.value for c in at.sidebar.caption)


def test_wrong_password_is_refused_and_never_shown(accounts):
    at = log_in(open_page(query={"lang": "en"}), "rev", "not the password!")
    assert session.SESSION_KEY not in at.session_state
    errors = [e.value for e in at.sidebar.error]
    assert errors == ["Login refused: wrong name or password."]
    assert "not the password" not in " ".join(errors)


def test_an_unknown_name_gets_the_same_message(accounts):
    at = log_in(open_page(query={"lang": "zh"}), "nobody", PASSWORD)
    assert [e.value for e in at.sidebar.error] == ["登录失败：账号或密码错误。"]


def test_a_locked_name_is_told_how_long_to_wait(accounts):
    at = open_page(query={"lang": "en"})
    for _ in range(5):
        at = log_in(at, "rev", "not the password!")
    at = log_in(at, "rev", PASSWORD)
    assert session.SESSION_KEY not in at.session_state
    assert at.sidebar.error[0].value.startswith("Too many failed logins for this name; try again in ")


def test_without_an_identity_provider_only_the_password_login_shows(accounts):
    at = open_page(query={"lang": "en"})
    assert not [b for b in at.sidebar.button if b.key == "login_oidc"]
    assert at.sidebar.text_input(key="login_password")


def test_with_an_identity_provider_the_sidebar_offers_its_login(accounts):
    from streamlit.testing.v1 import AppTest

    from tests.apptest_utils import APP

    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    at.query_params["lang"] = "en"
    at.run()
    [button] = [b for b in at.sidebar.button if b.key == "login_oidc"]
    assert button.label == "Log in with your organisation's account"
    assert at.sidebar.text_input(key="login_password")  # the password login stays


def test_an_identity_maps_to_the_account_named_by_its_address(tmp_path):
    from geo.accounts import Authenticator, LoginRefusedError, account_for_identity

    book = FileAccountBook(tmp_path / "accounts.json")
    book.add("ann@bureau.example", "internal", PASSWORD)
    book.add("old@bureau.example", "reviewer", PASSWORD)
    book.disable("old@bureau.example")
    book.add("rev", "reviewer", PASSWORD)
    assert account_for_identity(book, "Ann@Bureau.example ").name == "ann@bureau.example"
    assert account_for_identity(book, "nobody@bureau.example") is None
    assert account_for_identity(book, "rev") is None  # a name without an address is never an identity
    assert account_for_identity(book, "") is None
    auth = Authenticator(book)
    granted = auth.identity_login("ann@bureau.example")
    assert granted.role == "internal" and auth.session(granted.token) == granted
    for email, reason in (("nobody@bureau.example", "no_account"), ("old@bureau.example", "disabled")):
        with pytest.raises(LoginRefusedError) as refused:
            auth.identity_login(email)
        assert refused.value.reason == reason
