"""The Generate panel (prompt, settings, backend state, job progress) and the version's asset
list with locks. Drawing only reads state; every action is an operator."""

from __future__ import annotations

import bpy

from ..scene import store
from ..scene.ui_base import WorldsmithSidebarPanel, wrapped
from ..service.process import MANAGER
from . import ops


def listed_assets(collection: bpy.types.Collection) -> list[bpy.types.Object]:
    """The asset list's rows in display order: locked first, then grouped by archetype, then by
    asset id (stable across versions, unlike object names)."""
    roots = [o for o in collection.objects if o.get("role") in store.ASSET_ROLES]
    return sorted(roots, key=lambda o: (not o.get("locked"), str(o.get("archetype", "")), str(o.get("asset_id", ""))))


class WORLDSMITH_UL_assets(bpy.types.UIList):
    """Asset roots of a version: locked first, grouped by archetype; the filter matches names,
    ids and archetypes. The highlighted row and the viewport's active object follow each other
    (``generate.selection``)."""

    bl_idname = "WORLDSMITH_UL_assets"

    def draw_item(self, context, layout, data, item, icon, active_data, active_propname, index=0):
        row = layout.row(align=True)
        locked = bool(item.get("locked"))
        row.label(text=str(item.get("asset_id", item.name)), icon="LOCKED" if locked else "OBJECT_DATA")
        op = row.operator("worldsmith.lock", text="", icon="LOCKED" if locked else "UNLOCKED", emboss=False)
        op.object_name, op.locked = item.name, not locked

    def filter_items(self, context, data, propname):
        objects = getattr(data, propname)
        words = self.filter_name.lower().split()
        rows = listed_assets(data)
        rank = {o.name: i for i, o in enumerate(rows)}

        def shown(o) -> bool:
            text = f"{o.name} {o.get('asset_id', '')} {o.get('archetype', '')}".lower()
            return o.name in rank and all(w in text for w in words)

        flags = [self.bitflag_filter_item if shown(o) else 0 for o in objects]
        order = [rank.get(o.name, len(rank) + i) for i, o in enumerate(objects)]
        return flags, order


def draw_backend_row(layout, context=None) -> None:
    status = MANAGER.status()
    state = status["state"]
    if state == "ready":
        layout.label(text=f"Backend ready ({status['device'] or 'cpu'})", icon="CHECKMARK")
    elif state == "starting":
        layout.label(text="Backend starting…", icon="SORTTIME")
    elif state == "failed":
        wrapped(layout, f"Backend failed: {status['reason']}", icon="ERROR", context=context, alert=True)
        layout.operator("worldsmith.backend_show_log", text="Show Log", icon="TEXT")
    else:
        layout.label(text="Backend starts on Generate", icon="INFO")


def draw_job(layout, job: ops.UiJob) -> None:
    """One row, the height of the Generate button it replaces: the panels below stay put."""
    row = layout.row(align=True)
    label = f"{job.label()} · {job.fraction * 100:.0f}%"
    if hasattr(row, "progress"):
        row.progress(factor=job.fraction, type="BAR", text=label)
    else:  # Blender < 4.0 has no layout.progress
        row.label(text=label, icon="SORTTIME")
    row.operator("worldsmith.generate_cancel", text="", icon="CANCEL")


RESULT_ICONS = {"ERROR": "ERROR", "CANCELLED": "CANCEL", "INFO": "INFO"}


