"""The bearer token: read or create the token file, refuse tokens that cannot work, and accept
the token a second session wrote into the same file.

HTTP headers travel as Latin-1 and a token is compared as bytes, so a token with a newline, a
space or a non-ASCII character could be written and would never authenticate; a very short one
is guessable. Both are refused at start with a message that says what to do.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import sys
import threading
from pathlib import Path

MIN_TOKEN_CHARS = 16
MAX_TOKEN_CHARS = 1024
_TOKEN_RE = re.compile(r"^[\x21-\x7e]+$")


class TokenError(ValueError):
    """The token file holds a token that cannot be used."""


def check_token(token: str, path: Path) -> None:
    hint = f"; put a longer random token there or delete {path} to get a new one"
    if len(token) < MIN_TOKEN_CHARS:
        raise TokenError(f"the token in {path} has {len(token)} characters; it must have at "
                         f"least {MIN_TOKEN_CHARS}{hint}")
    if len(token) > MAX_TOKEN_CHARS:
        raise TokenError(f"the token in {path} has {len(token)} characters; it must have at "
                         f"most {MAX_TOKEN_CHARS}{hint}")
    if not _TOKEN_RE.match(token):
        raise TokenError(f"the token in {path} must be printable ASCII without spaces or line "
                         f"breaks (it travels in an HTTP header){hint}")


def read_or_create_token(path: Path) -> str:
    """The token in ``path``, or a new random one written there; the file ends up readable
    by the owner only (0600) either way. Raises TokenError for an unusable token."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = b""
    try:
        existing = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise TokenError(f"the token in {path} is not text; delete the file to get a new "
                         "random token") from None
    if existing:
        check_token(existing, path)
        _private(path)
        return existing
    token = secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # an existing empty file keeps its old mode otherwise
        os.write(fd, token.encode("utf-8"))
    finally:
        os.close(fd)
    return token


def _private(path: Path) -> None:
    if sys.platform != "win32":
        os.chmod(path, 0o600)


class TokenCheck:
    """Accepts the token this backend started with, and the token now in the token file.

    A second Blender session on the same data folder writes its own token into the file before
    it finds this backend running (datadir.py); it then uses this backend with that token. Only
    the owner can write the file (0600 in a 0700 folder), so this grants nothing new.
    """

    def __init__(self, token: str, path: Path | None = None):
        self._start = token.encode("utf-8")
        self._path = path
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._current: bytes | None = None

    def matches(self, given: bytes) -> bool:
        ok = hmac.compare_digest(given, self._start)
        current = self._file_token()
        if current is not None:
            ok = hmac.compare_digest(given, current) or ok
        return ok

    def _file_token(self) -> bytes | None:
        if self._path is None:
            return None
        try:
            st = self._path.stat()
        except OSError:
            return None
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        with self._lock:
            if stamp != self._seen:
                self._seen = stamp
                self._current = None
                try:
                    text = self._path.read_text(encoding="utf-8").strip()
                    check_token(text, self._path)
                    self._current = text.encode("utf-8")
                except (OSError, ValueError):
                    pass
            return self._current
