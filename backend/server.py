"""Loopback HTTP front of the job service (protocol v1).

Handlers only check the request (Host, token, size), decode JSON, call the job service and
encode its answer. Nothing slow happens here: generation runs on the job service's workers.
Every failure is answered with a JSON error body naming the field and what is allowed, and no
reply ever carries a traceback.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .datadir import DataDirUnavailable
from .deadlines import Deadlines
from .jobs import JobService, NotReady, QueueFull, ResultGone, ShuttingDown, UnknownJob
from .tokens import TokenCheck
from .validation import FieldError, parse_json

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
_LOOPBACK_HOST = re.compile(r"^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$", re.IGNORECASE)
_JOB_PATH = re.compile(r"^/v1/jobs/([^/]+)(/cancel|/result)?$")
INTERNAL_MESSAGE = "internal error; see DATA_DIR/logs/backend.log"
#: One request (waiting for it on a kept-alive connection, reading it, answering it) may take
#: this long in all; a client that dribbles bytes is cut off when it is over.
DEFAULT_REQUEST_TIMEOUT_S = 30.0


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
    # The listen backlog: socketserver's default of 5 made a burst of 100 health polls wait
    # for SYN retransmits (1 s, 3 s, ...). The kernel caps it at net.core.somaxconn.
    request_queue_size = 512

    def __init__(self, port: int, token: str, jobs: JobService, health: Callable[[], dict],
                 capabilities: Callable[[], dict], openapi: dict[str, Any],
                 unload_models: Callable[[], dict] | None = None, *,
                 token_file: Path | None = None,
                 request_timeout_s: float = DEFAULT_REQUEST_TIMEOUT_S,
                 ensure_data_dir: Callable[[], None] | None = None):
        self.tokens = TokenCheck(token, token_file)
        self.request_timeout_s = request_timeout_s
        self.deadlines = Deadlines(request_timeout_s)
        # Raises DataDirUnavailable when the data folder is gone for good (health says so).
        self.ensure_data_dir = ensure_data_dir or (lambda: None)
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
    # A stalled client must not hold a handler thread forever: per read (socket timeout,
    # set in setup from the server) and per request in all (server.deadlines).
    timeout = DEFAULT_REQUEST_TIMEOUT_S

    def version_string(self) -> str:
        return f"worldsmith-backend/{__version__}"

    def setup(self) -> None:
        self.timeout = self.server.request_timeout_s
        super().setup()

    def handle_one_request(self) -> None:
        self.server.deadlines.arm(self.connection)
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError, socket.timeout):
            self.close_connection = True
        finally:
            self.server.deadlines.disarm(self.connection)

    def parse_request(self) -> bool:
        words = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n").split()
        if len(words) == 2:
            # HTTP/0.9 ("GET /path") sends no headers; http.server would wait for them until
            # the timeout. Answer at once, with a status line a current client can read.
            self.requestline = " ".join(words)
            self.request_version = "HTTP/1.0"
            self.close_connection = True
            simple = words[0].isalpha() and words[0].isupper()
            self.send_error(400, "HTTP/0.9 requests are not supported; send HTTP/1.1"
                            if simple else "malformed request line")
            return False
        return super().parse_request()

    # Every method goes through one dispatcher so unknown paths and methods answer alike.
    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_GET

    # ---- plumbing -------------------------------------------------------------------------

    def _dispatch(self) -> None:
        started = time.monotonic()
        try:
            self._check_host()
            if self.command == "OPTIONS":
                # No CORS preflight is ever answered, with or without a token (docs say 405).
                raise ApiError(405, "method_not_allowed", "OPTIONS is not supported (there "
                               "is no CORS); send the request itself with the token",
                               field="method", headers={"Allow": "GET, POST"})
            self._check_token()
            self._route()
        except ApiError as err:
            self._reply_safely(err.status, err.body(), err.headers)
        except (ConnectionError, TimeoutError, socket.timeout):
            self.close_connection = True  # the client went away or ran out of time
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
        ok = scheme.lower() == "bearer" and self.server.tokens.matches(
            given.strip().encode("utf-8", "surrogateescape"))
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
        # http.server leaves the version at HTTP/0.9 when the request line was unusable, and
        # then writes no status line at all: answer as HTTP/1.0 so every client can read it.
        if self.request_version not in ("HTTP/1.0", "HTTP/1.1"):
            self.request_version = "HTTP/1.0"
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "error"
        status = 405 if code == 501 else code  # an unknown method is just a wrong method
        codes = {505: "http_version_not_supported", 408: "request_timeout",
                 414: "request_line_too_long", 431: "headers_too_large"}
        try:
            self._send_json(status, {"error": {"code": codes.get(status, "bad_request"),
                                               "field": "request",
                                               "message": message or phrase}})
        except OSError:
            pass

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
        self._ensure_data_dir()
        self._send_json(200, self.server.health())

    def _ensure_data_dir(self) -> None:
        try:
            self.server.ensure_data_dir()
        except DataDirUnavailable as exc:
            raise ApiError(503, "data_dir_unavailable", str(exc), field="data_dir") from None

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
        except DataDirUnavailable as exc:
            raise ApiError(503, "data_dir_unavailable", str(exc), field="data_dir") from None
        except QueueFull as exc:
            err = ApiError(429, "queue_full", f"{exc.queued} jobs are already waiting (the "
                           f"limit is {exc.limit}); submit again in {exc.retry_after_s} s",
                           field="queue", headers={"Retry-After": str(exc.retry_after_s)})
            body = err.body()
            body["error"]["retry_after_s"] = exc.retry_after_s
            self._send_json(429, body, err.headers)
            return
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
            found, data = self.server.jobs.result(job_id)
        except UnknownJob:
            raise _unknown_job(job_id) from None
        except NotReady as exc:
            raise ApiError(409, "not_done", f"the job is {exc.state}; a result exists only "
                           "when the state is done", field="state") from None
        except ResultGone:
            raise ApiError(410, "result_evicted", "the result was evicted from the cache (or "
                           "was damaged on disk and removed); submit the spec again",
                           field="id") from None
        etag = f'"{found.sha256}"'
        if etag in [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        # ``data`` is exactly the bytes whose sha256 is the ETag (checked on read).
        self._send(200, data, found.media_type, {"ETag": etag})


def _unknown_job(job_id: str) -> ApiError:
    return ApiError(404, "unknown_job", f"no job with id {job_id!r} (ids are 32 hex "
                    "characters; finished records expire)", field="id")
