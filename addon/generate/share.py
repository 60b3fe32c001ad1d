"""Content sharing inside the .blend: an imported image or material identical to one the file
already holds is replaced by that one (DESIGN invariant 8, "outputs are kept by key").

Every regenerate or reroll imports a whole GLB, so without this each version adds its own copy of
every texture and material even when nothing about them changed. Images are keyed by a hash of
their packed bytes; materials by their node setup (node types, unlinked socket values, settings,
links), their images' keys and their Worldsmith properties. Keys are stored as custom properties
(``ws_content``) so later imports find them without rehashing.

>>> share_content(staged_materials)   # -> {"images": 9, "materials": 4}: how many were reused
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable

import bpy

CONTENT_KEY = "ws_content"
MATERIAL_PROPS = ("material_id", "tags", "ws_retexture")  # ws_channels names images: derived, left out


def image_key(image: bpy.types.Image) -> str | None:
    """The hash of a packed image's bytes (None for images that are not packed)."""
    if image.packed_file is None:
        return None
    digest = hashlib.blake2b(bytes(image.packed_file.data), digest_size=16)
    digest.update(f"{image.colorspace_settings.name}|{image.alpha_mode}".encode())
    return digest.hexdigest()


def _value(value: Any) -> Any:
    if isinstance(value, (str, bool, int)) or value is None:
        return value
    if isinstance(value, float):
        return round(value, 6)
    if hasattr(value, "to_dict"):
        return json.dumps(value.to_dict(), sort_keys=True, default=str)
    if hasattr(value, "to_list"):
        value = value.to_list()
    try:
        return [_value(v) for v in value]
    except TypeError:
        return str(value)


def material_key(mat: bpy.types.Material, images: dict[int, str]) -> str | None:
    """A key for everything that makes ``mat`` look the way it does; None when an image it uses
    has no content key (then it is never shared)."""
    body: dict[str, Any] = {"props": {k: _value(mat.get(k)) for k in MATERIAL_PROPS if k in mat},
                            "settings": [mat.blend_method if hasattr(mat, "blend_method") else "",
                                         bool(mat.use_backface_culling), _value(mat.diffuse_color)]}
    if mat.node_tree is not None:
        nodes = []
        for node in sorted(mat.node_tree.nodes, key=lambda n: n.name):
            entry: dict[str, Any] = {"name": node.name, "type": node.bl_idname,
                                     "inputs": [_value(s.default_value) for s in node.inputs
                                                if not s.is_linked and hasattr(s, "default_value")]}
            image = getattr(node, "image", None)
            if image is not None:
                if image.as_pointer() not in images:
                    return None
                entry["image"] = images[image.as_pointer()]
                entry["interpolation"] = getattr(node, "interpolation", "")
                entry["extension"] = getattr(node, "extension", "")
            for attr in ("blend_type", "operation", "data_type", "uv_map", "space", "clamp_factor"):
                if hasattr(node, attr):
                    entry[attr] = _value(getattr(node, attr))
            nodes.append(entry)
        links = sorted((l.from_node.name, l.from_socket.identifier, l.to_node.name, l.to_socket.identifier)
                       for l in mat.node_tree.links)
        body["nodes"], body["links"] = nodes, links
    return hashlib.blake2b(json.dumps(body, sort_keys=True, default=str).encode(), digest_size=16).hexdigest()


def share_content(materials: Iterable[bpy.types.Material]) -> dict[str, int]:
    """Replace the given (freshly imported) materials and their images by identical ones already in
    the file; returns how many images and materials were reused. The unused copies become orphans
    for the caller's ``Transaction.purge_new_orphans``."""
    materials = list(dict.fromkeys(m for m in materials if m is not None))
    fresh = {m.as_pointer() for m in materials}
    fresh_images = {n.image.as_pointer(): n.image for m in materials if m.node_tree
                    for n in m.node_tree.nodes if getattr(n, "image", None) is not None}
    known_images = {img.get(CONTENT_KEY): img for img in bpy.data.images
                    if img.get(CONTENT_KEY) and img.as_pointer() not in fresh_images}
    known_materials = {m.get(CONTENT_KEY): m for m in bpy.data.materials
                       if m.get(CONTENT_KEY) and m.as_pointer() not in fresh}
    reused = {"images": 0, "materials": 0}
    image_keys: dict[int, str] = {}
    for pointer, image in fresh_images.items():
        key = image_key(image)
        if key is None:
            continue
        image_keys[pointer] = key
        existing = known_images.get(key)
        if existing is not None and existing != image:
            image.user_remap(existing)
            image_keys[existing.as_pointer()] = key
            reused["images"] += 1
        else:
            image[CONTENT_KEY] = key
            known_images[key] = image
    for mat in materials:
        key = material_key(mat, image_keys)
        if key is None:
            continue
        existing = known_materials.get(key)
        if existing is not None and existing != mat and not _still(existing, key):
            del existing[CONTENT_KEY]  # edited since it was keyed: it no longer stands for this content
            existing = None
        if existing is not None and existing != mat:
            mat.user_remap(existing)
            reused["materials"] += 1
        else:
            mat[CONTENT_KEY] = key
            known_materials[key] = mat
    return reused


