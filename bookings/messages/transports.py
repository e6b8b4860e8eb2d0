"""How messages leave: SMTP, or a folder of ``.eml`` files (the embedded default)."""

import smtplib
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class Transport(Protocol):
    """Hands one message to whatever carries it; raises on refusal."""

    def send(self, message_id: int, raw: bytes, sender: str, recipient: str) -> None: ...


class PermanentFailure(Exception):
    """The message can never be delivered as it is (a 5xx refusal of the recipient)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    username: str = ""
    password: str = ""
    use_tls: bool = False
    timeout: float = 30.0

    def __repr__(self) -> str:  # never show the password (logs, tracebacks)
        return f"SmtpSettings(host={self.host!r}, port={self.port}, username={self.username!r})"


class SmtpTransport:
    """SMTP with optional STARTTLS and login; one connection per round of sending."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self._connection is None:
            s = self.settings
            connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            try:
                if s.use_tls:
                    connection.starttls(context=ssl.create_default_context())
                if s.username:
                    connection.login(s.username, s.password)
            except BaseException:
                connection.close()
                raise
            self._connection = connection
        return self._connection

    def send(self, message_id: int, raw: bytes, sender: str, recipient: str) -> None:
        try:
            refused = self._connect().sendmail(sender, [recipient], raw)
        except smtplib.SMTPRecipientsRefused as error:
            code = next(iter(error.recipients.values()))[0]
            self.close()
            if code >= 500:
                raise PermanentFailure(f"recipient refused ({code})") from None
            raise
        except smtplib.SMTPResponseException as error:
            self.close()
            if error.smtp_code >= 500 and not isinstance(error, smtplib.SMTPAuthenticationError):
                raise PermanentFailure(f"refused ({error.smtp_code})") from None
            raise
        except (OSError, smtplib.SMTPException):
            self.close()
            raise
        if refused:  # pragma: no cover  (one recipient: refusals raise above)
            raise PermanentFailure("recipient refused")

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.quit()
            except (OSError, smtplib.SMTPException):
                self._connection.close()
            self._connection = None


class DirectoryTransport:
    """The embedded default: each message becomes ``<id>-<kind>.eml`` in a folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def send(self, message_id: int, raw: bytes, sender: str, recipient: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message_id:08d}.eml"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(raw)
        temporary.replace(path)  # whole files only, even if we die half-way

    def close(self) -> None:
        pass
