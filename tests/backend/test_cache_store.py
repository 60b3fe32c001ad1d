"""Unit tests (no server): result cache LRU, record expiry, spec defaults and cache keys."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from worldsmith_backend.cache import ResultCache
from worldsmith_backend.jobs import JobService, UnknownJob
from worldsmith_backend.schema import cache_key, openapi_document
from worldsmith_backend.store import INTERRUPTED, Store
from worldsmith_backend.validation import FieldError, RequestValidator

from tests.helpers.backend_store import glb

DAY = 86400.0


class FakeClock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_lru_evicts_least_recently_used_first(tmp_path: Path, store: Store) -> None:
    clock = FakeClock()
    cache = ResultCache(tmp_path / "results", store, limit_bytes=100, clock=clock)
    cache.put("a", glb(40))
    clock.now += 1
    cache.put("b", glb(40))
    clock.now += 1
    assert cache.get("a") is not None  # a is now more recent than b
    clock.now += 1
    cache.put("c", glb(40))
    assert cache.get("b") is None
    assert not (tmp_path / "results" / "b.glb").exists()
    assert cache.get("a") is not None and cache.get("c") is not None
    assert cache.total_size() == 80


def test_a_result_larger_than_the_limit_is_kept_alone(tmp_path: Path, store: Store) -> None:
    clock = FakeClock()
    cache = ResultCache(tmp_path / "results", store, limit_bytes=50, clock=clock)
    cache.put("small", glb(20))
    clock.now += 1
    big = cache.put("big", glb(80))
    assert big.path.read_bytes() == glb(80)
    assert cache.get("small") is None
    assert cache.get("big") is not None


def test_reconcile_after_a_crash(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "results"
    cache = ResultCache(folder, store, limit_bytes=10_000, clock=FakeClock())
    cache.put("kept", glb(10))
    cache.put("lost", glb(10))
    (folder / "lost.glb").unlink()  # a row without a file
    (folder / "adopted.glb").write_bytes(glb(12))  # a file without a row
    (folder / ".tmp-half-written").write_bytes(b"glT")
    cache.reconcile()
    assert cache.get("lost") is None
    assert cache.get("adopted") is not None
    assert not (folder / ".tmp-half-written").exists()
    assert cache.total_size() == 22


def test_reconcile_applies_a_lowered_limit(tmp_path: Path, store: Store) -> None:
    clock = FakeClock()
    folder = tmp_path / "results"
    cache = ResultCache(folder, store, limit_bytes=1000, clock=clock)
    for key in "abcd":
        cache.put(key, glb(100))
        clock.now += 1
    smaller = ResultCache(folder, store, limit_bytes=250, clock=clock)
    smaller.reconcile()
    assert sorted(p.stem for p in folder.glob("*.glb")) == ["c", "d"]


class SlowNothing:
    """Never runs here: only its name and version matter for submit()."""

    name, version, device = "procedural", "test", "cpu"

    def capabilities(self) -> dict[str, Any]:
        return {}

    def check_inputs(self, spec: dict[str, Any]) -> None:
        pass

    def generate(self, spec: dict[str, Any], progress: Any) -> bytes:
        return glb(16)


def make_service(tmp_path: Path, store: Store, clock: FakeClock) -> JobService:
    cache = ResultCache(tmp_path / "results", store, limit_bytes=10_000, clock=clock)
    validator = RequestValidator(openapi_document(["procedural"]))
    return JobService(store, cache, {"procedural": SlowNothing()}, validator,
                      record_ttl_s=7 * DAY, clock=clock)


def test_finished_records_expire_after_ttl(tmp_path: Path, store: Store) -> None:
    clock = FakeClock()
    service = make_service(tmp_path, store, clock)
    try:
        store.insert_job({"id": "a" * 32, "state": "done", "generator": "procedural",
                          "cache_key": "k", "spec": {}, "created": clock.now,
                          "finished": clock.now})
        store.insert_job({"id": "b" * 32, "state": "queued", "generator": "procedural",
                          "cache_key": "k", "spec": {}, "created": clock.now})
        clock.now += 7 * DAY - 1
        assert service.expire() == 0
        assert service.get("a" * 32)["state"] == "done"
        clock.now += 2
        assert service.expire() == 1
        with pytest.raises(UnknownJob):
            service.get("a" * 32)
        assert service.get("b" * 32)["state"] == "queued"  # unfinished records never expire
    finally:
        service.close()


def test_recover_marks_leftover_jobs_interrupted(tmp_path: Path, store: Store) -> None:
    clock = FakeClock()
    for n, state in enumerate(["queued", "running", "done"]):
        store.insert_job({"id": str(n) * 32, "state": state, "generator": "procedural",
                          "cache_key": "k", "spec": {}, "created": clock.now})
    service = make_service(tmp_path, store, clock)
    try:
        service.recover()
        assert service.get("0" * 32)["error"] == INTERRUPTED
        assert service.get("1" * 32)["state"] == "failed"
        assert service.get("2" * 32)["state"] == "done"
    finally:
        service.close()


def test_defaults_are_filled_and_keys_are_canonical() -> None:
    validator = RequestValidator(openapi_document(["procedural"]))
    spec = validator.world_spec({"prompt": "a well"})
    assert spec == {"prompt": "a well", "seed": 0, "generator": "procedural", "theme": None,
                    "max_assets": None,
                    "asset_budget": {"max_triangles": 20000, "texture_size": 512},
                    "world_id": None, "keep": [], "reroll": [], "reroll_seed": 0,
                    "units": "meters"}
    partial = validator.world_spec({"prompt": "a well", "asset_budget": {"texture_size": 512},
                                    "seed": 0.0})
    assert partial == spec and isinstance(partial["seed"], int)
    assert cache_key(spec, "procedural", "1") == cache_key(dict(reversed(spec.items())),
                                                           "procedural", "1")
    assert cache_key(spec, "procedural", "1") != cache_key(spec, "procedural", "2")


def test_validator_does_not_change_the_request() -> None:
    validator = RequestValidator(openapi_document(["procedural"]))
    body = {"prompt": "a well"}
    validator.world_spec(body)
    assert body == {"prompt": "a well"}
    with pytest.raises(FieldError) as info:
        validator.world_spec({"prompt": "a", "keep": [{"asset_id": "x", "box": {
            "min": [0, 0, 0], "max": [1, 1, float("1e7")]}}]})
    assert info.value.field == "keep[0].box.max[2]"


def test_zip_results_keep_their_extension_and_media_type(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "results"
    cache = ResultCache(folder, store, limit_bytes=10_000, clock=FakeClock())
    cache.put("world", glb(10))
    put = cache.put("texture", b"PK\x03\x04zip", "zip")
    assert put.path == folder / "texture.zip" and put.media_type == "application/zip"
    assert cache.get("texture").media_type == "application/zip"
    assert cache.get("world").media_type == "model/gltf-binary"
    with pytest.raises(ValueError):
        cache.put("bad", b"x", "exe")
    (folder / "adopted.zip").write_bytes(b"PK\x03\x04")  # written just before a crash
    cache.reconcile()
    assert cache.get("adopted").path.suffix == ".zip"


def test_a_data_dir_from_before_texture_jobs_still_serves_its_glbs(tmp_path: Path) -> None:
    import sqlite3

    # The results table as it was: no ext column.
    db = sqlite3.connect(tmp_path / "jobs.sqlite3")
    db.execute("CREATE TABLE results (cache_key TEXT PRIMARY KEY, size INTEGER NOT NULL, "
               "sha256 TEXT NOT NULL, last_access REAL NOT NULL)")
    # With the real hash of its bytes: reads check it (issue 18).
    digest = hashlib.sha256(glb(10)).hexdigest()
    db.execute("INSERT INTO results VALUES ('old', 10, ?, 1.0)", (digest,))
    db.commit()
    db.close()
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "old.glb").write_bytes(glb(10))
    store = Store(tmp_path / "jobs.sqlite3")
    try:
        cache = ResultCache(tmp_path / "results", store, limit_bytes=10_000, clock=FakeClock())
        cache.reconcile()
        found = cache.get("old")
        assert found is not None and found.media_type == "model/gltf-binary"
        assert found.sha256 == digest
    finally:
        store.close()


def test_texture_and_world_specs_are_told_apart_by_kind() -> None:
    validator = RequestValidator(openapi_document(["procedural"], ["procedural"]))
    assert validator.job_spec({"prompt": "a"}) == ("world", validator.world_spec({"prompt": "a"}))
    assert "kind" not in validator.job_spec({"kind": "world", "prompt": "a"})[1]
    kind, spec = validator.job_spec({"kind": "texture", "prompt": "stone", "size": 256.0})
    assert kind == "texture"
    assert spec == {"kind": "texture", "prompt": "stone", "seed": 0, "size": 256,
                    "generator": "procedural", "material": None}
    assert isinstance(spec["size"], int)
