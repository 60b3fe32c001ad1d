"""Every panel's draw() runs against a recording layout, so UI typos fail CI."""

from __future__ import annotations

import types

import pytest

from tests.helpers.recording_layout import LayoutError, RecordingLayout, draw_panel

PANELS = ["WORLDSMITH_PT_generate", "WORLDSMITH_PT_materials", "WORLDSMITH_PT_versions", "WORLDSMITH_PT_export"]


def _context(bpy, **overrides):
    scene = bpy.context.scene
    values = dict(
        scene=scene,
        view_layer=bpy.context.view_layer,
        active_object=bpy.context.view_layer.objects.active,
        object=bpy.context.view_layer.objects.active,
        selected_objects=[],
        preferences=bpy.context.preferences,
        window_manager=bpy.context.window_manager,
        collection=scene.collection,
    )
    values.update(overrides)
    return types.SimpleNamespace(**values)


@pytest.mark.parametrize("panel", PANELS)
def test_panel_draws_on_an_empty_scene(ws, panel):
    import bpy

    layout = draw_panel(getattr(bpy.types, panel), _context(bpy))
    assert layout.calls, f"{panel} drew nothing"


def test_generate_panel_offers_prompt_seed_and_dice(ws):
    import bpy

    layout = draw_panel(bpy.types.WORLDSMITH_PT_generate, _context(bpy))
    assert {"prompt", "seed", "theme", "texture_size"} <= set(layout.props())
    assert "worldsmith.seed_randomize" in layout.operators()


def test_recording_layout_catches_typos(ws):
    import bpy

    layout = RecordingLayout()
    with pytest.raises(LayoutError):
        layout.prop(bpy.context.scene.worldsmith, "promt")
    with pytest.raises(LayoutError):
        layout.operator("worldsmith.does_not_exist")
    op = layout.operator("worldsmith.seed_randomize")
    with pytest.raises(LayoutError):
        op.no_such_argument = 1
