"""VietQR: the payload a banking app scans to pay by NAPAS 247 transfer, and our references.

The payload is an EMVCo merchant-presented QR code as the NAPAS IBFT specification fills it:
fields of ``ID``, two-digit length and value (TLV), closed by a CRC-16/CCITT-FALSE over
everything before it, ``6304`` included. The reference rides in field 62/08 (the transfer's
description), which the bank shows to the space; banks rewrite descriptions (upper case, spaces
and punctuation removed or added, their own words around it), so the reference is made of
characters that survive that, and is found again inside whatever the bank made of it.
"""

import io
import re
from dataclasses import dataclass

import segno

from bookings.seats.transfers import REFERENCE_ALPHABET, REFERENCE_LENGTH, REFERENCE_PREFIX

#: NAPAS's globally unique identifier of the VietQR service.
NAPAS_GUID = "A000000727"
#: Field 38/02: a transfer to an account (not to a card).
SERVICE_TO_ACCOUNT = "QRIBFTTA"
#: ISO 4217 numeric code of the Vietnamese dong.
VND = "704"

#: What the contract allows a reference to be, prefix included.
MAX_REFERENCE = 25

_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Z]")


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    """One EMVCo field: its two-digit id, its length in two digits, its value."""
    if len(tag) != 2 or not tag.isdigit():
        raise ValueError(f"an EMVCo id has two digits, not {tag!r}")
    if len(value) > 99:
        raise ValueError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


@dataclass(frozen=True)
class TransferRequest:
    """What the QR code asks the payer's bank to do: pay ``amount`` VND into an account."""

    bank_bin: str
    account_number: str
    amount: int
    description: str


def payload(request: TransferRequest) -> str:
    """The VietQR text for ``request``: dynamic (the amount is fixed), closed by its CRC."""
    if not (len(request.bank_bin) == 6 and request.bank_bin.isdigit()):
        raise ValueError("a BIN has six digits")
    if request.amount <= 0:
        raise ValueError("a transfer's amount is positive")
    beneficiary = tlv("00", request.bank_bin) + tlv("01", request.account_number)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    body = (
        tlv("00", "01")
        + tlv("01", "12")
        + tlv("38", merchant)
        + tlv("53", VND)
        + tlv("54", str(request.amount))
        + tlv("58", "VN")
        + tlv("62", tlv("08", request.description))
        + "6304"
    )
    return body + f"{crc16_ccitt_false(body.encode('utf-8')):04X}"


def parse(text: str) -> dict[str, str]:
    """The top-level fields of a payload by id (nested templates stay as their text); raises
    ValueError when the TLV structure or the CRC is wrong."""
    if len(text) < 8 or text[-8:-4] != "6304":
        raise ValueError("no CRC field at the end")
    if f"{crc16_ccitt_false(text[:-4].encode('utf-8')):04X}" != text[-4:]:
        raise ValueError("the CRC does not match")
    return fields(text)


def fields(text: str) -> dict[str, str]:
    """The fields of one TLV level, by id."""
    found: dict[str, str] = {}
    at = 0
    while at < len(text):
        tag, length = text[at : at + 2], text[at + 2 : at + 4]
        if not (tag.isdigit() and length.isdigit()):
            raise ValueError(f"not a field at {at}")
        value = text[at + 4 : at + 4 + int(length)]
        if len(value) != int(length):
            raise ValueError(f"field {tag} is cut short")
        found[tag] = value
        at += 4 + int(length)
    return found


def normalized(content: str) -> str:
    """What a bank's description keeps of a reference: upper case letters and digits only."""
    return _NOT_ALPHANUMERIC.sub("", content.upper())


def references_in(content: str) -> list[str]:
    """Every reference that may be inside a bank's description, in the order they appear.

    Banks glue the description to their own words once spaces are gone, so each place the
    prefix appears gives one candidate: the prefix and the characters after it.
    """
    text = normalized(content)
    found: list[str] = []
    start = text.find(REFERENCE_PREFIX)
    while start != -1:
        candidate = text[start : start + len(REFERENCE_PREFIX) + REFERENCE_LENGTH]
        tail = candidate[len(REFERENCE_PREFIX) :]
        if len(tail) == REFERENCE_LENGTH and all(ch in REFERENCE_ALPHABET for ch in tail):
            found.append(candidate)
        start = text.find(REFERENCE_PREFIX, start + 1)
    return list(dict.fromkeys(found))


def qr_svg(text: str, *, for_raster: bool = False) -> str:
    """The QR code of a payload as inline SVG that scales to its box (``viewBox``, no fixed
    size), with the quiet zone scanners need. ``for_raster``: with its size in modules and no
    ``viewBox`` (for a reader that rasterises it)."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=1,
        border=4,
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=not for_raster,
        title="VietQR",
        svgclass="vietqr",
        lineclass=None,
    )
    return out.getvalue().decode("ascii")
