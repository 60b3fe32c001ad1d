"""Generate operators, and the timer that runs a job in the UI without freezing Blender.

Headless (``bpy.app.background``) the same operators block and print progress to stderr, since
timers never fire there. In the UI the backend starts and the job is submitted on a worker
thread (no bpy in it); polling and the import run in a ``bpy.app.timers`` callback on the main
thread, because all bpy changes belong on the main thread.
"""

from __future__ import annotations

import random
import threading
import time

import bpy

from ..core import polling
from ..core.errors import JobCancelled, WorldsmithError
from ..scene import settings, store
from ..scene.assets import asset_root, version_of
from ..scene.ui_base import ReportingOperator
from ..service.jobs import JobRun
from ..service.process import MANAGER
from . import locks, plans
from .run import Outcome, conclude, run_blocking


class UiJob:
    """The one job the UI runs at a time; the panel reads ``label()`` and ``fraction``.

    The backend start and the submit run on a worker thread (no bpy in it); ``step`` runs on the
    main thread, from the timer, and polls through the same ``JobRun`` as headless runs.
    """

    def __init__(self, plan: plans.Plan):
        self.plan = plan
        self.started = time.monotonic()
        self.job: JobRun | None = None
        self.cancel_wanted = False
        self.importing = False
        self._submit_error: BaseException | None = None
        backend = settings.backend_settings()  # read preferences here, on the main thread
        self._thread = threading.Thread(target=self._submit, args=(backend,), daemon=True)
        self._thread.start()

    def _submit(self, backend) -> None:
        try:
            self.job = JobRun.submit(MANAGER.ensure(backend), self.plan.spec,
                                     should_cancel=lambda: self.cancel_wanted)
            if self.cancel_wanted:  # Cancel was pressed while the backend started
                self.job.try_cancel()
        except BaseException as exc:  # handed to the main thread, which reports it
            self._submit_error = exc

    @property
    def poller(self):
        return self.job.poller if self.job is not None and not self._thread.is_alive() else None

    @property
    def fraction(self) -> float:
        return self.poller.fraction if self.poller else 0.0

    def label(self) -> str:
        if self.importing:
            return "importing…"
        if self.poller is None:
            return "starting backend…" if MANAGER.state == "starting" else "submitting…"
        return self.poller.label()

    def step(self) -> Outcome | None:
        """Advance once; an Outcome when imported, None to be called again; raises on failure."""
        if self.cancel_wanted:
            # The panel is free at once: the cancel request goes out on a thread (a busy backend
            # can take seconds to answer), the backend stops at its next check, and nothing of
            # the job is imported. Headless runs wait for the confirmation (JobRun.wait).
            if not self._thread.is_alive() and self.job is not None:
                threading.Thread(target=self.job.try_cancel, daemon=True).start()
            raise JobCancelled("Generation cancelled; the scene was not changed")
        if self._thread.is_alive():
            return None
        if self._submit_error is not None:
            raise self._submit_error
        self.job.poll()
        if not self.job.finished:
            return None
        if self.job.poller.state == polling.DONE and not self.importing:
            self.importing = True  # one redraw shows "importing…" before the import runs
            return None
        return conclude(self.plan, self.job, self.started)


CURRENT: UiJob | None = None
LAST_RESULT: tuple[str, str] = ("", "")   # (INFO|ERROR, message) shown under the panel


def _tick() -> float | None:
    global CURRENT, LAST_RESULT
    job = CURRENT
    if job is None:
        return None
    wm = bpy.context.window_manager
    try:
        outcome = job.step()
    except JobCancelled as exc:  # the artist asked for it: not an error
        outcome, LAST_RESULT = None, ("CANCELLED", str(exc))
        job = None
    except WorldsmithError as exc:
        outcome, LAST_RESULT = None, ("ERROR", str(exc))
        job = None
    except Exception as exc:  # a bug must not leave the timer spinning
        outcome, LAST_RESULT = None, ("ERROR", f"Unexpected error: {exc}")
        job = None
    if outcome is not None:
        LAST_RESULT = ("INFO", outcome.message())
        activate(outcome.version)
        try:
            bpy.ops.ed.undo_push(message="Worldsmith: import world")
        except RuntimeError:
            pass
        job = None
    _redraw()
    if job is None:
        CURRENT = None
        if wm:
            wm.progress_end()
        print(f"worldsmith: {LAST_RESULT[1]}")
        return None
    if wm:
        wm.progress_update(int(job.fraction * 100))
    return 0.1


def _redraw() -> None:
    for window in getattr(bpy.context.window_manager, "windows", []):
        for area in window.screen.areas:
            if area.type == "VIEW_3D":
                area.tag_redraw()


