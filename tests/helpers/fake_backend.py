"""A fake backend on loopback for the client tests: answers from a table, in order, and records
what it was asked. ``routes[(method, path)]`` is ``(status, body)``, ``(status, headers, body)``,
or a list of those answered one after the other (the last one repeats)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

TOKEN = "secret"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self._answer()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.server.bodies.append(json.loads(self.rfile.read(length) or b"{}"))
        self._answer()

    def _answer(self):
        self.server.calls.append((self.command, self.path))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            status, headers, body = 401, {}, {"error": {"code": "unauthorized", "message": "bad token"}}
        else:
            answer = self.server.routes.get((self.command, self.path), (404, {"error": {"message": "nope"}}))
            if isinstance(answer, list):
                answer = answer.pop(0) if len(answer) > 1 else answer[0]
            status, headers, body = answer if len(answer) == 3 else (answer[0], {}, answer[1])
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def serve() -> Iterator[ThreadingHTTPServer]:
    """A running fake backend (use as a fixture body); ``.url`` is its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.routes, server.bodies, server.calls = {}, [], []
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
