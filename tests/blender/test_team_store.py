"""Team store in one process: publish writes a self-contained version that appears only when
complete, sync links it as a read-only version marked with its author, take makes it mine,
review in the store follows the roles file, siblings, bad files, and unusable folders."""

from __future__ import annotations

import json
import os

import pytest

from tests.helpers.materials_world import courtyard
from tests.helpers.extension import mod

ODD = "Team Ordner ü 日本"  # spaces and non-ASCII characters in the team folder's path


@pytest.fixture
def team(tmp_path, monkeypatch):
    folder = tmp_path / ODD
    folder.mkdir()
    (folder / "roles.json").write_text(json.dumps({"leads": ["kim"]}), encoding="utf-8")
    monkeypatch.setenv("WORLDSMITH_TEAM_DIR", str(folder))
    monkeypatch.setenv("WORLDSMITH_USER", "ana")
    return folder


def _as(monkeypatch, name):
    monkeypatch.setenv("WORLDSMITH_USER", name)


def _world_id(version):
    return version.world_id


def test_publish_then_sync_links_a_read_only_version_marked_with_its_author(api, fresh, gen, team, monkeypatch):
    bpy = fresh
    v1 = courtyard(gen)
    world_id, vid = v1.world_id, v1.id
    done = api.publish(v1)
    files = done["files"]
    assert set(files) == {"blend", "glb", "preview", "record"}
    assert all(os.path.getsize(p) > 0 for p in files.values())
    assert ODD in files["blend"] and done["number"] == 1 and done["sibling_of"] == ""
    record = json.loads(open(files["record"], encoding="utf-8").read())
    assert {"id", "parent", "branch", "author", "spec", "seed", "recipe", "review_state"} <= set(record)
    # plain Blender can link it: the library holds one collection with the version's objects
    with bpy.data.libraries.load(files["blend"]) as (src, _dst):
        names = list(src.collections)
    assert len(names) == 1 and vid in names[0]
    snap_before = mod("versions.compare").snapshot(v1)["assets"]

    # another artist, another file
    bpy.ops.wm.read_homefile(use_empty=True)
    _as(monkeypatch, "bo")
    report = api.sync(world_id)
    assert report["added"] == [vid] and report["problems"] == []
    synced = api.versions(world_id)
    assert [v.id for v in synced] == [vid]
    theirs = synced[0]
    assert theirs.get("author") == "ana" and "(ana)" in theirs.collection.name
    objects = theirs.objects()
    assert objects and all(o.library is not None for o in objects)  # linked, not copied
    assert mod("versions.compare").snapshot(theirs)["assets"] == snap_before
    flame = next(o for o in objects if len(o.material_slots))
    with pytest.raises(api.VersionFrozen, match="Take it, or branch it first"):  # not editable here
        api.reassign_material(flame, 0, flame.material_slots[0].material)
    with pytest.raises(api.VersionFrozen):
        api.retexture(flame, 0, "moss", seed=1)

    saved = os.path.join(os.environ["WORLDSMITH_TEAM_DIR"], "..", "bo.blend")
    bpy.ops.wm.save_as_mainfile(filepath=saved)
    bpy.ops.wm.open_mainfile(filepath=saved)  # links and records survive a reload
    theirs = api.versions(world_id)[0]
    assert theirs.id == vid and theirs.objects() and all(o.library is not None for o in theirs.objects())
    assert api.sync(world_id)["added"] == []

    mine = api.take(theirs, "bo-layout")
    assert mine.parent == vid and mine.branch == "bo-layout" and mine.get("author") == "bo"
    assert all(o.library is None and (o.data is None or o.data.library is None) for o in mine.objects())
    diff = api.compare(theirs, mine).to_dict()
    assert diff["geometry"] == [] and diff["added"] == [] and diff["removed"] == []
    well = next(obj for aid, obj in mine.assets().items() if aid.startswith("well"))
    well.location.x += 2.0
    assert api.compare(theirs, mine).to_dict()["moved"]
    again = api.publish(mine)
    assert again["number"] == 2 and again["sibling_of"] == ""
    rows = api.published(world_id)["rows"]
    assert [(r["number"], r["author"], r["branch"]) for r in rows] == [(1, "ana", "main"), (2, "bo", "bo-layout")]


def _events(team, world_id):
    return sorted(p.name for p in (team / "worlds" / world_id / "events").iterdir())


def test_review_in_the_store_follows_the_roles_file_and_approval_freezes(api, fresh, gen, team, monkeypatch):
    v1 = courtyard(gen)
    api.publish(v1, glb=False, preview=False)
    api.review_store(v1, "in_review", "first pass")
    before = _events(team, v1.world_id)
    with pytest.raises(api.NotPermitted, match="ana may not approve.*kim"):
        api.review_store(v1, "approved")
    assert _events(team, v1.world_id) == before and v1.review_state == "in_review"
    _as(monkeypatch, "kim")
    entry = api.review_store(v1, "approved", "ship it")
    assert (entry["author"], entry["state"]) == ("kim", "approved") and entry["at"].endswith("Z")
    assert v1.review_state == "approved"
    assert set(v1.get("approval_hashes")) == set(v1.assets()) and api.check_approved_integrity(v1) == []
    history = v1.get("review")
    assert [(h["who"], h["state"]) for h in history] == [("ana", "in_review"), ("kim", "approved")]
    with pytest.raises(api.VersionFrozen, match="branch it first"):
        api.review_store(v1, "rejected")
    with pytest.raises(api.VersionFrozen):
        api.ensure_editable(v1)
    api.review_store(v1, None, "client saw it")  # notes stay welcome
    assert [n["text"] for n in v1.get("notes")][-1] == "client saw it"
    rows = api.published(v1.world_id)["rows"]
    assert rows[0]["state"] == "approved"


