"""The HTTP client and the process manager against small fake backends (no bpy, no generator)."""

from __future__ import annotations

import json
import sys
import textwrap

import pytest

from addon.service.client import BackendClient
from addon.service.process import BackendManager, BackendProcess, BackendSettings
from addon.core.errors import BackendUnavailable, GenerationFailed, InvalidInput
from tests.helpers import fake_backend as fake_server


@pytest.fixture
def fake():
    yield from fake_server.serve()


def client_for(server, token=fake_server.TOKEN):
    return BackendClient(server.url, token, timeout_s=2)


def test_submit_poll_and_result(fake):
    fake.routes.update({
        ("POST", "/v1/jobs"): (202, {"id": "a" * 32, "state": "queued", "cached": False}),
        ("GET", "/v1/jobs/" + "a" * 32): (200, {"state": "running", "step": 1, "total": 3}),
        ("GET", f"/v1/jobs/{'a' * 32}/result"): (200, b"glTF-bytes"),
    })
    client = client_for(fake)
    assert client.submit({"prompt": "x"})["id"] == "a" * 32
    assert fake.bodies == [{"prompt": "x"}]
    assert client.job("a" * 32)["step"] == 1
    assert client.result("a" * 32) == b"glTF-bytes"
    assert "secret" not in repr(client)


def test_rejected_spec_is_invalid_input_with_the_field(fake):
    fake.routes[("POST", "/v1/jobs")] = (422, {"error": {"code": "invalid_field", "field": "theme",
                                                        "message": "must be one of courtyard, forest"}})
    with pytest.raises(InvalidInput, match="theme: must be one of courtyard"):
        client_for(fake).submit({"prompt": "x", "theme": "moon"})


def test_server_error_and_bad_token(fake):
    fake.routes[("GET", "/v1/health")] = (500, {"error": {"message": "internal error"}})
    with pytest.raises(GenerationFailed, match="500"):
        client_for(fake).health()
    with pytest.raises(BackendUnavailable, match="token"):
        client_for(fake, token="wrong").health()


def test_nobody_listening_is_backend_unavailable():
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago: nobody listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(BackendUnavailable, match="did not answer"):
        BackendClient(f"http://127.0.0.1:{port}", "t", timeout_s=1).health()


# ---- process manager ------------------------------------------------------------------------

def fake_backend(tmp_path, body: str):
    """A folder holding a fake ``worldsmith_backend`` package whose __main__ runs ``body``."""
    pkg = tmp_path / "fake" / "worldsmith_backend"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "__main__.py").write_text(textwrap.dedent(body))
    return str(tmp_path / "fake")


def settings(tmp_path, path, **kw):
    return BackendSettings(python=sys.executable, data_dir=str(tmp_path / "data"), pythonpath=[path], **kw)


def test_wrong_interpreter_is_reported(tmp_path):
    manager = BackendManager()
    with pytest.raises(BackendUnavailable, match="could not run the backend interpreter"):
        manager.ensure(BackendSettings(python=str(tmp_path / "no-python"), data_dir=str(tmp_path)))
    assert manager.status()["state"] == "failed"


def test_child_that_exits_is_reported_with_its_output(tmp_path):
    path = fake_backend(tmp_path, "import sys\nprint('address already in use', file=sys.stderr)\nsys.exit(1)\n")
    with pytest.raises(BackendUnavailable, match="exited with code 1.*address already in use"):
        BackendProcess(settings(tmp_path, path)).start()


def test_child_without_ready_line_times_out(tmp_path):
    path = fake_backend(tmp_path, "import time\nprint('hello')\ntime.sleep(60)\n")
    proc = BackendProcess(settings(tmp_path, path, ready_timeout_s=1.0))
    with pytest.raises(BackendUnavailable, match="no ready line within 1 s"):
        proc.start()
    assert not proc.alive, "a child that never got ready is stopped, not left running"


def test_ready_line_gives_a_client_and_the_args_are_passed(tmp_path):
    path = fake_backend(tmp_path, """
        import json, sys, time
        open(sys.argv[0] + '.args', 'w').write(json.dumps(sys.argv[1:]))
        print(json.dumps({"ready": True, "port": 1, "version": "0"}), flush=True)
        time.sleep(60)
    """)
    proc = BackendProcess(settings(tmp_path, path, device="cpu"))
    client = proc.start()
    try:
        assert client.base_url == "http://127.0.0.1:1"
        args = json.loads((tmp_path / "fake" / "worldsmith_backend" / "__main__.py.args").read_text())
        assert args[:3] == ["serve", "--port", "0"] and "--parent-pid" in args and "--token-file" in args
        assert args[args.index("--device") + 1] == "cpu"
        token_file = tmp_path / "data" / "token"
        assert (token_file.stat().st_mode & 0o777) == 0o600 and client.token == token_file.read_text()
    finally:
        proc.stop()
    assert not proc.alive
