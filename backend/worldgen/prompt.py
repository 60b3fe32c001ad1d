"""Prompt understanding without a model: setting, moods, named things, counts, relations, negations.

The parser walks the tokens once. At each position the longest phrase wins: a setting phrase
("throne room", "forest clearing") or a vocabulary noun ("lobster trap"); a word that is both (a
"pier", a "pond") votes for its setting and is a thing too. A count word or number before a noun
sets its count ("a dozen barrels", "2 carts"); adjectives before a noun set its material variant
("mossy rocks", "painted red stall"), and adjectives with no noun after them apply to the world.
"no" / "without" exclude the next noun (and those joined to it by "or", or listed with no article).
A preposition after a noun relates it to the next noun or setting part ("candles on the table",
"torches on the walls", "tents around the fire", "a chest in the corner"); "full of" / "shelves of"
put what follows on what came before. A word no table knows, standing where a noun stands (after
an article or count, before a boundary), is taken as a noun with no vocabulary entry: it becomes a
proxy, never dropped. Every other unknown word is reported as ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..textures import COLOURS
from .settings import MOOD_WORDS, SETTINGS, THEME_NAMES
from .prompt_words import (ADJECTIVES, BOUNDARY, DETERMINERS, EMPTY_WORDS, NEGATIONS, NOT_THINGS, NUMBERS,  # noqa: F401
                           PREPOSITIONS, SETTING_PARTS, STOP, STYLE_VOTES, MAX_PREP)
from .vocabulary import entry, groups, max_phrase, phrases, singularize, tokens

THEMES = THEME_NAMES


@dataclass
class Mention:
    key: str  # canonical noun (the archetype name when one builds it)
    candidates: tuple[str, ...]
    count: int | None  # None: singular without a count word (1) or bare plural (DEFAULT_PLURAL)
    plural: bool
    variant: str | None
    words: str = ""  # the phrase as typed
    relation: str | None = None  # on | near | around | along | corner | centre | edge | ceiling | floor | water | ...
    target: int | None = None  # index of the mention the relation points at
    implied: bool = False  # named only as a relation's target ("on the table")
    known: bool = True  # False: no vocabulary entry (a guessed noun)
    filler: bool = False  # names what the place is made of ("pine forest"): as many as it needs

    @property
    def archetype(self) -> str:  # the name the original parser used
        return self.key


@dataclass
class ParsedPrompt:
    setting: str | None
    votes: dict[str, float]
    mentions: list[Mention] = field(default_factory=list)
    excluded: set[str] = field(default_factory=set)
    global_variant: str | None = None
    ignored: list[str] = field(default_factory=list)
    moods: list[str] = field(default_factory=list)
    no_enclosure: bool = False
    ground: str | None = None  # a ground the prompt names ("cobblestones", "sand")
    notes: list[str] = field(default_factory=list)
    empty: bool = False  # "an empty warehouse": the setting's structure and nothing else
    near_water: bool = False  # "by the lake", "along the shore": the setting gets a strip of water

    @property
    def theme(self) -> str | None:
        return self.setting


def tokenize(prompt: str) -> list[str]:
    """Lower-case words, keeping commas and full stops as clause boundaries."""
    return re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|[,.;]", prompt.lower().replace("’", "'"))


@dataclass(frozen=True)
class _SettingTable:
    table: dict[tuple[str, ...], str]
    longest: int


def _setting_table() -> _SettingTable:
    table: dict[tuple[str, ...], str] = {}
    for s in SETTINGS.values():
        for w in s.words:
            table.setdefault(tokens(w), s.name)
    return _SettingTable(table, max(len(k) for k in table))


_SETTINGS = _setting_table()
DEFAULT_PLURAL = 4


def _norm(toks: list[str]) -> list[str]:
    # "king's throne" tokenizes as one word; the vocabulary's phrases split at the apostrophe.
    out: list[str] = []
    for t in toks:
        out += t.replace("'", " ").split() if "'" in t else [t]
    return out


def _noun_at(toks: list[str], i: int) -> tuple[tuple[str, ...], bool, int] | None:
    table = phrases()
    for n in range(min(max_phrase(), len(toks) - i), 0, -1):
        hit = table.get(tuple(toks[i : i + n]))
        if hit:
            return hit[0], hit[1], n
    return None


def _setting_at(toks: list[str], i: int) -> tuple[str, int] | None:
    for n in range(min(_SETTINGS.longest, len(toks) - i), 0, -1):
        name = _SETTINGS.table.get(tuple(toks[i : i + n]))
        if name:
            return name, n
    return None


def _prep_at(toks: list[str], i: int) -> tuple[str, int] | None:
    for n in range(min(MAX_PREP, len(toks) - i), 0, -1):
        kind = PREPOSITIONS.get(tuple(toks[i : i + n]))
        if kind:
            return kind, n
    return None


def _variant_word(toks: list[str], i: int) -> tuple[str | None, int]:
    t = toks[i]
    if t == "painted" and i + 1 < len(toks) and toks[i + 1] in COLOURS:
        return f"painted_{toks[i + 1]}", 2
    if t in COLOURS:
        return f"painted_{t}", 1
    if t in ADJECTIVES:
        return ADJECTIVES[t], 1
    return None, 0


def _looks_like_noun(toks: list[str], i: int, after_det: bool) -> bool:
    t = toks[i]
    if (t in STOP or t in NOT_THINGS or t in NUMBERS or t in NEGATIONS or not t.isalpha() or len(t) < 3
            or t.endswith(("ly", "ing", "ed", "ful", "ous", "ish", "ive", "less"))):
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else "."
    return after_det and (nxt in BOUNDARY or _prep_at(toks, i + 1) is not None)


def parse(prompt: str) -> ParsedPrompt:
    return _Reader(_norm(tokenize(prompt))).read()


class _Reader:
    """One pass over the tokens. Each ``_at_*`` step looks at position ``i`` and returns the next
    position if the tokens there were its kind (a relation's setting part, a setting phrase, a
    possessive, a noun phrase, a preposition), else None; what is left is a single word."""

    def __init__(self, toks: list[str]) -> None:
        self.toks = toks
        self.out = ParsedPrompt(None, {})
        self.first_vote: dict[str, int] = {}
        self.count: int | None = None
        self.variant: str | None = None
        self.negate = False
        self.negate_list = False  # "no trees, rocks or bushes": the list continues the negation
        self.relation: str | None = None
        self.rel_subject: int | None = None  # the mention a pending relation belongs to
        self.after_det = False  # a determiner, count or adjective came before: a noun may follow
        self.last: int | None = None  # index of the last mention
        self.last_group: list[int] = []  # the mentions a collective word made ("weapons on the walls")
        self.rel_group: list[int] = []
        self.prev_setting_end = -1

    def read(self) -> ParsedPrompt:
        i = 0
        while i < len(self.toks):
            setting_hit, noun_hit = _setting_at(self.toks, i), _noun_at(self.toks, i)
            nxt = (self._at_part(i, setting_hit, noun_hit) or self._at_setting(i, setting_hit, noun_hit)
                   or self._at_possessive(i, noun_hit) or self._at_noun(i, noun_hit) or self._at_prep(i)
                   or self._at_word(i))
            i = nxt
        out = self.out
        if self.variant is not None:
            out.global_variant = self.variant
        if out.votes:
            out.setting = max(sorted(out.votes), key=lambda k: (out.votes[k], -self.first_vote[k]))
        return out

    def _vote(self, name: str, w: float, at: int) -> None:
        self.out.votes[name] = self.out.votes.get(name, 0.0) + w
        self.first_vote.setdefault(name, at)

    def _reset(self) -> None:
        self.count, self.variant, self.relation, self.after_det = None, None, None, False

    def _at_part(self, i: int, setting_hit, noun_hit) -> int | None:
        """A relation pointing at a part of the setting: "on the walls", "in the corner"."""
        t = self.toks[i]
        if (self.relation is None or t not in SETTING_PARTS or (noun_hit and noun_hit[2] > 1)
                or (setting_hit and setting_hit[1] > 1)):
            return None
        if setting_hit:  # "along the shore": a place beside this one, and where the thing goes
            if not SETTING_PARTS[t] == "waterside":
                return None
            self._vote(setting_hit[0], 1.5, i)
            self.out.near_water = True
        part, relation = SETTING_PARTS[t], self.relation
        subjects = self.rel_group or ([self.rel_subject] if self.rel_subject is not None else [])
        for m in [self.out.mentions[k] for k in subjects] if relation not in ("of", "filled") else []:
            # ("a barrel of water": contents, no relation)
            if part == "it":
                target = _it_target(self.out, self.rel_subject)
                if target is not None and relation in ("on", "in", "filled", "of", "near"):
                    m.relation, m.target = "on" if relation != "near" else "near", target
            elif part == "walls" and relation in ("on", "along", "near", "in"):
                m.relation = "walls"
            elif part == "entrance":
                m.relation = "entrance"
            elif part == "floor" and relation in ("on", "in"):
                m.relation = "floor"
            elif part != "floor":
                m.relation = part
        self._reset()
        return i + 1

    def _at_setting(self, i: int, setting_hit, noun_hit) -> int | None:
        if not setting_hit or (noun_hit and setting_hit[1] < noun_hit[2]):
            return None
        name, n = setting_hit
        is_noun = noun_hit is not None and noun_hit[2] == n
        # In "fishing village dock" the last word names the place: the head of the compound.
        weight = (2.0 if is_noun else 3.0) + (0.5 if self.prev_setting_end == i else 0.0)
        if self.relation in ("near", "along"):  # "a campsite by the lake": the lake is what is nearby
            weight = 1.5
            self.out.near_water = self.out.near_water or SETTINGS[name].water
        self._vote(name, weight, i)
        self.prev_setting_end = i + n
        if self.variant is not None and not is_noun:  # "a mossy courtyard": the adjective is for the world
            self.out.global_variant, self.variant = self.variant, None
        toks = self.toks
        modifier = is_noun and i + n < len(toks) and (_setting_at(toks, i + n) or _noun_at(toks, i + n))
        if is_noun and not modifier:
            return None  # "a pier", "the pond": a place word that is also a thing in it
        # "spaceship hallway": a setting word before another names the place, not a thing in it.
        self.count, self.after_det, self.relation = None, False, None
        return i + n

    def _at_possessive(self, i: int, noun_hit) -> int | None:
        """ "a dragon's lair", "the wizard's study": whose place it is, not a thing in it."""
        if not noun_hit or self.toks[i + noun_hit[2] : i + noun_hit[2] + 1] != ["s"] or self.negate:
            return None
        key = noun_hit[0][0]
        for s in entry(key).settings[:1] if not key.startswith("@") else ():
            self._vote(s, 1.0, i)
        self._reset()
        return i + noun_hit[2] + 1

    def _at_noun(self, i: int, noun_hit) -> int | None:
        if not noun_hit:
            return None
        toks, out = self.toks, self.out
        cands, plural, n = noun_hit
        words = " ".join(toks[i : i + n])
        place = _setting_at(toks, i + n) if i + n < len(toks) and not self.negate else None
        if place and place[0] not in entry(cands[0]).settings:
            self._reset()  # "a wizard tower library": a thing naming the kind of place is no thing in it
            return i + n
        grove = place is not None  # "a birch grove", "a pine forest": the place is made of them
        if grove and i > 0 and toks[i - 1] in ("a", "an", "the"):
            self.count = None  # the article is the place's
        if cands[0].startswith("@"):  # a collective word: "old furniture", "fishing gear"
            members = groups()[cands[0][1:]]
            if self.negate:
                out.excluded.update(members)
            else:
                first = len(out.mentions)
                out.mentions += [Mention(k, (k,), self.count, False, self.variant, words) for k in members]
                self.last = len(out.mentions) - 1
                self.last_group = list(range(first, len(out.mentions)))
            self._reset()
            return i + n
        if self.negate:
            out.excluded.update(cands)
            if any(entry(k).category == "enclosure" or k in ("fence", "iron_fence") for k in cands):
                out.no_enclosure = True
            self.negate_list = True
        else:
            m = Mention(cands[0], cands, self.count, plural or grove, self.variant, words, filler=grove)
            e = entry(cands[0])
            if e.place == "structural":
                _structural(out, m, e)
            else:
                out.mentions.append(m)
                idx = len(out.mentions) - 1
                if self.relation is not None and self.rel_subject is not None:
                    for subject in self.rel_group or [self.rel_subject]:
                        _relate(out, subject, idx, self.relation)
                elif (self.last is not None and toks[i - 1] == "with" and e.place == "on_surface"
                      and entry(out.mentions[self.last].key).surface):
                    m.relation, m.target = "on", self.last  # "a table with candles"
                self.last, self.last_group = idx, []
            for s in e.settings[:1]:
                self._vote(s, 1.0, i)
            for s in e.settings[1:3]:
                self._vote(s, 0.5, i)
        self._reset()
        self.negate = self.negate and toks[i + n : i + n + 1] in (["or"], ["nor"], [","])
        return i + n

    def _at_prep(self, i: int) -> int | None:
        prep = _prep_at(self.toks, i)
        if prep is None or (prep[0] == "of" and self.count is not None):  # "a pair of", "a dozen of"
            return None
        kind, n = prep
        if kind == "of" and (self.last is None or not entry(self.out.mentions[self.last].key).surface):
            return i + 1  # "of" only relates to a surface: "shelves of bread"
        self.relation, self.rel_subject = kind, self.last
        self.rel_group = list(self.last_group) if kind not in ("of", "filled") else []
        self.count, self.variant, self.after_det = None, None, False
        return i + n

    def _at_word(self, i: int) -> int:
        toks, out, t = self.toks, self.out, self.toks[i]
        v, n = _variant_word(toks, i)
        if v is not None and (i + n < len(toks) and _noun_at(toks, i + n) or t not in MOOD_WORDS):
            self.variant, self.after_det = v, True
            return i + n
        if t in EMPTY_WORDS:
            out.empty = True
        elif t in MOOD_WORDS:
            if MOOD_WORDS[t] not in out.moods:
                out.moods.append(MOOD_WORDS[t])
        elif t in STYLE_VOTES:
            self._vote(*STYLE_VOTES[t], i)
        elif t in NEGATIONS:
            self.negate, self.negate_list = True, False
        elif t.isdigit() or t in NUMBERS:
            if t.isdigit():
                self.count = max(0, min(int(t), 1000))
            elif self.count is None or t not in ("a", "an"):  # "a dozen": the dozen wins
                self.count = NUMBERS[t]
            self.after_det = True
            self.negate = self.negate and not self.negate_list  # "no trees, a campfire": the list ended
        elif t in BOUNDARY:
            if t in (",", ".", ";"):
                self.negate = self.negate and self.negate_list
                self.relation = None
            self.count, self.variant = None, None  # "a fairy ring, an old well": a count ends with its clause
            # In a list ("a piano, poker tables, spittoons and a poster") the next word may be a thing.
            self.after_det = t in (",", "and", "or") and self.last is not None
        elif t in DETERMINERS:
            self.after_det = True
            self.negate = self.negate and not self.negate_list
        elif t not in STOP:
            self._unknown(i)
        return i + 1

    def _unknown(self, i: int) -> None:
        """A word no table knows: a noun if it stands where nouns stand (a proxy), else ignored."""
        t, out = self.toks[i], self.out
        if not _looks_like_noun(self.toks, i, self.after_det):
            out.ignored.append(t)
            self.after_det = self.after_det and t not in ("is", "are")
        elif self.negate:
            out.excluded.add(singularize(t))
        else:
            key = singularize(t)
            out.mentions.append(Mention(key, (key,), self.count, key != t, self.variant, t, known=False))
            if self.relation is not None and self.rel_subject is not None:
                _relate(out, self.rel_subject, len(out.mentions) - 1, self.relation)
            self.last, self.last_group = len(out.mentions) - 1, []
            self._reset()


def _structural(out: ParsedPrompt, m: Mention, e) -> None:
    """Grounds and enclosures the prompt names: they change the setting's pieces."""
    if e.category == "ground":
        out.ground = m.key
        if m.variant:
            out.notes.append(f"ground:{m.variant}")
    elif e.category == "enclosure" and m.variant:
        out.notes.append(f"wall:{m.variant}")


