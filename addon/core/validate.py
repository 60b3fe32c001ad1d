"""Export rules for a version: triangle budgets, texture limits, names, units, materials, UVs and
approved-version integrity. Pure: the bpy layer (``addon/export/files.py``) gathers ``MeshFacts`` and
calls ``check``; every issue names the asset and the rule it breaks.

>>> m = MeshFacts("Well", "well.000", triangles=30, slots=["Stone"], has_uvs=False)
>>> report = check([m], presets.get("unreal"))
>>> [(i.asset_id, i.rule) for i in report.errors]
[('well.000', 'no_uvs')]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

from . import naming, presets
from .presets import Preset

ERROR, WARNING = "error", "warning"
RULES = ("empty_version", "triangles_per_asset", "triangles_per_version", "texture_size",
         "units", "scale", "names", "no_material", "no_uvs", "approved_integrity")


@dataclass(frozen=True)
class MeshFacts:
    """What the rules need to know about one mesh object of a version."""

    name: str
    asset_id: str
    triangles: int
    slots: Sequence[str | None]                  # material name per slot, None for an empty slot
    has_uvs: bool = True
    scale: tuple[float, float, float] = (1.0, 1.0, 1.0)
    textures: Sequence[tuple[str, int, int]] = ()  # (image name, width, height)


@dataclass(frozen=True)
class Issue:
    severity: str
    rule: str
    asset_id: str  # "" for version-wide issues
    name: str      # the object (or image) that breaks the rule
    message: str

    def __post_init__(self) -> None:
        # RULES is the published list (docs/python-api.md); a rule outside it is a bug here.
        if self.rule not in RULES:
            raise ValueError(f"unknown export rule {self.rule!r}; add it to RULES and the docs")
        if self.severity not in (ERROR, WARNING):
            raise ValueError(f"severity must be {ERROR!r} or {WARNING!r}, not {self.severity!r}")

    def __str__(self) -> str:
        where = f"{self.name} ({self.asset_id})" if self.asset_id else (self.name or "version")
        return f"{where} breaks {self.rule}: {self.message}"


@dataclass
class Report:
    preset: str
    issues: list[Issue] = field(default_factory=list)
    triangles: int = 0
    assets: int = 0

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, severity: str, rule: str, asset_id: str, name: str, message: str) -> None:
        self.issues.append(Issue(severity, rule, asset_id, name, message))

    def summary(self, limit: int = 5) -> str:
        """One line per error (at most ``limit``), for exception messages and operator reports."""
        errors = self.errors
        lines = [str(i) for i in errors[:limit]]
        if len(errors) > limit:
            lines.append(f"... and {len(errors) - limit} more errors")
        return "; ".join(lines) if lines else f"no errors ({len(self.warnings)} warnings)"

    def to_dict(self) -> dict:
        return {"preset": self.preset, "ok": self.ok, "triangles": self.triangles,
                "assets": self.assets, "issues": [asdict(i) for i in self.issues]}


def _uniform(scale: Sequence[float], tol: float = 1e-5) -> bool:
    return max(scale) - min(scale) <= tol * max(1.0, max(abs(s) for s in scale))


def check(meshes: Iterable[MeshFacts], preset: Preset, *, unit_system: str = "METRIC",
          unit_scale: float = 1.0, integrity: Sequence[str] = (), asset_count: int | None = None) -> Report:
    """Check the meshes of a version against ``preset``'s rules and return the report.

    ``integrity`` holds the problems the approved-version check found (hand edits after approval);
    each becomes an error, since an export of an approved version must be what was signed off.
    """
    meshes = list(meshes)
    report = Report(preset.name)
    report.assets = asset_count if asset_count is not None else len({m.asset_id for m in meshes})
    report.triangles = sum(m.triangles for m in meshes)
    if report.assets == 0:
        report.add(ERROR, "empty_version", "", "", "the version has no assets to export: generate first")
    per_asset: dict[str, int] = {}
    names: dict[str, str] = {}
    for m in meshes:
        per_asset[m.asset_id] = per_asset.get(m.asset_id, 0) + m.triangles
        names.setdefault(m.asset_id, m.name)
        _check_mesh(report, m, preset)
    if preset.max_triangles_per_asset:
        for asset_id, tris in sorted(per_asset.items()):
            if tris > preset.max_triangles_per_asset:
                report.add(ERROR, "triangles_per_asset", asset_id, names[asset_id],
                           f"{tris} triangles, the {preset.name} budget is {preset.max_triangles_per_asset}: "
                           "make LODs or lower the detail")
    if preset.max_triangles_per_version and report.triangles > preset.max_triangles_per_version:
        report.add(ERROR, "triangles_per_version", "", "", f"{report.triangles} triangles in the version, "
                   f"the {preset.name} budget is {preset.max_triangles_per_version}")
    if unit_system != "METRIC" or abs(unit_scale - 1.0) > 1e-6:
        severity = ERROR if preset.require_unit_scale else WARNING
        report.add(severity, "units", "", "", f"scene units are {unit_system} with unit scale {unit_scale:g}; "
                   "set Metric with unit scale 1.0 so 1 Blender unit is 1 m")
    for problem in integrity:
        # versions.check_approved_integrity words each problem as "<asset id>: what changed".
        asset_id, sep, what = problem.partition(": ")
        if not sep:
            asset_id, what = "", problem
        report.add(ERROR, "approved_integrity", asset_id, names.get(asset_id, asset_id),
                   f"{what} (the version is approved: branch it to change it)")
    return report


def _check_mesh(report: Report, m: MeshFacts, preset: Preset) -> None:
    if not m.slots or all(s is None for s in m.slots):
        report.add(ERROR, "no_material", m.asset_id, m.name, "mesh has no material: assign one")
    elif any(s is None for s in m.slots):
        report.add(ERROR, "no_material", m.asset_id, m.name,
                   f"slot {list(m.slots).index(None)} is empty: assign a material or remove the slot")
    if not m.has_uvs:
        severity = ERROR if preset.require_uvs else WARNING
        report.add(severity, "no_uvs", m.asset_id, m.name, "mesh has no UV map: unwrap it (textures need UVs)")
    if any(s < 0 for s in m.scale):
        report.add(ERROR if preset.format != presets.GLTF else WARNING, "scale", m.asset_id, m.name,
                   f"negative scale {tuple(round(s, 4) for s in m.scale)} flips normals in engines: apply it")
    elif not _uniform(m.scale) and not preset.apply_scale:
        report.add(WARNING, "scale", m.asset_id, m.name,
                   f"non-uniform scale {tuple(round(s, 4) for s in m.scale)}: apply scale before export")
    for image, width, height in m.textures:
        if preset.max_texture_size and max(width, height) > preset.max_texture_size:
            report.add(ERROR, "texture_size", m.asset_id, image, f"{width}x{height} exceeds the {preset.name} "
                       f"limit of {preset.max_texture_size} px: scale the image down")
        elif width & (width - 1) or height & (height - 1):
            report.add(WARNING, "texture_size", m.asset_id, image,
                       f"{width}x{height} is not a power of two: engines resample it")
    if preset.engine_names:
        problems = naming.name_problems(naming.base_name(m.name))
        if problems:
            report.add(WARNING, "names", m.asset_id, m.name, f"name {', '.join(problems)}; it is exported as "
                       f"{naming.engine_name(m.name)!r}")
