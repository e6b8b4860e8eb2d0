"""Every user-facing string is translated in both catalogues, and the catalogues are current."""

import re
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


def _vietnamese() -> list[tuple[str, str]]:
    """(English source, Vietnamese) of every string of the Vietnamese catalogue."""
    with open(ROOT / "app" / "translations" / "vi" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po, locale="vi")
    pairs = []
    for message in catalogue:
        if message.id:
            source = message.id[0] if isinstance(message.id, tuple) else message.id
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            pairs.extend((source, string) for string in strings)
    return pairs


#: One spelling per word: the wrong one, and the one the site uses. Tone marks go where the
#: site puts them (huỷ, hoá), "suspended" is "tạm ngưng", a discipline is a "lĩnh vực", and a
#: workshop is a "lớp học" (never the English word).
ONE_SPELLING = {
    "hủy": "huỷ",
    "hóa": "hoá",
    "họa": "hoạ",
    "hòa": "hoà",
    "thủy": "thuỷ",
    "tỉ lệ": "tỷ lệ",
    "tạm ngừng": "tạm ngưng",
    "bộ môn": "lĩnh vực",
    "workshop": "lớp học",
    "chỗ ngồi": "chỗ",
}


def test_vietnamese_keeps_one_spelling_per_word():
    found = [
        (source, wrong)
        for source, string in _vietnamese()
        for wrong in ONE_SPELLING
        if re.search(rf"(?<!\w){wrong}(?!\w)", string.lower())
    ]
    assert found == []


def test_a_calendar_subscription_is_never_called_a_registration():
    """ "Đăng ký" is Register (an account); following a calendar is "theo dõi"."""
    clashes = [
        source
        for source, string in _vietnamese()
        if "subscri" in source.lower() and "đăng ký" in string.lower()
    ]
    assert clashes == []
