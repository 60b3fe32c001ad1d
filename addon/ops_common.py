"""What every Worldsmith operator shares: our errors become an error report and a cancelled
operator, nothing else (a bug still raises, so it shows with its traceback)."""

from __future__ import annotations

from .core.errors import WorldsmithError


class ReportingOperator:
    """Mixin for operators: subclasses implement ``run(context)``, which does the work and returns
    the message for the status bar: a string (INFO), ``(level, message)``, or None for none.

    A ``WorldsmithError`` is reported as an error and the operator is cancelled; ``on_error``
    may keep more of it first (the export report, for instance). ``api`` functions change nothing
    when they raise, so there is nothing to undo here.
    """

    def execute(self, context):
        try:
            result = self.run(context)
        except WorldsmithError as exc:
            self.on_error(context, exc)
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        level, message = result if isinstance(result, tuple) else ("INFO", result)
        if message:
            self.report({level}, message)
        return {"FINISHED"}

    def run(self, context) -> str | tuple[str, str] | None:
        raise NotImplementedError

    def on_error(self, context, exc: WorldsmithError) -> None:
        """Called with the error before it is reported."""
