"""Cameras (a main camera that frames every asset, shot cameras) and the sun / fill lights."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

ASPECT = 16 / 9
YFOV = 0.75  # radians, about 43 degrees
ZNEAR = 0.1


@dataclass
class CameraPose:
    asset_id: str
    name: str
    pos: np.ndarray
    rot: np.ndarray  # quaternion x, y, z, w
    zfar: float


def look_rotation(forward: np.ndarray) -> np.ndarray:
    """Quaternion turning local -Z to ``forward`` with +Y kept up (glTF cameras and lights)."""
    z = -forward / np.linalg.norm(forward)
    up = np.array([0.0, 1.0, 0.0]) if abs(z[1]) < 0.999 else np.array([0.0, 0.0, -1.0])
    x = np.cross(up, z)
    x /= np.linalg.norm(x)
    y = np.cross(z, x)
    m = np.stack([x, y, z], 1)
    return quat_from_matrix(m)


def quat_from_matrix(m: np.ndarray) -> np.ndarray:
    tr = m[0, 0] + m[1, 1] + m[2, 2]
    if tr > 0:
        s = math.sqrt(tr + 1.0) * 2
        q = [(m[2, 1] - m[1, 2]) / s, (m[0, 2] - m[2, 0]) / s, (m[1, 0] - m[0, 1]) / s, 0.25 * s]
    elif m[0, 0] > m[1, 1] and m[0, 0] > m[2, 2]:
        s = math.sqrt(1.0 + m[0, 0] - m[1, 1] - m[2, 2]) * 2
        q = [0.25 * s, (m[0, 1] + m[1, 0]) / s, (m[0, 2] + m[2, 0]) / s, (m[2, 1] - m[1, 2]) / s]
    elif m[1, 1] > m[2, 2]:
        s = math.sqrt(1.0 + m[1, 1] - m[0, 0] - m[2, 2]) * 2
        q = [(m[0, 1] + m[1, 0]) / s, 0.25 * s, (m[1, 2] + m[2, 1]) / s, (m[0, 2] - m[2, 0]) / s]
    else:
        s = math.sqrt(1.0 + m[2, 2] - m[0, 0] - m[1, 1]) * 2
        q = [(m[0, 2] + m[2, 0]) / s, (m[1, 2] + m[2, 1]) / s, 0.25 * s, (m[1, 0] - m[0, 1]) / s]
    q = np.array(q)
    return q / np.linalg.norm(q)


def quat_to_matrix(q: np.ndarray) -> np.ndarray:
    x, y, z, w = q
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])


def frame(corners: np.ndarray, azimuth: float, elevation: float, margin: float = 1.05
          ) -> tuple[np.ndarray, np.ndarray, float]:
    """Camera position, rotation and zfar so that every point lies inside the frustum: the
    points' bounding sphere is inscribed in the view cone of the narrower (vertical) FOV."""
    lo, hi = corners.min(0), corners.max(0)
    centre = (lo + hi) / 2
    radius = max(float(np.linalg.norm(corners - centre, axis=1).max()), 0.5)
    half = min(YFOV, 2 * math.atan(math.tan(YFOV / 2) * ASPECT)) / 2
    dist = radius * margin / math.sin(half) + ZNEAR
    d = np.array([math.cos(elevation) * math.sin(azimuth), math.sin(elevation),
                  math.cos(elevation) * math.cos(azimuth)])
    pos = centre + d * dist
    return pos, look_rotation(centre - pos), dist + radius * 2 + 1.0


def box_corners(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])


