"""Fill the catalogues after `make extract-messages`.

English takes every new string as it is; Vietnamese takes its translations from a JSON file
mapping the English string to the Vietnamese one (plural strings map to a list; a string with a
translation context is keyed ``context::string``). Whatever is still empty is printed, so
nothing is left untranslated by accident.

    .venv/bin/python scripts/translations.py [vi.json]
    .venv/bin/pybabel compile -d app/translations
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1] / "app" / "translations"


def _load(locale):
    path = ROOT / locale / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as po:
        return path, read_po(po, locale=locale)


def _save(path, catalogue):
    with open(path, "wb") as po:
        write_po(po, catalogue, width=76, omit_header=False, ignore_obsolete=True)


def main(argv):
    vi_strings = json.loads(Path(argv[1]).read_text()) if len(argv) > 1 else {}
    missing = []
    for locale in ("en", "vi"):
        path, catalogue = _load(locale)
        catalogue.obsolete.clear()
        for message in catalogue:
            if not message.id:
                continue
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if message.context:
                key = f"{message.context}::{key}"
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(strings) and not message.fuzzy:
                continue
            if locale == "en":
                message.string = message.id
            elif key in vi_strings:
                value = vi_strings[key]
                message.string = tuple(value) if isinstance(value, list) else value
            else:
                missing.append(key)
                continue
            message.flags.discard("fuzzy")
        _save(path, catalogue)
    for key in missing:
        print(f"untranslated in vi: {key!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
