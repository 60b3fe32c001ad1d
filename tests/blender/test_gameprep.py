"""LODs (triangle targets, seams and material borders kept), convex collision, sockets, and the
engine naming they get in exported files."""

from __future__ import annotations

import pytest

from tests.helpers.extension import mod


def _sphere_world(bpy, segments=64, rings=32):
    """One dense asset: a UV sphere (UV seam) with two materials split at x = 0."""
    from wslib import worlds

    _, coll = worlds.world_collections(bpy, "Orb", "orb-test", {"prompt": "an orb", "seed": 2})
    bpy.ops.mesh.primitive_uv_sphere_add(segments=segments, ring_count=rings, radius=1.0)
    orb = bpy.context.active_object
    for c in list(orb.users_collection):
        c.objects.unlink(orb)
    coll.objects.link(orb)
    orb.name = "Orb"
    for name in ("Left", "Right"):
        orb.data.materials.append(bpy.data.materials.new(name))
    for poly in orb.data.polygons:
        poly.material_index = 1 if poly.center.x > 0 else 0
    orb["asset_id"], orb["role"], orb["archetype"] = "orb.000", "asset", "torch"  # torch: wall-mounted
    return mod("scene.store").get_version(coll), orb


def _tris(mesh):
    return sum(len(p.vertices) - 2 for p in mesh.polygons)


def test_lod_triangle_targets_within_ten_percent(fresh, api):
    version, orb = _sphere_world(fresh)
    source = _tris(orb.data)
    lods = api.make_lods(version, triangle_targets=(2000, 800, 300))
    got = sorted((lod["lod_level"], _tris(lod.data)) for lod in lods)
    for (level, tris), target in zip(got, (2000, 800, 300)):
        assert abs(tris - target) <= 0.1 * target, (level, tris, target)
    assert _tris(orb.data) == source, "the source mesh must not change"
    assert version.get("recipe")[-1]["op"] == "make_lods"
    ratio_lods = api.make_lods(version, ratios=(0.5,))
    assert len(ratio_lods) == 1 and abs(_tris(ratio_lods[0].data) - source * 0.5) <= 0.1 * source * 0.5
    assert len([o for o in version.collection.all_objects if o.get("role") == "lod"]) == 1  # replaced


def test_lods_keep_material_borders_and_uv_seams(fresh, api):
    version, orb = _sphere_world(fresh)
    gameprep = mod("export.gameprep")
    lod = api.make_lods(version, ratios=(0.25,))[0]
    mesh = lod.data
    border = gameprep.border_vertices(mesh)
    # Material border: the plane x = 0; UV seam of a UV sphere: the half plane y = 0, x < 0.
    import bmesh

    bm = bmesh.new()
    bm.from_mesh(mesh)
    bm.verts.ensure_lookup_table()
    mat_border = {v.index for e in bm.edges if len(e.link_faces) == 2
                  and e.link_faces[0].material_index != e.link_faces[1].material_index for v in e.verts}
    assert mat_border and all(abs(bm.verts[i].co.x) < 1e-5 for i in mat_border)
    seam = border - mat_border
    on_seam = [bm.verts[i].co for i in seam if abs(bm.verts[i].co.z) < 0.999]
    assert on_seam and all(abs(co.y) < 1e-5 for co in on_seam)
    bm.free()
    assert {p.material_index for p in mesh.polygons} == {0, 1}


def test_convex_hull_contains_the_mesh(fresh, api):
    version, orb = _sphere_world(fresh)
    orb.data.vertices[0].co.z += 0.4  # a spike, so the hull is not just the sphere
    (proxy,) = api.make_collision(version)
    assert proxy["role"] == "collision" and proxy.parent == orb
    import bmesh

    bm = bmesh.new()
    bm.from_mesh(proxy.data)
    bm.normal_update()
    assert all(e.is_manifold for e in bm.edges)
    planes = [(f.normal.copy(), f.calc_center_median()) for f in bm.faces]
    hull_pts = [v.co.copy() for v in bm.verts]
    bm.free()
    import numpy as np

    normals = np.array([n for n, _ in planes])
    offsets = np.einsum("ij,ij->i", normals, np.array([c for _, c in planes]))
    mesh_pts = np.array([v.co for v in orb.data.vertices])
    # Convex: every hull vertex and every mesh vertex lies behind every face plane.
    assert (np.array(hull_pts) @ normals.T - offsets).max() <= 1e-4
    assert (mesh_pts @ normals.T - offsets).max() <= 1e-4
    assert version.get("recipe")[-1] == {**version.get("recipe")[-1], "op": "make_collision", "method": "hull"}


def test_decomposition_is_refused_with_the_reason(fresh, api):
    version, orb = _sphere_world(fresh)
    with pytest.raises(api.InvalidInput, match="not available.*compiled library"):
        api.make_collision(version, method="decomposition")
    import bmesh  # open the mesh: now also non-manifold, which the message names

    bm = bmesh.new()
    bm.from_mesh(orb.data)
    bm.faces.ensure_lookup_table()
    bmesh.ops.delete(bm, geom=[bm.faces[0]], context="FACES")
    bm.to_mesh(orb.data)
    bm.free()
    with pytest.raises(api.InvalidInput, match="not manifold"):
        api.make_collision(version, method="decomposition")
    with pytest.raises(api.InvalidInput, match="unknown"):
        api.make_collision(version, method="vhacd")
    with pytest.raises(api.InvalidInput, match="either ratios"):
        api.make_lods(version)


