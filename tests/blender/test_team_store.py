"""Team store in one process: publish writes a self-contained version that appears only when
complete, sync links it as a read-only version marked with its author, take makes it mine,
review in the store follows the roles file, siblings, bad files, and unusable folders."""

from __future__ import annotations

import json
import os

import pytest

from tests.helpers.materials_world import courtyard
from tests.helpers.worldsmith_fixtures import *  # noqa: F401,F403
from tests.helpers.worldsmith_fixtures import mod

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
