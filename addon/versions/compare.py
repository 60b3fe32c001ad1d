"""Compare two versions: plain snapshots for ``core.diff``, and side by side in the viewport.

Compare view shows A and B together, B moved along X by the world's width plus a margin. What it
changes (layer exclusion flags, B's root locations) is saved on the world collection
(``scene.visibility``) before anything moves, so ending compare, even after a save and reload,
puts back exactly what was there.
"""

from __future__ import annotations

import json
import re
from typing import Any

import bpy
import numpy as np

from ..core import diff as diff_rules
from ..core import schema
from ..core.errors import InvalidInput, WorldsmithError
from ..scene import records, store, visibility
from ..scene.assets import world_matrix
from ..scene.store import Version
from ..scene.visibility import compare_state, end_compare, save_visibility, show_only

MIN_MARGIN = 4.0     # metres between A and B, more for big worlds: a clear gap (courtyards nearly
MARGIN_SHARE = 0.3   # touched at 1 m + 10%), room for the A/B labels


def margin(width: float) -> float:
    return max(MIN_MARGIN, MARGIN_SHARE * width)


# ---- snapshot -------------------------------------------------------------------------------

def _read_attribute(mesh: bpy.types.Mesh, name: str, field: str, out: np.ndarray, fallback) -> None:
    # The generic attribute arrays are ~100x faster to read than MeshVertex.co / MeshLoop
    # vertex_index, which go through RNA item by item; same bytes either way.
    attribute = mesh.attributes.get(name)
    if attribute is not None:
        attribute.data.foreach_get(field, out)
    else:
        fallback(out)


def _mesh_chunks(obj: bpy.types.Object) -> list[bytes]:
    """Positions, face corners and face sizes: what the geometry hash covers."""
    mesh = obj.data
    co = np.empty(len(mesh.vertices) * 3, dtype=np.float32)
    _read_attribute(mesh, "position", "vector", co, lambda out: mesh.vertices.foreach_get("co", out))
    loops = np.empty(len(mesh.loops), dtype=np.int32)
    _read_attribute(mesh, ".corner_vert", "value", loops, lambda out: mesh.loops.foreach_get("vertex_index", out))
    starts = np.empty(len(mesh.polygons), dtype=np.int32)
    mesh.polygons.foreach_get("loop_start", starts)
    sizes = np.diff(np.append(starts, np.int32(len(loops)))).astype(np.int32)
    return [co.tobytes(), loops.tobytes(), sizes.tobytes()]


def _image_bytes(image: bpy.types.Image) -> int:
    width, height = image.size
    return int(width * height * image.channels * (4 if image.is_float else 1))


def _part_key(root: bpy.types.Object, obj: bpy.types.Object) -> str:
    # Copies get ".001" suffixes; without the "part" property the base name is the stable key.
    return "" if obj == root else str(obj.get("part") or re.sub(r"\.\d{3,}$", "", obj.name))


def _asset_snapshot(root: bpy.types.Object, offset: tuple[float, float, float],
                    hierarchy: store.Hierarchy, meshes: dict[int, bytes]) -> dict:
    objects = sorted((root, *hierarchy.descendants(root)), key=lambda o: (_part_key(root, o), o.name))
    chunks: list[bytes] = []
    triangles = 0
    slots: dict[str, str | None] = {}
    for obj in objects:
        key = _part_key(root, obj)
        if obj.type == "MESH":
            chunks.append(key.encode())
            pointer = obj.data.as_pointer()
            if pointer not in meshes:  # versions share most meshes: read and hash each one once
                meshes[pointer] = diff_rules.geometry_hash(*_mesh_chunks(obj)).encode()
            chunks.append(meshes[pointer])
            triangles += len(obj.data.loops) - 2 * len(obj.data.polygons)
        for index, slot in enumerate(obj.material_slots):
            slots[f"{key}:{index}" if key else str(index)] = slot.material.name if slot.material else None
    location, rotation, scale = world_matrix(root).decompose()
    return {
        "name": root.name,
        "location": [float(v - o) for v, o in zip(location, offset)],
        "rotation": list(rotation.to_euler()),
        "scale": list(scale),
        "geometry": diff_rules.geometry_hash(*chunks) if chunks else "",
        "triangles": triangles,
        "slots": slots,
        "locked": bool(root.get("locked", False)),
    }


