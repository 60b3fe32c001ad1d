"""The artist's hour in a real Blender window: drive Worldsmith through its operators with
``INVOKE_DEFAULT``, real ``bpy.app.timers`` and a real backend, assert on the scene after each
step, and save screenshots. Run by ``scripts/gui/run.sh`` (inside the Debian chroot, on Xvfb):

    blender --window-geometry 0 0 1280 800 --python tests/gui/drive.py -- --out DIR

The extension must already be installed and enabled in the user folder (run.sh does that with
``blender --command extension install-file``). The flow is a generator: each ``yield`` hands
control back to Blender's event loop for that many seconds, so timers, redraws and the
Generate job's own timer run exactly as they do for an artist. The process exits 0 when every
step passed, 1 with the failing step on stderr and in ``DIR/result.json`` otherwise.
"""

from __future__ import annotations

import faulthandler
import importlib
import json
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

import bpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gui_helpers as ui  # noqa: E402

MODULE = "bl_ext.user_default.worldsmith"
OUT = Path(sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else "/tmp/worldsmith-gui")
STEPS: list[dict] = []
PROMPT = "a medieval courtyard with cobblestones, a well, a market stall and torches on the walls"


def mod(name: str):
    return importlib.import_module(f"{MODULE}.{name}")


def step(name: str):
    STEPS.append({"step": name, "started": time.monotonic(), "ok": None})
    print(f"[gui] {name}", file=sys.stderr, flush=True)


