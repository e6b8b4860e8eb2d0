"""The VietQR payload (EMVCo TLV, NAPAS IBFT), its CRC, our references, and the QR code itself
decoded back by a real reader."""

import io
import re

import pytest
import segno
import zxingcpp
from PIL import Image

from bookings.payments import vietqr
from bookings.payments.banks import all_banks, bank
from bookings.payments.vietqr import TransferRequest, payload
from bookings.seats.transfers import REFERENCE_ALPHABET, new_reference

PUBLISHED = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA5303704540612"
    "00005802VN62170813ung ho lu lut6304C15C"
)


def test_the_published_vector():
    request = TransferRequest("970415", "0011001932418", 120_000, "ung ho lu lut")
    assert payload(request) == PUBLISHED


def test_crc16_ccitt_false_check_value_and_the_vectors_crc():
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1  # the catalogue's check value
    assert f"{vietqr.crc16_ccitt_false(PUBLISHED[:-4].encode()):04X}" == "C15C"


def test_a_long_account_and_a_reference_at_the_limit():
    reference = "HCS" + "Z" * 22
    assert len(reference) == vietqr.MAX_REFERENCE
    text = payload(TransferRequest("970436", "9" * 19, 2_500_000, reference))
    top = vietqr.parse(text)
    assert top["00"] == "01" and top["01"] == "12"
    assert top["53"] == "704" and top["54"] == "2500000" and top["58"] == "VN"
    merchant = vietqr.fields(top["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert vietqr.fields(merchant["01"]) == {"00": "970436", "01": "9" * 19}
    assert vietqr.fields(top["62"]) == {"08": reference}
    assert text[-8:-4] == "6304"


def test_a_changed_character_breaks_the_crc():
    text = payload(TransferRequest("970422", "0123456789", 150_000, "HCS23456789"))
    vietqr.parse(text)
    with pytest.raises(ValueError):
        vietqr.parse(text.replace("150000", "150001"))


def test_refuses_what_cannot_be_a_transfer():
    with pytest.raises(ValueError):
        payload(TransferRequest("97041", "0123456789", 1000, "x"))
    with pytest.raises(ValueError):
        payload(TransferRequest("970415", "0123456789", 0, "x"))
    with pytest.raises(ValueError):
        vietqr.tlv("62", "x" * 100)


def test_references_are_short_unambiguous_and_unique():
    seen = {new_reference() for _ in range(2000)}
    assert len(seen) == 2000
    for reference in seen:
        assert re.fullmatch(r"HCS[2-9A-HJKMNP-Z]{8}", reference)
        assert len(reference) <= vietqr.MAX_REFERENCE
    assert not set("01OIL") & set(REFERENCE_ALPHABET)


@pytest.mark.parametrize(
    "content",
    [
        "HCS7K2MQ9XD",
        "hcs7k2mq9xd",
        "MBVCB.3381725.HCS7K2MQ9XD.CT tu 0011001932418 NGUYEN THI LAN toi 1903",
        "NGUYEN THI LAN chuyen tien HCS 7K2M-Q9XD FT24335",
        "IBFT HCS7K2MQ9XDGD 123456-112526 10:12:33",  # the bank's words glued on
        "TKThe :0123, tai VCB. HCSHCS7K2MQ9XD",  # the prefix twice
    ],
)
def test_a_reference_is_found_inside_what_banks_make_of_it(content):
    assert "HCS7K2MQ9XD" in vietqr.references_in(content)


def test_no_reference_in_a_description_without_one():
    assert vietqr.references_in("chuyen tien hoc gom") == []
    assert vietqr.references_in("HCS12345678") == []  # 1 is not in the alphabet


def test_the_bank_list_is_napas_members_with_six_digit_bins():
    banks = all_banks()
    assert len(banks) >= 40
    assert all(len(b.bin) == 6 and b.bin.isdigit() and b.short_name and b.name for b in banks)
    assert bank("970436").short_name == "Vietcombank"
    assert bank("970415").short_name == "VietinBank"
    assert bank("123456") is None


def _decode(image: Image.Image) -> str:
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1
    return results[0].text


def _svg_to_image(svg: str, scale: int = 8) -> Image.Image:
    """Rasterise segno's SVG (one path of horizontal runs: ``M x y``, ``m dx dy``, ``h n``)."""
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    height = int(re.search(r'height="(\d+)"', svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    image = Image.new("L", (width * scale, height * scale), 255)
    x = y = 0.0
    for command, args in re.findall(r"([MmHhVv])([-\d. ]+)", path):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            row = int(y)
            for column in range(int(x), int(x + numbers[0])):
                for dy in range(scale):
                    for dx in range(scale):
                        image.putpixel((column * scale + dx, row * scale + dy), 0)
            x += numbers[0]
        else:
            raise AssertionError(f"unexpected path command {command}")
    return image


def test_the_svg_qr_code_decodes_back_to_the_payload():
    text = payload(TransferRequest("970436", "1023456789", 450_000, "HCS7K2MQ9XD"))
    svg = vietqr.qr_svg(text)
    assert svg.startswith("<svg") and "viewBox" in svg
    assert _decode(_svg_to_image(vietqr.qr_svg(text, for_raster=True))) == text


def test_the_published_vector_as_a_png_decodes_back():
    out = io.BytesIO()
    segno.make(PUBLISHED, error="m", micro=False).save(out, kind="png", scale=6, border=4)
    out.seek(0)
    assert _decode(Image.open(out)) == PUBLISHED


def test_a_newer_bank_list_replaces_the_shipped_one_only_when_valid(tmp_path):
    from bookings.payments import banks

    target = tmp_path / "napas_banks.json"
    target.write_text('{"banks": [{"bin": "970436", "short_name": "VCB", "name": "x"}]}')
    source = tmp_path / "vietqr.json"
    source.write_text(
        '{"code": "00", "data": [{"bin": "970436", "shortName": "Vietcombank", '
        '"name": "Ngân hàng TMCP Ngoại Thương Việt Nam"}, {"bin": "970999", '
        '"shortName": "NewBank", "name": "Ngân hàng Mới"}]}',
        encoding="utf-8",
    )
    assert banks.import_banks(source, target) == 2
    assert "NewBank" in target.read_text(encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"data": [{"bin": "97", "shortName": "X", "name": "Y"}]}')
    with pytest.raises(ValueError):
        banks.import_banks(broken, target)
    assert "NewBank" in target.read_text(encoding="utf-8")
