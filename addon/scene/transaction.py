"""All or nothing for operations that create datablocks (generate, regenerate, reroll, retexture).

``with Transaction():`` remembers which datablocks exist; on any exception everything created
inside is removed and the view layer's active object and selection are put back, so a failure
anywhere leaves the .blend as it was. Operations change existing data (slots, visibility, records)
only at their very end, after everything that can fail.
"""

from __future__ import annotations

from typing import Any

import bpy

# bpy.data collections an import (or our own version building) can add to.
ID_COLLECTIONS = (
    "objects", "meshes", "materials", "images", "textures", "node_groups", "collections",
    "cameras", "lights", "actions", "scenes", "worlds", "curves", "armatures",
)


def _ids(name: str) -> Any:
    return getattr(bpy.data, name, None) or ()


def snapshot() -> dict[str, set[int]]:
    return {name: {i.as_pointer() for i in _ids(name)} for name in ID_COLLECTIONS}


def counts() -> dict[str, int]:
    """How many datablocks of each kind exist (tests compare before/after)."""
    return {name: len(_ids(name)) for name in ID_COLLECTIONS}


class Transaction:
    """``with Transaction():`` — on an exception, every datablock created inside is removed and
    the view layer's active object and selection are put back."""

    def __enter__(self) -> "Transaction":
        self.before = snapshot()
        view_layer = bpy.context.view_layer
        self.view_layer = view_layer
        self.active_object = view_layer.objects.active.name if view_layer and view_layer.objects.active else None
        self.selected = [o.name for o in view_layer.objects if o.select_get()] if view_layer else []
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            self.rollback()
        return False

    def rollback(self) -> None:
        doomed = [i for name in ID_COLLECTIONS for i in _ids(name) if i.as_pointer() not in self.before[name]]
        if doomed:
            bpy.data.batch_remove(doomed)
        self._restore_view_layer()

    def purge_new_orphans(self) -> None:
        """Remove datablocks created in this transaction that nothing uses (e.g. the mesh of a
        staged object that was discarded). Repeats: freeing a material frees its images."""
        for _ in range(6):
            orphans = [i for name in ID_COLLECTIONS if name != "scenes" for i in _ids(name)
                       if i.as_pointer() not in self.before[name] and i.users == 0]
            if not orphans:
                return
            bpy.data.batch_remove(orphans)

    def _restore_view_layer(self) -> None:
        view_layer = self.view_layer
        if view_layer is None:
            return
        try:
            for obj in view_layer.objects:
                obj.select_set(obj.name in self.selected)
            view_layer.objects.active = bpy.data.objects.get(self.active_object) if self.active_object else None
        except (ReferenceError, RuntimeError):
            pass
