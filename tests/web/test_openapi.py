"""The OpenAPI document is valid and describes every endpoint the app serves under /api/v1."""

import re

import pytest
from openapi_spec_validator import validate

#: The document and the URL map: the same on either database (the SQLite pass runs it).
pytestmark = pytest.mark.agnostic


def test_the_document_is_valid_openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.get_json())


def test_every_api_route_is_described(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    described = {(path, method.upper()) for path, item in paths.items() for method in item}
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        served |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served == described
