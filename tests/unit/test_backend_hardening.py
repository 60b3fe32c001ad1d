"""Backend reliability and security, without a server (issue 18): corrupt cache files, hostile
JSON, the job queue bound, token rules, log escaping, byte-bounded texture caches, the data
folder lock. The same cases against a real server are in tests/backend/test_reliability.py."""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from worldsmith_backend import cli, datadir, logsetup
from worldsmith_backend.cache import ResultCache
from worldsmith_backend.jobs import JobService, QueueFull
from worldsmith_backend.schema import openapi_document
from worldsmith_backend.server import BackendServer
from worldsmith_backend.store import Store
from worldsmith_backend.textures import library, memo
from worldsmith_backend.validation import FieldError, RequestValidator, parse_json

from tests.helpers.backend_store import glb

POSIX = sys.platform != "win32"


# ---- 3: corrupt cache files ------------------------------------------------------------------

def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(16, 80):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


CORRUPTIONS = {
    "flipped": _flip,
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:50]),
    "empty": lambda p: p.write_bytes(b""),
}


@pytest.mark.parametrize("corrupt", list(CORRUPTIONS), ids=list(CORRUPTIONS))
def test_corrupt_result_is_evicted_not_served(tmp_path: Path, store: Store,
                                              corrupt: str) -> None:
    cache = ResultCache(tmp_path / "results", store, limit_bytes=10_000)
    good = cache.put("k", glb(200))
    CORRUPTIONS[corrupt](good.path)
    assert cache.read("k") is None
    assert not good.path.exists()
    assert store.get_result("k") is None
    assert cache.get("k") is None  # a resubmit misses and regenerates


def test_intact_result_is_read_with_its_hash(tmp_path: Path, store: Store) -> None:
    cache = ResultCache(tmp_path / "results", store, limit_bytes=10_000)
    data = glb(200)
    cache.put("k", data)
    found, read = cache.read("k")
    assert read == data and found.sha256 == hashlib.sha256(data).hexdigest()
    assert cache.get("k") is not None


def test_corrupt_result_on_submit_is_evicted(tmp_path: Path, store: Store) -> None:
    cache = ResultCache(tmp_path / "results", store, limit_bytes=10_000)
    cache.put("k", glb(200))
    _flip(cache.path_for("k"))
    assert cache.get("k") is None
    assert not cache.path_for("k").exists()


def test_restart_evicts_corrupt_results(tmp_path: Path, store: Store) -> None:
    cache = ResultCache(tmp_path / "results", store, limit_bytes=10_000)
    cache.put("good", glb(100, b"g"))
    cache.put("bad", glb(100, b"b"))
    _flip(cache.path_for("bad"))
    # An orphan file with no row and no glTF magic is not adopted either.
    cache.path_for("orphan").write_bytes(b"not a glb at all")
    ResultCache(tmp_path / "results", store, limit_bytes=10_000).reconcile()
    assert store.get_result("good") is not None
    assert store.get_result("bad") is None and not cache.path_for("bad").exists()
    assert store.get_result("orphan") is None and not cache.path_for("orphan").exists()


# ---- 4 and 12: hostile JSON ------------------------------------------------------------------

@pytest.fixture(scope="module")
def validator() -> RequestValidator:
    return RequestValidator(openapi_document(["procedural"]))


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


HOSTILE: list[tuple[str, bytes, str]] = [
    ("lone surrogate in prompt", b'{"prompt": "a well \\ud800"}', "prompt"),
    ("lone low surrogate in prompt", b'{"prompt": "\\udfff"}', "prompt"),
    ("lone surrogate in keep id", b'{"prompt": "a", "keep": [{"asset_id": "w\\ud800", '
                                  b'"box": {"min": [0,0,0], "max": [1,1,1]}}]}',
     "keep[0].asset_id"),
    ("lone surrogate in a key", b'{"prompt": "a", "\\ud800": 1}', "body"),
    ("lone surrogate in texture prompt", b'{"kind": "texture", "prompt": "\\ud800"}', "prompt"),
    ("5000-digit seed", b'{"prompt": "a", "seed": ' + b"9" * 5000 + b"}", "seed"),
    ("5000-digit negative seed", b'{"prompt": "a", "seed": -' + b"9" * 5000 + b"}", "seed"),
    ("5000-digit box coordinate", b'{"prompt": "a", "keep": [{"asset_id": "w", "box": '
                                  b'{"min": [0,0,' + b"1" * 5000 + b'], "max": [1,1,1]}}]}',
     "keep[0].box.min[2]"),
    ("zero-width prompt", '{"prompt": "\u200b"}'.encode(), "prompt"),
    ("zero-width and spaces", '{"prompt": " \u200b\u200c\u200d\u2060\ufeff \u3164 "}'.encode(),
     "prompt"),
    ("control characters only", b'{"prompt": "\\u0000\\u0007\\u001b"}', "prompt"),
    ("zero-width texture prompt", '{"kind": "texture", "prompt": "\u200b"}'.encode(), "prompt"),
]


