#!/usr/bin/env python3
"""Render the README picture: the demo courtyard, generated through the installed extension's
``api`` and rendered with Cycles on the CPU from the world's main camera.

    .venv/bin/python scripts/render_readme.py            # bpy module
    blender --background --python scripts/render_readme.py

Writes docs/images/courtyard.png. Uses an isolated Blender user folder unless one is set.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from wslib import DEMO_PROMPT, blender  # noqa: E402

PROMPT = DEMO_PROMPT
OUT = ROOT / "docs" / "images" / "courtyard.png"

blender.isolate_user_folder(tempfile.mkdtemp(prefix="worldsmith-render-"))  # before bpy: never the real one

import bpy  # noqa: E402
from mathutils import Vector  # noqa: E402


def world_bounds(version) -> tuple[Vector, Vector]:
    """Bounds of the assets people look at: ground-like assets wider than 60 m are left out."""
    lo, hi = Vector((1e9,) * 3), Vector((-1e9,) * 3)
    for root in version.assets().values():
        pts = [o.matrix_world @ Vector(c) for o in [root, *root.children_recursive] if o.type == "MESH"
               for c in o.bound_box]
        if not pts or max(p.x for p in pts) - min(p.x for p in pts) > 60:
            continue
        for p in pts:
            lo = Vector(map(min, lo, p))
            hi = Vector(map(max, hi, p))
    return lo, hi


def frame_camera(cam, lo: Vector, hi: Vector) -> bool:
    """Keep the generator's camera if it sees the world; otherwise place a 3/4 view. Returns
    whether it had to move the camera."""
    import math

    centre, radius = (lo + hi) / 2, (hi - lo).length / 2
    distance = (cam.matrix_world.translation - centre).length
    if distance < radius * 4:
        # It sees the world; dolly in along its own view axis until the world fills the frame.
        fit = radius * 0.8 / math.tan(cam.data.angle_y / 2)
        if distance > fit * 1.2:
            forward = cam.matrix_world.to_quaternion() @ Vector((0, 0, -1))
            cam.parent = None
            cam.location = centre - forward * fit
        return False
    direction = Vector((0.8, -1.0, 0.65)).normalized()
    cam.parent = None
    cam.location = centre + direction * radius * 1.9
    cam.rotation_euler = (-direction).to_track_quat("-Z", "Y").to_euler()
    cam.data.lens = 35
    cam.data.clip_end = max(cam.data.clip_end, radius * 10)
    return True


def set_sky(world, color, strength: float) -> None:
    world.color = color
    tree = getattr(world, "node_tree", None)
    if tree is None:
        world.use_nodes = True
        tree = world.node_tree
    for node in tree.nodes:
        if node.type == "BACKGROUND":
            node.inputs["Color"].default_value = (*color, 1.0)
            node.inputs["Strength"].default_value = strength


def main() -> int:
    api = blender.installed_api()
    bpy.ops.wm.read_homefile(use_empty=True)
    version = api.generate(PROMPT, seed=7, texture_size=512)
    objects = version.objects()
    cam = next((o for o in objects if o.type == "CAMERA" and o.get("asset_id") == "camera.main"), None)
    cam = cam or next(o for o in objects if o.type == "CAMERA")
    lo, hi = world_bounds(version)
    if frame_camera(cam, lo, hi):
        print(f"render_readme: camera.main at {tuple(round(v) for v in cam.matrix_world.translation)} "
              "did not see the world; placed a 3/4 view instead", file=sys.stderr)
    scene = bpy.context.scene
    scene.camera = cam
    if scene.world is None:  # a soft sky so shadows are not black
        scene.world = bpy.data.worlds.new("Sky")
    set_sky(scene.world, (0.45, 0.55, 0.7), 0.6)
    render = scene.render
    render.engine = "CYCLES"
    scene.cycles.device = "CPU"
    scene.cycles.samples = 48
    scene.cycles.use_denoising = False
    render.resolution_x, render.resolution_y, render.resolution_percentage = 960, 540, 100
    scene.view_settings.view_transform = "AgX" if "AgX" in [
        t.identifier for t in scene.view_settings.bl_rna.properties["view_transform"].enum_items] else "Filmic"
    render.image_settings.file_format = "PNG"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    render.filepath = str(OUT)
    bpy.ops.render.render(write_still=True)
    print(f"render_readme: wrote {OUT} ({len(version.assets())} assets, {version.collection.name})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
