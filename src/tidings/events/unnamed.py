"""Parties an event names without a known actor: "the Iraqi army took over Kirkuk" (a town the
knowledge base does not hold), "Israel will release prisoners", "the prime minister condemned the
killings".

PLOVER codes such phrases as an event's source or target, and an analyst learns more from an event
aimed at "prisoners" than from one with no target. So the events stage gives the phrase in a
source or target slot an actor of its own, as a last resort, when the slot names no known actor
(`arguments.participants` decides when):

- a name the actor stage left unresolved keeps it: "Kirkuk", "Gulen", with the id the actor stage
  gives an unknown name (`actors.new_actor_id`), so that it is the same actor in every article;
- a common noun phrase is named by its head and the words that make it up ("prisoners", "migrant
  camp", "killings"), with an `unnamed:` id (`model.unnamed_actor_id`) that, like a sector without
  a country, names no one in particular: linking ignores it. Only a noun that can name a party
  (`can_be_party`: a person, group or place; a thing an act of force is aimed at) fills a slot, but
  for what a stance is taken on: "offering a reward" or "offers counseling" has no target,
  "condemned the killings" has one.

Each such actor also gets an entity mention (label `PARTY`) at the words that name it.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Token

from tidings import places
from tidings.actors import display_name, new_actor_id
from tidings.model import Actor, ActorKind, EntityMention, unnamed_actor_id
from tidings.nlp import entity_at, text_of
from tidings.places import place_words
from tidings.words import words

#: Entity labels whose unresolved names are still parties, with the kind of actor they name.
NAMED_KINDS: dict[str, ActorKind] = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "other",
                                     "LOC": "other", "FAC": "other"}
#: Entity labels of words that never name a party: "Tuesday", "37", "$1 billion".
NOT_PARTIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
#: Modifiers that belong to the name of an unnamed party: "migrant camp", "presidential poll".
NAME_MODIFIERS = frozenset({"compound", "amod", "nmod"})
LABEL = "PARTY"


@dataclass
class UnnamedParties:
    """The actors given so far in one article to parties without a known actor, by actor id."""

    found: dict[str, tuple[Actor, EntityMention]] = field(default_factory=dict)

    def party(self, head: Token) -> str | None:
        """The actor of the phrase headed by `head`, given now if it is new; None when the head
        is no noun or a number, date or amount."""
        age = age_words(head)
        if not age and (head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ in NOT_PARTIES):
            return None
        words = age or _name_words(head)
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        said = text_of(head.doc)[start:end]
        name = " ".join(said.split())
        kind = NAMED_KINDS.get(head.ent_type_)
        if kind is not None:
            actor = Actor(new_actor_id(kind, display_name(name)), display_name(name), kind, aliases=(name,))
        else:
            actor = Actor(unnamed_actor_id(name), name, "other", aliases=(name,))
        if actor.actor_id not in self.found:
            self.found[actor.actor_id] = (actor, EntityMention(start, end, said, LABEL,
                                                               actor.actor_id))
        return actor.actor_id

    def actors(self) -> list[Actor]:
        return [actor for actor, _ in self.found.values()]

    def mentions(self) -> list[EntityMention]:
        return [mention for _, mention in self.found.values()]


def can_be_party(head: Token, violent: bool = False) -> bool:
    """Whether a noun can name a party to an event: a name, or a common noun with a sense that is a
    person, group or place ("prisoners", "the town", "the government"), or, for an act of force, a
    thing ("attacked the embassy"); not a part of the body ("a gunshot wound to the chest").
    "Offering a reward", "offers counseling", "defended its actions" and "anger fueled a riot" name
    what the act is about or what drove it, not who (WordNet's classes of noun senses:
    `scripts/build_noun_senses.py`). A noun WordNet lacks may be a name: it can."""
    if way_or_water(head):
        return False
    if head.ent_type_ or head.pos_ == "PROPN" or (head.is_upper and len(head) > 1):  # a name, or an acronym
        return True
    not_parties, things, body_parts, _ = _noun_senses()
    lemma = head.lemma_.lower()
    if lemma in words().information_nouns:  # "the names ... have not been released": what is told, not who
        return False
    return lemma not in not_parties and lemma not in body_parts and (violent or lemma not in things)


def way_or_water(head: Token) -> bool:
    """Whether a phrase names a street or road, a body of water (`places.way_or_water`) or a
    compass direction, which is where an event happens or heads, never a party to it ("speeding down
    State Route 94", "patrols in the Gulf of Aden", "heading west on American Boulevard"); not "a
    Delhi court"."""
    if not head.ent_type_:
        return head.lower_ in place_words().direction
    return places.way_or_water(entity_at(head))


def body_part(noun: Token) -> bool:
    """Whether a common noun names a part of the body ("her head", "the chest")."""
    return not noun.ent_type_ and noun.pos_ == "NOUN" and noun.lemma_.lower() in _noun_senses()[2]


def thing(noun: Token) -> bool:
    """Whether a common noun names only a made thing ("rifles", "helicopters", "a car"; WordNet)."""
    return not noun.ent_type_ and noun.pos_ == "NOUN" and noun.lemma_.lower() in _noun_senses()[1]


def no_party_word(word: Token) -> bool:
    """Whether a word, a name's head or not, is one none of whose senses is a party ("the 58th annual
    Tony Awards", "the show"; WordNet)."""
    lemma = word.lemma_.lower()
    if word.tag_ == "NNPS" and lemma.endswith("s"):  # the lemmatiser leaves a plural name as it is: "Awards"
        lemma = lemma[:-1]
    return lemma in _noun_senses()[0]


def person(noun: Token) -> bool:
    """Whether a word used as a noun names, first of all, a person ("a host", "the envoy", "the
    suspect"; WordNet): a common noun, a capitalised one in a headline ("and Suspect Caught"), or one
    the tagger took for a verb joined to a noun ("identify a motive and suspect")."""
    nominal = noun.pos_ in ("NOUN", "PROPN") or (noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"))
    lemma = noun.lemma_.lower()
    lemma = "person" if lemma == "people" else lemma  # the lemmatiser keeps the plural "people" as it is
    return nominal and not noun.ent_type_ and lemma in _noun_senses()[3]


@functools.cache
def _noun_senses() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    data = json.loads(resources.files("tidings").joinpath("data", "noun_senses.json").read_text("utf-8"))
    return (frozenset(data["not_parties"]), frozenset(data["things"]), frozenset(data["body_parts"]),
            frozenset(data["people"]))


#: Where an age stands for the person of that age: a subject or an object ("A 17-year-old was killed",
#: "arrested a 16-year-old").
AGE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "pobj", "dative", "conj", "appos"})
AGE_UNITS = frozenset({"year", "month", "week", "day"})


