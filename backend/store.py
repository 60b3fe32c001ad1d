"""SQLite persistence for job records and result-cache bookkeeping (DATA_DIR/jobs.sqlite3).

One connection guarded by a lock: the backend writes a handful of rows per job, so a lock is
simpler than a connection per thread and never contends in practice. WAL keeps readers (a
second process inspecting the file, for example) from blocking the writer.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterable

INTERRUPTED = "interrupted: the backend stopped while this job was running; submit it again"
TERMINAL_STATES = ("done", "failed", "cancelled")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    generator TEXT NOT NULL,
    cache_key TEXT NOT NULL,
    spec TEXT NOT NULL,
    phase TEXT,
    step INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    cached INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_finished ON jobs(finished);
CREATE TABLE IF NOT EXISTS results (
    cache_key TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    last_access REAL NOT NULL,
    ext TEXT NOT NULL DEFAULT 'glb'
);
CREATE INDEX IF NOT EXISTS results_lru ON results(last_access);
"""

_JOB_COLUMNS = ("id", "state", "generator", "cache_key", "spec", "phase", "step", "total",
                "error", "created", "started", "finished", "cached")


class Store:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        with self._lock:
            self._db = self._connect_locked()

    def _connect_locked(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        self._db = db
        self._migrate_locked()
        return db

    def reopen(self, live: Iterable[dict[str, Any]] = ()) -> None:
        """Open a new database at the same path (the old file was deleted while open) and
        write the ``live`` (queued/running) job records into it, so they finish normally."""
        with self._lock:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._connect_locked()
        for record in live:
            try:
                self.insert_job(record)
            except sqlite3.IntegrityError:
                pass  # still there: only part of the folder was deleted

    def _migrate_locked(self) -> None:
        # Data dirs from before texture jobs have no results.ext; every result there is a GLB,
        # which is what the column's default says, so old rows stay valid as they are.
        columns = {row["name"] for row in self._db.execute("PRAGMA table_info(results)")}
        if "ext" not in columns:
            self._db.execute("ALTER TABLE results ADD COLUMN ext TEXT NOT NULL DEFAULT 'glb'")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _exec(self, sql: str, args: Iterable[Any] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, tuple(args))

    # ---- jobs -----------------------------------------------------------------------------

    def insert_job(self, record: dict[str, Any]) -> None:
        row = dict(record)
        row["spec"] = json.dumps(row["spec"], sort_keys=True)
        row["cached"] = int(bool(row.get("cached")))
        cols = [c for c in _JOB_COLUMNS if c in row]
        self._exec(f"INSERT INTO jobs ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                   [row[c] for c in cols])

    def update_job(self, job_id: str, **fields: Any) -> None:
        if "cached" in fields:
            fields["cached"] = int(bool(fields["cached"]))
        sets = ", ".join(f"{k} = ?" for k in fields)
        self._exec(f"UPDATE jobs SET {sets} WHERE id = ?", [*fields.values(), job_id])

    def get_job(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            return None
        job = dict(row)
        job["spec"] = json.loads(job["spec"])
        job["cached"] = bool(job["cached"])
        return job

    def mark_interrupted(self, now: float) -> int:
        """Jobs a previous process left queued or running can never finish: fail them."""
        cur = self._exec("UPDATE jobs SET state = 'failed', error = ?, finished = ? "
                         "WHERE state IN ('queued', 'running')", [INTERRUPTED, now])
        return cur.rowcount

    def expire_jobs(self, cutoff: float) -> int:
        """Delete finished job records older than ``cutoff`` (results live on in the cache)."""
        cur = self._exec("DELETE FROM jobs WHERE finished IS NOT NULL AND finished < ? "
                         "AND state IN ('done', 'failed', 'cancelled')", [cutoff])
        return cur.rowcount

    # ---- results --------------------------------------------------------------------------

    def put_result(self, key: str, size: int, sha256: str, now: float,
                   ext: str = "glb") -> None:
        self._exec("INSERT OR REPLACE INTO results (cache_key, size, sha256, last_access, ext) "
                   "VALUES (?, ?, ?, ?, ?)", [key, size, sha256, now, ext])

    def get_result(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM results WHERE cache_key = ?",
                                   (key,)).fetchone()
        return dict(row) if row else None

    def touch_result(self, key: str, now: float) -> None:
        self._exec("UPDATE results SET last_access = ? WHERE cache_key = ?", [now, key])

    def delete_result(self, key: str) -> None:
        self._exec("DELETE FROM results WHERE cache_key = ?", [key])

    def results_lru(self) -> list[dict[str, Any]]:
        """All cached results, least recently used first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM results ORDER BY last_access ASC, cache_key ASC").fetchall()
        return [dict(r) for r in rows]

    def results_total_size(self) -> int:
        with self._lock:
            (total,) = self._db.execute("SELECT COALESCE(SUM(size), 0) FROM results").fetchone()
        return int(total)
