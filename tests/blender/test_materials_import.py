"""Imported materials on a generated courtyard: the glTF importer's wiring, our tags, and an export
that writes the same base colour, normal and ORM images back."""

from __future__ import annotations

import json

import pygltflib
import pytest

from tests.helpers.extension import mod
from tests.helpers.materials_world import export_glb, texture_image
from wslib.worlds import procedural_glb


def _materials(version):
    return sorted({s.material for o in version.objects() for s in o.material_slots if s.material},
                  key=lambda m: m.name)


def _from(socket):
    return socket.links[0].from_node if socket.is_linked else None


def test_imported_materials_are_principled_trees_wired_to_images(world):
    mats = _materials(world)
    assert len(mats) >= 5
    for mat in mats:
        bsdf = next(n for n in mat.node_tree.nodes if n.type == "BSDF_PRINCIPLED")
        assert _from(bsdf.inputs["Base Color"]).type == "TEX_IMAGE", mat.name
        normal_map = _from(bsdf.inputs["Normal"])
        assert normal_map.type == "NORMAL_MAP" and _from(normal_map.inputs["Color"]).type == "TEX_IMAGE"
        rough, metal = _from(bsdf.inputs["Roughness"]), _from(bsdf.inputs["Metallic"])
        for socket_node in (rough, metal):  # a factor multiply may sit between, as glTF factors do
            if socket_node.type == "MATH":
                socket_node = _from(socket_node.inputs[0])
            assert socket_node.type == "SEPARATE_COLOR"
        split = rough if rough.type == "SEPARATE_COLOR" else _from(rough.inputs[0])
        assert bsdf.inputs["Roughness"].links[0].from_socket.name in ("Green", "Value")
        orm_image = _from(split.inputs[0]).image
        group = next(n for n in mat.node_tree.nodes if n.type == "GROUP")
        assert group.node_tree.name == "glTF Material Output"
        occlusion = group.inputs["Occlusion"].links[0]
        assert occlusion.from_node.type == "SEPARATE_COLOR" and occlusion.from_socket.name == "Red"
        assert _from(occlusion.from_node.inputs[0]).image == orm_image  # one ORM image, R G B
        assert orm_image.colorspace_settings.is_data


def test_each_material_is_tagged_with_its_id_and_channels(world):
    for mat in _materials(world):
        assert "." in mat["material_id"]  # from the GLB extras, e.g. "flame.default"
        channels = json.loads(mat["ws_channels"])
        assert {"base_color", "normal", "orm"} <= set(channels)
        assert all(name in __import__("bpy").data.images for name in channels.values())
    flame = next(m for m in _materials(world) if m["material_id"].startswith("flame"))
    assert "emission" in json.loads(flame["ws_channels"])
    assert "fire" in list(flame["tags"])


def test_tagging_twice_changes_nothing(world):
    materials = mod("materials.library")
    mats = _materials(world)
    before = [(m["material_id"], m["ws_channels"]) for m in mats]
    materials.tag_imported_materials(mats)
    assert [(m["material_id"], m["ws_channels"]) for m in mats] == before


def test_export_writes_the_source_textures_back(world, tmp_path, gen):
    bpy = __import__("bpy")
    source = pygltflib.GLTF2.load_from_bytes(procedural_glb(
        gen.plan_generate(world.get("spec")["prompt"], seed=0, texture_size=64).spec))
    doc = export_glb(bpy, world.objects(), tmp_path / "out.glb")
    src_by_id = {m.extras["material_id"]: m for m in source.materials}
    out_by_id = {m.extras["material_id"]: m for m in doc.materials}
    assert set(out_by_id) == set(src_by_id)
    for mid, out in out_by_id.items():
        src = src_by_id[mid]
        pairs = [(src.pbrMetallicRoughness.baseColorTexture, out.pbrMetallicRoughness.baseColorTexture),
                 (src.normalTexture, out.normalTexture),
                 (src.pbrMetallicRoughness.metallicRoughnessTexture, out.pbrMetallicRoughness.metallicRoughnessTexture),
                 (src.occlusionTexture, out.occlusionTexture)]
        for a, b in pairs:
            assert b is not None, mid
            assert texture_image(doc, b.index) == texture_image(source, a.index), mid
        # ORM stays one image for occlusion and metallic-roughness (no repacking)
        assert doc.textures[out.occlusionTexture.index].source == \
            doc.textures[out.pbrMetallicRoughness.metallicRoughnessTexture.index].source
        if src.emissiveTexture is not None:
            assert out.emissiveTexture is not None and out.emissiveFactor == pytest.approx(src.emissiveFactor)