def age_words(head: Token) -> list[Token]:
    """The words of an age used as a noun, which names the person of that age ("17-year-old" in "A
    17-year-old was killed in an afternoon shooting"); none for another word or an age that describes
    a noun ("a 17-year-old boy")."""
    if head.lower_ != "old" or head.dep_ not in AGE_DEPS:
        return []
    words = [t for t in head.subtree if t.i <= head.i and t.dep_ != "det"]
    if not any(t.lemma_.lower() in AGE_UNITS for t in words) or words[-1].i - words[0].i + 1 != len(words):
        return []
    return words


def _name_words(head: Token) -> list[Token]:
    """The words naming the party: a named entity as tagged ("Santa Cruz Barillas"), else the head
    noun with the nouns and single adjectives before it ("large Kurdish oil fields"), and a name
    that owns it ("the Czech Republic's prime minister")."""
    if head.ent_type_ in NAMED_KINDS:
        ent = entity_at(head)
        return [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    words = [head]
    for t in reversed(list(head.lefts)):
        if t.dep_ == "poss" and t.pos_ == "PROPN" and t.right_edge.i == words[0].i - 1:
            words[:0] = [w for w in t.subtree if w.dep_ != "det"]
            break
        if t.ent_type_ in NAMED_KINDS and t.dep_ in NAME_MODIFIERS and (ent := entity_at(t)).end == words[0].i:
            words[:0] = [w for w in ent if w.lower_ != "the"]  # "the West Bengal government"
            break
        if (t.pos_ == "PROPN" or t.is_title) and t.dep_ in NAME_MODIFIERS and t.right_edge.i == words[0].i - 1 \
                and t.i > t.sent.start:
            words[:0] = [w for w in t.subtree if w.dep_ != "det"]  # "the Uttar Pradesh government"
            break
        if t.dep_ not in NAME_MODIFIERS or t.i != words[0].i - 1 or t.n_lefts or t.ent_type_ in NOT_PARTIES:
            break
        words.insert(0, t)
    return words
