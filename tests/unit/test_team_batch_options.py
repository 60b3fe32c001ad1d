"""scripts/batch.py --publish [DIR]: the team folder is checked before anything runs."""

from __future__ import annotations

import pytest

from wslib import batch_core as core


def test_publish_takes_a_folder_or_the_environment(tmp_path, monkeypatch):
    team = tmp_path / "Team ü"
    team.mkdir()
    assert core.parse_options(["--prompt", "a well"]).publish is None
    assert core.parse_options(["--prompt", "a well", "--publish", str(team)]).publish == str(team)
    monkeypatch.setenv("WORLDSMITH_TEAM_DIR", str(team))
    assert core.parse_options(["--prompt", "a well", "--publish"]).publish == str(team)


def test_publish_refuses_a_missing_folder_before_anything_runs(tmp_path, monkeypatch):
    monkeypatch.delenv("WORLDSMITH_TEAM_DIR", raising=False)
    with pytest.raises(core.BadInput, match="needs a team folder"):
        core.parse_options(["--prompt", "a well", "--publish"])
    with pytest.raises(core.BadInput, match="not an existing folder"):
        core.parse_options(["--prompt", "a well", "--publish", str(tmp_path / "nowhere")])


def test_a_failed_publish_has_its_own_exit_code():
    assert core.exit_code(["ok", "publish_failed"]) == core.EXIT_PUBLISH == 5
    assert core.exit_code(["publish_failed", "validation_failed"]) == core.EXIT_VALIDATION
