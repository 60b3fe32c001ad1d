"""Build a world by hand, exactly as the store contract describes, for tests that must not depend
on the backend: a world collection, one version collection, asset roots with parts, a camera and
a sun, meshes and materials with their custom properties.

``courtyard()`` gives a small courtyard (well, market stall with a cloth part, torches);
``grid_world(n)`` gives ``n`` simple assets for benchmarks. ``procedural_version()`` is the other
way in: a real procedural world, generated in-process and imported through the add-on's own
import path (no backend process).
"""

from __future__ import annotations

import json
import math
import uuid

COURTYARD_SPEC = {"prompt": "a medieval courtyard with a well, a market stall and torches",
                  "seed": 7, "generator": "procedural", "theme": "courtyard"}


def _material(bpy, name: str, colour, material_id: str, *, texture: int = 0):
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    bsdf = next(n for n in mat.node_tree.nodes if n.type == "BSDF_PRINCIPLED")
    bsdf.inputs["Base Color"].default_value = (*colour, 1.0)
    if texture:
        image = bpy.data.images.new(f"{name}_basecolor", texture, texture)
        node = mat.node_tree.nodes.new("ShaderNodeTexImage")
        node.image = image
    mat["material_id"] = material_id
    mat["tags"] = json.dumps([material_id.split(".")[0]])
    return mat


def _box_mesh(bpy, name: str, size=(1.0, 1.0, 1.0), materials=()):
    sx, sy, sz = (s / 2 for s in size)
    verts = [(x * sx, y * sy, z * sz + sz) for z in (-1, 1) for y in (-1, 1) for x in (-1, 1)]
    faces = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata(verts, [], faces)
    for mat in materials:
        mesh.materials.append(mat)
    if len(materials) > 1:  # put the top face on the second slot so slots really differ
        mesh.polygons[1].material_index = 1
    mesh.update()
    return mesh


def _asset(bpy, coll, name, asset_id, mesh, location, *, parent=None, role="asset", part=None):
    obj = bpy.data.objects.new(name, mesh)
    obj.location = location
    obj["asset_id"] = asset_id
    obj["role"] = role
    obj["archetype"] = asset_id.split(".")[0]
    obj["locked"] = False
    if part:
        obj["part"] = part
    if parent is not None:
        obj.parent = parent
    coll.objects.link(obj)
    return obj


def world_collections(bpy, title: str, world_id: str, spec: dict):
    """The world and its first version collection, with records as the store writes them."""
    world = bpy.data.collections.new(title)
    bpy.context.scene.collection.children.link(world)
    version = bpy.data.collections.new(f"{title} v1 main")
    world.children.link(version)
    vid = uuid.uuid4().hex[:12]
    version["worldsmith_version"] = {
        "schema": 1, "id": vid, "number": 1, "parent": "", "branch": "main",
        "created": "2025-01-01T00:00:00Z", "author": "tester", "world_id": world_id,
        "spec": json.dumps(spec), "seed": int(spec.get("seed", 0)), "generator": "procedural",
        "generator_version": "1", "backend_version": "0.1.0", "timings": "{}",
        "recipe": json.dumps([{"op": "generate", "at": "2025-01-01T00:00:00Z", "spec": spec}]),
        "review_state": "draft", "review": "[]", "notes": "[]", "ignored": "[]", "approval_hashes": "{}",
    }
    world["worldsmith_world"] = {"schema": 1, "world_id": world_id, "title": title,
                                 "prompt": spec.get("prompt", ""), "active_version": vid}
    return world, version


