"""Every message the form library can give on our forms is in Vietnamese.

Each form of the app is filled with wrong values of every kind (nothing, words for numbers and
dates, numbers out of range, far too long texts, choices not offered); every message WTForms
asks the catalogue for is recorded, and each must have a Vietnamese translation. The forms are
found through ``FlaskForm.__subclasses__``: a new form is checked without being listed here.
"""

import pytest
from babel.support import Translations
from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from app.i18n import translations
from tests.forms import post_form

#: One pass (the SQLite one) runs this file: the form library's messages and their translations: no
#: database behaviour.
pytestmark = pytest.mark.once

#: Wrong values, tried in turn in every field at once.
WRONG = ["", "abc", "-5", "99999999999", "x" * 20_000, "2026-13-45", "25:99", "not-offered"]


class Recording:
    """The request's catalogue, noting every message the form library asks for."""

    def __init__(self, catalogue: Translations) -> None:
        self.catalogue = catalogue
        self.asked: set[tuple[str, ...]] = set()
        self.listening = False

    def ugettext(self, string):
        if self.listening:
            self.asked.add((string,))
        return self.catalogue.ugettext(string)

    def ungettext(self, singular, plural, n):
        if self.listening:
            self.asked.add((singular, plural))
        return self.catalogue.ungettext(singular, plural, n)


def _forms() -> list[type[FlaskForm]]:
    found, todo = [], list(FlaskForm.__subclasses__())
    while todo:
        form = todo.pop()
        found.append(form)
        todo.extend(form.__subclasses__())
    return sorted(found, key=lambda form: form.__qualname__)


def _fill_choices(form: FlaskForm) -> None:
    """Views give some select fields their choices; give them a few, as the views do."""
    for field in form:
        if getattr(field, "choices", "") is None:
            field.choices = [("a", "A"), ("b", "B")]


@pytest.fixture(scope="module")
def asked(app):
    recorder = Recording(translations_for(app, "vi"))
    forms = _forms()
    assert len(forms) >= 10, [form.__qualname__ for form in forms]
    with app.test_request_context(method="POST", headers={"Accept-Language": "vi"}):
        app.preprocess_request()
        request.wtforms_translations = recorder
        names = set()
        for form_class in forms:
            for wrong in WRONG:
                fields = [field.name for field in form_class(meta={"csrf": False}, formdata=None)]
                names.update(fields)
                recorder.listening = True  # the values are read as the form is built
                form = form_class(
                    meta={"csrf": False}, formdata=MultiDict([(name, wrong) for name in fields])
                )
                _fill_choices(form)
                form.validate()
                recorder.listening = False
    # Fields without a label ask for one made of their name ("Next"), which no page shows.
    return recorder.asked - {(name.replace("_", " ").title(),) for name in names}


def translations_for(app, language: str) -> Translations:
    with app.app_context():
        return translations(language)


def test_the_forms_ask_for_the_messages_we_expect(asked):
    """The recording works: the usual suspects are among what was asked."""
    singular = {message[0] for message in asked}
    assert {
        "This field is required.",
        "Not a valid integer value.",
        "Not a valid date value.",
        "Not a valid time value.",
        "Not a valid choice.",
        "Number must be at least %(min)s.",
        "Field cannot be longer than %(max)d character.",
    } <= singular


def test_every_message_of_the_form_library_in_use_has_a_vietnamese_translation(app, asked):
    vi = translations_for(app, "vi")
    untranslated = []
    for message in sorted(asked):
        if len(message) == 1:
            translated = vi.ugettext(message[0])
            same = translated == message[0]
        else:
            singular, plural = message
            translated = vi.ungettext(singular, plural, 1)
            same = translated in (singular, plural)
        if same or not translated:
            untranslated.append(message[0])
    assert untranslated == []


def test_a_vietnamese_page_gives_the_form_library_its_catalogue(client):
    response = post_form(
        client, "/login", {"email": "", "password": ""}, headers={"Accept-Language": "vi"}
    )
    page = response.get_data(as_text=True)
    assert "Vui lòng điền mục này." in page
    assert "This field is required." not in page and "Please fill this in." not in page
