"""Office archetypes."""

from __future__ import annotations

import numpy as np

from .archetype_base import Light
from .mesh import cylinder
from .parts import (archetype, bevel_box, bx, extrude, mirror, model, place, radial, revolve, rod,
                    rounded_rect, seg, tube)


@archetype("office_desk", (1.6, 0.8), {"top": "wood", "frame": "painted_metal"}, variants=2,
           material_variants=("default", "painted_white", "dark"))
def office_desk(v, d):
    w = (1.6, 1.4)[v]
    top = bevel_box(w, 0.03, 0.8, 0.008, (0, 0.735, 0))
    frame = [bx(0.06, 0.72, 0.7, x, 0, 0) for x in (-w / 2 + 0.05, w / 2 - 0.05)] + [bx(w - 0.1, 0.3, 0.02, 0, 0.4, -0.3)]
    feet = [bx(0.07, 0.03, 0.75, x, 0, 0) for x in (-w / 2 + 0.05, w / 2 - 0.05)]
    pedestal = [bx(0.4, 0.6, 0.6, w / 2 - 0.35, 0.02, 0.0)] if v == 0 else []
    return model({"top": top, "frame": frame + feet}, {"Pedestal": {"frame": pedestal}} if pedestal else {})


@archetype("office_chair", (0.65, 0.65), {"fabric": "cloth", "plastic": "plastic", "metal": "metal"},
           material_variants=("painted_black", "painted_grey", "painted_blue", "default"))
