"""Search as people type: titles, disciplines and space names first, whole words, ignoring case
and diacritics; descriptions only when nothing else matches."""

import pytest

from bookings.catalogue import SessionFilters, search_sessions_ranked

#: The disciplines' names in both languages, as the pages pass them.
NAMES = {
    "ceramics": "Gốm Ceramics",
    "printmaking": "In lụa & tranh in Screen printing & printmaking",
    "painting": "Hội hoạ Painting",
    "film": "Điện ảnh Film",
}


@pytest.fixture
def network(db, make_space, make_workshop, make_session):
    pottery_space = make_space(name="Xưởng Gốm Long Biên")
    cinema_space = make_space(name="Rạp Mái Nhà")
    painting_space = make_space(name="Đông Gallery")
    workshops = {
        "wheel": make_workshop(
            space=make_space(name="Nhà Sàn Studio"),
            title="Bàn xoay cho người mới",
            title_en="Wheel throwing for beginners",
            discipline="ceramics",
            description="Làm quen với đất sét.",
        ),
        "raku": make_workshop(
            space=pottery_space, title="Men raku", title_en="Raku glazes", discipline="ceramics"
        ),
        "cinema": make_workshop(
            space=cinema_space,
            title="Chiếu phim trên sân thượng",
            title_en="Rooftop cinema",
            discipline="film",
            description="Giá vé đã gồm một đồ uống.",
            description_en="A drink is included in the ticket.",
        ),
        "screen": make_workshop(
            space=cinema_space,
            title="In lụa cơ bản",
            title_en="Screen printing basics",
            discipline="printmaking",
            description="In trên vải.",
        ),
        "garden": make_workshop(
            space=painting_space,
            title="Vẽ màu nước",
            title_en="Painting in the garden",
            discipline="painting",
            description="Vẽ trong vườn, in the open air.",
            description_en="Watercolours in the garden.",
        ),
    }
    sessions = {name: make_session(workshop) for name, workshop in workshops.items()}
    return sessions


def found(db, now, q: str, **filters):
    result = search_sessions_ranked(
        db, SessionFilters(q=q, **filters), now=now, discipline_words=NAMES
    )
    return {row.title for row in result.page.items}, result


def test_gom_finds_the_ceramics_classes_not_a_ticket_that_includes_a_drink(db, network, now):
    titles, result = found(db, now, "gom")
    assert titles == {"Bàn xoay cho người mới", "Men raku"}  # by discipline and by space name
    assert (result.total, result.matched_in) == (2, "titles")


def test_in_lua_finds_screen_printing_not_every_in(db, network, now):
    for q in ("in lua", "In Lụa", "IN LUA"):
        titles, _ = found(db, now, q)
        assert titles == {"In lụa cơ bản"}, q


def test_dong_and_its_diacritics_match_each_other(db, network, now):
    assert found(db, now, "dong")[0] == {"Vẽ màu nước"}
    assert found(db, now, "Đông")[0] == {"Vẽ màu nước"}


def test_whole_words_only(db, network, now):
    """ "ra" is inside "raku" and "rạp", but is no word of them."""
    titles, result = found(db, now, "ra")
    assert titles == set() and result.total == 0 and result.matched_in is None


def test_descriptions_count_when_no_title_matches(db, network, now):
    titles, result = found(db, now, "drink")
    assert titles == {"Chiếu phim trên sân thượng"}
    assert (result.total, result.matched_in) == (1, "descriptions")


def test_ranked_search_keeps_the_other_filters(db, network, now):
    titles, result = found(db, now, "gom", space=network["raku"].workshop.space.slug)
    assert titles == {"Men raku"} and result.total == 1


def test_no_words_is_every_upcoming_session_with_its_count(db, network, now):
    titles, result = found(db, now, "")
    assert len(titles) == 5 and result.total == 5 and result.matched_in is None
