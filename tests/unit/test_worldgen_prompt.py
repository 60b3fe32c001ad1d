"""Prompt understanding: settings, nouns and synonyms, plurals, counts, adjectives, moods, negations,
ignored words. (Relations, proxies and the prompt table: test_worldgen_relations.py.)"""

from __future__ import annotations

import pytest

from worldsmith_backend.worldgen.plan import make_plan
from worldsmith_backend.worldgen.prompt import parse, resolve, resolved_count


def kinds(prompt: str, theme: str | None = None) -> dict[str, int]:
    plan = make_plan({"prompt": prompt, "theme": theme})
    out: dict[str, int] = {}
    for s in plan.slots:
        out[s.noun] = out.get(s.noun, 0) + 1
    return out


def test_courtyard_prompt_names_exactly_those_things():
    k = kinds("a medieval courtyard with cobblestones, a well, a market stall and torches on the walls")
    assert set(k) == {"cobblestone_ground", "gate", "wall", "well", "market_stall", "torch"}
    assert k["well"] == 1 and k["market_stall"] == 1 and k["cobblestone_ground"] == 1
    assert k["torch"] >= 3 and k["wall"] >= 8
    assert parse("a medieval courtyard with cobblestones, a well, a market stall and torches on the walls").ignored == []


@pytest.mark.parametrize("prompt,noun,count", [
    ("three barrels", "barrel", 3),
    ("a few crates in a courtyard", "crate", 3),
    ("a pair of torches", "torch", 2),
    ("2 carts", "cart", 2),
    ("a couple of benches", "bench", 2),
    ("twelve hay bales", "hay_bale", 12),
    ("four market stalls", "market_stall", 4),
    ("a sofa", "sofa", 1),
    ("a dozen barrels in a cellar", "barrel", 12),
    ("dozens of candles in a chapel", "candle", 24),
    ("a forest clearing with a campfire and two tents", "tent", 2),
    ("20 gravestones", "gravestone", 20),
])
def test_counts(prompt, noun, count):
    assert kinds(prompt)[noun] == count


def test_synonyms_and_plurals():
    p = parse("casks, wagons, stones, a couch, a pedestal, terminals and conduits")
    assert [m.key for m in p.mentions] == ["barrel", "cart", "rock", "sofa", "plinth", "console", "pipe_run"]
    # Irregular plurals from the data, regular ones by rule, multi-word phrases and their plurals.
    p = parse("shelves, loaves, oxen, geese, lobster traps, lobster pots, benches, bookshelves, fungi")
    assert [m.key for m in p.mentions] == ["shelf", "loaf", "cow", "duck", "lobster_trap", "lobster_trap", "bench",
                                           "bookcase", "mushroom"]
    assert all(m.plural for m in p.mentions)
    assert [resolved_count(m) for m in parse("a rowing boat and rowing boats").mentions] == [1, 4]


def test_setting_from_words():
    cases = {
        "a fishing village dock with rowing boats, nets and lobster traps": "dock",
        "an attic full of old furniture under dust sheets": "attic",
        "a throne room with a throne, banners and candelabras": "hall",
        "a bakery with bread ovens, a counter and shelves of bread": "shop",
        "a forest clearing with a campfire and two tents": "forest",
        "a spooky graveyard at night": "graveyard",
        "a cozy tavern with a fireplace": "tavern",
        "a dusty wine cellar": "cellar",
        "a blacksmith's forge with an anvil": "workshop",
        "a spaceship corridor": "scifi_corridor",
        "a cozy living room": "interior",
        "a product studio shot": "product_studio",
        "a tropical beach with palm trees": "beach",
        "a rainy street at night with street lamps": "street",
        "a crystal cave": "cave",
    }
    for prompt, setting in cases.items():
        assert parse(prompt).setting == setting, prompt


def test_setting_inferred_from_the_named_things():
    assert parse("some mossy rocks and a tent").setting == "forest"
    assert make_plan({"prompt": "bread ovens and shelves"}).setting.indoor  # ovens and shelves -> a room
    assert parse("rowing boats and lobster traps").setting == "dock"
    assert parse("a throne, banners and a long table").setting == "hall"
    assert make_plan({"prompt": "three barrels", "theme": "scifi_corridor"}).theme.name == "scifi_corridor"
    assert make_plan({"prompt": "three barrels", "theme": "attic"}).setting.name == "attic"


def test_shared_words_follow_the_setting():
    p = parse("bottles")
    assert [m.key for m in resolve(p, "product_studio")] == ["product_bottle"]
    assert [m.key for m in resolve(p, "tavern")] == ["wine_bottle"]


def test_exclusions_remove_families():
    k = kinds("a forest clearing with no trees")
    assert not any(n.endswith("tree") for n in k) and "rock" in k
    assert "rock" not in kinds("a forest clearing without rocks")
    k = kinds("a forest clearing without trees, rocks or bushes")
    assert not any(n.endswith(("tree", "rock", "bush")) for n in k)
    k = kinds("a clearing with no trees, a campfire and two tents")
    assert k["campfire"] == 1 and k["tent"] == 2 and not any(n.endswith("tree") for n in k)
    k = kinds("a medieval courtyard with a well and barrels but no torches")
    assert "torch" not in k and k["well"] == 1 and k["barrel"] == 4


def test_no_walls_opens_the_setting():
    plan = make_plan({"prompt": "a courtyard with no walls and a well"})
    assert plan.setting.wall is None and not any(s.noun == "wall" for s in plan.slots)


