"""Fixtures for the generation tests: one backend per session (the add-on's own manager keeps
it), a temp data folder, and a fresh empty file per test. Import into a test module with
``from tests.helpers.worldsmith_fixtures import *``."""

from __future__ import annotations

import hashlib
import importlib
import types

import pytest

from tests.conftest import EXTENSION_MODULE

SMALL = dict(texture_size=64, max_assets=12)
PROMPT = "a medieval courtyard with a well, a market stall, crates and torches"

__all__ = ["gen", "backend_data_dir", "fresh", "SMALL", "PROMPT", "mesh_hash", "counts", "mod",
           "custom_keys"]


def mod(name: str):
    return importlib.import_module(f"{EXTENSION_MODULE}.{name}")


@pytest.fixture(scope="session")
def backend_data_dir(tmp_path_factory):
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
def fresh(ws):
    """An empty file: no worlds left over from other tests."""
    import bpy

    bpy.ops.wm.read_homefile(use_empty=True)
    yield bpy


def mesh_hash(obj) -> str:
    import numpy as np

    co = np.empty(len(obj.data.vertices) * 3, dtype=np.float32)
    obj.data.vertices.foreach_get("co", co)
    return hashlib.sha256(co.tobytes()).hexdigest()


def counts() -> dict:
    return mod("scene.transaction").counts()


def custom_keys(idblock) -> list[str]:
    """The ID's custom property keys (what the glTF importer or a script wrote), sorted.

    bpy 4.2 also lists the storage of *registered* properties in ``keys()`` once anything has
    written them (here the add-on's own ``Scene.worldsmith`` group: its UI state); 5.x keeps that
    storage apart. Such storage is left out, so snapshots compare the same on both. A key that
    shares a registered property's name but does not hold its storage (a custom property written
    over it, e.g. glTF scene extras "worldsmith": keys the property group does not declare) is kept,
    so a leak is still caught on 4.2.
    """
    keys = []
    for key in idblock.keys():
        prop = idblock.bl_rna.properties.get(key)
        if prop is not None and prop.is_runtime and _holds_storage_of(idblock[key], prop):
            continue
        keys.append(key)
    return sorted(keys)


def _holds_storage_of(value, prop) -> bool:
    if prop.type != "POINTER":
        return True  # a plain registered property: its value, whatever it is
    declared = {p.identifier for p in prop.fixed_type.properties if p.identifier != "rna_type"}
    return hasattr(value, "keys") and set(value.keys()) <= declared
