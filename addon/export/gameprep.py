"""Game preparation: LOD chains, convex collision proxies, attach-point sockets, and the mesh
helpers export uses to bake scale and move pivots on its copies.

Non-destructive: ``make_lods`` and ``make_collision`` add new objects to a version (children of
the asset, hidden, ``role`` "lod" / "collision") and record a recipe step; the source meshes are
never edited. Why Decimate (collapse) with a protective vertex group: see docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import contextlib
from typing import Iterator, Sequence

import bmesh
import bpy
import numpy as np
from mathutils import Matrix, Vector

from ..core.errors import InvalidInput
from ..core.spec import gltf_to_blender
from ..scene import records, store
from ..scene.assets import asset_id_of, triangle_count, world_matrix

# Vertices on a UV seam or a material border get weight 0 in the group that drives Decimate;
# with the group factor at its maximum, collapsing an edge that touches them costs so much
# that borders survive unchanged while interiors are simplified first.
PROTECT_GROUP = "worldsmith_lod_free"
PROTECT_FACTOR = 1000.0
TARGET_TOLERANCE = 0.05  # aim inside 5 %, so the 10 % promise holds with room to spare
WALL_MOUNTED = frozenset({"torch", "sconce", "lantern", "banner", "sign", "shield", "lamp_wall"})


def mesh_objects(version: store.Version, roles: Sequence[str] = ("asset", "proxy", "part")) -> list[bpy.types.Object]:
    return [o for o in version.collection.all_objects if o.type == "MESH" and o.get("role") in roles]


@contextlib.contextmanager
def scratch_scene() -> Iterator[bpy.types.Scene]:
    """A throwaway scene to evaluate modifiers in, removed with everything linked to it."""
    scene = bpy.data.scenes.new("worldsmith scratch")
    try:
        yield scene
    finally:
        for obj in list(scene.collection.objects):
            bpy.data.objects.remove(obj)
        bpy.data.scenes.remove(scene)


# ---- LODs ------------------------------------------------------------------------------------

def _array(collection, field: str, dtype, count: int, width: int = 1) -> np.ndarray:
    out = np.empty(count * width, dtype=dtype)
    collection.foreach_get(field, out)
    return out.reshape(-1, width) if width > 1 else out


def border_vertices(mesh: bpy.types.Mesh) -> set[int]:
    """Vertices on a UV seam, a material border or an open boundary.

    Vectorised over the mesh arrays (a per-edge bmesh loop made LODs crawl): an edge is a border
    when it does not join exactly two faces or its faces differ in material; a vertex is on a UV
    seam when its face corners do not all share one UV (the faces around it see it differently).
    """
    n_loops, n_faces = len(mesh.loops), len(mesh.polygons)
    if n_loops == 0:
        return set()
    loop_edge = _array(mesh.loops, "edge_index", np.int32, n_loops)
    loop_vert = _array(mesh.loops, "vertex_index", np.int32, n_loops)
    sizes = _array(mesh.polygons, "loop_total", np.int32, n_faces)
    face_material = _array(mesh.polygons, "material_index", np.int32, n_faces)
    edge_verts = _array(mesh.edges, "vertices", np.int32, len(mesh.edges), 2)
    loop_material = np.repeat(face_material, sizes)
    n_edges = len(edge_verts)
    faces_per_edge = np.bincount(loop_edge, minlength=n_edges)
    lowest = np.full(n_edges, np.iinfo(np.int32).max, dtype=np.int32)
    highest = np.full(n_edges, -1, dtype=np.int32)
    np.minimum.at(lowest, loop_edge, loop_material)
    np.maximum.at(highest, loop_edge, loop_material)
    border_edges = (faces_per_edge != 2) | (lowest != highest)
    border = set(np.unique(edge_verts[border_edges]).tolist())
    if mesh.uv_layers.active is not None:
        uv = np.round(_array(mesh.uv_layers.active.data, "uv", np.float32, n_loops, 2), 6)
        n_verts = len(mesh.vertices)
        for axis in (0, 1):
            lo = np.full(n_verts, np.inf, dtype=np.float32)
            hi = np.full(n_verts, -np.inf, dtype=np.float32)
            np.minimum.at(lo, loop_vert, uv[:, axis])
            np.maximum.at(hi, loop_vert, uv[:, axis])
            border.update(np.nonzero(hi > lo)[0].tolist())
    return border


def _decimate_once(scene: bpy.types.Scene, source: bpy.types.Mesh, ratio: float,
                   interior: list[int] | None) -> bpy.types.Mesh:
    """Decimate ``source`` once; ``interior`` (vertices off every border) may collapse freely, the
    rest is protected. None: no protection."""
    obj = bpy.data.objects.new("worldsmith lod", source)
    scene.collection.objects.link(obj)
    mod = obj.modifiers.new("lod", "DECIMATE")
    mod.decimate_type = "COLLAPSE"
    mod.ratio = max(0.0, min(1.0, ratio))
    mod.use_collapse_triangulate = True
    if interior is not None:
        group = obj.vertex_groups.new(name=PROTECT_GROUP)
        group.add(interior, 1.0, "REPLACE")
        mod.vertex_group = PROTECT_GROUP
        mod.vertex_group_factor = PROTECT_FACTOR
    with bpy.context.temp_override(scene=scene, view_layer=scene.view_layers[0]):
        depsgraph = bpy.context.evaluated_depsgraph_get()
        result = bpy.data.meshes.new_from_object(obj.evaluated_get(depsgraph))
    bpy.data.objects.remove(obj)
    return result


def decimate_to(mesh: bpy.types.Mesh, target: int, name: str) -> bpy.types.Mesh:
    """A new mesh with about ``target`` triangles (within 5 % when reachable), UV seams and
    material borders kept. Decimate's ratio is not exactly the triangle ratio, so it corrects
    the ratio by what it got, and lets border protection go only if borders alone exceed target."""
    source_tris = triangle_count(mesh)
    if source_tris == 0 or target >= source_tris:
        result = mesh.copy()
        result.name = name
        return result
    best: bpy.types.Mesh | None = None
    border = border_vertices(mesh)  # once per mesh, not once per attempt
    interior = [i for i in range(len(mesh.vertices)) if i not in border]
    with scratch_scene() as scene:
        for protect in (True, False):
            ratio = target / source_tris
            for _ in range(4):
                candidate = _decimate_once(scene, mesh, ratio, interior if protect else None)
                got = triangle_count(candidate)
                if best is None or abs(got - target) < abs(triangle_count(best) - target):
                    if best is not None:
                        bpy.data.meshes.remove(best)
                    best = candidate
                else:
                    bpy.data.meshes.remove(candidate)
                if abs(got - target) <= TARGET_TOLERANCE * target or got == 0:
                    break
                ratio *= target / max(got, 1)
            if abs(triangle_count(best) - target) <= TARGET_TOLERANCE * target:
                break
    best.name = name
    return best


# ---- collision -------------------------------------------------------------------------------

def hull_mesh(points: Sequence[Vector], name: str) -> bpy.types.Mesh:
    """The convex hull of ``points`` as a closed triangle mesh."""
    if len(points) < 4:
        raise InvalidInput(f"{name}: a convex hull needs at least 4 points, the mesh has {len(points)}")
    bm = bmesh.new()
    try:
        verts = [bm.verts.new(p) for p in points]
        result = bmesh.ops.convex_hull(bm, input=verts, use_existing_faces=False)
        # Points inside the hull stay as loose vertices: remove them so the proxy is one clean shell.
        loose = {v for v in result["geom_interior"] + result["geom_unused"] if isinstance(v, bmesh.types.BMVert)}
        bmesh.ops.delete(bm, geom=list(loose), context="VERTS")
        bmesh.ops.triangulate(bm, faces=bm.faces[:])
        bmesh.ops.recalc_face_normals(bm, faces=bm.faces[:])
        mesh = bpy.data.meshes.new(name)
        bm.to_mesh(mesh)
        return mesh
    finally:
        bm.free()


def asset_points(root: bpy.types.Object, objects: Sequence[bpy.types.Object]) -> list[Vector]:
    """Vertices of ``objects`` in ``root``'s local space (what a child proxy of root needs)."""
    to_root = world_matrix(root).inverted()
    points = []
    for obj in objects:
        m = to_root @ world_matrix(obj)
        points.extend(m @ v.co for v in obj.data.vertices)
    return points


