"""Readers nobody here wrote, run in a plain Python process (no bpy, so usd-core's ``pxr`` and not
Blender's): trimesh + pygltflib for glTF, the assimp command-line tool (Debian ``assimp-utils``)
for FBX, usd-core for USD. Each returns the facts shape of ``blender_facts``, in Blender space
(Z up, metres), so the tests compare every reader against what Blender had.

    python -m tests.roundtrip.readers FILE...   -> one JSON object {path: facts} on stdout
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

from tests.roundtrip.blender_facts import plane_hash

# glTF / FBX (Y up, -Z forward) -> Blender (Z up): (x, y, z) -> (x, -z, y)
Y_UP_TO_BLENDER = np.array([[1, 0, 0, 0], [0, 0, -1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=np.float64)


def to_blender(m: np.ndarray) -> np.ndarray:
    return Y_UP_TO_BLENDER @ m @ Y_UP_TO_BLENDER.T


def _box(points: np.ndarray, m: np.ndarray):
    if points is None or not len(points):
        return None
    world = points @ m[:3, :3].T + m[:3, 3]
    return [world.min(0).round(6).tolist(), world.max(0).round(6).tolist()]


def _merge_box(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return [np.minimum(a[0], b[0]).tolist(), np.maximum(a[1], b[1]).tolist()]


def _png_planes(data: bytes) -> np.ndarray:
    from PIL import Image

    img = Image.open(io.BytesIO(data))
    return np.asarray(img.convert("RGBA"))


def _channel(rgba: np.ndarray, index) -> dict:
    plane = rgba[..., :3] if index is None else rgba[..., index]
    return {"size": [int(rgba.shape[1]), int(rgba.shape[0])], "hash": plane_hash(plane)}


def _matrix(rows) -> list:
    return [[round(float(v), 6) for v in row] for row in rows]


# ---- glTF: pygltflib (document, materials, images, extras) + trimesh (scene graph) ---------------

def read_gltf(path: str) -> dict:
    import pygltflib
    import trimesh

    gltf = pygltflib.GLTF2().load(path)
    blob = gltf.binary_blob() if path.lower().endswith(".glb") else None
    folder = os.path.dirname(path)

    def view_bytes(index: int) -> bytes:
        view = gltf.bufferViews[index]
        buffer = gltf.buffers[view.buffer]
        data = blob if buffer.uri is None else open(os.path.join(folder, buffer.uri), "rb").read()
        return data[(view.byteOffset or 0):(view.byteOffset or 0) + view.byteLength]

    def image_bytes(index: int) -> bytes:
        image = gltf.images[index]
        if image.bufferView is not None:
            return view_bytes(image.bufferView)
        if image.uri.startswith("data:"):
            return base64.b64decode(image.uri.split(",", 1)[1])
        return open(os.path.join(folder, image.uri), "rb").read()

    decoded: dict[int, np.ndarray] = {}

    def texture(info, index=None):
        if info is None:
            return None
        tex = gltf.textures[info.index]
        source = tex.source if tex.source is not None else (tex.extensions or {})["EXT_texture_webp"]["source"]
        if source not in decoded:
            decoded[source] = _png_planes(image_bytes(source))
        return _channel(decoded[source], index)

    materials = {}
    for mat in gltf.materials:
        pbr = mat.pbrMetallicRoughness
        channels = {"base_color": texture(pbr.baseColorTexture) if pbr else None,
                    "normal": texture(mat.normalTexture),
                    "occlusion": texture(mat.occlusionTexture, 0),
                    "roughness": texture(pbr.metallicRoughnessTexture, 1) if pbr else None,
                    "metallic": texture(pbr.metallicRoughnessTexture, 2) if pbr else None,
                    "emission": texture(mat.emissiveTexture)}
        materials[mat.name] = {k: v for k, v in channels.items() if v is not None}

    scene = trimesh.load(path, force="scene")
    graph = scene.graph
    parents = {}
    for i, node in enumerate(gltf.nodes):
        for child in node.children or []:
            parents[child] = i
    nodes = {}
    for i, node in enumerate(gltf.nodes):
        if node.camera is not None or (node.extensions or {}).get("KHR_lights_punctual"):
            continue
        m = np.asarray(graph.get(node.name)[0], dtype=np.float64)
        box, slots = None, []
        if node.mesh is not None:
            own = [node.name] if graph.get(node.name)[1] is not None else []
            for child in own + list(graph.transforms.children.get(node.name, [])):
                cm, geometry = graph.get(child)
                if geometry is None or (child != node.name and child in {gltf.nodes[c].name for c in node.children or []}):
                    continue
                mesh = scene.geometry[geometry]
                box = _merge_box(box, _box(np.asarray(mesh.vertices), Y_UP_TO_BLENDER @ np.asarray(cm)))
            slots = [gltf.materials[p.material].name if p.material is not None else None
                     for p in gltf.meshes[node.mesh].primitives]
        nodes[node.name] = {"name": node.name, "parent": gltf.nodes[parents[i]].name if i in parents else None,
                            "mesh": node.mesh is not None, "matrix": _matrix(to_blender(m)), "box": box,
                            "slots": slots, "props": dict(node.extras or {})}
    extras = (gltf.scenes[gltf.scene or 0].extras or {}) if gltf.scenes else {}
    doc = json.loads(gltf.to_json())
    return {"nodes": nodes, "materials": materials, "provenance": extras.get("worldsmith"),
            "extensions_required": doc.get("extensionsRequired", []),
            "extensions_used": doc.get("extensionsUsed", []),
            "images": [_image_digest(image_bytes(i)) for i in range(len(gltf.images))]}


def _image_digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha1(data).hexdigest()[:16]


# ---- FBX: assimp ---------------------------------------------------------------------------------

def _assimp_json(path: str) -> dict:
    exe = shutil.which("assimp")
    if exe is None:
        raise RuntimeError("the assimp tool is missing: apt-get install assimp-utils (scripts/setup.sh does)")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "scene.assjson")
        proc = subprocess.run([exe, "export", path, out, "-fassjson"], capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"assimp could not read {path}: {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
        text = open(out, encoding="utf-8", errors="replace").read()
    # assimp's JSON writer leaves Python-style \' escapes in strings; make them valid JSON.
    return json.loads(re.sub(r'\\(?![\\/"bfnrtu])', r"\\\\", text))


def _assimp_props(material: dict) -> dict:
    return {p["key"]: p["value"] for p in material["properties"]}


def read_fbx(path: str, *, baked: bool = False) -> dict:
    """``baked``: written with the axis conversion baked into the geometry (Unity preset), so
    object frames convert like the points; otherwise objects keep Blender frames under the axis
    change, as Blender's importer reads them."""
    doc = _assimp_json(path)
    frame = to_blender if baked else (lambda m: Y_UP_TO_BLENDER @ m)
    textures = doc.get("textures", [])
    folder = os.path.dirname(path)
    decoded: dict[str, np.ndarray] = {}

    def texture(ref, index=None):
        if ref is None:
            return None
        if ref not in decoded:
            if ref.startswith("*"):
                data = base64.b64decode(textures[int(ref[1:])]["data"])
            else:
                candidate = os.path.join(folder, ref)
                if not os.path.isfile(candidate):
                    return {"missing": ref}
                data = open(candidate, "rb").read()
            decoded[ref] = _png_planes(data)
        return _channel(decoded[ref], index)

    materials = {}
    for mat in doc.get("materials", []):
        props = _assimp_props(mat)
        name = props.get("?mat.name", "")
        channels = {"base_color": texture(props.get("$raw.DiffuseColor|file")),
                    "normal": texture(props.get("$raw.NormalMap|file")),
                    "roughness": texture(props.get("$raw.ShininessExponent|file"), 0),
                    "metallic": texture(props.get("$raw.ReflectionFactor|file"), 0),
                    "emission": texture(props.get("$raw.EmissiveColor|file"))}
        materials[name] = {k: v for k, v in channels.items() if v is not None}
    mat_names = [_assimp_props(m).get("?mat.name", "") for m in doc.get("materials", [])]
    meshes = doc.get("meshes", [])
    nodes = {}

    def walk(node, parent_name, parent_matrix):
        local = np.asarray(node.get("transformation", np.eye(4).ravel().tolist()), dtype=np.float64).reshape(4, 4)
        world = parent_matrix @ local
        name = node["name"]
        helper = "$AssimpFbx$" in name
        if helper or name == "RootNode":
            for child in node.get("children", []):
                walk(child, parent_name, world)
            return
        box, slots = None, []
        for index in node.get("meshes", []):
            mesh = meshes[index]
            verts = np.asarray(mesh["vertices"], dtype=np.float64).reshape(-1, 3)
            box = _merge_box(box, _box(verts, Y_UP_TO_BLENDER @ world))
            name_of = mat_names[mesh["materialindex"]]
            if name_of != "DefaultMaterial":  # assimp's stand-in for "no material"
                slots.append(name_of)
        nodes[name] = {"name": name, "parent": parent_name, "mesh": bool(node.get("meshes")),
                       "matrix": _matrix(frame(world)), "box": box, "slots": slots, "props": {}}
        for child in node.get("children", []):
            walk(child, name, world)

    walk(doc["rootnode"], None, np.eye(4))
    return {"nodes": nodes, "materials": materials, "provenance": None}


