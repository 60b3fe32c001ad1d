"""Export rules (pure): each issue names the asset and the rule."""

from pathlib import Path

from addon.core import presets, validate
from addon.core.errors import InvalidInput
from addon.core.validate import MeshFacts, check

import pytest


def facts(**kw):
    base = dict(name="Well", asset_id="well.000", triangles=100, slots=["Stone"], has_uvs=True)
    base.update(kw)
    return MeshFacts(**base)


def rules(report):
    return {(i.asset_id, i.rule) for i in report.errors}


def test_clean_version_passes_every_preset():
    for name in presets.names():
        assert check([facts()], presets.get(name)).ok


def test_triangle_budgets_per_asset_and_version():
    unity = presets.get("unity")
    parts = [facts(triangles=40_000), facts(name="Roof", triangles=30_000)]  # one asset, two meshes
    report = check(parts, unity)
    assert ("well.000", "triangles_per_asset") in rules(report)
    assert "70000 triangles" in report.summary() and "Well (well.000)" in report.summary()
    many = [facts(asset_id=f"crate.{i:03d}", triangles=60_000) for i in range(40)]
    assert ("", "triangles_per_version") in rules(check(many, unity))
    assert check(parts, presets.get("gltf")).ok  # generic glTF has no per-asset budget


def test_materials_uvs_textures_scale_units():
    unreal = presets.get("unreal")
    report = check([facts(slots=[]), facts(name="Roof", asset_id="roof.000", slots=["A", None]),
                    facts(name="Cart", asset_id="cart.000", has_uvs=False),
                    facts(name="Big", asset_id="big.000", textures=[("huge", 8192, 8192)]),
                    facts(name="Flip", asset_id="flip.000", scale=(1, -1, 1))], unreal,
                   unit_system="IMPERIAL")
    assert rules(report) >= {("well.000", "no_material"), ("roof.000", "no_material"), ("cart.000", "no_uvs"),
                             ("big.000", "texture_size"), ("flip.000", "scale"), ("", "units")}
    odd = check([facts(textures=[("odd", 300, 300)], scale=(1, 2, 1))], presets.get("gltf"))
    assert odd.ok and {i.rule for i in odd.warnings} == {"texture_size", "scale"}


def test_names_empty_version_and_integrity():
    report = check([facts(name="Wéll #2.003")], presets.get("unreal"))
    assert report.ok and report.warnings[0].rule == "names" and "'Well_2'" in report.warnings[0].message
    assert ("", "empty_version") in rules(check([], presets.get("gltf"), asset_count=0))
    report = check([facts()], presets.get("gltf"), integrity=["well.000: geometry changed after approval"])
    assert ("well.000", "approved_integrity") in rules(report)
    assert report.to_dict()["ok"] is False


def test_presets_and_extensions():
    assert presets.names() == ["gltf", "unreal", "unity", "godot", "usd", "web"]
    with pytest.raises(InvalidInput, match="unknown export preset 'quake'"):
        presets.get("quake")
    assert presets.check_extension(presets.get("usd"), "a.USDA") == ".usda"
    with pytest.raises(InvalidInput, match="writes .fbx"):
        presets.check_extension(presets.get("unity"), "a.glb")
    assert presets.get("unreal").collision_style == "ucx" and presets.get("unity").fbx_bake_space_transform


def test_the_rule_list_is_what_the_docs_publish_and_what_issues_may_name():
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "python-api.md").read_text()
    section = doc.split("## validate", 1)[1].split("\n## ", 1)[0]
    published = re.findall(r"`([a-z_]+)`", section.split("Rules:", 1)[1].split(".", 1)[0])
    assert published == list(validate.RULES)
    with pytest.raises(ValueError, match="unknown export rule"):
        validate.Issue(validate.ERROR, "too_shiny", "a.000", "A", "")
