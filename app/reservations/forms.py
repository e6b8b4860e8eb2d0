"""The booking form of a session's page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional


class BookForm(FlaskForm):
    seats = IntegerField(_l("Seats"), validators=[InputRequired(), NumberRange(min=1, max=1000)])
    payment = RadioField(
        _l("How will you pay?"),
        choices=[
            SelectChoice("card", _l("By card now")),
            SelectChoice("at_venue", _l("At the venue")),
        ],
        validators=[Optional()],
        validate_choice=False,
    )
    join_waitlist = BooleanField(_l("Join the waiting list if it is full"))
