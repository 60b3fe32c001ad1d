"""Add-on preferences: who you are (for version history) and how to reach the generation backend."""

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
    bl_idname = __package__.rpartition(".")[0]  # the extension module, one level up

    user_name: bpy.props.StringProperty(
        name="Your Name",
        description="Recorded as the author of versions, notes and reviews; empty means "
                    "$WORLDSMITH_USER (batch runs), else the login name",
        default="",
    )
    team_dir: bpy.props.StringProperty(
        name="Team Folder",
        description="A folder the whole team can reach (shared drive): published versions, reviews "
                    "and roles.json; $WORLDSMITH_TEAM_DIR wins for batch runs",
        default="",
        subtype="DIR_PATH",
    )
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
    models_dir: bpy.props.StringProperty(
        name="Models Folder",
        description="Diffusion weights: MODELS_DIR/shap-e and MODELS_DIR/stable-diffusion "
                    "(diffusers format); empty means the local Hugging Face cache only",
        default="",
        subtype="DIR_PATH",
    )
    gpu_index_url: bpy.props.StringProperty(
        name="CUDA Wheel Index",
        description="Package index with CUDA builds of torch (match it to your driver)",
        default="https://download.pytorch.org/whl/cu124",
    )
    gpu_wheel_dir: bpy.props.StringProperty(
        name="Wheel Folder",
        description="Offline install: a folder of downloaded wheels (pip --no-index --find-links)",
        default="",
        subtype="DIR_PATH",
    )
    gpu_require_cuda: bpy.props.BoolProperty(
        name="Require CUDA", description="Fail the install when torch sees no CUDA GPU", default=True
    )
    gpu_install_status: bpy.props.StringProperty(name="GPU Install", default="")

    def draw(self, context):
        layout = self.layout
        layout.prop(self, "user_name")
        layout.prop(self, "team_dir")
        row = layout.row()
        row.label(text="Backend")
        row.prop(self, "backend_mode", expand=True)
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
            col.prop(self, "models_dir")
            box = layout.box()
            box.label(text="GPU backend (Shap-E meshes, Stable Diffusion textures)")
            box.prop(self, "gpu_index_url")
            box.prop(self, "gpu_wheel_dir")
            box.prop(self, "gpu_require_cuda")
            box.operator("worldsmith.install_gpu_backend", icon="IMPORT")
            if self.gpu_install_status:
                box.label(text=self.gpu_install_status, icon="INFO")


CLASSES = (WORLDSMITH_AP_preferences,)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