# ---- USD: usd-core -------------------------------------------------------------------------------

def read_usd(path: str) -> dict:
    from pxr import Usd, UsdGeom, UsdShade

    stage = Usd.Stage.Open(path)
    cache = UsdGeom.XformCache(Usd.TimeCode.Default())
    up = UsdGeom.GetStageUpAxis(stage)
    meters = UsdGeom.GetStageMetersPerUnit(stage)
    fix = np.eye(4) if up == UsdGeom.Tokens.z else Y_UP_TO_BLENDER
    fix = fix @ np.diag([meters, meters, meters, 1.0])
    decoded: dict[str, np.ndarray] = {}

    def texture(shader_input, index=None):
        if not shader_input or not shader_input.HasConnectedSource():
            return None
        source, output, _ = shader_input.GetConnectedSource()
        shader = UsdShade.Shader(source.GetPrim())
        file_input = shader.GetInput("file")
        if not file_input or file_input.Get() is None:
            return texture(shader.GetInput("in"), index)
        asset = file_input.Get()
        resolved = asset.resolvedPath or os.path.join(os.path.dirname(path), asset.path)
        if not os.path.isfile(resolved):
            return {"missing": asset.path}
        if resolved not in decoded:
            decoded[resolved] = _png_planes(open(resolved, "rb").read())
        channel = {"r": 0, "g": 1, "b": 2}.get(output, None if index is None else index)
        return _channel(decoded[resolved], channel)

    materials = {}
    for prim in stage.Traverse():
        if not prim.IsA(UsdShade.Material):
            continue
        surface = next((UsdShade.Shader(p) for p in Usd.PrimRange(prim)
                        if p.GetAttribute("info:id") and p.GetAttribute("info:id").Get() == "UsdPreviewSurface"), None)
        channels = {}
        if surface is not None:
            for channel, name, index in (("base_color", "diffuseColor", None), ("normal", "normal", None),
                                         ("roughness", "roughness", 0), ("metallic", "metallic", 0),
                                         ("occlusion", "occlusion", 0), ("emission", "emissiveColor", None)):
                found = texture(surface.GetInput(name), index)
                if found is not None:
                    channels[channel] = found
        materials[prim.GetName()] = channels

    nodes = {}
    for prim in stage.Traverse():
        if not prim.IsA(UsdGeom.Xform):
            continue
        m = fix @ np.asarray(cache.GetLocalToWorldTransform(prim), dtype=np.float64).T
        box, slots = None, []
        for child in prim.GetChildren():
            if not child.IsA(UsdGeom.Mesh):
                continue
            points = UsdGeom.Mesh(child).GetPointsAttr().Get()
            cm = fix @ np.asarray(cache.GetLocalToWorldTransform(child), dtype=np.float64).T
            box = _merge_box(box, _box(np.asarray(points, dtype=np.float64), cm))
            subsets = [s for s in child.GetChildren() if s.GetTypeName() == "GeomSubset"] or [child]
            for part in subsets:
                bound = UsdShade.MaterialBindingAPI(part).GetDirectBinding().GetMaterial()
                slots.append(bound.GetPrim().GetName() if bound else None)
        props = {}
        for attr in prim.GetAttributes():
            if attr.GetName().startswith("userProperties:") and attr.HasAuthoredValue():
                props[attr.GetName().split(":", 1)[1]] = _usd_value(attr.Get())
        custom = prim.GetCustomDataByKey("worldsmith")
        if custom:
            props["customData"] = dict(custom)
        parent = prim.GetParent()
        nodes[prim.GetName()] = {"name": prim.GetName(),
                                 "parent": parent.GetName() if parent.IsA(UsdGeom.Xform) and parent != stage.GetDefaultPrim() else None,
                                 "mesh": box is not None, "matrix": _matrix(m), "box": box, "slots": slots,
                                 "props": props}
    default = stage.GetDefaultPrim()
    provenance = dict(default.GetCustomDataByKey("worldsmith") or {}) if default else None
    nodes.pop(default.GetName(), None) if default else None
    return {"nodes": nodes, "materials": materials, "provenance": provenance}


def _usd_value(value):
    if isinstance(value, (str, int, float, bool)):
        return value
    try:
        return [_usd_value(v) for v in value]
    except TypeError:
        return str(value)


def read(path: str, *, baked: bool = False) -> dict:
    lowered = path.lower()
    if lowered.endswith((".glb", ".gltf")):
        return read_gltf(path)
    if lowered.endswith(".fbx"):
        return read_fbx(path, baked=baked)
    return read_usd(path)


if __name__ == "__main__":
    # FILE... ; a file after --baked is an FBX written with axes baked (the Unity preset)
    args, baked, out = sys.argv[1:], False, {}
    for arg in args:
        if arg == "--baked":
            baked = True
            continue
        out[arg] = read(arg, baked=baked)
        baked = False
    json.dump(out, sys.stdout)
