"""The "Worldsmith Recipe" node tree: one per version, built from its recipe graph, readable
without running anything. Nodes carry the parameters an artist edits (a retexture's prompt and
seed, an asset's source and reroll seed, the layout's seed); editing one marks that node and
everything downstream stale (red). ``tree_recipe`` reads the edited graph back for ``run``.

The graph the tree was built from is stored on the tree (``ws_recipe``, JSON) next to the version
id (``ws_version``), so a saved and reloaded file shows the same tree and still knows what changed.

>>> tree = build_tree(version)     # bpy.data.node_groups["Recipe Courtyard v2 main"]
"""

from __future__ import annotations

import json
from typing import Any

import bpy

from ..core import recipe as rules
from ..scene import records
from .graph import recipe_of

TREE_ID = "WorldsmithRecipeTree"
SOCKET_ID = "WorldsmithRecipeSocket"
VERSION_PROP, RECIPE_PROP = "ws_version", "ws_recipe"
STALE_COLOUR, CLEAN_COLOUR = (0.75, 0.18, 0.15), (0.25, 0.25, 0.28)
COLUMNS = {"layout": 0, "asset": 1, "material": 2, "manual_edit": 3, "gameprep": 3, "export": 4}


def _mark(self: Any, context: Any) -> None:
    """Property update: recompute which nodes are stale after an edit."""
    tree = self.id_data
    if getattr(tree, "bl_idname", "") == TREE_ID and not tree.get("ws_building"):
        mark_stale(tree)


class WorldsmithRecipeTree(bpy.types.NodeTree):
    """How a Worldsmith version was made; edit a node and press Run (sidebar, Worldsmith tab)."""

    bl_idname = TREE_ID
    bl_label = "Worldsmith Recipe"
    bl_icon = "NODETREE"


class WorldsmithRecipeSocket(bpy.types.NodeSocket):
    """What flows between recipe nodes (a step's result); it has no value of its own."""

    bl_idname = SOCKET_ID
    bl_label = "Result"

    def draw(self, context, layout, node, text):
        layout.label(text=text)

    def draw_color(self, context, node):
        return (0.9, 0.6, 0.2, 1.0)


class _RecipeNode:
    """Shared by every recipe node: the graph node's id, key and full parameters (JSON)."""

    node_id: bpy.props.StringProperty(name="Node", description="Id of the node in the recipe graph")
    node_key: bpy.props.StringProperty(name="Key", description="Content key: type, code version, "
                                       "parameters, seed and inputs")
    params_json: bpy.props.StringProperty(name="Parameters", description="Every parameter of the node (JSON)")
    stale: bpy.props.BoolProperty(name="Stale", description="Changed, or downstream of a change: Run redoes it")

    @classmethod
    def poll(cls, ntree):
        return ntree.bl_idname == TREE_ID

    def init(self, context):
        self.inputs.new(SOCKET_ID, "In")
        self.outputs.new(SOCKET_ID, "Out")

    def draw_buttons(self, context, layout):
        for name in self.EDITABLE:
            layout.prop(self, name)
        if self.stale:
            layout.label(text="Stale: Run redoes this", icon="ERROR")

    def edited(self) -> dict[str, Any]:
        """The node's parameters with the editable properties applied."""
        params = json.loads(self.params_json or "{}")
        for name, path in self.PATHS.items():
            value = getattr(self, name)
            if name == "reroll_seed":
                value = None if value < 0 else int(value)
            target = params
            *head, last = path.split(".")
            for part in head:
                target = target.setdefault(part, {})
            if value == "" and not target.get(last):
                continue  # an empty text field stands for a parameter the node does not have
            target[last] = value
        return params

    def load(self, params: dict[str, Any]) -> None:
        self.params_json = json.dumps(params, sort_keys=True)
        for name, path in self.PATHS.items():
            value: Any = params
            for part in path.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if name == "reroll_seed":
                value = -1 if value is None else value
            if value is not None:
                setattr(self, name, value)


