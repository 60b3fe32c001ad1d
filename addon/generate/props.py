"""The Generate panel's per-scene state: one property group at ``Scene.worldsmith`` (prompt,
theme, seed, generator, sizes, the asset list's row). Each feature keeps its panel state in its
own group (``Scene.worldsmith_materials``, ``_versions``, ``_export``); no loose Scene properties."""

from __future__ import annotations

import bpy

from ..core.spec import THEME_LABELS
from ..service.process import MANAGER
from .selection import select_row

THEMES = (("AUTO", "Auto", "Take the setting from the prompt (or from the things it names)"),
          *((name, label, "") for name, label in THEME_LABELS.items()))
TEXTURE_SIZES = tuple((str(s), f"{s} px", "") for s in (64, 128, 256, 512, 1024, 2048, 4096))

# Blender keeps only pointers to the strings of dynamic enum items: hold them here.
_generator_items: list[tuple[str, str, str]] = [("procedural", "Procedural", "Always available, no model weights")]


def generator_items(self, context) -> list[tuple[str, str, str]]:
    """Available generators the backend reported (/v1/capabilities); procedural until it answered."""
    caps = MANAGER.capabilities.get("generators") or []
    # Unavailable generators are not selectable; the panel lists them greyed out with the reason.
    items = [(g["name"], g["name"].replace("_", " ").title(), f"{g['name']} {g.get('version', '')}".strip())
             for g in caps if g.get("name") and g.get("weights_present", True)]
    if items:
        _generator_items[:] = items
    return _generator_items


def on_row_change(settings, context) -> None:
    """Clicking a row of the asset list selects that asset in the viewport."""
    select_row(settings.id_data, context)


class WORLDSMITH_PG_scene(bpy.types.PropertyGroup):
    prompt: bpy.props.StringProperty(
        name="Prompt",
        description="What to generate, e.g. 'a medieval courtyard with a well and torches'",
        default="a medieval courtyard with cobblestones, a well, a market stall and torches on the walls",
    )
    theme: bpy.props.EnumProperty(name="Setting", items=THEMES, default="AUTO",
                                  description="Where the world is: a room, a dock, a street...")
    seed: bpy.props.IntProperty(name="Seed", default=0, min=0)
    generator: bpy.props.EnumProperty(name="Generator", items=generator_items)
    max_assets: bpy.props.IntProperty(
        name="Max Assets", description="0 means as many as the prompt asks for", default=0, min=0, max=1000
    )
    texture_size: bpy.props.EnumProperty(name="Texture Size", items=TEXTURE_SIZES, default="512")
    asset_index: bpy.props.IntProperty(name="Asset", description="Active row of the asset list", default=0,
                                       update=on_row_change)


CLASSES = (WORLDSMITH_PG_scene,)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.Scene.worldsmith = bpy.props.PointerProperty(type=WORLDSMITH_PG_scene)


def unregister() -> None:
    del bpy.types.Scene.worldsmith
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
