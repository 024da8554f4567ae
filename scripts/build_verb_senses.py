#!/usr/bin/env python3
"""Build `src/tidings/data/verb_senses.json` from WordNet 3.0: which verbs only feel, think or perceive.

    python scripts/build_verb_senses.py [WORDNET_DICT_DIR] OUT

The CAMEO verb dictionary gives many verbs a default code that their everyday sense does not
carry: "grieve" and "mourn" are accusations there, "learn" and "ponder" consultations, "hope" a
request, "decide" an agreement, so "This family is grieving" came out an ACCUSE. WordNet files
each sense of a verb under a lexicographer class (verb.emotion, verb.cognition, verb.perception,
verb.communication, verb.social, verb.contact, ...). A verb whose most frequent senses (the first
three, or all it has) are all feelings, thoughts or perceptions is written to `mental_verbs`:
alone it reports no act between parties (`tidings.events.lexicon.is_candidate`); its phrases
("recognize independence") and the curated words keep theirs. On PLV_train's coded sentences
the list holds the trigger of one sentence in 1,050 ("recognize", a state's recognition).

WORDNET_DICT_DIR holds WordNet's `index.verb` and `data.verb` (Debian: `apt-get install
wordnet-base`, /usr/share/wordnet, the default). WordNet 3.0 licence (Princeton University,
permissive, notice kept in the file). The same input gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from build_noun_senses import NOTICE, data_fields, index_entries, run

#: Lexicographer file numbers (WordNet's lexnames): verb.cognition, verb.emotion, verb.perception.
COGNITION, EMOTION, PERCEPTION = 31, 37, 39
MENTAL = frozenset({COGNITION, EMOTION, PERCEPTION})
#: How many of a verb's senses, most frequent first, decide what it is.
SENSES = 3


def build(wordnet: Path) -> dict:
    lexfile = {fields[0]: int(fields[1]) for fields in data_fields(wordnet, "verb")}
    mental = [lemma for lemma, offsets in index_entries(wordnet, "verb")
              if all(lexfile[o] in MENTAL for o in offsets[:SENSES])]
    return {"source": "WordNet 3.0 (index.verb, data.verb)", "licence": NOTICE, "mental_verbs": sorted(mental)}


if __name__ == "__main__":
    run(build, "verb", __doc__)
