"""Per-request deadlines for the HTTP server.

A socket timeout bounds each read; a client that sends (or reads) one byte just inside it would
hold a handler thread for ever. One thread shuts down the connections whose request has run past
its deadline, which wakes the handler's blocked read or write.
"""

from __future__ import annotations

import logging
import socket
import threading
import time

log = logging.getLogger("worldsmith_backend.server")


class Deadlines:
    """One thread that shuts down connections whose request has run past its deadline, so a
    slow client cannot hold a handler thread longer than that however it times its bytes."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._armed: dict[int, tuple[float, socket.socket]] = {}
        self._thread: threading.Thread | None = None

    def arm(self, sock: socket.socket) -> None:
        with self._lock:
            self._armed[id(sock)] = (time.monotonic() + self.seconds, sock)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="http-deadlines",
                                                daemon=True)
                self._thread.start()

    def disarm(self, sock: socket.socket) -> None:
        with self._lock:
            self._armed.pop(id(sock), None)

    def _run(self) -> None:
        tick = min(0.25, self.seconds / 4)
        while True:
            time.sleep(tick)
            now = time.monotonic()
            with self._lock:
                late = [k for k, (deadline, _) in self._armed.items() if deadline < now]
                socks = [self._armed.pop(k)[1] for k in late]
            for sock in socks:
                log.info("closed a connection whose request took over %.0f s", self.seconds)
                try:
                    sock.shutdown(socket.SHUT_RDWR)  # wakes the handler's blocked read
                except OSError:
                    pass
