"""Material icons that never block the UI: a small picture made from the material's base colour
image (or its base colour), not a rendered preview.

``Material.preview_ensure`` renders a sphere per material; with software OpenGL on two cores ~30
of them froze Blender for a minute the first time the Materials panel showed a generated object.
These icons are downsampled texture pixels in a ``bpy.utils.previews`` collection: milliseconds
each, at most NEW_PER_DRAW new ones per panel draw (the rest follow on the next redraw, which is
asked for), and every material gets one, also those without an image.
"""

from __future__ import annotations

import time

import bpy
import numpy as np

from .nodes import channel_images, principled

SIZE = 32                 # icon pixels (Blender scales icons for the list rows)
NEW_PER_DRAW = 4          # new icons per draw
DRAW_WINDOW_S = 0.2       # draws closer together than this share one budget

_icons = None             # bpy.utils.previews collection, made in register()
_budget = {"at": 0.0, "left": NEW_PER_DRAW}


def _key(mat: bpy.types.Material) -> str:
    image = channel_images(mat).get("base_color")
    return f"{mat.name_full}|{image.name_full if image else ''}|{mat.as_pointer()}"


def _pixels(mat: bpy.types.Material) -> np.ndarray:
    """SIZE x SIZE x 4 floats: the base colour image downsampled, else the flat base colour."""
    image = channel_images(mat).get("base_color")
    if image is not None and image.size[0] > 0 and image.size[1] > 0:
        width, height = image.size
        channels = image.channels
        data = np.empty(width * height * channels, dtype=np.float32)
        image.pixels.foreach_get(data)
        data = data.reshape(height, width, channels)
        ys = (np.arange(SIZE) * height // SIZE).clip(0, height - 1)
        xs = (np.arange(SIZE) * width // SIZE).clip(0, width - 1)
        small = data[ys][:, xs]
        if channels < 4:
            small = np.concatenate([small[..., :3], np.ones((SIZE, SIZE, 1), np.float32)], axis=2)
        small[..., 3] = 1.0
        return small
    bsdf = principled(mat)
    colour = tuple(bsdf.inputs["Base Color"].default_value) if bsdf is not None else tuple(mat.diffuse_color)
    return np.tile(np.asarray(colour, dtype=np.float32), (SIZE, SIZE, 1))


def icon(mat: bpy.types.Material | None) -> int:
    """The material's icon id; 0 while it waits for the next draw (or without the collection)."""
    if mat is None or _icons is None:
        return 0
    key = _key(mat)
    found = _icons.get(key)
    if found is not None:
        return found.icon_id
    now = time.monotonic()
    if now - _budget["at"] > DRAW_WINDOW_S:
        _budget.update(at=now, left=NEW_PER_DRAW)
    if _budget["left"] <= 0:
        _redraw_soon()
        return 0
    _budget["left"] -= 1
    preview = _icons.new(key)
    preview.image_size = (SIZE, SIZE)
    preview.image_pixels_float = _pixels(mat).ravel()
    return preview.icon_id


def _redraw() -> None:
    for window in getattr(bpy.context.window_manager, "windows", ()):
        for area in window.screen.areas:
            if area.type == "VIEW_3D":
                area.tag_redraw()


def _redraw_soon() -> None:
    if not bpy.app.timers.is_registered(_redraw):
        bpy.app.timers.register(_redraw, first_interval=DRAW_WINDOW_S)


def register() -> None:
    global _icons
    import bpy.utils.previews

    _icons = bpy.utils.previews.new()


def unregister() -> None:
    global _icons
    if bpy.app.timers.is_registered(_redraw):
        bpy.app.timers.unregister(_redraw)
    if _icons is not None:
        bpy.utils.previews.remove(_icons)
        _icons = None