@pytest.mark.parametrize("raw,field", [(r, f) for _, r, f in HOSTILE],
                         ids=[c for c, _, _ in HOSTILE])
def test_hostile_json_names_the_field(validator: RequestValidator, raw: bytes,
                                      field: str) -> None:
    body = parse_json(raw)
    with pytest.raises(FieldError) as info:
        validator.job_spec(body)
    assert info.value.field == field
    assert "sys.set_int_max_str_digits" not in info.value.message


@pytest.mark.parametrize("where", ["prompt", "keep", "reroll", "asset_budget", "theme"])
def test_deep_nesting_names_the_field(validator: RequestValidator, where: str) -> None:
    body = parse_json(('{"prompt": "a", "%s": %s}' % (where, "[" * 600 + "]" * 600)).encode())
    with pytest.raises(FieldError) as info:
        validator.job_spec(body)
    assert info.value.field.split("[")[0] == where
    assert "nested" in info.value.message


def test_deep_nesting_in_cancel_body_names_the_field(validator: RequestValidator) -> None:
    with pytest.raises(FieldError) as info:
        validator.cancel_request({"force": _nested(2000)})
    assert info.value.field.startswith("force")


def test_visible_prompts_still_pass(validator: RequestValidator) -> None:
    for prompt in ["a well", "ein Brunnen \u00fc", "\u4e95", "\u200ba\u200b", "x\u0301"]:
        assert validator.job_spec({"prompt": prompt})[1]["prompt"] == prompt


# ---- 6: bounded queue ------------------------------------------------------------------------

class Blocking:
    """A generator that runs until released, so jobs pile up in the queue."""

    name, version, device = "procedural", "test", "cpu"

    def __init__(self) -> None:
        self.release = threading.Event()

    def capabilities(self) -> dict[str, Any]:
        return {}

    def check_inputs(self, spec: dict[str, Any]) -> None:
        pass

    def generate(self, spec: dict[str, Any], progress: Any) -> bytes:
        while not self.release.wait(0.01):
            progress.check_cancel()
        return glb(16)


def test_queue_is_bounded_and_says_when_to_retry(tmp_path: Path, store: Store) -> None:
    gen = Blocking()
    cache = ResultCache(tmp_path / "results", store, limit_bytes=10_000)
    service = JobService(store, cache, {"procedural": gen},
                         RequestValidator(openapi_document(["procedural"])), max_queued=3)
    try:
        accepted, refused = [], []
        for seed in range(20):
            try:
                accepted.append(service.submit({"prompt": "a", "seed": seed})["id"])
            except QueueFull as exc:
                refused.append(exc)
        # Two CPU workers may hold a job each; three more may wait.
        assert len(accepted) <= 2 + 3 and len(accepted) >= 3
        assert refused and all(1 <= exc.retry_after_s <= 60 for exc in refused)
        gen.release.set()
        for job_id in accepted:
            while service.get(job_id)["state"] not in ("done", "failed"):
                threading.Event().wait(0.01)
        assert service.submit({"prompt": "a", "seed": 99})["state"] == "queued"
        # A cached spec never needs the queue.
        assert service.submit({"prompt": "a", "seed": 0})["state"] == "done"
    finally:
        gen.release.set()
        service.close()


# ---- 10: token file --------------------------------------------------------------------------

