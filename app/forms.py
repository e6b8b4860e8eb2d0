"""What every area's pages share: the forms more than one blueprint shows, and how a refusal of
the domain reaches the person (beside a form's fields, or as a message above the page)."""

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.i18n import translate
from bookings.errors import BookingError
from bookings.payments.banks import all_banks
from models.statuses import PaymentMethod


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (weekdays, disciplines)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ContactForm(FlaskForm):
    """How people reach a space: shown on its page and on every ticket."""

    phone = StringField(
        _l("Phone"),
        validators=[Length(max=40)],
        description=_l("As people dial it, such as 024 3823 4567."),
    )
    email = EmailField(_l("Email"), validators=[Length(max=254)])
    messenger_url = StringField(
        _l("Chat link (Zalo, Messenger …)"),
        validators=[Length(max=300)],
        description=_l("A link that opens a chat with the space, such as https://zalo.me/…"),
    )


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token: logging out, revoking, removing."""


class BookForm(FlaskForm):
    """The booking form of a session's page (posted to the reservations' ``book``)."""

    seats = IntegerField(_l("Seats"), validators=[InputRequired(), NumberRange(min=1, max=1000)])
    payment = RadioField(
        _l("How will you pay?"),
        choices=[
            SelectChoice(PaymentMethod.BANK_TRANSFER, _l("Bank transfer (VietQR)")),
            SelectChoice(PaymentMethod.CARD, _l("By card now")),
            SelectChoice(PaymentMethod.AT_VENUE, _l("At the venue")),
        ],
        validators=[Optional()],
        validate_choice=False,
    )
    join_waitlist = BooleanField(_l("Join the waiting list if it is full"))


def _bank_choices() -> list[tuple[str, str]]:
    return [("", _l("Choose a bank"))] + [
        (bank.bin, f"{bank.short_name} · {bank.name}") for bank in all_banks()
    ]


class BankAccountForm(FlaskForm):
    """A bank account in Vietnam: a space's payee, or where a person's refund goes."""

    bank_bin = SelectField(_l("Bank"), choices=_bank_choices, validators=[InputRequired()])
    account_number = StringField(
        _l("Account number"),
        validators=[InputRequired(), Length(min=6, max=19)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    account_name = StringField(
        _l("Account holder, as the bank shows it"),
        validators=[InputRequired(), Length(max=100)],
        render_kw={"autocomplete": "off"},
    )


def show_errors(form: FlaskForm, error: BookingError) -> None:
    """Put the domain's field errors beside the form's fields (or above the form)."""
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is None:
            form.form_errors.append(translate(message))
        else:
            field.errors = [*field.errors, translate(message)]


def flash_refusal(error: BookingError) -> None:
    """Say above the page why an action was refused, with what is wrong with each field."""
    details = [translate(message) for message in error.fields.values()]
    flash(" ".join([translate(error.message), *details]), "error")