def snapshot(version: Any, meshes: dict[int, bytes] | None = None) -> dict:
    """``version`` as plain data for ``core.diff.compare`` (see that module for the shape).
    ``meshes`` caches each mesh's geometry digest by pointer across snapshots taken together."""
    meshes = {} if meshes is None else meshes
    version = records.handle(version)
    current = records.record(version)
    state = compare_state(records.world_of(version))
    offset = tuple(state["offset"]) if state and state["b"] == current["id"] else (0.0, 0.0, 0.0)
    hierarchy = store.Hierarchy(version.collection.all_objects)
    assets = {aid: _asset_snapshot(root, offset, hierarchy, meshes) for aid, root in sorted(version.assets().items())}
    textures: dict[str, int] = {}
    for obj in version.collection.all_objects:
        for slot in obj.material_slots:
            if slot.material and slot.material.node_tree:
                for node in slot.material.node_tree.nodes:
                    if node.type == "TEX_IMAGE" and node.image:
                        textures[node.image.name] = _image_bytes(node.image)
    return {
        "id": current["id"], "label": version.collection.name,
        "spec": schema.decode_field(current, "spec"), "seed": current.get("seed"),
        "generator": current.get("generator"), "generator_version": current.get("generator_version"),
        "assets": assets, "textures": textures,
    }


def pair(a: Any, b: Any) -> tuple[Version, Version]:
    """Two different live versions, A and B; ``InvalidInput`` when they are the same."""
    a, b = records.handle(a), records.handle(b)
    if a.id == b.id:
        raise InvalidInput(f"A and B are both {a.collection.name!r}; pick two different versions to compare")
    return a, b


def compare(a: Any, b: Any) -> diff_rules.Diff:
    """The structured diff from ``a`` to ``b`` by asset id; ``.to_dict()`` is JSON-ready."""
    a, b = pair(a, b)
    meshes: dict[int, bytes] = {}
    return diff_rules.compare(snapshot(a, meshes), snapshot(b, meshes))


# ---- compare view -----------------------------------------------------------------------------

def world_width(*groups: Version) -> float:
    """The widest X extent (metres) of the given versions' mesh objects."""
    width = 0.0
    for version in groups:
        xs = [(world_matrix(obj) @ _vec(corner)).x for obj in version.collection.all_objects
              if obj.type == "MESH" for corner in _corners(obj.data)]
        if xs:
            width = max(width, max(xs) - min(xs))
    return width


def _corners(mesh: bpy.types.Mesh) -> list[tuple[float, float, float]]:
    # From the vertices, not Object.bound_box: that is only filled in for evaluated objects.
    if not len(mesh.vertices):
        return []
    co = np.empty(len(mesh.vertices) * 3, dtype=np.float32)
    mesh.vertices.foreach_get("co", co)
    co = co.reshape(-1, 3)
    lo, hi = co.min(axis=0), co.max(axis=0)
    return [(x, y, z) for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]


def _vec(corner: Any) -> Any:
    from mathutils import Vector

    return Vector(corner)


def compare_view(a: Any, b: Any, on: bool = True) -> dict | None:
    """Show ``a`` and ``b`` side by side (``on=True``) or put back what was there before.

    Returns the saved state while on, None when off.
    """
    if not on:
        for world in store.worlds():
            end_compare(world)
        return None
    a, b = pair(a, b)
    world = records.world_of(a)
    if records.world_of(b) != world:
        raise InvalidInput("A and B belong to different worlds; compare versions of one world")
    records.record(a), records.record(b)  # refuse malformed state before changing anything
    end_compare(world)
    width = world_width(a, b)
    offset = [width + margin(width), 0.0, 0.0]
    roots = [o for o in b.collection.all_objects if o.parent is None]
    state = {"a": a.id, "b": b.id, "offset": offset, "visibility": save_visibility(world),
             "locations": {o.name: list(o.location) for o in roots}}
    visibility.save_compare_state(world, state)
    show_only(world, {a.collection.name, b.collection.name})
    for obj in roots:
        obj.location.x += offset[0]
    return state


