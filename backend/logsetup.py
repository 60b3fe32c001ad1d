"""Logging for the backend process: DATA_DIR/logs/backend.log, warnings also on stderr.

stdout is reserved for the single ready line the add-on reads, so nothing else goes there.
Request lines, paths and spec fields come from clients: every message is escaped (control,
format and separator characters, lone surrogates) so a client cannot forge log lines or send
escape sequences to whoever reads the log in a terminal.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

LOG_NAME = "backend.log"
_LOGGER = "worldsmith_backend"


def escape_text(text: str) -> str:
    """``text`` with every non-printable character (except space) as a Python escape."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


class EscapingFilter(logging.Filter):
    """Formats the message once and escapes it; tracebacks (exc_info) stay multi-line."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log what we have rather than nothing
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = escape_text(message)
        record.args = None
        return True


class _Formatter(logging.Formatter):
    """Tracebacks keep their line breaks; each line is escaped like messages are."""

    def formatException(self, ei) -> str:  # type: ignore[no-untyped-def]
        return "\n".join(escape_text(line) for line in super().formatException(ei).split("\n"))


def configure(data_dir: Path, level: int = logging.INFO) -> Path:
    folder = data_dir / "logs"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / LOG_NAME
    fmt = _Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=5 * 1024 * 1024, backupCount=3, encoding="utf-8",
        errors="backslashreplace")
    file_handler.setFormatter(fmt)
    file_handler.addFilter(EscapingFilter())
    _private(path)
    stderr_handler = logging.StreamHandler(sys.stderr)
    stderr_handler.setLevel(logging.WARNING)
    stderr_handler.setFormatter(fmt)
    stderr_handler.addFilter(EscapingFilter())
    root = logging.getLogger(_LOGGER)
    root.handlers[:] = [file_handler, stderr_handler]
    root.setLevel(level)
    root.propagate = False
    return path


def reopen(data_dir: Path) -> None:
    """Recreate DATA_DIR/logs and make the file handler write to a new backend.log (after the
    folder was deleted, the open file is an unlinked inode nobody can read)."""
    folder = data_dir / "logs"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for handler in logging.getLogger(_LOGGER).handlers:
        if isinstance(handler, logging.FileHandler):
            with handler.lock:  # type: ignore[union-attr]
                stream, handler.stream = handler.stream, None  # type: ignore[assignment]
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass
                handler.stream = handler._open()
            _private(Path(handler.baseFilename))


def _private(path: Path) -> None:
    if sys.platform != "win32":
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass
