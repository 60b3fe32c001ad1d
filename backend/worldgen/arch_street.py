"""Street archetypes: furniture, signs and vehicles in blockout."""

from __future__ import annotations

import numpy as np

from .archetype_base import Light
from .mesh import cone, cylinder, ellipsoid, torus
from .parts import archetype, bevel_box, bx, extrude, model, place, revolve, rod, seg, tube

LAMP = (1.0, 0.85, 0.6)


@archetype("street_lamp", (0.6, 1.0), {"metal": "painted_metal", "glass": "lamp_shade"}, variants=2,
           material_variants=("painted_black", "painted_green", "default"))
def street_lamp(v, d):
    s = seg(d)
    base = revolve([(0.16, 0.0), (0.16, 0.3), (0.1, 0.4), (0.07, 0.5), (0.0, 0.5)], s)
    if v == 0:  # Victorian lantern on a column
        pole = cylinder(0.06, 3.0, s, y0=0.5, r_top=0.045)
        arms = [rod((-0.3, 3.3, 0), (0.3, 3.3, 0), 0.02, 6)]
        lantern = revolve([(0.06, 3.4), (0.15, 3.55), (0.13, 3.85), (0.0, 3.86)], 4)
        cap = cone(0.2, 0.18, 4, y0=3.86)
        return model({"metal": [base, pole, cap] + arms}, {"Lantern": {"glass": lantern}}, [Light((0.0, 3.65, 0.0), LAMP, 250.0, 20.0)])
    pole = tube([(0, 0.5, 0), (0, 4.6, 0), (0, 5.0, 0.3), (0, 4.95, 0.9)], 0.06, s)
    head = bevel_box(0.25, 0.08, 0.5, 0.02, (0, 4.9, 1.0))
    lens = bx(0.2, 0.01, 0.42, 0, 4.85, 1.0)
    return model({"metal": [base, pole, head]}, {"Lamp": {"glass": lens}}, [Light((0.0, 4.7, 1.0), LAMP, 300.0, 22.0)])


@archetype("park_bench", (1.8, 0.7), {"wood": "wood", "metal": "painted_metal"}, material_variants=("default", "weathered", "dark"))
def park_bench(v, d):
    n = 2 + min(d, 2)
    slats = [bx(1.8, 0.03, 0.1, 0, 0.43, z) for z in np.linspace(-0.2, 0.15, n + 1)]
    back = [place(bx(1.8, 0.1, 0.03), (0, y, -0.27 - (y - 0.55) * 0.2), rx=-0.2) for y in np.linspace(0.6, 0.85, n)]
    a = [(-0.28, 0.0), (-0.22, 0.0), (-0.2, 0.4), (0.2, 0.4), (0.22, 0.0), (0.28, 0.0), (0.25, 0.46), (0.25, 0.62), (0.18, 0.62), (0.18, 0.46), (-0.22, 0.46), (-0.33, 0.95), (-0.37, 0.95)]
    ends = [extrude(a, 0.05, axis="x", center=(x, 0, 0)) for x in (-0.8, 0.8)]
    return model({"wood": slats + back}, {"Frame": {"metal": ends}})


@archetype("trash_can", (0.6, 0.65), {"body": "painted_metal", "lid": "metal"}, variants=2,
           material_variants=("painted_green", "painted_black", "painted_grey", "default"))
def trash_can(v, d):
    s = seg(d)
    if v == 0:  # a round litter bin
        body = revolve([(0.0, 0.0), (0.2, 0.0), (0.23, 0.85), (0.22, 0.85), (0.19, 0.02), (0.0, 0.02)], s)
        lid = revolve([(0.24, 0.85), (0.24, 0.9), (0.1, 0.98), (0.0, 0.99)], s)
        return model({"body": body}, {"Lid": {"lid": lid}})
    body = bevel_box(0.6, 1.0, 0.7, 0.03, (0, 0.52, 0))  # a wheelie bin
    lid = bevel_box(0.64, 0.05, 0.76, 0.015, (0, 1.045, 0.01))
    wheels = [place(cylinder(0.1, 0.05, s, y0=-0.025), (x, 0.1, -0.32), rz=np.pi / 2) for x in (-0.32, 0.32)]
    handle = rod((-0.25, 1.02, -0.38), (0.25, 1.02, -0.38), 0.015, 6)
    return model({"body": [body, handle]}, {"Lid": {"body": lid}, "Wheels": {"lid": wheels}})


@archetype("mailbox", (0.5, 0.5), {"body": "painted_metal", "metal": "metal"}, variants=2,
           material_variants=("painted_red", "painted_blue", "painted_black"))
def mailbox(v, d):
    s = seg(d, 1.25)
    if v == 0:  # a pillar box
        body = revolve([(0.24, 0.0), (0.25, 0.1), (0.22, 0.15), (0.22, 1.25), (0.26, 1.3), (0.25, 1.38), (0.15, 1.48), (0.0, 1.5)], s)
        slot = bx(0.2, 0.02, 0.04, 0, 1.1, 0.21)
        return model({"body": body}, {"Slot": {"metal": slot}})
    a = np.linspace(0, np.pi, 3 + 2 * d)
    outline = np.vstack([[[0.15, 0.0]], np.stack([0.15 * np.cos(a), 0.18 + 0.15 * np.sin(a)], 1), [[-0.15, 0.0]]])
    box_ = extrude(outline, 0.45, center=(0, 1.0, 0))
    post = bx(0.08, 1.0, 0.08)
    flag = [bx(0.02, 0.2, 0.02, 0.16, 1.15, -0.1), bx(0.02, 0.06, 0.1, 0.16, 1.31, -0.06)]
    return model({"body": box_, "metal": post}, {"Flag": {"metal": flag}})


@archetype("fire_hydrant", (0.4, 0.4), {"body": "painted_metal", "metal": "metal"}, material_variants=("painted_red", "painted_yellow"))
def fire_hydrant(v, d):
    s = seg(d)
    body = revolve([(0.14, 0.0), (0.14, 0.06), (0.11, 0.08), (0.1, 0.55), (0.13, 0.58), (0.12, 0.63), (0.06, 0.72), (0.0, 0.74)], s)
    nozzles = [place(cylinder(0.045, 0.09, s // 2, y0=0.08), (0, 0.45, 0), rz=a) for a in (np.pi / 2, -np.pi / 2)]
    front = place(cylinder(0.06, 0.1, s // 2, y0=0.08), (0, 0.4, 0), rx=np.pi / 2)
    nut = cylinder(0.025, 0.05, 5, y0=0.73)
    return model({"body": [body] + nozzles + [front]}, {"Caps": {"metal": nut}})


@archetype("bicycle", (0.5, 1.75), {"frame": "painted_metal", "tyre": "plastic", "metal": "metal", "seat": "leather"},
           material_variants=("painted_red", "painted_blue", "painted_black", "painted_green", "painted_yellow"))
def bicycle(v, d):
    s = seg(d, 2.0)
    r = 0.34
    wheels = [place(torus(r, 0.02, s, 6), (0, r + 0.02, z), rz=np.pi / 2) for z in (-0.52, 0.52)]
    rims = [place(torus(r - 0.03, 0.008, s, 4), (0, r + 0.02, z), rz=np.pi / 2) for z in (-0.52, 0.52)]
    spokes = [rod((0, r + 0.02, z), (0, r + 0.02 + (r - 0.03) * np.sin(a), z + (r - 0.03) * np.cos(a)), 0.003, 3)
              for z in (-0.52, 0.52) for a in np.linspace(0, 2 * np.pi, 8 + 4 * min(d, 2), endpoint=False)] if d else []
    hub_b, hub_f = (0, r + 0.02, -0.52), (0, r + 0.02, 0.52)
    crank = (0, 0.32, -0.05)
    seat_t, head_t, head_b = (0, 0.85, -0.2), (0, 0.88, 0.38), (0, 0.7, 0.44)
    tubes = [rod(a, b, 0.018, 6) for a, b in ((crank, seat_t), (crank, head_b), (seat_t, head_t), (crank, hub_b), (seat_t, hub_b),
                                             (head_t, hub_f), (head_t, head_b))]
    bars = [rod((0, 0.88, 0.38), (0, 1.0, 0.33), 0.015, 6), rod((-0.25, 1.0, 0.33), (0.25, 1.0, 0.33), 0.013, 6)]
    saddle = place(ellipsoid(0.07, 0.03, 0.13, 8, 4), (0, 0.93, -0.22))
    seatpost = rod(seat_t, (0, 0.92, -0.22), 0.012, 6)
    chainring = place(cylinder(0.1, 0.01, s // 2, y0=-0.005), crank, rz=np.pi / 2)
    pedals = [bx(0.08, 0.02, 0.05, x, 0.2 if x > 0 else 0.42, -0.05) for x in (-0.1, 0.1)]
    return model({"frame": tubes + [bars[0]], "metal": [bars[1], seatpost, chainring] + pedals},
                 {"Wheels": {"tyre": wheels, "metal": rims + spokes}, "Saddle": {"seat": saddle}})


@archetype("car", (1.8, 4.3), {"body": "painted_metal", "glass": "glass", "tyre": "plastic", "metal": "metal", "light": "lamp_shade"},
           variants=2, material_variants=("painted_red", "painted_blue", "painted_white", "painted_black", "painted_grey", "painted_yellow"))
def car(v, d):
    L, w = (4.3, 4.8)[v], 1.8
    side = [(-L / 2, 0.3), (L / 2, 0.3), (L / 2 + 0.02, 0.7), (L / 2 - 0.25, 0.85), (L * 0.18, 0.92)] + \
           ([(L * 0.05, 1.4), (-L * 0.3, 1.42), (-L / 2 + 0.1, 0.95)] if v == 0 else [(L * 0.05, 1.45), (-L / 2 + 0.05, 1.45), (-L / 2, 0.95)])
    body = extrude(side, w, axis="x")
    body = place(body, scale=(1.0, 1.0, 1.0))
    windows = [extrude([(L * 0.17, 0.95), (L * 0.05, 1.37), (-L * 0.29 if v == 0 else -L / 2 + 0.1, 1.39 if v == 0 else 1.42),
                        (-L / 2 + 0.15, 0.97)], w + 0.01, axis="x")]
    wheels, hubs = [], []
    s = seg(d, 1.5)
    for z in (-L * 0.32, L * 0.32):
        for x in (-w / 2 + 0.12, w / 2 - 0.12):
            wheels.append(place(cylinder(0.33, 0.22, s, y0=-0.11), (x, 0.33, z), rz=np.pi / 2))
            hubs.append(place(cylinder(0.18, 0.01, s, y0=-0.005), (x + np.sign(x) * 0.11, 0.33, z), rz=np.pi / 2))
    lights = [bx(0.3, 0.1, 0.02, x, 0.62, L / 2 + 0.005) for x in (-0.6, 0.6)] + [bx(0.3, 0.1, 0.02, x, 0.72, -L / 2 - 0.01) for x in (-0.6, 0.6)]
    bumpers = [bx(w, 0.12, 0.08, 0, 0.32, z) for z in (-L / 2, L / 2)]
    mirrors = [bx(0.15, 0.08, 0.06, x, 1.0, L * 0.15) for x in (-w / 2 - 0.07, w / 2 + 0.07)]
    return model({"body": [body] + mirrors, "metal": bumpers, "light": lights}, {"Windows": {"glass": windows},
                                                                              "Wheels": {"tyre": wheels, "metal": hubs}})


@archetype("bus_stop", (3.0, 1.4), {"frame": "painted_metal", "glass": "glass", "wood": "wood"}, material_variants=("painted_grey", "painted_green", "painted_red"))
def bus_stop(v, d):
    posts = [bx(0.08, 2.5, 0.08, x, 0, z) for x in (-1.45, 1.45) for z in (-0.6, 0.6)]
    roof = place(bx(3.2, 0.08, 1.5), (0, 2.5, 0), rx=0.05)
    panes = [bx(2.8, 2.2, 0.02, 0, 0.2, -0.6), bx(0.02, 2.2, 1.1, -1.45, 0.2, 0)]
    bench = [bx(2.0, 0.05, 0.35, 0, 0.45, -0.4)] + [bx(0.05, 0.45, 0.3, x, 0, -0.4) for x in (-0.9, 0.9)]
    sign = [bx(0.06, 0.6, 0.06, 1.7, 0, 0.6), bx(0.06, 2.0, 0.06, 1.7, 0.6, 0.6)][1:]
    sign.append(place(cylinder(0.25, 0.03, max(6, seg(d)), y0=-0.015), (1.7, 2.7, 0.6), rx=np.pi / 2))
    return model({"frame": posts + [roof] + sign}, {"Glass": {"glass": panes}, "Bench": {"wood": bench}})


@archetype("traffic_cone", (0.36, 0.36), {"body": "plastic", "band": "matte_paint"}, material_variants=("painted_orange",))
def traffic_cone(v, d):
    s = seg(d)
    base = bx(0.36, 0.03, 0.36)
    body = revolve([(0.14, 0.03), (0.035, 0.7), (0.0, 0.7)], s)
    band = revolve([(0.1, 0.28), (0.075, 0.43)], s)
    band = place(band, scale=(1.02, 1.0, 1.02))
    return model({"body": [base, body], "band": band})


@archetype("traffic_light", (0.5, 0.5), {"body": "painted_metal", "red": "flame", "lens": "glass"}, material_variants=("painted_black", "painted_grey", "painted_yellow"))
def traffic_light(v, d):
    s = seg(d)
    pole = cylinder(0.06, 2.6, s)
    head = bevel_box(0.3, 0.85, 0.25, 0.03, (0, 2.95, 0))
    lenses = [place(cylinder(0.09, 0.02, s, y0=0.0), (0, y, 0.125), rx=np.pi / 2) for y in (2.7, 2.95, 3.2)]
    visors = [place(revolve([(0.1, 0.0), (0.1, 0.1), (0.09, 0.1), (0.09, 0.0)], s), (0, y, 0.13), rx=np.pi / 2) for y in (2.7, 2.95, 3.2)]
    return model({"body": [pole, head] + visors}, {"Lights": {"red": lenses[2], "lens": lenses[:2]}})


@archetype("sign", (0.6, 0.1), {"post": "metal", "sign": "painted_metal"}, variants=2,
           material_variants=("painted_blue", "painted_red", "painted_green", "painted_white"))
def sign(v, d):
    post = cylinder(0.03, 2.6, max(6, seg(d)))
    if v == 0:  # a round road sign
        plate = place(cylinder(0.3, 0.02, seg(d, 1.5), y0=-0.01), (0, 2.3, 0.04), rx=np.pi / 2)
    else:  # a street-name plate
        plate = bx(0.9, 0.2, 0.02, 0.0, 2.4, 0.04)
    return model({"post": post}, {"Sign": {"sign": plate}})


@archetype("bollard", (0.25, 0.25), {"body": "painted_metal"}, material_variants=("painted_black", "painted_grey", "painted_yellow"))
def bollard(v, d):
    s = seg(d)
    return model({"body": revolve([(0.11, 0.0), (0.11, 0.85), (0.12, 0.87), (0.1, 0.95), (0.0, 0.98)], s)})


@archetype("phone_booth", (1.0, 1.0), {"body": "painted_metal", "glass": "glass", "sign": "lamp_shade"}, material_variants=("painted_red",))
def phone_booth(v, d):
    posts = [bx(0.1, 2.4, 0.1, x, 0.1, z) for x in (-0.45, 0.45) for z in (-0.45, 0.45)]
    base = bx(1.0, 0.1, 1.0)
    a = np.linspace(0, np.pi, 3 + 2 * d)
    roof = extrude(np.stack([0.52 * np.cos(a), 0.15 * np.sin(a)], 1), 1.04, axis="x", center=(0, 2.5, 0))
    roof2 = extrude(np.stack([0.52 * np.cos(a), 0.15 * np.sin(a)], 1), 1.04, axis="z", center=(0, 2.5, 0))
    panes = [bx(0.8, 1.8, 0.02, 0, 0.3, z) for z in (-0.45, 0.45)] + [bx(0.02, 1.8, 0.8, x, 0.3, 0) for x in (-0.45, 0.45)]
    signs = [bx(0.8, 0.15, 0.03, 0, 2.3, z) for z in (-0.47, 0.47)]
    return model({"body": posts + [base, roof, roof2]}, {"Glass": {"glass": panes}, "Signs": {"sign": signs}})


@archetype("parking_meter", (0.25, 0.2), {"body": "painted_metal", "glass": "glass"}, material_variants=("painted_grey", "painted_black"))
def parking_meter(v, d):
    post = cylinder(0.035, 1.1, max(6, seg(d)))
    head = bevel_box(0.22, 0.3, 0.16, 0.03, (0, 1.25, 0))
    window = bx(0.14, 0.1, 0.01, 0, 1.28, 0.08)
    return model({"body": [post, head]}, {"Display": {"glass": window}})


@archetype("newspaper_stand", (0.5, 0.4), {"body": "painted_metal", "glass": "glass", "paper": "matte_paint"},
           material_variants=("painted_blue", "painted_red", "painted_green"))
def newspaper_stand(v, d):
    legs_ = [bx(0.04, 0.35, 0.04, x, 0, z) for x in (-0.2, 0.2) for z in (-0.15, 0.15)]
    box_ = bevel_box(0.5, 0.6, 0.4, 0.02, (0, 0.65, 0))
    window = place(bx(0.4, 0.3, 0.01), (0, 0.75, 0.2), rx=0.0)
    papers = bx(0.36, 0.05, 0.28, 0, 0.36, 0)
    return model({"body": legs_ + [box_]}, {"Window": {"glass": window}, "Papers": {"paper": papers}})
