"""Start, watch, restart and stop the local backend process (never imports bpy).

The backend runs as ``python -m worldsmith_backend serve --port 0 ...`` and prints one JSON line
``{"ready": true, "port": N, "version": ...}`` when it listens. A reader thread waits for that line
(so a silent child cannot hang Blender) and copies everything else into the log file.
``--parent-pid`` makes the backend exit when Blender dies; ``atexit`` and ``unregister`` stop it
when Blender exits normally.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .client import BackendClient
from ..core.errors import BackendUnavailable

LOG_NAME = "backend-process.log"


@dataclass
class BackendSettings:
    mode: str = "AUTO"                 # AUTO: start our own; URL: connect to a running one
    url: str = ""
    token: str = ""
    python: str = ""                   # empty: this interpreter (Blender's own Python)
    data_dir: str = ""
    device: str = "auto"
    pythonpath: list[str] = field(default_factory=list)
    models_dir: str = ""               # diffusion weights (--models-dir); empty: HF cache only
    ready_timeout_s: float = 60.0


class BackendProcess:
    """One backend child process and the client that talks to it."""

    def __init__(self, settings: BackendSettings):
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.log_path = self.data_dir / LOG_NAME
        self.proc: subprocess.Popen | None = None
        self.client: BackendClient | None = None
        self.ready_info: dict = {}
        self.refusal: dict = {}            # the child's {"ready": false, ...} line, if it refused
        self.attached_pid: int | None = None   # a backend another session started and owns
        self._ready = threading.Event()
        self._log_lock = threading.Lock()

    @property
    def alive(self) -> bool:
        if self.attached_pid is not None:
            return _pid_alive(self.attached_pid)
        return self.proc is not None and self.proc.poll() is None

    @property
    def exit_code(self) -> int | None:
        return self.proc.poll() if self.proc is not None else None

    def start(self) -> BackendClient:
        """A client for the backend of this data folder: the one already running there (another
        Blender session started it: one backend per data folder), else our own child, waiting
        for its ready line; BackendUnavailable if neither comes."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.settings.ready_timeout_s
        while True:
            client = self._attach(_read_running(self.data_dir)) or self._spawn(deadline)
            if client is not None:
                return client
            running = self.refusal.get("running") or {}
            client = self._attach(running)
            if client is not None:
                return client
            if time.monotonic() > deadline:
                raise BackendUnavailable(
                    f"the data folder {self.data_dir} is in use by another backend (pid {running.get('pid')}) "
                    "that does not answer; close the other Blender session or choose another data folder "
                    "in the Worldsmith preferences")
            time.sleep(0.5)  # the other backend is still starting: its port is not known yet

    def _attach(self, running: dict) -> BackendClient | None:
        """A client for a running backend described by its ``backend.json``, if it answers."""
        port, pid = running.get("port"), running.get("pid")
        if not port or not isinstance(pid, int) or pid == os.getpid() or not _pid_alive(pid):
            return None
        token_path = Path(running.get("token_file") or self.data_dir / "token")
        try:
            token = token_path.read_text().strip()
            client = BackendClient(f"http://127.0.0.1:{int(port)}", token)
            client.health(timeout_s=3.0)
        except (OSError, ValueError, BackendUnavailable):
            return None
        self._write_log(f"--- using the backend another session started (pid {pid}, port {port})\n")
        self.client, self.attached_pid, self.ready_info = client, pid, dict(running)
        return client

    def _spawn(self, deadline: float) -> BackendClient | None:
        """Start our own child; None when it refused because another backend holds the folder."""
        token_file = self.data_dir / "token"
        token = secrets.token_urlsafe(32)
        # Written before the start and read again after: works whether the backend reads the
        # token from the file or writes its own there.
        fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(token)
        python = self.settings.python or sys.executable
        args = [python, "-m", "worldsmith_backend", "serve", "--port", "0",
                "--token-file", str(token_file), "--data-dir", str(self.data_dir),
                "--parent-pid", str(os.getpid())]
        if self.settings.device in ("auto", "cpu", "cuda"):
            args += ["--device", self.settings.device]
        if self.settings.models_dir:
            args += ["--models-dir", self.settings.models_dir]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [p for p in self.settings.pythonpath if p] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
        )
        env["PYTHONUNBUFFERED"] = "1"
        self._write_log(f"--- starting: {' '.join(args[:3])} ... (PYTHONPATH={env['PYTHONPATH']})\n")
        try:
            self.proc = subprocess.Popen(
                args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, bufsize=1,
            )
        except OSError as exc:
            raise BackendUnavailable(
                f"could not run the backend interpreter {python!r}: {exc.strerror or exc}; "
                "fix 'Python' in the Worldsmith preferences (empty means Blender's own)"
            ) from None
        self._ready.clear()
        self.refusal = {}
        reader = threading.Thread(target=self._read_output, args=(self.proc,), daemon=True,
                                  name="worldsmith-backend-output")
        reader.start()
        while not self._ready.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                code = self.proc.poll()
                self.stop()
                reader.join(1.0)  # let the last lines reach the log before quoting them
                output = [ln for ln in self.log_tail(20).splitlines() if not ln.startswith("---")]
                why = (f"it exited with code {code}" if code is not None
                       else f"no ready line within {self.settings.ready_timeout_s:.0f} s")
                raise BackendUnavailable(
                    f"the backend did not start ({why}): {' | '.join(output[-3:]) or 'no output'}; see the log"
                )
        if self.refusal:  # it exits by itself (code 3) without touching the other backend's files
            try:
                self.proc.wait(5.0)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            reader.join(1.0)
            self.proc = None
            return None
        port = int(self.ready_info["port"])
        try:
            token = token_file.read_text().strip() or token
        except OSError:
            pass
        self.client = BackendClient(f"http://127.0.0.1:{port}", token)
        return self.client

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop our child; a backend we only attached to belongs to its own session and stays."""
        proc, self.proc, self.client, self.attached_pid = self.proc, None, None, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout_s)
        self._write_log("--- stopped\n")

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log_path, lines)

    def full_log(self, lines: int = 400) -> str:
        """This process's output, then the backend's own log (DATA_DIR/logs/backend.log)."""
        own = _tail(self.log_path, lines)
        service = _tail(self.data_dir / "logs" / "backend.log", lines)
        return own + ("\n\n--- logs/backend.log ---\n" + service if service else "")

    def _read_output(self, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if not self._ready.is_set() and line.lstrip().startswith("{"):
                try:
                    info = json.loads(line)
                except ValueError:
                    info = {}
                if info.get("ready") and "port" in info:
                    self.ready_info = info
                    self._ready.set()
                    continue
                if info.get("ready") is False and (info.get("error") or {}).get("code") == "data_dir_in_use":
                    self.refusal = info
                    self._ready.set()
                    continue
            self._write_log(line)

    def _write_log(self, text: str) -> None:
        with self._log_lock:
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                with open(self.log_path, "a", encoding="utf-8") as f:
                    f.write(text)
            except OSError:
                pass


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists, owned by someone else
    return True


def _read_running(data_dir: Path) -> dict:
    """What the backend holding ``data_dir`` published (``backend.json``), or {}."""
    try:
        info = json.loads((data_dir / "backend.json").read_text())
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _tail(path: Path, lines: int) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


class BackendManager:
    """Lazily starts (or connects to) the backend and keeps a status the UI can show."""

    def __init__(self) -> None:
        self.process: BackendProcess | None = None
        self.state = "stopped"         # stopped | starting | ready | failed
        self.reason = ""
        self.device = ""
        self.version = ""
        self.notes: list[str] = []     # things the user should be told once (a restart)
        self.capabilities: dict = {}   # the last /v1/capabilities answer (the UI lists generators)
        self._lock = threading.RLock()

    def status(self) -> dict:
        """The state the UI and ``api.backend_status`` show; a backend that died since the last
        call is reported failed now, not at the next job."""
        with self._lock:
            proc = self.process
            if self.state == "ready" and proc is not None and not proc.alive:
                code = proc.exit_code
                self.state = "failed"
                self.reason = (f"the backend process exited{f' (code {code})' if code is not None else ''}; "
                               "it starts again on the next Generate")
        return {"state": self.state, "reason": self.reason, "device": self.device,
                "version": self.version, "log_path": self.log_path()}

    def log_path(self) -> str:
        return str(self.process.log_path) if self.process else ""

    def ensure(self, settings: BackendSettings) -> BackendClient:
        """A client for a healthy backend: start it, or restart it once if it died."""
        with self._lock:
            if settings.mode == "URL":
                return self._connect_url(settings)
            proc = self.process
            if proc is not None and proc.alive and proc.client is not None:
                try:
                    self._take_health(proc.client.health(timeout_s=3.0))
                    return proc.client
                except BackendUnavailable:
                    pass  # alive but not answering: restart below
            if proc is not None and proc.client is not None:
                # It was ready once and is gone now: one restart per use, and say so.
                self.notes.append("The backend had stopped; it was restarted.")
                proc.stop()
            return self._start(settings)

    def _start(self, settings: BackendSettings) -> BackendClient:
        self.process = BackendProcess(settings)
        self.state, self.reason = "starting", ""
        try:
            client = self.process.start()
            self._take_health(client.health())
            self.capabilities = client.capabilities()
        except BackendUnavailable as exc:
            self.state, self.reason = "failed", str(exc)
            raise
        return client

    def _connect_url(self, settings: BackendSettings) -> BackendClient:
        if not settings.url:
            self.state, self.reason = "failed", "no backend URL set"
            raise BackendUnavailable("Backend is set to 'Connect to URL' but the URL is empty; set it in the preferences")
        client = BackendClient(settings.url, settings.token)
        try:
            self._take_health(client.health(timeout_s=3.0))
            if not self.capabilities:
                self.capabilities = client.capabilities()
        except BackendUnavailable as exc:
            self.state, self.reason = "failed", str(exc)
            raise
        return client

    def _take_health(self, health: dict) -> None:
        self.state, self.reason = "ready", ""
        self.device = str(health.get("device", "cpu"))
        self.version = str(health.get("version", ""))

    def pop_notes(self) -> list[str]:
        notes, self.notes = self.notes, []
        return notes

    def stop(self) -> None:
        with self._lock:
            if self.process is not None:
                self.process.stop()
            self.state, self.reason = "stopped", ""


MANAGER = BackendManager()
atexit.register(MANAGER.stop)
