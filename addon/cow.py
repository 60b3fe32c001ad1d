"""Copy-on-write for assets shared between versions.

A branch's objects are new, but their mesh data and materials are the parent's. Any operator that
edits an asset calls ``ensure_single_user(obj)`` first (reroll, material reassignment, game prep):
it refuses approved versions and gives the object its own mesh when the mesh is shared, so the
parent never changes.

The trap: material slots linked to DATA live on the mesh. Assigning ``obj.material_slots[i]
.material`` on a shared mesh changes every version using it; ``reassign_slot`` copies the mesh
first.

>>> ensure_single_user(well)                  # well.data is now well's own
>>> reassign_slot(stall_cloth, 0, bpy.data.materials["Cloth Blue"])
"""

from __future__ import annotations

import bpy

from . import store, versions
from .core.errors import InvalidInput
from .store import VERSION_KEY, Version


def version_of(obj: bpy.types.Object) -> Version | None:
    """The version whose collection (or a child of it) holds ``obj``; None for other objects."""
    for coll in obj.users_collection:
        if VERSION_KEY in coll:
            return Version(coll)
    for version in store.versions():
        if obj.name in version.collection.all_objects:
            return version
    return None


def ensure_single_user(obj: bpy.types.Object) -> bpy.types.ID | None:
    """Make ``obj``'s data its own if another object (in any version) uses it; return the data.

    Raises ``VersionFrozen`` if ``obj`` belongs to an approved version.
    """
    version = version_of(obj)
    if version is not None:
        versions.ensure_editable(version)
    data = obj.data
    if data is not None and data.users > 1 + int(data.use_fake_user):
        # copy() keeps the material list pointing at the same materials: only the mesh is new.
        obj.data = data.copy()
    return obj.data


def ensure_asset_single_user(root: bpy.types.Object) -> None:
    """``ensure_single_user`` on an asset root and all its parts."""
    for obj in (root, *root.children_recursive):
        ensure_single_user(obj)


def ensure_single_user_material(obj: bpy.types.Object, slot_index: int) -> bpy.types.Material:
    """Give slot ``slot_index`` of ``obj`` its own material before editing the material itself
    (node values, textures); other objects keep the original."""
    _check_slot(obj, slot_index)
    if obj.material_slots[slot_index].link == "DATA":
        # A material with one user can still be shared: that user may be a shared mesh.
        ensure_single_user(obj)
    material = obj.material_slots[slot_index].material
    if material is None or material.users <= 1:
        return material
    return reassign_slot(obj, slot_index, material.copy())


def replace_mesh(obj: bpy.types.Object, mesh: bpy.types.Mesh) -> None:
    """Put ``mesh`` on ``obj`` (what a reroll does); the old mesh stays with other versions."""
    version = version_of(obj)
    if version is not None:
        versions.ensure_editable(version)
    obj.data = mesh


def _check_slot(obj: bpy.types.Object, slot_index: int) -> None:
    if not 0 <= slot_index < len(obj.material_slots):
        raise InvalidInput(f"{obj.name!r} has {len(obj.material_slots)} material slots; "
                           f"slot {slot_index} does not exist")


def reassign_slot(obj: bpy.types.Object, slot_index: int, material: bpy.types.Material) -> bpy.types.Material:
    """Assign ``material`` to slot ``slot_index`` of ``obj`` in its version only."""
    _check_slot(obj, slot_index)
    if not isinstance(material, bpy.types.Material):
        raise InvalidInput(f"{material!r} is not a material")
    slot = obj.material_slots[slot_index]
    if slot.link == "DATA":
        ensure_single_user(obj)
        obj.data.materials[slot_index] = material
    else:
        version = version_of(obj)
        if version is not None:
            versions.ensure_editable(version)
        slot.material = material
    return material
