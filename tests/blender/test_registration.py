"""Install -> enable -> registered -> disable -> nothing left; in this process and a fresh one."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.helpers.extension import EXTENSION_MODULE


def _worldsmith_classes(bpy):
    return sorted(
        name for name in dir(bpy.types)
        if name.startswith(("WORLDSMITH_", "WorldsmithPreferences"))
    )


def _worldsmith_operators(bpy):
    return sorted(dir(bpy.ops.worldsmith))


def test_enabled_extension_registers_panels_operators_and_prefs(ws):
    import bpy

    assert EXTENSION_MODULE in bpy.context.preferences.addons
    classes = _worldsmith_classes(bpy)
    for panel in ("WORLDSMITH_PT_generate", "WORLDSMITH_PT_materials", "WORLDSMITH_PT_versions",
                  "WORLDSMITH_PT_export"):
        assert panel in classes
        cls = getattr(bpy.types, panel)
        assert cls.bl_category == "Worldsmith" and cls.bl_space_type == "VIEW_3D"
    assert "seed_randomize" in _worldsmith_operators(bpy)
    prefs = bpy.context.preferences.addons[EXTENSION_MODULE].preferences
    assert prefs.backend_mode == "AUTO" and prefs.python_path == ""
    assert hasattr(bpy.context.scene, "worldsmith")


def test_disable_leaves_nothing_registered_and_enable_again_works(ws):
    import bpy

    bpy.ops.preferences.addon_disable(module=EXTENSION_MODULE)
    try:
        assert _worldsmith_classes(bpy) == []
        assert not hasattr(bpy.types.Scene, "worldsmith")
        assert not any(
            getattr(h, "__module__", "").startswith(EXTENSION_MODULE)
            for handlers in (bpy.app.handlers.load_post, bpy.app.handlers.save_pre,
                             bpy.app.handlers.depsgraph_update_post)
            for h in handlers
        )
    finally:
        bpy.ops.preferences.addon_enable(module=EXTENSION_MODULE)
    assert "WORLDSMITH_PT_generate" in _worldsmith_classes(bpy)
    # enabling twice is harmless
    bpy.ops.preferences.addon_enable(module=EXTENSION_MODULE)
    assert "WORLDSMITH_PT_generate" in _worldsmith_classes(bpy)


def test_operator_runs_headless(ws):
    import bpy

    bpy.context.scene.worldsmith.seed = 0
    assert bpy.ops.worldsmith.seed_randomize() == {"FINISHED"}
    assert bpy.context.scene.worldsmith.seed != 0


@pytest.mark.slow
def test_fresh_process_enables_and_disables_cleanly(ws):
    script = textwrap.dedent(
        f"""
        import bpy, sys
        mod = {EXTENSION_MODULE!r}
        assert mod not in bpy.context.preferences.addons, "a new process starts disabled"
        bpy.ops.preferences.addon_enable(module=mod)
        assert hasattr(bpy.types, "WORLDSMITH_PT_generate")
        assert bpy.ops.worldsmith.seed_randomize() == {{"FINISHED"}}
        bpy.ops.preferences.addon_disable(module=mod)
        left = [n for n in dir(bpy.types) if n.startswith("WORLDSMITH_")]
        assert not left, left
        print("FRESH-OK")
        """
    )
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert "FRESH-OK" in proc.stdout, proc.stdout + proc.stderr
