"""The Versions panel's per-scene state (``Scene.worldsmith_versions``: the selected version, A and
B, the last diff), and the version an operator acts on."""

from __future__ import annotations

import bpy

from ..core.errors import InvalidInput, WorldsmithError
from ..scene import store
from ..scene.ui_base import scene_property_group


class WORLDSMITH_PG_versions(bpy.types.PropertyGroup):
    selected: bpy.props.StringProperty(name="Selected Version", description="Id of the version the actions apply to")
    compare_a: bpy.props.StringProperty(name="A", description="Id of version A (left, unchanged)")
    compare_b: bpy.props.StringProperty(name="B", description="Id of version B (right, moved along X)")
    diff_lines: bpy.props.StringProperty(name="Diff", description="Summary of the last diff (JSON list)")


def selected_version(context, version_id: str = "") -> store.Version:
    """The version an operator acts on: its ``version_id``, else the panel's selection, else the
    visible version of the first world."""
    wanted = version_id or context.scene.worldsmith_versions.selected
    if wanted:
        return store.get_version(wanted)
    for world in store.worlds():
        found = store.active_version(world)
        if found is not None:
            return found
    raise InvalidInput("no version is selected; generate a world or pick a version in the Versions panel")


def shown_version(context) -> store.Version | None:
    """``selected_version`` for panels: None where there is no world yet or the selection is gone."""
    try:
        return selected_version(context) if store.worlds() else None
    except (WorldsmithError, ReferenceError):
        return None


register, unregister = scene_property_group("worldsmith_versions", WORLDSMITH_PG_versions)