def check(condition, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def until(predicate, timeout: float, what: str, every: float = 0.05):
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        yield every


def wait_job(timeout: float = 240.0, *, watch=None):
    ops = mod("generate.ops")
    while ops.CURRENT is not None:
        if watch is not None:
            watch(ops.CURRENT)
        yield 0.05
        timeout -= 0.05
        check(timeout > 0, "the generation job did not finish in time")


def result_level() -> str:
    return mod("generate.ops").LAST_RESULT[0]


def visible_version():
    store = mod("scene.store")
    shown = store.visible_versions()
    return shown[-1] if shown else None


def flow():
    ws = mod("api")
    ops = mod("generate.ops")
    scene = bpy.context.scene
    ui.setup_window()
    yield 0.5

    # ---- 1. Generate with progress ----------------------------------------------------------
    step("generate with progress")
    cube = bpy.data.objects.get("Cube")
    check(cube is not None, "the default scene has its cube")
    scene.worldsmith.prompt = PROMPT
    scene.worldsmith.seed = 7
    ui.show_panels("WORLDSMITH_PT_generate", "WORLDSMITH_PT_generate_assets")
    check(ui.invoke("generate") == {"FINISHED"}, "Generate started")
    fractions, labels = [], []

    def watch(job):
        fractions.append(job.fraction)
        labels.append(job.label())

    shot_taken = False
    while ops.CURRENT is not None:
        watch(ops.CURRENT)
        if not shot_taken and 0.2 < ops.CURRENT.fraction < 0.9:
            ui.screenshot(OUT / "generate_progress.png")
            shot_taken = True
        yield 0.05
    check(result_level() == "INFO", f"Generate succeeded: {ops.LAST_RESULT}")
    drops = [(a, b) for a, b in zip(fractions, fractions[1:]) if b < a - 1e-6]
    check(not drops, f"one overall progress fraction never goes back (defect 5): {drops[:3]}")
    phases = {label.split(" ")[0] for label in labels}
    check(len(phases) >= 2, f"the phase shows as text while it runs (defect 5): {sorted(phases)}")
    check(shot_taken or fractions[-1] >= 0.9, "progress was seen between 20% and 90%")
    version = visible_version()
    check(version is not None and len(version.assets()) >= 5, "a version with assets is visible")
    # Defect 11: an active object, and the world beside (not on top of) the default cube.
    active = bpy.context.view_layer.objects.active
    check(active is not None and active.get("asset_id"), f"an asset is active after Generate: {active}")
    check(ui.overlap_xy(cube, version) is False, "the world does not land on top of the default cube")
    yield 0.3

    # ---- 2. Asset list: grouped, selection both ways, lock the highlighted row ------------------
    step("asset list")
    display = mod("generate.ui").listed_assets(version.collection)
    check(ui.grouped([o.get("archetype") for o in display]), "rows are grouped by archetype (defect 10)")
    well = next(o for _, o in sorted(version.assets().items()) if o.get("archetype") == "well")
    ui.select_only(well)
    yield 0.3
    check(ui.highlighted(version) == well, "the highlighted row follows the viewport selection (defect 10)")
    torch_row = next(i for i, o in enumerate(ui.list_objects(version)) if o.get("archetype") == "torch")
    scene.worldsmith.asset_index = torch_row
    yield 0.2
    torch = ui.list_objects(version)[torch_row]
    check(bpy.context.view_layer.objects.active == torch and torch.select_get(),
          "clicking a row selects its object (defect 10)")
    ui.select_only(well)
    scene.worldsmith.asset_index = ui.list_objects(version).index(well)
    yield 0.2
    # As the panel's Lock button does: the highlighted row's object.
    check(ui.invoke("lock", locked=True, object_name=ui.highlighted(version).name) == {"FINISHED"}, "Lock ran")
    check(bool(well.get("locked")), "Lock locked the highlighted row's asset")
    check(mod("generate.ui").listed_assets(version.collection)[0] == well, "the locked well is the first row")
    yield 0.3
    ui.wheel_up(880, 470, 40)  # the list's top: the locked well, then the archetype groups
    yield 0.5
    ui.screenshot(OUT / "assets.png")
    yield 0.2

    # ---- 3. Cancel: within a second, not an error ----------------------------------------------
    step("cancel")
    before = set(bpy.data.collections.keys())
    scene.worldsmith.seed = 11
    scene.worldsmith.texture_size = "1024"
    check(ui.invoke("generate") == {"FINISHED"}, "second Generate started")
    yield from until(lambda: ops.CURRENT is not None and ops.CURRENT.poller is not None
                     and ops.CURRENT.fraction > 0.05, 120, "the job to start")
    pressed = time.monotonic()
    check(ui.invoke("generate_cancel") == {"FINISHED"}, "Cancel ran")
    yield from until(lambda: ops.CURRENT is None, 5, "the job to stop after Cancel")
    took = time.monotonic() - pressed
    check(took < 1.0, f"cancel stops within 1 s (defect 5): {took:.2f} s")
    check(result_level() != "ERROR", f"a cancel is not an error (defect 5): {ops.LAST_RESULT}")
    check(set(bpy.data.collections.keys()) == before, "a cancelled job changes nothing")
    scene.worldsmith.texture_size = "512"
    ui.screenshot(OUT / "cancelled.png")

    # ---- 4. Regenerate keeps the locked well ---------------------------------------------------
    step("regenerate")
    ui.select_only(well)
    well_matrix = [list(r) for r in well.matrix_world]
    check(ui.invoke("regenerate") == {"FINISHED"}, "Regenerate started")
    yield from wait_job()
    check(result_level() == "INFO", f"Regenerate succeeded: {ops.LAST_RESULT}")
    v2 = visible_version()
    check(v2.id != version.id, "regenerate made a new version")
    kept = v2.assets()[well["asset_id"]]
    check([list(r) for r in kept.matrix_world] == well_matrix, "the locked well kept its transform")
    check(kept.data == well.data, "the well's mesh is shared, not copied")

    # ---- 5. Branch (dialog without the internal id) --------------------------------------------
    step("branch")
    ui.show_panels("WORLDSMITH_PT_versions")
    scene.worldsmith_versions.selected = v2.id
    for name in ("version_branch", "version_note"):
        rna = getattr(bpy.ops.worldsmith, name).get_rna_type().properties["version_id"]
        check(rna.is_hidden, f"{name}'s dialog does not show the internal version id (defect 7)")
    # The real dialog: opened with INVOKE_DEFAULT under the mouse, confirmed with the Return key.
    ui.xdotool("mousemove", "420", "380")
    yield 0.3
    known = {v.id for v in ws.versions()}
    check(ui.invoke("version_branch", version_id=v2.id) == {"RUNNING_MODAL"}, "the Branch dialog opened")
    yield 0.8
    ui.screenshot(OUT / "branch_dialog.png", whole_window=True)
    ui.xdotool("key", "Return")
    yield from until(lambda: len(ws.versions()) > len(known), 10, "Return to confirm the Branch dialog")
    branch = next(v for v in ws.versions() if v.id not in known)
    check(branch.branch == "branch" and branch.record()["parent"] == v2.id, "the dialog made the branch of v2")
    scene.worldsmith_versions.selected = branch.id

    # ---- 6. Reassign on the branch -------------------------------------------------------------
    step("reassign")
    ws.switch(branch)
    torch_b = next(o for a, o in sorted(branch.assets().items()) if a.startswith("torch"))
    flame = next(c for c in torch_b.children if c.material_slots)
    ui.select_only(flame)
    ui.show_panels("WORLDSMITH_PT_materials")
    yield 0.5
    ui.screenshot(OUT / "materials.png")
    gaps = ui.timer_gaps(seconds=3.0)
    yield 3.2
    check(max(gaps, default=0) < 2.0, f"material previews do not block the UI (defect 12): {max(gaps):.1f} s")
    library = ws.library(branch.world_collection)
    check(library, "the world has a material library")
    warm = ws.copy_material(flame.material_slots[0].material, "flame warm")
    before_mat = flame.material_slots[0].material
    result = ui.invoke("material_reassign", object_name=flame.name, slot_index=0,
                       material=warm.name)
    check(result == {"FINISHED"}, "Reassign ran")
    check(flame.material_slots[0].material == warm, "the slot shows the new material")
    check(ui.last_report_contains(warm.name), "Reassign confirms what it did (defect 13)")
    parent_flame = next(c for c in v2.assets()[torch_b["asset_id"]].children if c.material_slots)
    check(parent_flame.material_slots[0].material == before_mat, "the parent version keeps its flame")

    # ---- 7. Compare: frame both, labels, state, End clears ---------------------------------------
    step("compare")
    ui.show_panels("WORLDSMITH_PT_versions")
    vs = scene.worldsmith_versions
    vs.compare_a, vs.compare_b = v2.id, branch.id
    check(ui.invoke("versions_compare", on=True) == {"FINISHED"}, "Compare ran")
    yield 0.5
    check(ui.both_in_view(v2, branch), "compare frames A and B in the viewport (defect 6)")
    check(mod("versions.compare").viewport_labels(), "A and B are labelled in the viewport (defect 6)")
    ui.screenshot(OUT / "versions_compare.png")

    # Defect 2: exporting while compare is on never writes B's offset.
    step("export while comparing")
    glb = OUT / "export" / "compare_on.glb"
    glb.parent.mkdir(parents=True, exist_ok=True)
    ws.export(branch, str(glb), overwrite=True)
    ground = ui.glb_translation(glb, "Cobblestone Ground")
    check(abs(ground[0]) < 1.0, f"export ignores the compare offset (defect 2): {ground}")
    report = ws.validate(branch)
    check(report is not None, "validate ran during compare")

    # ---- 8. Side-by-side render --------------------------------------------------------------
    step("side-by-side render")
    active_before = bpy.context.view_layer.objects.active
    out_png = OUT / "render" / "compare.png"
    out_png.parent.mkdir(parents=True, exist_ok=True)
    result = ui.invoke("versions_render", filepath=str(out_png))
    check(result == {"FINISHED"} and out_png.is_file(), "the side-by-side PNG was written")
    check(ui.last_report_contains(str(out_png)), "the render says where the file went (defect 8)")
    check(bpy.context.view_layer.objects.active == active_before, "the render keeps the active object (defect 8)")
    shutil.copy(out_png, OUT / "side_by_side.png")

    step("end compare")
    check(ui.invoke("versions_compare", on=False) == {"FINISHED"}, "End ran")
    check(not vs.compare_a and not vs.compare_b and not vs.diff_lines, "End clears A, B and the diff (defect 6)")
    check(not mod("versions.compare").viewport_labels(), "the A/B labels go with End")

    # ---- 9. Validate and export with the default path on an unsaved file -----------------------
    step("validate and export")
    ui.show_panels("WORLDSMITH_PT_export")
    es = scene.worldsmith_export
    check(ui.invoke("export_validate") == {"FINISHED"}, "Validate ran")
    check(bpy.data.filepath == "", "the file is unsaved")
    result = ui.invoke("export_run")
    check(result == {"FINISHED"}, f"Export with the default path works on an unsaved file (defect 3): {ui.reports()[-3:]}")
    yield 0.3
    ui.screenshot(OUT / "export.png")

    # ---- 10. Show Log opens a Text Editor ------------------------------------------------------
    step("show log")
    check(ui.invoke("backend_show_log") == {"FINISHED"}, "Show Log ran")
    yield 0.3
    check(ui.text_editor_shows("Worldsmith Backend Log"), "Show Log opens the log in a Text Editor (defect 13)")
    ui.screenshot(OUT / "show_log.png", whole_window=True)


def finish(code: int, error: str = "") -> None:
    if STEPS:
        STEPS[-1]["ok"] = code == 0
    (OUT / "result.json").write_text(json.dumps({"ok": code == 0, "error": error, "steps": [
        {"step": s["step"], "ok": s["ok"] if s["ok"] is not None else True} for s in STEPS]}, indent=1))
    try:
        bpy.ops.preferences.addon_disable(module=MODULE)  # stops the backend
    except Exception:
        traceback.print_exc()
    sys.stderr.flush()
    sys.stdout.flush()
    os._exit(code)


FLOW = None


def tick():
    global FLOW
    try:
        if FLOW is None:
            FLOW = flow()
        delay = next(FLOW)
    except StopIteration:
        print("[gui] all steps passed", file=sys.stderr, flush=True)
        finish(0)
        return None
    except BaseException as exc:
        traceback.print_exc()
        name = STEPS[-1]["step"] if STEPS else "setup"
        print(f"[gui] FAILED in {name!r}: {exc}", file=sys.stderr, flush=True)
        try:
            ui.screenshot(OUT / "failure.png", whole_window=True)
        except Exception:
            pass
        finish(1, f"{name}: {exc}")
        return None
    return float(delay)


OUT.mkdir(parents=True, exist_ok=True)
# A hang shows where it is: `kill -USR1 <blender>` prints every thread's Python stack.
faulthandler.register(__import__("signal").SIGUSR1, all_threads=True)
ui.OUT = OUT
ui.MODULE = MODULE
bpy.app.timers.register(tick, first_interval=1.0, persistent=True)
