"""A local payOS for the tests: the payment-request endpoints the ``payos`` SDK calls, in payOS's
shapes, on 127.0.0.1, with payOS's checks, and payOS's webhooks sent on demand.

- ``POST /v2/payment-requests``: the merchant's ``x-client-id`` and ``x-api-key`` (401 otherwise);
  the request's signature, HMAC-SHA256 with the checksum key over
  ``amount=…&cancelUrl=…&description=…&orderCode=…&returnUrl=…`` (code ``20`` otherwise); a
  description of at most 25 characters, an order code used once (code ``231``), an expiry in
  the future. The answer carries a VietQR payload (``qrCode``) and a checkout address.
- ``GET /v2/payment-requests/{orderCode or id}``: the link with its transactions.
- ``POST /v2/payment-requests/{id}/cancel``: cancelled (a signed reason is checked).
- Every answer's ``data`` is signed as payOS signs it: HMAC-SHA256 over its fields sorted by
  name, ``key=value`` joined by ``&`` (null as empty, lists as compact JSON). This module
  computes signatures itself, from payOS's documentation, never with the SDK's code: the SDK's
  signing and verifying are what the tests check.

Test controls are methods: ``add_merchant``, ``pay`` (money arrives: a transaction, the status
moves), ``send_webhook`` (signed with the checksum key, or forged), and the requests seen.
"""

import hashlib
import hmac
import json
import re
import secrets
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from bookings.payments.vietqr import TransferRequest, payload

