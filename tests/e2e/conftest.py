"""Fixtures for the end-to-end tests: scripts and examples run as users run them, each in a
fresh bpy process (tests/helpers/fresh_process.py)."""

from __future__ import annotations

import pytest

from tests.helpers.fresh_process import fresh_env


@pytest.fixture(scope="module")
def env(extension_zip, tmp_path_factory):
    """One isolated user folder and backend data folder for every run of a test module (the
    backend's result cache makes repeated specs cheap, as it does for users); the zip to install
    is ``WORLDSMITH_TEST_ZIP``."""
    return fresh_env(tmp_path_factory.mktemp("e2e-env"), extension_zip)
