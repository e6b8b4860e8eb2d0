"""Forms of the staff area."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Field,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.forms import MultiCheckboxField
from models.workshop import MAX_CAPACITY


class AppointForm(FlaskForm):
    email = EmailField(
        _l("Their account's email"),
        validators=[InputRequired(), Length(max=254)],
        description=_l("They need an account first: ask them to register."),
    )
    role = SelectField(
        _l("Role"), choices=[SelectChoice("staff", _l("Staff")), SelectChoice("owner", _l("Owner"))]
    )


def _optional_int(label, **kwargs):
    return IntegerField(label, validators=[Optional(), NumberRange(min=0)], **kwargs)


class WorkshopForm(FlaskForm):
    """A workshop's fields; the rules (ranges, choices) are checked by ``publishing``."""

    title = StringField(_l("Title (Vietnamese)"), validators=[InputRequired(), Length(max=200)])
    title_en = StringField(
        _l("Title (English)"), validators=[Length(max=200)], render_kw={"lang": "en"}
    )
    description = TextAreaField(_l("Description (Vietnamese)"), validators=[Length(max=10_000)])
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Length(max=10_000)], render_kw={"lang": "en"}
    )
    #: No default: the person chooses (the view puts an empty "choose" option first).
    discipline = SelectField(
        _l("Discipline"), validators=[InputRequired(message=_l("Choose the discipline."))]
    )
    language = SelectField(_l("Taught in"))
    price = IntegerField(
        _l("Price per seat (VND)"),
        validators=[InputRequired(), NumberRange(min=0)],
        default=0,
        description=_l("0 for a free workshop."),
    )
    pay_at_venue = BooleanField(_l("People may pay at the door"))
    bank_transfer = BooleanField(
        _l("People may pay by bank transfer (VietQR) into the space's account"), default=True
    )
    capacity = IntegerField(
        _l("Seats per session"), validators=[InputRequired(), NumberRange(min=1)], default=10
    )
    max_seats_per_booking = IntegerField(
        _l("Most seats in one booking"), validators=[InputRequired(), NumberRange(min=1)], default=6
    )
    duration_minutes = IntegerField(
        _l("Length (minutes)"), validators=[InputRequired(), NumberRange(min=1)], default=120
    )
    booking_cutoff_minutes = IntegerField(
        _l("Booking closes (minutes before the start)"),
        validators=[InputRequired(), NumberRange(min=0)],
        default=0,
    )
    cancellation_deadline_hours = IntegerField(
        _l("Free cancellation until (hours before the start)"),
        validators=[InputRequired(), NumberRange(min=0)],
        default=24,
    )
    min_age = _optional_int(_l("Youngest age it suits"), description=_l("Empty: all ages."))
    what_to_bring = TextAreaField(_l("What to bring (Vietnamese)"), validators=[Length(max=10_000)])
    what_to_bring_en = TextAreaField(
        _l("What to bring (English)"), validators=[Length(max=10_000)], render_kw={"lang": "en"}
    )


class SessionForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired()])
    at = TimeField(_l("Start time (Hanoi)"), validators=[InputRequired()])
    capacity = _optional_int(_l("Seats"), description=_l("Empty: the workshop's number."))


WEEKDAY_CHOICES = [
    SelectChoice(0, _l("Monday")),
    SelectChoice(1, _l("Tuesday")),
    SelectChoice(2, _l("Wednesday")),
    SelectChoice(3, _l("Thursday")),
    SelectChoice(4, _l("Friday")),
    SelectChoice(5, _l("Saturday")),
    SelectChoice(6, _l("Sunday")),
]


class DateListField(Field):
    """Dates sent under one name, by date pickers (``2026-12-24``) or as a list (commas or
    spaces); ``data`` is the sorted dates. Rendered by its template (a picker per date)."""

    def process_formdata(self, valuelist):
        self.data, self.unread = [], []
        for value in valuelist[:200]:
            for word in value.replace(",", " ").split():
                try:
                    self.data.append(date.fromisoformat(word))
                except ValueError:
                    self.unread.append(word)
        self.data = sorted(set(self.data))

    def pre_validate(self, form):
        if getattr(self, "unread", None):
            raise ValidationError(_("Not a date: %(words)s", words=", ".join(self.unread[:5])))


class SeriesForm(FlaskForm):
    weekdays = MultiCheckboxField(_l("On these days"), choices=WEEKDAY_CHOICES, coerce=int)
    at = TimeField(_l("Start time (Hanoi)"), validators=[InputRequired()])
    first_day = DateField(_l("From"), validators=[InputRequired()])
    weeks = _optional_int(_l("Number of weeks"))
    until = DateField(_l("Or until"), validators=[Optional()])
    skip = DateListField(
        _l("Dates to skip"),
        default=list,
        description=_l("Public holidays, a closed week …: pick each date on the calendar."),
    )
    capacity = _optional_int(_l("Seats"), description=_l("Empty: the workshop's number."))
    confirmed = HiddenField()


class MoveForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired()])
    at = TimeField(_l("Start time (Hanoi)"), validators=[InputRequired()])
    duration_minutes = IntegerField(
        _l("Length (minutes)"), validators=[InputRequired(), NumberRange(min=1, max=24 * 60)]
    )
    location = StringField(
        _l("Place, if not at the space's address"),
        validators=[Length(max=300)],
        description=_l("Another room or venue. Empty: at the space's own address."),
    )


class CapacityForm(FlaskForm):
    capacity = IntegerField(
        _l("Seats"), validators=[InputRequired(), NumberRange(min=1, max=MAX_CAPACITY)]
    )


class CancelSessionForm(FlaskForm):
    message = TextAreaField(
        _l("Message to the people booked"),
        validators=[Length(max=1000)],
        description=_l("Every booking is cancelled and paid ones are refunded in full."),
    )


class TicketForm(FlaskForm):
    code = StringField(
        _l("Ticket code"),
        validators=[InputRequired(), Length(max=40)],
        render_kw={"autocapitalize": "characters"},
    )


class WalkInForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    email = EmailField(_l("Email (optional)"), validators=[Optional(), Length(max=254)])
    seats = IntegerField(_l("Seats"), validators=[InputRequired(), NumberRange(min=1)], default=1)
    paid = BooleanField(_l("Paid now"))


class NoteForm(FlaskForm):
    note = StringField(_l("Note"), validators=[Length(max=500)])


class BankReferenceForm(FlaskForm):
    """Staff say money moved, with the bank's own reference of the transfer."""

    bank_reference = StringField(
        _l("The bank's reference of the transfer"),
        validators=[InputRequired(), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )


class AttachForm(FlaskForm):
    """Give an unmatched transfer to a booking waiting for one."""

    booking_id = SelectField(
        _l("Booking"), coerce=int, validators=[InputRequired()], validate_choice=False
    )


class PayosForm(FlaskForm):
    """A space's payOS credentials, as payOS's dashboard shows them (never shown back)."""

    client_id = StringField(
        _l("Client ID"),
        validators=[InputRequired(), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )
    api_key = PasswordField(
        _l("API key"),
        validators=[InputRequired(), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )
    checksum_key = PasswordField(
        _l("Checksum key"),
        validators=[InputRequired(), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )
