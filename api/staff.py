"""Sign-in of staff to the workspace ``/intern``: an employee key (``KATALOG_API_KEYS``) is
exchanged for a session cookie; every state-changing form carries a CSRF token bound to it.

The cookie is ``<session id>.<expiry>.<signature>``, HMAC-SHA256 under a server secret
(``KATALOG_INTERN_SECRET``, or one generated once into ``<data dir>/intern/secret``). A
signature alone could not be taken back, so each session is also a file under
``<data dir>/intern/sessions/``: signing out deletes it, and every worker process of the
service sees that at once. The key itself is never stored, neither in the cookie nor on disk.

CSRF: a form's token is ``HMAC(secret, "csrf:" + session id)``: nothing to store, and a page
of another site can neither read it nor guess it. The sign-in form itself has no session yet;
its token is bound to a random nonce in a short-lived cookie of its own (double submit).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from api.ratelimit import https_request
from katalog.settings import Settings

log = logging.getLogger(__name__)

COOKIE = "katalog_intern"
LOGIN_COOKIE = "katalog_intern_anmeldung"
PATH = "/intern"
LOGIN_SECONDS = 3600  # how long a sign-in form stays valid
_SID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class StaffSession:
    id: str
    expires: int  # Unix seconds
    csrf: str


class StaffSessions:
    """Sessions of the staff workspace, on disk under ``data_dir/intern``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = Path(settings.data_dir) / "intern"
        self._secret: bytes | None = None
        # Cookies are Secure when the browser came over https (directly or via a trusted proxy).
        self.https = https_request(settings.trusted_proxies)

    # -- the secret ---------------------------------------------------------------------------

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            configured = self.settings.intern_secret
            self._secret = configured.encode() if configured else self._stored_secret()
        return self._secret

    def _stored_secret(self) -> bytes:
        """Generated once; several worker processes starting together agree on the first."""
        path = self.root / "secret"
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
        for _ in range(50):  # another process may be between creating and writing it
            text = path.read_text().strip()
            if text:
                return text.encode()
            time.sleep(0.01)
        raise RuntimeError(f"{path} is empty")

    def _sign(self, text: str) -> str:
        digest = hmac.new(self.secret, text.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    # -- sessions -----------------------------------------------------------------------------

    def start(self) -> tuple[StaffSession, str]:
        """A new session and its cookie value."""
        self._prune()
        sid = secrets.token_hex(16)
        expires = int(time.time()) + self.settings.intern_session_s
        folder = self.root / "sessions"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / sid).write_text(json.dumps({"expires": expires}), encoding="utf-8")
        return self._session(sid, expires), self.cookie_value(sid, expires)

    def cookie_value(self, sid: str, expires: int) -> str:
        return f"{sid}.{expires}.{self._sign(f'{sid}.{expires}')}"

    def get(self, cookie: str | None) -> StaffSession | None:
        """The session a cookie names, if its signature holds, it has not expired and it has
        not been ended."""
        sid, _, rest = (cookie or "").partition(".")
        expires, _, signature = rest.partition(".")
        if not (_SID.match(sid) and expires.isdigit()):
            return None
        if not hmac.compare_digest(signature, self._sign(f"{sid}.{expires}")):
            return None
        if int(expires) <= time.time() or not (self.root / "sessions" / sid).is_file():
            return None
        return self._session(sid, int(expires))

    def end(self, session: StaffSession) -> None:
        (self.root / "sessions" / session.id).unlink(missing_ok=True)

    def _session(self, sid: str, expires: int) -> StaffSession:
        return StaffSession(sid, expires, self._sign(f"csrf:{sid}"))

    def _prune(self) -> None:
        folder = self.root / "sessions"
        if not folder.is_dir():
            return
        now = time.time()
        for path in folder.iterdir():
            try:
                if json.loads(path.read_text(encoding="utf-8"))["expires"] <= now:
                    path.unlink(missing_ok=True)
            except (OSError, ValueError, KeyError):
                continue

    # -- CSRF ---------------------------------------------------------------------------------

    def csrf_ok(self, session: StaffSession, token: str | None) -> bool:
        return hmac.compare_digest(session.csrf.encode(), (token or "").encode())

    def login_nonce(self) -> tuple[str, str]:
        """A nonce for the sign-in cookie and the token of the form that goes with it."""
        nonce = secrets.token_hex(16)
        return nonce, self._sign(f"login:{nonce}")

    def login_ok(self, nonce: str | None, token: str | None) -> bool:
        if not (nonce and _SID.match(nonce)):
            return False
        return hmac.compare_digest(self._sign(f"login:{nonce}").encode(), (token or "").encode())
