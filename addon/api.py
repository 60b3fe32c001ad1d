"""The public Python API for studio TDs, batch runs and tests.

Once installed, import it as ``from bl_ext.user_default.worldsmith import api``. Every operator
calls a function here; functions take explicit arguments and never read UI context.
Errors are ``WorldsmithError`` subclasses whose messages say what to do.
"""

from __future__ import annotations

from .core.errors import (  # noqa: F401  (re-exported for TDs)
    BackendUnavailable,
    GenerationFailed,
    InvalidInput,
    JobCancelled,
    StateError,
    ValidationFailed,
    VersionFrozen,
    WorldsmithError,
)

__all__ = [
    "WorldsmithError",
    "InvalidInput",
    "BackendUnavailable",
    "GenerationFailed",
    "JobCancelled",
    "VersionFrozen",
    "ValidationFailed",
    "StateError",
]
