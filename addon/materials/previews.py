"""Material icons that never block the UI: a small picture made from the material's base colour
image (or its base colour), not a rendered preview.

``Material.preview_ensure`` renders a sphere per material; with software OpenGL on two cores ~30
of them froze Blender for a minute the first time the Materials panel showed a generated object.
These icons are downsampled texture pixels in a ``bpy.utils.previews`` collection: milliseconds
each, made by a timer a few at a time (never inside a panel draw), and every material gets one,
also those without an image.
"""

from __future__ import annotations

import bpy
import numpy as np

from .nodes import channel_images, principled

SIZE = 32                 # icon pixels (Blender scales icons for the list rows)
NEW_PER_TICK = 4          # icons made per timer tick
TICK_S = 0.1

_icons = None             # bpy.utils.previews collection, made in register()
_pending: dict[str, None] = {}   # material names asked for, in order


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
    """The material's icon id, or 0 while it waits to be made (or without the collection).

    Never makes one itself: this runs inside panel draws, where reading image pixels can wait on
    the draw code's own image lock (Blender froze there in the GUI tier). A timer makes the icons
    asked for, NEW_PER_TICK at a time, and redraws the sidebar."""
    if mat is None or _icons is None:
        return 0
    found = _icons.get(_key(mat))
    if found is not None:
        return found.icon_id
    _pending[mat.name_full] = None
    if not bpy.app.timers.is_registered(make_pending):
        bpy.app.timers.register(make_pending, first_interval=TICK_S)
    return 0


def make_pending() -> float | None:
    """Timer: make up to NEW_PER_TICK of the icons asked for, then redraw; again while any wait."""
    if _icons is None:
        _pending.clear()
        return None
    for name in list(_pending)[:NEW_PER_TICK]:
        del _pending[name]
        mat = bpy.data.materials.get(name)
        if mat is None or _icons.get(_key(mat)) is not None:
            continue
        preview = _icons.new(_key(mat))
        preview.image_size = (SIZE, SIZE)
        preview.image_pixels_float = _pixels(mat).ravel()
    for window in getattr(bpy.context.window_manager, "windows", ()):
        for area in window.screen.areas:
            if area.type == "VIEW_3D":
                area.tag_redraw()
    return TICK_S if _pending else None


def register() -> None:
    global _icons
    import bpy.utils.previews

    _icons = bpy.utils.previews.new()


def unregister() -> None:
    global _icons
    if bpy.app.timers.is_registered(make_pending):
        bpy.app.timers.unregister(make_pending)
    _pending.clear()
    if _icons is not None:
        bpy.utils.previews.remove(_icons)
        _icons = None