class WorldsmithLayoutNode(_RecipeNode, bpy.types.Node):
    """Layout: prompt, theme, generator and its version, seed and budgets."""

    bl_idname, bl_label = "WorldsmithLayoutNode", "Layout"
    EDITABLE = ("prompt", "seed", "max_assets", "texture_size")
    PATHS = {"prompt": "prompt", "seed": "seed", "texture_size": "texture_size"}
    prompt: bpy.props.StringProperty(name="Prompt", update=_mark)
    seed: bpy.props.IntProperty(name="Seed", min=0, update=_mark)
    max_assets: bpy.props.IntProperty(name="Max Assets", min=0, description="0: no cap", update=_mark)
    texture_size: bpy.props.IntProperty(name="Texture Size", min=64, max=4096, default=512, update=_mark)

    def init(self, context):
        self.outputs.new(SOCKET_ID, "Layout")

    def edited(self) -> dict[str, Any]:
        params = super().edited()
        params["max_assets"] = self.max_assets or None
        return params

    def load(self, params: dict[str, Any]) -> None:
        super().load(params)
        self.max_assets = int(params.get("max_assets") or 0)


class WorldsmithAssetNode(_RecipeNode, bpy.types.Node):
    """One asset: where it comes from, its reroll seed (-1: as laid out), locked (pinned)."""

    bl_idname, bl_label = "WorldsmithAssetNode", "Asset"
    EDITABLE = ("asset_id", "source", "library_asset", "reroll_seed", "locked")
    PATHS = {"source": "source", "library_asset": "library_asset", "reroll_seed": "reroll_seed", "locked": "locked"}
    asset_id: bpy.props.StringProperty(name="Asset")
    source: bpy.props.EnumProperty(name="Source", items=[(s, s.title(), f"The asset comes from: {s}")
                                                         for s in rules.SOURCES], update=_mark)
    library_asset: bpy.props.StringProperty(name="Library Asset", update=_mark,
                                            description="Source 'library': the object (or asset id) whose mesh to use")
    reroll_seed: bpy.props.IntProperty(name="Reroll Seed", min=-1, default=-1, update=_mark)
    locked: bpy.props.BoolProperty(name="Locked", update=_mark)


class WorldsmithMaterialNode(_RecipeNode, bpy.types.Node):
    """A material step: reassign, take, replace, edit or retexture (prompt, seed, size)."""

    bl_idname, bl_label = "WorldsmithMaterialNode", "Material"
    EDITABLE = ("op", "target", "prompt", "seed", "size")
    PATHS = {"prompt": "request.prompt", "seed": "request.seed", "size": "request.size"}
    op: bpy.props.StringProperty(name="Step")
    target: bpy.props.StringProperty(name="Slot")
    prompt: bpy.props.StringProperty(name="Prompt", update=_mark)
    seed: bpy.props.IntProperty(name="Seed", min=0, update=_mark)
    size: bpy.props.IntProperty(name="Size", min=0, max=4096, update=_mark)

    def draw_buttons(self, context, layout):
        layout.label(text=f"{self.op.replace('material_', '')}: {self.target}")
        if self.op == "material_retexture":
            for name in ("prompt", "seed", "size"):
                layout.prop(self, name)
        if self.stale:
            layout.label(text="Stale: Run redoes this", icon="ERROR")

    def edited(self) -> dict[str, Any]:
        if self.op != "material_retexture":
            return json.loads(self.params_json or "{}")
        return super().edited()


class WorldsmithGamePrepNode(_RecipeNode, bpy.types.Node):
    """Game prep: LODs or collision."""

    bl_idname, bl_label = "WorldsmithGamePrepNode", "Game Prep"
    EDITABLE = ("op",)
    PATHS: dict[str, str] = {}
    op: bpy.props.StringProperty(name="Step")


class WorldsmithExportNode(_RecipeNode, bpy.types.Node):
    """Export: preset and path (a new path exports again on Run)."""

    bl_idname, bl_label = "WorldsmithExportNode", "Export"
    EDITABLE = ("preset", "path")
    PATHS = {"preset": "preset", "path": "path"}
    preset: bpy.props.StringProperty(name="Preset", update=_mark)
    path: bpy.props.StringProperty(name="Path", subtype="FILE_PATH", update=_mark)


