"""The ticket's QR code in a confirmation: a 1-bit PNG written by our own small writer around
zxing-cpp's encoder, read back by Pillow and by zxing-cpp's reader (what a camera at the door
decodes)."""

import io

import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from bookings.messages.render import png_black_and_white, ticket_png
from bookings.seats.booking import new_ticket_code


def test_a_tickets_png_decodes_back_to_its_code_with_a_quiet_zone_of_four_modules():
    code = new_ticket_code()
    image = Image.open(io.BytesIO(ticket_png(code, scale=6)))
    assert (image.format, image.mode) == ("PNG", "1")
    assert zxingcpp.read_barcode(image).text == code
    # The quiet zone: the outer 4 modules (24 pixels at scale 6) are white on every side.
    width, height = image.size
    pixels = image.load()
    margin = [
        pixels[x, y] for x in range(width) for y in range(height)
        if min(x, y, width - 1 - x, height - 1 - y) < 24
    ]  # fmt: skip
    assert set(margin) == {255}
    assert 0 in {pixels[x, y] for x in range(24, width - 24) for y in range(24, height - 24)}


@given(
    st.integers(min_value=1, max_value=40).flatmap(
        lambda width: st.tuples(
            st.just(width),
            st.lists(
                st.lists(st.sampled_from([0, 255]), min_size=width, max_size=width),
                min_size=1,
                max_size=12,
            ),
        )
    )
)
def test_the_png_writer_keeps_every_pixel_at_any_width(shape):
    width, rows = shape
    pixels = bytes(value for row in rows for value in row)
    image = Image.open(io.BytesIO(png_black_and_white(pixels, width, len(rows))))
    assert image.size == (width, len(rows))
    assert image.convert("L").tobytes() == pixels
