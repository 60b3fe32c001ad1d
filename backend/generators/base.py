"""The interface every generator implements, and the errors jobs understand."""

from __future__ import annotations

from typing import Any, Protocol


class InvalidSpec(ValueError):
    """A spec field is wrong. ``field`` names it (dotted path), ``message`` says what is allowed."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class JobCancelled(Exception):
    """Raised by Progress.check_cancel() when the client asked to cancel."""


class Progress(Protocol):
    def update(self, phase: str, step: int, total: int) -> None: ...

    def check_cancel(self) -> None:
        """Raise JobCancelled if the job was cancelled. Call between assets and texture tiles."""


class Generator(Protocol):
    name: str
    version: str
    #: "cpu" generators may run several jobs at once; "gpu" ones share one worker.
    device: str

    def capabilities(self) -> dict[str, Any]:
        """Parameters, limits, whether weights are present and, if not, what to do."""

    def check_inputs(self, spec: dict[str, Any]) -> None:
        """Raise InvalidSpec for anything the schema cannot express."""

    def generate(self, spec: dict[str, Any], progress: Progress) -> bytes:
        """Return the result bytes for a validated spec: a GLB from world generators, a ZIP
        from texture generators (registry.build_texture_generators)."""


class NullProgress:
    """Progress that records nothing and never cancels (for direct calls and benchmarks)."""

    def update(self, phase: str, step: int, total: int) -> None:
        pass

    def check_cancel(self) -> None:
        pass
