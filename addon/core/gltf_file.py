"""Finishing touches on glTF files Blender's exporter wrote. Pure: bytes and JSON in, bytes out.

- Lights are optional: Blender lists ``KHR_lights_punctual`` in ``extensionsRequired``, so a
  reader without lights support must reject the whole file; a world without its lights is still
  a world, so the extension stays in ``extensionsUsed`` only.
- Worldsmith's own bookkeeping (``extras`` keys starting ``ws_``: content keys, channel maps) stays
  in Blender: engines import extras as metadata.
- An image is stored once: images with identical bytes become one, textures point at it, and
  the binary buffer is rebuilt without the copies (4-byte aligned, views in their old order).

>>> doc = {"extensionsRequired": ["KHR_lights_punctual"], "extensionsUsed": ["KHR_lights_punctual"]}
>>> optional_lights(doc)
True
>>> "extensionsRequired" in doc, doc["extensionsUsed"]
(False, ['KHR_lights_punctual'])
"""

from __future__ import annotations

import hashlib
import json
import struct

from .schema import is_internal

OPTIONAL_EXTENSIONS = ("KHR_lights_punctual",)
_JSON, _BIN = 0x4E4F534A, 0x004E4942


def optional_lights(doc: dict) -> bool:
    """Move the optional extensions out of ``extensionsRequired``; True when the document changed."""
    required = doc.get("extensionsRequired") or []
    kept = [e for e in required if e not in OPTIONAL_EXTENSIONS]
    if kept == required:
        return False
    if kept:
        doc["extensionsRequired"] = kept
    else:
        doc.pop("extensionsRequired", None)
    return True


def drop_internal_extras(doc: dict) -> bool:
    """Remove internal keys from every ``extras`` of the document's objects; True when any went.

    >>> doc = {"materials": [{"name": "m", "extras": {"ws_content": "ab", "material_id": "wood"}}],
    ...        "meshes": [{"extras": {"ws_content": "cd"}}]}
    >>> drop_internal_extras(doc), doc["materials"][0]["extras"], "extras" in doc["meshes"][0]
    (True, {'material_id': 'wood'}, False)
    """
    changed = False
    for items in doc.values():
        if not isinstance(items, list):
            continue
        for item in items:
            extras = item.get("extras") if isinstance(item, dict) else None
            if not isinstance(extras, dict):
                continue
            internal = [k for k in extras if is_internal(k)]
            for key in internal:
                del extras[key]
            if internal and not extras:
                del item["extras"]
            changed |= bool(internal)
    return changed


def read_glb(data: bytes) -> tuple[dict, bytes]:
    magic, version, total = struct.unpack_from("<4sII", data, 0)
    if magic != b"glTF" or version != 2 or total != len(data):
        raise ValueError("not a glTF 2.0 binary")
    length, kind = struct.unpack_from("<II", data, 12)
    if kind != _JSON:
        raise ValueError("GLB without a JSON chunk first")
    doc = json.loads(data[20:20 + length])
    rest = 20 + length
    binary = b""
    if rest < len(data):
        blen, kind = struct.unpack_from("<II", data, rest)
        if kind == _BIN:
            binary = data[rest + 8:rest + 8 + blen]
    return doc, binary


def write_glb(doc: dict, binary: bytes) -> bytes:
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
    text += b" " * (-len(text) % 4)
    binary += b"\0" * (-len(binary) % 4)
    chunks = struct.pack("<II", len(text), _JSON) + text
    if binary:
        chunks += struct.pack("<II", len(binary), _BIN) + binary
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


def _texture_sources(texture: dict) -> list[tuple[dict, str]]:
    """(holder, key) of every image reference in a texture, extensions included."""
    found = [(texture, "source")] if "source" in texture else []
    for ext in (texture.get("extensions") or {}).values():
        if isinstance(ext, dict) and "source" in ext:
            found.append((ext, "source"))
    return found


