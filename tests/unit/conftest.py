"""Fixtures for the unit tests (plain Python, no bpy)."""

from __future__ import annotations

import pytest

from tests.helpers.gltf_validator import GlbBatch


@pytest.fixture(scope="module")
def batch():
    """GLBs a test module makes, checked with the Khronos glTF-Validator in one run at its end."""
    b = GlbBatch()
    yield b
    b.check()
