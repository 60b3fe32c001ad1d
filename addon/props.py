"""Per-scene UI state, one property group at ``Scene.worldsmith`` (no loose Scene properties)."""

from __future__ import annotations

import bpy

THEMES = (
    ("AUTO", "Auto", "Take the theme from the prompt"),
    ("courtyard", "Medieval Courtyard", ""),
    ("forest", "Forest Clearing", ""),
    ("product_studio", "Product Studio", ""),
    ("interior", "Interior Room", ""),
    ("scifi_corridor", "Sci-fi Corridor", ""),
)
TEXTURE_SIZES = tuple((str(s), f"{s} px", "") for s in (64, 128, 256, 512, 1024, 2048, 4096))


class WORLDSMITH_PG_scene(bpy.types.PropertyGroup):
    prompt: bpy.props.StringProperty(
        name="Prompt",
        description="What to generate, e.g. 'a medieval courtyard with a well and torches'",
        default="a medieval courtyard with cobblestones, a well, a market stall and torches on the walls",
    )
    theme: bpy.props.EnumProperty(name="Theme", items=THEMES, default="AUTO")
    seed: bpy.props.IntProperty(name="Seed", default=0, min=0)
    generator: bpy.props.StringProperty(name="Generator", default="procedural")
    max_assets: bpy.props.IntProperty(
        name="Max Assets", description="0 means as many as the prompt asks for", default=0, min=0, max=1000
    )
    texture_size: bpy.props.EnumProperty(name="Texture Size", items=TEXTURE_SIZES, default="512")


CLASSES = (WORLDSMITH_PG_scene,)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.Scene.worldsmith = bpy.props.PointerProperty(type=WORLDSMITH_PG_scene)


def unregister() -> None:
    del bpy.types.Scene.worldsmith
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
