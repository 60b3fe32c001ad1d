"""Add-on preferences: how to reach the generation backend."""

from __future__ import annotations

import sys

import bpy

BACKEND_MODES = (
    ("AUTO", "Start automatically", "Start a local backend on first use with the interpreter below"),
    ("URL", "Connect to URL", "Connect to a backend that is already running"),
)
DEVICES = (
    ("auto", "Auto", "Use a CUDA GPU when the interpreter has one, else the CPU"),
    ("cpu", "CPU", "Always the CPU"),
    ("cuda", "CUDA", "Require a CUDA GPU"),
)


class WORLDSMITH_AP_preferences(bpy.types.AddonPreferences):
    bl_idname = __package__

    backend_mode: bpy.props.EnumProperty(name="Backend", items=BACKEND_MODES, default="AUTO")
    backend_url: bpy.props.StringProperty(
        name="URL", description="Backend base URL, e.g. http://127.0.0.1:8765", default=""
    )
    backend_token: bpy.props.StringProperty(
        name="Token", description="Bearer token of that backend", default="", subtype="PASSWORD"
    )
    python_path: bpy.props.StringProperty(
        name="Python",
        description="Interpreter that runs the backend; empty means Blender's own Python",
        default="",
        subtype="FILE_PATH",
    )
    data_dir: bpy.props.StringProperty(
        name="Data Folder",
        description="Backend jobs, results and logs; empty means the extension's user folder",
        default="",
        subtype="DIR_PATH",
    )
    device: bpy.props.EnumProperty(name="Device", items=DEVICES, default="auto")

    def draw(self, context):
        layout = self.layout
        layout.prop(self, "backend_mode", expand=True)
        col = layout.column()
        if self.backend_mode == "URL":
            col.prop(self, "backend_url")
            col.prop(self, "backend_token")
        else:
            col.prop(self, "python_path")
            if not self.python_path:
                col.label(text=f"Using Blender's Python: {sys.executable}", icon="INFO")
            col.prop(self, "data_dir")
            if not self.data_dir:
                col.label(text="Using the extension's user folder", icon="INFO")
            col.prop(self, "device")


CLASSES = (WORLDSMITH_AP_preferences,)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
