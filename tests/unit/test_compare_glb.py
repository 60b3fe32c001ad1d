"""scripts/compare_glb.py (wslib.glb.compare): binary chunks byte for byte, JSON by value with ignored keys."""

from __future__ import annotations

import json
import struct

import pytest

import compare_glb  # scripts/compare_glb.py: scripts/ is on sys.path in the tests (tests/conftest.py)
from wslib.glb import compare


def glb(document: dict, binary: bytes = b"\0\0\0\0") -> bytes:
    text = json.dumps(document).encode()
    text += b" " * (-len(text) % 4)
    binary += b"\0" * (-len(binary) % 4)
    body = struct.pack("<II", len(text), 0x4E4F534A) + text + struct.pack("<II", len(binary), 0x004E4942) + binary
    return b"glTF" + struct.pack("<II", 2, 12 + len(body)) + body


def test_equal_apart_from_ignored_keys_even_inside_json_text():
    a = glb({"scenes": [{"extras": {"worldsmith": {"version_id": "a1", "seed": 7}}}],
             "nodes": [{"extras": {"worldsmith_spec": json.dumps({"prompt": "p", "version_id": "x"})}}]})
    b = glb({"scenes": [{"extras": {"worldsmith": {"version_id": "b2", "seed": 7}}}],
             "nodes": [{"extras": {"worldsmith_spec": json.dumps({"prompt": "p", "version_id": "y"})}}]})
    assert compare(a, b, ["version_id"]) == []
    assert compare(a, b) != []


def test_a_changed_value_or_byte_is_reported_with_its_path():
    a = glb({"nodes": [{"name": "Well", "translation": [1, 0, 0]}]}, b"\1\2\3\4")
    b = glb({"nodes": [{"name": "Well", "translation": [2, 0, 0]}]}, b"\1\2\3\5")
    found = compare(a, b, ["version_id"])
    assert found[0].startswith("$.nodes[0].translation[0]")
    assert found[-1].startswith("binary chunk")


def test_not_a_glb_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not a GLB"):
        compare(b"PK\3\4 zip", glb({}))
    (tmp_path / "x.glb").write_bytes(b"nope")
    assert compare_glb.main([str(tmp_path / "x.glb"), str(tmp_path / "x.glb")]) == 2
