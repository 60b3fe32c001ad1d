"""Side-by-side renders of two versions, and the review package (GLBs, PNG, diff, notes).

Both halves are rendered by Cycles on the CPU from one camera (A's main camera), one version
visible at a time, then composed with numpy and labelled with ``core.labels``. Render settings,
the scene camera and visibility are put back afterwards, also when a render fails.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from typing import Any, Iterator

import bpy
import numpy as np

from ..core import labels
from ..core.errors import InvalidInput
from ..scene import records, store
from ..scene.assets import world_matrix
from ..scene.store import Version
from ..scene.visibility import compare_state, end_compare, restore_visibility, save_visibility, show_only
from .compare import compare, compare_view, pair
from .tree import check_approved_integrity, notes as version_notes

# A review image, not a beauty render: few samples and bounces keep 1024x512 at seconds on a CPU.
SAMPLES = 8
BOUNCES = 3
IMAGE_NAME = "Worldsmith Compare"
_RENDER_SETTINGS = (
    ("render", ("engine", "resolution_x", "resolution_y", "resolution_percentage", "filepath",
                "film_transparent")),
    ("render.image_settings", ("file_format", "color_mode", "color_depth")),
    ("cycles", ("samples", "use_denoising", "device", "use_adaptive_sampling", "max_bounces")),
)


def _owner(scene: bpy.types.Scene, path: str) -> Any:
    owner = scene
    for part in path.split("."):
        owner = getattr(owner, part)
    return owner


@contextmanager
def _render_settings(scene: bpy.types.Scene) -> Iterator[None]:
    saved = [(path, attr, getattr(_owner(scene, path), attr)) for path, attrs in _RENDER_SETTINGS
             for attr in attrs]
    camera = scene.camera
    try:
        yield
    finally:
        for path, attr, value in saved:
            setattr(_owner(scene, path), attr, value)
        scene.camera = camera


def check_size(size: Any) -> tuple[int, int]:
    """``(width, height)`` as ints, 16..8192 each, or InvalidInput saying what is allowed."""
    try:
        width, height = (int(v) for v in size)
    except (TypeError, ValueError):
        raise InvalidInput(f"size {size!r} must be (width, height) in pixels") from None
    if not (16 <= width <= 8192 and 16 <= height <= 8192):
        raise InvalidInput(f"size {size!r}: width and height must be 16..8192 pixels")
    return width, height


def _camera_source(a: Version) -> bpy.types.Object | None:
    cameras = [o for o in a.collection.all_objects if o.type == "CAMERA"]
    main = [o for o in cameras if o.get("asset_id") == "camera.main"]
    return (main or cameras or [bpy.context.scene.camera])[0]


def _render_half(scene: bpy.types.Scene, world: bpy.types.Collection, version: Version,
                 width: int, height: int, folder: str) -> np.ndarray:
    show_only(world, {version.collection.name})
    scene.render.resolution_x, scene.render.resolution_y = width, height
    scene.render.filepath = os.path.join(folder, f"{version.id}.png")
    bpy.ops.render.render(write_still=True, scene=scene.name)
    image = bpy.data.images.load(scene.render.filepath)
    try:
        pixels = np.empty(width * height * 4, dtype=np.float32)
        image.pixels.foreach_get(pixels)
    finally:
        bpy.data.images.remove(image)
    return pixels.reshape(height, width, 4)


def _fit_label(text: str, scale: int, width: int) -> tuple[int, str]:
    """The largest scale (up to ``scale``) at which ``text`` and its box fit in ``width`` pixels;
    at scale 1 a long name is shortened with "..." (a branch name can be 63 characters)."""
    def needed(t: str, s: int) -> int:
        return labels.text_size(t, s)[0] + 4 * 3 * s  # box padding on both sides of the text

    while scale > 1 and needed(text, scale) > width:
        scale -= 1
    while len(text) > 4 and needed(text, scale) > width:
        text = text[:-4] + "..."
    return scale, text


MARK = (1.0, 0.55, 0.05, 1.0)   # changed assets' outlines and the legend's swatch
LEGEND_LINES = 5


def _compose(left: np.ndarray, right: np.ndarray, texts: tuple[str, str],
             marks: tuple[list, list] = ([], []), legend: list[str] | None = None) -> np.ndarray:
    """A | B with a divider, one label size on both halves, outlines around changed assets
    (``marks``: pixel boxes per half) and a legend of the diff on B (rows bottom-up, as Blender
    stores them)."""
    height = left.shape[0]
    out = np.concatenate([left, right], axis=1)
    out[:, :, 3] = 1.0
    mid = left.shape[1]
    for x0, boxes in ((0, marks[0]), (mid, marks[1])):
        for x, y, w, h in boxes:
            _outline(out, x0 + x, y, w, h, max(2, height // 256))
    out[:, max(mid - 1, 0):mid + 1] = (0.9, 0.9, 0.9, 1.0)
    scale = min(_fit_label(text, max(1, height // 160), mid)[0] for text in texts)
    for x0, text in ((0, texts[0]), (mid, texts[1])):
        scale_used, text = _fit_label(text, scale, mid)
        _tag(out, x0, 3 * scale, text, scale_used)
    if legend:
        small = max(1, scale - 1)
        more = [f"... {len(legend) - LEGEND_LINES} more"] if len(legend) > LEGEND_LINES else []
        shown = legend[:LEGEND_LINES] + more
        step = labels.text_size("X", small)[1] + 4 * small
        shown = [line.replace("->", "TO").replace("[", "(").replace("]", ")").replace("+", "NEW").replace(">", "")
                 for line in shown]  # the bitmap font has no [ ] + >
        for i, line in enumerate(reversed(["changed (outlined):", *shown])):
            _tag(out, mid, height - (i + 1) * step - 2 * small, _fit_label(line, small, mid)[1], small)
    return out


def _tag(image: np.ndarray, x0: int, y: int, text: str, scale: int) -> None:
    w, h = labels.text_size(text, scale)
    pad = 3 * scale
    labels.fill_box(image, x0 + pad, y, w + 2 * pad, h + 2 * pad, (0.05, 0.05, 0.05, 1.0), top_down=False)
    labels.draw_text(image, text, x=x0 + 2 * pad, y=y + pad, scale=scale, top_down=False)


def _outline(image: np.ndarray, x: int, y: int, w: int, h: int, t: int) -> None:
    for bx, by, bw, bh in ((x, y, w, t), (x, y + h - t, w, t), (x, y, t, h), (x + w - t, y, t, h)):
        labels.fill_box(image, bx, by, bw, bh, MARK, top_down=False)


def _marks(scene: bpy.types.Scene, camera: bpy.types.Object, version: Version, changed: set[str],
           width: int, height: int) -> list[tuple[int, int, int, int]]:
    """Pixel boxes (x, y from the top, w, h) of ``version``'s changed assets seen by ``camera``."""
    from bpy_extras.object_utils import world_to_camera_view
    from mathutils import Vector

    hierarchy = store.Hierarchy(version.collection.all_objects)
    boxes = []
    for asset_id, root in sorted(version.assets().items()):
        if asset_id not in changed:
            continue
        points = [world_matrix(o) @ Vector(c) for o in (root, *hierarchy.descendants(root))
                  if o.type == "MESH" for c in o.bound_box]
        seen = [world_to_camera_view(scene, camera, p) for p in points]
        seen = [p for p in seen if p.z > 0]
        if not seen:
            continue
        x0, x1 = max(0.0, min(p.x for p in seen)), min(1.0, max(p.x for p in seen))
        y0, y1 = max(0.0, min(p.y for p in seen)), min(1.0, max(p.y for p in seen))
        if x0 >= x1 or y0 >= y1:
            continue
        pad = 4
        boxes.append((int(x0 * width) - pad, int((1.0 - y1) * height) - pad,
                      int((x1 - x0) * width) + 2 * pad, int((y1 - y0) * height) + 2 * pad))
    return boxes


