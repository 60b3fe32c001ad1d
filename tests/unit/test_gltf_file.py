"""glTF finishing without Blender: optional lights, images stored once, the JSON chunk patched in
place when nothing else changes."""

from __future__ import annotations

import json

import numpy as np

from addon.core import gltf_file
from addon.core.png import grey_png
from worldsmith_backend.gltf import GltfBuilder
from worldsmith_backend.textures import encode_png


def _glb(images: list[bytes], lights: bool = True) -> bytes:
    b = GltfBuilder()
    for i, png in enumerate(images):
        view = b._view(png, None)  # noqa: SLF001 - a writer that would not dedupe, like Blender's
        b._list("images").append({"bufferView": view, "mimeType": "image/png", "name": f"img{i}"})
        b._list("textures").append({"source": i})
    b.gltf["scenes"] = [{"nodes": []}]
    data = b.to_glb()
    if lights:
        doc, binary = gltf_file.read_glb(data)
        doc["extensionsUsed"] = doc["extensionsRequired"] = ["KHR_lights_punctual"]
        data = gltf_file.write_glb(doc, binary)
    return data


def test_equal_images_become_one_and_lights_become_optional(tmp_path):
    a = encode_png(np.full((8, 8, 3), 40, np.uint8))
    b = encode_png(np.arange(192, dtype=np.uint8).reshape(8, 8, 3))
    path = tmp_path / "w.glb"
    path.write_bytes(_glb([a, b, a]))
    gltf_file.finish_glb_file(path)
    doc, binary = gltf_file.read_glb(path.read_bytes())
    assert "extensionsRequired" not in doc and doc["extensionsUsed"] == ["KHR_lights_punctual"]
    assert [t["source"] for t in doc["textures"]] == [0, 1, 0]
    assert len(doc["images"]) == 2 and len(doc["bufferViews"]) == 2
    views = [binary[v["byteOffset"]:v["byteOffset"] + v["byteLength"]] for v in doc["bufferViews"]]
    assert views == [a, b] and 0 <= len(binary) - doc["buffers"][0]["byteLength"] <= 3  # chunk padding


def test_json_patched_in_place_keeps_the_binary_chunk(tmp_path):
    images = [encode_png(np.full((4, 4, 3), i, np.uint8)) for i in (1, 2)]
    before = _glb(images)
    path = tmp_path / "w.glb"
    path.write_bytes(before)
    gltf_file.finish_glb_file(path)
    after = path.read_bytes()
    doc, binary = gltf_file.read_glb(after)
    assert len(after) == len(before) and binary == gltf_file.read_glb(before)[1]
    assert "extensionsRequired" not in doc
    gltf_file.finish_glb_file(path)  # nothing left to change: the file stays as it is
    assert path.read_bytes() == after


def test_internal_extras_leave_the_file_and_the_rest_stay(tmp_path):
    data = _glb([encode_png(np.full((4, 4, 3), 9, np.uint8))], lights=False)
    doc, binary = gltf_file.read_glb(data)
    doc["materials"] = [{"name": "wood", "extras": {"ws_content": "ab12", "ws_channels": "{}",
                                                    "material_id": "wood.oak", "tags": ["wood"]}}]
    doc["meshes"] = [{"name": "m", "primitives": [], "extras": {"ws_content": "cd34"}}]
    doc["nodes"] = [{"name": "n", "extras": {"asset_id": "crate.001", "worldsmith_seed": 7}}]
    path = tmp_path / "w.glb"
    path.write_bytes(gltf_file.write_glb(doc, binary))
    gltf_file.finish_glb_file(path)
    after, after_binary = gltf_file.read_glb(path.read_bytes())
    assert after["materials"][0]["extras"] == {"material_id": "wood.oak", "tags": ["wood"]}
    assert "extras" not in after["meshes"][0]
    assert after["nodes"][0]["extras"] == {"asset_id": "crate.001", "worldsmith_seed": 7}
    assert after_binary == binary
    assert gltf_file.finish_glb(path.read_bytes()) == path.read_bytes()  # nothing left to drop


def test_internal_keys_are_worldsmiths_own_prefix_only():
    from addon.core import schema

    assert [k for k in ("ws_content", "ws_channels", "ws_made", "material_id", "worldsmith_spec",
                        "asset_id", "wsx") if schema.is_internal(k)] == ["ws_content", "ws_channels", "ws_made"]


def test_grey_png_is_lossless():
    import zlib

    plane = np.arange(30, dtype=np.uint8).reshape(5, 6) * 7
    data = grey_png(plane)
    raw = np.frombuffer(zlib.decompress(data[data.index(b"IDAT") + 4:-16]), np.uint8).reshape(5, 7)
    assert (raw[:, 0] == 1).all()
    assert np.array_equal(np.cumsum(raw[:, 1:], axis=1, dtype=np.uint8), plane)
    assert json.dumps(gltf_file.OPTIONAL_EXTENSIONS)
