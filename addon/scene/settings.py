"""Settings that come from the add-on preferences, overridden by the environment (headless):
who is acting, and how to reach the backend. Every feature asks here, so a preference means the
same everywhere (versions, notes and reviews are signed by the same ``who()``)."""

from __future__ import annotations

import getpass
import os
from typing import Any

import bpy

from ..service.client import BackendClient
from ..service.process import MANAGER, BackendSettings

# The extension's own module ("bl_ext.user_default.worldsmith"): this module lives one level below.
ADDON = __package__.rpartition(".")[0]
# Its folder: holds worldsmith_backend/, the backend package the zip ships.
EXTENSION_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def preferences() -> Any:
    """The add-on's preferences, or None when the add-on is not enabled (a script imported it)."""
    addon = bpy.context.preferences.addons.get(ADDON)
    return addon.preferences if addon else None


def who() -> str:
    """Who is acting: the *Your Name* preference, else $WORLDSMITH_USER (batch runs, whose fresh
    Blender has no preference set), else the login name."""
    prefs = preferences()
    named = prefs.user_name.strip() if prefs is not None else ""
    try:
        return named or os.environ.get("WORLDSMITH_USER", "").strip() or getpass.getuser()
    except Exception:  # getpass fails without a login name (some containers, Windows services)
        return "unknown"


def user_folder() -> str:
    """The extension's user data folder (created)."""
    return bpy.utils.extension_path_user(ADDON, create=True)


def _path(value: str) -> str:
    return bpy.path.abspath(value) if value else ""


def backend_settings() -> BackendSettings:
    """Preferences, overridden by WORLDSMITH_BACKEND_URL/_TOKEN/_PYTHON/_DATA_DIR (headless)."""
    prefs = preferences()
    env = os.environ
    url = env.get("WORLDSMITH_BACKEND_URL") or (prefs.backend_url if prefs and prefs.backend_mode == "URL" else "")
    data_dir = env.get("WORLDSMITH_BACKEND_DATA_DIR") or (_path(prefs.data_dir) if prefs else "")
    if not data_dir:
        data_dir = os.path.join(user_folder(), "backend")
    return BackendSettings(
        mode="URL" if url else "AUTO",
        url=url,
        token=env.get("WORLDSMITH_BACKEND_TOKEN") or (prefs.backend_token if prefs else ""),
        python=env.get("WORLDSMITH_BACKEND_PYTHON") or (_path(prefs.python_path) if prefs else ""),
        data_dir=data_dir,
        device=prefs.device if prefs else "auto",
        pythonpath=_backend_pythonpath(),
        models_dir=env.get("WORLDSMITH_BACKEND_MODELS_DIR") or (
            _path(getattr(prefs, "models_dir", "")) if prefs else ""),
    )


def _backend_pythonpath() -> list[str]:
    """The extension folder (holds worldsmith_backend/) and the site-packages where Blender
    installed the extension's wheels (found from fastjsonschema, one of those wheels)."""
    paths = [EXTENSION_DIR]
    try:
        import fastjsonschema

        paths.append(os.path.dirname(os.path.dirname(os.path.abspath(fastjsonschema.__file__))))
    except ImportError:
        pass
    return paths


def client() -> BackendClient:
    """A client for the backend, starting it (or connecting to it) on first use."""
    return MANAGER.ensure(backend_settings())