def test_approved_version_is_frozen(fresh, api):
    version, _ = _sphere_world(fresh)
    api.set_review(version, "in_review")
    api.set_review(version, "approved")
    with pytest.raises(api.VersionFrozen):
        api.make_lods(version, ratios=(0.5,))
    with pytest.raises(api.VersionFrozen):
        api.make_collision(version)


def test_unreal_export_names_lods_collision_and_sockets(fresh, api, tmp_path):
    bpy = fresh
    version, orb = _sphere_world(bpy)
    orb.scale = (2.0, 2.0, 2.0)
    done = api.prepare_for_engine(version, "unreal", lod_ratios=(0.5, 0.25))
    assert done == {"lods": 2, "collision": 1}
    path = api.export(version, tmp_path / "orb.fbx", preset="unreal")[0]
    scene = bpy.data.scenes.new("check")
    with bpy.context.temp_override(scene=scene, view_layer=scene.view_layers[0]):
        bpy.ops.import_scene.fbx(filepath=path, use_custom_props=True)
    base = mod("core.naming").base_name  # the file also holds the originals: imports get .001
    names = {base(o.name): o for o in scene.objects}
    assert {"Orb", "Orb_LOD0", "Orb_LOD1", "Orb_LOD2", "UCX_Orb_00", "SOCKET_Mount"} <= set(names)
    assert names["Orb_LOD1"].parent == names["Orb"] and names["Orb_LOD0"].parent == names["Orb"]
    assert base(names["SOCKET_Mount"].parent.name) in ("Orb_LOD0", "Orb") and names["SOCKET_Mount"].type == "EMPTY"
    # Scale applied on the export copy: size kept, scale 1 in the file; the version keeps its scale.
    assert tuple(names["Orb_LOD0"].scale) == pytest.approx((1, 1, 1), abs=1e-5)
    assert tuple(orb.scale) == (2.0, 2.0, 2.0)
    scene.view_layers[0].update()
    assert names["Orb_LOD0"].dimensions.x == pytest.approx(4.0, abs=1e-3)


def test_unity_and_godot_naming(fresh, api, tmp_path):
    import pygltflib

    bpy = fresh
    version, orb = _sphere_world(bpy)
    api.make_lods(version, ratios=(0.5,))
    api.make_collision(version)
    path = api.export(version, tmp_path / "orb.glb", preset="godot")[0]
    names = {n.name for n in pygltflib.GLTF2().load(path).nodes}
    assert "Orb-convcolonly" in names and not any("LOD" in n for n in names)
    generic = {n.name for n in pygltflib.GLTF2().load(api.export(version, tmp_path / "g.glb")[0]).nodes}
    assert generic == {"Orb"}, "the generic preset exports the version as seen"
    path = api.export(version, tmp_path / "orb.fbx", preset="unity")[0]
    scene = bpy.data.scenes.new("check")
    with bpy.context.temp_override(scene=scene, view_layer=scene.view_layers[0]):
        bpy.ops.import_scene.fbx(filepath=path)
    base = mod("core.naming").base_name
    assert {"Orb", "Orb_LOD0", "Orb_LOD1"} <= {base(o.name) for o in scene.objects}
    assert not any(o.name.startswith("UCX_") for o in scene.objects)


def test_generated_torches_carry_their_mount_point_into_unreal_sockets(fresh, api, tmp_path):
    """The generator writes where a wall-mounted asset meets the wall; export turns it into a
    SOCKET_ empty there (not a guess from the archetype's name)."""
    from tests.helpers.export_world import procedural_version

    version = procedural_version("a courtyard with a well and two torches on the walls", seed=5)
    torches = [obj for aid, obj in sorted(version.assets().items()) if obj.get("archetype") == "torch"]
    assert len(torches) == 2
    for torch in torches:
        assert len(torch["attach_points"]) == 1  # from the GLB's extras, through the importer
        points = mod("export.gameprep").attach_points(torch)
        assert [name for name, _ in points] == ["Mount"]
        mount = points[0][1]
        # the torch's back is on the wall: local y = 0 in Blender (glTF z = 0), and every vertex of
        # the torch is on the room side of it
        assert abs(mount.y) < 1e-6
        ys = [v.co.y for v in torch.data.vertices]
        assert min(ys) >= -1e-4 or max(ys) <= 1e-4
    paths = api.export(version, str(tmp_path / "court.fbx"), preset="unreal", force=True)
    import bpy

    before = set(bpy.data.objects)
    bpy.ops.import_scene.fbx(filepath=paths[0])
    sockets = [o for o in set(bpy.data.objects) - before if o.name.startswith("SOCKET_")]
    assert len(sockets) == 2 and all(o.type == "EMPTY" for o in sockets)