def bounds(version: Version) -> tuple[Any, Any] | None:
    """World-space (min, max) corners of a version's mesh objects as they are now (compare
    view's offset included), or None for a version without meshes."""
    from mathutils import Vector

    points = [world_matrix(obj) @ Vector(corner) for obj in version.collection.all_objects
              if obj.type == "MESH" for corner in _corners(obj.data)]
    if not points:
        return None
    return (Vector([min(p[i] for p in points) for i in range(3)]),
            Vector([max(p[i] for p in points) for i in range(3)]))


def viewport_labels() -> list[tuple[str, Any]]:
    """While compare view is on: ("A  v1 main", location above A's centre), and B's likewise,
    for every world; [] when compare is off. What the viewport overlay draws."""
    labels = []
    for world in store.worlds():
        try:
            state = compare_state(world)
        except WorldsmithError:  # a malformed state is Repair's business, not the overlay's
            state = None
        if not state:
            continue
        for side in ("a", "b"):
            try:
                version = store.get_version(state[side])
            except WorldsmithError:
                continue
            box = bounds(version)
            if box is None:
                continue
            lo, hi = box
            at = (lo + hi) / 2
            at.z = hi.z + 1.0
            labels.append((f"{side.upper()}  v{version.number} {version.branch}", at))
    return labels


# ---- fingerprints: what a version looked like when an operation made it ------------------------

FINGERPRINT_KEY = "ws_fingerprint"  # on the version collection, JSON: asset id -> geometry + transform


def fingerprint(version: Any, skip: Any = ()) -> dict[str, dict]:
    """Per asset (but those in ``skip``): geometry hash and rounded world transform (what recipes
    compare to find hand edits)."""
    version = records.handle(version)
    hierarchy, meshes = store.Hierarchy(version.collection.all_objects), {}
    out = {}
    for aid, root in sorted(version.assets().items()):
        if aid in skip:
            out[aid] = {}
            continue
        snap = _asset_snapshot(root, (0.0, 0.0, 0.0), hierarchy, meshes)
        out[aid] = {"geometry": snap["geometry"],
                    "transform": [round(float(v), 5) for key in ("location", "rotation", "scale") for v in snap[key]]}
    return out


def record_fingerprint(version: Any, inherit: dict[str, dict] | None = None) -> None:
    """Store ``version``'s fingerprint now; assets named in ``inherit`` keep those entries (a branch
    keeps its parent's, so a hand edit the parent could not explain stays unexplained)."""
    version = records.handle(version)
    current = fingerprint(version, skip=set(inherit or ()))
    for aid, entry in (inherit or {}).items():
        if aid in current:
            current[aid] = entry
    version.collection[FINGERPRINT_KEY] = json.dumps(current, sort_keys=True)


def stored_fingerprint(version: Any) -> dict[str, dict] | None:
    raw = records.handle(version).collection.get(FINGERPRINT_KEY)
    try:
        return json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def hand_edits(version: Any) -> dict[str, dict] | None:
    """Asset id -> ``{"what": ["geometry", "transform"], ...}`` for assets that differ from the
    stored fingerprint; None when the version has none (made before recipes kept them)."""
    stored = stored_fingerprint(version)
    if stored is None:
        return None
    out = {}
    for aid, now in fingerprint(version).items():
        then = stored.get(aid)
        if then is None:
            continue
        what = [k for k in ("geometry", "transform") if k == "geometry" and now[k] != then[k]
                or k == "transform" and any(abs(a - b) > 1e-4 for a, b in zip(now[k], then[k]))]
        if what:
            out[aid] = {"what": what, "geometry": now["geometry"], "transform": now["transform"]}
    return out
