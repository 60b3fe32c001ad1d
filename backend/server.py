"""Loopback HTTP front of the job service (protocol v1).

Handlers only check the request (Host, token, size), decode JSON, call the job service and
encode its answer. Nothing slow happens here: generation runs on the job service's workers.
Every failure is answered with a JSON error body naming the field and what is allowed, and no
reply ever carries a traceback.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from . import __version__
from .jobs import JobService, NotReady, ResultGone, ShuttingDown, UnknownJob
from .validation import FieldError, parse_json

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
_LOOPBACK_HOST = re.compile(r"^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$", re.IGNORECASE)
_JOB_PATH = re.compile(r"^/v1/jobs/([^/]+)(/cancel|/result)?$")
INTERNAL_MESSAGE = "internal error; see DATA_DIR/logs/backend.log"


class ApiError(Exception):
    """An error reply: HTTP status, stable code, the field concerned and what is allowed."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        err: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            err["field"] = self.field
        return {"error": err}


class BackendServer(ThreadingHTTPServer):
    """ThreadingHTTPServer bound to 127.0.0.1 carrying what the handlers need."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, port: int, token: str, jobs: JobService, health: Callable[[], dict],
                 capabilities: Callable[[], dict], openapi: dict[str, Any],
                 unload_models: Callable[[], dict] | None = None):
        self.token = token.encode("utf-8")
        # Frees loaded diffusion pipelines; raises a "busy" error (anything with
        # .busy = True) while a job uses them.
        self.unload_models = unload_models or (lambda: {"unloaded": []})
        self.jobs = jobs
        self.health = health
        self.capabilities = capabilities
        self.openapi_bytes = json.dumps(openapi, sort_keys=True).encode("utf-8")
        self.validator = jobs.validator
        super().__init__(("127.0.0.1", port), Handler)


class Handler(BaseHTTPRequestHandler):
    server: BackendServer
    # A stalled client must not hold a handler thread forever.
    timeout = 30

    def version_string(self) -> str:
        return f"worldsmith-backend/{__version__}"

    # Every method goes through one dispatcher so unknown paths and methods answer alike.
    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_GET

    # ---- plumbing -------------------------------------------------------------------------

    def _dispatch(self) -> None:
        started = time.monotonic()
        try:
            self._check_host()
            self._check_token()
            self._route()
        except ApiError as err:
            self._reply_safely(err.status, err.body(), err.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away; nobody to answer
        except Exception:
            log.exception("unhandled error for %s %s", self.command, self._path())
            body = {"error": {"code": "internal", "message": INTERNAL_MESSAGE}}
            self._reply_safely(500, body)
        finally:
            log.debug("%s %s in %.1f ms", self.command, self._path(),
                      (time.monotonic() - started) * 1000)

    def _reply_safely(self, status: int, body: Any,
                      headers: dict[str, str] | None = None) -> None:
        try:
            self._send_json(status, body, headers)
        except OSError:
            self.close_connection = True

    def _path(self) -> str:
        return self.path.split("?", 1)[0]

    def _check_host(self) -> None:
        # DNS rebinding: a web page on evil.example.com resolving to 127.0.0.1 sends its own
        # name as Host, which we refuse before even looking at the token.
        host = self.headers.get("Host", "")
        if not _LOOPBACK_HOST.match(host.strip()):
            raise ApiError(403, "forbidden_host", "the Host header must be 127.0.0.1, "
                           "localhost or [::1] (with an optional port)", field="Host")

    def _check_token(self) -> None:
        auth = self.headers.get("Authorization", "")
        scheme, _, given = auth.partition(" ")
        ok = scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode("utf-8"), self.server.token)
        if not ok:
            raise ApiError(401, "unauthorized", "send 'Authorization: Bearer <token>' with the "
                           "token from the backend's token file", field="Authorization",
                           headers={"WWW-Authenticate": "Bearer"})

    def _route(self) -> None:
        path = self._path()
        routes: dict[str, Callable[[], None]]
        match = _JOB_PATH.match(path)
        if path == "/v1/health":
            routes = {"GET": self._health}
        elif path == "/v1/capabilities":
            routes = {"GET": self._capabilities}
        elif path in ("/v1/openapi.json", "/openapi.json"):
            routes = {"GET": self._openapi}
        elif path == "/v1/jobs":
            routes = {"POST": self._submit}
        elif path == "/v1/models/unload":
            routes = {"POST": self._unload_models}
        elif match and match.group(2) == "/cancel":
            routes = {"POST": lambda: self._cancel(match.group(1))}
        elif match and match.group(2) == "/result":
            routes = {"GET": lambda: self._result(match.group(1))}
        elif match:
            routes = {"GET": lambda: self._job(match.group(1))}
        else:
            raise ApiError(404, "not_found", f"no such endpoint: {path}; see /v1/openapi.json",
                           field="path")
        handler = routes.get(self.command)
        if handler is None:
            allowed = ", ".join(routes)
            raise ApiError(405, "method_not_allowed",
                           f"{self.command} is not allowed on {path}; allowed: {allowed}",
                           field="method", headers={"Allow": allowed})
        handler()

    def _read_json(self, required: bool) -> Any:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise ApiError(411, "length_required", "send the body with a Content-Length "
                           "header (chunked bodies are not accepted)", field="Content-Length")
        raw_length = self.headers.get("Content-Length", "0").strip() or "0"
        if not raw_length.isdigit():
            self.close_connection = True
            raise ApiError(400, "bad_length", "Content-Length must be a non-negative integer",
                           field="Content-Length")
        length = int(raw_length)
        if length > MAX_BODY_BYTES:
            # Refuse without reading the body; the connection cannot be reused after that.
            self.close_connection = True
            raise ApiError(413, "body_too_large",
                           f"the body must be at most {MAX_BODY_BYTES} bytes", field="body")
        if length == 0:
            if required:
                raise ApiError(400, "malformed_json", "the body must be a JSON object",
                               field="body")
            return {}
        raw = self.rfile.read(length)
        try:
            return parse_json(raw)
        except ValueError as exc:
            raise ApiError(400, "malformed_json", f"the body is not valid JSON: {exc}",
                           field="body") from None

    def _send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode("utf-8")
        self._send(status, data, "application/json", headers)

    def _send(self, status: int, data: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """Errors raised by http.server itself (bad request line, odd methods) as JSON."""
        self.close_connection = True
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "error"
        status = 405 if code == 501 else code  # an unknown method is just a wrong method
        self._send_json(status, {"error": {"code": "bad_request", "field": "request",
                                           "message": message or phrase}})

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # Clients poll job state several times a second: successes are debug noise.
        status = int(code) if str(code).isdigit() else 0
        level = logging.INFO if status >= 400 or self.command == "POST" else logging.DEBUG
        log.log(level, "%s \"%s\" %s", self.address_string(), self.requestline, code)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line holds no secret (the token travels in a header); headers are never
        # logged.
        log.info("%s - %s", self.address_string(), format % args)

    # ---- endpoints ------------------------------------------------------------------------

    def _health(self) -> None:
        self._send_json(200, self.server.health())

    def _capabilities(self) -> None:
        self._send_json(200, self.server.capabilities())

    def _openapi(self) -> None:
        self._send(200, self.server.openapi_bytes, "application/json")

    def _submit(self) -> None:
        body = self._read_json(required=True)
        try:
            ref = self.server.jobs.submit(body)
        except FieldError as err:
            raise ApiError(422, "invalid_field", err.message, field=err.field) from None
        except ShuttingDown:
            raise ApiError(503, "shutting_down", "the backend is stopping; start it again",
                           field="backend") from None
        self._send_json(202, ref, {"Location": f"/v1/jobs/{ref['id']}"})

    def _unload_models(self) -> None:
        body = self._read_json(required=False)
        try:
            self.server.validator.cancel_request(body)  # the same empty-object schema
        except FieldError as err:
            raise ApiError(422, "invalid_field", err.message, field=err.field) from None
        try:
            result = self.server.unload_models()
        except Exception as exc:
            if getattr(exc, "busy", False):
                raise ApiError(409, "models_busy", str(exc), field="models") from None
            raise
        self._send_json(200, result)

    def _job(self, job_id: str) -> None:
        try:
            self._send_json(200, self.server.jobs.get(job_id))
        except UnknownJob:
            raise _unknown_job(job_id) from None

    def _cancel(self, job_id: str) -> None:
        body = self._read_json(required=False)
        try:
            self.server.validator.cancel_request(body)
            self._send_json(200, self.server.jobs.cancel(job_id))
        except FieldError as err:
            raise ApiError(422, "invalid_field", err.message, field=err.field) from None
        except UnknownJob:
            raise _unknown_job(job_id) from None

    def _result(self, job_id: str) -> None:
        try:
            found = self.server.jobs.result(job_id)
        except UnknownJob:
            raise _unknown_job(job_id) from None
        except NotReady as exc:
            raise ApiError(409, "not_done", f"the job is {exc.state}; a result exists only "
                           "when the state is done", field="state") from None
        except ResultGone:
            raise ApiError(410, "result_evicted", "the result was evicted from the cache; "
                           "submit the spec again", field="id") from None
        etag = f'"{found.sha256}"'
        if etag in [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        try:
            data = found.path.read_bytes()
        except FileNotFoundError:  # evicted between lookup and read
            raise ApiError(410, "result_evicted", "the result was evicted from the cache; "
                           "submit the spec again", field="id") from None
        self._send(200, data, found.media_type, {"ETag": etag})


def _unknown_job(job_id: str) -> ApiError:
    return ApiError(404, "unknown_job", f"no job with id {job_id!r} (ids are 32 hex "
                    "characters; finished records expire)", field="id")
