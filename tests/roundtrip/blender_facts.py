"""What a file holds, as Blender sees it: one function shared by the test process (facts of the
source version) and the fresh process that imports each exported file with Blender's importers.

Facts are plain JSON: ``nodes`` (name -> parent, world matrix in Blender space, world box of the
mesh, material slots, custom properties) and ``materials`` (name -> PBR channel -> image size and
a hash of the exact 8-bit values the channel reads), so every reader reports the same shape.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

PROPS = ("asset_id", "role", "part", "lod_level", "archetype", "attach_points", "worldsmith_version_id",
         "worldsmith_world_id", "worldsmith_seed", "worldsmith_generator", "worldsmith_spec", "fbx_type")
_CHANNEL_INDEX = {"red": 0, "r": 0, "green": 1, "g": 1, "blue": 2, "b": 2}


def plane_hash(arr: np.ndarray) -> str:
    """sha1 of a uint8 plane (H, W) or (H, W, 3), top row first."""
    return hashlib.sha1(np.ascontiguousarray(arr, dtype=np.uint8).tobytes()).hexdigest()[:16]


def image_rgba(image) -> np.ndarray:
    """The image's 8-bit values, (H, W, 4), top row first (Blender stores bottom row first)."""
    w, h = image.size
    px = np.empty(w * h * 4, dtype=np.float32)
    image.pixels.foreach_get(px)
    return np.round(px.reshape(h, w, 4) * 255.0).astype(np.uint8)[::-1]


