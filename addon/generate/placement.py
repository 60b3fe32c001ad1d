"""Where a new world goes in the scene: beside what is already there, never on top of it.

A world keeps one origin (Blender space, metres) in its record (``world["worldsmith_world"]
["origin"]``): every version's objects from the generator are placed at it, keep boxes sent to
the backend are taken relative to it, and export writes the world relative to it, so the same
spec gives the same files wherever the world sits in the scene.
"""

from __future__ import annotations

from typing import Iterable

import bpy
import numpy as np
from mathutils import Vector

from ..scene import store
from ..scene.assets import world_matrix

MARGIN = 2.0  # metres between the existing content and the new world


def xy_extent(objects: Iterable[bpy.types.Object]) -> tuple[float, float, float, float] | None:
    """(min x, min y, max x, max y) of the objects' meshes in world space, None without meshes."""
    lows, highs = [], []
    for obj in objects:
        if obj.type != "MESH" or not len(obj.data.vertices):
            continue
        co = np.empty(len(obj.data.vertices) * 3, dtype=np.float64)
        obj.data.vertices.foreach_get("co", co)
        matrix = np.asarray(world_matrix(obj))
        points = co.reshape(-1, 3) @ matrix[:3, :3].T + matrix[:3, 3]
        lows.append(points.min(0))
        highs.append(points.max(0))
    if not lows:
        return None
    lo, hi = np.min(lows, axis=0), np.max(highs, axis=0)
    return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])


def scene_content(scene: bpy.types.Scene) -> list[bpy.types.Object]:
    """Visible objects of ``scene`` that belong to no Worldsmith world."""
    in_worlds = {o for w in store.worlds() for o in w.all_objects}
    return [o for o in scene.objects if o not in in_worlds and o.visible_get()]


def origin_beside(scene: bpy.types.Scene, world_objects: Iterable[bpy.types.Object]) -> Vector:
    """An origin for a new world that keeps it clear of the scene's content (+X side), or (0, 0, 0)
    when nothing is in the way."""
    world = xy_extent(world_objects)
    content = xy_extent(scene_content(scene))
    if world is None or content is None:
        return Vector((0.0, 0.0, 0.0))
    overlaps = world[0] < content[2] and content[0] < world[2] and world[1] < content[3] and content[1] < world[3]
    if not overlaps:
        return Vector((0.0, 0.0, 0.0))
    return Vector((content[2] + MARGIN - world[0], 0.0, 0.0))
