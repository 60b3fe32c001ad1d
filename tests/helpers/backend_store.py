"""The backend's job store and result bytes for the cache tests (unit and backend tiers)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from worldsmith_backend.store import Store


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "jobs.sqlite3")
    yield s
    s.close()


def glb(n: int, tag: bytes = b"x") -> bytes:
    """``n`` bytes that start like a GLB (what the cache checks before adopting a file)."""
    return b"glTF" + tag * (n - 4)
