"""Opaque cursors: they round-trip, and anything we did not issue is refused cleanly."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookings.catalogue.pagination import decode_cursor, encode_cursor
from bookings.errors import InvalidCursor


@given(st.text(), st.integers(min_value=0, max_value=2**53))
def test_a_cursor_round_trips(text, number):
    assert decode_cursor(encode_cursor(text, number), str, int) == (text, number)


@pytest.mark.parametrize(
    "garbage",
    ["", "abc", "!!!", encode_cursor("x"), encode_cursor(1, "x"), encode_cursor("a", True)],
)
def test_a_foreign_cursor_is_refused(garbage):
    with pytest.raises(InvalidCursor):
        decode_cursor(garbage, str, int)


@given(st.text(max_size=40))
def test_random_text_never_escapes_as_another_error(text):
    try:
        decode_cursor(text, str, int)
    except InvalidCursor as error:
        assert set(error.fields) == {"cursor"}
