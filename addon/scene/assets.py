"""Objects of generated worlds: which version holds an object, the asset above a part, stable
keys for recipe steps, world matrices and triangle counts. Every feature asks here.

An asset is a root object with ``role`` "asset" (or "proxy": a named blockout) and an
``asset_id``; its parts are children
carrying ``role`` "part" and ``part`` (the GLB contract). Game prep adds children ("lod",
"collision") that carry the asset's ``asset_id`` too.
"""

from __future__ import annotations

from typing import Any

import bpy
import numpy as np

from ..core.errors import InvalidInput
from .store import ASSET_ROLES, VERSION_KEY, Version, versions


def version_of(obj: bpy.types.Object) -> Version | None:
    """The version whose collection (or a child of it) holds ``obj``; None for other objects."""
    for coll in obj.users_collection:
        if VERSION_KEY in coll:
            return Version(coll)
    for version in versions():
        if obj.name in version.collection.all_objects:
            return version
    return None


def owner(obj: bpy.types.Object) -> Version:
    """``version_of``, refusing objects outside every Worldsmith version."""
    version = version_of(obj)
    if version is None:
        raise InvalidInput(f"object {obj.name!r} is not part of a Worldsmith version; "
                           "this works on generated worlds only")
    return version


def asset_root(obj: bpy.types.Object | None) -> bpy.types.Object | None:
    """The asset an object belongs to (itself, or the asset above a part); None if none."""
    while obj is not None and obj.get("role") not in ASSET_ROLES:
        obj = obj.parent
    return obj


def asset_id_of(obj: bpy.types.Object | None) -> str:
    """The asset an object belongs to: its own ``asset_id``, else its nearest ancestor's
    ("" outside every asset)."""
    while obj is not None:
        if "asset_id" in obj:
            return str(obj["asset_id"])
        obj = obj.parent
    return ""


def asset_key(obj: bpy.types.Object) -> str:
    """The stable name of an object in recipe steps: its asset id, or asset id/part for parts."""
    if obj.get("asset_id"):
        return str(obj["asset_id"])
    root = obj.parent
    while root is not None and not root.get("asset_id"):
        root = root.parent
    part = str(obj.get("part") or obj.name)
    return f"{root['asset_id']}/{part}" if root is not None else obj.name


def resolve_object(obj: Any) -> bpy.types.Object:
    """An object from an Object or its name; ``InvalidInput`` otherwise."""
    if obj is None:
        raise InvalidInput("no object: select one, or name it (object_name=...)")
    if isinstance(obj, str):
        found = bpy.data.objects.get(obj)
        if found is None:
            raise InvalidInput(f"there is no object named {obj!r}")
        return found
    if not isinstance(obj, bpy.types.Object):
        raise InvalidInput(f"{obj!r} is not an object (pass a bpy Object or its name)")
    return obj


def world_matrix(obj: bpy.types.Object) -> Any:
    """``matrix_world`` computed from the transform channels and the parent chain: objects of an
    excluded version, and objects made since the last depsgraph update, have a stale one."""
    if obj.parent is None:
        return obj.matrix_basis.copy()
    return world_matrix(obj.parent) @ obj.matrix_parent_inverse @ obj.matrix_basis


def triangle_count(mesh: bpy.types.Mesh) -> int:
    """Triangles the mesh has once triangulated (what engines and glTF count)."""
    # foreach_get, not a loop over polygons: validation counts every mesh before each export.
    sizes = np.empty(len(mesh.polygons), dtype=np.int32)
    mesh.polygons.foreach_get("loop_total", sizes)
    return int(sizes.sum()) - 2 * len(sizes)
