"""Worlds and texture ZIPs for the materials tests.

``courtyard(gen)`` imports the procedural generator's courtyard GLB through the add-on's own
import path (``generate.finish``), in-process and without a backend. ``texture_zip(prompt, seed,
size)`` builds a texture job result from backend/textures, standing in for the backend's texture
job where a test must not depend on it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from tests.helpers.extension import mod
from wslib import DEMO_PROMPT as COURTYARD  # the demo's courtyard
from wslib import worlds


def courtyard(gen, *, seed: int = 0, texture_size: int = 64, prompt: str = COURTYARD):
    """Import the courtyard as a new world; returns its first Version."""
    version = worlds.procedural_version(mod("api"), prompt, seed=seed, texture_size=texture_size)
    mats = {s.material for o in version.objects() for s in o.material_slots if s.material}
    mod("materials.library").tag_imported_materials(mats)  # harmless if the importer already did
    return version


def zip_bytes(members: dict) -> bytes:
    """A ZIP of ``members`` (name -> bytes or str), for hand-made and damaged texture results."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def texture_zip(prompt: str, seed: int, size: int) -> bytes:
    """A texture job result from backend/textures: the prompt picks a recipe and a variant by
    its words, the seed picks among matching variants (deterministic, like the real job)."""
    from worldsmith_backend.textures import RECIPES, VARIANTS, texture_set

    words = prompt.lower().split()
    kind = next((k for k in RECIPES if k in words), "stone")
    variant = next((v for v in VARIANTS if v in words), VARIANTS[seed % len(VARIANTS)] if seed else "default")
    ts = texture_set(kind, variant, size)
    meta = {"kind": kind, "variant": variant, "tags": list(ts.tags), "emissive": ts.emissive,
            "metallic": ts.metallic, "prompt": prompt, "seed": seed}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in (("basecolor.png", ts.base_png), ("normal.png", ts.normal_png),
                           ("orm.png", ts.orm_png), ("material.json", json.dumps(meta).encode())):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            zf.writestr(info, data)
    return buf.getvalue()


def mesh_digest(obj) -> str:
    """Geometry and UVs of an object's mesh."""
    import numpy as np

    mesh = obj.data
    h = hashlib.sha256()
    co = np.empty(len(mesh.vertices) * 3, np.float32)
    mesh.vertices.foreach_get("co", co)
    h.update(co.tobytes())
    idx = np.empty(len(mesh.loops), np.int32)
    mesh.loops.foreach_get("vertex_index", idx)
    h.update(idx.tobytes())
    for layer in mesh.uv_layers:
        uv = np.empty(len(mesh.loops) * 2, np.float32)
        layer.data.foreach_get("uv", uv)
        h.update(uv.tobytes())
    return h.hexdigest()


def snapshot(objects) -> dict:
    """Per object: slot materials and links, world matrix, mesh digest and mesh datablock name."""
    out = {}
    for obj in objects:
        out[obj.name] = {
            "slots": [(s.material.name if s.material else None, s.link) for s in obj.material_slots],
            "matrix": [round(v, 6) for row in obj.matrix_world for v in row],
            "mesh": mesh_digest(obj) if obj.type == "MESH" else None,
            "data": obj.data.name if obj.data else None,
        }
    return out


def export_glb(bpy, objects, path: str):
    """Blender's glTF exporter on exactly ``objects``; returns the pygltflib document."""
    import pygltflib

    for obj in bpy.context.view_layer.objects:
        obj.select_set(False)
    for obj in objects:
        obj.select_set(True)
    result = bpy.ops.export_scene.gltf(filepath=str(path), export_format="GLB", use_selection=True,
                                       export_extras=True)
    assert result == {"FINISHED"}
    return pygltflib.GLTF2().load(str(path))


def image_bytes(doc, index: int) -> bytes:
    """The bytes of image ``index`` of a loaded GLB."""
    image = doc.images[index]
    view = doc.bufferViews[image.bufferView]
    blob = doc.binary_blob()
    return blob[view.byteOffset or 0:(view.byteOffset or 0) + view.byteLength]


def texture_image(doc, texture_index: int) -> bytes:
    return image_bytes(doc, doc.textures[texture_index].source)
