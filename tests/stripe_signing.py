"""Stripe's webhook signature, computed offline: ``t=<ts>,v1=<HMAC-SHA256(secret, "ts.body")>``.

Shared by the local Stripe (``tests.stripe_fake``) and the tests that deliver webhooks themselves.
"""

import hashlib
import hmac
import time


def signature_header(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"
