"""Text folding for search that ignores case and Vietnamese diacritics."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lowercase ``text``, strip diacritics (``đ`` becomes ``d``) and collapse whitespace.

    ``fold("Gốm Bát Tràng")`` is ``"gom bat trang"``; ``fold("ĐÔNG")`` is ``"dong"``.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped).casefold()).strip()


def slugify(text: str) -> str:
    """A URL-safe code from a name: ``"Hoàn Kiếm"`` becomes ``"hoan-kiem"``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
