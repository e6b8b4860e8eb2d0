"""Errors as people and programs expect them: JSON under /api/, translated pages elsewhere."""

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app import metrics
from app.i18n import translate, translate_fields
from app.params import InvalidParams
from app.security import login_manager
from bookings.errors import BookingError, CardUnavailable, TransferUnavailable

log = logging.getLogger(__name__)

#: HTTP status of each domain error code.
STATUS_BY_CODE = {
    "invalid": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "sold_out": 409,
    "already_booked": 409,
    "session_closed": 409,
    "too_late": 409,
    "email_taken": 409,
    "not_active": 409,
    "no_offer": 409,
    "too_many_holds": 409,
    "invalid_signature": 400,
    "payment_unavailable": 503,
    "not_confirmed": 409,
    "not_started": 409,
    "rate_limited": 429,
    "too_many_tokens": 409,
}

#: API code of a plain HTTP error.
CODE_BY_STATUS = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def wants_json() -> bool:
    """The API and the payment provider's webhook answer JSON; pages answer HTML."""
    return request.path.startswith(("/api/", "/payments/stripe/webhook", "/webhooks/"))


def api_error(status: int, code: str, message: str, fields: dict[str, str] | None = None):
    body: dict = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(error=body), status


def _challenge() -> str:
    """The scheme a 401 asks for: a space's key on the bank-notification address, a token on
    the API."""
    if request.path.startswith("/webhooks/bank/"):
        return 'Apikey realm="bank-notifications"'
    return 'Bearer realm="api"'


def _page(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title, message=message), status


def _with_headers_of(error: HTTPException, answer: tuple):
    """Keep what the HTTP error says in its headers (``Allow`` of a 405, ``Retry-After`` of a
    429, ``WWW-Authenticate``) on the answer that replaces its body."""
    response, status = answer
    response = make_response(response, status)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _refuse_nul_characters() -> None:
    """No text holding a NUL character reaches the database (PostgreSQL refuses it in the
    middle of a use case): a query or form field with one is a 400 naming it. JSON bodies are
    checked by their reader (``app.api.body``)."""
    sources = [request.args]
    if request.mimetype in _FORMS:  # a JSON body is not parsed as a form here
        sources.append(request.form)
    fields = {
        name.replace("\x00", ""): _("must not contain a NUL character")
        for source in sources
        for name, value in source.items(multi=True)
        if "\x00" in name or "\x00" in value
    }
    if fields:
        raise InvalidParams(fields)


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)

    @app.errorhandler(InvalidParams)
    def invalid_params(error: InvalidParams):
        if wants_json():
            return api_error(400, "invalid", _("Some parameters are not valid."), error.fields)
        return _page(400, _("Some filters are not valid"), "; ".join(error.fields.values()))

    @app.errorhandler(BookingError)
    def booking_error(error: BookingError):
        metrics.count_refusal(error.code)
        status = STATUS_BY_CODE.get(error.code, 409)
        if isinstance(error, TransferUnavailable | CardUnavailable):
            status = 409  # not an outage: this way of paying is not offered here
        if wants_json():
            response = api_error(
                status, error.code, translate(error.message), translate_fields(error.fields)
            )
            if status == 401:
                response[0].headers["WWW-Authenticate"] = _challenge()
            return response
        if status == 401:
            return login_manager.unauthorized()
        if status == 404:
            return _page(404, _("Page not found"), _("We could not find that page."))
        if status == 403:
            return _page(403, _("You cannot open this page"), translate(error.message))
        return _page(status, _("That did not work"), translate(error.message))

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        if wants_json():
            return api_error(400, "invalid", "missing or invalid CSRF token")
        return _page(
            400,
            _("This form has expired"),
            _(
                "For your safety, forms work only for a while and only from this site. "
                "Please go back, reload the page and send it again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if wants_json():
            code = CODE_BY_STATUS.get(status, "error" if status < 500 else "internal")
            api_messages = {
                400: _("The request is not valid."),
                401: _("Please log in first."),
                403: _("You are not allowed to do that."),
                404: _("We could not find that."),
                405: _(
                    "This address does not accept the %(method)s method.", method=request.method
                ),
                413: _("The request is too large."),
                415: _("Send the body as JSON (Content-Type: application/json)."),
                429: _("Too many attempts; please wait, then retry."),
            }
            response = api_error(status, code, api_messages.get(status, _("Something went wrong.")))
            return _with_headers_of(error, response)
        titles = {
            403: _("You cannot open this page"),
            404: _("Page not found"),
            405: _("That did not work"),
            429: _("Too many attempts"),
        }
        messages = {
            403: _("This page belongs to someone else, or you need to log in first."),
            404: _("We could not find that page. It may have moved or never existed."),
            405: _(
                "This address cannot be opened that way (it answers a form's button only). "
                "Please go back and use the page's buttons."
            ),
            429: _("You have made too many attempts. Please wait a minute, then try again."),
        }
        return _with_headers_of(
            error,
            _page(
                status,
                titles.get(status, _("Something went wrong")),
                messages.get(status, _("Please go back and try again.")),
            ),
        )

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return api_error(
                500,
                "internal",
                _("Something went wrong on our side. Nothing was changed; please try again."),
            )
        return _page(
            500,
            _("Something went wrong"),
            _("Something went wrong on our side. Nothing was changed; please try again."),
        )
