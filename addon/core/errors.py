"""Errors raised by ``api`` and shown by operators. Messages say what to do."""

from __future__ import annotations


class WorldsmithError(Exception):
    """Base class of every error Worldsmith raises on purpose."""


class InvalidInput(WorldsmithError):
    """An argument is wrong: the message names it and what is allowed."""


class BackendUnavailable(WorldsmithError):
    """The generation backend could not be started or reached."""


class BackendBusy(BackendUnavailable):
    """The backend's queue is full (429): try again after ``retry_after_s`` seconds."""

    def __init__(self, message: str, retry_after_s: float = 1.0):
        super().__init__(message)
        self.retry_after_s = retry_after_s


class GenerationFailed(WorldsmithError):
    """The backend ran the job but it failed, or its result could not be imported."""


class ResultUnavailable(GenerationFailed):
    """The job's result is gone from the backend's cache (410) or arrived damaged: submit again."""


class JobCancelled(WorldsmithError):
    """The user cancelled the job; nothing was changed."""


class VersionFrozen(WorldsmithError):
    """The version is approved; edits must go to a branch."""


class ValidationFailed(WorldsmithError):
    """Export refused: the version breaks rules of the preset (see ``report``)."""

    def __init__(self, message: str, report: object | None = None):
        super().__init__(message)
        self.report = report


class StateError(WorldsmithError):
    """Worldsmith properties on a collection are missing or malformed; run repair."""
