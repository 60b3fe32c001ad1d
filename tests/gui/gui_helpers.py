"""Window-side helpers for drive.py: operator calls in the sidebar's context, one panel at a time,
screenshots, reports from the Info log, and viewport checks. Runs inside Blender's UI."""

from __future__ import annotations

import json
import struct
import subprocess
import time
from pathlib import Path

import bpy

OUT = Path("/tmp/worldsmith-gui")
MODULE = "bl_ext.user_default.worldsmith"
SHOWN: set[str] = set()


def panels() -> list:
    """Every registered panel of the Worldsmith tab, parents before their sub-panels."""
    found = [cls for cls in bpy.types.Panel.__subclasses__() if getattr(cls, "bl_category", "") == "Worldsmith"
             and getattr(cls, "is_registered", False)]
    return sorted(found, key=lambda cls: bool(getattr(cls, "bl_parent_id", "")))


# ---- the window ---------------------------------------------------------------------------------

def window():
    return bpy.context.window_manager.windows[0]


def view3d():
    return next(a for a in window().screen.areas if a.type == "VIEW_3D")


def region(area, kind: str):
    return next(r for r in area.regions if r.type == kind)


def override(area=None, kind: str = "UI"):
    win = window()
    area = area or view3d()
    return bpy.context.temp_override(window=win, screen=win.screen, area=area, region=region(area, kind))


def setup_window() -> None:
    """Sidebar open on the Worldsmith tab at its default width; panels shown one group at a time
    (each re-registered with a poll that reads SHOWN, and open rather than collapsed)."""
    area = view3d()
    area.spaces.active.show_region_ui = True
    classes = panels()
    for cls in reversed(classes):
        bpy.utils.unregister_class(cls)
    for cls in classes:
        cls.poll = _gated_poll(cls.__dict__.get("poll"))
        cls.bl_options = set(getattr(cls, "bl_options", set())) - {"DEFAULT_CLOSED"}
        bpy.utils.register_class(cls)
    redraw()
    try:
        region(area, "UI").active_panel_category = "Worldsmith"
    except (AttributeError, TypeError):
        pass
    redraw()


def _gated_poll(original):
    def poll(cls, context):
        if SHOWN and cls.bl_idname not in SHOWN:
            return False
        return original.__func__(cls, context) if original is not None else True

    return classmethod(poll)


def show_panels(*names: str) -> None:
    SHOWN.clear()
    SHOWN.update(names)
    try:
        region(view3d(), "UI").active_panel_category = "Worldsmith"
    except (AttributeError, TypeError):
        pass
    redraw()


def redraw() -> None:
    for area in window().screen.areas:
        area.tag_redraw()
    with override(kind="WINDOW"):
        bpy.ops.wm.redraw_timer(type="DRAW_WIN_SWAP", iterations=1)


def screenshot(path: Path, *, whole_window: bool = False) -> Path:
    """What the X display shows (ImageMagick's ``import``: Blender's own screenshot operator reads
    back a black buffer under Xvfb's software OpenGL), cropped to the 3D viewport with its
    sidebar unless ``whole_window``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    redraw()
    win = window()
    command = ["import", "-window", "root"]
    if not whole_window:
        area = view3d()
        top = win.height - (area.y + area.height)
        command += ["-crop", f"{area.width}x{area.height}+{area.x}+{top}", "+repage"]
    subprocess.run([*command, "-strip", str(path)], check=True, timeout=60)
    print(f"[gui] screenshot {path}", flush=True)
    return path


# ---- operators and their reports --------------------------------------------------------------

def invoke(name: str, mode: str = "INVOKE_DEFAULT", **props) -> set[str]:
    with override():
        return getattr(bpy.ops.worldsmith, name)(mode, **props)


def reports() -> list[str]:
    """The session's report lines, read from the Info editor (as an artist would see them)."""
    area = next(a for a in window().screen.areas if a.type not in {"VIEW_3D"})
    saved = area.ui_type
    area.ui_type = "INFO"
    try:
        with bpy.context.temp_override(window=window(), screen=window().screen, area=area,
                                       region=region(area, "WINDOW")):
            bpy.ops.info.select_all(action="SELECT")
            bpy.ops.info.report_copy()
            bpy.ops.info.select_all(action="DESELECT")
        return bpy.context.window_manager.clipboard.splitlines()
    finally:
        area.ui_type = saved


def xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=30)


def wheel_up(x: int, y: int, clicks: int) -> None:
    """Scroll up with the mouse wheel at (x, y) of the 3D viewport's area (from its top left)."""
    win, area = window(), view3d()
    top = win.height - (area.y + area.height)
    xdotool("mousemove", str(area.x + x), str(top + y))
    xdotool("click", "--repeat", str(clicks), "--delay", "30", "4")


def last_report_contains(text: str) -> bool:
    return any(text in line for line in reports()[-4:])


# ---- scene checks -----------------------------------------------------------------------------

def select_only(obj) -> None:
    for other in bpy.context.view_layer.objects:
        other.select_set(False)
    obj.select_set(True)
    bpy.context.view_layer.objects.active = obj


def list_objects(version) -> list:
    """The asset list's rows in the order of the collection (what ``asset_index`` indexes)."""
    return list(version.collection.objects)


def highlighted(version):
    index = bpy.context.scene.worldsmith.asset_index
    objects = list_objects(version)
    return objects[index] if 0 <= index < len(objects) else None


def grouped(keys: list) -> bool:
    """Whether equal keys are contiguous."""
    seen, last = set(), object()
    for key in keys:
        if key != last and key in seen:
            return False
        seen.add(key)
        last = key
    return True


def _xy_box(objects):
    xs, ys = [], []
    for obj in objects:
        if obj.type != "MESH":
            continue
        for corner in obj.bound_box:
            world = obj.matrix_world @ __import__("mathutils").Vector(corner)
            xs.append(world.x)
            ys.append(world.y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def overlap_xy(obj, version) -> bool:
    bpy.context.view_layer.update()
    a, b = _xy_box([obj]), _xy_box(version.collection.all_objects)
    return bool(a and b and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def both_in_view(*versions) -> bool:
    from bpy_extras.view3d_utils import location_3d_to_region_2d
    from mathutils import Vector

    area = view3d()
    win_region = region(area, "WINDOW")
    sidebar = region(area, "UI")
    rv3d = area.spaces.active.region_3d
    bpy.context.view_layer.update()
    for version in versions:
        box = _xy_box(version.collection.all_objects)
        if box is None:
            return False
        for x, y in ((box[0], box[1]), (box[2], box[3])):
            at = location_3d_to_region_2d(win_region, rv3d, Vector((x, y, 0.0)))
            if at is None or not (0 <= at.x <= win_region.width - sidebar.width and 0 <= at.y <= win_region.height):
                return False
    return True


def timer_gaps(seconds: float) -> list[float]:
    """Gaps between ticks of a 50 ms timer over the next ``seconds``: how long the UI froze."""
    gaps: list[float] = []
    state = {"last": time.monotonic(), "end": time.monotonic() + seconds}

    def tick():
        now = time.monotonic()
        gaps.append(now - state["last"])
        state["last"] = now
        return 0.05 if now < state["end"] else None

    bpy.app.timers.register(tick, first_interval=0.05)
    return gaps


def glb_translation(path: Path, node_name: str) -> list[float]:
    data = path.read_bytes()
    length = struct.unpack_from("<I", data, 12)[0]
    doc = json.loads(data[20:20 + length])
    node = next(n for n in doc["nodes"] if n.get("name") == node_name)
    return list(node.get("translation", [0.0, 0.0, 0.0]))


def text_editor_shows(name: str) -> bool:
    for win in bpy.context.window_manager.windows:
        for area in win.screen.areas:
            if area.type == "TEXT_EDITOR" and area.spaces.active.text and area.spaces.active.text.name == name:
                return True
    return False
