"""The Generate panels draw with a world present, during a job, and with a failed backend."""

from __future__ import annotations

import types

from tests.helpers.contract_glb import make_world_glb
from tests.helpers.extension import mod
from tests.helpers.recording_layout import draw_panel, panel_context


def test_panels_with_a_world(gen, fresh):
    bpy = fresh
    version = gen.finish(gen.plan_generate("test world"), make_world_glb(), {}).version
    well = version.assets()["well.000"]
    ctx = panel_context(bpy, active_object=well, object=well, selected_objects=[well])
    layout = draw_panel(bpy.types.WORLDSMITH_PT_generate, ctx)
    assert "worldsmith.generate" in layout.operators() and "generator" in layout.props()
    assets = draw_panel(bpy.types.WORLDSMITH_PT_generate_assets, ctx)
    assert any(c[0] == "template_list" for c in assets.calls)
    assert {"worldsmith.lock", "worldsmith.regenerate", "worldsmith.reroll", "worldsmith.mark_asset"} <= set(assets.operators())
    assert any("dragons" in label for label in assets.labels())


def test_panel_during_a_job(gen, fresh):
    bpy = fresh
    ops = mod("generate.ops")
    ops.CURRENT = types.SimpleNamespace(label=lambda: "textures 3/12", fraction=0.25)
    try:
        layout = draw_panel(bpy.types.WORLDSMITH_PT_generate, panel_context(bpy))
    finally:
        ops.CURRENT = None
    assert ("progress", {"factor": 0.25, "type": "BAR", "text": "textures 3/12 · 25%"}) in layout.calls
    assert "worldsmith.generate_cancel" in layout.operators()
    assert "worldsmith.generate" not in layout.operators()
    # Issue 16: one row the height of the Generate button (the Cancel button overlapped the
    # Assets header when it sat in a box below the bar).
    kinds = [c[0] for c in layout.calls]
    at = kinds.index("progress")
    assert "box" not in kinds and kinds[at - 1] == "row" and layout.calls[at + 1][1] == "worldsmith.generate_cancel"


def test_backend_row_states(gen, fresh):
    bpy = fresh
    manager = gen.MANAGER
    saved = manager.state, manager.reason
    try:
        manager.state, manager.reason = "failed", "it exited with code 1"
        layout = draw_panel(bpy.types.WORLDSMITH_PT_generate, panel_context(bpy))
        assert any("failed: it exited" in label for label in layout.labels())
        assert "worldsmith.backend_show_log" in layout.operators()
        manager.state, manager.device = "ready", "cpu"
        layout = draw_panel(bpy.types.WORLDSMITH_PT_generate, panel_context(bpy))
        assert "Backend ready (cpu)" in layout.labels()
    finally:
        manager.state, manager.reason = saved


def test_unavailable_generators_are_listed_disabled_with_the_reason(gen, fresh):
    bpy = fresh
    manager = gen.MANAGER
    saved = manager.capabilities
    manager.capabilities = {"generators": [
        {"name": "procedural", "weights_present": True, "reason": None},
        {"name": "shap_e", "weights_present": False, "reason": "weights not found in the models folder"},
    ]}
    try:
        layout = draw_panel(bpy.types.WORLDSMITH_PT_generate, panel_context(bpy))
        assert any("shap_e: weights not found" in label for label in layout.labels())
        props = mod("generate.props")
        names = [item[0] for item in props.generator_items(bpy.context.scene.worldsmith, bpy.context)]
        assert names == ["procedural"], "an unavailable generator cannot be picked"
    finally:
        manager.capabilities = saved
