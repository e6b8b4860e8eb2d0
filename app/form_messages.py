"""The form library's own messages, in this app's catalogues.

WTForms ships no Vietnamese, so its messages are extracted here (pybabel reads the calls below)
and translated with every other string; ``i18n.init_app`` hands the request's catalogue to the
form library. The English catalogue may say them more plainly than the library does.
``tests/web/test_form_messages.py`` checks that every message the forms can produce is here,
translated.
"""

from bookings.errors import N_


def ngettext(singular: str, plural: str, n: int) -> tuple[str, str]:
    """Mark a plural message for extraction (the form library asks for it when it needs it)."""
    return singular, plural


MESSAGES = (
    N_("This field is required."),
    N_("Not a valid integer value."),
    N_("Not a valid date value."),
    N_("Not a valid time value."),
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        1,
    ),
    ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        1,
    ),
    ngettext(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
        1,
    ),
    ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
        1,
    ),
)
