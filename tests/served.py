"""The test app behind a real HTTP server on 127.0.0.1, and the API called over it."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from werkzeug.serving import make_server


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve ``app`` in a thread; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


class OverHttp:
    """What a test's world needs of the served app: the test's session, brought up to date
    with what the server committed, and API calls over HTTP."""

    db = None
    url = ""

    def fresh(self):
        self.db.commit()
        self.db.expire_all()
        return self.db

    def api(self, method, path, headers, **kwargs):
        self.fresh()
        return requests.request(
            method, f"{self.url}/api/v1{path}", headers=headers, timeout=30, **kwargs
        )
