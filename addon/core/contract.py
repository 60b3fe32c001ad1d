"""The result GLB contract (docs/ARCHITECTURE.md, "The GLB contract"), checked before anything is
imported: the glTF structure the importer walks (every index in range, buffers long enough, nodes
a forest) and the Worldsmith extras (types, lengths, allowed values).

Shared by the add-on's importer (``generate.importer.stage`` refuses a result that breaks it, with
a message naming the field) and the backend's writer tests (every generator's output passes).
Unknown extra keys are allowed: newer generators may add fields; known ones must be well-formed.

>>> check_document(json.loads(glb_json))       # ContractError("scenes[0].extras.worldsmith.spec", ...)
"""

from __future__ import annotations

import json
import math
import re
import struct
from typing import Any

MAX_ID = 128                       # asset ids, world ids
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/+-]*$")
MAX_TEXT = 4096                    # names, archetypes, generator names, words
MAX_LIST = 100_000
ROLES = frozenset({"asset", "part", "camera", "light", "proxy"})
SCHEMA = 1
JSON_CHUNK, BIN_CHUNK = 0x4E4F534A, 0x004E4942


class ContractError(ValueError):
    """A result breaks the contract: ``field`` is the JSON path, the message says how."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# ---- GLB container ----------------------------------------------------------------------------

def read_glb(data: bytes) -> tuple[dict, int]:
    """(JSON document, binary chunk length) of GLB bytes; ``ContractError`` for a bad container."""
    if len(data) < 20 or data[:4] != b"glTF":
        raise ContractError("glb", "not a GLB file (bad header)")
    version, length = struct.unpack_from("<II", data, 4)
    if version != 2 or length != len(data):
        raise ContractError("glb", f"truncated or damaged ({len(data)} of {length} bytes)")
    size, kind = struct.unpack_from("<II", data, 12)
    if kind != JSON_CHUNK or 20 + size > len(data):
        raise ContractError("glb", "the first chunk is not a whole JSON chunk")
    try:
        document = json.loads(data[20:20 + size].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ContractError("glb", f"the JSON chunk does not parse ({exc})") from None
    if not isinstance(document, dict):
        raise ContractError("glb", "the JSON chunk is not an object")
    binary = 0
    offset = 20 + size
    if offset + 8 <= len(data):
        bin_size, bin_kind = struct.unpack_from("<II", data, offset)
        if bin_kind == BIN_CHUNK:
            if offset + 8 + bin_size > len(data):
                raise ContractError("glb", "the binary chunk is cut short")
            binary = bin_size
    return document, binary


def check_glb(data: bytes) -> dict:
    """Check GLB bytes against the whole contract; returns the scene extras (``worldsmith``)."""
    document, binary = read_glb(data)
    return check_document(document, binary_length=binary)


# ---- small checks ---------------------------------------------------------------------------

def _fail(field: str, message: str) -> None:
    raise ContractError(field, message)


def _index(value: Any, count: int, field: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(field, f"must be an index into {what}, not {type(value).__name__}")
    if not 0 <= value < count:
        _fail(field, f"index {value} is out of range: there are {count} {what}")
    return value


def _list(doc: dict, key: str) -> list:
    value = doc.get(key, [])
    if not isinstance(value, list) or len(value) > MAX_LIST:
        _fail(key, "must be a list")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            _fail(f"{key}[{i}]", "must be an object")
    return value


def _text(value: Any, field: str, *, empty: bool = False, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        _fail(field, f"must be text, not {type(value).__name__}")
    if not empty and not value.strip():
        _fail(field, "must not be empty")
    if len(value) > limit:
        _fail(field, f"is {len(value)} characters long; the limit is {limit}")
    return value


def _identifier(value: Any, field: str) -> str:
    _text(value, field, limit=MAX_ID)
    if not ID_PATTERN.match(value):
        _fail(field, f"{value[:40]!r} is not an id (letters, digits and _ . : / + - only)")
    return value


def _vector(value: Any, field: str, size: int = 3) -> None:
    if (not isinstance(value, list) or len(value) != size
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)):
        _fail(field, f"must be a list of {size} finite numbers")


def _box(value: Any, field: str) -> None:
    if not isinstance(value, dict):
        _fail(field, "must be {min: [x, y, z], max: [x, y, z]}")
    _vector(value.get("min"), f"{field}.min")
    _vector(value.get("max"), f"{field}.max")


# ---- structure --------------------------------------------------------------------------------

def _check_structure(doc: dict, binary_length: int | None) -> None:
    buffers, views, accessors = _list(doc, "buffers"), _list(doc, "bufferViews"), _list(doc, "accessors")
    images, textures, materials = _list(doc, "images"), _list(doc, "textures"), _list(doc, "materials")
    meshes, nodes, scenes, cameras = _list(doc, "meshes"), _list(doc, "nodes"), _list(doc, "scenes"), _list(doc, "cameras")
    samplers = _list(doc, "samplers")
    for i, buffer in enumerate(buffers):
        length = buffer.get("byteLength")
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            _fail(f"buffers[{i}].byteLength", "must be a whole number of bytes")
        if "uri" not in buffer and binary_length is not None and length > binary_length:
            _fail(f"buffers[{i}].byteLength", f"is {length} but the binary chunk holds {binary_length} bytes")
    for i, view in enumerate(views):
        buffer = buffers[_index(view.get("buffer"), len(buffers), f"bufferViews[{i}].buffer", "buffers")]
        start, length = view.get("byteOffset", 0), view.get("byteLength")
        if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in (start, length)):
            _fail(f"bufferViews[{i}]", "byteOffset and byteLength must be whole numbers of bytes")
        if start + length > buffer["byteLength"]:
            _fail(f"bufferViews[{i}]", f"ends at byte {start + length}, past its buffer's {buffer['byteLength']}")
    for i, accessor in enumerate(accessors):
        if "bufferView" in accessor:
            _index(accessor["bufferView"], len(views), f"accessors[{i}].bufferView", "bufferViews")
        count = accessor.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            _fail(f"accessors[{i}].count", "must be a whole number")
    for i, image in enumerate(images):
        if "bufferView" in image:
            _index(image["bufferView"], len(views), f"images[{i}].bufferView", "bufferViews")
    for i, texture in enumerate(textures):
        if "source" in texture:
            _index(texture["source"], len(images), f"textures[{i}].source", "images")
        if "sampler" in texture:
            _index(texture["sampler"], len(samplers), f"textures[{i}].sampler", "samplers")
    for i, material in enumerate(materials):
        for key, value in _texture_refs(material):
            if not isinstance(value, dict):
                _fail(f"materials[{i}].{key}", "must be a texture reference object")
            _index(value.get("index"), len(textures), f"materials[{i}].{key}.index", "textures")
    for i, mesh in enumerate(meshes):
        primitives = mesh.get("primitives")
        if not isinstance(primitives, list) or not primitives:
            _fail(f"meshes[{i}].primitives", "must be a non-empty list")
        for j, prim in enumerate(primitives):
            field = f"meshes[{i}].primitives[{j}]"
            if not isinstance(prim, dict) or not isinstance(prim.get("attributes"), dict):
                _fail(field, "must have an attributes object")
            for name, value in prim["attributes"].items():
                _index(value, len(accessors), f"{field}.attributes.{name}", "accessors")
            if "indices" in prim:
                _index(prim["indices"], len(accessors), f"{field}.indices", "accessors")
            if "material" in prim:
                _index(prim["material"], len(materials), f"{field}.material", "materials")
    lights = (doc.get("extensions") or {}).get("KHR_lights_punctual", {}).get("lights", [])
    parents: dict[int, int] = {}
    for i, node in enumerate(nodes):
        if "mesh" in node:
            _index(node["mesh"], len(meshes), f"nodes[{i}].mesh", "meshes")
        if "camera" in node:
            _index(node["camera"], len(cameras), f"nodes[{i}].camera", "cameras")
        light = ((node.get("extensions") or {}).get("KHR_lights_punctual") or {}).get("light")
        if light is not None:
            _index(light, len(lights) if isinstance(lights, list) else 0, f"nodes[{i}].extensions.light", "lights")
        children = node.get("children", [])
        if not isinstance(children, list):
            _fail(f"nodes[{i}].children", "must be a list of node indices")
        for child in children:
            _index(child, len(nodes), f"nodes[{i}].children", "nodes")
            if child in parents or child == i:
                _fail(f"nodes[{child}]", "has two parents or is its own parent: the nodes are not a tree")
            parents[child] = i
    for node in range(len(nodes)):  # a cycle through parents would make the importer loop
        seen, current = set(), node
        while current in parents:
            if current in seen:
                _fail(f"nodes[{node}]", "is part of a parent cycle")
            seen.add(current)
            current = parents[current]
    if not scenes:
        _fail("scenes", "the result has no scene")
    for i, scene in enumerate(scenes):
        for node in scene.get("nodes", []):
            _index(node, len(nodes), f"scenes[{i}].nodes", "nodes")


def _texture_refs(material: dict):
    for key in ("normalTexture", "occlusionTexture", "emissiveTexture"):
        if key in material:
            yield key, material[key]
    pbr = material.get("pbrMetallicRoughness") or {}
    if not isinstance(pbr, dict):
        _fail("pbrMetallicRoughness", "must be an object")
    for key in ("baseColorTexture", "metallicRoughnessTexture"):
        if key in pbr:
            yield f"pbrMetallicRoughness.{key}", pbr[key]


# ---- Worldsmith extras ------------------------------------------------------------------------

def check_scene_extras(extras: Any, field: str = "scenes[0].extras.worldsmith") -> dict:
    """The scene's Worldsmith extras, checked; returns them."""
    if not isinstance(extras, dict):
        _fail(field, "is missing: the result was not made by a Worldsmith generator")
    if extras.get("schema") != SCHEMA:
        _fail(f"{field}.schema", f"is {extras.get('schema')!r}; this Worldsmith reads schema {SCHEMA}")
    _identifier(extras.get("world_id"), f"{field}.world_id")
    if "spec" in extras and not isinstance(extras["spec"], dict):
        _fail(f"{field}.spec", f"must be an object (the world spec), not {type(extras['spec']).__name__}")
    seed = extras.get("seed", 0)
    if isinstance(seed, bool) or not (isinstance(seed, int) and 0 <= seed < 2**64):
        _fail(f"{field}.seed", "must be a whole number 0..2^64-1")
    _text(extras.get("generator"), f"{field}.generator", limit=MAX_ID)
    for key in ("generator_version", "theme"):
        if extras.get(key) is not None:
            _text(extras[key], f"{field}.{key}", empty=True, limit=MAX_ID)
    for key in ("ignored",):
        words = extras.get(key, [])
        if not isinstance(words, list) or len(words) > MAX_LIST:
            _fail(f"{field}.{key}", f"must be a list of words, not {type(words).__name__}")
        for i, word in enumerate(words):
            _text(word, f"{field}.{key}[{i}]", empty=True, limit=MAX_ID)
    if "bounds" in extras:
        _box(extras["bounds"], f"{field}.bounds")
    if "proxies" in extras:
        proxies = extras["proxies"]
        if not isinstance(proxies, list):
            _fail(f"{field}.proxies", "must be a list")
        for i, proxy in enumerate(proxies):
            if not isinstance(proxy, dict):
                _fail(f"{field}.proxies[{i}]", "must be an object")
            if "asset_id" in proxy:
                _identifier(proxy["asset_id"], f"{field}.proxies[{i}].asset_id")
    return extras


