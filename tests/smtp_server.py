"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port, in a thread.

It keeps what arrives (parsed with the standard library) and can refuse the next messages with a
temporary error, as a busy server does.
"""

import re
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import urlsplit

import icalendar
from aiosmtpd.controller import Controller
from ical.calendar_stream import IcsCalendarStream


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """The server's handler: every accepted message, and how many to refuse first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refusals = 0
        self.refused = 0
        #: Recipients refused for good (550), as an unknown mailbox is.
        self.unknown: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.unknown:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook)
        with self.lock:
            if self.refusals > 0:
                self.refusals -= 1
                self.refused += 1
                return "451 4.3.0 Try again later"
            self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


class SmtpServer:
    def __init__(self) -> None:
        self.recorder = Recorder()
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.controller.stop()

    def refuse_next(self, n: int) -> None:
        with self.recorder.lock:
            self.recorder.refusals = n

    @property
    def messages(self) -> list[EmailMessage]:
        with self.recorder.lock:
            raw = [content for _sender, _to, content in self.recorder.received]
        return [message_from_bytes(content, policy=policy.default) for content in raw]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def envelopes(self) -> list[tuple[str, list[str]]]:
        with self.recorder.lock:
            return [(sender, to) for sender, to, _content in self.recorder.received]


def run_jobs(runner) -> str:
    result = runner.invoke(args=["jobs", "run"])
    assert result.exit_code == 0, result.output
    return result.output


def parts(message):
    """(text part, html part, attachments by content type) of a received message."""
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    files = {}
    for part in message.walk():
        if part.get_content_maintype() == "multipart" or part in (
            message.get_body(("plain",)),
            message.get_body(("html",)),
        ):
            continue
        files.setdefault(part.get_content_type(), []).append(part)
    return plain, html, files


def calendar_of(part):
    raw = part.get_content()
    raw = raw.encode() if isinstance(raw, str) else raw
    strict = IcsCalendarStream.calendar_from_ics(raw.decode())
    return icalendar.Calendar.from_ical(raw), strict


def the_event(calendar):
    (event,) = [c for c in calendar.walk() if c.name == "VEVENT"]
    return event


def links_in(plain: str) -> list[str]:
    return re.findall(r"https?://\S+", plain)


def path_of(url: str) -> str:
    parts_ = urlsplit(url)
    return parts_.path + (f"?{parts_.query}" if parts_.query else "")


def one(messages, subject_part: str):
    found = [m for m in messages if subject_part in m["Subject"]]
    assert len(found) == 1, [m["Subject"] for m in messages]
    return found[0]
