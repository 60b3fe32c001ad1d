"""Prompt understanding: themes, nouns and synonyms, counts, adjectives, exclusions, ignored words."""

from __future__ import annotations

import pytest

from worldsmith_backend.worldgen.plan import make_plan
from worldsmith_backend.worldgen.prompt import parse, resolve, resolved_count


def kinds(prompt: str, theme: str | None = None) -> dict[str, int]:
    plan = make_plan({"prompt": prompt, "theme": theme})
    out: dict[str, int] = {}
    for s in plan.slots:
        out[s.archetype] = out.get(s.archetype, 0) + 1
    return out


def test_courtyard_prompt_names_exactly_those_things():
    k = kinds("a medieval courtyard with cobblestones, a well, a market stall and torches on the walls")
    assert set(k) == {"cobblestone_ground", "gate", "wall", "well", "market_stall", "torch"}
    assert k["well"] == 1 and k["market_stall"] == 1 and k["cobblestone_ground"] == 1
    assert k["torch"] >= 3 and k["wall"] >= 8
    assert parse("a medieval courtyard with cobblestones, a well, a market stall and torches on the walls").ignored == []


@pytest.mark.parametrize("prompt,arch,count", [
    ("three barrels", "barrel", 3),
    ("a few crates in a courtyard", "crate", 3),
    ("a pair of torches", "torch", 2),
    ("2 carts", "cart", 2),
    ("a couple of benches", "bench", 2),
    ("twelve hay bales", "hay_bale", 12),
    ("four market stalls", "market_stall", 4),
    ("a sofa", "sofa", 1),
])
def test_counts(prompt, arch, count):
    assert kinds(prompt)[arch] == count


def test_synonyms_and_plurals():
    p = parse("casks, wagons, boulders, a couch, a pedestal, terminals and conduits")
    assert [m.archetype for m in p.mentions] == ["barrel", "cart", "rock", "sofa", "plinth", "console", "pipe_run"]


def test_theme_from_keywords_and_from_nouns():
    assert parse("a forest clearing").theme == "forest"
    assert parse("a spaceship corridor").theme == "scifi_corridor"
    assert parse("a cozy living room").theme == "interior"
    assert parse("a product studio shot").theme == "product_studio"
    assert parse("some mossy rocks and a tent").theme == "forest"
    assert make_plan({"prompt": "three barrels", "theme": "scifi_corridor"}).theme.name == "scifi_corridor"


def test_shared_words_follow_the_theme():
    p = parse("a room with walls")
    assert [m.archetype for m in resolve(p, "interior")] == ["room_wall"]
    assert [m.archetype for m in resolve(p, "courtyard")] == ["wall"]


def test_exclusions_remove_families():
    k = kinds("a forest clearing with no trees")
    assert "tree" not in k and "pine_tree" not in k and "rock" in k
    assert "rock" not in kinds("a forest clearing without rocks")


def test_adjectives_bind_to_their_noun_or_the_world():
    p = parse("mossy rocks and a painted red market stall in a weathered courtyard")
    assert [(m.archetype, m.variant) for m in p.mentions] == [("rock", "mossy"), ("market_stall", "painted_red")]
    assert p.global_variant == "weathered"
    plan = make_plan({"prompt": "rusty pipes in a sci-fi corridor"})
    pipes = [s for s in plan.slots if s.archetype == "pipe_run"]
    assert pipes and all(s.material_variant == "rusty" for s in pipes)
    assert resolved_count(p.mentions[0]) == 4  # a bare plural means "several"


def test_ignored_words_reported_without_stop_words():
    p = parse("a courtyard with a flying dragon and the barrels")
    assert p.ignored == ["flying", "dragon"]


def test_vague_prompt_gets_the_theme_mix():
    k = kinds("a forest clearing")
    assert {"tree", "rock", "bush"} <= set(k) and sum(k.values()) >= 15
