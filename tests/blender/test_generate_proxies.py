"""Proxies through the add-on (issue 14): a named thing no archetype builds arrives as its own
named asset (role "proxy"), is locked, kept and rerolled like any asset, is listed in the Generate
panel with what can fill it, and Fill Proxies gives it a generated shape (tiny Shap-E models)."""

from __future__ import annotations

import pytest

from tests.helpers.backend_harness import start_backend
from tests.helpers.extension import mod
from tests.helpers.recording_layout import draw_panel, panel_context
from tests.helpers.tiny_models import needs_stack

ZEPPELIN = "a dock with a zeppelin, two rowing boats and lanterns on a crate"


def test_proxies_import_as_named_assets_with_their_noun_and_reason(gen, fresh):
    api = mod("api")
    version = api.generate(ZEPPELIN, seed=2, texture_size=64)
    proxies = version.proxies()
    assert sorted(proxies) == ["zeppelin.001"]
    z = proxies["zeppelin.001"]
    assert z.name.split(".")[0] == "Zeppelin" and z.get("role") == "proxy"
    assert z.get("noun") == "zeppelin" and z.get("reason")
    assert z.type == "MESH" and len(z.data.polygons) > 0
    assert {"zeppelin.001", "rowing_boat.001", "rowing_boat.002", "crate.001"} <= set(version.assets())


def test_a_locked_proxy_is_kept_by_regenerate_and_rerolled_on_request(gen, fresh):
    api = mod("api")
    v1 = api.generate(ZEPPELIN, seed=2, texture_size=64)
    api.lock(["zeppelin.001"], version=v1)
    v2 = api.regenerate(v1, seed=9)
    assert v2.assets()["zeppelin.001"].data == v1.assets()["zeppelin.001"].data  # shared: kept exactly
    v3 = api.reroll(v2, ["zeppelin.001"], seed=4)
    assert v3.proxies()["zeppelin.001"].get("role") == "proxy"
    assert v3.assets()["crate.001"].data == v2.assets()["crate.001"].data


def test_the_panel_lists_proxies_and_says_what_filling_needs(gen, fresh):
    import bpy

    api = mod("api")
    api.generate(ZEPPELIN, seed=2, texture_size=64)
    bpy.context.view_layer.objects.active = None
    process = mod("service.process")
    saved = process.MANAGER.capabilities
    process.MANAGER.capabilities = {"generators": [
        {"name": "procedural", "weights_present": True},
        {"name": "shap-e", "weights_present": False, "reason": "not installed: run the Install GPU backend operator"}]}
    try:
        layout = draw_panel(bpy.types.WORLDSMITH_PT_generate_assets, panel_context(bpy))
    finally:
        process.MANAGER.capabilities = saved
    assert "zeppelin" in layout.labels()
    assert layout.operators().count("worldsmith.proxy_fill") == 2  # the row's button and "Fill with Shap-E"
    assert "Install GPU backend" in " ".join(layout.labels())  # wrapped at the sidebar's width


def test_fill_proxies_without_proxies_or_on_a_real_asset_says_why(gen, fresh):
    api = mod("api")
    v = api.generate(ZEPPELIN, seed=2, texture_size=64)
    with pytest.raises(api.InvalidInput, match="not a proxy"):
        api.fill_proxies(v, ["crate.001"])
    plain = api.generate("a medieval courtyard with a well", seed=1, texture_size=64)
    with pytest.raises(api.InvalidInput, match="no proxies"):
        api.fill_proxies(plain)


@needs_stack
@pytest.mark.slow
def test_fill_proxies_gives_the_zeppelin_a_generated_shape(gen, fresh, tiny_models, tmp_path, monkeypatch):
    server = start_backend(tmp_path / "data", tmp_path / "token", "--models-dir", str(tiny_models))
    try:
        monkeypatch.setenv("WORLDSMITH_BACKEND_URL", server.base)
        monkeypatch.setenv("WORLDSMITH_BACKEND_TOKEN", server.token)
        api = mod("api")
        v1 = api.generate(ZEPPELIN, seed=2, texture_size=64)
        v2 = api.fill_proxies(v1)
        filled = v2.assets()["zeppelin.001"]
        assert filled.get("role") == "asset" and filled.get("source") == "shap-e" and filled.get("noun") == "zeppelin"
        assert not v2.proxies()
        assert filled.data != v1.assets()["zeppelin.001"].data
        assert v2.assets()["crate.001"].data == v1.assets()["crate.001"].data  # the rest is shared
        step = v2.get("recipe")[-1]
        assert step["op"] == "reroll" and step["source"] == "diffusion" and step["assets"] == ["zeppelin.001"]
    finally:
        assert server.stop() == 0
