"""Stripe's published OpenAPI description, as far as the local Stripe needs it.

The tests hold ``tests.stripe_fake`` to the schemas Stripe publishes (github.com/stripe/openapi)
for the objects it returns and the events it sends. This module took them from a clone of that
repository, at the commit pinned below, and keeps the schemas those objects need (with their
``$ref`` closure) in tests/data/ (committed, so that every machine runs the check without the
network; Stripe publishes the description under the MIT licence). To move the pin: clone
github.com/stripe/openapi, change ``COMMIT``/``SPEC_VERSION``, and run
``python -m tests.stripe_openapi --repository PATH/TO/CLONE``.

The pin. The installed SDK (stripe 16.x) speaks API version ``SDK_API_VERSION``. The snapshot
of the repository available here ends in August 2026 (its newest release is for 2026-07-29),
so no spec of the SDK's own version exists in it; and every spec file of 4 MiB or more is absent
from the snapshot, which leaves none newer than September 2023. The nearest available file is
``openapi/spec3.yaml`` at ``COMMIT``, describing API version ``SPEC_VERSION``: the shapes of
Checkout Sessions, PaymentIntents, Refunds, Charges, lists, errors and Events the fake has to
match are checked against it. (Fields Stripe added since then are not required by it.)

Expandable fields (``x-expansionResources``) are kept as what Stripe returns when nobody asks
for the expansion, which neither the app nor the fake does: the object's id. ``nullable`` beside
``anyOf`` or ``enum`` admits null there too, as Stripe means it.
"""

import argparse
import json
import os
import subprocess
from functools import cache
from pathlib import Path

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

#: The API version of the installed ``stripe`` SDK when this pin was chosen.
SDK_API_VERSION = "2026-10-28.endive"
#: github.com/stripe/openapi: the newest commit of the snapshot whose spec file is present.
COMMIT = "63a674638635c68de26b9f3add13e58198f4df44"
SPEC_PATH = "openapi/spec3.yaml"
SPEC_VERSION = "2023-08-16"
#: A clone of github.com/stripe/openapi, needed only to rebuild the extract.
REPOSITORY = Path(os.environ.get("STRIPE_OPENAPI_REPOSITORY", "stripe-openapi"))
#: The cache's name changes with what goes into it (the pin, and this extraction's version).
EXTRACTION = 2
CACHE = (
    Path(__file__).parent
    / "data"
    / f"stripe-openapi-{SPEC_VERSION}-{COMMIT[:10]}-{EXTRACTION}.json"
)

#: The objects the fake returns or sends, by their schema in ``components/schemas``.
OBJECTS = ("checkout.session", "payment_intent", "refund", "charge", "event", "error", "item")
#: The operations the app and the tests call on the fake: their 200 answers (lists are
#: described only here, inline).
OPERATIONS = (
    ("post", "/v1/checkout/sessions"),
    ("get", "/v1/checkout/sessions"),
    ("get", "/v1/checkout/sessions/{session}"),
    ("get", "/v1/checkout/sessions/{session}/line_items"),
    ("post", "/v1/checkout/sessions/{session}/expire"),
    ("get", "/v1/payment_intents/{intent}"),
    ("post", "/v1/refunds"),
    ("get", "/v1/refunds"),
)


def _as_served(node):
    """The schema of what Stripe serves: every expandable field as it is when not expanded (an
    id), and ``nullable`` meaning what Stripe means by it also where OpenAPI 3.0 validators read
    it narrowly (beside ``anyOf`` or ``enum``, null is one more allowed value)."""
    if isinstance(node, list):
        return [_as_served(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "x-expansionResources" in node and "anyOf" in node:
        node = {k: v for k, v in node.items() if k != "x-expansionResources"}
        node["anyOf"] = [member for member in node["anyOf"] if "$ref" not in member]
    node = {key: _as_served(value) for key, value in node.items()}
    if node.get("nullable") and "anyOf" in node:
        node["anyOf"] = [*node["anyOf"], {"enum": [None]}]
    if node.get("nullable") and "enum" in node and None not in node["enum"]:
        node["enum"] = [*node["enum"], None]
    return node


def _names(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref.removeprefix("#/components/schemas/"))
        for value in node.values():
            _names(value, found)
    elif isinstance(node, list):
        for value in node:
            _names(value, found)
    return found


def extract(spec: dict) -> dict:
    """The document the tests validate with: the pin, the answers of ``OPERATIONS`` and the
    schemas of ``OBJECTS`` with everything they refer to."""
    schemas = {name: _as_served(schema) for name, schema in spec["components"]["schemas"].items()}
    answers = {
        f"{method.upper()} {path}": _as_served(
            spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
        )
        for method, path in OPERATIONS
    }
    wanted, todo = set(), [*OBJECTS, *_names(answers, set())]
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(_names(schemas[name], set()) - wanted)
    return {
        "source": {
            "repository": "https://github.com/stripe/openapi",
            "commit": COMMIT,
            "path": SPEC_PATH,
            "api_version": spec["info"]["version"],
            "sdk_api_version": SDK_API_VERSION,
        },
        "answers": answers,
        "components": {"schemas": {name: schemas[name] for name in sorted(wanted)}},
    }


def build(repository: Path = REPOSITORY, cache_file: Path = CACHE) -> Path:
    shown = subprocess.run(
        ["git", "-C", str(repository), "show", f"{COMMIT}:{SPEC_PATH}"],
        capture_output=True,
        check=True,
    )
    spec = yaml.load(shown.stdout, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert spec["info"]["version"] == SPEC_VERSION, spec["info"]["version"]
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    partial = cache_file.with_suffix(".part")
    partial.write_text(json.dumps(extract(spec), sort_keys=True))
    partial.replace(cache_file)
    return cache_file


@cache
def document() -> dict:
    return json.loads(CACHE.read_text())


class StripeSchemas:
    """``problems(kind, instance)``: what is wrong with ``instance`` as Stripe describes
    ``kind``, a schema name (``checkout.session``) or an operation (``GET /v1/refunds``)."""

    URI = "urn:stripe:openapi"

    def __init__(self, doc: dict) -> None:
        self.doc = doc
        resource = Resource.from_contents(doc, default_specification=DRAFT4)
        self.registry = Registry().with_resource(self.URI, resource)

    def problems(self, kind: str, instance) -> list[str]:
        if kind in self.doc["answers"]:
            pointer = "/answers/" + kind.replace("~", "~0").replace("/", "~1")
        else:
            assert kind in self.doc["components"]["schemas"], kind
            pointer = f"/components/schemas/{kind}"
        validator = OAS30Validator(
            {"$ref": f"{self.URI}#{pointer}"},
            registry=self.registry,
            format_checker=OAS30Validator.FORMAT_CHECKER,
        )
        return sorted(
            f"{'/'.join(map(str, error.absolute_path)) or '(the object)'}: {error.message}"
            for error in validator.iter_errors(instance)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repository", type=Path, default=REPOSITORY)
    parser.add_argument("--out", type=Path, default=CACHE)
    args = parser.parse_args()
    print(build(args.repository, args.out))


if __name__ == "__main__":
    main()