class WorldsmithManualEditNode(_RecipeNode, bpy.types.Node):
    """A hand edit the recipe cannot redo: a re-run keeps it, or refuses to lose it."""

    bl_idname, bl_label = "WorldsmithManualEditNode", "Manual Edit"
    EDITABLE = ("asset_id", "what")
    PATHS: dict[str, str] = {}
    asset_id: bpy.props.StringProperty(name="Asset")
    what: bpy.props.StringProperty(name="Changed")


NODE_CLASSES = {"layout": WorldsmithLayoutNode, "asset": WorldsmithAssetNode, "material": WorldsmithMaterialNode,
                "gameprep": WorldsmithGamePrepNode, "export": WorldsmithExportNode,
                "manual_edit": WorldsmithManualEditNode}
CLASSES = (WorldsmithRecipeTree, WorldsmithRecipeSocket, *NODE_CLASSES.values())


# ---- building and reading ---------------------------------------------------------------------

def tree_name(version: Any) -> str:
    return f"Recipe {records.handle(version).collection.name}"


def tree_of(version: Any) -> bpy.types.NodeTree | None:
    version = records.handle(version)
    return next((t for t in bpy.data.node_groups if t.bl_idname == TREE_ID and t.get(VERSION_PROP) == version.id), None)


def build_tree(version: Any) -> bpy.types.NodeTree:
    """The version's recipe as a node tree (rebuilt when it exists: one tree per version)."""
    version = records.handle(version)
    graph = recipe_of(version)
    tree = tree_of(version) or bpy.data.node_groups.new(tree_name(version), TREE_ID)
    tree.use_fake_user = True  # nothing else uses it, and it must survive save and reload
    tree["ws_building"] = True
    try:
        tree.nodes.clear()
        rows: dict[int, int] = {}
        made = {}
        for node in graph.nodes.values():
            col = COLUMNS.get(node.type, 4)
            row = rows.get(col, 0)
            rows[col] = row + 1
            made[node.id] = _node(tree, node, (col * 320.0, -row * 190.0))
        for node in graph.nodes.values():
            for src in node.inputs:
                tree.links.new(made[src].outputs[0], made[node.id].inputs[0])
        tree[VERSION_PROP] = version.id
        tree[RECIPE_PROP] = json.dumps(graph.to_dict(), sort_keys=True)
    finally:
        del tree["ws_building"]
    mark_stale(tree)
    return tree


def _node(tree: bpy.types.NodeTree, node: rules.Node, location: tuple[float, float]) -> bpy.types.Node:
    made = tree.nodes.new(NODE_CLASSES[node.type].bl_idname)
    made.name = made.label = node.id
    made.location = location
    made.width = 240
    made.node_id, made.node_key = node.id, node.key
    made.load(node.params)
    if node.type == "asset":
        made.asset_id = node.params["asset_id"]
    elif node.type == "material":
        made.op = node.params.get("op", "")
        made.target = f"{node.params.get('asset_id') or node.params.get('from', '')} {node.params.get('slot', '')}".strip()
    elif node.type == "gameprep":
        made.op = node.params.get("op", "")
    elif node.type == "manual_edit":
        made.asset_id = node.params["asset_id"]
        made.what = ", ".join(node.params.get("what") or [])
    return made


def stored_recipe(tree: bpy.types.NodeTree) -> rules.Recipe:
    return rules.from_dict(json.loads(tree[RECIPE_PROP]))


def tree_recipe(tree: bpy.types.NodeTree) -> dict[str, Any]:
    """The recipe as the tree now says (the stored graph with the nodes' edited parameters)."""
    data = json.loads(tree[RECIPE_PROP])
    by_id = {n.node_id: n for n in tree.nodes if hasattr(n, "node_id")}
    for entry in data["nodes"]:
        node = by_id.get(entry["id"])
        if node is not None:
            entry["params"] = node.edited()
    return data


def mark_stale(tree: bpy.types.NodeTree) -> list[str]:
    """Colour stale nodes (changed keys: edited, or downstream of an edit); returns their ids."""
    try:
        stale = set(rules.stale(stored_recipe(tree), rules.from_dict(tree_recipe(tree))))
    except rules.RecipeError:
        stale = set()
    for node in tree.nodes:
        if hasattr(node, "node_id"):
            node.stale = node.node_id in stale
            node.use_custom_color = True
            node.color = STALE_COLOUR if node.stale else CLEAN_COLOUR
    return sorted(stale)


# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
