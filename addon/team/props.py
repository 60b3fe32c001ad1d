"""The Team panel's per-scene state (``Scene.worldsmith_team``): the note and branch name being
typed, and what the last refresh read from the team folder (the panel never reads the folder
while drawing: a network drive would stall every redraw)."""

from __future__ import annotations

import bpy

from ..scene.ui_base import scene_property_group


class WORLDSMITH_PG_team(bpy.types.PropertyGroup):
    note: bpy.props.StringProperty(name="Note", description="Note recorded with the next review move")
    branch: bpy.props.StringProperty(name="Branch", description="Branch name for Take; empty means your name")
    status: bpy.props.StringProperty(name="Status", description="Team folder status from the last refresh (JSON)")
    rows: bpy.props.StringProperty(name="Published", description="Published versions from the last refresh (JSON)")
    problems: bpy.props.StringProperty(name="Problems", description="Files skipped at the last refresh (JSON)")
    world_id: bpy.props.StringProperty(name="World", description="World the rows belong to")


register, unregister = scene_property_group("worldsmith_team", WORLDSMITH_PG_team)
