"""A ticket's QR code, drawn on the server (segno) as inline SVG."""

import segno
from markupsafe import Markup


def ticket_qr_svg(code: str, *, title: str) -> Markup:
    """A regular QR code (never a Micro QR, which phone cameras do not read) of ``code``, with
    its quiet zone, scaled by its viewBox."""
    qr = segno.make_qr(code, error="m")
    svg = qr.svg_inline(
        scale=8, border=4, dark="#000", light="#fff", title=title, svgclass="ticket-qr"
    )
    return Markup(svg)  # noqa: S704  (segno escapes the title; the code is ours)
