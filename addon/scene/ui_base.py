"""What every Worldsmith panel and operator shares: the panels' place in the 3D viewport's
sidebar, and operators that turn our errors into an error report and a cancelled operator,
nothing else (a bug still raises, so it shows with its traceback)."""

from __future__ import annotations

import textwrap

from ..core.errors import WorldsmithError

SIDEBAR_WIDTH_PX = 291   # the sidebar's default width at UI scale 1: panels are designed for it
CHAR_PX = 7.0            # a generous average character width of Blender's UI font at scale 1
ICON_PX = 30             # an icon plus the panel's margins


class WorldsmithSidebarPanel:
    """Mixin for panels in the "Worldsmith" tab of the 3D viewport's sidebar (N panel)."""

    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Worldsmith"


def line_chars(context=None) -> int:
    """How many characters fit on one line of the sidebar as it is now (wider sidebar, more)."""
    region = getattr(context, "region", None) if context is not None else None
    width = getattr(region, "width", 0) or SIDEBAR_WIDTH_PX
    scale = 1.0
    prefs = getattr(context, "preferences", None) if context is not None else None
    if prefs is not None:
        scale = float(getattr(prefs.view, "ui_scale", 1.0) or 1.0)
    return max(16, int((width / scale - ICON_PX) / CHAR_PX))


def wrapped(layout, text: str, *, icon: str = "NONE", context=None, alert: bool = False):
    """``text`` as as many labels as it needs at the sidebar's width (a label never wraps)."""
    col = layout.column(align=True)
    col.alert = alert
    for i, line in enumerate(textwrap.wrap(text, line_chars(context)) or [""]):
        col.label(text=line, icon=icon if i == 0 else ("BLANK1" if icon != "NONE" else "NONE"))
    return col


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


def scene_property_group(attribute: str, group: type):
    """``register, unregister`` for a feature's panel state: ``group`` at ``Scene.<attribute>``."""
    import bpy

    def register() -> None:
        bpy.utils.register_class(group)
        setattr(bpy.types.Scene, attribute, bpy.props.PointerProperty(type=group))

    def unregister() -> None:
        delattr(bpy.types.Scene, attribute)
        bpy.utils.unregister_class(group)

    return register, unregister
