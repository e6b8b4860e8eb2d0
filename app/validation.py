"""Forms show every error at once: the form library's checks and the domain's rules together.

A form whose library checks fail never reaches its use case, so the domain's rules (a price
below what a card accepts, a password too easy to guess …) would only show on the next try. The
views also run the domain's checks that write nothing (``publishing.draft_errors`` …) and put
what they find beside the fields the library found nothing wrong with.
"""

from collections.abc import Mapping

from flask_wtf import FlaskForm

from app.i18n import translate
from bookings.errors import Message


def add_domain_errors(form: FlaskForm, errors: Mapping[str, Message]) -> None:
    """Each domain error beside its field, unless that field has an error already (one thing
    to fix at a time per field); errors about no field of the form go above it."""
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is None:
            form.form_errors.append(translate(message))
        elif not field.errors:
            field.errors = [translate(message)]


def valid(form: FlaskForm, domain_errors) -> bool:
    """True when the submitted form passes the library's checks and ``domain_errors()`` (a
    callable returning the domain's field errors) finds nothing; every error found is put on
    the form. False for a form that was not submitted."""
    if not form.is_submitted():
        return False
    library_valid = form.validate()
    add_domain_errors(form, domain_errors())
    return library_valid and not form.errors and not form.form_errors
