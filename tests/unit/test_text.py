"""Search folding: case and Vietnamese diacritics never stand between a person and a class."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.text import fold, slugify


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("gom", "Gốm"),
        ("in lua", "In lụa"),
        ("dong", "Đông"),
        ("DONG", "đông"),
        ("nen thom", "Nến thơm"),
        ("hoi quan quang dong", "Hội quán Quảng Đông"),
        ("gốm", "GỐM"),
    ],
)
def test_what_people_type_folds_like_what_spaces_wrote(typed, stored):
    assert fold(typed) == fold(stored)


def test_fold_lowercases_strips_marks_and_collapses_space():
    assert fold("  Xưởng   GỐM\tBát Tràng ") == "xuong gom bat trang"


def test_fold_of_nothing_is_empty():
    assert fold(None) == ""
    assert fold("") == ""


def test_decomposed_and_composed_input_fold_alike():
    import unicodedata

    text = "Hội hoạ Đống Đa"
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


def test_slugify_makes_district_codes():
    assert slugify("Hoàn Kiếm") == "hoan-kiem"
    assert slugify("  Đống Đa ") == "dong-da"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


VIETNAMESE_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxy áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)


@given(st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()))
def test_folded_vietnamese_is_plain_ascii(text):
    assert fold(text).isascii()
