"""Branching, copy-on-write, and the two-branch courtyard scenario with an exact diff."""

from __future__ import annotations

import pytest

from tests.helpers.worlds import ext, part, raise_well, reassign


def _snap(version):
    """A snapshot without object names (copies are "Well.001")."""
    snap = ext("versions.compare").snapshot(version)
    for asset in snap["assets"].values():
        del asset["name"]
    del snap["id"], snap["label"]
    return snap


def test_branch_makes_new_objects_sharing_data_and_records_the_step(api, court):
    v1 = court.v1
    v2 = api.branch(v1, "lighting")
    assert (v2.number, v2.parent, v2.branch) == (2, v1.id, "lighting")
    assert v2.collection.name == "Courtyard v2 lighting"
    assert api.versions(court.world) == [v1, v2]
    old, new = v1.assets(), v2.assets()
    assert sorted(old) == sorted(new)
    for asset_id in old:
        assert old[asset_id] is not new[asset_id]
        assert old[asset_id].data == new[asset_id].data  # shared mesh, not copied
        assert dict(new[asset_id].items()).keys() >= {"asset_id", "role", "locked"}
    cloth = part(v2, "cloth")
    assert cloth.parent == new["stall.000"]  # parenting points at the copy, not the parent's object
    recipe = v2.get("recipe")
    assert recipe[-1]["op"] == "branch" and recipe[-1]["from"] == v1.id and recipe[-1]["name"] == "lighting"
    assert recipe[:-1] == v1.get("recipe")
    assert v2.review_state == "draft" and v2.get("notes") == []
    # the branch is the visible version; the parent is excluded, not deleted
    layer = court.bpy.context.view_layer.layer_collection.children["Courtyard"].children
    assert not layer[v2.collection.name].exclude and layer[v1.collection.name].exclude
    assert _snap(v1) == _snap(v2)
    # two torches share one mesh in v1: their copies share it too
    assert new["torch.000"].data == new["torch.001"].data


def test_reassigning_a_data_slot_in_a_branch_leaves_the_parent_alone(api, court):
    """The trap: the cloth's slot lives on the shared mesh data."""
    bpy = court.bpy
    v2 = api.branch(court.v1, "cloth")
    cloth2, cloth1 = part(v2, "cloth"), part(court.v1, "cloth")
    assert cloth2.material_slots[0].link == "DATA" and cloth2.data == cloth1.data
    blue = bpy.data.materials.new("Cloth Blue")
    reassign(cloth2, 0, blue)
    assert cloth2.material_slots[0].material == blue
    assert cloth1.material_slots[0].material.name == "Cloth Red"
    assert cloth1.data.materials[0].name == "Cloth Red"


def test_two_branches_diff_lists_exactly_the_changes_and_parent_is_unchanged(api, court):
    bpy, v1 = court.bpy, court.v1
    parent_before = _snap(v1)
    well_branch = api.branch(v1, "well")
    cloth_branch = api.branch(v1, "cloth")
    raise_well(well_branch.assets()["well.000"])
    reassign(part(cloth_branch, "cloth"), 0, bpy.data.materials.new("Cloth Blue"))

    assert _snap(v1) == parent_before
    d = api.compare(well_branch, cloth_branch)
    assert d.added == d.removed == d.moved == d.locks == []
    assert [e["asset_id"] for e in d.geometry] == ["well.000"]
    assert d.materials == [{"asset_id": "stall.000", "slots": [{"slot": "cloth:0", "a": "Cloth Red", "b": "Cloth Blue"}]}]
    assert d.version == {}
    assert d.changed_assets == {"well.000", "stall.000"}
    only_well = api.compare(v1, well_branch)
    assert only_well.changed_assets == {"well.000"} and only_well.geometry and not only_well.materials
    only_cloth = api.compare(v1, cloth_branch).to_dict()
    assert only_cloth["geometry"] == [] and [m["asset_id"] for m in only_cloth["materials"]] == ["stall.000"]
    assert only_cloth["totals"]["materials"] == {"a": 4, "b": 4, "delta": 0}
    import json

    assert json.loads(json.dumps(d.to_dict())) == d.to_dict()


def test_diff_reports_moves_locks_added_removed_and_seed(api, court):
    bpy = court.bpy
    v2 = api.branch(court.v1, "edits")
    assets = v2.assets()
    assets["torch.001"].location.x += 1.5
    assets["well.000"]["locked"] = True
    for obj in [assets["torch.000"]]:
        bpy.data.objects.remove(obj)
    extra = bpy.data.objects.new("Barrel", bpy.data.meshes.new("Barrel"))
    extra["asset_id"], extra["role"] = "barrel.000", "asset"
    v2.collection.objects.link(extra)
    v2.set("seed", 99)
    d = api.compare(court.v1, v2)
    assert d.added == ["barrel.000"] and d.removed == ["torch.000"]
    assert d.moved == [{"asset_id": "torch.001", "delta": {"location": [1.5, 0.0, 0.0]}}]
    assert d.locks == [{"asset_id": "well.000", "a": False, "b": True}]
    assert d.version["seed"] == {"a": 7, "b": 99}


def test_rename_delete_and_notes(api, court):
    v1 = court.v1
    v2 = api.branch(v1, "temp")
    v3 = api.branch(v2, "leaf")
    renamed = api.rename_branch(v2, "lighting pass")
    assert renamed.branch == "lighting pass" and renamed.collection.name == "Courtyard v2 lighting pass"
    assert v2.branch == "lighting pass"  # the old handle follows the rename
    with pytest.raises(api.InvalidInput, match="child versions"):
        api.delete_version(v2)
    note = api.add_note(v3, "well is too tall", author="ana")
    assert note["author"] == "ana" and note["when"].endswith("Z")
    assert v3.get("notes")[-1]["text"] == "well is too tall"
    objects_before = len(court.bpy.data.objects)
    api.delete_version(v3)  # v3 was visible: its parent becomes visible
    assert len(court.bpy.data.objects) == objects_before - len(v1.objects())
    assert api.versions(court.world) == [v1, v2]
    assert court.world["worldsmith_world"]["active_version"] == v2.id
    assert all(o.data is not None for o in v1.objects() if o.type == "MESH")
    api.delete_version(v2)
    assert api.versions(court.world) == [v1]
