"""A deterministic glTF 2.0 binary (GLB) writer.

Callers add meshes, images, materials and nodes through :class:`GltfBuilder`; ``to_glb``
serialises with sorted keys and compact separators. Vertex data is float32, JSON floats are
rounded to 6 decimals (accessor min/max stay exact float32 values, which the validator checks),
and every buffer view starts on a 4-byte boundary.
"""

from __future__ import annotations

import hashlib
import json
import struct
from typing import Any

import numpy as np

ARRAY_BUFFER = 34962
ELEMENT_ARRAY_BUFFER = 34963
FLOAT = 5126
UNSIGNED_SHORT = 5123
UNSIGNED_INT = 5125
REPEAT = 10497
LINEAR = 9729
LINEAR_MIPMAP_LINEAR = 9987


def r6(v: float) -> float:
    """Round for JSON: 6 decimals, and no negative zero (stable text)."""
    x = round(float(v), 6)
    return 0.0 if x == 0 else x


def rl(vs) -> list[float]:
    return [r6(v) for v in vs]


class GltfBuilder:
    def __init__(self) -> None:
        self.gltf: dict[str, Any] = {"asset": {"version": "2.0", "generator": "Worldsmith procedural"}}
        self._chunks: list[bytes] = []
        self._offset = 0
        self._ext_used: set[str] = set()
        self._image_of: dict[bytes, int] = {}  # sha256 of PNG bytes -> image index
        self._texture_of: dict[int, int] = {}  # image index -> texture index

    def _list(self, key: str) -> list:
        return self.gltf.setdefault(key, [])

    def use_extension(self, name: str) -> None:
        self._ext_used.add(name)

    # --- binary data -------------------------------------------------------------------------
    def _view(self, data: bytes, target: int | None) -> int:
        pad = (-self._offset) % 4
        if pad:
            self._chunks.append(b"\x00" * pad)
            self._offset += pad
        view: dict[str, Any] = {"buffer": 0, "byteOffset": self._offset, "byteLength": len(data)}
        if target is not None:
            view["target"] = target
        self._chunks.append(data)
        self._offset += len(data)
        views = self._list("bufferViews")
        views.append(view)
        return len(views) - 1

    def accessor(self, arr: np.ndarray, kind: str, *, indices: bool = False, minmax: bool = False) -> int:
        if indices:
            flat = arr.reshape(-1)
            big = flat.max(initial=0) >= 65535
            data = flat.astype(np.uint32 if big else np.uint16)
            ctype = UNSIGNED_INT if big else UNSIGNED_SHORT
            count = flat.shape[0]
        else:
            data = np.ascontiguousarray(arr, dtype=np.float32)
            ctype = FLOAT
            count = data.shape[0]
        view = self._view(data.tobytes(), ELEMENT_ARRAY_BUFFER if indices else ARRAY_BUFFER)
        acc: dict[str, Any] = {"bufferView": view, "componentType": ctype, "count": int(count), "type": kind}
        if minmax:
            acc["min"] = [float(v) for v in data.min(0)]
            acc["max"] = [float(v) for v in data.max(0)]
        accs = self._list("accessors")
        accs.append(acc)
        return len(accs) - 1

    def image_png(self, png: bytes, name: str) -> int:
        """The image for these PNG bytes; identical bytes are stored once (the first name wins),
        e.g. two wood variants whose normal maps do not differ."""
        digest = hashlib.sha256(png).digest()
        if digest in self._image_of:
            return self._image_of[digest]
        view = self._view(png, None)
        imgs = self._list("images")
        imgs.append({"bufferView": view, "mimeType": "image/png", "name": name})
        self._image_of[digest] = len(imgs) - 1
        return len(imgs) - 1

    def sampler(self) -> int:
        if "samplers" not in self.gltf:
            self.gltf["samplers"] = [{"magFilter": LINEAR, "minFilter": LINEAR_MIPMAP_LINEAR,
                                      "wrapS": REPEAT, "wrapT": REPEAT}]
        return 0

    def texture(self, image: int) -> int:
        """One texture per image: materials sharing an image share its texture."""
        if image in self._texture_of:
            return self._texture_of[image]
        texs = self._list("textures")
        texs.append({"sampler": self.sampler(), "source": image})
        self._texture_of[image] = len(texs) - 1
        return len(texs) - 1

    # --- scene objects -----------------------------------------------------------------------
    def add(self, key: str, obj: dict[str, Any]) -> int:
        lst = self._list(key)
        lst.append(obj)
        return len(lst) - 1

    def mesh(self, name: str, primitives: list[tuple[np.ndarray, ...]]) -> int:
        """primitives: (positions, normals, tangents, uvs, triangle indices, material index)."""
        prims = []
        for pos, nrm, tan, uv, idx, mat in primitives:
            prims.append({
                "attributes": {
                    "POSITION": self.accessor(pos, "VEC3", minmax=True),
                    "NORMAL": self.accessor(nrm, "VEC3"),
                    "TANGENT": self.accessor(tan, "VEC4"),
                    "TEXCOORD_0": self.accessor(uv, "VEC2"),
                },
                "indices": self.accessor(idx, "SCALAR", indices=True),
                "material": mat,
                "mode": 4,
            })
        return self.add("meshes", {"name": name, "primitives": prims})

    def to_glb(self) -> bytes:
        pad = (-self._offset) % 4
        if pad:
            self._chunks.append(b"\x00" * pad)
            self._offset += pad
        size = self._offset
        doc = dict(self.gltf)
        if size:
            doc["buffers"] = [{"byteLength": size}]
        if self._ext_used:
            doc["extensionsUsed"] = sorted(self._ext_used)
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
        js = text.encode("utf-8")
        js += b" " * ((-len(js)) % 4)
        total = 12 + 8 + len(js) + (8 + size if size else 0)
        out = [struct.pack("<4sII", b"glTF", 2, total), struct.pack("<I4s", len(js), b"JSON"), js]
        if size:
            out += [struct.pack("<I4s", size, b"BIN\x00")] + self._chunks
        return b"".join(out)  # one copy of the binary data, straight from the chunks
