"""State that lasts: save, reload in a fresh process, read with the add-on disabled; an older
schema in a file; repair of hand-broken state without losing assets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.helpers.extension import EXTENSION_MODULE
from tests.helpers.worlds import ext, part, reassign, scene_state


def _run(script: str) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], env=dict(os.environ),
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0 and "RESULT" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(proc.stdout.split("RESULT", 1)[1].strip().splitlines()[0])


@pytest.mark.slow
def test_state_survives_save_and_reload_and_reads_without_the_addon(api, court, tmp_path):
    bpy = court.bpy
    v1 = court.v1
    v2 = api.branch(v1, "cloth")
    reassign(part(v2, "cloth"), 0, bpy.data.materials.new("Cloth Blue"))
    api.add_note(v2, "blue is the client's pick", author="ana")
    api.set_review(v2, "in_review")
    api.set_review(v2, "approved", "signed off")
    api.compare_view(v1, v2)
    path = str(tmp_path / "court.blend")
    bpy.ops.wm.save_as_mainfile(filepath=path)
    api.compare_view(None, None, on=False)
    after_compare = scene_state(bpy)

    result = _run(f"""
        import bpy, json, importlib
        mod = {EXTENSION_MODULE!r}
        bpy.ops.preferences.addon_enable(module=mod)
        bpy.ops.wm.open_mainfile(filepath={path!r})
        api = importlib.import_module(mod + ".api")
        vs = api.versions("Courtyard")
        v2 = vs[1]
        out = {{"numbers": [v.number for v in vs], "state": v2.review_state,
               "integrity": api.check_approved_integrity(v2), "diff": sorted(api.compare(vs[0], v2).changed_assets)}}
        api.compare_view(None, None, on=False)   # compare was on when saved
        out["well_x"] = vs[1].assets()["well.000"].location.x
        bpy.ops.preferences.addon_disable(module=mod)
        assert not hasattr(bpy.types, "WORLDSMITH_PT_versions")
        bpy.ops.wm.open_mainfile(filepath={path!r})
        # plain script, add-on disabled: ID properties and JSON only
        coll = bpy.data.collections["Courtyard v2 cloth"]
        rec = coll["worldsmith_version"]
        out["plain"] = {{"branch": rec["branch"], "parent": rec["parent"], "review_state": rec["review_state"],
                        "notes": [n["text"] for n in json.loads(rec["notes"])],
                        "review": [h["state"] for h in json.loads(rec["review"])],
                        "hashes": sorted(json.loads(rec["approval_hashes"])),
                        "active": bpy.data.collections["Courtyard"]["worldsmith_world"]["active_version"] == rec["id"]}}
        print("RESULT", json.dumps(out))
    """)
    assert result["numbers"] == [1, 2] and result["state"] == "approved"
    assert result["integrity"] == [] and result["diff"] == ["stall.000"]
    assert result["well_x"] == after_compare["objects"][v2.assets()["well.000"].name][0][0]
    plain = result["plain"]
    assert plain["branch"] == "cloth" and plain["parent"] == v1.id and plain["review_state"] == "approved"
    assert plain["notes"] == ["blue is the client's pick", "In Review", "Approved: signed off"]
    assert plain["review"] == ["in_review", "approved"] and plain["active"]
    assert "stall.000" in plain["hashes"]


def test_a_file_with_schema_0_records_is_read_and_upgraded_on_write(api, court, tmp_path):
    bpy = court.bpy
    v1 = court.v1
    old = {"id": v1.id, "number": 1, "parent_id": "", "branch_name": "main", "state": "in_review",
           "created": "2024-11-02T10:00:00Z", "world_id": court.world["worldsmith_world"]["world_id"],
           "spec": json.dumps({"prompt": "a courtyard"}), "seed": 7, "generator": "procedural",
           "recipe": "[]", "notes": "warmer torches\nmove the well left"}
    v1.collection["worldsmith_version"] = old  # as a prototype build saved it
    path = str(tmp_path / "old.blend")
    bpy.ops.wm.save_as_mainfile(filepath=path)
    bpy.ops.wm.open_mainfile(filepath=path)
    v1 = api.versions("Courtyard")[0]
    record = ext("scene.records").record(v1)
    assert (record["branch"], record["review_state"]) == ("main", "in_review")
    assert [n["text"] for n in ext("versions.tree").notes(v1)] == ["warmer torches", "move the well left"]
    v2 = api.branch(v1, "next")
    assert v2.parent == v1.id and v2.get("notes") == []
    api.set_review(v1, "approved")
    stored = v1.collection["worldsmith_version"].to_dict()
    assert stored["schema"] == 1 and "parent_id" not in stored and stored["branch"] == "main"


def _break(coll):
    rec = coll["worldsmith_version"]
    del rec["number"]
    rec["notes"] = "{{not json"
    rec["review_state"] = "maybe"


def test_malformed_state_gives_clear_errors_and_repair_keeps_assets(api, court):
    bpy = court.bpy
    v1 = court.v1
    v2 = api.branch(v1, "broken")
    objects = sorted(o.name for o in bpy.data.objects)
    _break(v2.collection)
    before = {c.name: c["worldsmith_version"].to_dict() for c in bpy.data.collections if "worldsmith_version" in c}
    for call in (lambda: api.branch(v2, "x"), lambda: api.add_note(v2, "x"), lambda: api.set_review(v2, "in_review"),
                 lambda: api.compare(v1, v2), lambda: api.delete_version(v1), lambda: api.branch(v1, "x")):
        with pytest.raises(api.StateError, match="[Rr]epair"):
            call()
    assert {c.name: c["worldsmith_version"].to_dict() for c in bpy.data.collections
            if "worldsmith_version" in c} == before
    assert sorted(o.name for o in bpy.data.objects) == objects

    fixes = api.repair(court.world)
    text = " | ".join(fixes)
    assert "'number'" in text and "notes" in text and "draft" in text
    assert sorted(o.name for o in bpy.data.objects) == objects
    assert v2.number == 2 and v2.review_state == "draft" and v2.get("notes") == []
    assert api.repair(court.world) == []
    assert api.branch(v2, "after-repair").number == 3


def test_repair_adopts_a_version_whose_record_was_deleted(api, court):
    bpy = court.bpy
    v2 = api.branch(court.v1, "lost")
    coll = v2.collection
    del coll["worldsmith_version"]
    court.world["worldsmith_world"]["active_version"] = "nope"
    assert [v.number for v in api.versions(court.world)] == [1]
    fixes = api.repair(court.world)
    assert any("recreated" in f for f in fixes) and any("active version" in f for f in fixes)
    found = api.versions(court.world)
    assert [(v.number, v.branch) for v in found] == [(1, "main"), (2, "lost")]
    assert len(found[1].assets()) == len(court.v1.assets())
    assert bpy.ops.worldsmith.versions_repair(world=court.world.name) == {"FINISHED"}