def test_adjectives_bind_to_their_noun_or_the_world():
    p = parse("mossy rocks and a painted red market stall in a weathered courtyard")
    assert [(m.key, m.variant) for m in p.mentions] == [("rock", "mossy"), ("market_stall", "painted_red")]
    assert p.global_variant == "weathered"
    plan = make_plan({"prompt": "rusty pipes in a sci-fi corridor"})
    pipes = [s for s in plan.slots if s.noun == "pipe_run"]
    assert pipes and all(s.material_variant == "rusty" for s in pipes)
    assert resolved_count(p.mentions[0]) == 4  # a bare plural means "several"


def test_moods_change_looks_and_lights():
    day = make_plan({"prompt": "a graveyard with gravestones", "theme": None})
    assert day.lighting["kind"] == "night"  # a graveyard is a night place
    base = make_plan({"prompt": "a courtyard with a well"})
    snowy = make_plan({"prompt": "a snowy courtyard with a well"})
    haunted = make_plan({"prompt": "a haunted courtyard with a well"})
    assert snowy.moods == ["snowy"] and haunted.moods == ["haunted"]
    ground = lambda plan: next(s for s in plan.slots if s.noun == "cobblestone_ground").material_variant  # noqa: E731
    assert ground(base) == "dark" and ground(snowy) == "painted_white"
    assert haunted.lighting["kind"] == "night" and haunted.lighting["key"]["w"] < base.lighting["key"]["w"] / 4
    # Key and fill differ in colour temperature: warm key, cool fill by day.
    k, f = base.lighting["key"]["color"], base.lighting["fill"]["color"]
    assert k[0] > k[2] and f[2] > f[0]


def test_ignored_words_reported_without_stop_words():
    p = parse("a courtyard with a flying dragon and the barrels")
    assert p.ignored == ["flying"]
    assert [m.key for m in p.mentions] == ["dragon", "barrel"]


def test_vague_prompt_gets_the_setting_mix():
    k = kinds("a forest clearing")
    assert {"tree", "rock", "bush"} <= set(k) and sum(k.values()) >= 15


def _value(kind: str, variant: str | None) -> float:
    import numpy as np

    from worldsmith_backend.textures.library import _apply_variant, _base_fields

    f = dict(_base_fields(kind, 64))
    _apply_variant(kind, variant or "default", f, np.random.default_rng(0), 64)
    return float((np.clip(f["albedo"], 0, 1) @ np.array([0.2126, 0.7152, 0.0722])).mean())


def test_grounds_and_walls_differ_in_value():
    """Every enclosed setting's ground and walls, with the looks it picks, differ in value enough to
    read apart in Material Preview (the issue's grey-on-grey courtyard)."""
    from worldsmith_backend.worldgen.archetypes import REGISTRY
    from worldsmith_backend.worldgen.settings import SETTINGS

    for name, s in SETTINGS.items():
        if not s.wall or s.shape == "studio":
            continue
        plan = make_plan({"prompt": "a place", "theme": name})
        ground = next(x for x in plan.slots if x.noun == s.ground)
        wall = next(x for x in plan.slots if x.noun == s.wall)
        g = _value(REGISTRY[ground.archetype].slots["ground"], ground.material_variant)
        w = _value(next(iter(REGISTRY[wall.archetype].slots.values())), wall.material_variant)
        assert abs(g - w) >= 0.15, (name, round(g, 2), round(w, 2))


def test_how_artists_phrase_things():
    # A possessive or a thing before a place word names the place, not a thing in it.
    assert "dragon" not in kinds("a dragon's lair with bones")
    assert "watchtower" not in kinds("a wizard tower library with books")
    assert "spaceship" not in kinds("a spaceship hallway with a robot")
    assert kinds("a hangar with a spaceship")["spaceship"] == 1
    # ... unless the place is made of them: a pine forest is its trees.
    k = kinds("a pine forest with a cabin")
    assert k["pine_tree"] >= 6 and k["cabin"] == 1 and "tree" not in k
    # "empty" keeps the setting's structure and nothing else.
    assert set(kinds("an empty warehouse")) <= {"stone_floor", "room_wall", "door"}
    # A count belongs to its clause; list items need no article; "w/" is "with".
    k = kinds("enchanted forest with a fairy ring, an old well, no tents")
    assert k["well"] == 1 and "tent" not in k
    p = parse("a saloon with a piano, poker tables, spittoons and a wanted poster")
    assert [m.key for m in p.mentions] == ["piano", "table", "spittoon", "poster"]
    assert parse("a courtyard w/ a well").ignored == []
    # Contents are no place: "a barrel of water" is a barrel.
    p = parse("a workshop with a barrel of water")
    assert [(m.key, m.relation) for m in p.mentions] == [("barrel", None)]


def test_rooms_get_warm_lights_under_the_ceiling():
    room = make_plan({"prompt": "a bedroom with a bed and a wardrobe"})
    pts = room.lighting["points"]
    lx, lz = room.size
    assert pts and all(abs(p["pos"][0]) < lx / 2 and abs(p["pos"][2]) < lz / 2 and 2.0 < p["pos"][1] < 3.0 for p in pts)
    assert all(p["color"][0] > p["color"][2] for p in pts)  # warm against the cool fill
    dungeon = make_plan({"prompt": "a dungeon with torches"})
    assert max(p["w"] for p in dungeon.lighting["points"]) < min(p["w"] for p in pts)  # torches carry the night
    assert make_plan({"prompt": "a forest clearing"}).lighting["points"] == []


def test_a_relation_after_a_collective_word_holds_for_each_thing():
    p = parse("a hall with weapons on the walls and a throne")
    assert [(m.key, m.relation) for m in p.mentions] == [("sword", "walls"), ("shield", "walls"),
                                                         ("weapon_rack", "walls"), ("throne", None)]