def fit(points: np.ndarray, azimuth: float, elevation: float, fill: float = 0.9
        ) -> tuple[np.ndarray, np.ndarray]:
    """The closest camera looking along (azimuth, elevation) that holds every point in the frame:
    exact, not a bounding sphere. With the forward f, right r and up u of that view, a camera at
    a r + b u + e f sees p at depth f.p - e and needs |r.p - a| <= tx (f.p - e) (and the same for
    u with ty); the largest e meeting every point is the mean of two minima, and a, b centre the
    points in the frame. ``fill`` keeps a margin (0.9: the points span 90% of the frame)."""
    d = np.array([math.cos(elevation) * math.sin(azimuth), math.sin(elevation),
                  math.cos(elevation) * math.cos(azimuth)])
    f = -d
    r = np.cross(f, [0.0, 1.0, 0.0])
    r /= np.linalg.norm(r)
    u = np.cross(r, f)
    ty = math.tan(YFOV / 2) * fill
    tx = math.tan(YFOV / 2) * ASPECT * fill
    fp, rp, up = points @ f, points @ r, points @ u
    lo_x, hi_x = float(np.min(fp - rp / tx)), float(np.min(fp + rp / tx))
    lo_y, hi_y = float(np.min(fp - up / ty)), float(np.min(fp + up / ty))
    e = min((lo_x + hi_x) / 2, (lo_y + hi_y) / 2) - ZNEAR
    a, b = tx * (hi_x - lo_x) / 2, ty * (hi_y - lo_y) / 2
    return a * r + b * u + e * f, look_rotation(f)


#: (azimuth, elevation) in degrees of the main camera per setting shape: a 3/4 view from the
#: entrance side (+z), rooms from high over the near corner so the interior reads over the walls.
VIEWS = {"room": (30.0, 56.0), "walled": (34.0, 46.0), "open": (30.0, 36.0), "street": (18.0, 30.0),
         "corridor": (14.0, 24.0), "studio": (24.0, 22.0)}


def cameras(boxes: list[tuple[np.ndarray, np.ndarray]], hero: tuple[np.ndarray, np.ndarray] | None,
            size: tuple[float, float], content: list[tuple[np.ndarray, np.ndarray]] | None = None,
            view: str = "open", inside: tuple[float, float] | None = None) -> list[CameraPose]:
    """The main camera frames the content (hero and props; the enclosure and ground may crop)
    tightly from the setting's view; the shots are the entrance at eye level and the hero.
    ``inside`` (a room's inner half extents): the view steepens until the camera stands over the
    room's floor, so the near walls are behind it and the interior reads."""
    if boxes:
        corners = np.concatenate([box_corners(lo, hi) for lo, hi in boxes])
    else:
        corners = box_corners(np.array([-1.0, 0.0, -1.0]), np.array([1.0, 1.0, 1.0]))
    inner = np.concatenate([box_corners(lo, hi) for lo, hi in content]) if content else corners
    out = []
    az, el = VIEWS.get(view, VIEWS["open"])
    pos, rot = fit(inner, math.radians(az), math.radians(el))
    while inside is not None and el < 62.0 and (abs(pos[0]) > inside[0] or abs(pos[2]) > inside[1]):
        el += 3.0
        pos, rot = fit(inner, math.radians(az), math.radians(el))
    depth = (corners - pos) @ -quat_to_matrix(rot)[:, 2]
    out.append(CameraPose("camera.main", "Camera Main", pos, rot, float(depth.max()) + 1.0))
    # Shot 1: eye level from the entrance side, looking at the centre.
    lz = size[1]
    eye = np.array([0.0, 1.7, lz / 2 - 1.5])
    out.append(CameraPose("camera.shot.1", "Camera Shot 1", eye, look_rotation(np.array([0.0, 1.0, 0.0]) - eye), lz * 2 + 10))
    # Shot 2: a close-up of the hero (or the first prop), three-quarter view.
    target = hero or (boxes[0] if boxes else (corners.min(0), corners.max(0)))
    pos, rot, zfar = frame(box_corners(*target), math.radians(-35), math.radians(18), margin=1.3)
    out.append(CameraPose("camera.shot.2", "Camera Shot 2", pos, rot, zfar))
    return out


def sun_rotation(elevation_deg: float, azimuth_deg: float) -> np.ndarray:
    el, az = math.radians(elevation_deg), math.radians(azimuth_deg)
    towards_sun = np.array([math.cos(el) * math.sin(az), math.sin(el), math.cos(el) * math.cos(az)])
    return look_rotation(-towards_sun)
