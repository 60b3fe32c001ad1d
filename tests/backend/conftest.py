"""Fixtures for the backend tests (helpers live in tests/helpers/backend_harness.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.helpers.backend_harness import Backend, start_backend


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    """One backend per test module, stopped with SIGTERM afterwards (it must exit 0)."""
    root = tmp_path_factory.mktemp("backend")
    server = start_backend(root / "data", root / "secrets" / "token")
    yield server
    assert server.stop() == 0
    assert server.stdout_rest.empty(), "the backend wrote more than the ready line to stdout"


@pytest.fixture()
def fresh_backend(tmp_path: Path) -> Iterator[Backend]:
    """A backend of its own (cold in-process caches), for tests that need a slow job."""
    server = start_backend(tmp_path / "data", tmp_path / "token")
    yield server
    assert server.stop() == 0
