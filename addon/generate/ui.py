"""The Generate panel (prompt, settings, backend state, job progress) and the version's asset
list with locks. Drawing only reads state; every action is an operator."""

from __future__ import annotations

import bpy

from ..scene import store
from ..scene.ui_base import WorldsmithSidebarPanel
from ..service.process import MANAGER
from . import ops


class WORLDSMITH_UL_assets(bpy.types.UIList):
    """Objects of a version collection, filtered to asset roots, with a lock toggle."""

    bl_idname = "WORLDSMITH_UL_assets"

    def draw_item(self, context, layout, data, item, icon, active_data, active_propname, index=0):
        row = layout.row(align=True)
        row.label(text=item.name, icon="OBJECT_DATA")
        row.label(text=item.get("asset_id", ""))
        locked = bool(item.get("locked"))
        op = row.operator("worldsmith.lock", text="", icon="LOCKED" if locked else "UNLOCKED", emboss=False)
        op.asset_id = item.get("asset_id", "")
        op.locked = not locked

    def filter_items(self, context, data, propname):
        objects = getattr(data, propname)
        flags = [self.bitflag_filter_item if o.get("role") in store.ASSET_ROLES else 0 for o in objects]
        order = bpy.types.UI_UL_list.sort_items_by_name(objects, "name")
        return flags, order


def draw_backend_row(layout) -> None:
    status = MANAGER.status()
    row = layout.row(align=True)
    state = status["state"]
    if state == "ready":
        row.label(text=f"Backend ready on {status['device'] or 'cpu'}", icon="CHECKMARK")
    elif state == "starting":
        row.label(text="Backend starting…", icon="SORTTIME")
    elif state == "failed":
        row.alert = True
        row.label(text=f"Backend failed: {status['reason'][:80]}", icon="ERROR")
        row.operator("worldsmith.backend_show_log", text="Show Log", icon="TEXT")
    else:
        row.label(text="Backend starts on first Generate", icon="INFO")


def draw_job(layout, job: ops.UiJob) -> None:
    box = layout.box()
    label = job.label()
    if hasattr(layout, "progress"):
        box.progress(factor=job.fraction, type="BAR", text=label)
    else:  # Blender < 4.0 has no layout.progress
        box.label(text=f"{label} ({job.fraction * 100:.0f}%)", icon="SORTTIME")
    box.operator("worldsmith.generate_cancel", text="Cancel", icon="CANCEL")


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
                sub = layout.row()
                sub.enabled = False
                sub.label(text=f"{gen.get('name')}: {gen.get('reason') or 'unavailable'}", icon="BLANK1")
        layout.prop(settings, "max_assets")
        layout.prop(settings, "texture_size")
        draw_backend_row(layout)
        job = ops.CURRENT
        if job is not None:
            draw_job(layout, job)
        else:
            layout.operator("worldsmith.generate", text="Generate", icon="WORLD")
        level, message = ops.LAST_RESULT
        if message:
            layout.label(text=message[:120], icon="ERROR" if level == "ERROR" else "INFO")


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
        row = layout.row(align=True)
        row.operator("worldsmith.lock", text="Lock", icon="LOCKED").locked = True
        row.operator("worldsmith.lock", text="Unlock", icon="UNLOCKED").locked = False
        col = layout.column(align=True)
        col.operator("worldsmith.regenerate", icon="FILE_REFRESH")
        col.operator("worldsmith.reroll", icon="MOD_NOISE")
        col.operator("worldsmith.mark_asset", icon="ASSET_MANAGER")
        ignored = version.get("ignored") or []
        if ignored:
            layout.label(text=f"Ignored words: {', '.join(ignored)}", icon="INFO")
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
        for line in _wrap(f"Needs the diffusion mesh generator: {why}", 34):
            box.label(text=line)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


CLASSES = (WORLDSMITH_UL_assets, WORLDSMITH_PT_generate, WORLDSMITH_PT_generate_assets)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
