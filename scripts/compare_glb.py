#!/usr/bin/env python3
"""Compare two GLB files: the binary chunk byte for byte, and the JSON chunk value by value,
ignoring the keys named with ``--ignore`` (version ids, authors, times: what differs between two
runs of the same recipe). Prints each difference as a JSON path; exit 0 when the files match,
1 when they differ, 2 when a file is not a GLB.

    scripts/compare_glb.py out/world.glb old/world.glb --ignore version_id,worldsmith_version_id
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator

JSON_CHUNK, BIN_CHUNK = 0x4E4F534A, 0x004E4942


def read_chunks(data: bytes) -> tuple[dict, bytes]:
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
    doc_a, bin_a = read_chunks(a)
    doc_b, bin_b = read_chunks(b)
    found = list(json_differences(doc_a, doc_b, ignore))
    if bin_a != bin_b:
        found.append(f"binary chunk: {len(bin_a)} bytes in A, {len(bin_b)} in B, contents differ")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--ignore", default="", help="comma-separated keys to skip at any depth")
    args = parser.parse_args(argv)
    try:
        found = compare(args.a.read_bytes(), args.b.read_bytes(), [k for k in args.ignore.split(",") if k])
    except (OSError, ValueError) as exc:
        print(f"compare_glb: {exc}", file=sys.stderr)
        return 2
    for line in found:
        print(line)
    print("identical" if not found else f"{len(found)} difference(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