class WORLDSMITH_PT_generate(WorldsmithSidebarPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_generate"
    bl_label = "Generate"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.worldsmith
        layout.prop(settings, "prompt", text="")
        layout.prop(settings, "theme")
        row = layout.row(align=True)
        row.prop(settings, "seed")
        row.operator("worldsmith.seed_randomize", text="", icon="FILE_REFRESH")
        layout.prop(settings, "generator")
        for gen in MANAGER.capabilities.get("generators") or []:
            if not gen.get("weights_present", True):
                # The first words only ("not installed"); the full reason and its fix are in
                # Preferences (Install GPU backend) and in the backend log.
                reason = str(gen.get("reason") or "unavailable").split(":")[0].split(".")[0]
                sub = layout.row()
                sub.enabled = False
                sub.label(text=f"{gen.get('name')}: {reason}"[:36], icon="BLANK1")
        layout.prop(settings, "max_assets")
        layout.prop(settings, "texture_size", text="Textures")
        draw_backend_row(layout, context)
        job = ops.CURRENT
        if job is not None:
            draw_job(layout, job)
        else:
            layout.operator("worldsmith.generate", text="Generate", icon="WORLD")
        level, message = ops.LAST_RESULT
        if message:
            wrapped(layout, message, icon=RESULT_ICONS.get(level, "INFO"), context=context)


class WORLDSMITH_PT_generate_assets(WorldsmithSidebarPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_generate_assets"
    bl_label = "Assets"
    bl_parent_id = "WORLDSMITH_PT_generate"

    def draw(self, context):
        layout = self.layout
        version = ops.context_version(context)
        if version is None:
            layout.label(text="Generate a world to list its assets", icon="INFO")
            return
        layout.label(text=version.collection.name, icon="OUTLINER_COLLECTION")
        layout.template_list("WORLDSMITH_UL_assets", "", version.collection, "objects",
                             context.scene.worldsmith, "asset_index", rows=6)
        objects = version.collection.objects
        index = context.scene.worldsmith.asset_index
        in_list = 0 <= index < len(objects) and objects[index].get("role") in store.ASSET_ROLES
        row_obj = objects[index] if in_list else None
        row = layout.row(align=True)
        row.enabled = row_obj is not None
        for locked, text, icon in ((True, "Lock", "LOCKED"), (False, "Unlock", "UNLOCKED")):
            op = row.operator("worldsmith.lock", text=text, icon=icon)
            op.locked = locked
            if row_obj is not None:
                op.object_name = row_obj.name
        col = layout.column(align=True)
        col.operator("worldsmith.regenerate", text="Regenerate Unlocked", icon="FILE_REFRESH")
        col.operator("worldsmith.reroll", text="Reroll Selected", icon="MOD_NOISE")
        col.operator("worldsmith.mark_asset", text="Mark as Asset", icon="ASSET_MANAGER")
        ignored = version.get("ignored") or []
        if ignored:
            wrapped(layout, f"Ignored words: {', '.join(ignored)}", icon="INFO", context=context)
        proxies = version.proxies()
        if proxies:
            draw_proxies(layout, proxies)


def proxy_filler(generator: str = "shap-e") -> tuple[bool, str]:
    """Whether ``generator`` can fill proxies now, and if not what it needs (the backend's own
    reason, from /v1/capabilities); before the backend has answered, the button tries."""
    for gen in MANAGER.capabilities.get("generators") or []:
        if gen.get("name") == generator:
            return bool(gen.get("weights_present", True)), str(gen.get("reason") or "")
    if MANAGER.capabilities:
        return False, f"the backend has no {generator} generator"
    return True, ""


def draw_proxies(layout, proxies: dict) -> None:
    """Proxies: named blockouts for things no archetype builds yet, and what can fill them."""
    box = layout.box()
    box.label(text=f"Proxies ({len(proxies)})", icon="MESH_CUBE")
    col = box.column(align=True)
    for asset_id, obj in sorted(proxies.items()):
        row = col.row(align=True)
        row.label(text=str(obj.get("noun") or obj.name), icon="DOT")
        op = row.operator("worldsmith.proxy_fill", text="", icon="SHADERFX")
        op.asset_id = asset_id
    ready, why = proxy_filler()
    row = box.row()
    row.enabled = ready
    row.operator("worldsmith.proxy_fill", text="Fill with Shap-E", icon="SHADERFX").asset_id = ""
    if not ready:
        wrapped(box, f"Needs the diffusion mesh generator: {why}")


CLASSES = (WORLDSMITH_UL_assets, WORLDSMITH_PT_generate, WORLDSMITH_PT_generate_assets)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
