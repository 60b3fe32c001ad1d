"""Protocol v1 against a real backend process: endpoints, jobs, cache, cancel, security."""

from __future__ import annotations

import http.client
import json
import stat
import sys
from typing import Any

import pytest

from tests.helpers.backend_harness import SMALL_SPEC, Backend


MISSING = object()


def test_ready_line_and_token_file(backend: Backend) -> None:
    assert backend.ready["ready"] is True
    assert isinstance(backend.ready["port"], int) and backend.ready["port"] > 0
    assert backend.ready["version"]
    assert len(backend.token) >= 32
    if sys.platform != "win32":
        assert stat.S_IMODE(backend.token_file.stat().st_mode) == 0o600
    log = (backend.data_dir / "logs" / "backend.log").read_text(encoding="utf-8")
    assert "listening on 127.0.0.1" in log


def test_health(backend: Backend) -> None:
    reply = backend.request("GET", "/v1/health")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json"
    health = reply.json()
    assert health["version"] == backend.ready["version"]
    assert health["device"] == "cpu"
    assert health["uptime_s"] >= 0
    assert "procedural" in health["generators"]
    # No CORS, ever: a browser page must not be able to read anything from us.
    assert not any(h.lower().startswith("access-control") for h in reply.headers)


def test_capabilities(backend: Backend) -> None:
    caps = backend.request("GET", "/v1/capabilities").json()
    procedural = {g["name"]: g for g in caps["generators"]}["procedural"]
    assert procedural["device"] == "cpu"
    assert procedural["version"]
    assert procedural["weights_present"] is True
    assert "reason" in procedural
    assert caps["limits"]["max_body_bytes"] == 1024 * 1024


@pytest.mark.parametrize("path", ["/v1/openapi.json", "/openapi.json"])
def test_openapi_document(backend: Backend, path: str) -> None:
    doc = backend.request("GET", path).json()
    assert doc["openapi"].startswith("3.1")
    for p in ["/v1/health", "/v1/capabilities", "/v1/jobs", "/v1/jobs/{id}",
              "/v1/jobs/{id}/cancel", "/v1/jobs/{id}/result", "/v1/openapi.json"]:
        assert p in doc["paths"], p
    spec = doc["components"]["schemas"]["WorldSpec"]
    assert spec["additionalProperties"] is False
    # Every world generator is listed (the diffusion ones too: capabilities say if usable).
    assert "procedural" in spec["properties"]["generator"]["enum"]


def test_submit_poll_result_then_cached(backend: Backend) -> None:
    reply = backend.request("POST", "/v1/jobs", SMALL_SPEC)
    assert reply.status == 202
    ref = reply.json()
    assert ref["state"] in ("queued", "done") and len(ref["id"]) == 32
    job = backend.wait(ref["id"], ("done", "failed"))
    assert job["state"] == "done", job
    assert job["cached"] is False and job["error"] is None
    assert job["created"] <= job["started"] <= job["finished"]
    result = backend.request("GET", f"/v1/jobs/{ref['id']}/result")
    assert result.status == 200
    assert result.headers["Content-Type"] == "model/gltf-binary"
    assert result.body[:4] == b"glTF"
    etag = result.headers["ETag"]

    # The same spec, keys in another order and defaults spelled out: answered from the cache.
    again = dict(reversed(list(SMALL_SPEC.items())), units="meters", reroll=[])
    second = backend.request("POST", "/v1/jobs", again).json()
    assert second["state"] == "done" and second["cached"] is True
    assert backend.request("GET", f"/v1/jobs/{second['id']}").json()["cached"] is True
    cached = backend.request("GET", f"/v1/jobs/{second['id']}/result")
    assert cached.body == result.body and cached.headers["ETag"] == etag
    not_modified = backend.request("GET", f"/v1/jobs/{second['id']}/result",
                                   headers={"If-None-Match": etag})
    assert not_modified.status == 304


@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_token_required(backend: Backend, token: str | None) -> None:
    for method, path in [("GET", "/v1/health"), ("POST", "/v1/jobs"),
                         ("GET", "/v1/openapi.json"), ("GET", "/v1/nowhere")]:
        reply = backend.request(method, path, SMALL_SPEC if method == "POST" else None,
                                token=token)
        assert reply.status == 401, (method, path)
        assert reply.json()["error"]["field"] == "Authorization"


@pytest.mark.parametrize("host", ["evil.example.com", "evil.example.com:8080", "127.0.0.2",
                                  "localhost.evil.com"])
