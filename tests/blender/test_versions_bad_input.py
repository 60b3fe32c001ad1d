"""Bad input: clear InvalidInput / StateError messages, and nothing in the file changes."""

from __future__ import annotations

import pytest

from tests.helpers.worlds import ext
from wslib.worlds import courtyard


BAD_NAMES = ["a/b", "a\\b", "c:d", "st*r", "why?", 'q"uote', "<x>", "a|b", "tab\there", "bell\x07",
             "x" * 64, "ü" * 32, "", "   "]


def _state(bpy):
    return (sorted(c.name for c in bpy.data.collections), len(bpy.data.objects), len(bpy.data.meshes),
            {c.name: repr(c.get("worldsmith_version", {}).to_dict() if "worldsmith_version" in c else None)
             for c in bpy.data.collections})


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_branch_names_are_refused_and_change_nothing(api, court, name):
    before = _state(court.bpy)
    with pytest.raises(api.InvalidInput, match="name"):
        api.branch(court.v1, name)
    with pytest.raises(api.InvalidInput, match="name"):
        api.rename_branch(court.v1, name)
    assert _state(court.bpy) == before


def test_branching_a_version_of_another_world_into_this_one_is_refused(api, court):
    bpy = court.bpy
    other_world, other_version = courtyard(bpy, "Forest")
    other = ext("scene.store").Version(other_version)
    before = _state(bpy)
    with pytest.raises(api.InvalidInput, match="belongs to world 'Forest'"):
        api.branch(other, "stolen", world=court.world)
    # the same by hand: the other world's version collection moved under this world
    other_world.children.unlink(other_version)
    court.world.children.link(other_version)
    before = _state(bpy)
    with pytest.raises(api.InvalidInput, match="cannot be branched into this world"):
        api.branch(other, "stolen")
    assert _state(bpy) == before


def test_comparing_a_version_with_itself_is_refused(api, court, tmp_path):
    before = _state(court.bpy)
    for call in (lambda: api.compare(court.v1, court.v1),
                 lambda: api.compare_view(court.v1, court.v1),
                 lambda: api.render_compare(court.v1, court.v1, str(tmp_path / "x.png")),
                 lambda: api.export_review_package(court.v1, court.v1, str(tmp_path / "pkg"))):
        with pytest.raises(api.InvalidInput, match="two different versions"):
            call()
    assert _state(court.bpy) == before and not (tmp_path / "x.png").exists()


def test_switching_to_a_deleted_version_is_refused(api, court):
    v2 = api.branch(court.v1, "gone")
    vid = v2.id
    api.delete_version(v2)
    before = _state(court.bpy)
    with pytest.raises(api.StateError, match="gone"):
        api.switch(v2)
    with pytest.raises(api.InvalidInput, match="not a Worldsmith version"):
        api.switch(vid)
    with pytest.raises(api.StateError):
        api.branch(v2, "again")
    assert _state(court.bpy) == before


def test_bad_render_arguments(api, court, tmp_path):
    v2 = api.branch(court.v1, "b")
    with pytest.raises(api.InvalidInput, match="PNG"):
        api.render_compare(court.v1, v2, str(tmp_path / "x.jpg"))
    with pytest.raises(api.InvalidInput, match="16..8192"):
        api.render_compare(court.v1, v2, str(tmp_path / "x.png"), size=(0, 10))
    with pytest.raises(api.InvalidInput, match="empty"):
        api.add_note(v2, "  ")


def test_review_transition_rules_apply(api, court):
    with pytest.raises(api.InvalidInput, match="you can go to: in_review"):
        api.set_review(court.v1, "approved")
    with pytest.raises(api.InvalidInput, match="not one of"):
        api.set_review(court.v1, "shipped")
