"""The NAPAS member banks a transfer can go to: six-digit BIN, short name and full name.

Shipped as data (``data/napas_banks.json``); ``flask --app app banks import FILE`` replaces it
from a newer list (NAPAS's, or VietQR's ``/v2/banks`` answer), checked before it is written.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "napas_banks.json"


@dataclass(frozen=True)
class Bank:
    bin: str
    short_name: str
    name: str


@cache
def all_banks() -> tuple[Bank, ...]:
    """Every member bank, by short name."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(sorted(_banks_in(data), key=lambda bank: bank.short_name.lower()))


def bank(bank_bin: str) -> Bank | None:
    return next((b for b in all_banks() if b.bin == bank_bin), None)


def _banks_in(data) -> list[Bank]:
    """The banks of a list in our format (``banks``) or VietQR's (``data``, camelCase); raises
    ValueError when it is not such a list."""
    rows = data.get("banks", data.get("data")) if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise ValueError("no list of banks (expected 'banks' or 'data')")
    banks: dict[str, Bank] = {}
    for row in rows:
        if not isinstance(row, dict):
            raise ValueError("a bank is not an object")
        bin_ = str(row.get("bin", ""))
        short = row.get("short_name") or row.get("shortName")
        name = row.get("name")
        if not (len(bin_) == 6 and bin_.isdigit()) or not short or not name:
            raise ValueError(f"a bank needs a six-digit bin, a short name and a name: {row!r}")
        banks[bin_] = Bank(bin_, str(short), str(name))
    return list(banks.values())


def import_banks(source: Path, target: Path = DATA_FILE) -> int:
    """Replace the bank list at ``target`` with the one in ``source``; returns how many banks.
    Nothing is written when ``source`` is not a valid list."""
    banks = _banks_in(json.loads(source.read_text(encoding="utf-8")))
    body = {
        "source": f"imported from {source.name}",
        "banks": [{"bin": b.bin, "short_name": b.short_name, "name": b.name} for b in banks],
    }
    target.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    all_banks.cache_clear()
    return len(banks)