def is_manifold(mesh: bpy.types.Mesh) -> bool:
    bm = bmesh.new()
    try:
        bm.from_mesh(mesh)
        return all(e.is_manifold for e in bm.edges)
    finally:
        bm.free()


# ---- sockets ---------------------------------------------------------------------------------

def attach_points(root: bpy.types.Object) -> list[tuple[str, Vector]]:
    """Attach points of an asset in its local space: ``root["attach_points"]`` (a list of
    ``{name, location}`` in glTF space) when the generator wrote them, else the mount point of wall-mounted
    archetypes. Generated wall assets have their back on local y = 0 (glTF z = 0), so the mount
    point is the centre of that back face."""
    import json

    raw = root.get("attach_points")
    if raw:
        # The generator writes them in glTF space (Y up), like every coordinate in its extras.
        points = json.loads(raw) if isinstance(raw, str) else list(raw)
        return [(str(p.get("name", f"Attach{i}")), Vector(gltf_to_blender(p["location"])))
                for i, p in enumerate(points)]
    wall = root.get("placement") == "wall" or str(root.get("archetype", "")) in WALL_MOUNTED
    if not wall or root.type != "MESH" or not root.data.vertices:
        return []
    xs = [v.co.x for v in root.data.vertices]
    zs = [v.co.z for v in root.data.vertices]
    return [("Mount", Vector(((min(xs) + max(xs)) / 2, 0.0, (min(zs) + max(zs)) / 2)))]


# ---- version-level operations (new objects in the version, recorded as recipe steps) ----------

