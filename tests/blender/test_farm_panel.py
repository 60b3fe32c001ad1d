"""The Farm sub-panel and api.write_farm_bundle: a bundle for the current world carries the world's
prompt and budgets, is valid Open Job Description, and the button writes it headless."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers.export_world import PROMPT, procedural_version
from tests.helpers.recording_layout import draw_panel, panel_context

openjd_model = pytest.importorskip("openjd.model", reason="pip install -e .[dev] (openjd-cli)")


def _context(bpy):
    return panel_context(bpy, active_object=None, object=None)


def _job(template_path: str):
    folder = Path(template_path).parent
    template = openjd_model.decode_job_template(template=json.loads(Path(template_path).read_text()))
    values = {k: str(v) for k, v in json.loads((folder / "openjd-parameters.json").read_text()).items()}
    params = openjd_model.preprocess_job_parameters(job_template=template, job_parameter_values=values,
                                                    job_template_dir=folder, current_working_dir=folder)
    return openjd_model.create_job(job_template=template, job_parameter_values=params), values


def test_api_writes_a_sweep_bundle_from_the_versions_own_settings(api, fresh, tmp_path):
    version = procedural_version(max_assets=6)
    path = api.write_farm_bundle(version, str(tmp_path / "bundle"), seeds="1-3,7", output_root=str(tmp_path / "out"),
                                 worldsmith_root=str(ROOT), preset="godot")
    job, values = _job(path)
    assert (values["Prompt"], values["TextureSize"], values["MaxAssets"]) == (PROMPT, "64", "6")
    assert values["Preset"] == "godot" and values["Seeds"] == "1-3,7" and values["Theme"] == "auto"
    space = openjd_model.StepParameterSpaceIterator(space=job.steps[0].parameterSpace)
    assert [t["Seed"].value for t in space] == ["1", "2", "3", "7"]
    with pytest.raises(api.FarmBundleError, match="exists"):
        api.write_farm_bundle(version, str(tmp_path / "bundle"), output_root=str(tmp_path / "out"),
                              worldsmith_root=str(ROOT))


def test_panel_and_button_write_both_kinds_of_bundle(fresh, tmp_path):
    import bpy

    assert "Generate a world to send it to a farm" in draw_panel(bpy.types.WORLDSMITH_PT_farm, _context(bpy)).labels()
    version = procedural_version()
    s = bpy.context.scene.worldsmith_farm
    s.bundle_dir, s.output_root, s.worldsmith_root = str(tmp_path / "sweep"), str(tmp_path / "out"), str(ROOT)
    s.seeds = "1-2"
    layout = draw_panel(bpy.types.WORLDSMITH_PT_farm, _context(bpy))
    assert {"kind", "seeds", "output_root", "bundle_dir", "worldsmith_root", "blender"} <= set(layout.props())
    assert "worldsmith.farm_write_bundle" in layout.operators()
    assert bpy.ops.worldsmith.farm_write_bundle(version_id=version.id) == {"FINISHED"}
    assert s.last_bundle == str(tmp_path / "sweep" / "template.json")
    assert _job(s.last_bundle)[1]["Seeds"] == "1-2"

    s.kind, s.bundle_dir, s.presets, s.version = "EXPORT", str(tmp_path / "export"), "gltf, unreal", "selected"
    assert "Save the .blend first" in draw_panel(bpy.types.WORLDSMITH_PT_farm, _context(bpy)).labels()
    with pytest.raises(RuntimeError, match="save the .blend first"):
        bpy.ops.worldsmith.farm_write_bundle(version_id=version.id)
    bpy.ops.wm.save_as_mainfile(filepath=str(tmp_path / "court.blend"))
    assert bpy.ops.worldsmith.farm_write_bundle(version_id=version.id) == {"FINISHED"}
    job, values = _job(s.last_bundle)
    assert values["BlendFile"] == str(tmp_path / "court.blend") and values["Version"] == version.id
    space = openjd_model.StepParameterSpaceIterator(space=job.steps[0].parameterSpace)
    assert [t["Preset"].value for t in space] == ["gltf", "unreal"]
