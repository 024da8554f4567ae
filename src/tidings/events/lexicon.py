"""The event-trigger lexicon: which words and phrases report events, and of which PLOVER types.

Built by `scripts/build_triggers.py` into `data/triggers.json` from PETRARCH-2's CAMEO verb
dictionary (MIT), the CAMEO-to-PLOVER table (CC BY-SA 4.0) and curated nouns. An entry keeps the
distribution of types the sources give a lemma ("attack": ACCUSE and ASSAULT), because the learned
typer decides between them from context; phrases ("call off", "hold talks") are more specific than
their verb and win when the parse shows them.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Token

from tidings.words import words

VERB_POS = ("VERB",)
NOUN_POS = ("NOUN",)
#: Adjectives are events only as the curated list names them ("found dead"), beside the nouns.
ADJECTIVE_POS = ("ADJ",)
OBJECT_DEPS = ("dobj", "obj", "nsubjpass")
MIN_PREPOSITION_COUNT = 3  # "call for" (35 patterns) overrides "call"; "cooperate on" (2) does not
#: A bare noun is an event word only with this much evidence: the curated eventive nouns carry it
#: ("meeting", "bombing"), while the objects of CAMEO patterns ("gas", "jet", "army") do not.
MIN_NOUN_COUNT = 5

@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """What the lexicon knows of one lemma or phrase."""

    key: str
    types: dict[str, int]
    modes: dict[str, str]
    subtype: str | None
    trigger: bool
    #: chosen by hand as an event word (data/curated/event_nouns.yaml), not only read off CAMEO's patterns
    curated: bool = False

    @property
    def top_type(self) -> str:
        return max(self.types, key=lambda t: (self.types[t], t)) if self.types else "OTHER"

    def share(self) -> dict[str, float]:
        """Type distribution as fractions, the typer's lexicon features."""
        total = sum(self.types.values()) or 1
        return {t: n / total for t, n in self.types.items()}


def _entries(raw: dict[str, dict]) -> dict[str, LexiconEntry]:
    return {key: LexiconEntry(key, e["types"], e.get("modes", {}), e.get("subtype"), e["trigger"],
                              e.get("curated", False)) for key, e in raw.items()}


@functools.cache
def tables() -> tuple[dict[str, LexiconEntry], dict[str, LexiconEntry], dict[str, LexiconEntry]]:
    """(verbs, phrases, nouns), parsed once per process."""
    raw = json.loads(resources.files("tidings").joinpath("data/triggers.json").read_text("utf-8"))
    return _entries(raw["VERB"]), _entries(raw["PHRASE"]), _entries(raw["NOUN"])


def nouns() -> dict[str, LexiconEntry]:
    """The lexicon's eventive nouns, lemma -> entry ("summit", "murder", "nomination")."""
    return tables()[2]


@functools.cache
def manifest() -> dict:
    raw = json.loads(resources.files("tidings").joinpath("data/triggers.json").read_text("utf-8"))
    return raw["manifest"]


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def forms(token: Token) -> list[str]:
    """The lemma keys a word is looked up by: the whole hyphenated word first when the tokenizer
    split one ("go - ahead" of "gave the go-ahead", "cease - fires", "sit - in"; pre-tokenized text
    spaces the hyphen too), whose last part is lemmatised, then the word's own lemma."""
    doc, i = token.doc, token.i
    parts: list[str] = []
    while i >= 2 and doc[i - 1].text == "-" and doc[i - 2].is_alpha and len(parts) < 3:
        parts.insert(0, doc[i - 2].lower_)
        i -= 2
    own = lemma(token)
    return ["-".join([*parts, own]), own] if parts else [own]


