"""Who signs a version: generate, regenerate and reroll sign new versions with the same name as
branches, notes and reviews: the *Your Name* preference, else $WORLDSMITH_USER, else the login."""

from __future__ import annotations

import getpass

from tests.helpers.extension import EXTENSION_MODULE
from wslib.worlds import procedural_glb

PROMPT_SMALL = "a medieval courtyard with a well and two crates"


def _made(gen, plan):
    """Run ``plan`` in-process (the procedural generator, no backend) through the add-on's import."""
    return gen.finish(plan, procedural_glb(plan.spec), {}).version


def _authors(api, gen, label):
    v1 = _made(gen, gen.plan_generate(PROMPT_SMALL, seed=1, texture_size=64))
    v2 = _made(gen, gen.plan_regenerate(v1, seed=2))
    v3 = _made(gen, gen.plan_reroll(v2, sorted(v2.assets())[:1], seed=3))
    branch = api.branch(v3, f"look-{label}")
    api.add_note(branch, "reads well")
    api.set_review(branch, "in_review")
    return {"generate": v1.get("author"), "regenerate": v2.get("author"), "reroll": v3.get("author"),
            "branch": branch.get("author"), "note": branch.get("notes")[-1]["author"],
            "review": branch.get("review")[-1]["who"]}


def test_every_version_and_review_is_signed_by_the_same_person(fresh, gen, api, monkeypatch):
    import bpy

    prefs = bpy.context.preferences.addons[EXTENSION_MODULE].preferences
    monkeypatch.setenv("WORLDSMITH_USER", "pipeline-bot")
    prefs.user_name = "Ana Lima"
    try:
        assert set(_authors(api, gen, "pref").values()) == {"Ana Lima"}  # the preference first
    finally:
        prefs.user_name = ""
    assert set(_authors(api, gen, "env").values()) == {"pipeline-bot"}  # then the environment
    monkeypatch.delenv("WORLDSMITH_USER")
    assert set(_authors(api, gen, "login").values()) == {getpass.getuser()}  # then the login name
