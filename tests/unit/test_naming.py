"""Engine names: valid, unique within an export, UCX_/LOD/SOCKET_ conventions."""

from hypothesis import given, strategies as st

from addon.core import naming


def test_examples():
    taken = set()
    assert naming.unique(naming.engine_name("Torch.002"), taken) == "Torch"
    assert naming.unique(naming.engine_name("torch.003"), taken) == "torch_01"  # case-insensitive
    assert naming.engine_name("Market Stall") == "Market_Stall"
    assert naming.engine_name("3 crates") == "Asset_3_crates"
    assert naming.engine_name("Café") == "Cafe"
    assert naming.engine_name("***") == "Asset"
    assert naming.collision_name("Well", 3) == "UCX_Well_03"
    assert naming.lod_name("Well", 2) == "Well_LOD2"
    assert naming.socket_name("Mount point") == "SOCKET_Mount_point"
    assert naming.name_problems("Well") == []
    assert naming.name_problems("UCX_Well") and naming.name_problems("Well.001")


@given(st.lists(st.text(max_size=80), max_size=30))
def test_engine_names_are_valid_and_unique(names):
    taken: set[str] = set()
    out = [naming.unique(naming.engine_name(n), taken) for n in names]
    assert len({o.lower() for o in out}) == len(out)
    for o in out:
        assert o and not o[0].isdigit() and len(o) <= naming.MAX_NAME_CHARS
        assert all(c.isascii() and (c.isalnum() or c == "_") for c in o)


def test_taken_compares_without_case_like_a_plain_set():
    from addon.core import naming

    for taken in (set(), naming.Taken()):
        got = [naming.unique(n, taken) for n in ("Torch", "torch", "TORCH", "Wall", "Torch_01")]
        assert got == ["Torch", "torch_01", "TORCH_02", "Wall", "Torch_01_01"]
    taken = naming.Taken(["Gate"])
    assert taken.has("GATE") and not taken.has("Gate_01")