def phrase_keys(token: Token) -> list[str]:
    """Phrase keys for a verb with its particle, object or prepositional object, most specific
    first: "call off talk", "call off", "hold talk", "serve in jail"."""
    verb = lemma(token)
    particles = [lemma(c) for c in token.children if c.dep_ == "prt"]
    settings = [f"{verb} {lemma(c)} {form}" for c in token.children if c.dep_ == "prep"
                for o in c.children if o.dep_ == "pobj" for form in forms(o)]
    # the parser often takes a number object for a predicate: "called 911" (oprd)
    named = [c for c in token.children if c.dep_ in OBJECT_DEPS or c.dep_ == "oprd"]
    # an adjective that says what the object is ("found Barbarin guilty": a small clause), unless it
    # reports an event itself ("found the boy dead")
    named += [c for c in token.children if c.dep_ == "ccomp" and c.pos_ in ADJECTIVE_POS
              and any(g.dep_ == "nsubj" for g in c.children) and not is_event_adjective(c)]
    # a named object is also read by the common noun that classes it: "sunk Thai trawler Ekawat Nava"
    objects = [form for c in named for form in forms(c)] + [lemma(m) for c in named if c.pos_ == "PROPN"
                                           for m in c.children if m.dep_ == "compound" and m.pos_ == "NOUN"]
    return ([f"{verb} {p} {o}" for p in particles for o in objects]
            + [f"{verb} {p}" for p in particles] + [f"{verb} {o}" for o in objects] + settings)


def preposition_keys(token: Token) -> list[str]:
    """Verb + preposition keys ("call for"): weaker evidence than a particle or an object."""
    return [f"{lemma(token)} {lemma(c)}" for c in token.children if c.dep_ == "prep"]


def noun_keys(token: Token) -> list[str]:
    """A noun with its compound or adjective modifier first ("air strike", "drunken driving"), then
    alone, each hyphenated word whole first ("a sit-in")."""
    heads = forms(token)
    return [f"{lemma(c)} {head}" for head in heads for c in token.children if c.dep_ in ("compound", "amod")] + heads


_LOOKUPS = "tidings.lexicon_lookups"  # key of the looked-up entries in Doc.user_data


def lookup(token: Token) -> LexiconEntry | None:
    """The most specific lexicon entry for a verb or noun token, or None; worked out once per token
    of a document (kept in `Doc.user_data`: the candidate filter, the typer, the detector and the
    rules each ask for the same words)."""
    found = token.doc.user_data.setdefault(_LOOKUPS, {})
    if token.i not in found:
        found[token.i] = _lookup(token)
    return found[token.i]


def _lookup(token: Token) -> LexiconEntry | None:
    verbs, phrases, nouns = tables()
    if token.pos_ in VERB_POS:
        for key in phrase_keys(token):
            if key in phrases:
                return phrases[key]
        verb = next((verbs[f] for f in forms(token) if f in verbs), None)
        for key in preposition_keys(token):
            entry = phrases.get(key)
            if entry is not None and (verb is None or sum(entry.types.values()) >= MIN_PREPOSITION_COUNT):
                return entry
        return verb
    if token.pos_ in NOUN_POS:
        for key in noun_keys(token):
            if key in nouns:
                return nouns[key]
    if token.pos_ in ADJECTIVE_POS:
        entry = nouns.get(lemma(token))
        return entry if entry is not None and entry.subtype is not None else None
    return None


def is_event_adjective(token: Token) -> bool:
    """An adjective the curated list holds as an event ("dead", "fatal")."""
    return token.pos_ in ADJECTIVE_POS and lookup(token) is not None


def is_candidate(token: Token, entry: LexiconEntry) -> bool:
    """Whether a lexicon hit is specific enough to code: a phrase, an established noun, or a verb
    that is an event by itself; never a verb that only relates things ("involved in the theft")."""
    if token.lemma_.lower() in words().relation_verbs:
        return False
    if " " in entry.key:
        return True
    if token.pos_ in NOUN_POS or token.pos_ in ADJECTIVE_POS:
        return sum(entry.types.values()) >= MIN_NOUN_COUNT
    return entry.key not in words().generic_verbs and (entry.curated or entry.key not in mental_verbs())


@functools.cache
def mental_verbs() -> frozenset[str]:
    """Verbs that only feel, think or perceive ("grieve", "learn", "hope"; `data/verb_senses.json`,
    from WordNet by `make verbs`): the default code CAMEO gives them is no act between parties."""
    raw = json.loads(resources.files("tidings").joinpath("data/verb_senses.json").read_text("utf-8"))
    return frozenset(raw["mental_verbs"])


def lemma_entry(token: Token) -> LexiconEntry | None:
    """The entry for the bare lemma, ignoring phrases (a second typer feature)."""
    verbs, _, nouns = tables()
    return (verbs if token.pos_ in VERB_POS else nouns).get(lemma(token))
