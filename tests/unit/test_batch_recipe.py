"""``batch.py --recipe FILE``: arguments and the file are checked before bpy loads (pure)."""

from __future__ import annotations

import json

import pytest

from wslib import batch_core as core
from wslib import batch_recipe


def test_recipe_mode_is_chosen_by_the_flag():
    assert batch_recipe.wanted(["--recipe", "a.json"]) and batch_recipe.wanted(["--recipe=a.json"])
    assert not batch_recipe.wanted(["--prompt", "a courtyard"])


def test_a_good_file_parses(tmp_path):
    path = tmp_path / "v2.recipe.json"
    path.write_text(json.dumps({"schema": 1, "nodes": [{"id": "layout", "type": "layout", "params": {}}]}))
    out = tmp_path / "v2.glb"
    options = batch_recipe.parse(["--recipe", str(path), "--export", str(out), "--preset", "godot"])
    assert options.recipe["schema"] == 1 and options.export == str(out) and options.preset == "godot"


@pytest.mark.parametrize("content, says", [
    (None, "cannot read"),
    ("{not json", "not JSON"),
    (json.dumps([1, 2]), "not a Worldsmith recipe"),
])
def test_bad_files_are_refused_in_one_line(tmp_path, content, says):
    path = tmp_path / "r.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(core.BadInput, match=says):
        batch_recipe.parse(["--recipe", str(path)])


def test_unknown_preset_and_unknown_flags_are_refused(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"nodes": []}))
    with pytest.raises(core.BadInput, match="preset"):
        batch_recipe.parse(["--recipe", str(path), "--preset", "maya"])
    with pytest.raises(core.BadInput, match="see --help"):
        batch_recipe.parse(["--recipe", str(path), "--seeds", "1-4"])
