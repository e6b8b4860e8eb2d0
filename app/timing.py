"""``Server-Timing`` on every response: how long the app took, for browsers' devtools and bench/."""

from time import perf_counter


class ServerTiming:
    """WSGI middleware adding ``Server-Timing: app;dur=<ms>`` (time until the headers are sent)."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = perf_counter()

        def timed_start_response(status, headers, exc_info=None):
            elapsed_ms = (perf_counter() - started) * 1000
            headers.append(("Server-Timing", f"app;dur={elapsed_ms:.2f}"))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, timed_start_response)
