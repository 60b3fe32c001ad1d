"""The Versions panel draws the tree, actions, review, notes and compare with a world present."""

from __future__ import annotations

import json
import os
import types

from tests.helpers.recording_layout import draw_panel, panel_context


def _op_args(layout, idname, key):
    return [c[3] for c in layout.calls if c[0] == "operator_arg" and c[1] == idname and c[2] == key]


def test_panel_draws_the_version_tree_with_states_notes_and_actions(api, court):
    bpy = court.bpy
    v1 = court.v1
    v2 = api.branch(v1, "lighting")
    v3 = api.branch(v2, "torches")
    v4 = api.branch(v1, "cloth")
    api.add_note(v2, "warmer please", author="ana")
    api.set_review(v4, "in_review")
    settings = bpy.context.scene.worldsmith_versions
    settings.selected = v2.id
    layout = draw_panel(bpy.types.WORLDSMITH_PT_versions, panel_context(bpy))
    selects = [c for c in layout.calls if c[0] == "operator" and c[1] == "worldsmith.version_select"]
    # tree order: parent, then its children (depth first), siblings by number
    assert [c[2]["text"] for c in selects] == ["v1 main", "v2 lighting", "v3 torches", "v4 cloth"]
    assert [c[2]["icon"] for c in selects] == ["GREASEPENCIL", "GREASEPENCIL", "GREASEPENCIL", "TIME"]
    assert _op_args(layout, "worldsmith.version_select", "version_id") == [v1.id, v2.id, v3.id, v4.id]
    labels = layout.labels()
    assert any("ana" in text and "warmer please" in text for text in labels)
    # Author and created: in each row's tooltip (the default sidebar has no room for them), and
    # on the selected version's box.
    tooltip = bpy.types.WORLDSMITH_OT_version_select.description(bpy.context, types.SimpleNamespace(version_id=v1.id))
    assert "tester" in tooltip and "2025-01-01 00:00" in tooltip
    ops = set(layout.operators())
    assert {"worldsmith.version_switch", "worldsmith.version_branch", "worldsmith.version_rename",
            "worldsmith.version_note", "worldsmith.version_delete", "worldsmith.version_review",
            "worldsmith.version_pick"} <= ops
    assert _op_args(layout, "worldsmith.version_review", "state") == ["in_review"]
    assert "worldsmith.versions_compare" not in ops  # A and B not picked yet
    _check_icons(bpy, layout)


def _check_icons(bpy, layout):
    known = {i.identifier for i in bpy.types.UILayout.bl_rna.functions["label"].parameters["icon"].enum_items}
    used = {c[-1]["icon"] for c in layout.calls if isinstance(c[-1], dict) and "icon" in c[-1]}
    assert used and used <= known, used - known


def test_panel_compare_section_and_approved_hint(api, court):
    bpy = court.bpy
    v1 = court.v1
    v2 = api.branch(v1, "final")
    api.set_review(v2, "in_review")
    api.set_review(v2, "approved")
    bpy.ops.worldsmith.version_select(version_id=v2.id)
    bpy.ops.worldsmith.version_pick(version_id=v1.id, side="A")
    bpy.ops.worldsmith.version_pick(version_id=v2.id, side="B")
    bpy.ops.worldsmith.versions_compare(on=True)
    layout = draw_panel(bpy.types.WORLDSMITH_PT_versions, panel_context(bpy))
    ops = set(layout.operators())
    assert {"worldsmith.versions_compare", "worldsmith.versions_render", "worldsmith.versions_export_review",
            "worldsmith.version_integrity"} <= ops
    assert "worldsmith.version_review" not in ops  # approved: no way out
    labels = layout.labels()
    assert {"Compare view is on", "A: v1 main", "B: v2 final"} <= set(labels)
    assert any("branch it" in text.lower() for text in labels)
    assert json.loads(bpy.context.scene.worldsmith_versions.diff_lines) == ["no differences"]
    assert "no differences" in labels
    _check_icons(bpy, layout)
    bpy.ops.worldsmith.versions_compare(on=False)


def test_panel_offers_repair_for_malformed_versions(api, court):
    bpy = court.bpy
    v2 = api.branch(court.v1, "broken")
    v2.collection["worldsmith_version"]["notes"] = "not json"
    layout = draw_panel(bpy.types.WORLDSMITH_PT_versions, panel_context(bpy))
    assert any("malformed" in text for text in layout.labels())
    assert "worldsmith.versions_repair" in layout.operators()


def test_panel_on_an_empty_file_says_what_to_do(ws):
    import bpy

    bpy.ops.wm.read_homefile(use_empty=True)
    layout = draw_panel(bpy.types.WORLDSMITH_PT_versions, panel_context(bpy))
    assert layout.labels() == ["Generate a world to start its version history"]


def test_operators_run_headless_end_to_end(api, court, tmp_path):
    bpy = court.bpy
    ops = bpy.ops.worldsmith
    v1 = court.v1
    assert ops.version_branch(version_id=v1.id, name="ops") == {"FINISHED"}
    v2 = api.versions(court.world)[-1]
    assert v2.branch == "ops" and bpy.context.scene.worldsmith_versions.selected == v2.id
    assert ops.version_note(text="from an operator") == {"FINISHED"}  # falls back to the selection
    assert v2.get("notes")[-1]["text"] == "from an operator"
    assert ops.version_rename(name="renamed") == {"FINISHED"} and v2.branch == "renamed"
    assert ops.version_review(state="in_review", note="please look") == {"FINISHED"}
    assert ops.version_switch(version_id=v1.id) == {"FINISHED"}
    assert court.world["worldsmith_world"]["active_version"] == v1.id
    ops.version_pick(version_id=v1.id, side="A")
    ops.version_pick(version_id=v2.id, side="B")
    png = str(tmp_path / "ops.png")
    assert ops.versions_render(filepath=png, size=(64, 32)) == {"FINISHED"} and os.path.exists(png)
    assert ops.versions_export_review(directory=str(tmp_path / "pkg"), size=(64, 32)) == {"FINISHED"}
    assert sorted(os.listdir(tmp_path / "pkg")) == ["a.glb", "b.glb", "compare.png", "diff.json", "notes.json"]
    ops.version_review(version_id=v2.id, state="draft")
    assert ops.version_delete(version_id=v2.id) == {"FINISHED"}
    assert [v.number for v in api.versions(court.world)] == [1]