def merge_images(doc: dict, image_bytes: list[bytes]) -> list[int]:
    """Make images with identical bytes one image; returns the indices of the images removed.
    ``image_bytes[i]`` is image i's data (from its buffer view or its file)."""
    first: dict[bytes, int] = {}
    remap: dict[int, int] = {}
    for index, data in enumerate(image_bytes):
        digest = hashlib.sha256(data).digest()
        remap[index] = first.setdefault(digest, index)
    removed = sorted(i for i, j in remap.items() if i != j)
    if not removed:
        return []
    kept = [i for i in range(len(image_bytes)) if i not in removed]
    new_index = {old: new for new, old in enumerate(kept)}
    doc["images"] = [doc["images"][i] for i in kept]
    for texture in doc.get("textures", []):
        for holder, key in _texture_sources(texture):
            holder[key] = new_index[remap[holder[key]]]
    return removed


def drop_unused_views(doc: dict, binary: bytes) -> bytes:
    """Rebuild the binary buffer from the buffer views still referenced (by accessors and images)."""
    views = doc.get("bufferViews", [])
    used = sorted({a["bufferView"] for a in doc.get("accessors", []) if "bufferView" in a}
                  | {i["bufferView"] for i in doc.get("images", []) if "bufferView" in i})
    if len(used) == len(views):
        return binary
    new_index = {old: new for new, old in enumerate(used)}
    out, new_views = bytearray(), []
    for old in used:
        view = dict(views[old])
        start = view.get("byteOffset", 0)
        out += b"\0" * (-len(out) % 4)
        view["byteOffset"] = len(out)
        out += binary[start:start + view["byteLength"]]
        new_views.append(view)
    doc["bufferViews"] = new_views
    for holder in doc.get("accessors", []) + doc.get("images", []):
        if "bufferView" in holder:
            holder["bufferView"] = new_index[holder["bufferView"]]
    if doc.get("buffers"):
        doc["buffers"][0]["byteLength"] = len(out)
    return bytes(out)


def finish_glb_file(path) -> None:
    """``finish_glb`` on a file, cheaply: only images of equal length can be equal, so only those
    are read and hashed; when nothing merges, the shorter JSON is written over the old one,
    padded with spaces (the GLB chunk keeps its length), and the binary chunk is not touched."""
    with open(path, "r+b") as f:
        head = f.read(20)
        _, _, total = struct.unpack_from("<4sII", head, 0)
        length, kind = struct.unpack_from("<II", head, 12)
        if kind != _JSON:
            raise ValueError("GLB without a JSON chunk first")
        doc = json.loads(f.read(length))
        changed = optional_lights(doc) | drop_internal_extras(doc)
        images, views = doc.get("images", []), doc.get("bufferViews", [])
        base = 20 + length + 8
        if all("bufferView" in image for image in images):
            sizes: dict[int, list[int]] = {}
            for i, image in enumerate(images):
                sizes.setdefault(views[image["bufferView"]]["byteLength"], []).append(i)
            blobs = [b"unique %d" % i for i in range(len(images))]
            for group in (g for g in sizes.values() if len(g) > 1):
                for i in group:
                    view = views[images[i]["bufferView"]]
                    f.seek(base + view.get("byteOffset", 0))
                    blobs[i] = f.read(view["byteLength"])
            if len(set(blobs)) < len(blobs):
                f.seek(0)
                data = f.read(total)
                merged = finish_glb(data)
                f.seek(0)
                f.write(merged)
                f.truncate()
                return
        if not changed:
            return
        text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
        if len(text) > length:
            f.seek(0)
            data = f.read(total)
            f.seek(0)
            f.write(write_glb(doc, read_glb(data)[1]))
            f.truncate()
            return
        f.seek(20)
        f.write(text + b" " * (length - len(text)))


def finish_glb(data: bytes) -> bytes:
    """Lights optional, no internal extras, every image once; the same bytes when nothing needs
    changing."""
    doc, binary = read_glb(data)
    changed = optional_lights(doc) | drop_internal_extras(doc)
    views = doc.get("bufferViews", [])

    def view_bytes(i: int) -> bytes:
        view = views[doc["images"][i]["bufferView"]]
        return binary[view.get("byteOffset", 0):view.get("byteOffset", 0) + view["byteLength"]]

    if all("bufferView" in image for image in doc.get("images", [])):
        if merge_images(doc, [view_bytes(i) for i in range(len(doc.get("images", [])))]):
            binary = drop_unused_views(doc, binary)
            changed = True
    return write_glb(doc, binary) if changed else data
