"""The five original themes, now settings of the same names (see settings.py)."""

from __future__ import annotations

from .arch_scifi import CORRIDOR_W
from .settings import SETTINGS, THEME_NAMES, Setting

Theme = Setting
THEMES: dict[str, Setting] = {name: SETTINGS[name] for name in THEME_NAMES}
CORRIDOR_WIDTH = CORRIDOR_W
