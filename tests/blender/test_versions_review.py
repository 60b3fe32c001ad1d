"""Review: who/when history, approval freezes the version, integrity catches hand edits."""

from __future__ import annotations

import pytest

from tests.helpers.worlds import ext, part, raise_well, reassign


def _approve(api, version, note="looks right"):
    api.set_review(version, "in_review")
    return api.set_review(version, "approved", note)


def _snapshot(version):
    return ext("versions.compare").snapshot(version)


def test_review_history_records_who_when_and_notes(api, court, monkeypatch):
    monkeypatch.setenv("WORLDSMITH_USER", "lead")
    v1 = court.v1
    api.set_review(v1, "in_review", note="first look")
    api.set_review(v1, "rejected", note="torches too bright")
    api.set_review(v1, "draft")
    history = v1.get("review")
    assert [(h["from"], h["state"]) for h in history] == [("draft", "in_review"), ("in_review", "rejected"),
                                                         ("rejected", "draft")]
    assert all(h["who"] == "lead" and h["when"].endswith("Z") for h in history)
    assert history[1]["note"] == "torches too bright"
    texts = [n["text"] for n in v1.get("notes")]
    assert texts == ["In Review: first look", "Rejected: torches too bright", "Draft"]
    assert v1.review_state == "draft"


def test_approved_version_refuses_edits_and_nothing_changes(api, court):
    bpy = court.bpy
    v2 = api.branch(court.v1, "final")
    entry = _approve(api, v2)
    assert entry["state"] == "approved" and set(v2.get("approval_hashes")) == set(v2.assets())
    before = _snapshot(v2)
    counts = (len(bpy.data.objects), len(bpy.data.meshes), len(bpy.data.collections))
    blue = bpy.data.materials.new("Cloth Blue")
    attempts = {
        "reroll stand-in": lambda: raise_well(v2.assets()["well.000"]),
        "reassign": lambda: reassign(part(v2, "cloth"), 0, blue),
        "delete": lambda: api.delete_version(v2),
        "rename": lambda: api.rename_branch(v2, "changed"),
        "review": lambda: api.set_review(v2, "draft"),
        "editable": lambda: api.ensure_editable(v2),
    }
    for what, attempt in attempts.items():
        with pytest.raises(api.VersionFrozen, match="branch it first"):
            attempt()
    assert _snapshot(v2) == before
    assert (len(bpy.data.objects), len(bpy.data.meshes), len(bpy.data.collections)) == counts
    assert api.check_approved_integrity(v2) == []
    # notes are still welcome, and a branch of the approved version is editable
    api.add_note(v2, "shipped to client")
    v3 = api.branch(v2, "after-approval")
    raise_well(v3.assets()["well.000"])
    assert _snapshot(v2) == before and api.check_approved_integrity(v2) == []


def test_operators_refuse_frozen_versions_with_the_message(api, court):
    bpy = court.bpy
    v2 = api.branch(court.v1, "final")
    _approve(api, v2)
    with pytest.raises(RuntimeError, match="branch it first"):
        bpy.ops.worldsmith.version_delete(version_id=v2.id)
    with pytest.raises(RuntimeError, match="branch it first"):
        bpy.ops.worldsmith.version_rename(version_id=v2.id, name="x")
    assert v2.branch == "final"


def test_hand_edit_of_an_approved_version_is_detected(api, court):
    v2 = api.branch(court.v1, "final")
    _approve(api, v2)
    stall = v2.assets()["stall.000"]
    stall.data.vertices[0].co.x += 0.25  # by hand, past our operators (shared with v1, too)
    part(v2, "cloth").data.materials[0] = court.bpy.data.materials["Stone"]
    found = api.check_approved_integrity(v2)
    assert "stall.000: geometry changed after approval (a hand edit?)" in found
    assert any("cloth:0" in f and "Cloth Red -> Stone" in f for f in found)
    with pytest.raises(RuntimeError, match="changed since approval"):
        court.bpy.ops.worldsmith.version_integrity(version_id=v2.id)
    assert api.check_approved_integrity(court.v1) == []  # not approved: nothing to check


def test_every_worldsmith_version_operator_is_undoable(ws):
    import bpy

    ops = [name for name in dir(bpy.ops.worldsmith) if name.startswith(("version_", "versions_"))]
    assert len(ops) >= 13
    for name in ops:
        rna = getattr(bpy.ops.worldsmith, name).get_rna_type()
        assert {"REGISTER", "UNDO"} <= set(rna.bl_options if hasattr(rna, "bl_options") else
                                            getattr(bpy.types, rna.identifier).bl_options), name


def test_the_name_in_preferences_signs_reviews_then_the_environment_then_the_login(api, court, monkeypatch):
    import bpy

    from tests.helpers.extension import EXTENSION_MODULE

    prefs = bpy.context.preferences.addons[EXTENSION_MODULE].preferences
    monkeypatch.delenv("WORLDSMITH_USER", raising=False)
    prefs.user_name = "  Ana Lima "
    try:
        api.set_review(court.v1, "in_review")
        api.add_note(court.v1, "roofs read well")
        assert court.v1.get("review")[-1]["who"] == "Ana Lima"
        assert court.v1.get("notes")[-1]["author"] == "Ana Lima"
        monkeypatch.setenv("WORLDSMITH_USER", "pipeline-bot")
        api.set_review(court.v1, "draft")
        assert court.v1.get("review")[-1]["who"] == "Ana Lima"  # the preference comes first
    finally:
        prefs.user_name = ""
    api.set_review(court.v1, "in_review")  # a batch run: no preference set, the environment names it
    assert court.v1.get("review")[-1]["who"] == "pipeline-bot"
    monkeypatch.delenv("WORLDSMITH_USER")
    assert api.branch(court.v1, "by-login").get("author") not in ("", "Ana Lima", "pipeline-bot")