def _still(mat: bpy.types.Material, key: str) -> bool:
    """Whether ``mat`` still has the content its key says (a quick edit may have changed it)."""
    images = {n.image.as_pointer(): n.image.get(CONTENT_KEY) for n in (mat.node_tree.nodes if mat.node_tree else ())
              if getattr(n, "image", None) is not None and n.image.get(CONTENT_KEY)}
    return material_key(mat, images) == key


# ---- meshes ---------------------------------------------------------------------------------

_WIDTH = {"FLOAT": ("value", 1), "INT": ("value", 1), "BOOLEAN": ("value", 1), "INT8": ("value", 1),
          "FLOAT_VECTOR": ("vector", 3), "FLOAT2": ("vector", 2), "FLOAT_COLOR": ("color", 4),
          "BYTE_COLOR": ("color", 4), "INT32_2D": ("value", 2), "QUATERNION": ("value", 4)}


def mesh_key(mesh: bpy.types.Mesh) -> str:
    """A hash of every attribute (positions, corners, UVs, colours...), the corner normals, the
    face layout and the material list of ``mesh``."""
    import numpy as np

    digest = hashlib.blake2b(digest_size=16)
    for attr in sorted(mesh.attributes, key=lambda a: (a.domain, a.name)):
        field, width = _WIDTH.get(attr.data_type, (None, 0))
        digest.update(f"{attr.name}|{attr.domain}|{attr.data_type}|{len(attr.data)}".encode())
        if field is not None and len(attr.data):
            out = np.empty(len(attr.data) * width, dtype=np.float64 if attr.data_type.startswith("FLOAT")
                           or attr.data_type in ("BYTE_COLOR", "QUATERNION") else np.int64)
            try:
                attr.data.foreach_get(field, out)
            except (TypeError, RuntimeError):
                out = np.zeros(0)
            digest.update(out.astype(np.float32 if out.dtype == np.float64 else np.int32).tobytes())
    starts = np.empty(len(mesh.polygons), dtype=np.int32)
    mesh.polygons.foreach_get("loop_start", starts)
    digest.update(starts.tobytes())
    if len(mesh.loops):
        normals = np.empty(len(mesh.loops) * 3, dtype=np.float32)
        mesh.corner_normals.foreach_get("vector", normals)
        digest.update(np.round(normals, 5).tobytes())
    digest.update(json.dumps([m.name if m else None for m in mesh.materials]).encode())
    return digest.hexdigest()


def share_meshes(objects: Iterable[bpy.types.Object]) -> int:
    """Objects whose mesh equals one already in the file (by ``mesh_key``) use that mesh; returns
    how many meshes were reused. Call after ``share_content``, so material lists already match."""
    objects = [o for o in objects if o.type == "MESH" and o.data is not None]
    fresh = {o.data.as_pointer() for o in objects}
    known = {m.get(CONTENT_KEY): m for m in bpy.data.meshes if m.get(CONTENT_KEY) and m.as_pointer() not in fresh}
    done: dict[int, bpy.types.Mesh] = {}
    reused = 0
    for obj in objects:
        mesh = obj.data
        if mesh.as_pointer() in done:
            continue
        key = mesh_key(mesh)
        existing = known.get(key)
        if existing is not None and mesh_key(existing) != key:  # edited since: no longer this content
            del existing[CONTENT_KEY]
            existing = None
        if existing is not None:
            mesh.user_remap(existing)
            reused += 1
        else:
            mesh[CONTENT_KEY] = key
            known[key] = mesh
        done[mesh.as_pointer()] = existing or mesh
    return reused
