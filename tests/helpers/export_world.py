"""The export and game-prep tests' world: a real procedural world with four market stalls and
wall torches, imported through the add-on's own importer (no backend process), and the scene
state an export must leave as it was. The ``export_world`` fixture is in tests/blender/conftest.py.
"""

from __future__ import annotations

from tests.helpers.extension import mod
from wslib import worlds

PROMPT = "a medieval courtyard with a well, four market stalls, crates and torches on the walls"


def procedural_version(prompt: str = PROMPT, seed: int = 3, texture_size: int = 64, max_assets=None):
    """Generate in-process with the procedural generator and import like api.generate does."""
    return worlds.procedural_version(mod("api"), prompt, seed=seed, texture_size=texture_size,
                                     max_assets=max_assets)


def scene_state(bpy) -> dict:
    """What an export must leave as it was: names, selection, visibility, transforms, datablocks."""
    view_layer = bpy.context.view_layer
    return {
        "objects": sorted((o.name, o.select_get(view_layer=view_layer) if o.name in view_layer.objects else None,
                           o.hide_viewport, o.hide_render, tuple(round(v, 6) for row in o.matrix_world for v in row),
                           o.data.name if o.data else None) for o in bpy.data.objects),
        "active": view_layer.objects.active.name if view_layer.objects.active else None,
        "counts": {k: len(getattr(bpy.data, k)) for k in ("objects", "meshes", "materials", "images",
                                                          "scenes", "collections")},
        "scene": bpy.context.scene.name,
    }
