"""Copy-on-write for assets shared between versions.

A branch's objects are new, but their mesh data and materials are the parent's. Any operator that
edits an asset calls ``ensure_single_user(obj)`` first (reroll, material reassignment, game prep):
it refuses approved versions and gives the object its own mesh when the mesh is shared, so the
parent never changes.

The trap: material slots linked to DATA live on the mesh, so assigning a slot's material on a
shared mesh would change every version using it. Slot reassignment therefore never writes the
mesh: ``materials.library.set_slot`` links the slot to the object instead (no mesh copy needed).

>>> ensure_single_user(well)                  # well.data is now well's own
"""

from __future__ import annotations

import bpy

from .assets import version_of
from .records import ensure_editable


def ensure_single_user(obj: bpy.types.Object) -> bpy.types.ID | None:
    """Make ``obj``'s data its own if another object (in any version) uses it; return the data.

    Raises ``VersionFrozen`` if ``obj`` belongs to an approved version.
    """
    version = version_of(obj)
    if version is not None:
        ensure_editable(version)
    data = obj.data
    if data is not None and data.users > 1 + int(data.use_fake_user):
        # copy() keeps the material list pointing at the same materials: only the mesh is new.
        obj.data = data.copy()
    return obj.data
