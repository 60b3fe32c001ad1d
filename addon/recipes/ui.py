"""Recipe panels: the Node Editor's sidebar (a recipe tree's version, its stale nodes, Run and
Sweep) and a short one in the 3D viewport's Worldsmith tab (Show Recipe)."""

from __future__ import annotations

import bpy

from ..scene.ui_base import WorldsmithSidebarPanel
from . import tree as trees


class WORLDSMITH_PT_recipe(bpy.types.Panel):
    bl_label = "Recipe"
    bl_idname = "WORLDSMITH_PT_recipe"
    bl_space_type = "NODE_EDITOR"
    bl_region_type = "UI"
    bl_category = "Worldsmith"

    @classmethod
    def poll(cls, context):
        return getattr(getattr(context, "space_data", None), "tree_type", "") == trees.TREE_ID

    def draw(self, context):
        layout = self.layout
        tree = getattr(context.space_data, "edit_tree", None)
        if tree is None:
            layout.label(text="Show a version's recipe from the 3D viewport's Worldsmith tab")
            layout.operator("worldsmith.recipe_show", icon="NODETREE")
            return
        stale = [n.node_id for n in tree.nodes if getattr(n, "stale", False)]
        layout.label(text=f"Version {tree.get(trees.VERSION_PROP, '?')}")
        layout.label(text=f"{len(stale)} stale node(s)" if stale else "Nothing changed", icon="ERROR" if stale else "CHECKMARK")
        run = layout.operator("worldsmith.recipe_run", icon="PLAY")
        run.tree = tree.name
        box = layout.box()
        box.label(text="Sweep the active node")
        sweep = box.operator("worldsmith.recipe_sweep", icon="SEQ_SEQUENCER")
        sweep.tree = tree.name


class WORLDSMITH_PT_recipe_view3d(WorldsmithSidebarPanel, bpy.types.Panel):
    bl_label = "Recipe"
    bl_idname = "WORLDSMITH_PT_recipe_view3d"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        layout = self.layout
        layout.label(text="How the selected version was made, as nodes")
        layout.operator("worldsmith.recipe_show", icon="NODETREE")


CLASSES = (WORLDSMITH_PT_recipe, WORLDSMITH_PT_recipe_view3d)


# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