def test_foreign_host_header_is_403(backend: Backend, host: str) -> None:
    reply = backend.request("GET", "/v1/health", headers={"Host": host})
    assert reply.status == 403
    assert reply.json()["error"]["field"] == "Host"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:1234", "[::1]:80"])
def test_loopback_host_names_are_fine(backend: Backend, host: str) -> None:
    assert backend.request("GET", "/v1/health", headers={"Host": host}).status == 200


def test_unknown_job_and_path_are_404(backend: Backend) -> None:
    for path in ["/v1/jobs/" + "0" * 32, "/v1/jobs/not-a-job", "/v1/jobs/" + "0" * 32 + "/result"]:
        reply = backend.request("GET", path)
        assert reply.status == 404 and reply.json()["error"]["field"] == "id", path
    assert backend.request("POST", "/v1/jobs/" + "0" * 32 + "/cancel").status == 404
    for path in ["/", "/v2/health", "/v1/healthz", "/v1/jobs/a/b/c"]:
        reply = backend.request("GET", path)
        assert reply.status == 404 and reply.json()["error"]["field"] == "path", path


@pytest.mark.parametrize("method,path", [("GET", "/v1/jobs"), ("DELETE", "/v1/health"),
                                         ("POST", "/v1/health"), ("PUT", "/v1/jobs"),
                                         ("OPTIONS", "/v1/jobs"), ("OPTIONS", "/v1/health"),
                                         ("GET", "/v1/jobs/" + "0" * 32 + "/cancel")])
def test_wrong_method_is_405(backend: Backend, method: str, path: str) -> None:
    reply = backend.request(method, path)
    assert reply.status == 405, reply.body
    assert reply.json()["error"]["field"] == "method"
    assert "Allow" in reply.headers
    assert not any(h.lower().startswith("access-control") for h in reply.headers)


def test_body_over_limit_is_413_without_reading_it(backend: Backend) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", backend.port, timeout=10)
    # Announce 50 MiB but send none of it: the reply must come from the headers alone.
    conn.putrequest("POST", "/v1/jobs")
    conn.putheader("Authorization", f"Bearer {backend.token}")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(50 * 1024 * 1024))
    conn.endheaders()
    resp = conn.getresponse()
    assert resp.status == 413
    assert json.loads(resp.read())["error"]["field"] == "body"
    conn.close()


def _long(n: int) -> str:
    return "x" * n