@pytest.mark.parametrize("content,why", [
    ("x", "at least"),
    ("short-token", "at least"),
    ("a-long-enough-token\nsecond-line", "printable ASCII"),
    ("a-long-enough-token-\u00e9\u00e9\u00e9", "printable ASCII"),
    ("a-long-enough-token-\u4e95\u4e95", "printable ASCII"),
    ("a long enough token with spaces", "printable ASCII"),
])
def test_unusable_token_is_refused_with_a_clear_error(tmp_path: Path, content: str,
                                                      why: str) -> None:
    path = tmp_path / "token"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(cli.TokenError) as info:
        cli.read_or_create_token(path)
    assert why in str(info.value) and str(path) in str(info.value)
    assert content not in str(info.value).replace(str(path), "<path>")  # never echo a secret


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
@pytest.mark.parametrize("content", ["", "an-existing-token-of-the-add-on"])
def test_token_file_becomes_private(tmp_path: Path, content: str) -> None:
    path = tmp_path / "token"
    path.write_text(content, encoding="utf-8")
    os.chmod(path, 0o644)
    token = cli.read_or_create_token(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert token == (content or path.read_text(encoding="utf-8"))


# ---- 11: log escaping ------------------------------------------------------------------------

def test_log_lines_escape_control_characters(tmp_path: Path) -> None:
    path = logsetup.configure(tmp_path, logging.INFO)
    try:
        logging.getLogger("worldsmith_backend.test").info(
            "request %s", "GET /v1/\x1b[2J\x1b[31mFAKE-ERROR\x1b[0m\r\nforged line \ud800 \u202e")
    finally:
        for handler in logging.getLogger("worldsmith_backend").handlers:
            handler.flush()
    raw = path.read_bytes()
    assert b"\x1b" not in raw and b"\r" not in raw
    text = raw.decode("utf-8")
    assert text.count("\n") == 1  # one record, one line
    assert "\\x1b[2J" in text and "\\ud800" in text and "\\u202e" in text


# ---- 5: byte-bounded texture caches ----------------------------------------------------------

def test_byte_lru_evicts_by_bytes() -> None:
    lru = memo.ByteLRU(100)
    lru.put("a", b"x", 40)
    lru.put("b", b"y", 40)
    assert lru.get("a") == (True, b"x")  # a is now more recent than b
    lru.put("c", b"z", 40)
    assert lru.get("b") == (False, None)
    assert lru.total_bytes <= 100
    lru.put("huge", b"h", 1000)  # bigger than the whole budget: not kept
    assert lru.get("huge") == (False, None) and lru.total_bytes <= 100


def test_texture_caches_stay_within_their_byte_limit() -> None:
    old = memo.limit_bytes()
    memo.set_limit_bytes(3 * 1024 * 1024)
    try:
        library.clear_caches()
        for variant in ("default", "mossy", "rusty", "warm", "dark"):
            library.texture_set("stone", variant, 256)
        assert 0 < memo.total_bytes() <= 3 * 1024 * 1024
        # Same bytes from a cold cache: the bound changes memory, never output.
        first = library.texture_set("stone", "mossy", 256)
        library.clear_caches()
        assert library.texture_set("stone", "mossy", 256) == first
    finally:
        memo.set_limit_bytes(old)
        library.clear_caches()


# ---- 7: listen backlog -----------------------------------------------------------------------

def test_listen_backlog_holds_a_burst(tmp_path: Path) -> None:
    assert BackendServer.request_queue_size >= 128


# ---- 9 and 10: the data folder ---------------------------------------------------------------

def test_second_lock_on_a_data_folder_says_who_holds_it(tmp_path: Path) -> None:
    first = datadir.DataDirLock(tmp_path)
    first.acquire()
    first.publish(port=4321, version="9.9")
    try:
        with pytest.raises(datadir.DataDirInUse) as info:
            datadir.DataDirLock(tmp_path).acquire()
        assert info.value.running["port"] == 4321
        assert info.value.running["pid"] == os.getpid()
    finally:
        first.release()
    second = datadir.DataDirLock(tmp_path)
    second.acquire()  # free again once released
    second.release()


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_data_folder_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    (data / "jobs.sqlite3").write_bytes(b"")
    (data / "logs" / "backend.log").write_text("old\n")
    for p in (data, data / "logs"):
        os.chmod(p, 0o755)
    for p in (data / "jobs.sqlite3", data / "logs" / "backend.log"):
        os.chmod(p, 0o644)
    datadir.make_private(data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "logs").stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "jobs.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "logs" / "backend.log").stat().st_mode) == 0o600
