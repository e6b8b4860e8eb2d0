"""Charts drawn on the server as inline SVG: no script, nothing fetched from elsewhere."""

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 176
WIDTH = 480


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    most: float | None = None,
    show: Callable[[float], str] = lambda value: f"{value:g}",
) -> Markup:
    """Horizontal bars, one per ``(label, value)``, scaled to ``most`` (default: the largest);
    readable on a phone because it scales with its ``viewBox``."""
    top = most if most is not None else max((value for _, value in items), default=0)
    room = WIDTH - LABEL_WIDTH - 60
    height = max(len(items), 1) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for n, (label, value) in enumerate(items):
        y = GAP + n * (BAR_HEIGHT + GAP)
        length = 0 if not top else max(room * min(value, top) / top, 1 if value else 0)
        short = label if len(label) <= 21 else label[:20] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="#3a3a3a">{escape(short)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'rx="3" fill="#b5523b"><title>{escape(label)}: {escape(show(value))}</title></rect>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}" font-size="12" '
            f'fill="#3a3a3a">{escape(show(value))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every value above is escaped)


def percent(value: float) -> str:
    return f"{round(value * 100)}%"
