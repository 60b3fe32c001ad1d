"""Retexture one slot: a new texture set on that slot only, identical pixels for the same prompt and
seed, a glTF export that writes the job's PNGs as they came, and bad results that change nothing.

The ZIP comes from backend/textures (``texture_zip``) through the injectable ``fetch``; the test at
the end runs the real backend texture job when the backend offers it."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

from tests.helpers.extension import mod
from tests.helpers.materials_world import courtyard, export_glb, snapshot, texture_image, texture_zip, zip_bytes


def _fetch(calls: list | None = None):
    def fetch(request):
        assert request["kind"] == "texture" and request["generator"] == "procedural"
        if calls is not None:
            calls.append(request)
        return texture_zip(request["prompt"], request["seed"], request["size"])
    return fetch


def _pixels(image) -> np.ndarray:
    out = np.empty(image.size[0] * image.size[1] * 4, np.float32)
    image.pixels.foreach_get(out)
    return out


def _well(version):
    return next(o for o in version.assets().values() if o.get("archetype") == "well")


def test_retexture_changes_one_slot_and_wires_the_new_set(world):
    retex, nodes = mod("materials.retexture"), mod("materials.nodes")
    well = _well(world)
    before = snapshot(world.objects())
    calls: list = []
    mat = retex.retexture(well, 0, "mossy stone", seed=3, fetch=_fetch(calls))
    assert calls == [{"kind": "texture", "prompt": "mossy stone", "seed": 3, "size": 64, "generator": "procedural"}]
    after = snapshot(world.objects())
    assert {n for n in before if before[n] != after[n]} == {well.name}
    assert after[well.name]["slots"][0] == (mat.name, "OBJECT")
    assert after[well.name]["slots"][1:] == before[well.name]["slots"][1:]
    images = nodes.channel_images(mat)
    assert set(images) == {"base_color", "normal", "orm"}
    assert all(img.packed_file is not None and img.size[0] == 64 for img in images.values())
    assert images["normal"].colorspace_settings.is_data and images["orm"].colorspace_settings.is_data
    assert "mossy" in list(mat["tags"])
    step = world.get("recipe")[-1]
    assert step["op"] == "material_retexture" and step["request"]["prompt"] == "mossy stone"
    assert mat in mod("materials.library").library(world, "mossy")


def test_same_prompt_and_seed_give_identical_pixels(gen, fresh):
    retex, nodes = mod("materials.retexture"), mod("materials.nodes")
    first = retex.retexture(_well(courtyard(gen)), 0, "metal", seed=5, fetch=_fetch())
    pixels = {c: _pixels(i) for c, i in nodes.channel_images(first).items()}
    fresh.ops.wm.read_homefile(use_empty=True)
    second = retex.retexture(_well(courtyard(gen)), 0, "metal", seed=5, fetch=_fetch())
    for channel, image in nodes.channel_images(second).items():
        assert np.array_equal(_pixels(image), pixels[channel]), channel
    other = retex.retexture(_well(mod("scene.store").versions()[0]), 1, "metal", seed=6, fetch=_fetch())
    assert not np.array_equal(_pixels(nodes.channel_images(other)["base_color"]), pixels["base_color"])


def test_retexture_again_reuses_the_material(world):
    retex = mod("materials.retexture")
    calls: list = []
    torches = sorted((o for o in world.objects() if o.get("archetype") == "torch"), key=lambda o: o.name)
    a = retex.retexture(torches[0], 0, "polished metal", seed=1, fetch=_fetch(calls))
    b = retex.retexture(torches[1], 0, "polished metal", seed=1, fetch=_fetch(calls))
    assert a == b and len(calls) == 1


def test_export_writes_the_retextured_pngs_unchanged(world, tmp_path):
    import bpy

    retex = mod("materials.retexture")
    well = _well(world)
    mat = retex.retexture(well, 0, "weathered planks", seed=2, fetch=_fetch())
    with zipfile.ZipFile(io.BytesIO(texture_zip("weathered planks", 2, 64))) as zf:
        source = {n: zf.read(n) for n in ("basecolor.png", "normal.png", "orm.png")}
    doc = export_glb(bpy, world.objects(), tmp_path / "retex.glb")
    out = next(m for m in doc.materials if m.name == mat.name)
    assert texture_image(doc, out.pbrMetallicRoughness.baseColorTexture.index) == source["basecolor.png"]
    assert texture_image(doc, out.normalTexture.index) == source["normal.png"]
    assert texture_image(doc, out.pbrMetallicRoughness.metallicRoughnessTexture.index) == source["orm.png"]
    assert texture_image(doc, out.occlusionTexture.index) == source["orm.png"]


@pytest.mark.parametrize("damage", ["not_zip", "missing_orm", "bad_png", "undecodable_png", "bad_json"])
def test_bad_results_change_nothing(world, damage):
    import bpy

    good = zipfile.ZipFile(io.BytesIO(texture_zip("stone", 0, 64)))
    members = {n: good.read(n) for n in good.namelist()}
    if damage == "missing_orm":
        del members["orm.png"]
    elif damage == "bad_png":
        members["normal.png"] = b"GIF89a not a png"
    elif damage == "undecodable_png":  # a PNG header with a broken body: Blender cannot load it
        members["orm.png"] = members["orm.png"][:40]
    elif damage == "bad_json":
        members["material.json"] = b"{nope"
    data = b"<html>proxy</html>" if damage == "not_zip" else zip_bytes(members)
    state = (snapshot(world.objects()), len(bpy.data.materials), len(bpy.data.images), str(world.get("recipe")))
    with pytest.raises(mod("api").InvalidInput, match="nothing was changed"):
        mod("materials.retexture").retexture(_well(world), 0, "stone", fetch=lambda request: data)
    assert (snapshot(world.objects()), len(bpy.data.materials), len(bpy.data.images),
            str(world.get("recipe"))) == state


@pytest.mark.parametrize("kwargs", [{"prompt": ""}, {"seed": -1}, {"size": 100}, {"slot_index": 9}])
def test_bad_arguments_are_refused_before_any_job(world, kwargs):
    args = {"obj": _well(world), "slot_index": 0, "prompt": "stone", "seed": 0, "size": 64, **kwargs}
    with pytest.raises(mod("api").InvalidInput):
        mod("materials.retexture").retexture(args.pop("obj"), args.pop("slot_index"), args.pop("prompt"),
                                             fetch=lambda request: pytest.fail("no job for bad input"), **args)


def test_retexture_through_the_backend_texture_job(world, gen, api):
    """End to end through ``api.retexture`` and the backend's texture job (the backend has one:
    a refusal is a failure)."""
    well = _well(world)
    mat = api.retexture(well, 0, "mossy stone", seed=3, size=64)
    assert well.material_slots[0].material == mat
    assert set(mod("materials.nodes").channel_images(mat)) >= {"base_color", "normal", "orm"}
    assert api.retexture(well, 1, "mossy stone", seed=3, size=64) == mat  # same request, same material
