"""Passwords: the rules a new password must meet, and argon2id hashing.

Hashing uses OWASP's recommended argon2id parameters (19 MiB, 2 passes, 1 lane): about 25 ms on
this kind of machine, and little memory per web worker.
"""

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bookings.errors import N_, InvalidInput, Message
from models.text import fold

MIN_LENGTH = 10
MAX_LENGTH = 256

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

#: Verified when an email matches no account, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("an account that does not exist")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing hash still costs one verification."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of zxcvbn's leaked-password list, long ones only.

    zxcvbn's word lists take about 13 MB: they are loaded by the first password check, not by
    every worker at start-up.
    """
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p for p in FREQUENCY_LISTS["passwords"] if len(p) >= MIN_LENGTH)


#: zxcvbn's score (0-4) a password needs: 2 resists online guessing (10^8 guesses and more).
MIN_STRENGTH = 2


def _looks_guessable(password: str, personal: tuple[str, ...]) -> bool:
    folded = password.casefold()
    if folded in _common_passwords():
        return True
    plain = fold(password).replace(" ", "")
    if any(len(part) >= 4 and part in plain for part in personal):
        return True
    # Patterns (keyboard rows, sequences, repeats, dates, l33t words): zxcvbn's estimate.
    from zxcvbn import zxcvbn

    return zxcvbn(password[:100], user_inputs=list(personal))["score"] < MIN_STRENGTH


def check_new_password(password: str, *, email: str = "", name: str = "") -> None:
    """Raise ``InvalidInput`` on ``password`` unless it is long enough and not easily guessed.

    Refused: fewer than ``MIN_LENGTH`` characters, more than ``MAX_LENGTH``, one of the most
    common passwords (ignoring case), containing the person's email name or a part of their name,
    or made of patterns zxcvbn guesses quickly (``1234567890ab``, ``qwertyuiop``, ``aaaaaaaaaaaa``).
    """
    if len(password) < MIN_LENGTH:
        message = Message(N_("must have at least %(n)d characters"), {"n": MIN_LENGTH})
    elif len(password) > MAX_LENGTH:
        message = Message(N_("must have at most %(n)d characters"), {"n": MAX_LENGTH})
    elif _looks_guessable(password, _personal_words(email, name)):
        message = Message(N_("is too easy to guess; try a few unrelated words"))
    else:
        return
    raise InvalidInput({"password": message})


def _personal_words(email: str, name: str) -> tuple[str, ...]:
    """The email's name, each part of the name and the whole name, folded (Hương: huong)."""
    local_part = email.split("@", 1)[0]
    words = (local_part, *name.split(), name.replace(" ", ""))
    return tuple(fold(word) for word in words if word)
