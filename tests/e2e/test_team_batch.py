"""A batch run publishes each valid variant to the team folder (``--publish DIR``)."""

from __future__ import annotations

import json

from tests.helpers.fresh_process import ROOT, explain, fresh_env, run_python

BATCH = str(ROOT / "scripts" / "batch.py")


def test_batch_publishes_its_variants(extension_zip, tmp_path):
    team = tmp_path / "Team Ordner ü"
    team.mkdir()
    report_path = tmp_path / "report.json"
    env = fresh_env(tmp_path / "env", extension_zip, WORLDSMITH_USER="render-farm")
    proc = run_python([BATCH, "--prompt", "a medieval courtyard with a well", "--seeds", "1-2", "--texture-size", "64",
                       "--max-assets", "4", "--publish", str(team), "--report", str(report_path)], env, timeout=600)
    assert proc.returncode == 0, explain(proc)
    report = json.loads(report_path.read_text())
    variants = report["variants"]
    assert [v["status"] for v in variants] == ["ok", "ok"]
    assert [v["published"]["number"] for v in variants] == [1, 2]
    from addon.team.store import TeamFolder

    folder = TeamFolder(str(team))
    merged = folder.merged(variants[0]["world_id"])
    assert merged.problems == [] and [v.id for v in merged.versions.values()] == [v["version_id"] for v in variants]
    assert {v.author for v in merged.versions.values()} == {"render-farm"}
    assert all(folder.payload_problem(variants[0]["world_id"], v) is None for v in merged.versions.values())
