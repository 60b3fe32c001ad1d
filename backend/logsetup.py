"""Logging for the backend process: DATA_DIR/logs/backend.log, warnings also on stderr.

stdout is reserved for the single ready line the add-on reads, so nothing else goes there.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

LOG_NAME = "backend.log"


def configure(data_dir: Path, level: int = logging.INFO) -> Path:
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=5 * 1024 * 1024, backupCount=3, encoding="utf-8")
    file_handler.setFormatter(fmt)
    stderr_handler = logging.StreamHandler(sys.stderr)
    stderr_handler.setLevel(logging.WARNING)
    stderr_handler.setFormatter(fmt)
    root = logging.getLogger("worldsmith_backend")
    root.handlers[:] = [file_handler, stderr_handler]
    root.setLevel(level)
    root.propagate = False
    return path
