"""English on Vietnamese pages: the catalogues compiled afresh, and a reader that finds the
English source strings (and the framework's English) that reached a page.

A page is read as a person sees it: text and the attributes people meet (placeholders, labels
for screen readers, tooltips, the description), outside ``<script>``, ``<style>``, ``<code>``
and anything marked in another language (``lang="en"``: the language switch, "English" in the
language menu, the developers' mail page).
"""

import os
import re
import tempfile
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[1] / "app" / "translations"

#: English the framework and Python could put on a page, whatever the catalogues say.
FRAMEWORK_ENGLISH = [
    re.compile(pattern)
    for pattern in (
        r"\bNone\b",
        r"Not Found",
        r"Method Not Allowed",
        r"Bad Request",
        r"Internal Server Error",
        r"The requested URL",
        r"Traceback",
        r"%\(\w+\)[sd]",
        r"\{\{|\}\}",
    )
]

#: A text made of three or more plain ASCII words is English (Vietnamese carries diacritics);
#: these are the site's own words that are not.
ASCII_ALLOWED = re.compile(r"^(?:[\w.+-]+@[\w.-]+|https?://\S+|[\d\s:./·–-]+)$")
ASCII_WORDS = re.compile(r"^[A-Za-z][A-Za-z'’]*(?:[\s,.;:!?()…-]+[A-Za-z][A-Za-z'’]*){2,}[.!?…]?$")


def compile_catalogues() -> None:
    """``app/translations/*/messages.po`` → ``messages.mo``, each replaced in one step (a
    process reading it meanwhile sees the old file or the new one, never half of one)."""
    for po_path in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        locale = po_path.parent.parent.name
        with open(po_path, "rb") as po:
            catalogue = read_po(po, locale=locale)
        folder = po_path.parent
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".mo", delete=False) as mo:
            write_mo(mo, catalogue)
        os.replace(mo.name, folder / "messages.mo")


#: English words Vietnamese uses as they are. Any other Vietnamese string equal to its English
#: source is an untranslated one (a catalogue can be "complete" and still English).
SAME_IN_BOTH = {"Email"}


@lru_cache(maxsize=1)
def _catalogue():
    with open(TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale="vi")


@lru_cache(maxsize=1)
def vietnamese_strings() -> frozenset[str]:
    """Every Vietnamese string of the catalogue that differs from its English source: "In" is
    Print there, not the door's "In"."""
    found = set()
    for message in _catalogue():
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found.update(_normal(s) for s in strings if s and s not in sources)
    return frozenset(found)


@lru_cache(maxsize=1)
def english_sources() -> tuple[re.Pattern, ...]:
    """A pattern per English source string (but ``SAME_IN_BOTH``): the whole text of an element
    or attribute, placeholders standing for anything."""
    patterns = []
    for message in _catalogue():
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        for source in sources:
            if source in SAME_IN_BOTH or not re.search(r"[A-Za-z]{2}", source):
                continue
            literal = re.split(r"%\(\w+\)[sd]", _normal(source))
            patterns.append(re.compile("^" + ".+?".join(re.escape(part) for part in literal) + "$"))
    return tuple(patterns)


def _normal(text: str) -> str:
    return " ".join(text.split())


class _Reader(HTMLParser):
    SKIPPED = {"script", "style", "code"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    ATTRIBUTES = {"placeholder", "aria-label", "title", "alt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[bool] = []  # per open element: is its content skipped?

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (bool(self.stack) and self.stack[-1]) or tag in self.SKIPPED
        skipped = skipped or attrs.get("lang", "vi") != "vi"
        if not skipped:
            self.texts.extend(
                value for name, value in attrs.items() if name in self.ATTRIBUTES and value
            )
            if tag == "meta" and attrs.get("name") == "description":
                self.texts.append(attrs.get("content") or "")
        if tag not in self.VOID:
            self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]) and data.strip():
            self.texts.append(data)


def texts_of(html: str) -> list[str]:
    """What a person reads on the page, element by element."""
    reader = _Reader()
    reader.feed(html)
    return [_normal(text) for text in reader.texts if text.strip()]


def _is_english(piece: str) -> bool:
    if piece in vietnamese_strings():
        return False
    if any(pattern.match(piece) for pattern in english_sources()):
        return True
    return bool(ASCII_WORDS.match(piece)) and not ASCII_ALLOWED.match(piece)


def english_on(html: str) -> list[str]:
    """The English found on a Vietnamese page (empty when there is none)."""
    texts = texts_of(html)
    found = {
        piece
        for text in texts
        for piece in {text, *(part.strip() for part in re.split(r"\s[·|]\s", text))}
        if _is_english(piece)
    }
    page_text = " ".join(texts)
    found.update(p.pattern for p in FRAMEWORK_ENGLISH if p.search(page_text))
    return sorted(found)
