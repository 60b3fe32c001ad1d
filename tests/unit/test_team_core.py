"""Team store rules without Blender: event checks, roles, the merge (order-independent, siblings,
duplicates, refused moves), and the folder's atomic writes and clear refusals."""

from __future__ import annotations

import json
import os
import random
import subprocess
import uuid

import pytest

from addon.core import team as rules
from addon.core.errors import InvalidInput, VersionFrozen
from addon.team.store import TeamFolder, write_atomic

WORLD = "w-0123456789abcdef"
LEADS = frozenset({"kim"})
_clock = iter(range(10**6))


def _at() -> str:
    n = next(_clock)
    return f"2026-01-01T00:{n // 3600 % 60:02d}:{n // 60 % 60:02d}.{n % 60:06d}Z"


def publish(vid, author="ana", parent="", branch="main", at=None):
    files = {"blend": {"name": "version.blend", "sha256": "0" * 64, "size": 1}}
    return rules.new_event("publish", world_id=WORLD, version_id=vid, author=author, at=at or _at(),
                           event_id=uuid.uuid4().hex, record={"id": vid, "parent": parent, "branch": branch},
                           folder=f"versions/{vid}-aa", files=files, collection=f"C {vid}")


def review(vid, state, author="kim", note=""):
    extra = {"note": note} if note else {}
    return rules.new_event("review", world_id=WORLD, version_id=vid, author=author, at=_at(),
                           event_id=uuid.uuid4().hex, state=state, **extra)


def test_merge_is_the_same_whatever_order_the_files_arrive_in():
    events = [publish("a"), publish("b", parent="a"), review("a", "in_review", "ana"), review("a", "approved"),
              rules.new_event("note", world_id=WORLD, version_id="b", author="bo", at=_at(),
                              event_id=uuid.uuid4().hex, text="roof too dark")]
    first = rules.merge(events, leads=LEADS, world_id=WORLD)
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        again = rules.merge(shuffled, leads=LEADS, world_id=WORLD)
        assert rules.rows(again) == rules.rows(first)
    assert first.versions["a"].review_state == "approved"
    assert [e["who"] for e in first.versions["a"].review] == ["ana", "kim"]
    assert first.versions["b"].notes[0]["text"] == "roof too dark"
    assert first.problems == []


def test_two_publishes_on_the_same_head_both_land_the_later_as_a_sibling():
    base = publish("base")
    ana, bo = publish("x1", "ana", parent="base"), publish("x2", "bo", parent="base")
    merged = rules.merge([bo, base, ana], leads=LEADS, world_id=WORLD)
    assert list(merged.versions) == ["base", "x1", "x2"]
    assert merged.versions["x1"].sibling_of == "" and merged.versions["x2"].sibling_of == "x1"
    assert [r["sibling_of"] for r in rules.rows(merged)] == ["", "", "#2"]
    other_branch = rules.merge([base, publish("x3", parent="base", branch="fx")], leads=LEADS, world_id=WORLD)
    assert other_branch.versions["x3"].sibling_of == ""


def test_a_version_published_twice_keeps_the_first():
    merged = rules.merge([publish("a", "ana"), publish("a", "bo")], leads=LEADS, world_id=WORLD)
    assert merged.versions["a"].author == "ana" and "published twice" in merged.problems[0]


def test_only_leads_approve_or_reject_and_approved_is_final():
    events = [publish("a"), review("a", "in_review", "ana"), review("a", "approved", "ana")]
    merged = rules.merge(events, leads=LEADS, world_id=WORLD)
    assert merged.versions["a"].review_state == "in_review"
    assert "ana may not approve" in merged.problems[0] and "kim" in merged.problems[0]
    with pytest.raises(rules.NotPermitted, match="only the team's leads"):
        rules.check_review(merged, "a", "approved", "ana", LEADS)
    rules.check_review(merged, "a", "approved", "Kim", LEADS)  # names compare case-insensitively
    merged = rules.merge(events + [review("a", "approved"), review("a", "draft", "kim")], leads=LEADS, world_id=WORLD)
    assert merged.versions["a"].review_state == "approved" and "skipped" in merged.problems[-1]
    with pytest.raises(VersionFrozen, match="branch it first"):
        rules.check_review(merged, "a", "rejected", "kim", LEADS)
    with pytest.raises(rules.NotPermitted, match="no roles file"):
        rules.check_review(merged, "a", "approved", "kim", None)
    with pytest.raises(InvalidInput, match="not published"):
        rules.check_review(merged, "zz", "in_review", "kim", LEADS)


def test_foreign_corrupt_and_misnamed_files_are_reported():
    event = publish("a")
    name = rules.event_file_name(event)
    good = json.dumps(event).encode()
    assert rules.parse_event(name, good, WORLD) == (event, None)
    assert "foreign" in rules.parse_event("notes.txt", b"hello", WORLD)[1]
    assert "corrupt" in rules.parse_event(name, good[:40], WORLD)[1]
    assert "belongs to world" in rules.parse_event(name, good, "w-other")[1]
    newer = json.dumps({**event, "schema": 99}).encode()
    assert "newer Worldsmith" in rules.parse_event(name, newer, WORLD)[1]
    escape = json.dumps({**event, "folder": "../../etc"}).encode()
    assert "folder" in rules.parse_event(name, escape, WORLD)[1]
    other = rules.event_file_name(publish("b"))
    assert "does not match" in rules.parse_event(other, good, WORLD)[1]


def test_roles_files():
    assert rules.parse_roles("roles.json", '{"leads": ["Kim", "lee"]}') == {"kim", "lee"}
    assert rules.parse_roles("roles.toml", 'leads = ["kim"]\n') == {"kim"}
    with pytest.raises(InvalidInput, match="cannot be read"):
        rules.parse_roles("roles.json", "{leads: kim")
    with pytest.raises(InvalidInput, match="must list the leads"):
        rules.parse_roles("roles.json", '{"leads": "kim"}')


def test_folder_writes_atomically_and_readers_skip_unfinished_and_foreign_files(tmp_path):
    team = TeamFolder(str(tmp_path / "Team ü 日本"))
    assert "does not exist" in team.problem()
    os.makedirs(team.root)
    assert team.problem(write=True) is None
    path = team.write_event(publish("a"))
    assert os.path.basename(path).endswith(".json") and not os.path.basename(path).startswith(".tmp-")
    events_dir = team.events_dir(WORLD)
    with open(os.path.join(events_dir, ".tmp-20260101T000000000000Z-x.json"), "w") as fh:
        fh.write('{"half')  # a killed writer's temp file
    with open(os.path.join(events_dir, "readme.txt"), "w") as fh:
        fh.write("not ours")
    events, problems = team.read_events(WORLD)
    assert [e["version_id"] for e in events] == ["a"]
    assert problems == ["readme.txt: foreign file (not a Worldsmith event), skipped"]
    with pytest.raises(InvalidInput, match="never overwrites"):
        write_atomic(path, b"{}")
    assert team.world_ids() == [WORLD]


def test_folder_refuses_a_file_a_missing_parent_and_a_read_only_folder(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    assert "is a file" in TeamFolder(str(blocker)).problem()
    assert "nor its parent" in TeamFolder(str(blocker / "team")).problem()
    locked = tmp_path / "locked team"
    locked.mkdir()
    if subprocess.run(["chattr", "+i", str(locked)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        problem = TeamFolder(str(locked)).problem(write=True)
        assert problem and "read-only" in problem and "nothing was published" in problem
        assert TeamFolder(str(locked)).problem() is None  # reading still works
    finally:
        subprocess.run(["chattr", "-i", str(locked)], check=True)
