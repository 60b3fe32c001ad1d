"""PNG files as numpy RGBA float pixels through Blender's image API (bpy imported when called):
the examples' and the farm collector's (scripts/farm_collect.py) contact sheets."""

from __future__ import annotations

import os
from typing import Any


def read_png(path: str | os.PathLike) -> Any:
    """RGBA float pixels, rows bottom-up as Blender stores them."""
    import bpy
    import numpy as np

    image = bpy.data.images.load(str(path))
    try:
        width, height = image.size
        pixels = np.empty(width * height * 4, dtype=np.float32)
        image.pixels.foreach_get(pixels)
    finally:
        bpy.data.images.remove(image)
    return pixels.reshape(height, width, 4)


def write_png(pixels: Any, path: str | os.PathLike) -> str:
    import bpy
    import numpy as np

    height, width = pixels.shape[:2]
    image = bpy.data.images.new("worldsmith-example", width, height, alpha=True)
    try:
        image.pixels.foreach_set(np.ascontiguousarray(pixels, dtype=np.float32).ravel())
        image.filepath_raw = str(path)
        image.file_format = "PNG"
        image.save()
    finally:
        bpy.data.images.remove(image)
    return str(path)
