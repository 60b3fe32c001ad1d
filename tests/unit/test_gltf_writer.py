"""The GLB writer on its own: layout of the container, alignment, determinism, validator."""

from __future__ import annotations

import numpy as np

from worldsmith_backend.gltf import GltfBuilder
from worldsmith_backend.textures import texture_set
from worldsmith_backend.worldgen import mesh
from wslib.glb import accessor, read_glb


def small_glb() -> bytes:
    b = GltfBuilder()
    ts = texture_set("wood", "default", 64)
    tex = [b.texture(b.image_png(png, f"img{i}")) for i, png in enumerate((ts.base_png, ts.normal_png, ts.orm_png))]
    mat = b.add("materials", {"name": "wood", "pbrMetallicRoughness": {"baseColorTexture": {"index": tex[0]},
                                                                       "metallicRoughnessTexture": {"index": tex[2]}},
                              "normalTexture": {"index": tex[1]}, "occlusionTexture": {"index": tex[2]}})
    g = mesh.cylinder(0.3, 1.0, 7)  # 7 segments: odd byte lengths exercise the 4-byte padding
    m = b.mesh("Cyl", [(g.pos, g.nrm, mesh.tangents(g), g.uv, g.idx, mat)])
    node = b.add("nodes", {"name": "Cyl", "mesh": m, "translation": [0.1, 0.0, -0.3]})
    b.gltf["scenes"] = [{"nodes": [node]}]
    b.gltf["scene"] = 0
    return b.to_glb()


def test_container_alignment_and_sorted_compact_json(batch):
    data = batch.add(small_glb(), "writer small")
    assert len(data) % 4 == 0
    doc, binary = read_glb(data)
    raw_json = data[20 : 20 + int.from_bytes(data[12:16], "little")].rstrip(b" ")
    assert b", " not in raw_json and b": " not in raw_json
    assert list(doc) == sorted(doc)
    for v in doc["bufferViews"]:
        assert v["byteOffset"] % 4 == 0
    prim = doc["meshes"][0]["primitives"][0]
    pos = accessor(doc, binary, prim["attributes"]["POSITION"])
    acc = doc["accessors"][prim["attributes"]["POSITION"]]
    assert acc["min"] == [float(v) for v in pos.min(0)] and acc["max"] == [float(v) for v in pos.max(0)]
    assert doc["images"][0]["mimeType"] == "image/png"
    assert doc["samplers"][0]["wrapS"] == 10497 and doc["samplers"][0]["wrapT"] == 10497


def test_same_input_same_bytes():
    assert small_glb() == small_glb()


def test_big_meshes_use_32_bit_indices(batch):
    b = GltfBuilder()
    g = mesh.ellipsoid(1, 1, 1, 260, 260)
    assert g.pos.shape[0] > 65535
    mat = b.add("materials", {"name": "plain"})
    m = b.mesh("Big", [(g.pos, g.nrm, mesh.tangents(g), g.uv, g.idx, mat)])
    b.gltf["scenes"] = [{"nodes": [b.add("nodes", {"mesh": m})]}]
    b.gltf["scene"] = 0
    data = batch.add(b.to_glb(), "writer 32-bit indices")
    doc, binary = read_glb(data)
    idx = doc["meshes"][0]["primitives"][0]["indices"]
    assert doc["accessors"][idx]["componentType"] == 5125
    assert np.array_equal(accessor(doc, binary, idx), g.idx.reshape(-1).astype(np.uint32))


def test_validator_helper_reports_problems():
    from tests.helpers.gltf_validator import problems, validate_glb

    b = GltfBuilder()
    g = mesh.box(1, 1, 1)
    m = b.mesh("Box", [(g.pos, g.nrm * 2.0, mesh.tangents(g), g.uv, g.idx, b.add("materials", {"name": "m"}))])
    b.gltf["scenes"] = [{"nodes": [b.add("nodes", {"mesh": m})]}]
    b.gltf["scene"] = 0
    found = problems(validate_glb(b.to_glb()))
    assert any("NON_UNIT" in p for p in found)


def test_identical_images_are_stored_once():
    """Two materials whose maps have the same bytes (wood and painted wood normals) share one
    image and one texture; the GLB stores the bytes once."""
    b = GltfBuilder()
    ts = texture_set("wood", "default", 64)
    first = b.texture(b.image_png(ts.normal_png, "wood_normal"))
    second = b.texture(b.image_png(bytes(ts.normal_png), "wood_painted_blue_normal"))
    other = b.texture(b.image_png(ts.base_png, "wood_basecolor"))
    assert first == second != other
    assert [i["name"] for i in b.gltf["images"]] == ["wood_normal", "wood_basecolor"]
    assert len(b.gltf["textures"]) == 2