CREATE_FIELDS = ("amount", "cancelUrl", "description", "orderCode", "returnUrl")
TRANSACTION_OPTIONAL = (
    "virtualAccountName",
    "virtualAccountNumber",
    "counterAccountBankId",
    "counterAccountBankName",
    "counterAccountName",
    "counterAccountNumber",
)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        items = [dict(sorted(v.items())) if isinstance(v, dict) else v for v in value]
        return json.dumps(items, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def sign_data(data: dict, key: str) -> str:
    """payOS's signature of an object: its fields sorted by name as ``k=v&k=v``."""
    text = "&".join(f"{name}={_text(data[name])}" for name in sorted(data))
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def sign_request(data: dict, key: str) -> str:
    """payOS's signature of a payment request: five fields in a fixed order."""
    text = "&".join(f"{name}={_text(data.get(name))}" for name in CREATE_FIELDS)
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def _now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


class FakePayOS:
    """The server's state and its test controls."""

    def __init__(self) -> None:
        self.merchants: dict[str, dict] = {}
        self.links: dict[tuple[str, int], dict] = {}
        #: ``(method, path, client_id)`` of every request, in order.
        self.seen: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()
        self.fail_next: int = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> "FakePayOS":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def add_merchant(self, *, account_number="0011001932418", bank_bin="970415") -> dict:
        """A payOS merchant (its credentials, as its dashboard shows them)."""
        merchant = {
            "client_id": "cid-" + secrets.token_hex(8),
            "api_key": "ak-" + secrets.token_hex(16),
            "checksum_key": "ck-" + secrets.token_hex(24),
            "bin": bank_bin,
            "account_number": account_number,
            "account_name": "NHA SAN STUDIO",
        }
        self.merchants[merchant["client_id"]] = merchant
        return merchant

    def link(self, client_id: str, order_code: int) -> dict:
        return self.links[(client_id, order_code)]

    def cancels(self) -> list[str]:
        return [path for method, path, _ in self.seen if path.endswith("/cancel")]

    def pay(self, client_id: str, order_code: int, amount: int) -> dict:
        """Money arrives for the link: a transaction, and the status payOS would show."""
        with self.lock:
            link = self.link(client_id, order_code)
            merchant = self.merchants[client_id]
            transaction = {
                "reference": "FT" + secrets.token_hex(6).upper(),
                "amount": amount,
                "accountNumber": merchant["account_number"],
                "description": f"CT {link['description']}",
                "transactionDateTime": _now_text(),
                **dict.fromkeys(TRANSACTION_OPTIONAL),
            }
            link["transactions"].append(transaction)
            link["amountPaid"] += amount
            link["amountRemaining"] = max(link["amount"] - link["amountPaid"], 0)
            link["status"] = "PAID" if link["amountRemaining"] == 0 else "UNDERPAID"
            return transaction

    def webhook_body(self, client_id, order_code, *, transaction=None, forged=False) -> dict:
        """payOS's webhook about the link: its data signed with the checksum key (or not)."""
        merchant, link = self.merchants[client_id], self.link(client_id, order_code)
        transaction = transaction or {
            "reference": "FT" + secrets.token_hex(6).upper(),
            "amount": link["amount"],
            "accountNumber": merchant["account_number"],
            "description": link["description"],
            "transactionDateTime": _now_text(),
        }
        data = {
            "orderCode": order_code,
            "amount": transaction["amount"],
            "description": transaction["description"],
            "accountNumber": transaction["accountNumber"],
            "reference": transaction["reference"],
            "transactionDateTime": transaction["transactionDateTime"],
            "currency": "VND",
            "paymentLinkId": link["id"],
            "code": "00",
            "desc": "success",
            **dict.fromkeys(TRANSACTION_OPTIONAL),
        }
        key = "forged-" + merchant["checksum_key"] if forged else merchant["checksum_key"]
        return {
            "code": "00",
            "desc": "success",
            "success": True,
            "data": data,
            "signature": sign_data(data, key),
        }

    def send_webhook(self, url: str, body: dict) -> requests.Response:
        return requests.post(url, json=body, timeout=30)

    # --- the API ------------------------------------------------------------------------------

    def _merchant(self, headers) -> dict | None:
        merchant = self.merchants.get(headers.get("x-client-id", ""))
        if merchant is None or not hmac.compare_digest(
            merchant["api_key"], headers.get("x-api-key", "")
        ):
            return None
        return merchant

    def _link_data(self, link: dict) -> dict:
        fields = (
            "id", "orderCode", "amount", "amountPaid", "amountRemaining", "status", "createdAt",
            "transactions", "cancellationReason", "canceledAt",
        )  # fmt: skip
        return {name: link[name] for name in fields}

    def create(self, merchant: dict, body: dict) -> tuple[int, dict]:
        key = merchant["checksum_key"]
        if not hmac.compare_digest(body.get("signature") or "", sign_request(body, key)):
            return 200, {"code": "20", "desc": "Chữ ký không hợp lệ", "data": None}
        order_code, amount = body.get("orderCode"), body.get("amount")
        description, expired_at = body.get("description") or "", body.get("expiredAt")
        if not isinstance(order_code, int) or not isinstance(amount, int) or amount <= 0:
            return 200, {"code": "20", "desc": "orderCode, amount: số nguyên dương", "data": None}
        if len(description) > 25 or not body.get("returnUrl") or not body.get("cancelUrl"):
            return 200, {"code": "20", "desc": "description tối đa 25 ký tự", "data": None}
        if expired_at is not None and expired_at <= datetime.now(UTC).timestamp():
            return 200, {"code": "20", "desc": "expiredAt đã qua", "data": None}
        with self.lock:
            if (merchant["client_id"], order_code) in self.links:
                return 200, {"code": "231", "desc": "Đơn thanh toán đã tồn tại", "data": None}
            link = {
                "id": secrets.token_hex(16),
                "orderCode": order_code,
                "amount": amount,
                "amountPaid": 0,
                "amountRemaining": amount,
                "status": "PENDING",
                "createdAt": datetime.now(UTC).isoformat(),
                "transactions": [],
                "cancellationReason": None,
                "canceledAt": None,
                "description": description,
                "request": body,
            }
            self.links[(merchant["client_id"], order_code)] = link
        qr = payload(
            TransferRequest(merchant["bin"], merchant["account_number"], amount, description)
        )
        data = {
            "bin": merchant["bin"],
            "accountNumber": merchant["account_number"],
            "accountName": merchant["account_name"],
            "amount": amount,
            "description": description,
            "orderCode": order_code,
            "currency": "VND",
            "paymentLinkId": link["id"],
            "status": "PENDING",
            "expiredAt": expired_at,
            "checkoutUrl": f"{self.url}/web/{link['id']}",
            "qrCode": qr,
        }
        return 200, {"code": "00", "desc": "success", "data": data}

    def _find(self, merchant: dict, ident: str) -> dict | None:
        for (client_id, order_code), link in self.links.items():
            if client_id == merchant["client_id"] and ident in (str(order_code), link["id"]):
                return link
        return None

    def cancel(self, merchant: dict, link: dict, body: dict) -> tuple[int, dict]:
        if body:
            signature = body.pop("signature", "")
            if not hmac.compare_digest(signature, sign_data(body, merchant["checksum_key"])):
                return 200, {"code": "20", "desc": "Chữ ký không hợp lệ", "data": None}
        with self.lock:
            if link["status"] in ("PENDING", "UNDERPAID", "PROCESSING"):
                link["status"] = "CANCELLED"
                link["cancellationReason"] = body.get("cancellationReason")
                link["canceledAt"] = datetime.now(UTC).isoformat()
        return 200, {"code": "00", "desc": "success", "data": self._link_data(link)}

    def answer(self, method: str, path: str, headers, body: dict) -> tuple[int, dict]:
        merchant = self._merchant(headers)
        self.seen.append((method, path, headers.get("x-client-id", "")))
        if self.fail_next > 0:
            self.fail_next -= 1
            return 503, {"code": "503", "desc": "Service unavailable", "data": None}
        if merchant is None:
            return 401, {"code": "401", "desc": "Unauthorized", "data": None}
        if method == "POST" and path == "/v2/payment-requests":
            status, answer = self.create(merchant, body)
        elif found := re.fullmatch(r"/v2/payment-requests/([^/]+)(/cancel)?", path):
            link = self._find(merchant, found.group(1))
            if link is None:
                return 200, {"code": "101", "desc": "Không tìm thấy đơn thanh toán", "data": None}
            if found.group(2) and method == "POST":
                status, answer = self.cancel(merchant, link, body)
            elif method == "GET" and not found.group(2):
                status, answer = 200, {"code": "00", "desc": "success"}
                answer["data"] = self._link_data(link)
            else:
                return 405, {"code": "405", "desc": "Method not allowed", "data": None}
        else:
            return 404, {"code": "404", "desc": "Not found", "data": None}
        if answer.get("data") is not None:
            answer["signature"] = sign_data(answer["data"], merchant["checksum_key"])
        return status, answer

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError:
                    body = {}
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, answer = fake.answer(method, self.path, headers, body)
                out = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def do_GET(self):  # noqa: N802
                self._serve("GET")

            def do_POST(self):  # noqa: N802
                self._serve("POST")

            def log_message(self, *args):  # quiet
                pass

        return Handler
