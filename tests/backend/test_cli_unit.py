"""Unit tests of the command line helpers (no server)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from worldsmith_backend import cli


def test_token_file_is_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "token"
    token = cli.read_or_create_token(path)
    assert len(token) >= 32
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o777 == 0o600
    assert cli.read_or_create_token(path) == token


def test_device_cpu_never_imports_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry makes any `import torch` raise: resolve_device("cpu") must not try.
    monkeypatch.setitem(sys.modules, "torch", None)
    assert cli.resolve_device("cpu") == "cpu"


def test_device_auto_without_torch_is_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.importlib.util, "find_spec", lambda name: None)
    assert cli.resolve_device("auto") == "cpu"
    with pytest.raises(SystemExit, match="CUDA is not available"):
        cli.resolve_device("cuda")


def test_pid_alive() -> None:
    assert cli.pid_alive(os.getpid())
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not cli.pid_alive(proc.pid)


@pytest.mark.parametrize("args", [["serve"], ["serve", "--token-file", "t"],
                                  ["serve", "--token-file", "t", "--data-dir", "d",
                                   "--port", "70000"],
                                  ["serve", "--token-file", "t", "--data-dir", "d",
                                   "--device", "tpu"],
                                  ["serve", "--token-file", "t", "--data-dir", "d",
                                   "--cache-limit-mb", "0"]])
def test_bad_arguments_exit_2(args: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    assert info.value.code == 2
