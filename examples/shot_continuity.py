"""Shot continuity: one persistent courtyard, five shot cameras, one lighting change.

The courtyard is generated once. Five shot cameras (in a "Shots" collection outside the world,
so they are not part of any version) frame a torch from different angles. A branch "torch-warm"
makes that torch's light warmer and brighter; nothing else changes. The script renders every
shot before and after and checks continuity: the geometry, placement and materials of every
asset are identical (compare finds nothing), re-rendering a shot gives the same pixels, and the
renders differ only around the torch whose light changed.

    python examples/shot_continuity.py --out out/shots
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

PROMPT = "a medieval courtyard with a well, crates and torches on the walls"
SHOTS = 5
CHANGE = 0.05          # a pixel "changed" when a channel moved by more than this (0..1)
NEAR = 0.4             # ... and it is "near the light" within this fraction of the image diagonal


def shot_cameras(target, centre, count: int):
    """``count`` cameras on an arc in front of ``target`` (towards ``centre``), looking at it."""
    import bpy
    from mathutils import Vector

    coll = bpy.data.collections.get("Shots") or bpy.data.collections.new("Shots")
    if coll.name not in bpy.context.scene.collection.children:
        bpy.context.scene.collection.children.link(coll)
    front = Vector((centre.x - target.x, centre.y - target.y, 0.0)).normalized()
    base = math.atan2(front.y, front.x)
    cameras = []
    for i in range(count):
        angle = base + math.radians(-50 + 100 * i / max(count - 1, 1))
        eye = target + Vector((math.cos(angle), math.sin(angle), 0.0)) * (6.0 + i) + Vector((0, 0, 0.8 + 0.4 * i))
        cam = bpy.data.objects.new(f"Shot {i + 1}", bpy.data.cameras.new(f"Shot {i + 1}"))
        cam.data.lens = 28
        cam.location = eye
        cam.rotation_euler = (target - eye).to_track_quat("-Z", "Y").to_euler()
        coll.objects.link(cam)
        cameras.append(cam)
    return cameras


def light_pixel(camera, point, size):
    """Where ``point`` lands in the image (x, y from the bottom left), or None behind the camera."""
    import bpy
    from bpy_extras.object_utils import world_to_camera_view

    scene = bpy.context.scene
    scene.render.resolution_x, scene.render.resolution_y = size
    ndc = world_to_camera_view(scene, camera, point)
    return None if ndc.z <= 0 else (ndc.x * size[0], ndc.y * size[1])


def change_stats(before, after, centre, size) -> dict:
    import numpy as np

    diff = np.abs(after[:, :, :3] - before[:, :, :3]).max(axis=2)
    changed = np.argwhere(diff > CHANGE)  # (row from the bottom, column)
    stats = {"changed_fraction": float(len(changed)) / diff.size, "max_change": float(diff.max()),
             "near_fraction": 1.0, "far_changed_fraction": 0.0}
    if len(changed) and centre is not None:
        reach = NEAR * math.hypot(*size)
        rows, cols = np.indices(diff.shape)
        far = np.hypot(cols - centre[0], rows - centre[1]) > reach
        stats["near_fraction"] = float(1.0 - far[diff > CHANGE].mean())
        stats["far_changed_fraction"] = float((diff[far] > CHANGE).mean()) if far.any() else 0.0
    return stats


def main() -> None:
    import bpy

    args = _common.arguments(__doc__.splitlines()[0])
    api = _common.connect(args.zip)
    texture, size, samples = (64, (96, 54), 8) if args.small else (512, (640, 360), 32)
    base = api.generate(PROMPT, seed=4, texture_size=texture)
    bpy.context.view_layer.update()
    torch_id, torch = next((aid, o) for aid, o in sorted(base.assets().items()) if o["archetype"] == "torch")
    light = next(o for o in torch.children_recursive if o.type == "LIGHT")
    cameras = shot_cameras(light.matrix_world.translation.copy(), _centre(base), SHOTS)

    before = [api.render_preview(base, str(args.out / f"shot{i + 1}_before.png"), camera=cam, size=size,
                                 samples=samples) for i, cam in enumerate(cameras)]
    again = api.render_preview(base, str(args.out / "shot1_again.png"), camera=cameras[0], size=size, samples=samples)
    repeatable = bool((_common.read_png(again) == _common.read_png(before[0])).all())

    warm = api.branch(base, "torch-warm")
    warm_torch = warm.assets()[torch_id]
    warm_light = next(o for o in warm_torch.children_recursive if o.type == "LIGHT")
    api.ensure_single_user(warm_light)  # the branch shares light data with its parent: copy on write
    warm_light.data.energy *= 3.0  # a warmer, brighter torch: visible, and only near it
    warm_light.data.color = (1.0, 0.55, 0.2)
    after = [api.render_preview(warm, str(args.out / f"shot{i + 1}_after.png"), camera=cam, size=size,
                                samples=samples) for i, cam in enumerate(cameras)]

    diff = api.compare(base, warm).to_dict()
    geometry_identical = not any(diff[k] for k in ("added", "removed", "moved", "geometry", "materials"))
    assert geometry_identical, f"the lighting branch changed assets: {diff}"
    assert all(warm.assets()[a].data == o.data for a, o in base.assets().items()), "meshes stay shared"
    assert light.data.energy != warm_light.data.energy, "the parent version kept its light"
    assert repeatable, "the same shot rendered twice must give the same pixels"

    shots = []
    for i, cam in enumerate(cameras):
        centre = light_pixel(cam, light.matrix_world.translation, size)
        stats = change_stats(_common.read_png(before[i]), _common.read_png(after[i]), centre, size)
        shots.append({"camera": cam.name, "before": before[i], "after": after[i], "light_at": centre, **stats})
        print(f"[shots] {cam.name}: {stats['changed_fraction']:.1%} of pixels changed, "
              f"{stats['near_fraction']:.0%} of them near the torch, {stats['far_changed_fraction']:.1%} "
              f"of the pixels away from it", file=sys.stderr, flush=True)
        assert stats["near_fraction"] >= 0.8, f"{cam.name}: pixels changed away from the torch"
        assert stats["far_changed_fraction"] < 0.05, f"{cam.name}: the change reached far from the torch"
    assert any(s["max_change"] > CHANGE for s in shots), "the lighting change should be visible"
    _common.finish({"out": str(args.out), "torch": torch_id, "base": base.id, "lighting_branch": warm.id,
                    "geometry_identical": geometry_identical, "repeatable": repeatable, "shots": shots})


def _centre(version):
    """The middle of the version's assets (the courtyard centre), from their transform channels."""
    from mathutils import Vector

    points = [o.matrix_world.translation for o in version.assets().values()]
    return sum(points, Vector()) / max(len(points), 1)


if __name__ == "__main__":
    _common.run(main)