_BOX = {"min": [0, 0, 0], "max": [1, 1, 1]}
# (case id, body (dict, or raw bytes), field named in the error)
BAD_REQUESTS: list[tuple[str, Any, str]] = [
    ("no prompt", {"seed": 1}, "prompt"),
    ("empty prompt", {"prompt": ""}, "prompt"),
    ("blank prompt", {"prompt": " \t\n "}, "prompt"),
    ("prompt too long", {"prompt": _long(2001)}, "prompt"),
    ("prompt not string", {"prompt": 5}, "prompt"),
    ("seed negative", {"prompt": "a", "seed": -1}, "seed"),
    ("seed too big", {"prompt": "a", "seed": 2**32}, "seed"),
    ("seed boolean", {"prompt": "a", "seed": True}, "seed"),
    ("seed string", {"prompt": "a", "seed": "1"}, "seed"),
    ("seed fraction", {"prompt": "a", "seed": 1.5}, "seed"),
    ("unknown generator", {"prompt": "a", "generator": "shap-e-9000"}, "generator"),
    ("unknown theme", {"prompt": "a", "theme": "moon_base"}, "theme"),
    ("max_assets zero", {"prompt": "a", "max_assets": 0}, "max_assets"),
    ("max_assets too many", {"prompt": "a", "max_assets": 1001}, "max_assets"),
    ("max_assets boolean", {"prompt": "a", "max_assets": False}, "max_assets"),
    ("texture not pow2", {"prompt": "a", "asset_budget": {"texture_size": 100}},
     "asset_budget.texture_size"),
    ("texture too big", {"prompt": "a", "asset_budget": {"texture_size": 8192}},
     "asset_budget.texture_size"),
    ("texture too small", {"prompt": "a", "asset_budget": {"texture_size": 32}},
     "asset_budget.texture_size"),
    ("triangles too few", {"prompt": "a", "asset_budget": {"max_triangles": 11}},
     "asset_budget.max_triangles"),
    ("triangles too many", {"prompt": "a", "asset_budget": {"max_triangles": 2_000_001}},
     "asset_budget.max_triangles"),
    ("budget extra field", {"prompt": "a", "asset_budget": {"lod": 2}}, "asset_budget.lod"),
    ("budget not object", {"prompt": "a", "asset_budget": "big"}, "asset_budget"),
    ("keep not list", {"prompt": "a", "keep": {"asset_id": "x"}}, "keep"),
    ("keep without box", {"prompt": "a", "keep": [{"asset_id": "well.001"}]}, "keep[0].box"),
    ("keep without id", {"prompt": "a", "keep": [{"box": _BOX}]}, "keep[0].asset_id"),
    ("keep box 2d", {"prompt": "a", "keep": [{"asset_id": "w", "box": {
        "min": [0, 0], "max": [1, 1, 1]}}]}, "keep[0].box.min"),
    ("keep box string", {"prompt": "a", "keep": [{"asset_id": "w", "box": {
        "min": [0, "1", 0], "max": [1, 1, 1]}}]}, "keep[0].box.min[1]"),
    ("keep too long", {"prompt": "a", "keep": [{"asset_id": f"a.{i}", "box": _BOX}
                                              for i in range(1001)]}, "keep"),
    ("reroll item not string", {"prompt": "a", "reroll": [1]}, "reroll[0]"),
    ("reroll too long", {"prompt": "a", "reroll": [f"a.{i}" for i in range(1001)]}, "reroll"),
    ("reroll_seed negative", {"prompt": "a", "reroll_seed": -5}, "reroll_seed"),
    ("world_id with space", {"prompt": "a", "world_id": "my world"}, "world_id"),
    ("world_id too long", {"prompt": "a", "world_id": _long(65)}, "world_id"),
    ("units feet", {"prompt": "a", "units": "feet"}, "units"),
    ("unknown field", {"prompt": "a", "temperature": 0.7}, "temperature"),
    # Caught by the generator's check_inputs rather than the schema:
    ("box inside out", {"prompt": "a", "keep": [{"asset_id": "w", "box": {
        "min": [2, 0, 0], "max": [1, 1, 1]}}]}, "keep[0].box"),
    ("reroll unknown asset", {"prompt": "a courtyard", "reroll": ["dragon.001"]}, "reroll[0]"),
    ("triangles below procedural minimum", {"prompt": "a", "asset_budget": {
        "max_triangles": 100}}, "asset_budget.max_triangles"),
    ("body is a list", [{"prompt": "a"}], "body"),
    ("body is a string", "a well", "body"),
    ("malformed json", b'{"prompt": "a",', "body"),
    ("NaN seed", b'{"prompt": "a", "seed": NaN}', "body"),
    ("not utf-8", b'{"prompt": "\xff\xfe"}', "body"),
    ("empty body", b"", "body"),
]


@pytest.mark.parametrize("body,field", [(b, f) for _, b, f in BAD_REQUESTS],
                         ids=[c for c, _, _ in BAD_REQUESTS])
def test_bad_requests_name_the_field(backend: Backend, body: Any, field: str) -> None:
    if isinstance(body, bytes):
        reply = backend.request("POST", "/v1/jobs", raw=body)
    else:
        reply = backend.request("POST", "/v1/jobs", body)
    assert 400 <= reply.status < 500, reply.body
    error = reply.json()["error"]
    assert error["field"] == field, error
    assert error["code"] and len(error["message"]) > 10
    assert "Traceback" not in reply.body.decode("utf-8", "replace")


def test_bad_cancel_body_names_the_field(backend: Backend) -> None:
    job_id = backend.submit(SMALL_SPEC)
    reply = backend.request("POST", f"/v1/jobs/{job_id}/cancel", {"force": True})
    assert reply.status == 422 and reply.json()["error"]["field"] == "force"


def test_error_message_says_what_is_allowed(backend: Backend) -> None:
    error = backend.request("POST", "/v1/jobs", {"prompt": "a", "seed": True}).json()["error"]
    assert error == {"code": "invalid_field", "field": "seed",
                     "message": "seed must be an integer in 0..4294967295"}
    error = backend.request("POST", "/v1/jobs", {"prompt": "a", "asset_budget": {
        "texture_size": 100}}).json()["error"]
    assert "64" in error["message"] and "4096" in error["message"]


def test_still_healthy_after_abuse(backend: Backend) -> None:
    assert backend.request("GET", "/v1/health").status == 200
    assert backend.proc.poll() is None
    log = (backend.data_dir / "logs" / "backend.log").read_text(encoding="utf-8")
    assert backend.token not in log
