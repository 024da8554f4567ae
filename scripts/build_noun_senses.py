#!/usr/bin/env python3
"""Build `src/tidings/data/noun_senses.json` from WordNet 3.0: which common nouns can name a party.

    python scripts/build_noun_senses.py [WORDNET_DICT_DIR] OUT

An event's source or target is a party: a person, a group, a place (its people or government), or
for a violent act a thing it is aimed at ("attacked the embassy"). A noun in that slot that names
none ("offering a reward", "offers counseling", "defended its actions") is what the act
is about, not who it is aimed at. WordNet files each sense of a noun under a lexicographer class
(noun.person, noun.group, noun.location, noun.artifact, noun.act, noun.quantity, ...); a one-word
noun none of whose senses is a person, group or place is written to `not_parties`, and one whose
only such senses are artifacts to `things`; a noun whose first (most frequent) sense is a part of
the body ("chest", "leg", "head") to `body_parts`: "a gunshot wound to the chest" is aimed at
someone, not at a party named "chest"; and one whose first sense is a person ("host", "envoy",
"suspect", "monitor") to `people`: "comedian and host Billy Crystal", "a peace envoy" and "ceasefire
monitors" name people, no event (a sense that is one named person, "Hunt" the painter, is no sense
of the word "hunt"). Nouns WordNet lacks are left out (they may be names).

WORDNET_DICT_DIR holds WordNet's `index.noun` and `data.noun` (Debian: `apt-get install
wordnet-base`, /usr/share/wordnet, the default). WordNet 3.0 licence (Princeton University,
permissive, notice kept in the file). The same input gives the same bytes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

#: Lexicographer file numbers (WordNet's lexnames): noun.artifact, noun.group, noun.location, noun.person.
ARTIFACT, BODY, GROUP, LOCATION, PERSON, TOPS = 6, 8, 14, 15, 18, 3
#: Unique beginners (noun.Tops) that are parties themselves: "person", "group", "organism", "location".
PARTY_TOPS = frozenset({"person", "group", "organism", "causal_agent", "location"})
NOTICE = ("WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Used under the WordNet 3.0 "
          "licence: permission to use, copy, modify and distribute for any purpose and without fee, with this "
          "notice; provided AS IS, without warranties. https://wordnet.princeton.edu/license-and-commercial-use")


def data_fields(wordnet: Path, part: str) -> Iterator[list[str]]:
    """The fields of each synset line of WordNet's `data.PART`, past the licence header."""
    with (wordnet / f"data.{part}").open(encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                yield line.split()


def index_entries(wordnet: Path, part: str) -> Iterator[tuple[str, list[str]]]:
    """(lemma, its synset offsets, most frequent sense first) for each one-word lemma of WordNet's
    `index.PART`: "state_of_emergency" is no head, "look_into" a phrase."""
    with (wordnet / f"index.{part}").open(encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split()
            if fields[0].isalpha():
                yield fields[0], fields[-int(fields[2]):]


def build(wordnet: Path) -> dict:
    lexfile: dict[str, int] = {}
    party_tops: set[str] = set()
    instances: set[str] = set()  # synsets of one named thing ("Hunt", the painter): no sense of the word
    person_top: set[str] = set()  # the unique beginner "person" itself, a person as much as any
    for fields in data_fields(wordnet, "noun"):
        offset, number, count = fields[0], int(fields[1]), int(fields[3], 16)
        lexfile[offset] = number
        if "@i" in fields[4 + 2 * count:]:
            instances.add(offset)
        words = {fields[4 + 2 * i].lower() for i in range(count)}
        if number == TOPS and words & PARTY_TOPS:
            party_tops.add(offset)
        if number == TOPS and "person" in words:
            person_top.add(offset)
    not_parties: list[str] = []
    things: list[str] = []
    body_parts: list[str] = []
    people: list[str] = []
    for lemma, offsets in index_entries(wordnet, "noun"):
        classes = {lexfile[o] for o in offsets}
        if lexfile[offsets[0]] == BODY:
            body_parts.append(lemma)
        senses = [o for o in offsets if o not in instances]
        if senses and (lexfile[senses[0]] == PERSON or senses[0] in person_top):
            people.append(lemma)
        if classes & {PERSON, GROUP, LOCATION} or any(o in party_tops for o in offsets):
            continue
        (things if ARTIFACT in classes else not_parties).append(lemma)
    return {"source": "WordNet 3.0 (index.noun, data.noun)", "licence": NOTICE,
            "not_parties": sorted(not_parties), "things": sorted(things), "body_parts": sorted(body_parts),
            "people": sorted(people)}


def run(build: Callable[[Path], dict], part: str, usage: str | None) -> None:
    """The command line of a WordNet table: `[WORDNET_DICT_DIR] OUT`, the table built from the
    `part` ("noun", "verb") of the dictionary written to OUT as JSON."""
    args = sys.argv[1:]
    if len(args) not in (1, 2):
        sys.exit(usage)
    wordnet = Path(args[0]) if len(args) == 2 else Path("/usr/share/wordnet")
    if not (wordnet / f"index.{part}").is_file():
        sys.exit(f"no WordNet {part} index in {wordnet}: install the Debian package wordnet-base, or pass its folder")
    out = Path(args[-1])
    out.write_text(json.dumps(build(wordnet), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    run(build, "noun", __doc__)
