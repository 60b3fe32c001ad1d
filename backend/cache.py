"""Content-addressed result cache: DATA_DIR/results/<key>.<ext>, bounded in size, LRU eviction.

The key is the sha256 of the filled spec plus generator name and version (schema.cache_key), so
the same request is answered from disk without regenerating. The extension says what the bytes
are (``glb`` for worlds, ``zip`` for texture sets) and is recorded with the row, so a result is
served with its media type without knowing which job made it. Files are written to a temporary
name in the same folder and moved into place with os.replace, so a reader never sees half a GLB
and a crash leaves at most a temporary file, which the next start removes.

Every read is checked against the sha256 recorded when the result was written (which is also
its ETag): a file that was flipped, truncated or emptied on disk is evicted and reported as a
miss, never served, so the job regenerates it. A restart checks every file the same way.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .schema import MEDIA_TYPES, RESULT_MAGIC
from .store import Store

log = logging.getLogger(__name__)

TMP_PREFIX = ".tmp-"
#: Rows from data dirs older than texture jobs have no extension of their own: all were GLBs.
DEFAULT_EXT = "glb"


@dataclass(frozen=True)
class CachedResult:
    path: Path
    size: int
    sha256: str
    media_type: str = MEDIA_TYPES[DEFAULT_EXT]


class ResultCache:
    def __init__(self, folder: Path, store: Store, limit_bytes: int,
                 clock: Callable[[], float] = time.time):
        self.folder = folder
        self.limit_bytes = limit_bytes
        self._store = store
        self._clock = clock
        # Serialises put/evict so two jobs finishing together cannot both decide to evict the
        # same file or miscount the total size.
        self._lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)

    def path_for(self, key: str, ext: str = DEFAULT_EXT) -> Path:
        return self.folder / f"{key}.{ext}"

    def reconcile(self) -> None:
        """Make the folder and the table agree after a crash, then enforce the size limit."""
        with self._lock:
            for entry in self.folder.iterdir():
                if entry.name.startswith(TMP_PREFIX):
                    _remove(entry)
            rows = {r["cache_key"]: r for r in self._store.results_lru()}
            for key, row in rows.items():
                # An extension this version does not serve (a newer backend wrote it) counts
                # as missing: the row goes, the file is left alone.
                if row["ext"] not in MEDIA_TYPES or not self.path_for(key, row["ext"]).is_file():
                    self._store.delete_result(key)
                elif self._verified(key, row) is None:
                    self._evict_corrupt_locked(key, row["ext"])
            for entry in sorted(self.folder.iterdir()):
                ext = entry.suffix[1:]
                if ext not in MEDIA_TYPES or not entry.is_file():
                    continue
                key = entry.stem
                if key not in rows:
                    # Written by os.replace just before a crash, before its row: adopt it,
                    # unless it is not even the right kind of file.
                    data = entry.read_bytes()
                    if not data.startswith(RESULT_MAGIC[ext]):
                        log.warning("cache: removed %s: not a %s file", entry.name, ext)
                        _remove(entry)
                        continue
                    self._store.put_result(key, len(data), hashlib.sha256(data).hexdigest(),
                                           self._clock(), ext)
            self._evict_locked(keep=None)

    def put(self, key: str, data: bytes, ext: str = DEFAULT_EXT) -> CachedResult:
        if ext not in MEDIA_TYPES:
            raise ValueError(f"unknown result extension {ext!r}; known: {', '.join(MEDIA_TYPES)}")
        digest = hashlib.sha256(data).hexdigest()
        final = self.path_for(key, ext)
        tmp = self.folder / f"{TMP_PREFIX}{key}-{secrets.token_hex(4)}"
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, final)
        except BaseException:
            _remove(tmp)
            raise
        with self._lock:
            self._store.put_result(key, len(data), digest, self._clock(), ext)
            self._evict_locked(keep=key)
        return CachedResult(final, len(data), digest, MEDIA_TYPES[ext])

    def get(self, key: str) -> CachedResult | None:
        """The cached result for ``key`` (marking it recently used), or None when there is
        none or its file no longer matches its hash (then it is evicted)."""
        found = self.read(key)
        return None if found is None else found[0]

    def read(self, key: str) -> tuple[CachedResult, bytes] | None:
        """The cached result and its bytes, checked against the recorded sha256, or None.

        The bytes returned are the bytes that were checked, so what is served is exactly what
        was verified even if the file changes afterwards.
        """
        row = self._store.get_result(key)
        if row is None:
            return None
        ext = row["ext"]
        if ext not in MEDIA_TYPES:
            self._store.delete_result(key)
            return None
        data = self._verified(key, row)
        if data is None:
            with self._lock:
                self._evict_corrupt_locked(key, ext)
            return None
        self._store.touch_result(key, self._clock())
        path = self.path_for(key, ext)
        return CachedResult(path, int(row["size"]), row["sha256"], MEDIA_TYPES[ext]), data

    def _verified(self, key: str, row: dict) -> bytes | None:
        try:
            data = self.path_for(key, row["ext"]).read_bytes()
        except FileNotFoundError:
            return None
        if len(data) != int(row["size"]) or hashlib.sha256(data).hexdigest() != row["sha256"]:
            log.warning("cache: %s.%s does not match its sha256 (%d bytes on disk, %d "
                        "written); evicting it so it is generated again",
                        key, row["ext"], len(data), int(row["size"]))
            return None
        return data

    def _evict_corrupt_locked(self, key: str, ext: str) -> None:
        _remove(self.path_for(key, ext))
        self._store.delete_result(key)

    def total_size(self) -> int:
        return self._store.results_total_size()

    def _evict_locked(self, keep: str | None) -> None:
        """Drop least recently used results until the total fits the limit.

        ``keep`` is the result just written: a job's own result is never evicted by its own
        put, even when it alone is larger than the limit, or the job could not be answered.
        """
        total = self._store.results_total_size()
        if total <= self.limit_bytes:
            return
        for row in self._store.results_lru():
            if total <= self.limit_bytes:
                break
            if row["cache_key"] == keep:
                continue
            _remove(self.folder / f"{row['cache_key']}.{row['ext']}")
            self._store.delete_result(row["cache_key"])
            total -= int(row["size"])
            log.info("cache: evicted %s (%d bytes)", row["cache_key"], row["size"])


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        # On Windows a result being streamed to a client cannot be removed; the next
        # reconcile or eviction pass tries again.
        log.warning("cache: could not remove %s", path, exc_info=True)
