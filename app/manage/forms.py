"""Forms of the staff area."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length


class AppointForm(FlaskForm):
    email = EmailField(
        _l("Their account's email"),
        validators=[InputRequired(), Length(max=254)],
        description=_l("They need an account first: ask them to register."),
    )
    role = SelectField(
        _l("Role"), choices=[SelectChoice("staff", _l("Staff")), SelectChoice("owner", _l("Owner"))]
    )
