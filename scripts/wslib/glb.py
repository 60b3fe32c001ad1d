"""Read GLB bytes back: the JSON chunk, the binary chunk, and accessors as numpy arrays (the
benchmarks and the tests read generated worlds with it)."""

from __future__ import annotations

import json
import struct

import numpy as np

_DTYPES = {5126: np.float32, 5125: np.uint32, 5123: np.uint16, 5121: np.uint8}
_WIDTH = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}


def read_glb(data: bytes) -> tuple[dict, bytes]:
    magic, version, total = struct.unpack("<4sII", data[:12])
    assert magic == b"glTF" and version == 2 and total == len(data)
    n, kind = struct.unpack("<I4s", data[12:20])
    assert kind == b"JSON"
    doc = json.loads(data[20 : 20 + n])
    rest = data[20 + n :]
    binary = b""
    if rest:
        m, kind = struct.unpack("<I4s", rest[:8])
        assert kind == b"BIN\x00"
        binary = rest[8 : 8 + m]
    return doc, binary


def accessor(doc: dict, binary: bytes, index: int) -> np.ndarray:
    acc = doc["accessors"][index]
    view = doc["bufferViews"][acc["bufferView"]]
    dtype = _DTYPES[acc["componentType"]]
    width = _WIDTH[acc["type"]]
    start = view.get("byteOffset", 0) + acc.get("byteOffset", 0)
    arr = np.frombuffer(binary, dtype=dtype, count=acc["count"] * width, offset=start)
    return arr.reshape(acc["count"], width) if width > 1 else arr
