"""The read half of the JSON API, exactly as shared/API.md describes it."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def ids_of(client, path: str, **query) -> list:
    """The ids (or slugs, for spaces) of the items a listing answers with."""
    items = client.get(path, query_string=query).get_json()["items"]
    return [item.get("slug") if path.endswith("spaces") else item["id"] for item in items]


def test_spaces_list_has_the_contract_shape(client, make_space):
    make_space(slug="manzi", name="Manzi Art Space", disciplines=["painting", "crafts"])
    body = client.get("/api/v1/spaces").get_json()
    assert body["next"] is None
    (space,) = body["items"]
    assert {"id", "slug", "name", "kind", "disciplines", "district", "address", "url"} <= set(space)
    assert space["slug"] == "manzi"
    assert space["disciplines"] == ["crafts", "painting"]
    assert space["url"].endswith("/spaces/manzi")


def test_spaces_are_filtered_by_kind_discipline_district_and_name(client, make_space):
    make_space(
        slug="a",
        name="Xưởng Gốm Đông",
        kind="art-space",
        district="tay-ho",
        disciplines=["ceramics"],
    )
    make_space(
        slug="b", name="Cà phê Hoạ", kind="cafe", district="dong-da", disciplines=["painting"]
    )
    assert ids_of(client, "/api/v1/spaces", kind="cafe") == ["b"]
    assert ids_of(client, "/api/v1/spaces", discipline="ceramics") == ["a"]
    assert ids_of(client, "/api/v1/spaces", district="tay-ho") == ["a"]
    assert ids_of(client, "/api/v1/spaces", district="Đống Đa") == ["b"]
    assert ids_of(client, "/api/v1/spaces", q="gom dong") == ["a"]
    assert ids_of(client, "/api/v1/spaces", q="HOA") == ["b"]


def test_spaces_paginate_with_a_cursor(client, make_space):
    for n in range(5):
        make_space(slug=f"s{n}", name=f"Space {n}")
    first = client.get("/api/v1/spaces?limit=2").get_json()
    second = client.get(f"/api/v1/spaces?limit=2&cursor={first['next']}").get_json()
    third = client.get(f"/api/v1/spaces?limit=2&cursor={second['next']}").get_json()
    names = [s["name"] for page in (first, second, third) for s in page["items"]]
    assert names == [f"Space {n}" for n in range(5)]
    assert third["next"] is None


def test_one_space_and_an_unknown_one(client, make_space):
    make_space(slug="complex-01", name="Complex 01")
    assert client.get("/api/v1/spaces/complex-01").get_json()["name"] == "Complex 01"
    missing = client.get("/api/v1/spaces/nowhere")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"


def test_a_session_has_the_contract_shape(client, make_session, now):
    sitting = make_session(capacity=8, seats_taken=3, starts_in=timedelta(days=3))
    body = client.get(f"/api/v1/sessions/{sitting.id}").get_json()
    assert set(body) >= {
        "id",
        "workshop",
        "space",
        "starts_at",
        "ends_at",
        "capacity",
        "seats_left",
        "waitlist_length",
        "price",
        "status",
        "url",
        "ics_url",
    }
    assert body["workshop"]["discipline"] == "ceramics"
    assert set(body["workshop"]) >= {"id", "title", "discipline"}
    assert set(body["space"]) >= {"slug", "name"}
    assert body["capacity"] == 8 and body["seats_left"] == 5 and body["waitlist_length"] == 0
    assert body["price"] == {"amount": 250000, "currency": "VND"}
    assert body["status"] == "scheduled"
    assert body["starts_at"].endswith("+07:00")
    assert datetime.fromisoformat(body["starts_at"]) == sitting.starts_at
    assert body["url"].endswith(f"/sessions/{sitting.id}")
    assert body["ics_url"].endswith(f"/sessions/{sitting.id}.ics")


def test_titles_follow_the_requested_language(client, make_session):
    sitting = make_session()
    vi = client.get(f"/api/v1/sessions/{sitting.id}").get_json()
    en = client.get(f"/api/v1/sessions/{sitting.id}", headers={"Accept-Language": "en"}).get_json()
    assert vi["workshop"]["title"] == "Gốm bàn xoay cho người mới"
    assert en["workshop"]["title"] == "Wheel-thrown ceramics for beginners"


def test_unknown_session_is_a_json_404(client):
    for path in ("/api/v1/sessions/999999", "/api/v1/sessions/abc", "/api/v1/nothing-here"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"]["code"] == "not_found"


def test_sessions_are_upcoming_and_soonest_first(client, make_session, make_workshop):
    workshop = make_workshop()
    later = make_session(workshop, starts_in=timedelta(days=5))
    sooner = make_session(workshop, starts_in=timedelta(days=1))
    make_session(workshop, starts_in=timedelta(hours=-2))  # already started
    make_session(workshop, starts_in=timedelta(days=2), status="cancelled")
    ids = [s["id"] for s in client.get("/api/v1/sessions").get_json()["items"]]
    assert ids == [sooner.id, later.id]


@pytest.mark.parametrize("query", ["gom", "GỐM", "Gom ban xoay", "ban  xoay"])
def test_search_ignores_case_and_diacritics(client, make_session, query):
    sitting = make_session()
    ids = [
        s["id"]
        for s in client.get("/api/v1/sessions", query_string={"q": query}).get_json()["items"]
    ]
    assert ids == [sitting.id]


def test_search_matches_english_titles_descriptions_and_space_names(
    client, make_session, make_workshop, make_space
):
    printing = make_session(
        make_workshop(
            make_space(name="Xưởng In Lụa Đông Á", disciplines=["printmaking"]),
            title="In lụa áo phông",
            title_en="Screen printing a T-shirt",
            description="Tự in chiếc áo của bạn.",
            description_en="Print your own shirt.",
            discipline="printmaking",
        )
    )
    ceramics = make_session()
    assert ids_of(client, "/api/v1/sessions", q="in lua") == [printing.id]
    assert ids_of(client, "/api/v1/sessions", q="screen") == [printing.id]
    assert ids_of(client, "/api/v1/sessions", q="dong a") == [printing.id]
    assert ids_of(client, "/api/v1/sessions", q="dong") == [printing.id]
    assert ids_of(client, "/api/v1/sessions", q="clay") == [ceramics.id]
    assert ids_of(client, "/api/v1/sessions", q="xyzzy") == []
    assert ids_of(client, "/api/v1/sessions", q="100%") == []
    assert ids_of(client, "/api/v1/sessions", q="_") == []


def test_filters_discipline_space_district_free_and_available(
    client, make_session, make_workshop, make_space
):
    tay_ho = make_space(slug="tay-ho-studio", district="tay-ho")
    free_full = make_session(
        make_workshop(tay_ho, price=0, discipline="painting"), capacity=4, seats_taken=4
    )
    paid_open = make_session(capacity=4, seats_taken=1)
    assert set(ids_of(client, "/api/v1/sessions", discipline="painting")) == {free_full.id}
    assert set(ids_of(client, "/api/v1/sessions", space="tay-ho-studio")) == {free_full.id}
    assert set(ids_of(client, "/api/v1/sessions", district="tay-ho")) == {free_full.id}
    assert set(ids_of(client, "/api/v1/sessions", free="true")) == {free_full.id}
    assert set(ids_of(client, "/api/v1/sessions", free="false")) == {paid_open.id}
    assert set(ids_of(client, "/api/v1/sessions", available="true")) == {paid_open.id}
    assert set(ids_of(client, "/api/v1/sessions", available="false")) == {
        free_full.id,
        paid_open.id,
    }


def test_date_filters_are_hanoi_days_inclusive(client, make_workshop, make_session):
    workshop = make_workshop()
    tomorrow = (datetime.now(HANOI) + timedelta(days=1)).date()

    def at(day, hour):
        return datetime.combine(day, datetime.min.time(), HANOI).replace(hour=hour).astimezone(UTC)

    early = make_session(
        workshop, starts_at=at(tomorrow, 0)
    )  # 00:00 Hanoi = 17:00 UTC the day before
    late = make_session(workshop, starts_at=at(tomorrow, 23))
    next_day = make_session(workshop, starts_at=at(tomorrow + timedelta(days=1), 9))
    day = tomorrow.isoformat()
    assert ids_of(client, "/api/v1/sessions", **{"from": day, "to": day}) == [early.id, late.id]
    assert ids_of(
        client, "/api/v1/sessions", **{"from": (tomorrow + timedelta(days=1)).isoformat()}
    ) == [next_day.id]
    assert ids_of(client, "/api/v1/sessions", to=day) == [early.id, late.id]
    instant = at(tomorrow, 12).astimezone(HANOI).isoformat()
    assert ids_of(client, "/api/v1/sessions", **{"from": instant}) == [late.id, next_day.id]


def test_sessions_paginate_without_gaps_or_repeats(client, make_workshop, make_session, now):
    workshop = make_workshop()
    same_time = now + timedelta(days=1)
    made = [make_session(workshop, starts_at=same_time) for _ in range(3)]
    made += [make_session(workshop, starts_in=timedelta(days=2 + n)) for n in range(4)]
    seen, cursor = [], None
    for _ in range(10):
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/sessions", query_string=query).get_json()
        seen += [s["id"] for s in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == [s.id for s in made]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-13-45"}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-11-30T10:00:00"}, "to"),
        ({"limit": "abc"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"discipline": "juggling"}, "discipline"),
        ({"district": "atlantis"}, "district"),
        ({"space": "no-such-space"}, "space"),
        ({"available": "maybe"}, "available"),
        ({"free": "2"}, "free"),
        ({"language": "fr"}, "language"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"q": "x" * 201}, "q"),
        ({"from": "2026-12-10", "to": "2026-12-01"}, "to"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(client, query, field):
    response = client.get("/api/v1/sessions", query_string=query)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"]
    assert error["message"]


def test_several_bad_parameters_are_named_together(client):
    error = client.get("/api/v1/sessions?limit=abc&from=nope").get_json()["error"]
    assert set(error["fields"]) == {"limit", "from"}


@pytest.mark.parametrize("query", [{"kind": "castle"}, {"limit": "x"}, {"cursor": "@@"}])
def test_bad_space_parameters_are_400(client, query):
    response = client.get("/api/v1/spaces", query_string=query)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"


def test_wrong_method_is_json_too(client):
    response = client.post("/api/v1/sessions")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