def _plain(value):
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "to_list"):
        return [_plain(v) for v in value.to_list()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def _source(socket):
    """(image, channel index or None for RGB) feeding ``socket``, following Normal Map and
    Separate Color nodes; None when nothing image-based is linked."""
    if socket is None or not socket.is_linked:
        return None
    link = socket.links[0]
    node, out = link.from_node, link.from_socket
    if node.type == "TEX_IMAGE":
        return (node.image, None) if node.image is not None else None
    if node.type in ("SEPARATE_COLOR", "SEPRGB", "SEPARATE_RGB"):
        found = _source(node.inputs[0])
        if found is None:
            return None
        return found[0], _CHANNEL_INDEX.get(out.name.lower(), 0)
    if node.type in ("NORMAL_MAP", "BUMP"):
        return _source(node.inputs.get("Color") or node.inputs[-1])
    for inp in node.inputs:  # a colour ramp, a gamma or a mix in between: look through it
        if inp.is_linked:
            return _source(inp)
    return None


def _occlusion_socket(tree):
    for node in tree.nodes:
        if node.type == "GROUP" and "Occlusion" in node.inputs:
            return node.inputs["Occlusion"]
    return None


def channel_facts(image, channel, cache: dict) -> dict:
    key = (image.name, channel)
    if key not in cache:
        rgba = image_rgba(image)
        plane = rgba[..., :3] if channel is None else rgba[..., channel]
        cache[key] = {"size": [int(image.size[0]), int(image.size[1])], "hash": plane_hash(plane)}
    return cache[key]


def material_facts(mat, cache: dict) -> dict:
    """PBR channel -> {size, hash} for the channels that read an image."""
    if mat is None or mat.node_tree is None:
        return {}
    tree = mat.node_tree
    bsdf = next((n for n in tree.nodes if n.type == "BSDF_PRINCIPLED"), None)
    if bsdf is None:
        return {}
    sockets = {"base_color": bsdf.inputs.get("Base Color"), "normal": bsdf.inputs.get("Normal"),
               "roughness": bsdf.inputs.get("Roughness"), "metallic": bsdf.inputs.get("Metallic"),
               "emission": bsdf.inputs.get("Emission Color") or bsdf.inputs.get("Emission"),
               "occlusion": _occlusion_socket(tree)}
    out = {}
    for channel, socket in sockets.items():
        found = _source(socket)
        if found is None:
            continue
        image, index = found
        if channel in ("roughness", "metallic", "occlusion") and index is None:
            index = 0  # a grey map linked straight to a float input
        out[channel] = channel_facts(image, index, cache)
    return out


def world_matrix(obj):
    """From the parent chain: excluded collections leave ``matrix_world`` stale."""
    local = obj.matrix_parent_inverse @ obj.matrix_basis if obj.parent else obj.matrix_basis
    return world_matrix(obj.parent) @ local if obj.parent else local.copy()


def material_areas(obj, m) -> dict:
    """World-space area of the faces each slot's material covers: which faces carry which
    material, whatever the reader's triangulation or slot order."""
    mesh = obj.data
    if not len(mesh.polygons):
        return {}
    mesh.calc_loop_triangles()
    count = len(mesh.loop_triangles)
    corners = np.empty(count * 3, dtype=np.int64)
    mesh.loop_triangles.foreach_get("vertices", corners)
    slots = np.empty(count, dtype=np.int64)
    mesh.loop_triangles.foreach_get("material_index", slots)
    co = np.empty(len(mesh.vertices) * 3, dtype=np.float64)
    mesh.vertices.foreach_get("co", co)
    co = co.reshape(-1, 3) @ np.asarray(m)[:3, :3].T + np.asarray(m)[:3, 3]
    a, b, c = co[corners[0::3]], co[corners[1::3]], co[corners[2::3]]
    area = np.linalg.norm(np.cross(b - a, c - a), axis=1) / 2
    out: dict[str, float] = {}
    for index, slot in enumerate(obj.material_slots):
        covered = float(area[slots == index].sum())
        if slot.material is not None and covered > 0:
            out[slot.material.name] = out.get(slot.material.name, 0.0) + covered
    return out


def node_facts(obj) -> dict:
    m = world_matrix(obj)
    box = None
    if obj.type == "MESH" and len(obj.data.polygons):
        # Only vertices faces use: readers that build triangle lists (assimp) drop loose ones.
        co = np.empty(len(obj.data.vertices) * 3, dtype=np.float64)
        obj.data.vertices.foreach_get("co", co)
        used = np.empty(len(obj.data.loops), dtype=np.int64)
        obj.data.loops.foreach_get("vertex_index", used)
        co = co.reshape(-1, 3)[np.unique(used)] @ np.asarray(m)[:3, :3].T + np.asarray(m)[:3, 3]
        box = [co.min(0).round(6).tolist(), co.max(0).round(6).tolist()]
    return {
        "name": obj.name, "parent": obj.parent.name if obj.parent else None, "mesh": obj.type == "MESH",
        "matrix": [[round(v, 6) for v in row] for row in m], "box": box,
        "slots": [s.material.name if s.material else None for s in obj.material_slots],
        "areas": material_areas(obj, m) if obj.type == "MESH" else {},
        "props": {k: _plain(obj[k]) for k in PROPS if k in obj.keys()},
    }


def facts(objects, *, scene=None) -> dict:
    """Facts of ``objects`` (meshes and empties) and of the materials their slots use."""
    nodes, materials, cache = {}, {}, {}
    for obj in objects:
        if obj.type not in ("MESH", "EMPTY"):
            continue
        nodes[obj.name] = node_facts(obj)
        for slot in obj.material_slots:
            if slot.material is not None and slot.material.name not in materials:
                materials[slot.material.name] = material_facts(slot.material, cache)
    _fold_usd_meshes(nodes)
    provenance = None
    if scene is not None and "worldsmith" in scene.keys():
        raw = _plain(scene["worldsmith"])
        provenance = json.loads(raw) if isinstance(raw, str) else raw
    return {"nodes": nodes, "materials": materials, "provenance": provenance}


def _fold_usd_meshes(nodes: dict) -> None:
    """Blender's USD importer makes an empty per Xform prim (carrying the custom properties) and a
    mesh object per Mesh prim under it: fold such a lone, unlabelled mesh into its Xform, so the
    facts name the object as the file does."""
    children: dict[str, list[str]] = {}
    for name, node in nodes.items():
        if node["parent"] is not None:
            children.setdefault(node["parent"], []).append(name)
    for name, node in list(nodes.items()):
        parent = nodes.get(node["parent"]) if node["parent"] else None
        if (not node["mesh"] or "role" in node["props"] or parent is None or parent["mesh"]
                or "role" not in parent["props"]):
            continue
        if sum(1 for c in children.get(node["parent"], []) if nodes[c]["mesh"] and "role" not in nodes[c]["props"]) != 1:
            continue
        parent.update(mesh=True, box=node["box"], slots=node["slots"], areas=node["areas"])
        del nodes[name]


# ---- the fresh process: import each file into an empty scene ----------------------------------

def import_file(bpy, path: str, options: dict | None = None) -> None:
    """``options``: importer options, e.g. ``bake_space_transform`` for an FBX written with axes
    baked (the Unity preset): Blender's matching import, so object frames compare as written."""
    lowered = path.lower()
    if lowered.endswith((".glb", ".gltf")):
        bpy.ops.import_scene.gltf(filepath=path)
    elif lowered.endswith(".fbx"):
        bpy.ops.import_scene.fbx(filepath=path, use_custom_props=True, **(options or {}))
    else:
        options = {"filepath": path}
        props = {p.identifier for p in bpy.ops.wm.usd_import.get_rna_type().properties}
        if "attr_import_mode" in props:  # 4.2+: userProperties:* become custom properties
            options["attr_import_mode"] = "ALL"
        bpy.ops.wm.usd_import(**options)


def read_files(bpy, paths: list[str], options: dict | None = None) -> dict:
    out = {}
    for path in paths:
        bpy.ops.wm.read_homefile(use_empty=True)
        import_file(bpy, path, (options or {}).get(path))
        bpy.context.view_layer.update()
        out[path] = facts(list(bpy.context.scene.objects), scene=bpy.context.scene)
    return out