def run(operator: bpy.types.Operator, context: bpy.types.Context, make_plan) -> set[str]:
    """Shared body of generate/regenerate/reroll: plan, then block (headless) or start a job."""
    global CURRENT, LAST_RESULT
    if CURRENT is not None:
        operator.report({"WARNING"}, "A generation job is already running; cancel it or wait")
        return {"CANCELLED"}
    try:
        plan = make_plan()
        if bpy.app.background or not context.window_manager.windows:
            outcome = run_blocking(plan)
            activate(outcome.version)
            operator.report({"INFO"}, outcome.message())
            return {"FINISHED"}
    except JobCancelled as exc:
        operator.report({"WARNING"}, str(exc))
        return {"CANCELLED"}
    except WorldsmithError as exc:
        operator.report({"ERROR"}, str(exc))
        return {"CANCELLED"}
    CURRENT, LAST_RESULT = UiJob(plan), ("", "")
    context.window_manager.progress_begin(0, 100)
    bpy.app.timers.register(_tick, first_interval=0.1)
    operator.report({"INFO"}, "Generating in the background; see the Worldsmith panel")
    return {"FINISHED"}


def activate(version) -> None:
    """Leave one asset of the new version selected and active (a kept one if any), so the
    Materials panel and the Properties editor have an object to show."""
    assets = version.assets()
    if not assets:
        return
    root = next((o for _, o in sorted(assets.items()) if o.get("locked")), None) or assets[sorted(assets)[0]]
    view_layer = bpy.context.view_layer
    for obj in view_layer.objects:
        if obj.select_get():
            obj.select_set(False)
    if root.name in view_layer.objects:
        root.select_set(True)
        view_layer.objects.active = root


def context_version(context: bpy.types.Context):
    """The version to act on: that of the active object, else the newest visible one."""
    obj = context.active_object
    version = version_of(asset_root(obj) or obj) if obj else None
    visible = store.visible_versions()
    return version or (visible[-1] if visible else None)


def selected_assets(context: bpy.types.Context) -> list:
    roots = [asset_root(o) for o in (context.selected_objects or [])]
    return list(dict.fromkeys(r for r in roots if r is not None))


class WORLDSMITH_OT_generate(bpy.types.Operator):
    """Generate a world from the prompt (runs in the background)"""

    bl_idname = "worldsmith.generate"
    bl_label = "Generate"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context):
        s = context.scene.worldsmith
        return run(self, context, lambda: plans.plan_generate(
            s.prompt, seed=s.seed, theme=s.theme, generator=s.generator,
            max_assets=s.max_assets or None, texture_size=int(s.texture_size), scene=context.scene,
            beside_content=True))


class WORLDSMITH_OT_regenerate(bpy.types.Operator):
    """Make a new version: locked assets stay exactly as they are, the rest is generated anew"""

    bl_idname = "worldsmith.regenerate"
    bl_label = "Regenerate Unlocked"
    bl_options = {"REGISTER", "UNDO"}

    @classmethod
    def poll(cls, context):
        return CURRENT is None and context_version(context) is not None

    def execute(self, context):
        return run(self, context, lambda: plans.plan_regenerate(context_version(context)))


class WORLDSMITH_OT_reroll(bpy.types.Operator):
    """Make a new version where only the selected assets are generated again"""

    bl_idname = "worldsmith.reroll"
    bl_label = "Reroll Selected"
    bl_options = {"REGISTER", "UNDO"}

    @classmethod
    def poll(cls, context):
        return CURRENT is None and bool(selected_assets(context))

    def execute(self, context):
        assets = selected_assets(context)
        return run(self, context, lambda: plans.plan_reroll(version_of(assets[0]), assets))


class WORLDSMITH_OT_proxy_fill(bpy.types.Operator):
    """Give the proxies of this version real shapes from the diffusion mesh generator (a new version)"""

    bl_idname = "worldsmith.proxy_fill"
    bl_label = "Fill Proxies"
    bl_options = {"REGISTER", "UNDO"}

    generator: bpy.props.StringProperty(name="Generator", default="shap-e")
    asset_id: bpy.props.StringProperty(name="Asset ID", description="Fill only this proxy; empty fills them all")

    @classmethod
    def poll(cls, context):
        version = context_version(context)
        return CURRENT is None and version is not None and bool(version.proxies())

    def execute(self, context):
        ids = [self.asset_id] if self.asset_id else None
        return run(self, context, lambda: plans.plan_fill_proxies(context_version(context), ids,
                                                                  generator=self.generator))


