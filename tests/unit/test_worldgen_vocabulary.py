"""The object vocabulary is data: enough of it, well formed, one line per noun, covering every
registered archetype and every noun a setting names."""

from __future__ import annotations

import json

from worldsmith_backend.worldgen.archetypes import REGISTRY
from worldsmith_backend.worldgen.settings import SETTINGS
from worldsmith_backend.worldgen.vocabulary import (PATH, PLACEMENTS, entries, groups, missing_entries, phrases,
                                                    pluralize, tokens)


def test_at_least_300_everyday_and_genre_objects():
    things = [k for k, e in entries().items() if e.place != "structural" and k != "proxy"]
    assert len(things) >= 300
    assert sum(len(e.words) for e in entries().values()) >= 900  # synonyms


def test_entries_are_well_formed():
    for k, e in entries().items():
        assert k == k.lower() and " " not in k, k
        assert e.place in PLACEMENTS, k
        assert all(lo <= hi for lo, hi in zip(e.size_min, e.size_max)), k
        if e.place != "structural":
            assert all(v > 0 for v in e.size_min), k
        for c in e.companions:
            assert c in entries(), (k, c)
        for s in e.settings:
            assert s in SETTINGS, (k, s)
    for g, members in groups().items():
        assert all(m in entries() for m in members), g


def test_every_registered_archetype_has_an_entry():
    assert missing_entries() == [], "add these to backend/worldgen/vocabulary.json"
    assert set(REGISTRY) <= set(entries())


def test_every_noun_a_setting_names_is_in_the_vocabulary():
    for s in SETTINGS.values():
        for k, _ in s.essentials + s.defaults + s.companions:
            assert k in entries(), (s.name, k)
        for k in (s.ground, s.wall, s.entrance, *s.hero, *s.ring):
            assert k is None or k in entries(), (s.name, k)


def test_a_synonym_or_plural_is_a_one_line_change():
    lines = PATH.read_text().splitlines()
    for k in entries():
        line = [ln for ln in lines if ln.startswith(json.dumps(k) + ":")]
        assert len(line) == 1, k  # the whole entry, words included, on one line
    raw = json.loads(PATH.read_text())
    assert "_doc" in raw


def test_plurals_by_rule_and_by_data():
    assert pluralize("torch") == "torches" and pluralize("lobster trap") == "lobster traps"
    assert pluralize("battery") == "batteries" and pluralize("sheep") == "sheep" and pluralize("bus") == "buses"
    table = phrases()
    assert table[tokens("shelves")][0][0] == "shelf" and table[tokens("shelves")][1]  # irregular, from the data
    assert table[tokens("lobster pots")][0][0] == "lobster_trap" and table[tokens("lobster pots")][1]
    assert not table[tokens("lobster pot")][1]


def test_the_api_accepts_every_setting_as_theme():
    from worldsmith_backend.schema import THEMES

    assert sorted(THEMES) == sorted(SETTINGS) and THEMES[:5] == ["courtyard", "forest", "product_studio", "interior",
                                                                "scifi_corridor"]


def test_capabilities_list_the_settings_and_the_vocabulary():
    from worldsmith_backend.generators.procedural import ProceduralGenerator

    caps = ProceduralGenerator().capabilities()
    assert [s["name"] for s in caps["settings"]] == list(SETTINGS)
    assert all({"name", "display", "shape", "lighting", "words"} <= set(s) for s in caps["settings"])
    v = caps["vocabulary"]
    assert v["nouns"] >= 300 and v["nouns"] == len(v["real"]) + len(v["proxy"])
    assert "well" in v["real"] and "proxy" not in caps["archetypes"]
    assert set(v["real"]) <= set(caps["archetypes"])