def _relate(out: ParsedPrompt, subject: int, target: int, kind: str) -> None:
    s, t = out.mentions[subject], out.mentions[target]
    if kind in ("filled", "of"):  # "shelves of bread": the second thing goes on the first
        t.relation, t.target = "on", subject
        return
    if kind == "in" and not entry(t.key).surface and entry(t.key).category not in ("container", "vehicle"):
        kind = "near"
    s.relation, s.target = ("on" if kind == "in" else kind), target
    if not any(m is not t and m.key == t.key and not m.implied for m in out.mentions[:target]):
        t.implied = t.count is None and not t.plural  # "on the table": a table the prompt names in passing


def _it_target(out: ParsedPrompt, subject: int) -> int | None:
    for j in range(subject - 1, -1, -1):
        if entry(out.mentions[j].key).surface:
            return j
    return subject - 1 if subject > 0 else None


def resolve(parsed: ParsedPrompt, setting: str) -> list[Mention]:
    """Pick, for each mention, the candidate whose usual settings include ``setting`` (else the first)."""
    out = []
    for m in parsed.mentions:
        pick = next((c for c in m.candidates if setting in entry(c).settings), m.candidates[0])
        out.append(Mention(pick, m.candidates, m.count, m.plural, m.variant, m.words, m.relation, m.target,
                           m.implied, m.known, m.filler))
    return out


def resolved_count(m: Mention) -> int:
    if m.count is not None:
        return m.count
    return DEFAULT_PLURAL if m.plural else 1
