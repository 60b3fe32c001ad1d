"""Read GLB bytes back: the JSON chunk, the binary chunk, and accessors as numpy arrays (the
benchmarks and the tests read generated worlds with it); compare two GLBs (scripts/compare_glb.py)."""

from __future__ import annotations

import json
import struct
from typing import Any, Iterable, Iterator

import numpy as np

JSON_CHUNK, BIN_CHUNK = 0x4E4F534A, 0x004E4942
_DTYPES = {5126: np.float32, 5125: np.uint32, 5123: np.uint16, 5121: np.uint8}
_WIDTH = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}


def read_glb(data: bytes) -> tuple[dict, bytes]:
    """(JSON document, binary chunk) of GLB bytes; ValueError when they are not a GLB."""
    if len(data) < 20 or data[:4] != b"glTF":
        raise ValueError("not a GLB file (bad magic)")
    version, length = struct.unpack_from("<II", data, 4)
    if version != 2 or length != len(data):
        raise ValueError(f"not a whole GLB 2.0 file (version {version}, {len(data)} of {length} bytes)")
    offset, document, binary = 12, None, b""
    while offset + 8 <= len(data):
        size, kind = struct.unpack_from("<II", data, offset)
        chunk = data[offset + 8: offset + 8 + size]
        if kind == JSON_CHUNK:
            document = json.loads(chunk.decode("utf-8"))
        elif kind == BIN_CHUNK:
            binary = bytes(chunk)
        offset += 8 + size
    if document is None:
        raise ValueError("the GLB has no JSON chunk")
    return document, binary


def accessor(doc: dict, binary: bytes, index: int) -> np.ndarray:
    acc = doc["accessors"][index]
    view = doc["bufferViews"][acc["bufferView"]]
    dtype = _DTYPES[acc["componentType"]]
    width = _WIDTH[acc["type"]]
    start = view.get("byteOffset", 0) + acc.get("byteOffset", 0)
    arr = np.frombuffer(binary, dtype=dtype, count=acc["count"] * width, offset=start)
    return arr.reshape(acc["count"], width) if width > 1 else arr


def json_differences(a: Any, b: Any, ignore: Iterable[str] = (), path: str = "$") -> Iterator[str]:
    """Paths where ``a`` and ``b`` differ; keys in ``ignore`` are skipped at any depth."""
    ignore = frozenset(ignore)
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key in ignore:
                continue
            if key not in a or key not in b:
                yield f"{path}.{key}: only in {'B' if key not in a else 'A'}"
            else:
                yield from json_differences(a[key], b[key], ignore, f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items in A, {len(b)} in B"
        for index, (x, y) in enumerate(zip(a, b)):
            yield from json_differences(x, y, ignore, f"{path}[{index}]")
    elif isinstance(a, str) and isinstance(b, str) and a[:1] in "{[" and b[:1] in "{[":
        # Custom properties that Blender could not store as structures travel as JSON text.
        try:
            yield from json_differences(json.loads(a), json.loads(b), ignore, path)
        except ValueError:
            if a != b:
                yield f"{path}: {a[:60]!r} != {b[:60]!r}"
    elif a != b:
        yield f"{path}: {str(a)[:60]!r} != {str(b)[:60]!r}"


def compare(a: bytes, b: bytes, ignore: Iterable[str] = ()) -> list[str]:
    """Every difference between GLB bytes ``a`` and ``b`` (empty: equal apart from ``ignore``)."""
    doc_a, bin_a = read_glb(a)
    doc_b, bin_b = read_glb(b)
    found = list(json_differences(doc_a, doc_b, ignore))
    if bin_a != bin_b:
        found.append(f"binary chunk: {len(bin_a)} bytes in A, {len(bin_b)} in B, contents differ")
    return found
