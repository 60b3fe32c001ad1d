"""Render one version to a PNG (batch previews, contact sheets, shot renders).

The render runs in a throwaway scene that links only the version's collection, so other versions
and other worlds stay out of the picture and the user's scene, its camera and its render settings
never change. Cycles on the CPU with a fixed seed and no adaptive sampling or denoising: the same
version, camera and settings give the same pixels, which is what continuity checks compare.
"""

from __future__ import annotations

import os
from typing import Any

import bpy

from ..core.errors import InvalidInput
from ..scene import store
from ..scene.assets import world_matrix
from .render import check_size

DEFAULT_SAMPLES = 16


def _camera(version: store.Version, camera: Any) -> bpy.types.Object:
    """``camera``: None (the version's main camera), a camera object, its name, or an asset id."""
    cameras = [o for o in version.collection.all_objects if o.type == "CAMERA"]
    if camera is None:
        found = next((o for o in cameras if o.get("asset_id") == "camera.main"), cameras[0] if cameras else None)
        if found is None:
            raise InvalidInput(f"version {version.id} has no camera: pass camera=<a camera object>")
        return found
    if isinstance(camera, bpy.types.Object):
        found = camera
    else:
        found = next((o for o in cameras if o.get("asset_id") == camera), None) or bpy.data.objects.get(str(camera))
    if found is None or found.type != "CAMERA":
        known = ", ".join(sorted(str(o.get("asset_id", o.name)) for o in cameras))
        raise InvalidInput(f"{camera!r} is not a camera: pass a camera object or one of {known}")
    return found


def render_preview(version: Any, path: str, *, camera: Any = None, size: tuple[int, int] = (512, 288),
                   samples: int = DEFAULT_SAMPLES, source_scene: bpy.types.Scene | None = None) -> str:
    """Render ``version`` from ``camera`` into the PNG ``path``; returns the absolute path.
    ``source_scene`` lends its world (environment) and colour management; default: the scene the
    version's world is linked into."""
    version = store.get_version(version)
    width, height = check_size(size)
    if isinstance(samples, bool) or not isinstance(samples, int) or not 1 <= samples <= 4096:
        raise InvalidInput(f"samples {samples!r} must be a whole number 1..4096")
    path = os.path.abspath(os.fspath(path))
    if not path.lower().endswith(".png"):
        raise InvalidInput(f"{path!r}: previews are PNG files; end the path with .png")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    source = _camera(version, camera)
    world_coll = version.world_collection
    if source_scene is None:
        source_scene = next((s for s in bpy.data.scenes if world_coll in s.collection.children_recursive), None)
    scene = bpy.data.scenes.new("Worldsmith Preview")
    rig = bpy.data.objects.new("Worldsmith Preview Camera", source.data)
    try:
        scene.collection.children.link(version.collection)
        # The camera may be excluded, in another version, or outside every scene: render from a
        # stand-in at its world transform (the transform channels, which are always current).
        rig.matrix_world = world_matrix(source)
        scene.collection.objects.link(rig)
        scene.camera = rig
        if source_scene is not None:
            scene.world = source_scene.world
            scene.view_settings.view_transform = source_scene.view_settings.view_transform
            scene.view_settings.look = source_scene.view_settings.look
            scene.view_settings.exposure = source_scene.view_settings.exposure
        scene.unit_settings.scale_length = 1.0
        render = scene.render
        render.engine = "CYCLES"
        render.resolution_x, render.resolution_y, render.resolution_percentage = width, height, 100
        render.image_settings.file_format = "PNG"
        render.image_settings.color_mode = "RGBA"
        render.film_transparent = False
        render.filepath = path
        scene.cycles.device, scene.cycles.samples, scene.cycles.seed = "CPU", samples, 0
        scene.cycles.use_adaptive_sampling = False
        scene.cycles.use_denoising = False
        bpy.ops.render.render(write_still=True, scene=scene.name)
    finally:
        bpy.data.objects.remove(rig)
        bpy.data.scenes.remove(scene)
    if not os.path.isfile(path):
        raise InvalidInput(f"Cycles wrote no image to {path}: check the folder is writable")
    return path
