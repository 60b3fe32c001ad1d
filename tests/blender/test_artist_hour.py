"""Issue 16, "the artist's hour": headless checks for the defects that are not only visual (the
GUI tier, tests/gui/drive.py, checks them again in a real window, with the visual ones)."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers.extension import mod
from tests.helpers.recording_layout import draw_panel, panel_context
from tests.helpers.worlds import raise_well

LINE_CHARS = 37      # scene.ui_base.line_chars at the default 291 px sidebar
BUTTON_CHARS = 20


def _glb_nodes(path) -> dict:
    data = Path(path).read_bytes()
    doc = json.loads(data[20:20 + struct.unpack_from("<I", data, 12)[0]])
    return doc


# ---- 1. numpy --------------------------------------------------------------------------------

def test_enabling_without_numpy_says_exactly_what_to_install(tmp_path):
    script = f"""
import importlib.abc, sys
class NoNumpy(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "numpy" or name.startswith("numpy."):
            raise ModuleNotFoundError("No module named 'numpy'")
sys.meta_path.insert(0, NoNumpy())
sys.path.insert(0, {str(ROOT)!r})
import addon
try:
    addon.register()
except ImportError as exc:
    print("REFUSED:", exc)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": ""})
    assert "REFUSED: Worldsmith needs numpy" in out.stdout, out.stdout + out.stderr
    assert "sudo apt install python3-numpy" in out.stdout and "-m pip install numpy" in out.stdout


# ---- 2. compare offset -------------------------------------------------------------------------

def test_export_and_validate_never_see_the_compare_offset(api, court, tmp_path):
    v1 = court.v1
    b = api.branch(v1, "b")
    plain = tmp_path / "plain.glb"
    api.export(b, str(plain), force=True)  # the hand-built courtyard has no UVs
    api.compare_view(v1, b)
    moved = api.validate(b)
    during = tmp_path / "during.glb"
    api.export(b, str(during), force=True)
    state = api.compare_view(v1, b)  # still on afterwards
    assert state is not None
    nodes = {n["name"]: n.get("translation") for n in _glb_nodes(plain)["nodes"]}
    assert {n["name"]: n.get("translation") for n in _glb_nodes(during)["nodes"]} == nodes
    assert moved.ok == api.validate(b).ok
    well = b.assets()["well.000"]
    assert well.location.x > 5  # B is still shown moved aside
    api.compare_view(None, None, on=False)


# ---- 3. export default path on an unsaved file --------------------------------------------------

def test_export_with_the_default_path_works_on_an_unsaved_file(api, court, tmp_path, monkeypatch):
    bpy = court.bpy
    monkeypatch.setenv("HOME", str(tmp_path))
    assert bpy.data.filepath == ""
    settings = bpy.context.scene.worldsmith_export
    settings.filepath, settings.force = "", True  # the hand-built courtyard has no UVs
    assert bpy.ops.worldsmith.export_run(version_id=court.v1.id) == {"FINISHED"}
    written = list((tmp_path / "Worldsmith" / "export").glob("*.glb"))
    assert len(written) == 1 and written[0].stat().st_size > 0
    assert bpy.ops.worldsmith.export_run(version_id=court.v1.id) == {"FINISHED"}  # again: replaces


# ---- 4. the sidebar at its default width ---------------------------------------------------------

def _too_wide(layout) -> list[str]:
    import bpy

    wide = [text for text in layout.labels() if len(text) > LINE_CHARS]
    for call in layout.calls:
        if call[0] != "operator":
            continue
        text = call[2].get("text")
        if text is None:
            module, _, name = call[1].partition(".")
            text = getattr(getattr(bpy.ops, module), name).get_rna_type().name
        if len(text) > BUTTON_CHARS:
            wide.append(text)
    return wide


def test_every_panel_fits_the_default_sidebar(api, court, gen):
    bpy = court.bpy
    v1 = court.v1
    b = api.branch(v1, "warm-torches")
    api.add_note(b, "the flames should be warmer and the well a bit taller than in v1, please")
    vs = bpy.context.scene.worldsmith_versions
    vs.selected, vs.compare_a, vs.compare_b = b.id, v1.id, b.id
    assert bpy.ops.worldsmith.versions_compare(on=True) == {"FINISHED"}
    well = b.assets()["well.000"]
    ops = mod("generate.ops")
    saved = gen.MANAGER.state, gen.MANAGER.reason, ops.LAST_RESULT
    try:
        gen.MANAGER.state = "failed"
        gen.MANAGER.reason = "could not start '/usr/bin/python3-missing': No such file or directory"
        ops.LAST_RESULT = ("CANCELLED", "Generation cancelled; the scene was not changed")
        ctx = panel_context(bpy, active_object=well, object=well, selected_objects=[well])
        for panel in ("WORLDSMITH_PT_generate", "WORLDSMITH_PT_generate_assets", "WORLDSMITH_PT_materials",
                      "WORLDSMITH_PT_versions", "WORLDSMITH_PT_export"):
            layout = draw_panel(getattr(bpy.types, panel), ctx)
            assert not _too_wide(layout), (panel, _too_wide(layout))
        labels = draw_panel(bpy.types.WORLDSMITH_PT_generate, ctx).labels()
        assert "No such file or directory" in " ".join(labels)  # wrapped, not cut
    finally:
        gen.MANAGER.state, gen.MANAGER.reason, ops.LAST_RESULT = saved
        bpy.ops.worldsmith.versions_compare(on=False)


def test_version_rows_put_author_and_time_in_the_tooltip(api, court):
    bpy = court.bpy
    props = types.SimpleNamespace(version_id=court.v1.id)
    text = bpy.types.WORLDSMITH_OT_version_select.description(bpy.context, props)
    assert court.v1.record()["author"] in text and court.v1.collection.name in text


# ---- 5. progress and cancel --------------------------------------------------------------------

def test_a_cancel_is_reported_as_a_cancel_not_an_error(ws, fresh):
    bpy = fresh
    ops = mod("generate.ops")
    errors = mod("core.errors")

    def cancelled():
        raise errors.JobCancelled("Generation cancelled; the scene was not changed")

    ops.CURRENT = types.SimpleNamespace(step=cancelled, fraction=0.3, label=lambda: "textures 2/11")
    try:
        assert ops._tick() is None
    finally:
        ops.CURRENT = None
    assert ops.LAST_RESULT[0] == "CANCELLED"
    layout = draw_panel(bpy.types.WORLDSMITH_PT_generate, panel_context(bpy))
    icons = [c[2].get("icon") for c in layout.calls if c[0] == "label" and "cancelled" in c[1]]
    assert icons and "ERROR" not in icons
    ops.LAST_RESULT = ("", "")


# ---- 6. compare view ---------------------------------------------------------------------------

def test_compare_is_labelled_spaced_and_cleared_on_end(api, court):
    bpy = court.bpy
    v1 = court.v1
    b = api.branch(v1, "b")
    vs = bpy.context.scene.worldsmith_versions
    vs.compare_a, vs.compare_b = v1.id, b.id
    compare = mod("versions.compare")
    assert bpy.ops.worldsmith.versions_compare(on=True) == {"FINISHED"}
    labels = compare.viewport_labels()
    assert [text.split()[0] for text, _ in labels] == ["A", "B"]
    lo_a, hi_a = compare.bounds(v1)
    lo_b, hi_b = compare.bounds(b)
    assert lo_b.x - hi_a.x >= 4.0  # a clear gap
    layout = draw_panel(bpy.types.WORLDSMITH_PT_versions, panel_context(bpy))
    assert "Compare view is on" in layout.labels()
    assert bpy.ops.worldsmith.versions_compare(on=False) == {"FINISHED"}
    assert (vs.compare_a, vs.compare_b, vs.diff_lines) == ("", "", "")
    assert compare.viewport_labels() == []


# ---- 7. dialogs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["version_branch", "version_note", "version_rename", "version_review"])
def test_dialogs_do_not_show_the_internal_version_id(ws, name):
    import bpy

    assert getattr(bpy.ops.worldsmith, name).get_rna_type().properties["version_id"].is_hidden


# ---- 8. side-by-side render ----------------------------------------------------------------------

def test_render_marks_changes_with_one_label_size_and_keeps_the_active_object(api, court, tmp_path):
    bpy = court.bpy
    v1 = court.v1
    b = api.branch(v1, "tall")
    raise_well(b.assets()["well.000"], dz=1.5)
    well = b.assets()["well.000"]
    api.switch(b)
    bpy.context.view_layer.objects.active = well
    well.select_set(True)
    render = mod("versions.render")
    compose_calls = []
    original = render._compose

    def spy(left, right, texts, marks=([], []), legend=None):
        compose_calls.append((marks, legend))
        return original(left, right, texts, marks, legend)

    render._compose = spy
    try:
        api.render_compare(v1, b, str(tmp_path / "c.png"), size=(128, 64))
    finally:
        render._compose = original
    marks, legend = compose_calls[0]
    assert marks[1], "the changed well is outlined on B"
    assert any("well.000" in line for line in legend)
    assert bpy.context.view_layer.objects.active == well and well.select_get()


def test_both_labels_get_the_same_size():
    import numpy as np

    render = mod("versions.render")
    half = np.zeros((320, 400, 4), dtype=np.float32)
    out = render._compose(half, half.copy(), ("A: Courtyard v1 main", "B: Courtyard v2 a-much-longer-branch-name"))
    ink = out[:, :, 0] > 0.9  # label text is white; find each half's text height
    rows = [np.nonzero(ink[:, x0:x0 + 400].any(axis=1))[0] for x0 in (0, 400)]
    assert rows[0].size and (rows[0].max() - rows[0].min()) == (rows[1].max() - rows[1].min())


# ---- 9. material library and 12. previews ------------------------------------------------------

def test_library_says_which_versions_use_each_material(api, court):
    v1 = court.v1
    b = api.branch(v1, "b")
    library = mod("materials.library")
    using = library.versions_using(v1.world_collection)
    assert using and all(numbers == [v1.number, b.number] for numbers in using.values())
    ui = mod("materials.ui")
    assert ui._version_tag([1, 2, 3]) == "v1–3" and ui._version_tag([]) == "new"


def test_material_icons_are_made_from_textures_outside_draws(ws, fresh):
    """Rendered previews froze Blender for a minute under software OpenGL; these are texture
    pixels, made by a timer a few at a time (a draw only asks), and every material gets one."""
    bpy = fresh
    previews = mod("materials.previews")
    mats = [bpy.data.materials.new(f"m{i}") for i in range(previews.NEW_PER_TICK + 3)]
    previews._pending.clear()  # what earlier draws asked for

    def made():
        return [m for m in mats if previews._icons.get(previews._key(m)) is not None]

    assert [previews.icon(m) for m in mats] == [0] * len(mats) and made() == []  # a draw only asks
    assert previews.make_pending() == previews.TICK_S
    assert made() == mats[:previews.NEW_PER_TICK]
    assert tuple(previews._icons[previews._key(mats[0])].image_size) == (previews.SIZE, previews.SIZE)
    assert previews.make_pending() is None and made() == mats  # the next tick makes the rest
    assert all(m.preview is None for m in mats)  # nothing was rendered


# ---- 10. asset list ------------------------------------------------------------------------------

def test_asset_list_is_grouped_and_follows_the_selection_both_ways(api, court):
    bpy = court.bpy
    v1 = court.v1
    api.lock(["well.000"])
    ui = mod("generate.ui")
    rows = ui.listed_assets(v1.collection)
    assert rows[0].get("asset_id") == "well.000"  # locked first
    archetypes = [o.get("archetype") for o in rows[1:]]
    assert archetypes == sorted(archetypes)
    objects = list(v1.collection.objects)
    crate = next(o for o in rows if o.get("archetype") != "well")
    bpy.context.scene.worldsmith.asset_index = objects.index(crate)  # click the row
    assert bpy.context.view_layer.objects.active == crate and crate.select_get()
    well = v1.assets()["well.000"]
    bpy.context.view_layer.objects.active = well  # the viewport's side
    mod("generate.selection").follow_active()
    assert objects[bpy.context.scene.worldsmith.asset_index] == well


def test_lock_acts_on_the_highlighted_row(api, court):
    bpy = court.bpy
    v1 = court.v1
    objects = list(v1.collection.objects)
    row = next(o for o in objects if o.get("role") == "asset" and o.get("asset_id") != "well.000")
    well = v1.assets()["well.000"]
    bpy.context.view_layer.objects.active = well
    bpy.context.scene.worldsmith.asset_index = objects.index(row)
    layout = draw_panel(bpy.types.WORLDSMITH_PT_generate_assets, panel_context(bpy, active_object=well,
                                                                          selected_objects=[well]))
    args = [c for c in layout.calls if c[0] == "operator_arg" and c[1] == "worldsmith.lock" and c[2] == "object_name"]
    assert args and args[-1][3] == row.name
    assert bpy.ops.worldsmith.lock(object_name=row.name, locked=True) == {"FINISHED"}
    assert row.get("locked") and not well.get("locked")


# ---- 11. placement and the active object ----------------------------------------------------------

def test_a_new_world_goes_beside_existing_content_and_exports_the_same(gen, fresh, tmp_path):
    bpy = fresh
    from tests.helpers.contract_glb import make_world_glb

    glb = make_world_glb()
    plain = gen.finish(gen.plan_generate("test world"), glb, {}).version
    plain_export = tmp_path / "plain.glb"
    mod("api").export(plain, str(plain_export), force=True)
    bpy.ops.wm.read_homefile(use_empty=True)
    bpy.ops.mesh.primitive_cube_add(size=4)
    cube = bpy.context.active_object
    placed = gen.finish(gen.plan_generate("test world", beside_content=True), glb, {}).version
    placement = mod("generate.placement")
    world, content = placement.xy_extent(placed.collection.all_objects), placement.xy_extent([cube])
    assert world[0] >= content[2]  # entirely on the +X side of the cube
    moved_export = tmp_path / "moved.glb"
    mod("api").export(placed, str(moved_export), force=True)
    translations = lambda p: sorted((n["name"], n.get("translation")) for n in _glb_nodes(p)["nodes"])  # noqa: E731
    assert translations(moved_export) == translations(plain_export)
    plans = mod("generate.plans")
    keep = plans.keep_entry(placed.assets()["well.000"], None, mod("scene.store").world_origin(placed.world_collection))
    assert keep["box"]["min"][0] == pytest.approx(-0.5, abs=1e-4)  # relative to the world, as generated


def test_generate_leaves_an_active_asset(gen, fresh):
    bpy = fresh
    from tests.helpers.contract_glb import make_world_glb

    version = gen.finish(gen.plan_generate("test world"), make_world_glb(), {}).version
    mod("generate.ops").activate(version)
    active = bpy.context.view_layer.objects.active
    assert active is not None and active.get("asset_id") and list(bpy.context.selected_objects) == [active]


# ---- 13. preferences, manifest, validate label ------------------------------------------------------

def test_small_labels_an_artist_meets(ws, fresh):
    import tomllib

    bpy = fresh
    manifest = tomllib.loads((ROOT / "blender_manifest.toml").read_text())
    assert "example.invalid" not in manifest.get("website", "")
    from tests.helpers.recording_layout import RecordingLayout

    prefs = bpy.context.preferences.addons["bl_ext.user_default.worldsmith"].preferences

    class Drawing:  # the preferences as ``self``, with a recording layout
        layout = RecordingLayout()

        def __getattr__(self, name):
            return getattr(prefs, name)

    drawing = Drawing()
    type(prefs).draw(drawing, bpy.context)
    calls = drawing.layout.calls
    at = next(i for i, c in enumerate(calls) if c[0] == "prop" and c[1] == "backend_mode")
    assert ("label", "Backend") in [c[:2] for c in calls[:at]]  # the mode toggle has a label
    ui = mod("export.ui")
    box = RecordingLayout()
    ui.WORLDSMITH_PT_export.draw_report(box, json.dumps({"preset": "gltf", "issues": []}))
    assert box.labels()[0].startswith("glTF (generic)")


# ---- 14. ORM wiring --------------------------------------------------------------------------------

def test_orm_is_one_image_node_and_export_keeps_every_channel(api, gen, fresh, tmp_path):
    from tests.helpers.materials_world import courtyard as generated_courtyard

    version = generated_courtyard(gen)
    nodes = mod("materials.nodes")
    mats = {s.material for o in version.objects() for s in o.material_slots if s.material}
    orm_mats = [m for m in mats if nodes.channel_nodes(m)["orm"]]
    assert orm_mats
    for mat in orm_mats:
        assert len(nodes.channel_nodes(mat)["orm"]) == 1, mat.name
    path = tmp_path / "w.glb"
    api.export(version, str(path))
    doc = _glb_nodes(path)
    for material in doc["materials"]:
        pbr = material.get("pbrMetallicRoughness", {})
        if "metallicRoughnessTexture" in pbr:
            assert material["occlusionTexture"]["index"] == pbr["metallicRoughnessTexture"]["index"]
