"""The Export panel draws (recording layout) and its operators run headless."""

from __future__ import annotations

import json

from tests.helpers.recording_layout import draw_panel, panel_context


def test_panel_without_a_world(fresh):
    layout = draw_panel(fresh.types.WORLDSMITH_PT_export, panel_context(fresh, active_object=None, object=None))
    assert "Generate a world to export it" in layout.labels()


def test_panel_with_a_world_and_a_report(export_world, tmp_path):
    import bpy

    settings = bpy.context.scene.worldsmith_export
    settings.preset, settings.filepath = "unreal", str(tmp_path / "w.fbx")
    assert bpy.ops.worldsmith.export_validate(version_id=export_world.id) == {"FINISHED"}
    assert json.loads(settings.last_report)["preset"] == "unreal"
    layout = draw_panel(bpy.types.WORLDSMITH_PT_export, panel_context(bpy, active_object=None, object=None))
    assert {"preset", "filepath", "per_asset", "overwrite", "force", "lod_ratios"} <= set(layout.props())
    assert {"worldsmith.export_validate", "worldsmith.export_run", "worldsmith.export_prepare"} <= set(layout.operators())
    assert any(label.startswith("Unreal Engine (FBX):") for label in layout.labels())  # the label, not "unreal"
    assert bpy.ops.worldsmith.export_run(version_id=export_world.id) == {"FINISHED"}
    assert (tmp_path / "w.fbx").exists()
    # A second run refuses (file exists, no overwrite); headless, an ERROR report raises.
    import pytest

    with pytest.raises(RuntimeError, match="overwrite=True"):
        bpy.ops.worldsmith.export_run(version_id=export_world.id)
