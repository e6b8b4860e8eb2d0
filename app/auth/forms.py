"""The account forms. Fields are parsed here; the rules live in ``bookings.accounts``."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from bookings.accounts.passwords import MAX_LENGTH, MIN_LENGTH

#: Each language in its own words (marked so, for screen readers and translators).
LANGUAGE_CHOICES = [
    SelectChoice("vi", "Tiếng Việt", render_kw={"lang": "vi"}),
    SelectChoice("en", "English", render_kw={"lang": "en"}),
]


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=1000)])
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


class RegisterForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[InputRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(), Length(max=MAX_LENGTH)],
        description=_l("At least %(n)d characters; a few unrelated words work well.", n=MIN_LENGTH),
    )
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    #: Consent is a box the person ticks (never ticked for them): Decree 13/2023, article 11.
    privacy_notice = BooleanField(
        _l("I have read the privacy notice and agree to it"),
        validators=[
            DataRequired(
                message=_l("Tick the box to agree to the privacy notice: an account needs it.")
            )
        ],
    )
    next = HiddenField()


class AgreeForm(FlaskForm):
    """A signed-in person agrees to the notice in force (its version, so that an old page
    agrees to nothing newer)."""

    version = HiddenField()
    next = HiddenField()


class ProfileForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[InputRequired(), Length(max=120)])
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    mail_reminders = BooleanField(_l("Email me a reminder the day before a session"))
    mail_summaries = BooleanField(_l("Staff: email me a morning summary of today's sessions"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password, to confirm"), validators=[InputRequired(), Length(max=1000)]
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[InputRequired(), Length(max=1000)]
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[InputRequired(), Length(max=MAX_LENGTH)],
        description=_l("At least %(n)d characters; a few unrelated words work well.", n=MIN_LENGTH),
    )


class TokenForm(FlaskForm):
    label = StringField(_l("Name of the token"), validators=[InputRequired(), Length(max=80)])
