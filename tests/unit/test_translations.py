"""Every user-facing string is translated in both catalogues, and the catalogues are current."""

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = DEFAULT_KEYWORDS | {"_l": None, "lazy_gettext": None, "N_": None, "NC_": ((1, "c"), 2)}


def _source_messages() -> set[tuple[str | None, str]]:
    """(context, message) of every string marked in the source."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


@pytest.fixture(scope="module")
def source_messages():
    return _source_messages()


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_catalogue_translates_every_string_of_the_source(source_messages, locale):
    with open(ROOT / "app" / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po, locale=locale)
    translated = {}
    for message in catalogue:
        if not message.id:
            continue
        key = (message.context, message.id[0] if isinstance(message.id, tuple) else message.id)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated[key] = all(strings) and not message.fuzzy
    missing = sorted(m for m in source_messages if not translated.get(m))
    assert missing == [], f"untranslated in {locale}: run `make extract-messages` and translate"
    stale = sorted(set(translated) - source_messages)
    assert stale == [], f"strings no longer in the source, in {locale}"


def test_vietnamese_placeholders_match_the_english_ones():
    import re

    with open(ROOT / "app" / "translations" / "vi" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po, locale="vi")
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for message in catalogue:
        if not message.id:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert set(placeholder.findall(string)) == set(placeholder.findall(source)), source