def _save_png(pixels: np.ndarray, path: str) -> bpy.types.Image:
    height, width = pixels.shape[:2]
    scratch = bpy.data.images.new("Worldsmith Compare (writing)", width, height, alpha=True)
    try:
        scratch.pixels.foreach_set(np.ascontiguousarray(pixels, dtype=np.float32).ravel())
        scratch.filepath_raw = path
        scratch.file_format = "PNG"
        scratch.save()
    finally:
        bpy.data.images.remove(scratch)
    old = bpy.data.images.get(IMAGE_NAME)
    if old is not None:
        bpy.data.images.remove(old)
    image = bpy.data.images.load(path)
    image.name = IMAGE_NAME
    return image


def render_compare(a: Any, b: Any, path: str, *, size: tuple[int, int] = (1024, 512)) -> str:
    """Render ``a`` and ``b`` from the same camera into one PNG, A left and B right, labelled;
    load it as the image "Worldsmith Compare" and return ``path``.

    >>> render_compare(v1, v2, "/tmp/v1_v2.png", size=(512, 256))
    '/tmp/v1_v2.png'
    """
    a, b = pair(a, b)
    width, height = check_size(size)
    path = os.path.abspath(os.fspath(path))
    if not path.lower().endswith(".png"):
        raise InvalidInput(f"{path!r}: the side-by-side image is a PNG; end the path with .png")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    worlds = {records.world_of(a).name: records.world_of(a), records.world_of(b).name: records.world_of(b)}
    scene = bpy.context.scene
    compares = {name: compare_state(world) for name, world in worlds.items()}
    saved = {name: save_visibility(world) for name, world in worlds.items()}
    source = _camera_source(a)
    view_layer = bpy.context.view_layer
    active = view_layer.objects.active
    selected = [o.name for o in view_layer.objects if o.select_get()]
    camera = bpy.data.objects.new("Worldsmith Compare Camera", source.data if source else bpy.data.cameras.new("WS"))
    try:
        for world in worlds.values():  # compare view moves B; render both where they really are
            end_compare(world)
        if source is not None:
            camera.matrix_world = world_matrix(source)
        scene.collection.objects.link(camera)
        with _render_settings(scene), tempfile.TemporaryDirectory() as tmp:
            scene.camera = camera
            scene.render.engine = "CYCLES"
            scene.render.resolution_percentage = 100
            scene.render.film_transparent = False
            scene.render.image_settings.file_format = "PNG"
            scene.render.image_settings.color_mode = "RGBA"
            scene.render.image_settings.color_depth = "8"
            scene.cycles.device, scene.cycles.samples, scene.cycles.max_bounces = "CPU", SAMPLES, BOUNCES
            scene.cycles.use_denoising = scene.cycles.use_adaptive_sampling = False
            half = width // 2
            diff = compare(a, b)
            changed = diff.changed_assets
            left = _render_half(scene, worlds[records.world_of(a).name], a, half, height, tmp)
            marks_a = _marks(scene, camera, a, changed, half, height)
            right = _render_half(scene, worlds[records.world_of(b).name], b, width - half, height, tmp)
            marks_b = _marks(scene, camera, b, changed, width - half, height)
        legend = diff.summary()
        b_label = f"B: {b.collection.name}" + ("" if legend else " (no differences)")
        _save_png(_compose(left, right, (f"A: {a.collection.name}", b_label), (marks_a, marks_b), legend), path)
    finally:
        data = camera.data
        bpy.data.objects.remove(camera)
        if source is None and data.users == 0:
            bpy.data.cameras.remove(data)
        for name, world in worlds.items():
            restore_visibility(world, saved[name])
            state = compares[name]
            if state:
                compare_view(state["a"], state["b"], on=True)
        _restore_selection(view_layer, active, selected)
    return path


