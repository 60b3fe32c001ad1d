"""The Export panel draws (recording layout) and its operators run headless."""

from __future__ import annotations

import json
import types

from tests.blender.export_fixtures import *  # noqa: F401,F403
from tests.helpers.recording_layout import draw_panel


def _context(bpy):
    scene = bpy.context.scene
    return types.SimpleNamespace(scene=scene, view_layer=bpy.context.view_layer, selected_objects=[],
                                 active_object=None, object=None, preferences=bpy.context.preferences,
                                 window_manager=bpy.context.window_manager, collection=scene.collection)


def test_panel_without_a_world(fresh):
    layout = draw_panel(fresh.types.WORLDSMITH_PT_export, _context(fresh))
    assert "Generate a world to export it" in layout.labels()


def test_panel_with_a_world_and_a_report(world, tmp_path):
    import bpy

    settings = bpy.context.scene.worldsmith_export
    settings.preset, settings.filepath = "unreal", str(tmp_path / "w.fbx")
    assert bpy.ops.worldsmith.export_validate(version_id=world.id) == {"FINISHED"}
    assert json.loads(settings.last_report)["preset"] == "unreal"
    layout = draw_panel(bpy.types.WORLDSMITH_PT_export, _context(bpy))
    assert {"preset", "filepath", "per_asset", "overwrite", "force", "lod_ratios"} <= set(layout.props())
    assert {"worldsmith.export_validate", "worldsmith.export_run", "worldsmith.export_prepare"} <= set(layout.operators())
    assert any(label.startswith("unreal:") for label in layout.labels())
    assert bpy.ops.worldsmith.export_run(version_id=world.id) == {"FINISHED"}
    assert (tmp_path / "w.fbx").exists()
    # A second run refuses (file exists, no overwrite); headless, an ERROR report raises.
    import pytest

    with pytest.raises(RuntimeError, match="overwrite=True"):
        bpy.ops.worldsmith.export_run(version_id=world.id)
