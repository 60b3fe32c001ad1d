"""Exit a process that imported the bpy module, keeping its exit code, on every Blender line.

Why: under the bpy 4.2 module (not Blender itself), Blender's own shutdown (``WM_exit``) runs only
when the ``bpy`` extension module object is deallocated during Python's finalisation. Once
Blender's bundled glTF add-on has been imported (any glTF import or export does that, so every
Worldsmith generate and export), that no longer happens: Python finalises first, and then C++
static destructors free the Python-defined UI classes (``SpaceType::~SpaceType`` ->
``bpy_class_free`` -> ``PyGILState_Ensure`` on a finalised interpreter) and the process dies with
SIGSEGV (exit code 139 / -11) after everything it did succeeded. bpy 5.0 shuts down cleanly.
Reproduce with ``python -c "import bpy, io_scene_gltf2.blender.imp.gltf2_blender_gltf"``.

No cleanup on our side avoids it (the crash happens with the add-on disabled and with nothing of
ours loaded), so on the 4.2 line we finish the process ourselves: flush, run the ``atexit``
handlers (which stop the backend process and remove temp folders), then ``os._exit(code)``,
which skips the C-level exit handlers that crash. Elsewhere (5.x, or inside Blender, where
Blender owns the exit) this is plain ``sys.exit(code)``.

Never imports bpy itself: the decision is made from ``sys.modules``.
"""

from __future__ import annotations

import atexit
import os
import sys
import traceback
from typing import Any, Callable, NoReturn


def needs_hard_exit(modules: Any = None) -> bool:
    """True when this process runs the bpy *module* of the 4.2 line (Blender itself, which has a
    ``binary_path``, exits on its own)."""
    bpy = (sys.modules if modules is None else modules).get("bpy")
    app = getattr(bpy, "app", None)
    if app is None or getattr(app, "binary_path", ""):
        return False
    return tuple(getattr(app, "version", ())[:2]) == (4, 2)


def exit_code(code: Any) -> int:
    """``sys.exit`` semantics: None is 0, an int is itself, anything else is printed and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _hard_exit(status: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:  # noqa: BLE001 - a closed or broken stream must not change the exit code
            pass
    os._exit(status)


def exit_process(code: Any = 0) -> NoReturn:
    """Exit with ``code`` (as ``sys.exit`` reads it), avoiding the bpy 4.2 module's crash at exit."""
    if not needs_hard_exit():
        sys.exit(code)
    status = exit_code(code)
    try:
        atexit._run_exitfuncs()  # what Python's finalisation would have run
    finally:
        _hard_exit(status)


def exit_at_interpreter_exit(status: Callable[[], int]) -> None:
    """For a process whose exit status is decided elsewhere (pytest): when the interpreter exits
    under the bpy 4.2 module, end it with ``status()`` from an ``atexit`` handler, after the
    handlers registered later than this call have run (they run first) and before Blender's
    teardown can crash. Register it early, before bpy is imported. Elsewhere it does nothing."""

    def handler() -> None:
        if needs_hard_exit():
            import logging

            logging.shutdown()  # registered with atexit before us, so it would not run
            _hard_exit(int(status()))

    atexit.register(handler)


def run(main: Callable[[], Any]) -> None:
    """Run a script's ``main()`` and exit with its result, as ``sys.exit(main())`` would: its
    return value, its ``SystemExit`` code, or 1 with the traceback for any other exception. Where
    no hard exit is needed, exceptions propagate and a ``None`` result simply returns."""
    try:
        code = main()
    except SystemExit as exc:
        code = exc.code
    except BaseException:  # noqa: BLE001 - reported exactly like an uncaught exception
        if not needs_hard_exit():
            raise
        traceback.print_exc()
        code = 1
    if code is None and not needs_hard_exit():
        return
    exit_process(code)
