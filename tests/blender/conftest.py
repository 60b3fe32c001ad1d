"""Fixtures for the Blender tests: the extension installed from the zip into the isolated user
folder, an empty file per test, the backend's data folder, and the worlds tests start from.

Helpers these tests share have public names in tests/helpers/ (``extension.mod``,
``generation``, ``export_world``, ``materials_world``, ``worlds``); hand-built worlds are
``wslib.worlds``, which the benchmarks use too.
"""

from __future__ import annotations

import importlib
import types

import pytest

from tests.helpers import export_world as _export_world
from tests.helpers.extension import EXTENSION_MODULE, mod
from tests.helpers.materials_world import courtyard
from wslib import blender, worlds


@pytest.fixture(scope="session")
def ws(extension_zip):
    """The installed and enabled extension module (``bl_ext.user_default.worldsmith``)."""
    import bpy

    module = importlib.import_module(blender.install_extension(extension_zip))
    yield module
    if EXTENSION_MODULE in bpy.context.preferences.addons:
        bpy.ops.preferences.addon_disable(module=EXTENSION_MODULE)


@pytest.fixture
def api(ws):
    return mod("api")


@pytest.fixture
def fresh(ws):
    """An empty file: no worlds left over from other tests."""
    import bpy

    bpy.ops.wm.read_homefile(use_empty=True)
    yield bpy


@pytest.fixture(scope="session")
def backend_data_dir(tmp_path_factory):
    """One backend data folder per session: the add-on's own manager keeps one backend."""
    return tmp_path_factory.mktemp("backend-data")


@pytest.fixture
def gen(ws, backend_data_dir):
    """The extension's generation pieces (plans, running, the backend client and its manager),
    its preferences pointing at a temp data folder."""
    import bpy

    prefs = bpy.context.preferences.addons[EXTENSION_MODULE].preferences
    prefs.backend_mode, prefs.python_path = "AUTO", ""
    prefs.data_dir = str(backend_data_dir)
    plans, run, settings = mod("generate.plans"), mod("generate.run"), mod("scene.settings")
    return types.SimpleNamespace(
        MANAGER=settings.MANAGER, client=settings.client, plan_generate=plans.plan_generate,
        plan_regenerate=plans.plan_regenerate, plan_reroll=plans.plan_reroll, run_blocking=run.run_blocking,
        finish=run.finish, conclude=run.conclude)


@pytest.fixture
def world(gen, fresh):
    """The procedural courtyard (well, market stall, torches), imported in-process with its
    materials tagged: what the materials tests work on."""
    return courtyard(gen)


@pytest.fixture
def export_world(fresh):
    """A procedural world with four market stalls and wall torches: what export and game prep
    work on (tests/helpers/export_world.py)."""
    return _export_world.procedural_version()


@pytest.fixture
def court(ws):
    """An empty file with one hand-built courtyard world; ``court.v1`` is its visible version."""
    import bpy

    bpy.ops.wm.read_homefile(use_empty=True)
    world, version = worlds.courtyard(bpy)
    store = mod("scene.store")
    return types.SimpleNamespace(bpy=bpy, world=world, v1=store.switch(store.Version(version)))
