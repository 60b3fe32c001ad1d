"""A stand-in for ``bpy.types.UILayout`` that records what ``draw()`` asks for and checks it.

Headless Blender draws no UI, so a typo in a panel (a property name, an operator id, an operator
argument) would only show up in front of an artist. Every ``prop`` is checked against the data's RNA
properties, every ``operator`` against the registered operators, and every attribute set on the
returned operator properties against that operator's RNA.
"""

from __future__ import annotations

import types
from typing import Any


class LayoutError(AssertionError):
    pass


def _operator_rna(idname: str):
    import bpy

    module, _, name = idname.partition(".")
    try:
        return getattr(getattr(bpy.ops, module), name).get_rna_type()
    except (AttributeError, KeyError) as exc:
        raise LayoutError(f"operator {idname!r} is not registered") from exc


class RecordedOperator:
    def __init__(self, idname: str, calls: list):
        object.__setattr__(self, "_rna", _operator_rna(idname))
        object.__setattr__(self, "_idname", idname)
        object.__setattr__(self, "_calls", calls)

    def __setattr__(self, key: str, value: Any) -> None:
        if key not in self._rna.properties:
            raise LayoutError(f"operator {self._idname!r} has no property {key!r}")
        self._calls.append(("operator_arg", self._idname, key, value))


class RecordingLayout:
    """Records calls; sub-layouts share one call list so a test sees the whole panel."""

    def __init__(self, calls: list | None = None):
        self.calls: list = [] if calls is None else calls
        self.enabled = True
        self.active = True
        self.alert = False
        self.use_property_split = False
        self.use_property_decorate = False
        self.scale_x = 1.0
        self.scale_y = 1.0
        self.alignment = "EXPAND"
        self.operator_context = "INVOKE_DEFAULT"

    # containers
    def _sub(self, kind: str, *args, **kwargs) -> RecordingLayout:
        self.calls.append((kind, args, kwargs))
        return RecordingLayout(self.calls)

    def row(self, *args, **kwargs):
        return self._sub("row", *args, **kwargs)

    def column(self, *args, **kwargs):
        return self._sub("column", *args, **kwargs)

    def box(self, *args, **kwargs):
        return self._sub("box", *args, **kwargs)

    def split(self, *args, **kwargs):
        return self._sub("split", *args, **kwargs)

    def grid_flow(self, *args, **kwargs):
        return self._sub("grid_flow", *args, **kwargs)

    def column_flow(self, *args, **kwargs):
        return self._sub("column_flow", *args, **kwargs)

    # items
    def prop(self, data, property: str, *args, **kwargs):
        if data is None:
            raise LayoutError(f"prop({property!r}) on None data")
        rna = getattr(data, "bl_rna", None)
        if rna is None or property not in rna.properties:
            raise LayoutError(f"{type(data).__name__} has no property {property!r}")
        self.calls.append(("prop", property, kwargs))

    def prop_search(self, data, property, search_data, search_property, *args, **kwargs):
        self.prop(data, property)
        if not hasattr(search_data, search_property):
            raise LayoutError(f"{type(search_data).__name__} has no collection {search_property!r}")

    def operator(self, idname: str, *args, **kwargs):
        self.calls.append(("operator", idname, kwargs))
        return RecordedOperator(idname, self.calls)

    def label(self, *args, **kwargs):
        self.calls.append(("label", kwargs.get("text", args[0] if args else ""), kwargs))

    def separator(self, *args, **kwargs):
        self.calls.append(("separator",))

    def progress(self, *args, **kwargs):
        factor = kwargs.get("factor", 0.0)
        if not 0.0 <= factor <= 1.0:
            raise LayoutError(f"progress factor {factor} outside 0..1")
        self.calls.append(("progress", kwargs))

    def template_list(self, listtype_name, list_id, dataptr, propname, active_dataptr, active_propname, **kwargs):
        import bpy

        if not hasattr(bpy.types, listtype_name):
            raise LayoutError(f"UIList {listtype_name!r} is not registered")
        for data, name in ((dataptr, propname), (active_dataptr, active_propname)):
            if name not in data.bl_rna.properties:
                raise LayoutError(f"{type(data).__name__} has no property {name!r}")
        self.calls.append(("template_list", listtype_name, propname, kwargs))

    def menu(self, menu: str, *args, **kwargs):
        import bpy

        if not hasattr(bpy.types, menu):
            raise LayoutError(f"menu {menu!r} is not registered")
        self.calls.append(("menu", menu, kwargs))

    def template_icon(self, *args, **kwargs):
        self.calls.append(("template_icon", kwargs))

    def template_preview(self, *args, **kwargs):
        self.calls.append(("template_preview", kwargs))

    # queries for tests
    def operators(self) -> list[str]:
        return [c[1] for c in self.calls if c[0] == "operator"]

    def props(self) -> list[str]:
        return [c[1] for c in self.calls if c[0] == "prop"]

    def labels(self) -> list[str]:
        return [c[1] for c in self.calls if c[0] == "label"]


def draw_panel(panel_cls, context) -> RecordingLayout:
    """Run ``panel_cls.draw`` against a recording layout, as Blender would.

    bpy Panel instances cannot be made outside a draw, and their ``layout`` is read-only, so a
    plain stand-in carrying ``layout`` (and the class's own helpers) is passed as ``self``.
    """
    layout = RecordingLayout()
    namespace = {"layout": layout}
    for klass in reversed(panel_cls.__mro__):
        if klass.__module__.startswith("bpy"):
            continue
        for name, value in vars(klass).items():
            if not name.startswith("__"):
                namespace[name] = value
    stand_in = type("PanelStandIn", (), namespace)()
    if hasattr(panel_cls, "draw_header") and "draw_header" in namespace:
        stand_in.draw_header(context)
    stand_in.draw(context)
    return layout


def panel_context(bpy, obj: Any = None, **overrides: Any) -> types.SimpleNamespace:
    """What a panel's ``draw()`` reads from ``bpy.context``, as a plain namespace (headless Blender
    has no area to draw in): the scene, view layer, preferences and window manager, and ``obj`` as
    the active and only selected object (without one: the view layer's active object, nothing
    selected). ``overrides`` replace any of these."""
    scene = bpy.context.scene
    active = obj if obj is not None else bpy.context.view_layer.objects.active
    values = dict(scene=scene, view_layer=bpy.context.view_layer, active_object=active, object=active,
                  selected_objects=[obj] if obj is not None else [], preferences=bpy.context.preferences,
                  window_manager=bpy.context.window_manager, collection=scene.collection)
    values.update(overrides)
    return types.SimpleNamespace(**values)
