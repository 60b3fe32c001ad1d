"""End to end with a generated courtyard: branch, reroll, reassign, diff, approve, render."""

from __future__ import annotations

import pytest

from tests.helpers.extension import mod
from tests.helpers.generation import PROMPT, SMALL
from tests.helpers.worlds import reassign, scene_state


def _snap(version):
    snap = mod("versions.compare").snapshot(version)
    for asset in snap["assets"].values():
        del asset["name"]
    return {k: v for k, v in snap.items() if k not in ("id", "label")}


def _slotted(version, exclude):
    """An asset of ``version`` (not ``exclude``) with a material slot: (asset_id, object)."""
    for aid, root in sorted(version.assets().items()):
        if aid == exclude:
            continue
        for obj in (root, *root.children_recursive):
            if obj.type == "MESH" and obj.material_slots and obj.material_slots[0].material:
                return aid, obj
    raise AssertionError("no asset with a material slot")


def test_generated_courtyard_branches_diff_and_review(gen, fresh, tmp_path):
    bpy = fresh
    api = mod("api")
    v1 = api.generate(PROMPT, seed=3, **SMALL)
    assets = v1.assets()
    well_id = next((a for a in assets if a.startswith("well")), sorted(assets)[0])
    parent_before = _snap(v1)

    well_branch = api.branch(v1, "well")
    rerolled = api.reroll(well_branch, [well_id], seed=11)
    cloth_branch = api.branch(v1, "cloth")
    changed_id, obj = _slotted(cloth_branch, well_id)
    other = next(m for m in bpy.data.materials if m != obj.material_slots[0].material and m.users)
    reassign(obj, 0, other)

    assert _snap(v1) == parent_before
    d = api.compare(rerolled, cloth_branch)
    assert d.added == d.removed == []
    assert d.changed_assets == {well_id, changed_id}
    assert [m["asset_id"] for m in d.materials if m["asset_id"] != well_id] == [changed_id]
    assert well_id in {g["asset_id"] for g in d.geometry} | {m["asset_id"] for m in d.materials}
    assert api.compare(v1, well_branch).is_empty

    before = scene_state(bpy)
    api.compare_view(rerolled, cloth_branch)
    api.compare_view(None, None, on=False)
    assert scene_state(bpy) == before
    png = api.render_compare(v1, rerolled, str(tmp_path / "cmp.png"), size=(128, 64))
    assert tuple(bpy.data.images["Worldsmith Compare"].size) == (128, 64) and png.endswith("cmp.png")

    api.set_review(cloth_branch, "in_review")
    api.set_review(cloth_branch, "approved")
    frozen = _snap(cloth_branch)
    with pytest.raises(api.VersionFrozen, match="branch it first"):
        reassign(obj, 0, bpy.data.materials[0])
    with pytest.raises(api.VersionFrozen, match="branch it first"):
        api.delete_version(cloth_branch)
    assert _snap(cloth_branch) == frozen and api.check_approved_integrity(cloth_branch) == []
    obj.data.vertices[0].co.z += 0.1
    assert any(changed_id in f and "geometry" in f for f in api.check_approved_integrity(cloth_branch))


def test_reroll_of_an_approved_version_is_refused(gen, fresh):
    """Needs generate.plan_reroll to call versions.ensure_editable(parent) before planning."""
    bpy = fresh
    api = mod("api")
    v1 = api.generate(PROMPT, seed=3, **SMALL)
    api.set_review(v1, "in_review")
    api.set_review(v1, "approved")
    before = (len(api.versions()), len(bpy.data.objects), _snap(v1))
    with pytest.raises(api.VersionFrozen, match="branch it first"):
        api.reroll(v1, [sorted(v1.assets())[0]], seed=5)
    assert (len(api.versions()), len(bpy.data.objects), _snap(v1)) == before
