"""Password rules and hashing."""

import pytest

from bookings.accounts import passwords
from bookings.errors import InvalidInput


@pytest.mark.parametrize(
    "password",
    [
        "short",  # under 10 characters
        "x" * 257,  # over 256
        "1234567890",  # the most common passwords, in any case
        "PASSWORD123",
        "qwertyuiop",
        "1qaz2wsx3edc",  # a keyboard walk
        "aaaaaaaaaaaa",  # repeats
        "abcdefghijkl",  # sequences
        "lan.nguyen.1990",  # the email's name
        "thuhuong2024!",  # part of the person's name
    ],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(InvalidInput) as refused:
        passwords.check_new_password(
            password, email="lan.nguyen.1990@example.com", name="Thu Hương"
        )
    assert set(refused.value.fields) == {"password"}


@pytest.mark.parametrize(
    "password",
    ["ceramic wheels turn slowly", "gốm bát tràng dưới mưa", "Tôi thích in lụa!", "x7#Lq9!vR2&m"],
)
def test_good_passwords_pass(password):
    passwords.check_new_password(password, email="lan@example.com", name="Nguyễn Lan")


def test_the_message_says_how_long_a_password_must_be():
    with pytest.raises(InvalidInput) as refused:
        passwords.check_new_password("short")
    assert str(refused.value.fields["password"]) == "must have at least 10 characters"


def test_hashes_are_argon2id_salted_and_verify():
    first = passwords.hash_password("gốm bát tràng")
    second = passwords.hash_password("gốm bát tràng")
    assert first.startswith("$argon2id$") and first != second
    assert "gốm" not in first
    assert passwords.verify_password(first, "gốm bát tràng")
    assert not passwords.verify_password(first, "gom bat trang")
    assert not passwords.verify_password("not a hash", "gốm bát tràng")
    assert not passwords.verify_password(None, "an account that does not exist")


def test_weaker_old_hashes_are_recognised_for_rehashing():
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("whatever it is")
    assert passwords.needs_rehash(old)
    assert not passwords.needs_rehash(passwords.hash_password("whatever it is"))