def _restore_selection(view_layer, active, selected: list[str]) -> None:
    """Hiding a version for its half drops its objects' active and selected state: put it back."""
    for name in selected:
        obj = view_layer.objects.get(name)
        if obj is not None:
            obj.select_set(True)
    if active is not None and active.name in view_layer.objects:
        view_layer.objects.active = active


def _export_glb(version: Version, path: str) -> None:
    """Blender's glTF exporter on just ``version``'s objects (its collection, shown for the export)."""
    world = records.world_of(version)
    saved = save_visibility(world)
    try:
        show_only(world, {version.collection.name})
        result = bpy.ops.export_scene.gltf(filepath=path, export_format="GLB", collection=version.collection.name,
                                           use_active_collection_with_nested=True, export_extras=True,
                                           export_cameras=True, export_lights=True)
        if result != {"FINISHED"} or not os.path.isfile(path):
            raise InvalidInput(f"the glTF exporter did not write {path}")
    finally:
        restore_visibility(world, saved)


def export_review_package(a: Any, b: Any, folder: str, *, size: tuple[int, int] = (1024, 512)) -> list[str]:
    """Write a folder for reviewers: ``a.glb``, ``b.glb``, ``compare.png``, ``diff.json``,
    ``notes.json`` (notes, review history and integrity findings of both). Returns the paths.

    >>> export_review_package(v1, v2, "/tmp/review_v1_v2")
    """
    a, b = pair(a, b)
    folder = os.path.abspath(os.fspath(folder))
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise InvalidInput(f"{folder!r} is a file; give a folder for the review package")
    os.makedirs(folder, exist_ok=True)
    diff = compare(a, b)
    paths = {name: os.path.join(folder, name) for name in ("a.glb", "b.glb", "compare.png", "diff.json", "notes.json")}
    _export_glb(a, paths["a.glb"])
    _export_glb(b, paths["b.glb"])
    render_compare(a, b, paths["compare.png"], size=size)
    with open(paths["diff.json"], "w", encoding="utf-8") as f:
        json.dump(diff.to_dict(), f, indent=2, sort_keys=True)
    notes = {}
    for side, version in (("a", a), ("b", b)):
        record = records.record(version)
        notes[side] = {"id": version.id, "name": version.collection.name, "review_state": record["review_state"],
                       "notes": version_notes(version), "review": json.loads(record.get("review", "[]")),
                       "integrity": check_approved_integrity(version)}
    with open(paths["notes.json"], "w", encoding="utf-8") as f:
        json.dump(notes, f, indent=2, sort_keys=True)
    return list(paths.values())