def office_chair(v, d):
    s = seg(d)
    seat = bevel_box(0.5, 0.08, 0.48, 0.03, (0, 0.5, 0))
    back = place(bevel_box(0.46, 0.55, 0.06, 0.03), (0, 0.9, -0.26), rx=-0.1)
    post = cylinder(0.025, 0.38, s // 2, y0=0.1)
    spine = tube([(0, 0.5, -0.2), (0, 0.55, -0.3), (0, 0.68, -0.28)], 0.02, 6)
    star = radial(bx(0.3, 0.04, 0.05, 0.15, 0.06, 0), 5)
    casters = [place(cylinder(0.03, 0.03, 8, y0=-0.015), (0.29 * np.cos(a), 0.03, 0.29 * np.sin(a)), rz=np.pi / 2)
               for a in np.linspace(0, 2 * np.pi, 5, endpoint=False)]
    arms = mirror([rod((0.26, 0.5, -0.05), (0.26, 0.68, -0.05), 0.015, 6), bx(0.06, 0.03, 0.28, 0.26, 0.68, 0.0)])
    return model({"fabric": [seat, back]}, {"Base": {"metal": [post, spine], "plastic": star + casters}, "Armrests": {"plastic": arms}})


@archetype("computer", (0.6, 0.2), {"body": "plastic", "screen": "screen"}, placement="surface", variants=2,
           material_variants=("painted_black", "painted_grey", "painted_white"))
def computer(v, d):
    w, h = ((0.6, 0.36), (0.7, 0.3))[v]
    bezel = bevel_box(w, h, 0.03, 0.008, (0, 0.12 + h / 2, 0))
    screen = bx(w - 0.03, h - 0.03, 0.002, 0, 0.135, 0.015)
    stand = [bx(0.05, 0.16, 0.03, 0, 0.0, -0.03), extrude(rounded_rect(0.22, 0.16, 0.03, 1 + d), 0.015, axis="y", center=(0, 0.0075, -0.02))]
    return model({"body": [bezel] + stand}, {"Screen": {"screen": screen}})


@archetype("laptop", (0.34, 0.24), {"body": "metal", "screen": "screen", "keys": "plastic"}, placement="surface",
           material_variants=("default", "painted_black", "painted_grey"))
def laptop(v, d):
    base = bevel_box(0.34, 0.018, 0.24, 0.004, (0, 0.009, 0))
    keys = bx(0.28, 0.003, 0.1, 0, 0.018, -0.03)
    pad = bx(0.1, 0.002, 0.06, 0, 0.018, 0.07)
    lid = place(bevel_box(0.34, 0.23, 0.008, 0.003, (0, 0.115, 0)), (0, 0.018, -0.12), rx=-0.25)
    screen = place(bx(0.31, 0.19, 0.002, 0, 0.02, 0.004), (0, 0.018, -0.12), rx=-0.25)
    return model({"body": base, "keys": [keys, pad]}, {"Lid": {"body": lid, "screen": screen}})


@archetype("filing_cabinet", (0.47, 0.62), {"body": "painted_metal", "metal": "metal"}, variants=2,
           material_variants=("painted_grey", "painted_white", "painted_green", "default"))
def filing_cabinet(v, d):
    n = (4, 2)[v]
    h = 0.33 * n + 0.04
    body = bx(0.47, h, 0.6)
    drawers = [bx(0.43, 0.3, 0.02, 0, 0.04 + i * 0.33, 0.3) for i in range(n)]
    handles = [bx(0.12, 0.02, 0.03, 0, 0.28 + i * 0.33, 0.325) for i in range(n)]
    labels = [bx(0.08, 0.04, 0.004, 0, 0.31 + i * 0.33, 0.31) for i in range(n)] if d else []
    return model({"body": body}, {"Drawers": {"body": drawers, "metal": handles + labels}})


@archetype("water_cooler", (0.35, 0.35), {"body": "plastic", "bottle": "glass", "metal": "metal"}, material_variants=("painted_white", "painted_grey"))
def water_cooler(v, d):
    s = seg(d)
    body = bevel_box(0.32, 0.95, 0.32, 0.02, (0, 0.475, 0))
    bottle = revolve([(0.0, 0.95), (0.06, 0.95), (0.06, 1.0), (0.14, 1.04), (0.14, 1.35), (0.1, 1.38), (0.0, 1.39)], s)
    taps = [bx(0.03, 0.04, 0.05, x, 0.78, 0.17) for x in (-0.06, 0.06)]
    tray = bx(0.18, 0.02, 0.06, 0, 0.6, 0.17)
    return model({"body": body, "metal": taps + [tray]}, {"Bottle": {"bottle": bottle}})


@archetype("whiteboard", (1.8, 0.06), {"board": "matte_paint", "frame": "metal"}, placement="wall", variants=2)
def whiteboard(v, d):
    w, h = ((1.8, 1.2), (1.2, 0.9))[v]
    board = bx(w, h, 0.015, 0, 0.0, 0.01)
    frame = [bx(w + 0.04, 0.03, 0.03, 0, y, 0.015) for y in (-0.02, h - 0.01)] + [bx(0.03, h, 0.03, x, 0.0, 0.015) for x in (-w / 2 - 0.005, w / 2 + 0.005)]
    tray = bx(w * 0.5, 0.02, 0.06, 0, -0.03, 0.03)
    markers = [place(cylinder(0.008, 0.12, 6, y0=-0.06), (x, -0.005, 0.04), rz=np.pi / 2) for x in (-0.2, 0.0)]
    return model({"board": board, "frame": frame + [tray]}, {"Markers": {"frame": markers}})


@archetype("printer", (0.45, 0.4), {"body": "plastic", "paper": "matte_paint"}, placement="surface",
           material_variants=("painted_grey", "painted_white", "painted_black"))
def printer(v, d):
    body = bevel_box(0.45, 0.22, 0.38, 0.02, (0, 0.11, 0))
    lid = bevel_box(0.43, 0.03, 0.34, 0.01, (0, 0.235, -0.01))
    tray = place(bx(0.3, 0.01, 0.15), (0, 0.08, 0.24), rx=0.1)
    paper = bx(0.21, 0.01, 0.12, 0, 0.095, 0.24)
    return model({"body": [body, tray]}, {"Lid": {"body": lid}, "Paper": {"paper": paper}})


@archetype("desk_lamp", (0.2, 0.35), {"metal": "painted_metal", "shade": "lamp_shade"}, placement="surface",
           material_variants=("painted_black", "painted_red", "painted_white", "default"))
def desk_lamp(v, d):
    s = seg(d)
    base = cylinder(0.08, 0.02, s)
    arms = [rod((0, 0.02, 0), (0, 0.3, -0.08), 0.008, 6), rod((0, 0.3, -0.08), (0, 0.4, 0.15), 0.008, 6)]
    joint = place(cylinder(0.015, 0.03, 8, y0=-0.015), (0, 0.3, -0.08), rz=np.pi / 2)
    head = place(revolve([(0.015, 0.0), (0.03, 0.01), (0.06, 0.1), (0.055, 0.1), (0.0, 0.02)], s), (0, 0.42, 0.15), rx=np.pi * 0.8)
    return model({"metal": [base, joint] + arms}, {"Shade": {"shade": head}}, [Light((0.0, 0.33, 0.2), (1.0, 0.9, 0.75), 5.0, 4.0)])


@archetype("wastebasket", (0.3, 0.3), {"body": "plastic"}, material_variants=("painted_grey", "painted_black", "painted_blue"))
def wastebasket(v, d):
    s = seg(d)
    return model({"body": revolve([(0.0, 0.0), (0.12, 0.0), (0.15, 0.35), (0.14, 0.35), (0.11, 0.01), (0.0, 0.01)], s)})


@archetype("photocopier", (0.65, 0.6), {"body": "plastic", "glass": "glass", "paper": "matte_paint"}, material_variants=("painted_white", "painted_grey"))
def photocopier(v, d):
    body = bevel_box(0.65, 0.9, 0.6, 0.02, (0, 0.45, 0))
    lid = bevel_box(0.62, 0.05, 0.55, 0.01, (0, 0.925, -0.01))
    panel = place(bx(0.22, 0.02, 0.12), (0.18, 0.95, 0.24), rx=0.3)
    drawers = [bx(0.6, 0.18, 0.02, 0, y, 0.3) for y in (0.1, 0.32)]
    out_tray = bx(0.06, 0.02, 0.35, 0.35, 0.6, 0)
    return model({"body": [body, panel, out_tray]}, {"Lid": {"body": lid}, "Paper Drawers": {"body": drawers}})


@archetype("ceiling_fan", (1.2, 1.2), {"metal": "metal", "blades": "wood"}, placement="ceiling", material_variants=("default", "dark"))
def ceiling_fan(v, d):
    s = seg(d)
    rod_ = cylinder(0.015, 0.4, 6, y0=0.15)
    motor = revolve([(0.0, 0.0), (0.1, 0.03), (0.12, 0.1), (0.06, 0.15), (0.0, 0.15)], s)
    blades = radial(place(bx(0.5, 0.01, 0.13), (0.35, 0.08, 0), rx=0.15), 4)
    canopy = cylinder(0.08, 0.05, s, y0=0.55)
    return model({"metal": [rod_, motor, canopy]}, {"Blades": {"blades": blades}})
