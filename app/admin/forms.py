"""The admin's form of a member space."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.forms import ContactForm, MultiCheckboxField


class SpaceForm(ContactForm):
    slug = StringField(
        _l("Address name"),
        validators=[Length(max=80)],
        description=_l("Lowercase letters, digits and dashes: /spaces/…"),
    )
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"))
    district = SelectField(_l("District"))
    address = StringField(_l("Address"), validators=[InputRequired(), Length(max=300)])
    disciplines = MultiCheckboxField(_l("Disciplines"))
    description = TextAreaField(_l("Description (Vietnamese)"), validators=[Length(max=10_000)])
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Length(max=10_000)], render_kw={"lang": "en"}
    )
    website = StringField(_l("Website"), validators=[Length(max=300)])
    member_since = DateField(_l("Member since"), validators=[Optional()])
    certificate_number = StringField(_l("Certificate number"), validators=[Length(max=40)])
