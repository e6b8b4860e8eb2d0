"""Hypothesis profiles, chosen with ``HYPOTHESIS_PROFILE`` (a pytest plugin: tests/conftest.py).

- ``ci`` (the default): what `make test` runs on a 2-core machine; the booking state machine
  stays under about a minute on each database. Derandomized: the same examples on every run, so
  that a change is judged by what it changed, never by the luck of the draw (a random walk once
  failed a landing on a flaw of the test's own model that had been there for weeks).
- ``nightly``: twenty times the examples and longer walks, from a fresh random seed each run:
  the exploration, for a run that has the time.

Both print the blob that replays a failure (``@reproduce_failure``) and have no deadline (the
state machine's steps run on a real database, whose timings vary).
"""

import os

from hypothesis import settings

settings.register_profile(
    "ci",
    max_examples=100,
    stateful_step_count=30,
    deadline=None,
    print_blob=True,
    derandomize=True,
)
settings.register_profile(
    "nightly", max_examples=2000, stateful_step_count=80, deadline=None, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
