"""Generate against the real backend: a world with versions, assets, materials, cameras, lights;
its properties survive save/reload and are readable with the add-on disabled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.helpers.extension import mod
from tests.helpers.generation import PROMPT, SMALL


def _texture_images(obj):
    images = set()
    for slot in obj.material_slots:
        if slot.material and slot.material.node_tree:
            images |= {n.image.name for n in slot.material.node_tree.nodes if n.type == "TEX_IMAGE" and n.image}
    return images


def test_generate_makes_a_world_version(gen, fresh):
    bpy = fresh
    api = mod("api")
    version = api.generate(PROMPT, seed=1, **SMALL)
    world = version.world_collection
    assert world.name in bpy.context.scene.collection.children
    assert version.collection.name in world.children and version.number == 1 and version.parent == ""
    data = version.data
    for key in ("id", "created", "spec", "seed", "generator", "generator_version", "backend_version",
                "timings", "recipe", "world_id", "branch", "review_state"):
        assert data.get(key) not in (None, ""), key
    assert data["recipe"][0]["op"] == "generate" and data["spec"]["prompt"] == PROMPT
    assert data["timings"]["import_s"] >= 0 and data["generator"] == "procedural"
    assets = version.assets()
    assert len(assets) >= 3
    assert all(o.get("archetype") and o["role"] == "asset" for o in assets.values())
    textured = [o for o in assets.values() if any(_texture_images(m) for m in [o, *o.children_recursive])]
    assert textured, "materials carry image textures"
    objects = version.objects()
    assert any(o.type == "CAMERA" and o.get("asset_id") == "camera.main" for o in objects)
    assert any(o.type == "LIGHT" for o in objects)
    assert "worldsmith" not in bpy.context.scene.keys(), "scene extras must not stay on the scene"


def test_properties_survive_save_and_reload_and_need_no_addon(gen, fresh, tmp_path):
    bpy = fresh
    api = mod("api")
    version = api.generate(PROMPT, seed=1, **SMALL)
    api.lock(sorted(version.assets())[:1])
    before = (version.id, version.data, sorted(version.assets()))
    path = str(tmp_path / "world.blend")
    bpy.ops.wm.save_as_mainfile(filepath=path)
    bpy.ops.wm.open_mainfile(filepath=path)
    (reloaded,) = api.versions()
    assert (reloaded.id, reloaded.data, sorted(reloaded.assets())) == before
    script = textwrap.dedent(f"""
        import bpy, json
        bpy.ops.wm.open_mainfile(filepath={path!r})
        assert "bl_ext.user_default.worldsmith" not in bpy.context.preferences.addons
        out = {{}}
        for c in bpy.data.collections:
            if "worldsmith_version" in c:
                v = c["worldsmith_version"].to_dict()
                out["version"] = {{"id": v["id"], "recipe": json.loads(v["recipe"])[0]["op"]}}
                out["assets"] = sorted(o["asset_id"] for o in c.objects if o.get("role") == "asset")
                out["locked"] = sorted(o["asset_id"] for o in c.objects if o.get("locked"))
        print("RESULT" + json.dumps(out))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ))
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT")), None)
    assert line, proc.stdout + proc.stderr
    out = json.loads(line[6:])
    assert out["version"] == {"id": before[0], "recipe": "generate"}
    assert out["assets"] == before[2] and out["locked"] == before[2][:1]


def test_generate_operator_blocks_headless(gen, fresh):
    bpy = fresh
    settings = bpy.context.scene.worldsmith
    settings.prompt, settings.seed, settings.texture_size, settings.max_assets = PROMPT, 1, "64", 12
    assert bpy.ops.worldsmith.generate() == {"FINISHED"}
    assert len(mod("api").versions()) == 1


def test_ui_job_runs_through_the_timer_callback(gen, fresh):
    """Timers never fire headless, so call the timer function the way Blender would."""
    import time

    ops = mod("generate.ops")
    ops.CURRENT = ops.UiJob(gen.plan_generate(PROMPT, seed=1, **SMALL))
    labels = set()
    deadline = time.monotonic() + 120
    while ops.CURRENT is not None and time.monotonic() < deadline:
        labels.add(ops.CURRENT.label())
        assert ops._tick() in (None, 0.1)
        time.sleep(0.02)
    assert ops.CURRENT is None
    level, message = ops.LAST_RESULT
    assert level == "INFO" and "Made" in message, message
    assert len(mod("api").versions()) == 1 and labels
