"""Compare view (exact restore), the side-by-side render, and the review package."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from tests.helpers.worlds import part, raise_well, reassign, scene_state


@pytest.fixture
def branches(api, court):
    v1 = court.v1
    well = api.branch(v1, "well")
    raise_well(well.assets()["well.000"], dz=1.5)
    cloth = api.branch(v1, "cloth")
    reassign(part(cloth, "cloth"), 0, court.bpy.data.materials.new("Cloth Blue"))
    return v1, well, cloth


def _layer(bpy, version):
    return bpy.context.view_layer.layer_collection.children["Courtyard"].children[version.collection.name]


def test_compare_view_on_off_restores_exactly(api, court, branches):
    bpy = court.bpy
    v1, well, cloth = branches
    well.assets()["torch.000"].location = (0.1234567, -3.3, 1.0000001)  # odd floats must survive
    before = scene_state(bpy)
    diff_before = api.compare(v1, well).to_dict()
    state = api.compare_view(v1, well)
    assert not _layer(bpy, v1).exclude and not _layer(bpy, well).exclude and _layer(bpy, cloth).exclude
    width = 12.0  # the ground plane is the widest thing
    assert state["offset"][0] == pytest.approx(width + max(4.0, 0.3 * width))
    moved = well.assets()["well.000"]
    assert moved.location.x == pytest.approx(before["objects"][moved.name][0][0] + state["offset"][0])
    assert v1.assets()["well.000"].location.x == before["objects"][v1.assets()["well.000"].name][0][0]
    # the diff ignores the compare offset
    assert api.compare(v1, well).to_dict() == diff_before
    api.compare_view(v1, cloth)  # switching pairs while on: still one saved state
    api.compare_view(None, None, on=False)
    assert scene_state(bpy) == before
    api.compare_view(v1, well, on=False)  # ending twice is harmless
    assert scene_state(bpy) == before


def test_switch_during_compare_ends_it_first(api, court, branches):
    bpy = court.bpy
    v1, well, cloth = branches
    positions = scene_state(bpy)["objects"]
    api.compare_view(v1, well)
    api.switch(cloth)
    assert scene_state(bpy)["objects"] == positions
    assert _layer(bpy, v1).exclude and _layer(bpy, well).exclude and not _layer(bpy, cloth).exclude
    assert "worldsmith_compare" not in court.world


def test_compare_operators_fill_the_diff_and_restore(api, court, branches):
    bpy = court.bpy
    v1, well, cloth = branches
    before = scene_state(bpy)
    bpy.ops.worldsmith.version_pick(version_id=well.id, side="A")
    bpy.ops.worldsmith.version_pick(version_id=cloth.id, side="B")
    assert bpy.ops.worldsmith.versions_compare(on=True) == {"FINISHED"}
    lines = json.loads(bpy.context.scene.worldsmith_versions.diff_lines)
    assert any("well.000" in line for line in lines) and any("Cloth Blue" in line for line in lines)
    assert bpy.ops.worldsmith.versions_compare(on=False) == {"FINISHED"}
    assert scene_state(bpy) == before


def _halves(path, size):
    import bpy
    image = bpy.data.images.load(str(path))
    try:
        assert tuple(image.size) == size
        px = np.empty(size[0] * size[1] * 4, dtype=np.float32)
        image.pixels.foreach_get(px)
    finally:
        bpy.data.images.remove(image)
    px = px.reshape(size[1], size[0], 4)[:, :, :3]
    body = px[: int(size[1] * 0.8)]  # rows from the bottom: leave out the labels at the top
    half = size[0] // 2
    left, right = body[:, 2 : half - 2], body[:, half + 2 : 2 * half - 2]
    # 4x4 block means: 16 Cycles samples leave per-pixel noise; real changes survive averaging
    h, w = (left.shape[0] // 4) * 4, (left.shape[1] // 4) * 4
    blocks = [x[:h, :w].reshape(h // 4, 4, w // 4, 4, 3).mean(axis=(1, 3)) for x in (left, right)]
    return blocks[0], blocks[1]


def test_render_compare_png_halves_differ_where_versions_differ(api, court, branches, tmp_path):
    bpy = court.bpy
    v1, well, cloth = branches
    scene = bpy.context.scene
    # A user's engine that is not Cycles: EEVEE, "BLENDER_EEVEE_NEXT" on 4.2, "BLENDER_EEVEE" on 5.x.
    eevee = next(e.identifier for e in scene.render.bl_rna.properties["engine"].enum_items
                 if e.identifier.startswith("BLENDER_EEVEE"))
    scene.render.engine, scene.render.resolution_x, scene.render.resolution_y = eevee, 640, 480
    same = api.branch(v1, "unchanged")
    api.switch(v1)
    before = scene_state(bpy)
    size = (256, 128)
    path = api.render_compare(v1, well, str(tmp_path / "well.png"), size=size)
    assert path == str(tmp_path / "well.png") and (tmp_path / "well.png").stat().st_size > 0
    assert tuple(bpy.data.images["Worldsmith Compare"].size) == size
    assert (scene.render.engine, scene.render.resolution_x, scene.render.resolution_y) == (eevee, 640, 480)
    assert scene.camera is None and "Worldsmith Compare Camera" not in bpy.data.objects
    assert scene_state(bpy) == before
    left, right = _halves(path, size)
    changed = np.abs(left - right).max(axis=2) > 0.05
    assert changed.sum() > 10, "the taller well should show"
    # where: the well stands left of centre in A's camera; changes stay on that side
    cols = np.nonzero(changed)[1]
    assert cols.mean() < left.shape[1] * 0.5
    control = api.render_compare(v1, same, str(tmp_path / "same.png"), size=size)
    left, right = _halves(control, size)
    assert (np.abs(left - right).max(axis=2) > 0.05).sum() <= changed.sum() / 10


def test_render_compare_keeps_compare_view_on(api, court, branches, tmp_path):
    bpy = court.bpy
    v1, well, _ = branches
    api.compare_view(v1, well)
    during = scene_state(bpy)
    api.render_compare(v1, well, str(tmp_path / "x.png"), size=(64, 32))
    assert scene_state(bpy) == during
    api.compare_view(None, None, on=False)


def _glb_nodes(path) -> list[str]:
    data = open(path, "rb").read()
    length = struct.unpack_from("<I", data, 12)[0]
    doc = json.loads(data[20 : 20 + length])
    return sorted(n["name"] for n in doc["nodes"])


def test_export_review_package(api, court, branches, tmp_path):
    bpy = court.bpy
    v1, well, cloth = branches
    api.add_note(cloth, "blue reads better at dusk", author="ana")
    before = scene_state(bpy)
    paths = api.export_review_package(well, cloth, str(tmp_path / "review"), size=(128, 64))
    names = sorted(p.rsplit("/", 1)[-1] for p in paths)
    assert names == ["a.glb", "b.glb", "compare.png", "diff.json", "notes.json"]
    assert _glb_nodes(tmp_path / "review" / "a.glb") == sorted(o.name for o in well.objects())
    assert _glb_nodes(tmp_path / "review" / "b.glb") == sorted(o.name for o in cloth.objects())
    diff = json.loads((tmp_path / "review" / "diff.json").read_text())
    assert diff == json.loads(json.dumps(api.compare(well, cloth).to_dict()))
    notes = json.loads((tmp_path / "review" / "notes.json").read_text())
    assert notes["b"]["notes"][0]["text"] == "blue reads better at dusk" and notes["a"]["integrity"] == []
    assert scene_state(bpy) == before


def test_branching_or_deleting_during_compare_ends_it_first(api, court, branches):
    bpy = court.bpy
    v1, well, cloth = branches
    before = scene_state(bpy)["objects"]
    api.compare_view(v1, well)
    child = api.branch(well, "from-b")
    assert "worldsmith_compare" not in court.world
    for aid, obj in child.assets().items():
        assert tuple(obj.location) == before[well.assets()[aid].name][0]
    assert {k: v for k, v in scene_state(bpy)["objects"].items() if k in before} == before
    api.compare_view(v1, child)
    api.delete_version(child)
    assert scene_state(bpy)["objects"] == before


def test_long_version_labels_stay_inside_their_half(ws):
    """A 63-character branch name must not run over the divider or off the picture."""
    import importlib

    render = importlib.import_module(ws.__name__ + ".versions.render")
    half = np.full((128, 256, 4), 0.5, dtype=np.float32)  # mid grey, far from the label colours
    long_name = "Courtyard v12 " + "a-very-long-branch-name-" * 3
    out = render._compose(half.copy(), half.copy(), (long_name, long_name))
    assert out.shape == (128, 512, 4)
    changed = np.abs(out[:, :, :3] - 0.5).max(axis=2) > 0.01
    assert changed[:, 2:200].any() and changed[:, 258:456].any()  # both labels were drawn
    # ...and neither runs up to the divider (columns 255..256) or off the right edge
    assert not changed[:, 251:254].any()
    assert not changed[:, 509:512].any()
