"""Worlds for the export and game-prep tests: a real procedural world imported through the
add-on's own importer (no backend process needed), and small hand-built meshes."""

from __future__ import annotations

import importlib

import pytest

from tests.conftest import EXTENSION_MODULE

PROMPT = "a medieval courtyard with a well, four market stalls, crates and torches on the walls"


def mod(name: str):
    return importlib.import_module(f"{EXTENSION_MODULE}.{name}")


@pytest.fixture
def fresh(ws):
    import bpy

    bpy.ops.wm.read_homefile(use_empty=True)
    yield bpy


_GLB_CACHE: dict[tuple, bytes] = {}


def procedural_version(prompt: str = PROMPT, seed: int = 3, texture_size: int = 64, max_assets=None):
    """Generate in-process with the procedural generator and import like api.generate does."""
    from worldsmith_backend.generators.base import NullProgress
    from worldsmith_backend.generators.procedural import ProceduralGenerator

    plan = mod("generate.plans").plan_generate(prompt, seed=seed, texture_size=texture_size, max_assets=max_assets)
    key = (prompt, seed, texture_size, max_assets)
    if key not in _GLB_CACHE:
        _GLB_CACHE[key] = ProceduralGenerator().generate(plan.spec, NullProgress())
    return mod("generate.run").finish(plan, _GLB_CACHE[key], {}).version


@pytest.fixture
def world(fresh):
    return procedural_version()


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