def test_corrupt_foreign_and_damaged_files_are_reported_and_never_imported(api, fresh, gen, team):
    bpy = fresh
    v1 = courtyard(gen)
    good = api.publish(v1, glb=False, preview=False)
    v2 = api.branch(v1, "damaged")
    bad = api.publish(v2, glb=False, preview=False)
    with open(bad["files"]["blend"], "r+b") as fh:  # a bit flipped on the network drive
        fh.seek(4000)
        byte = fh.read(1)
        fh.seek(4000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    events = team / "worlds" / v1.world_id / "events"
    (events / "holiday.jpg").write_bytes(b"\xff\xd8not ours")
    (events / "20260101T000000000000Z-0123456789abcdef0123456789abcdef.json").write_text("{truncated")
    world_id = v1.world_id
    bpy.ops.wm.read_homefile(use_empty=True)
    report = api.sync(world_id)
    assert report["added"] == [good["version"]]
    text = "\n".join(report["problems"])
    assert "holiday.jpg: foreign file" in text and "corrupt (not JSON)" in text
    assert f"version {bad['version']} by ana: its blend file is damaged, skipped" in text
    assert [v.id for v in api.versions(world_id)] == [good["version"]]
    assert not any(lib.filepath == bad["files"]["blend"] for lib in bpy.data.libraries)


def test_missing_read_only_and_unset_folders_fail_clearly(api, fresh, gen, team, tmp_path, monkeypatch):
    import subprocess

    v1 = courtyard(gen)
    name = v1.collection.name
    with pytest.raises(api.InvalidInput, match="does not exist"):
        api.publish(v1, folder=str(tmp_path / "nowhere ü"))
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    with pytest.raises(api.InvalidInput, match="nor its parent"):
        api.sync(v1.world_id, folder=str(blocker / "team"))
    monkeypatch.delenv("WORLDSMITH_TEAM_DIR")
    with pytest.raises(api.InvalidInput, match="no team folder: set Team Folder"):
        api.sync()
    assert "no team folder" in api.team_status()["problem"]
    monkeypatch.setenv("WORLDSMITH_TEAM_DIR", str(team))
    api.publish(v1, glb=False, preview=False)
    if subprocess.run(["chattr", "+i", str(team)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:  # root ignores permission bits; an immutable folder really refuses writes
        status = api.team_status()
        assert status["ok"] and not status["writable"] and "read-only" in status["problem"]
        v2 = api.branch(v1, "later")
        with pytest.raises(api.InvalidInput, match="read-only.*nothing was published"):
            api.publish(v2)
        with pytest.raises(api.InvalidInput, match="read-only"):
            api.review_store(v1, "in_review")
        assert api.sync(v1.world_id)["problems"] == []  # reading still works
    finally:
        subprocess.run(["chattr", "-i", str(team)], check=True)
    assert v1.collection.name == name and v1.review_state == "draft"


def test_team_panel_shows_status_who_published_what_and_the_lead_rule(api, fresh, gen, team, monkeypatch):
    import bpy
    import types as _types

    from tests.helpers.recording_layout import draw_panel

    v1 = courtyard(gen)
    api.publish(v1, glb=False, preview=False)
    bpy.context.scene.worldsmith_versions.selected = v1.id
    assert bpy.ops.worldsmith.team_refresh() == {"FINISHED"}
    context = _types.SimpleNamespace(scene=bpy.context.scene, preferences=bpy.context.preferences,
                                     window_manager=bpy.context.window_manager)
    layout = draw_panel(bpy.types.WORLDSMITH_PT_team, context)
    labels = "\n".join(layout.labels())
    assert "You: ana (artist)" in labels and ODD in labels
    assert "Only leads approve or reject (kim; roles.json)" in labels
    assert {"worldsmith.team_sync", "worldsmith.team_publish", "worldsmith.team_review"} <= set(layout.operators())
    assert bpy.ops.worldsmith.team_review(version_id=v1.id, state="in_review") == {"FINISHED"}
    with pytest.raises(RuntimeError, match="may not approve"):
        bpy.ops.worldsmith.team_review(version_id=v1.id, state="approved")
    assert v1.review_state == "in_review"


def test_team_operators_publish_sync_and_take(api, fresh, gen, team, monkeypatch):
    import bpy

    v1 = courtyard(gen)
    world_id, vid = v1.world_id, v1.id
    bpy.context.scene.worldsmith_versions.selected = vid
    assert bpy.ops.worldsmith.team_publish() == {"FINISHED"}
    assert json.loads(bpy.context.scene.worldsmith_team.rows)[0]["id"] == vid
    bpy.ops.wm.read_homefile(use_empty=True)
    _as(monkeypatch, "bo")
    assert bpy.ops.worldsmith.team_sync() == {"FINISHED"}  # no world in the file: every world in the folder
    assert [v.id for v in api.versions(world_id)] == [vid]
    bpy.context.scene.worldsmith_versions.selected = vid
    bpy.context.scene.worldsmith_team.branch = "bo-fx"
    assert bpy.ops.worldsmith.team_take() == {"FINISHED"}
    mine = api.versions(world_id)[-1]
    assert mine.branch == "bo-fx" and mine.parent == vid
    assert bpy.context.scene.worldsmith_versions.selected == mine.id
    with pytest.raises(RuntimeError, match="take the synced version"):
        bpy.ops.worldsmith.team_publish(version_id=api.branch(api.versions(world_id)[0], "linked").id)
