"""Every public page: status, content, filters, pagination, language and bad input."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_home_shows_this_weeks_sessions(client, make_session):
    soon = make_session(starts_in=timedelta(days=2))
    make_session(starts_in=timedelta(days=20))
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert 'lang="vi"' in page
    assert "Gốm bàn xoay cho người mới" in page
    assert page.count(f"/sessions/{soon.id}") == 1
    assert len(re.findall(r'href="/sessions/\d+"', page)) == 1


def test_home_marks_demo_data(client, make_space):
    assert "Demo data" not in text(client.get("/", headers={"Accept-Language": "en"}))
    make_space(is_demo=True)
    assert "Demo data" in text(client.get("/", headers={"Accept-Language": "en"}))


def test_pages_are_vietnamese_by_default_and_english_on_request(client):
    vi = text(client.get("/sessions"))
    en = text(client.get("/sessions", headers={"Accept-Language": "en-GB,en;q=0.9"}))
    assert "Tìm lớp học" in vi and 'lang="vi"' in vi
    assert "Find a workshop" in en and 'lang="en"' in en


def test_the_language_switch_is_remembered(client):
    response = client.get("/language/en?next=/spaces")
    assert response.status_code == 302
    assert response.headers["Location"] == "/spaces"
    page = text(client.get("/spaces"))
    assert "Member spaces" in page
    client.get("/language/vi?next=/spaces")
    assert "Không gian thành viên" in text(client.get("/spaces", headers={"Accept-Language": "en"}))


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"],
)
def test_the_language_switch_never_redirects_elsewhere(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_404(client):
    assert client.get("/language/fr").status_code == 404


def test_spaces_directory_filters(client, make_space):
    make_space(slug="gom", name="Xưởng Gốm Tây Hồ", kind="art-space", district="tay-ho")
    make_space(
        slug="cafe", name="Cà phê Hoạ Sĩ", kind="cafe", district="dong-da", disciplines=["painting"]
    )
    assert "Xưởng Gốm Tây Hồ" in text(client.get("/spaces"))
    filtered = text(client.get("/spaces?kind=cafe"))
    assert "Cà phê Hoạ Sĩ" in filtered and "Xưởng Gốm Tây Hồ" not in filtered
    filtered = text(client.get("/spaces?district=tay-ho&discipline=ceramics"))
    assert "Xưởng Gốm Tây Hồ" in filtered and "Cà phê Hoạ Sĩ" not in filtered
    assert "Cà phê Hoạ Sĩ" in text(client.get("/spaces?q=hoa si"))


def test_a_space_page_lists_its_upcoming_sessions(client, make_space, make_workshop, make_session):
    space = make_space(slug="manzi", name="Manzi Art Space", certificate_number="HCSN-2024-001")
    mine = make_session(make_workshop(space, title="Vẽ màu nước"))
    other = make_session()
    page = text(client.get("/spaces/manzi"))
    assert "Manzi Art Space" in page and "HCSN-2024-001" in page
    assert f"/sessions/{mine.id}" in page and f"/sessions/{other.id}" not in page


def test_unknown_space_is_a_friendly_404(client):
    response = client.get("/spaces/nowhere")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in text(response)
    english = client.get("/spaces/nowhere", headers={"Accept-Language": "en"})
    assert "Page not found" in text(english)


def test_session_page_shows_time_in_hanoi_place_price_and_seats(
    client, make_workshop, make_session
):
    starts_at = datetime.combine(
        (datetime.now(HANOI) + timedelta(days=3)).date(), datetime.min.time(), HANOI
    ).replace(hour=18, minute=30)
    sitting = make_session(
        make_workshop(price=350_000),
        starts_at=starts_at.astimezone(UTC),
        capacity=10,
        seats_taken=8,
    )
    vi = text(client.get(f"/sessions/{sitting.id}"))
    assert "18:30–20:30" in vi
    assert "350.000 ₫" in vi.replace("\xa0", " ")
    assert "Còn 2 chỗ" in vi
    assert "Hàng Buồm" in vi
    en = text(client.get(f"/sessions/{sitting.id}", headers={"Accept-Language": "en"}))
    assert "₫350,000" in en and "2 seats left" in en
    assert "Wheel-thrown ceramics for beginners" in en


def test_full_and_free_sessions_say_so(client, make_workshop, make_session):
    full = make_session(make_workshop(price=0), capacity=5, seats_taken=5)
    page = text(client.get(f"/sessions/{full.id}", headers={"Accept-Language": "en"}))
    assert "Fully booked" in page and "Free" in page


def test_unknown_session_is_404(client):
    assert client.get("/sessions/424242").status_code == 404


def test_session_search_page_filters_and_folds(client, make_workshop, make_session, make_space):
    printing = make_session(
        make_workshop(title="In lụa túi vải", discipline="printmaking", price=0)
    )
    ceramics = make_session()
    found = text(client.get("/sessions?q=in+lua"))
    assert f"/sessions/{printing.id}" in found and f"/sessions/{ceramics.id}" not in found
    found = text(client.get("/sessions?free=false"))
    assert f"/sessions/{ceramics.id}" in found and f"/sessions/{printing.id}" not in found
    found = text(client.get("/sessions?discipline=printmaking&available=true"))
    assert f"/sessions/{printing.id}" in found and f"/sessions/{ceramics.id}" not in found


def test_pagination_keeps_the_filters(client, make_workshop, make_session):
    workshop = make_workshop(discipline="painting", title="Vẽ tranh")
    for n in range(25):
        make_session(workshop, starts_in=timedelta(days=1, hours=n))
    make_session(make_workshop(discipline="film", title="Phim ngắn"))
    page = text(client.get("/sessions?discipline=painting"))
    assert len(re.findall(r'href="/sessions/\d+"', page)) == 20
    next_link = re.search(r'href="(/sessions\?[^"]*cursor=[^"]+)"', page).group(1)
    assert "discipline=painting" in next_link
    second = text(client.get(next_link))
    assert len(re.findall(r'href="/sessions/\d+"', second)) == 5
    assert "Phim ngắn" not in second
    assert 'rel="next"' not in second


@pytest.mark.parametrize(
    "query",
    ["from=2026-02-31", "limit=abc", "discipline=juggling", "district=atlantis", "cursor=zzz"],
)
def test_bad_filters_on_pages_are_explained_not_crashed(client, query):
    response = client.get(f"/sessions?{query}", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "not valid" in text(response)


def test_bad_filters_on_the_spaces_page(client):
    response = client.get("/spaces?kind=castle")
    assert response.status_code == 400


def test_the_stylesheet_is_served_locally(client):
    page = text(client.get("/"))
    assert 'href="/static/css/site.css"' in page
    assert "http://" not in re.sub(r'href="http://localhost[^"]*"', "", page.split("<body")[0])
    assert client.get("/static/css/site.css").status_code == 200


def test_404_and_405_are_told_in_the_pages_language(client):
    missing = client.get("/no-such-page", headers={"Accept-Language": "vi"})
    assert missing.status_code == 404
    page = missing.get_data(as_text=True)
    assert "Không tìm thấy trang" in page and "Not Found" not in page
    wrong_method = client.get("/me/tokens/1/revoke", headers={"Accept-Language": "vi"})
    assert wrong_method.status_code == 405
    page = wrong_method.get_data(as_text=True)
    assert "Method Not Allowed" not in page and "nút bấm" in page


def test_404_and_405_of_the_api_are_translated_too(client):
    missing = client.get("/api/v1/nothing-here", headers={"Accept-Language": "vi"})
    assert missing.get_json()["error"] == {
        "code": "not_found",
        "message": "Chúng tôi không tìm thấy mục đó.",
    }
    wrong = client.delete("/api/v1/spaces", headers={"Accept-Language": "en"})
    assert wrong.status_code == 405
    assert wrong.get_json()["error"] == {
        "code": "method_not_allowed",
        "message": "This address does not accept the DELETE method.",
    }


def test_the_search_page_says_how_many_sessions_it_found(
    client, make_space, make_workshop, make_session
):
    ceramics = make_workshop(title="Men raku", title_en="Raku glazes", discipline="ceramics")
    make_session(ceramics)
    make_session(ceramics, starts_in=timedelta(days=9))
    make_session(
        make_workshop(
            title="Chiếu phim",
            title_en="Rooftop cinema",
            discipline="film",
            description="Giá vé đã gồm một đồ uống.",
        )
    )
    page = client.get("/sessions?q=gom", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "2 upcoming sessions" in page
    assert "Raku glazes" in page and "Rooftop cinema" not in page
