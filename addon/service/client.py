"""HTTP client for the backend protocol v1 (urllib only; never imports bpy).

Every failure becomes a ``WorldsmithError`` subclass: unreachable -> BackendUnavailable, a 4xx
about the request -> InvalidInput carrying the backend's field and message, the rest ->
GenerationFailed. Requests bypass proxies: the backend is on loopback and a corporate
``HTTP_PROXY`` must not see the token.
"""

from __future__ import annotations

import hashlib
import json
import socket
import urllib.error
import urllib.request
from typing import Any

from ..core.errors import BackendBusy, BackendUnavailable, GenerationFailed, InvalidInput, ResultUnavailable

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class BackendClient:
    def __init__(self, base_url: str, token: str, *, timeout_s: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s

    def __repr__(self) -> str:  # never print the token
        return f"BackendClient({self.base_url!r})"

    # ---- endpoints --------------------------------------------------------------------------

    def health(self, *, timeout_s: float | None = None) -> dict[str, Any]:
        return self._json("GET", "/v1/health", timeout_s=timeout_s)

    def capabilities(self) -> dict[str, Any]:
        return self._json("GET", "/v1/capabilities")

    def submit(self, spec: dict[str, Any]) -> dict[str, Any]:
        """POST a world spec; returns ``{id, state, cached}``."""
        return self._json("POST", "/v1/jobs", body=spec)

    def job(self, job_id: str) -> dict[str, Any]:
        return self._json("GET", f"/v1/jobs/{job_id}")

    def cancel(self, job_id: str) -> dict[str, Any]:
        return self._json("POST", f"/v1/jobs/{job_id}/cancel", body={})

    def result(self, job_id: str) -> bytes:
        """The result bytes of a finished job, checked against their ETag (the sha256 of the
        body): a damaged download is fetched once more, then ``ResultUnavailable``."""
        path = f"/v1/jobs/{job_id}/result"
        for _ in range(2):
            body, headers = self._request("GET", path, None, timeout_s=60.0, with_headers=True)
            expected = (headers.get("ETag") or "").strip().strip('"')
            if not expected or hashlib.sha256(body).hexdigest() == expected:
                return body
        raise ResultUnavailable(f"the result of job {job_id} arrived damaged twice (its bytes do not match "
                                "its ETag); nothing was imported")

    # ---- plumbing ---------------------------------------------------------------------------

    def _json(self, method: str, path: str, *, body: Any = None, timeout_s: float | None = None) -> Any:
        raw = self._request(method, path, body, timeout_s=timeout_s)
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GenerationFailed(f"the backend answered {path} with something that is not JSON: {exc}") from None

    def _request(self, method: str, path: str, body: Any, *, timeout_s: float | None,
                 with_headers: bool = False) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with _OPENER.open(request, timeout=timeout_s or self.timeout_s) as response:
                data = response.read()
                return (data, dict(response.headers.items())) if with_headers else data
        except urllib.error.HTTPError as exc:
            raise _http_error(exc, path) from None
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise BackendUnavailable(
                f"the backend at {self.base_url} did not answer ({reason}); check that it is running"
            ) from None


def _http_error(exc: urllib.error.HTTPError, path: str) -> Exception:
    try:
        err = json.loads(exc.read().decode("utf-8")).get("error", {})
    except Exception:
        err = {}
    message = err.get("message") or exc.reason or "no message"
    field = err.get("field")
    text = f"{field}: {message}" if field else str(message)
    if exc.code == 401:
        return BackendUnavailable(f"the backend refused the token ({message}); restart the backend")
    if exc.code == 503:
        return BackendUnavailable(f"the backend is not taking jobs: {text}")
    if exc.code == 429:
        try:
            retry = float(exc.headers.get("Retry-After") or err.get("retry_after_s") or 1)
        except (TypeError, ValueError):
            retry = 1.0
        return BackendBusy(f"the backend's queue is full ({message}); try again in {retry:.0f} s", retry)
    if exc.code == 410:
        return ResultUnavailable(f"{path}: {text}; submit the job again")
    if 400 <= exc.code < 500 and path == "/v1/jobs":
        error = InvalidInput(text)
    elif 400 <= exc.code < 500:
        error = GenerationFailed(f"{path}: {text}")
    else:
        error = GenerationFailed(f"the backend failed ({exc.code}): {text}")
    error.field = field  # type: ignore[attr-defined]
    error.status = exc.code  # type: ignore[attr-defined]
    return error
