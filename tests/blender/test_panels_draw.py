"""Every panel's draw() runs against a recording layout, so UI typos fail CI."""

from __future__ import annotations

import pytest

from tests.helpers.recording_layout import LayoutError, RecordingLayout, draw_panel, panel_context


PANELS = ["WORLDSMITH_PT_generate", "WORLDSMITH_PT_materials", "WORLDSMITH_PT_versions", "WORLDSMITH_PT_export"]


@pytest.mark.parametrize("panel", PANELS)
def test_panel_draws_on_an_empty_scene(ws, panel):
    import bpy

    layout = draw_panel(getattr(bpy.types, panel), panel_context(bpy))
    assert layout.calls, f"{panel} drew nothing"


def test_generate_panel_offers_prompt_seed_and_dice(ws):
    import bpy

    layout = draw_panel(bpy.types.WORLDSMITH_PT_generate, panel_context(bpy))
    assert {"prompt", "seed", "theme", "texture_size"} <= set(layout.props())
    assert "worldsmith.seed_randomize" in layout.operators()


def test_recording_layout_catches_typos(ws):
    import bpy

    layout = RecordingLayout()
    with pytest.raises(LayoutError):
        layout.prop(bpy.context.scene.worldsmith, "promt")
    with pytest.raises(LayoutError):
        layout.operator("worldsmith.does_not_exist")
    op = layout.operator("worldsmith.seed_randomize")
    with pytest.raises(LayoutError):
        op.no_such_argument = 1


class _PrefsStandIn:
    """The preferences as ``self`` for draw(): values and RNA from the real ones, our layout."""

    def __init__(self, real, layout):
        self.__dict__.update(_real=real, layout=layout)

    def __getattr__(self, name):
        return getattr(self._real, name)


@pytest.mark.parametrize("mode,shown,hidden", [
    ("AUTO", {"python_path", "data_dir", "device", "models_dir", "gpu_index_url"}, {"backend_url", "backend_token"}),
    ("URL", {"backend_url", "backend_token"}, {"python_path", "gpu_index_url"}),
])
def test_preferences_draw_your_name_and_the_backend_mode_fields(ws, mode, shown, hidden):
    import bpy

    from tests.helpers.extension import EXTENSION_MODULE

    prefs = bpy.context.preferences.addons[EXTENSION_MODULE].preferences
    before = prefs.backend_mode
    prefs.backend_mode = mode
    try:
        layout = RecordingLayout()
        type(prefs).draw(_PrefsStandIn(prefs, layout), panel_context(bpy))
    finally:
        prefs.backend_mode = before
    props = set(layout.props())
    assert {"user_name", "backend_mode"} | shown <= props and not hidden & props
