"""Specs, keep boxes and the Blender <-> glTF coordinate mapping (pure)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addon.core.errors import InvalidInput
from addon.core.spec import (
    blender_to_gltf, box_from_blender_corners, boxes_overlap, build_spec, derive_spec, gltf_to_blender,
    prompt_tags, world_title,
)

finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)


def test_axis_mapping_matches_architecture():
    # Blender (x, y, z) = glTF (x, -z, y): Blender's up (+Z) is glTF's up (+Y).
    assert blender_to_gltf((0, 0, 1)) == (0, 1, 0)
    assert blender_to_gltf((0, 1, 0)) == (0, 0, -1)
    assert gltf_to_blender((1, 2, 3)) == (1, -3, 2)


@given(st.tuples(finite, finite, finite))
def test_round_trip(p):
    assert gltf_to_blender(blender_to_gltf(p)) == pytest.approx(p)


def test_box_conversion_keeps_min_below_max():
    corners = list(itertools.product((1, 2), (3, 5), (0, 4)))  # Blender box x1..2 y3..5 z0..4
    box = box_from_blender_corners(corners)
    assert box == {"min": [1, 0, -5], "max": [2, 4, -3]}


def test_overlap():
    a = {"min": [0, 0, 0], "max": [1, 1, 1]}
    assert boxes_overlap(a, {"min": [0.5, 0.5, 0.5], "max": [2, 2, 2]})
    assert not boxes_overlap(a, {"min": [1, 0, 0], "max": [2, 1, 1]})  # touching is fine


def test_build_spec_defaults_and_fields():
    spec = build_spec("  a well ", seed=7, theme="AUTO", texture_size=128, max_assets=5)
    assert spec["prompt"] == "a well" and spec["theme"] is None and spec["units"] == "meters"
    assert spec["asset_budget"] == {"max_triangles": 20000, "texture_size": 128}
    assert spec["keep"] == [] and spec["reroll"] == [] and spec["max_assets"] == 5


@pytest.mark.parametrize("kwargs,word", [
    (dict(prompt=""), "prompt"), (dict(prompt="   "), "prompt"), (dict(prompt="x" * 2001), "2000"),
    (dict(prompt="a", seed=-1), "seed"), (dict(prompt="a", seed=2**32), "seed"),
    (dict(prompt="a", texture_size=100), "texture_size"), (dict(prompt="a", theme="moon"), "theme"),
    (dict(prompt="a", max_assets=0), "max_assets"),
])
def test_bad_input_names_the_field(kwargs, word):
    prompt = kwargs.pop("prompt")
    with pytest.raises(InvalidInput, match=word):
        build_spec(prompt, **kwargs)


def test_derive_spec_keeps_the_recorded_fields():
    base = build_spec("a courtyard", seed=3, theme="courtyard", texture_size=64, world_id="w1")
    keep = [{"asset_id": "well.000", "box": {"min": [0, 0, 0], "max": [1, 1, 1]}}]
    spec = derive_spec(base, seed=9, keep=keep)
    assert spec["seed"] == 9 and spec["theme"] == "courtyard" and spec["world_id"] == "w1"
    assert spec["asset_budget"]["texture_size"] == 64 and spec["keep"] == keep


def test_tags_and_titles():
    assert prompt_tags("a medieval courtyard with a well and a well") == ["medieval", "courtyard", "well"]
    assert world_title("scifi_corridor", "x") == "Scifi Corridor"
    assert world_title(None, "a quiet forest lake") == "Quiet Forest Lake"


def test_the_addon_offers_exactly_the_generators_settings_with_their_names():
    from worldsmith_backend.worldgen.settings import SETTINGS

    from addon.core import spec

    assert spec.THEMES == tuple(SETTINGS)
    assert spec.THEME_LABELS == {name: s.display for name, s in SETTINGS.items()}
    assert spec.normalise_theme("dock") == "dock"