class WORLDSMITH_OT_generate_cancel(bpy.types.Operator):
    """Cancel the running generation; nothing is imported"""

    bl_idname = "worldsmith.generate_cancel"
    bl_label = "Cancel"
    bl_options = {"REGISTER"}

    def execute(self, context):
        if CURRENT is None:
            self.report({"WARNING"}, "No generation is running")
            return {"CANCELLED"}
        CURRENT.cancel_wanted = True
        self.report({"INFO"}, "Cancelling…")
        return {"FINISHED"}


class WORLDSMITH_OT_lock(ReportingOperator, bpy.types.Operator):
    """Lock (or unlock) the selected assets: regenerate keeps locked assets exactly"""

    bl_idname = "worldsmith.lock"
    bl_label = "Lock Assets"
    bl_options = {"REGISTER", "UNDO"}

    locked: bpy.props.BoolProperty(name="Locked", default=True)
    asset_id: bpy.props.StringProperty(name="Asset ID", description="Lock this asset instead of the selection")
    object_name: bpy.props.StringProperty(name="Object", description="Lock this object's asset (the list's row)")

    def run(self, context):
        if self.object_name:
            targets = [bpy.data.objects.get(self.object_name) or self.object_name]
        else:
            targets = [self.asset_id] if self.asset_id else selected_assets(context)
        roots = locks.lock(targets, self.locked)
        names = ", ".join(r.name for r in roots[:3]) + (" …" if len(roots) > 3 else "")
        return f"{'Locked' if self.locked else 'Unlocked'} {names or 'nothing'}"


class WORLDSMITH_OT_mark_asset(ReportingOperator, bpy.types.Operator):
    """Mark the selected assets for the Asset Browser, tagged and filed under their world"""

    bl_idname = "worldsmith.mark_asset"
    bl_label = "Mark as Asset"
    bl_options = {"REGISTER", "UNDO"}

    def run(self, context):
        roots, note = locks.mark_as_asset(selected_assets(context))
        return ("WARNING", note) if note else f"Marked {len(roots)} asset(s)"


class WORLDSMITH_OT_backend_show_log(bpy.types.Operator):
    """Show the backend log in a Text Editor (a new window when none is open)"""

    bl_idname = "worldsmith.backend_show_log"
    bl_label = "Show Log"
    bl_options = {"REGISTER"}

    def execute(self, context):
        process = MANAGER.process
        text = bpy.data.texts.get(LOG_TEXT) or bpy.data.texts.new(LOG_TEXT)
        text.from_string(process.full_log() if process else "The backend has not been started in this session.")
        if show_text(context, text):
            self.report({"INFO"}, f"The backend log is open in a Text Editor ('{LOG_TEXT}')")
        else:
            self.report({"INFO"}, f"The backend log is in the text '{LOG_TEXT}'")
        return {"FINISHED"}


LOG_TEXT = "Worldsmith Backend Log"


def show_text(context, text) -> bool:
    """Show ``text`` in an open Text Editor, else in a new window's; False without a window."""
    for window in context.window_manager.windows:
        for area in window.screen.areas:
            if area.type == "TEXT_EDITOR":
                area.spaces.active.text = text
                return True
    if context.window is None or bpy.app.background or not bpy.ops.wm.window_new.poll():
        return False  # headless (or no window to open one from): the text is there to read
    known = set(context.window_manager.windows[:])
    try:
        bpy.ops.wm.window_new()
    except RuntimeError:
        return False
    new = next((w for w in context.window_manager.windows if w not in known), None)
    if new is None:
        return False
    area = max(new.screen.areas, key=lambda a: a.width * a.height)
    area.type = "TEXT_EDITOR"
    area.spaces.active.text = text
    return True


class WORLDSMITH_OT_seed_randomize(bpy.types.Operator):
    """Pick a new random seed for the next generation"""

    bl_idname = "worldsmith.seed_randomize"
    bl_label = "Random Seed"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context):
        context.scene.worldsmith.seed = random.randrange(0, 2**31 - 1)
        return {"FINISHED"}


CLASSES = (
    WORLDSMITH_OT_generate, WORLDSMITH_OT_regenerate, WORLDSMITH_OT_reroll, WORLDSMITH_OT_proxy_fill,
    WORLDSMITH_OT_generate_cancel,
    WORLDSMITH_OT_lock, WORLDSMITH_OT_mark_asset, WORLDSMITH_OT_backend_show_log, WORLDSMITH_OT_seed_randomize,
)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    global CURRENT
    if bpy.app.timers.is_registered(_tick):
        bpy.app.timers.unregister(_tick)
    CURRENT = None
    MANAGER.stop()  # the backend never outlives the add-on
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