def courtyard(bpy, title: str = "Courtyard"):
    """A hand-built courtyard world; returns (world collection, version collection)."""
    world, version = world_collections(bpy, title, f"{title.lower()}-test", COURTYARD_SPEC)
    stone = _material(bpy, "Stone", (0.5, 0.5, 0.5), "stone.000", texture=32)
    wood = _material(bpy, "Wood", (0.4, 0.25, 0.1), "wood.000")
    cloth = _material(bpy, "Cloth Red", (0.8, 0.05, 0.05), "cloth.000")
    flame = _material(bpy, "Flame", (1.0, 0.6, 0.1), "flame.000")
    _asset(bpy, version, "Ground", "ground.000", _box_mesh(bpy, "Ground", (12, 10, 0.1), [stone]), (0, 0, -0.1))
    _asset(bpy, version, "Well", "well.000", _box_mesh(bpy, "Well", (1.5, 1.5, 1.0), [stone, wood]), (-2, 0, 0))
    stall = _asset(bpy, version, "Stall", "stall.000", _box_mesh(bpy, "Stall", (2, 1, 1.2), [wood]), (2.5, 1, 0))
    _asset(bpy, version, "Cloth", "stall.000", _box_mesh(bpy, "Stall Cloth", (2.2, 1.2, 0.1), [cloth]),
           (0, 0, 1.3), parent=stall, role="part", part="cloth")
    torch_mesh = _box_mesh(bpy, "Torch", (0.1, 0.1, 0.6), [wood, flame])
    for i, x in enumerate((-4.0, 4.0)):  # repeated assets share one mesh, as glTF import does
        _asset(bpy, version, f"Torch.{i:03d}", f"torch.{i:03d}", torch_mesh, (x, -4.5, 1.0))
    cam = bpy.data.objects.new("Camera", bpy.data.cameras.new("Camera"))
    cam.location = (0, -14, 7)
    cam.rotation_euler = (math.radians(65), 0, 0)
    cam["asset_id"], cam["role"] = "camera.main", "camera"
    version.objects.link(cam)
    sun = bpy.data.objects.new("Sun", bpy.data.lights.new("Sun", "SUN"))
    sun.rotation_euler = (math.radians(40), 0, math.radians(30))
    sun["asset_id"], sun["role"] = "light.sun", "light"
    version.objects.link(sun)
    return world, version


def _detailed_mesh(bpy, name: str, cuts: int, materials=()):
    """A subdivided box of about ``12 * cuts**2`` triangles: the size of a real prop, not a toy."""
    import bmesh

    bm = bmesh.new()
    bmesh.ops.create_cube(bm, size=0.8)
    bmesh.ops.subdivide_edges(bm, edges=bm.edges[:], cuts=cuts - 1, use_grid_fill=True)
    mesh = bpy.data.meshes.new(name)
    bm.to_mesh(mesh)
    bm.free()
    for mat in materials:
        mesh.materials.append(mat)
    return mesh


def grid_world(bpy, n: int, title: str = "Grid", *, cuts: int = 1):
    """``n`` assets on a grid, each with its own mesh, for benchmarks: boxes, or with ``cuts`` > 1
    subdivided boxes of about 12 * cuts**2 triangles (cuts=13: ~2,000, a typical prop)."""
    world, version = world_collections(bpy, title, f"{title.lower()}-{n}", {"prompt": f"{n} boxes", "seed": 0})
    mat = _material(bpy, f"{title} Paint", (0.6, 0.6, 0.6), "paint.000")
    side = max(1, int(math.ceil(math.sqrt(n))))
    for i in range(n):
        if cuts > 1:
            mesh = _detailed_mesh(bpy, f"{title} Box {i}", cuts, [mat])
        else:
            mesh = _box_mesh(bpy, f"{title} Box {i}", (0.8, 0.8, 0.8), [mat])
        _asset(bpy, version, f"Box.{i:03d}", f"box.{i:03d}", mesh, (i % side, i // side, 0))
    return world, version


def clear(bpy) -> None:
    """Remove every collection, object and datablock the helpers make, so tests start empty."""
    for coll in list(bpy.data.collections):
        bpy.data.collections.remove(coll)
    for datablocks in (bpy.data.objects, bpy.data.meshes, bpy.data.materials, bpy.data.images,
                       bpy.data.cameras, bpy.data.lights):
        for block in list(datablocks):
            if block.name != "Render Result":
                datablocks.remove(block)


_GLB_CACHE: dict[str, bytes] = {}


def procedural_glb(spec: dict) -> bytes:
    """The procedural generator's GLB for ``spec``, made in-process once per spec."""
    import json

    from worldsmith_backend.generators.base import NullProgress
    from worldsmith_backend.generators.procedural import ProceduralGenerator

    key = json.dumps(spec, sort_keys=True)
    if key not in _GLB_CACHE:
        _GLB_CACHE[key] = ProceduralGenerator().generate(spec, NullProgress())
    return _GLB_CACHE[key]


def procedural_version(api, prompt: str, *, seed: int = 0, texture_size: int = 64, max_assets=None):
    """Generate with the procedural generator in-process and import the result like
    ``api.generate`` does (``api``: the installed extension's api module)."""
    from .blender import extension_module

    plan = extension_module(api, "generate.plans").plan_generate(prompt, seed=seed, texture_size=texture_size,
                                                                  max_assets=max_assets)
    return extension_module(api, "generate.run").finish(plan, procedural_glb(plan.spec), {}).version
