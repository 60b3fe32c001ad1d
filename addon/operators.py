"""worldsmith.* operators: read properties, call ``api``, report. No logic of their own."""

from __future__ import annotations

import random

import bpy


class WORLDSMITH_OT_seed_randomize(bpy.types.Operator):
    """Pick a new random seed for the next generation"""

    bl_idname = "worldsmith.seed_randomize"
    bl_label = "Random Seed"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context):
        context.scene.worldsmith.seed = random.randrange(0, 2**31 - 1)
        return {"FINISHED"}


CLASSES = (WORLDSMITH_OT_seed_randomize,)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
