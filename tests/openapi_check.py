"""Every answer the suite gets from /api/v1 is held to the API's own OpenAPI document.

A pytest plugin (``pytest_plugins`` in tests/conftest.py): while the tests run, Flask's test
client checks each response to a request under ``/api/v1/`` as it passes, and raises
``OpenApiMismatch`` (an AssertionError, so the test fails where it made the request) when

- the path and method match no operation of the document and the answer is not an ``Error``;
- the operation does not describe the status it answered with;
- the body is not JSON where the document promises JSON (or is not empty where it promises none);
- the JSON does not validate against the schema of that operation and status (formats included:
  ``date-time``, ``date``, ``email``).

The document is read from the app itself (``GET /api/v1/openapi.json``), once per app.
"""

import re
import weakref
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

PREFIX = "/api/v1"
DOCUMENT_URI = "urn:hcsn:openapi"


class OpenApiMismatch(AssertionError):
    """An /api/v1 answer that its OpenAPI document does not describe."""


@dataclass(frozen=True)
class Operation:
    template: str
    pattern: re.Pattern
    literal_segments: int
    responses: dict


class Contract:
    """The operations of one app's OpenAPI document, and a validator for its schemas."""

    def __init__(self, document: dict) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(DOCUMENT_URI, resource)
        self.operations: dict[str, list[Operation]] = {}
        for template, item in document["paths"].items():
            pattern = re.compile(
                "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
            )
            literal = sum(1 for part in template.split("/") if part and "{" not in part)
            for method, operation in item.items():
                self.operations.setdefault(method.upper(), []).append(
                    Operation(template, pattern, literal, operation["responses"])
                )

    def operation(self, method: str, path: str) -> Operation | None:
        found = [op for op in self.operations.get(method, ()) if op.pattern.match(path)]
        return max(found, key=lambda op: op.literal_segments, default=None)

    def errors(self, pointer: str, instance) -> list:
        """What is wrong with ``instance`` under the schema at ``pointer`` in the document."""
        validator = OAS31Validator(
            {"$ref": f"{DOCUMENT_URI}#{pointer}"},
            registry=self.registry,
            format_checker=OAS31Validator.FORMAT_CHECKER,
        )
        return list(validator.iter_errors(instance))


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _described(responses: dict, status: int) -> str | None:
    """The key of ``responses`` that describes ``status``, if any."""
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            return key
    return None


def check(contract: Contract, method: str, path: str, response) -> None:
    """Raise OpenApiMismatch unless ``response`` is what the document says ``method path``
    answers."""
    where = f"{method} {path} -> {response.status_code}"
    operation = contract.operation(method, path.removeprefix(PREFIX))
    body = response.get_data()
    if operation is None:  # no such endpoint: the answer is an error, in the one error shape
        documented = {"content": {"application/json": {"schema": {}}}}
        pointer = "/components/schemas/Error"
    else:
        key = _described(operation.responses, response.status_code)
        if key is None:
            raise OpenApiMismatch(
                f"{where}: status {response.status_code} is not described for "
                f"{method} {operation.template} (described: {sorted(operation.responses)})"
            )
        documented = operation.responses[key]
        pointer = "/".join(
            [
                "/paths",
                _escape(operation.template),
                method.lower(),
                "responses",
                key,
                "content",
                _escape("application/json"),
                "schema",
            ]
        )
    content = documented.get("content")
    if not content:
        if body:
            raise OpenApiMismatch(f"{where}: the document promises no body, got {body[:200]!r}")
        return
    if "application/json" not in content:
        return
    if not response.is_json:
        raise OpenApiMismatch(f"{where}: {response.mimetype} instead of JSON: {body[:200]!r}")
    if "schema" not in content["application/json"]:
        return
    errors = contract.errors(pointer, response.get_json())
    if errors:
        worst = best_match(errors)
        at = "/".join(str(part) for part in worst.absolute_path) or "(the body)"
        raise OpenApiMismatch(
            f"{where}: at {at}: {worst.message} ({len(errors)} problem(s)); "
            f"body: {response.get_data(as_text=True)[:500]}"
        )


_contracts: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def contract_of(app, original_open) -> Contract:
    if app not in _contracts:
        client = FlaskClient(app, app.response_class, use_cookies=False)
        answer = original_open(client, PREFIX + "/openapi.json")
        assert answer.status_code == 200, "the OpenAPI document is not served"
        _contracts[app] = Contract(answer.get_json())
    return _contracts[app]


def _method_and_path(args, kwargs) -> tuple[str, str] | None:
    """The method and path of a test-client request, whichever form it was given in."""
    first = args[0] if args else kwargs.get("path", "/")
    if isinstance(first, str):
        return (kwargs.get("method") or "GET").upper(), first.split("?", 1)[0]
    if hasattr(first, "method") and hasattr(first, "path"):  # an EnvironBuilder or a Request
        return first.method.upper(), first.path
    if isinstance(first, dict) and "PATH_INFO" in first:  # a WSGI environ
        return first.get("REQUEST_METHOD", "GET").upper(), first["PATH_INFO"]
    return None


@pytest.fixture(scope="session", autouse=True)
def _api_answers_match_the_openapi_document():
    original_open = FlaskClient.open

    def open_and_check(self, *args, **kwargs):
        response = original_open(self, *args, **kwargs)
        request_line = _method_and_path(args, kwargs)
        if request_line is None:
            return response
        method, path = request_line
        if not path.startswith(PREFIX + "/") or method in ("HEAD", "OPTIONS"):
            return response
        if kwargs.get("follow_redirects"):
            return response
        check(contract_of(self.application, original_open), method, path, response)
        return response

    FlaskClient.open = open_and_check
    try:
        yield
    finally:
        FlaskClient.open = original_open
