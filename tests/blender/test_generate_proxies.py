"""A world with named proxies imports whole: each proxy is its own object, named for its noun,
carrying the GLB's role, noun and reason (the contract the Generate panel reads)."""

from __future__ import annotations

from tests.helpers.extension import mod


def test_proxies_import_as_named_objects(gen, fresh):
    api = mod("api")
    version = api.generate("a dock with a zeppelin, two rowing boats and lanterns on a crate", seed=2,
                           texture_size=64)
    proxies = [o for o in version.objects() if o.get("role") == "proxy"]
    assert [o.name.split(".")[0] for o in proxies] == ["Zeppelin"]
    z = proxies[0]
    assert z.get("noun") == "zeppelin" and z.get("asset_id") == "zeppelin.001" and z.get("reason")
    assert z.type == "MESH" and len(z.data.polygons) > 0
    assert "zeppelin.001" not in version.assets()  # assets() lists role "asset"; proxies are listed apart
    assert {"rowing_boat.001", "rowing_boat.002", "crate.001"} <= set(version.assets())
