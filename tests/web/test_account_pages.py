"""Register, log in and out, remember me, profile, password: the pages as a browser uses them."""

import re

import pytest
from sqlalchemy import select

from models import ApiToken, User
from tests.conftest import PASSWORD, log_in
from tests.forms import csrf_token, post_form, text

NEW_PASSWORD = "lanterns over hoan kiem"


def register(client, **fields):
    data = {
        "name": "Trần Minh Châu",
        "email": "chau@example.com",
        "password": "paper kites and river boats",
        "locale": "vi",
        "privacy_notice": "y",
    }
    return post_form(client, "/register", data | fields)


def log_in_with_form(client, email, password, **fields):
    return post_form(client, "/login", {"email": email, "password": password} | fields)


def test_register_creates_an_account_and_logs_in(client, db):
    response = register(client, email="  Chau@Example.COM ", locale="en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    user = db.scalar(select(User).where(User.email == "chau@example.com"))
    assert user.name == "Trần Minh Châu" and user.locale == "en" and not user.is_admin
    assert user.password_hash.startswith("$argon2id$")
    assert "lang=en" in response.headers["Set-Cookie"]
    page = text(client.get("/"))
    assert "Welcome, Trần Minh Châu!" in page
    assert 'href="/me"' in page and ">Log in<" not in page


def test_email_is_unique_ignoring_case_and_spaces(client, make_user):
    make_user(email="lan@example.com")
    response = register(client, email=" LAN@example.com ")
    assert response.status_code == 400
    assert "Đã có tài khoản với địa chỉ email này." in text(response)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "phải có ít nhất 10 ký tự"),
        ("password123", "quá dễ đoán"),
        ("qwertyuiop", "quá dễ đoán"),
        ("aaaaaaaaaaaa", "quá dễ đoán"),
        ("chau-2024-chau", "quá dễ đoán"),  # the email's name
    ],
)
def test_weak_passwords_are_refused_with_a_reason(client, db, password, message):
    response = register(client, password=password)
    assert response.status_code == 400
    assert message in text(response)
    assert db.scalar(select(User).where(User.email == "chau@example.com")) is None
    assert password not in text(response)  # never echoed back


def test_every_bad_field_is_reported_at_once(client):
    response = register(client, name="  ", email="not-an-email", password="short")
    page = text(response)
    assert response.status_code == 400
    assert page.count('class="error"') == 3
    assert 'aria-invalid="true"' in page


def test_log_in_and_out(client, make_user):
    user = make_user(email="lan@example.com", locale="en")
    response = log_in_with_form(client, " LAN@example.com", PASSWORD, next="/spaces")
    assert response.status_code == 302
    assert response.headers["Location"] == "/spaces"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert user.email in text(client.get("/me"))

    confirm = client.get("/logout")  # a link never logs anyone out
    assert confirm.status_code == 200
    assert client.get("/me").status_code == 200
    response = post_form(client, "/logout", {})
    assert response.status_code == 302
    assert client.get("/me").status_code == 302


def test_wrong_password_or_unknown_email_look_the_same(client, make_user):
    make_user(email="lan@example.com")
    wrong = log_in_with_form(client, "lan@example.com", "not the password at all")
    unknown = log_in_with_form(client, "nobody@example.com", PASSWORD)
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert "Sai địa chỉ email hoặc mật khẩu." in text(response)
    assert client.get("/me").status_code == 302


def test_a_disabled_account_cannot_log_in(client, db, make_user):
    user = make_user(email="lan@example.com")
    db.get_one(User, user.id).status = "disabled"
    db.commit()
    assert log_in_with_form(client, "lan@example.com", PASSWORD).status_code == 400


def test_remember_me_sets_a_lasting_http_only_cookie(client, make_user):
    make_user(email="lan@example.com")
    response = log_in_with_form(client, "lan@example.com", PASSWORD, remember="y")
    remember = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]
    assert "Expires=" in remember[0]
    forgetful = client.application.test_client()
    log_in_with_form(forgetful, "lan@example.com", PASSWORD)
    assert not forgetful.get_cookie("remember_token")


def test_remember_me_cookie_alone_logs_in_again(app, client, make_user):
    make_user(email="lan@example.com")
    log_in_with_form(client, "lan@example.com", PASSWORD, remember="y")
    token = client.get_cookie("remember_token").value
    fresh = app.test_client()
    fresh.set_cookie("remember_token", token)
    assert fresh.get("/me").status_code == 200


def test_login_page_ignores_next_pointing_elsewhere(client, make_user):
    make_user(email="lan@example.com")
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example", "javascript:x"):
        response = log_in_with_form(client, "lan@example.com", PASSWORD, next=target)
        assert response.headers["Location"] == "/", target


def test_pages_for_people_send_anonymous_visitors_to_log_in(client):
    response = client.get("/me/tokens")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_profile_changes_name_and_language(client, db, make_user):
    user = make_user(locale="vi")
    log_in(client, user)
    response = post_form(client, "/me", {"name": "  Lê   Thu  Hà ", "locale": "en"})
    assert response.status_code == 302
    db.expire_all()
    changed = db.get_one(User, user.id)
    assert (changed.name, changed.locale) == ("Lê Thu Hà", "en")
    assert 'lang="en"' in text(client.get("/me"))


