"""Asset sources that need no backend job: ``proxy`` (each mesh of the asset becomes a box of its
own bounds, with the same material slots: a stand-in for blocking out) and ``library`` (the asset
takes the mesh of another object, e.g. one marked in the Asset Browser, named by the node's
``library_asset``; the asset's parts go). Both act on the new version's own objects only.

>>> apply_source(version, {"asset_id": "well.000", "source": "proxy"})
"""

from __future__ import annotations

from typing import Any

import bpy
import numpy as np

from ..core import recipe as rules
from ..scene import store

LOCAL_SOURCES = ("proxy", "library")


def _box(mesh: bpy.types.Mesh, made: dict[int, bpy.types.Mesh]) -> bpy.types.Mesh:
    if mesh.as_pointer() in made:
        return made[mesh.as_pointer()]
    co = np.empty(len(mesh.vertices) * 3, dtype=np.float32)
    mesh.vertices.foreach_get("co", co)
    co = co.reshape(-1, 3) if len(co) else np.zeros((1, 3), np.float32)
    lo, hi = co.min(axis=0), co.max(axis=0)
    verts = [(x, y, z) for z in (lo[2], hi[2]) for y in (lo[1], hi[1]) for x in (lo[0], hi[0])]
    faces = [(0, 2, 3, 1), (4, 5, 7, 6), (0, 1, 5, 4), (2, 6, 7, 3), (0, 4, 6, 2), (1, 3, 7, 5)]
    box = bpy.data.meshes.new(f"{mesh.name} proxy")
    box.from_pydata([tuple(map(float, v)) for v in verts], [], faces)
    for mat in mesh.materials:
        box.materials.append(mat)
    box.update()
    made[mesh.as_pointer()] = box
    return box


def apply_source(version: store.Version, params: dict[str, Any]) -> None:
    """Give asset ``params["asset_id"]`` of ``version`` the local source ``params["source"]``."""
    node = f"asset:{params['asset_id']}"
    root = version.assets().get(params["asset_id"])
    if root is None:
        raise rules.RecipeError(node, f"{version.collection.name} has no asset {params['asset_id']!r}")
    subtree = [root, *store.Hierarchy(version.collection.all_objects).descendants(root)]
    if params["source"] == "proxy":
        made: dict[int, bpy.types.Mesh] = {}
        for obj in subtree:
            if obj.type == "MESH" and obj.get("role", "asset") in ("asset", "part"):
                obj.data = _box(obj.data, made)
        return
    name = str(params.get("library_asset") or "")
    source = bpy.data.objects.get(name)
    if source is None:
        owned = [o for o in bpy.data.objects if o.get("asset_id") == name and o.get("role") == "asset"]
        source = owned[0] if owned else None
    if source is None or source.type != "MESH" or root.type != "MESH":
        raise rules.RecipeError(node, f"library_asset {name!r} is not a mesh object (or asset id) in this file")
    root.data = source.data
    parts = [o for o in subtree[1:] if o.get("role") == "part"]
    if parts:
        bpy.data.batch_remove(parts)
