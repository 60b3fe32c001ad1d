"""Worldsmith's ``USDHook``: Blender's USD exporter calls it with the stage just before saving.

Registered hooks run on every USD export in the session, so this one acts only while a Worldsmith
export is running (``finishing``); a user's own File > Export > USD is left as Blender writes it.
What it does is ``usd.finish_stage``. When the ``pxr`` Python imports cannot take Blender's stage
(another USD build), it leaves the job unfinished and the writer finishes the file instead.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

import bpy

from . import usd

_ACTIVE: list[usd.Finish] = []  # the export being written, at most one


@contextlib.contextmanager
def finishing(job: usd.Finish) -> Iterator[usd.Finish]:
    _ACTIVE.append(job)
    try:
        yield job
    finally:
        _ACTIVE.remove(job)


def on_export(export_context) -> bool:
    if not _ACTIVE:
        return True
    job = _ACTIVE[-1]
    try:
        stage = export_context.get_stage()
    except TypeError:  # "No to_python converter": this pxr is not the build Blender links
        return True
    try:
        usd.finish_stage(stage, job)
        usd.settle(stage, job, alone=not _other_hooks())
    except Exception as exc:  # reported by the writer, which then keeps nothing of this export
        job.error = exc
    return True


def _other_hooks() -> bool:
    """Another add-on's USD hook is registered: it may run after this one, on the same stage."""
    base = getattr(bpy.types, "USDHook", None)
    return base is not None and any(
        getattr(cls, "is_registered", False) and cls not in CLASSES for cls in base.__subclasses__())


if hasattr(bpy.types, "USDHook"):
    class WORLDSMITH_usd_hook(bpy.types.USDHook):
        bl_idname = "worldsmith_export"
        bl_label = "Worldsmith export"
        bl_description = "Finishes Worldsmith's own USD exports; other USD exports are left as they are"

        @staticmethod
        def on_export(export_context) -> bool:
            return on_export(export_context)

    CLASSES: tuple = (WORLDSMITH_usd_hook,)
else:  # pragma: no cover - every Blender 4.2+ has USDHook
    CLASSES = ()


def register() -> None:
    usd.prefer_blender_pxr()
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
