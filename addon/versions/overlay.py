"""Compare view in the 3D viewport: "A v1 main" / "B v2 warm-torches" drawn above each version
(a POST_PIXEL draw handler reading ``compare.viewport_labels``), and framing both versions."""

from __future__ import annotations

import math

import bpy

from .compare import bounds, viewport_labels

LABEL_SIZE = 20      # px at UI scale 1
FILL = 0.8           # share of the free viewport width the framed versions take
_handle = None


def _draw() -> None:
    import blf
    from bpy_extras.view3d_utils import location_3d_to_region_2d

    context = bpy.context
    region, rv3d = context.region, getattr(context, "region_data", None)
    if region is None or rv3d is None:
        return
    labels = viewport_labels()
    if not labels:
        return
    scale = context.preferences.view.ui_scale
    font = 0
    blf.size(font, LABEL_SIZE * scale)
    for text, location in labels:
        at = location_3d_to_region_2d(region, rv3d, location)
        if at is None:
            continue
        width, _ = blf.dimensions(font, text)
        blf.enable(font, blf.SHADOW)
        blf.shadow(font, 5, 0.0, 0.0, 0.0, 0.9)
        blf.color(font, 1.0, 0.85, 0.3, 1.0)
        blf.position(font, at.x - width / 2, at.y, 0)
        blf.draw(font, text)
        blf.disable(font, blf.SHADOW)


def frame(context, versions) -> None:
    """Point every 3D viewport at all of ``versions`` (keeping its angle), wide enough to see
    them all beside the sidebar."""
    boxes = [b for b in (bounds(v) for v in versions) if b is not None]
    if not boxes:
        return
    from mathutils import Vector

    lo = Vector([min(b[0][i] for b in boxes) for i in range(3)])
    hi = Vector([max(b[1][i] for b in boxes) for i in range(3)])
    extent = max(hi.x - lo.x, hi.y - lo.y, 1.0)
    for window in context.window_manager.windows:
        for area in window.screen.areas:
            if area.type == "VIEW_3D":
                _frame_area(area, lo, hi, extent)


def _frame_area(area, lo, hi, extent: float) -> None:
    """Fit ``extent`` into the part of the viewport the sidebar leaves free, centred there."""
    from mathutils import Vector

    space = area.spaces.active
    rv3d = space.region_3d
    sidebar = next((r.width for r in area.regions if r.type == "UI"), 0) if space.show_region_ui else 0
    free = max(0.3, (area.width - sidebar) / max(area.width, 1))
    half_fov = math.atan(36.0 / max(space.lens, 1.0))  # the viewport's 72 mm sensor, across the width
    distance = extent / (FILL * free * 2 * math.tan(half_fov)) + (hi.z - lo.z)
    visible = 2 * distance * math.tan(half_fov)
    right = rv3d.view_rotation @ Vector((1.0, 0.0, 0.0))
    rv3d.view_location = (lo + hi) / 2 + right * ((1 - free) / 2 * visible)
    rv3d.view_distance = distance
    area.tag_redraw()


def register() -> None:
    global _handle
    _handle = bpy.types.SpaceView3D.draw_handler_add(_draw, (), "WINDOW", "POST_PIXEL")


def unregister() -> None:
    global _handle
    if _handle is not None:
        bpy.types.SpaceView3D.draw_handler_remove(_handle, "WINDOW")
        _handle = None