def test_the_profile_language_applies_when_no_switch_was_used(client, make_user):
    log_in(client, make_user(locale="en"))
    assert 'lang="en"' in text(client.get("/sessions"))


def test_change_password_logs_out_other_browsers(app, client, make_user):
    make_user(email="lan@example.com")
    log_in_with_form(client, "lan@example.com", PASSWORD)
    other = app.test_client()
    log_in_with_form(other, "lan@example.com", PASSWORD, remember="y")
    assert other.get("/me").status_code == 200

    response = post_form(
        client,
        "/me/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/me").status_code == 200  # this browser stays logged in
    assert other.get("/me").status_code == 302  # the other one, remember cookie and all, does not
    fresh = app.test_client()
    assert log_in_with_form(fresh, "lan@example.com", PASSWORD).status_code == 400
    assert log_in_with_form(fresh, "lan@example.com", NEW_PASSWORD).status_code == 302


def test_change_password_needs_the_current_one_and_a_good_new_one(client, make_user):
    log_in(client, make_user())
    wrong = post_form(
        client, "/me/password", {"current_password": "guess guess", "new_password": NEW_PASSWORD}
    )
    assert wrong.status_code == 400
    assert "không phải mật khẩu hiện tại" in text(wrong)
    weak = post_form(
        client, "/me/password", {"current_password": PASSWORD, "new_password": "1234567890"}
    )
    assert weak.status_code == 400
    assert "quá dễ đoán" in text(weak)


def test_tokens_are_created_shown_once_listed_and_revoked(client, make_user):
    log_in(client, make_user())
    created = post_form(client, "/me/tokens", {"label": "Điện thoại"})
    assert created.status_code == 200
    secret = re.search(r"hcs_[A-Za-z0-9_-]+", text(created)).group(0)
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )

    listing = text(client.get("/me/tokens"))
    assert "Điện thoại" in listing and secret not in listing and secret[:10] in listing

    token_id = re.search(r"/me/tokens/(\d+)/revoke", listing).group(1)
    revoked = post_form(client, f"/me/tokens/{token_id}/revoke", {}, page="/me/tokens")
    assert revoked.status_code == 302
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )
    assert "Điện thoại" not in text(client.get("/me/tokens"))


def test_someone_elses_token_cannot_be_revoked(client, db, make_user, bearer):
    owner = make_user()
    headers = bearer(owner)
    log_in(client, make_user())
    token_id = db.scalar(select(ApiToken.id).where(ApiToken.user_id == owner.id))
    response = post_form(client, f"/me/tokens/{token_id}/revoke", {}, page="/me/tokens")
    assert response.status_code == 404
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def test_a_form_without_csrf_token_is_refused_with_a_friendly_page(client, make_user, db):
    make_user(email="lan@example.com")
    response = client.post("/login", data={"email": "lan@example.com", "password": PASSWORD})
    assert response.status_code == 400
    page = text(response)
    assert "Biểu mẫu đã hết hạn" in page and "Traceback" not in page
    assert client.get("/me").status_code == 302

    log_in(client, make_user())
    token = csrf_token(client, "/me")
    stolen = client.post("/me", data={"name": "Hacked", "locale": "vi", "csrf_token": "x" + token})
    assert stolen.status_code == 400
    assert db.scalar(select(User).where(User.name == "Hacked")) is None


def test_security_headers_on_every_page(client):
    for path in ("/", "/login", "/api/v1/sessions", "/nope"):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["X-Frame-Options"] == "DENY"


def test_no_page_has_inline_script_or_style(client, make_user):
    log_in(client, make_user(admin=True))
    for path in (
        "/",
        "/sessions",
        "/spaces",
        "/login",
        "/register",
        "/me",
        "/me/tokens",
        "/admin/",
    ):
        page = text(client.get(path))
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert not re.search(r"<[^>]+\sstyle=|<style", page), path


def test_cookies_are_secure_over_https_only(client, make_user):
    make_user(email="lan@example.com")
    token = csrf_token(client, "/login")
    over_https = client.post(
        "/login",
        data={
            "email": "lan@example.com",
            "password": PASSWORD,
            "remember": "y",
            "csrf_token": token,
        },
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},
    )
    cookies = over_https.headers.getlist("Set-Cookie")
    assert len(cookies) >= 3  # session, remember_token, lang
    assert all("Secure" in cookie and "HttpOnly" in cookie for cookie in cookies), cookies
    assert over_https.headers["Strict-Transport-Security"].startswith("max-age=")
    over_http = client.get("/language/en")
    assert "Secure" not in over_http.headers["Set-Cookie"]


def test_registration_shows_every_error_at_once(client):
    response = post_form(
        client,
        "/register",
        {"name": "", "email": "lan-at-example", "password": "short", "locale": "en"},
        page="/register",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Please fill this in." in page  # the name
    assert "must be an email address such as lan@example.com" in page
    assert "must have at least" in page  # the password
