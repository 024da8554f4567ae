"""The word lists of the rule-based stages, read once per process from `data/words.yaml`.

Rules on the parse test words against closed classes of English ("will" makes a clause planned,
"say" makes its subject a speaker); the lists live in one data file, each defined once, so that a
list is changed in one place and no two modules keep copies of it. Stages ask `words()`:

    >>> "postpone" in words().cancelling_heads
    True
    >>> sorted(words().future_aux)
    ["'ll", 'shall', 'will', 'wo']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

import yaml

DATA_FILE = "data/words.yaml"


@dataclass(frozen=True)
class Words:
    """Every word list of `data/words.yaml`, by its name there (see the file for what each is for)."""

    generic_verbs: frozenset[str]
    relation_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    signing_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    remembering_verbs: frozenset[str]
    stating_verbs: frozenset[str]
    planning_heads: frozenset[str]
    scheduling_heads: frozenset[str]
    planning_modifiers: frozenset[str]
    hedging_modifiers: frozenset[str]
    responding_verbs: frozenset[str]
    planning_nouns: frozenset[str]
    reporting_calls: frozenset[str]
    definite_determiners: frozenset[str]
    cancelling_heads: frozenset[str]
    cancelling_particles: frozenset[str]
    refusing_heads: frozenset[str]
    requesting_heads: frozenset[str]
    first_person: frozenset[str]
    denying_prepositions: frozenset[str]
    ability_adjectives: frozenset[str]
    inability_adjectives: frozenset[str]
    conditional_marks: frozenset[str]
    negations: frozenset[str]
    nobody_pronouns: frozenset[str]
    progressive_aux: frozenset[str]
    past_progressive_aux: frozenset[str]
    modals: dict[str, str]
    titles: tuple[str, ...]
    name_suffixes: frozenset[str]
    name_particles: frozenset[str]
    legal_forms: frozenset[str]
    common_leads: frozenset[str]
    place_prepositions: frozenset[str]
    dying_verbs: frozenset[str]
    pleading_words: frozenset[str]
    admitting_pleas: frozenset[str]
    denying_pleas: frozenset[str]
    bargain_nouns: frozenset[str]
    dismissal_verbs: frozenset[str]
    hunting_verbs: frozenset[str]
    hosting_verbs: frozenset[str]
    nominating_words: frozenset[str]
    staff_nouns: frozenset[str]
    job_nouns: frozenset[str]
    aiming_prepositions: frozenset[str]
    person_pronouns: frozenset[str]
    anaphoric_event_nouns: frozenset[str]
    incident_subtypes: frozenset[str]
    care_places: frozenset[str]
    motion_verbs: frozenset[str]
    named_place_labels: frozenset[str]
    frequency_adverbs: frozenset[str]
    recurrence_determiners: frozenset[str]
    recurrence_nouns: frozenset[str]
    discharging_verbs: frozenset[str]
    treating_verbs: frozenset[str]
    firing_verbs: frozenset[str]
    firearms: frozenset[str]
    questioning_verbs: frozenset[str]
    idle_phrasal_verbs: frozenset[str]
    giving_way_phrasal_verbs: frozenset[str]
    equipping_verbs: frozenset[str]
    adjective_prefixes: frozenset[str]
    participle_prefixes: frozenset[str]
    partitive_nouns: frozenset[str]
    deploying_verbs: frozenset[str]
    collision_verbs: frozenset[str]
    accident_modifiers: frozenset[str]
    accident_nouns: frozenset[str]
    vehicle_nouns: frozenset[str]
    vehicle_makes: frozenset[str]
    examining_verbs: frozenset[str]
    seeking_verbs: frozenset[str]
    gun_wounds: frozenset[str]
    blade_wounds: frozenset[str]
    information_nouns: frozenset[str]
    quantifiers: frozenset[str]
    disclosure_verbs: frozenset[str]
    responder_nouns: frozenset[str]
    arrival_verbs: frozenset[str]
    patient_verbs: frozenset[str]
    undergoing_verbs: frozenset[str]
    conveying_verbs: frozenset[str]
    support_verbs: frozenset[str]
    object_control_verbs: frozenset[str]
    receiving_verbs: frozenset[str]
    bearing_verbs: frozenset[str]
    standing_nouns: frozenset[str]
    idiom_objects: frozenset[str]
    witnessing_verbs: frozenset[str]
    means_and_outcomes: frozenset[str]
    subject_pronouns: frozenset[str]
    male_pronouns: frozenset[str]
    female_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    reflexive_pronouns: frozenset[str]
    male_nouns: frozenset[str]
    female_nouns: frozenset[str]
    person_nouns: frozenset[str]
    perpetrator_nouns: frozenset[str]
    sufferer_nouns: frozenset[str]
    custody_verbs: frozenset[str]
    anyone_pronouns: frozenset[str]
    festivity_nouns: frozenset[str]

    @functools.cached_property
    def future_aux(self) -> frozenset[str]:
        """Modals that make what they govern planned: "will meet"."""
        return frozenset(w for w, meaning in self.modals.items() if meaning == "future")

    @functools.cached_property
    def hypothetical_aux(self) -> frozenset[str]:
        """Modals that make what they govern hypothetical: "could meet"."""
        return frozenset(w for w, meaning in self.modals.items() if meaning == "hypothetical")

    @functools.cached_property
    def obligation_aux(self) -> frozenset[str]:
        """Modals of what someone must do: "Israel must end attacks", reported, is a demand."""
        return frozenset(w for w, meaning in self.modals.items() if meaning == "obligation")

    @functools.cached_property
    def person_words(self) -> frozenset[str]:
        """Every noun for a person: of either sex, of a post, or one who did it."""
        return self.person_nouns | self.staff_nouns | self.male_nouns | self.female_nouns | self.perpetrator_nouns

    @functools.cached_property
    def guns(self) -> frozenset[str]:
        """Words for a gun or what it fires: a subject that goes off or discharges."""
        return self.gun_wounds | self.firearms

    @functools.cached_property
    def aftermath_verbs(self) -> frozenset[str]:
        """Verbs of what follows an incident: holding or charging someone, a plea, a disclosure."""
        return self.custody_verbs | self.disclosure_verbs | self.pleading_words

    @functools.cached_property
    def title_words(self) -> frozenset[str]:
        """Every word of a title ("prime", "minister"): a name made only of these names no one."""
        return frozenset(w for title in self.titles for w in title.split())


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a list defined twice (plain YAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"{DATA_FILE}: {', '.join(map(str, twice))} defined more than once")
        return super().construct_mapping(node, deep=deep)


def word_list(source: str, name: str, value: Any) -> list[str]:
    """The words of list `name` in the data file `source`: anything else is an error, as YAML reads a
    bare on, off, yes or no as a boolean and a bare number as a number."""
    items = list(value)
    wrong = [w for w in items if not isinstance(w, str)]
    if wrong:
        raise ValueError(f"{source}: {name} holds {wrong!r}, not words: quote them")
    return items


def parse(text: str) -> Words:
    """The word lists of a `words.yaml` text; an unknown, missing or doubled list is an error."""
    data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    expected = {f.name for f in fields(Words)}
    if set(data) != expected:
        raise ValueError(f"{DATA_FILE}: unknown lists {sorted(set(data) - expected)}, "
                         f"missing lists {sorted(expected - set(data))}")
    lists: dict[str, Any] = {}
    for name, value in data.items():
        if name == "modals":
            lists[name] = {w: str(meaning)
                           for w, meaning in zip(word_list(DATA_FILE, name, value), value.values(), strict=True)}
        elif name == "titles":  # longest first, so "prime minister" goes whole rather than as "prime"
            lists[name] = tuple(sorted(word_list(DATA_FILE, name, value), key=lambda t: (-len(t.split()), t)))
        else:
            lists[name] = frozenset(word_list(DATA_FILE, name, value))
    return Words(**lists)


@functools.cache
def words() -> Words:
    """The shipped word lists, read once per process."""
    return parse(resources.files("tidings").joinpath(DATA_FILE).read_text("utf-8"))
