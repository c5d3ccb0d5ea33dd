"""Shared by the staff workspace tests: signing in over plain HTTP, and the messages."""

from __future__ import annotations

import re

from api.routes.intern import FORGED, WRONG_KEY

__all__ = ["FORGED", "KEY", "WRONG_KEY", "csrf_of", "sign_in"]

KEY = "geheim-123"  # the employee key of tests/api/conftest.py's servers and clients

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    return _CSRF.search(html).group(1)


def sign_in(client, key: str):
    """Sign in with `key` (an httpx or test client keeps the cookies): the sign-in's answer."""
    form = client.get("/intern/anmelden")
    assert form.status_code == 200
    return client.post(
        "/intern/anmelden",
        data={"schluessel": key, "csrf": csrf_of(form.text)},
        follow_redirects=False,
    )
