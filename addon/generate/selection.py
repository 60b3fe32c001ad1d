"""The asset list's highlighted row and the viewport's active object follow each other.

Clicking a row (``Scene.worldsmith.asset_index``, its update callback) selects that asset and
makes it active; making an object active in the viewport (a message-bus subscription on the
view layer's active object) highlights its asset's row. Each side only writes when the other
differs, so neither loops.
"""

from __future__ import annotations

import bpy

from ..scene import store
from ..scene.assets import asset_root, version_of
from .ops import context_version

_OWNER = object()


def select_row(scene: bpy.types.Scene, context=None) -> None:
    """``asset_index`` changed: select the row's asset (only it) and make it active."""
    context = context or bpy.context
    version = context_version(context)
    if version is None:
        return
    objects = version.collection.objects
    index = scene.worldsmith.asset_index
    if not 0 <= index < len(objects) or objects[index].get("role") not in store.ASSET_ROLES:
        return
    obj = objects[index]
    view_layer = context.view_layer
    active = view_layer.objects.active
    if active is not None and (asset_root(active) or active) == obj:
        return  # already there (a part of the asset may stay active: its slots are what you edit)
    if obj.name not in view_layer.objects:
        return
    for other in context.selected_objects or ():
        other.select_set(False)
    obj.select_set(True)
    view_layer.objects.active = obj


def follow_active(*_args) -> None:
    """The active object changed: highlight its asset's row in the list."""
    context = bpy.context
    obj = getattr(context.view_layer.objects, "active", None) if context.view_layer else None
    root = asset_root(obj) if obj is not None else None
    version = version_of(root) if root is not None else None
    if version is None:
        return
    objects = list(version.collection.objects)
    if root in objects:
        index = objects.index(root)
        if context.scene.worldsmith.asset_index != index:
            context.scene.worldsmith.asset_index = index


def _subscribe(*_args) -> None:
    bpy.msgbus.clear_by_owner(_OWNER)
    bpy.msgbus.subscribe_rna(key=(bpy.types.LayerObjects, "active"), owner=_OWNER, args=(),
                             notify=follow_active)


@bpy.app.handlers.persistent
def _on_load(*_args) -> None:
    _subscribe()  # loading a file clears message-bus subscriptions


def register() -> None:
    _subscribe()
    bpy.app.handlers.load_post.append(_on_load)


def unregister() -> None:
    if _on_load in bpy.app.handlers.load_post:
        bpy.app.handlers.load_post.remove(_on_load)
    bpy.msgbus.clear_by_owner(_OWNER)
