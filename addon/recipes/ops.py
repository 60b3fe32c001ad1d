"""worldsmith.recipe_* operators: show a version's recipe as a node tree, Run the edited tree (a
new version, only stale nodes re-run), and sweep one node over a list of values.

They take explicit ``version_id`` / ``tree`` names and fall back to the panel's selection or the
Node Editor's tree, so scripts call them headless:
``bpy.ops.worldsmith.recipe_run(tree="Recipe Courtyard v2 main")``.
"""

from __future__ import annotations

import bpy

from .. import api
from ..core.errors import InvalidInput
from ..scene.ui_base import ReportingOperator
from ..versions.props import selected_version
from . import tree as trees


def edited_tree(context, name: str = "") -> bpy.types.NodeTree:
    """The recipe tree named ``name``, else the one the Node Editor shows."""
    if name:
        found = bpy.data.node_groups.get(name)
    else:
        space = getattr(context, "space_data", None)
        found = getattr(space, "edit_tree", None) or getattr(space, "node_tree", None)
    if found is None or found.bl_idname != trees.TREE_ID:
        raise InvalidInput("no Worldsmith Recipe tree is open; press Show Recipe in the Worldsmith sidebar first")
    return found


def parse_values(text: str) -> list:
    """"1-8", "1,3,5" -> ints; "mossy stone | red brick" -> strings."""
    text = text.strip()
    if not text:
        raise InvalidInput("give the sweep values: 1-8, 1,3,5, or prompts separated by |")
    if "|" in text:
        return [v.strip() for v in text.split("|") if v.strip()]
    out: list = []
    try:
        for part in text.split(","):
            lo, _, hi = part.strip().partition("-")
            out += list(range(int(lo), int(hi) + 1)) if hi else [int(lo)]
    except ValueError:
        return [v.strip() for v in text.split(",") if v.strip()]
    return out


class WORLDSMITH_OT_recipe_show(ReportingOperator, bpy.types.Operator):
    """Show how this version was made as a node tree (Node Editor: Worldsmith Recipe)"""

    bl_idname = "worldsmith.recipe_show"
    bl_label = "Show Recipe"
    bl_options = {"REGISTER", "UNDO"}
    version_id: bpy.props.StringProperty(name="Version", description="Version id; empty means the selected one")

    def run(self, context):
        version = selected_version(context, self.version_id)
        tree = trees.build_tree(version)
        for area in getattr(getattr(context, "screen", None), "areas", []):
            if area.type == "NODE_EDITOR":
                area.spaces.active.tree_type = trees.TREE_ID
                area.spaces.active.node_tree = tree
        return f"{tree.name}: {len(tree.nodes)} nodes (open a Node Editor, type Worldsmith Recipe)"


class _TreeOperator(ReportingOperator):
    """Shared: the recipe tree to act on (``tree``, else the Node Editor's)."""

    bl_options = {"REGISTER", "UNDO"}
    tree: bpy.props.StringProperty(name="Tree", description="Recipe tree name; empty means the open one")


class WORLDSMITH_OT_recipe_run(_TreeOperator, bpy.types.Operator):
    """Re-run the stale nodes of this recipe and make a new version (the shown one stays as it was)"""

    bl_idname = "worldsmith.recipe_run"
    bl_label = "Run Recipe"
    discard_manual_edits: bpy.props.BoolProperty(name="Discard Hand Edits", default=False)

    def run(self, context):
        tree = edited_tree(context, self.tree)
        stale = trees.mark_stale(tree)
        version = api.run_recipe(trees.tree_recipe(tree), discard_manual_edits=self.discard_manual_edits)
        made = trees.build_tree(version)
        space = getattr(context, "space_data", None)
        if getattr(space, "type", "") == "NODE_EDITOR":
            space.node_tree = made
        return f"Made {version.collection.name}; re-ran {len(stale)} node(s)"


class WORLDSMITH_OT_recipe_sweep(_TreeOperator, bpy.types.Operator):
    """Run one node over a list of values: one new branch per value"""

    bl_idname = "worldsmith.recipe_sweep"
    bl_label = "Sweep Node"
    node: bpy.props.StringProperty(name="Node", description="Recipe node id, e.g. material.1; empty: the active node")
    param: bpy.props.StringProperty(name="Parameter", default="request.seed",
                                    description="request.seed, request.prompt, reroll_seed, source, seed")
    values: bpy.props.StringProperty(name="Values", default="1-8", description="1-8, 1,3,5 or a | b | c")

    def run(self, context):
        tree = edited_tree(context, self.tree)
        node = self.node or getattr(tree.nodes.active, "node_id", "")
        if not node:
            raise InvalidInput("pick a node to sweep (click it), or give its id")
        made = api.sweep(tree[trees.VERSION_PROP], node, self.param, parse_values(self.values))
        return f"Made {len(made)} branches: {', '.join(v.collection.name for v in made)}"


CLASSES = (WORLDSMITH_OT_recipe_show, WORLDSMITH_OT_recipe_run, WORLDSMITH_OT_recipe_sweep)


# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