def check_node_extras(extras: Any, field: str) -> None:
    """A node's extras: role, asset id, archetype, part, box and attach points, when present."""
    if extras is None:
        return
    if not isinstance(extras, dict):
        _fail(field, "must be an object")
    role = extras.get("role")
    if role is not None and role not in ROLES:
        _fail(f"{field}.role", f"{str(role)[:40]!r} is not one of {', '.join(sorted(ROLES))}")
    if role in ("asset", "proxy") and "asset_id" not in extras:
        _fail(f"{field}.asset_id", "is missing: every asset needs one")
    if "asset_id" in extras:
        _identifier(extras["asset_id"], f"{field}.asset_id")
    for key in ("archetype", "part"):
        if key in extras:
            _text(extras[key], f"{field}.{key}", limit=MAX_ID)
    if "box" in extras:
        _box(extras["box"], f"{field}.box")
    if "attach_points" in extras:
        points = extras["attach_points"]
        if not isinstance(points, list):
            _fail(f"{field}.attach_points", "must be a list of {name, location}")
        for i, point in enumerate(points):
            if not isinstance(point, dict):
                _fail(f"{field}.attach_points[{i}]", "must be {name, location}")
            _text(point.get("name", "Attach"), f"{field}.attach_points[{i}].name", limit=MAX_ID)
            _vector(point.get("location"), f"{field}.attach_points[{i}].location")


def check_document(doc: dict, *, binary_length: int | None = None) -> dict:
    """Check a parsed glTF document: structure, then extras; returns the scene extras."""
    _check_structure(doc, binary_length)
    scene = doc["scenes"][doc.get("scene", 0) if isinstance(doc.get("scene", 0), int) else 0]
    extras = scene.get("extras")
    scene_extras = check_scene_extras(extras.get("worldsmith") if isinstance(extras, dict) else None)
    seen: dict[str, int] = {}
    for i, node in enumerate(doc.get("nodes", [])):
        node_extras = node.get("extras")
        check_node_extras(node_extras, f"nodes[{i}].extras")
        if isinstance(node_extras, dict) and node_extras.get("role") in ("asset", "proxy"):
            asset_id = node_extras["asset_id"]
            if asset_id in seen:
                _fail(f"nodes[{i}].extras.asset_id", f"{asset_id!r} is also the id of nodes[{seen[asset_id]}]")
            seen[asset_id] = i
    return scene_extras