def _child(version: store.Version, source: bpy.types.Object, name: str, mesh: bpy.types.Mesh,
           role: str, matrix: Matrix) -> bpy.types.Object:
    obj = bpy.data.objects.new(name, mesh)
    version.collection.objects.link(obj)
    obj.parent = source
    obj.matrix_parent_inverse = Matrix.Identity(4)
    obj.matrix_basis = matrix
    obj["asset_id"] = asset_id_of(source)
    if "archetype" in source:
        obj["archetype"] = source["archetype"]
    obj["role"] = role
    obj["source"] = source.name
    # Hidden so the version looks as before; export unhides its own copies.
    obj.hide_render = True
    obj.hide_viewport = True
    return obj


def match_slots(target: bpy.types.Object, source: bpy.types.Object) -> None:
    """Give ``target`` (an LOD level) the materials ``source`` shows, slot by slot: a slot the
    materials module reassigned lives on the object, not on the mesh the LOD was decimated from."""
    for slot, wanted in zip(target.material_slots, source.material_slots):
        if wanted.link == "OBJECT" or slot.material != wanted.material:
            slot.link = "OBJECT"
            slot.material = wanted.material


def remove_generated(version: store.Version, role: str) -> None:
    for obj in [o for o in version.collection.all_objects if o.get("role") == role]:
        data = obj.data
        bpy.data.objects.remove(obj)
        if data is not None and data.users == 0:
            bpy.data.meshes.remove(data)


def make_lods(version: store.Version, *, ratios: Sequence[float] | None = None,
              triangle_targets: Sequence[int] | None = None) -> list[bpy.types.Object]:
    """Add LOD1..n objects to every mesh of the version (replacing earlier ones)."""
    if (ratios is None) == (triangle_targets is None):
        raise InvalidInput("make_lods needs either ratios=(0.5, 0.25) or triangle_targets=(5000, 1000)")
    levels = list(ratios if ratios is not None else triangle_targets)
    if not levels:
        raise InvalidInput("make_lods needs at least one LOD level")
    if ratios is not None and not all(0.0 < r < 1.0 for r in ratios):
        raise InvalidInput(f"LOD ratios must lie between 0 and 1 (exclusive), got {list(ratios)}")
    if triangle_targets is not None and not all(int(t) > 0 for t in triangle_targets):
        raise InvalidInput(f"LOD triangle targets must be positive, got {list(triangle_targets)}")
    records.ensure_editable(version)
    sources = mesh_objects(version)
    if not sources:
        raise InvalidInput(f"version {version.id} has no mesh assets to make LODs of")
    asset_tris: dict[str, int] = {}
    for obj in sources:
        asset_tris[asset_id_of(obj)] = asset_tris.get(asset_id_of(obj), 0) + triangle_count(obj.data)
    remove_generated(version, "lod")
    made = []
    for obj in sources:
        tris = triangle_count(obj.data)
        share = tris / max(asset_tris[asset_id_of(obj)], 1)  # asset targets split by size
        for level, value in enumerate(levels, start=1):
            target = round(tris * value) if ratios is not None else round(int(value) * share)
            mesh = decimate_to(obj.data, max(target, 1), f"{obj.data.name}_LOD{level}")
            lod = _child(version, obj, f"{obj.name}_LOD{level}", mesh, "lod", Matrix.Identity(4))
            match_slots(lod, obj)
            lod["lod_level"] = level
            made.append(lod)
    levels_made = {"ratios": list(ratios)} if ratios is not None else {"triangle_targets": list(triangle_targets)}
    records.add_step(version, records.step("make_lods", **levels_made))
    return made


def make_collision(version: store.Version, *, method: str = "hull") -> list[bpy.types.Object]:
    """Add one convex hull collision proxy per asset (replacing earlier ones).

    ``method="decomposition"`` (several convex pieces) is refused: a convex decomposition needs a
    compiled library (CoACD, V-HACD) that the extension would have to ship as wheels for every
    Blender platform; the single hull covers props, and engines can decompose on import.
    """
    if method not in ("hull", "decomposition"):
        raise InvalidInput(f"collision method {method!r} is unknown: use 'hull'")
    roots = [o for o in version.assets().values() if o.type == "MESH"]
    if not roots:
        raise InvalidInput(f"version {version.id} has no mesh assets to make collision for")
    if method == "decomposition":
        bad = [o.name for o in mesh_objects(version) if not is_manifold(o.data)]
        why = (f" (and {', '.join(bad[:3])} are not manifold, which a decomposition also needs)" if bad else "")
        raise InvalidInput("convex decomposition is not available: it needs a compiled library (CoACD or "
                           "V-HACD) that Worldsmith does not ship for every Blender platform" + why +
                           "; use method='hull' for one convex hull per asset")
    records.ensure_editable(version)
    remove_generated(version, "collision")
    parts = {}
    for obj in mesh_objects(version):
        parts.setdefault(asset_id_of(obj), []).append(obj)
    made = []
    for root in roots:
        points = asset_points(root, parts.get(root.get("asset_id"), [root]))
        mesh = hull_mesh(points, f"{root.data.name}_collision")
        proxy = _child(version, root, f"{root.name} Collision", mesh, "collision", Matrix.Identity(4))
        proxy.display_type = "WIRE"
        made.append(proxy)
    records.add_step(version, records.step("make_collision", method=method))
    return made
