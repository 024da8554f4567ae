#!/usr/bin/env python3
"""Build the event-trigger lexicon `triggers.json` from the shared lexicons and the curated nouns.

    build_triggers.py SHARED_LEXICONS_DIR OUT_FILE [--curated data/curated/event_nouns.yaml]

Sources:
- `CAMEO.2.0.verbs.txt`, PETRARCH-2's CAMEO verb dictionary (MIT, Open Event Data Alliance 2015).
  Verb blocks `---  NAME  [code]  ---` list verbs (`VERB {irregular forms} [own code]`, multi-word
  verbs as `+CALL_OFF`, a trailing `_` meaning "no generated forms") and then patterns
  `- [subject words] * [object words] (PREP words) [code] # VERB`, `*` standing for the verb,
  `{A B}` for a multi-word noun (head last), `&SET` for a synonym set, `$`/`^` for source/target.
- `CAMEO2PLOVER-2021.txt`, CAMEO code -> PLOVER type, mode (CC BY-SA 4.0, PLOVER manual draft 0.8).
- `event_nouns.yaml`, curated eventive nouns and OTHER-type (non-PLOVER) triggers with subtypes.

Each entry keeps the distribution of PLOVER types over every code the dictionary gives the lemma
or phrase (the learned typer uses it as a feature), the mode most often given per type, and
`trigger`: whether the word alone is an event trigger (verbs of a block with a default code,
phrases, curated and light-verb nouns) or only evidence for typing (verbs of `[---]` blocks).
Deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

DICTIONARY = "CAMEO.2.0.verbs.txt"
CONVERSION = "CAMEO2PLOVER-2021.txt"
# CAMEO 02x ("appeal") is absent from the conversion table; the PLOVER manual folds it into REQUEST.
# CAMEO 01x (public statements) is not an event in PLOVER and is dropped.
EXTRA_CODES = {"02": ("REQUEST", None)}
DEFAULT_CODE_WEIGHT = 10  # a block's default code outweighs any single pattern of its verbs
CURATED_WEIGHT = 5
MIN_PATTERNS, MAJORITY = 3, 0.6  # "reject" has no default code but its patterns mostly say REJECT
# Verbs whose object names the event ("hold talks", "stage a protest"): their objects become noun triggers.
LIGHT_VERBS = {"hold", "stage", "conduct", "launch", "carry", "sign", "impose", "issue", "make", "mount",
               "reach", "begin", "start", "end", "call", "organize", "organise", "carry out", "announce"}
PARTICLES = {"off", "out", "up", "down", "back", "in", "on", "over", "away", "for", "with", "to", "against",
             "into", "from", "at", "about", "by"}


def read_conversion(path: Path) -> dict[str, tuple[str, str | None]]:
    """CAMEO code -> (PLOVER type, mode or None)."""
    table: dict[str, tuple[str, str | None]] = dict(EXTRA_CODES)
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d+):\s*([A-Z]+)\s*(?:,\s*([^,]*))?", line)
        if m:
            mode = (m.group(3) or "").strip() or None
            table[m.group(1)] = (m.group(2), mode)
    return table


def plover_of(code: str, table: dict[str, tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The PLOVER type of a CAMEO code, falling back to its parent codes (0312 -> 031 -> 03)."""
    code = code.strip()
    while len(code) >= 2:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


def codes_in(bracket: str) -> list[str]:
    """`[042:043]` -> ['042', '043']; `[---]` -> []."""
    return [c for c in re.split(r"[:\s]", bracket.strip("[] ")) if c and c != "---" and c.isdigit()]


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    """`&NAME` blocks of `+WORD` lines -> lower-case words (multi-word forms joined with spaces)."""
    sets: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            current = line.split()[0][1:]
            sets[current] = []
        elif line.startswith("+") and current:
            sets[current].append(clean_word(line.split()[0]))
    return sets


def clean_word(raw: str) -> str:
    """`+CASH_` -> 'cash'; `+URBAN_CENTER` -> 'urban center'."""
    return raw.lstrip("+").strip("_").replace("_", " ").lower()


class Lemmatizer:
    """spaCy's rule lemmatizer, the one that lemmatizes at run time, for dictionary word forms."""

    def __init__(self) -> None:
        from spacy.tokens import Doc

        from tidings import nlp

        self._nlp = nlp.load()
        self._doc = Doc
        self._pipe = self._nlp.get_pipe("lemmatizer")
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, word: str, pos: str) -> str:
        key = (word, pos)
        if key not in self._cache:
            doc = self._doc(self._nlp.vocab, words=[word])
            doc[0].pos_ = pos
            self._cache[key] = self._pipe(doc)[0].lemma_.lower()
        return self._cache[key]


class Tally:
    """Type counts, mode counts and the trigger flag per lexicon key."""

    def __init__(self) -> None:
        self.types: dict[str, Counter] = defaultdict(Counter)
        self.modes: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        self.trigger: set[str] = set()
        self.subtype: dict[str, str] = {}
        self.curated: set[str] = set()  # keys a person chose as event words (data/curated/event_nouns.yaml)

    def add(self, key: str, ptype: str, mode: str | None, weight: int = 1) -> None:
        self.types[key][ptype] += weight
        if mode:
            self.modes[key][ptype][mode] += weight

    def entries(self) -> dict[str, dict]:
        out = {}
        for key in sorted(self.types):
            counts = self.types[key]
            modes = {t: sorted(m.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                     for t, m in sorted(self.modes[key].items()) if m}
            entry = {"types": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
                     "trigger": key in self.trigger}
            if modes:
                entry["modes"] = modes
            if key in self.subtype:
                entry["subtype"] = self.subtype[key]
            if key in self.curated:
                entry["curated"] = True
            out[key] = entry
        return out


def parse_verb_line(line: str, lemma: Lemmatizer) -> tuple[str, list[str], dict[str, str]]:
    """A verb line -> (lemma or phrase, its own codes, inflected form -> lemma)."""
    body = line.split("#", 1)[0]
    own = re.search(r"\[[^\]]*\]", body)
    forms_m = re.search(r"\{([^}]*)\}", body)
    head = body.split()[0]
    words = clean_word(head).split()
    if len(words) == 1 and not head.startswith("+"):
        base = lemma(words[0], "VERB")
    else:
        base = " ".join([lemma(words[0], "VERB")] + words[1:])
    forms = {clean_word(f): base for f in (forms_m.group(1).split() if forms_m else [])}
    forms[clean_word(head)] = base
    return base, codes_in(own.group(0)) if own else [], forms


def pattern_object(pattern: str, synsets: dict[str, list[str]], lemma: Lemmatizer) -> list[list[str]]:
    """The words after `*` that make a phrase with the verb: a particle or preposition, then the
    head of the first object noun. Synonym sets expand to their members."""
    after = pattern.split("*", 1)[1] if "*" in pattern else ""
    tokens = re.findall(r"\{[^}]*\}|\(|\)|[^\s(){}]+", after)
    words: list[list[str]] = []
    depth = 0
    for tok in tokens:
        if tok == "(":
            depth += 1
            continue
        if tok == ")":
            depth -= 1
            continue
        if tok.startswith("{"):
            inner = tok.strip("{}").split()
            tok = inner[-1] if inner else ""
        tok = tok.strip()
        if not tok or tok in ("$", "^", "%", "+", "_"):
            continue
        if tok.startswith("&"):
            choices = [w.split()[-1] for w in synsets.get(tok[1:].rstrip("_"), [])]
        else:
            choices = [clean_word(tok)]
        choices = [c for c in choices if re.fullmatch(r"[a-z][a-z'-]*", c)]
        if not choices:
            break
        if choices[0] in PARTICLES:
            if words:
                break
            words.append(choices[:1])
            continue
        if depth > 0 and not words:
            break  # a prepositional phrase whose preposition we did not see
        words.append(sorted({lemma(c, "NOUN") for c in choices}))
        break
    return words


def read_dictionary(path: Path, table, lemma: Lemmatizer) -> tuple[Tally, Tally, Tally]:
    """Verb lemmas, verb phrases and object nouns with their PLOVER type counts."""
    lines = path.read_text("utf-8", errors="replace").splitlines()
    synsets = read_synsets(lines)
    verbs, phrases, nouns = Tally(), Tally(), Tally()
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    block_codes: list[str] = []
    block_verbs: list[str] = []
    forms: dict[str, str] = {}

    def add(key_tally: Tally, key: str, codes: list[str], weight: int = 1, trigger: bool = False) -> None:
        for code in codes:
            hit = plover_of(code, table)
            if hit:
                key_tally.add(key, hit[0], hit[1], weight)
                if trigger:
                    key_tally.trigger.add(key)

    for line in lines[start + 1:]:
        if line.startswith("######## TRANSFORMATIONS"):
            break
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("---"):
            header_code = re.search(r"\[[^\]]*\]", stripped)
            assert header_code is not None, f"a '---' block header without its [code]: {stripped}"
            block_codes = codes_in(header_code.group(0))
            block_verbs = []
            continue
        if stripped.startswith("-"):
            code_m = re.search(r"\[([^\]]*)\]", stripped)
            if not code_m:
                continue
            codes = codes_in(code_m.group(0))
            comment = (stripped.split("#", 1)[1].split() or [""])[0] if "#" in stripped else ""
            verb = forms.get(clean_word(comment)) or (block_verbs[0] if block_verbs else None)
            if not verb or not codes:
                continue
            obj = pattern_object(stripped, synsets, lemma)
            add(verbs, verb, codes)
            if obj:
                first = obj[0]
                for w in first:
                    add(phrases, f"{verb} {w}", codes, trigger=True)
                if len(obj) == 1 and verb.split()[0] in LIGHT_VERBS:
                    for w in first:
                        if w not in PARTICLES:
                            add(nouns, w, codes)
            continue
        base, own, verb_forms = parse_verb_line(stripped, lemma)
        forms.update(verb_forms)
        block_verbs.append(base)
        target = phrases if " " in base else verbs
        add(target, base, own or block_codes, DEFAULT_CODE_WEIGHT, trigger=True)
    for key in nouns.types:  # nouns named by light-verb patterns are events in themselves
        nouns.trigger.add(key)
    for key, counts in verbs.types.items():  # a verb without a default code whose patterns agree
        total = sum(counts.values())
        if total >= MIN_PATTERNS and counts.most_common(1)[0][1] >= MAJORITY * total:
            verbs.trigger.add(key)
    return verbs, phrases, nouns


def add_curated(path: Path, verbs: Tally, phrases: Tally, nouns: Tally) -> None:
    """Curated PLOVER verbs, nouns and verb phrases (`TYPE: {lemma: mode}`) and OTHER triggers
    (`OTHER: {VERB/NOUN: {lemma: subtype}}`); literal phrases are dropped."""
    data = yaml.safe_load(path.read_text("utf-8"))
    for phrase in data.get("literal_phrases", ()):
        for table in (phrases.types, phrases.modes):
            table.pop(phrase, None)
        phrases.trigger.discard(phrase)
    for section, tally in (("plover_verbs", verbs), ("plover_nouns", nouns), ("plover_phrases", phrases)):
        for ptype, lemmas in sorted(data.get(section, {}).items()):
            for word, mode in sorted(lemmas.items()):
                # the curated reading outweighs all the dictionary's readings together: "deal" is an
                # AGREE first, whatever the patterns it appears in as an object
                tally.add(word, ptype, mode, CURATED_WEIGHT + sum(tally.types[word].values()))
                tally.trigger.add(word)
                tally.curated.add(word)
    for pos, lemmas in sorted(data.get("other", {}).items()):
        for word, subtype in sorted(lemmas.items()):
            tally = nouns if pos != "VERB" else phrases if " " in word else verbs
            tally.types[word].clear()  # an OTHER trigger's PLOVER readings are noise ("launch", "die")
            tally.modes[word].clear()
            tally.add(word, "OTHER", None, CURATED_WEIGHT)
            tally.trigger.add(word)
            tally.curated.add(word)
            tally.subtype[word] = subtype
            if pos == "VERB":  # "die in", "win by": a preposition does not make an OTHER verb PLOVER
                for key in [k for k in phrases.types if k.startswith(word + " ") and k.split()[-1] in PARTICLES]:
                    del phrases.types[key]


def build(lexicons: Path, curated: Path) -> dict:
    table = read_conversion(lexicons / CONVERSION)
    verbs, phrases, nouns = read_dictionary(lexicons / DICTIONARY, table, Lemmatizer())
    add_curated(curated, verbs, phrases, nouns)
    entries = {"VERB": verbs.entries(), "PHRASE": phrases.entries(), "NOUN": nouns.entries()}
    manifest = {
        "what": "event trigger lexicon: lemma or phrase -> PLOVER type counts, modes, OTHER subtypes",
        "built_by": "scripts/build_triggers.py",
        "sources": [
            {"file": DICTIONARY,
             "origin": "openeventdata/petrarch2 @676801cd petrarch2/data/dictionaries/CAMEO.2.0.txt",
             "licence": "MIT (Copyright (c) 2015 Open Event Data Alliance)"},
            {"file": CONVERSION, "origin": "openeventdata/PLOVER @5e0c24fb", "licence": "CC BY-SA 4.0"},
            {"file": "data/curated/event_nouns.yaml", "origin": "Tidings, curated", "licence": "MIT"},
        ],
        "licence": "CC BY-SA 4.0 (derived from CAMEO2PLOVER; includes MIT-licensed PETRARCH2 material)",
        "notes": ("CAMEO 01x statements dropped; 02x appeals -> REQUEST; a block's default code counts "
                  f"{DEFAULT_CODE_WEIGHT}, each pattern 1, curated entries {CURATED_WEIGHT}; "
                  "PHRASE keys are 'verb particle' or 'verb object-head' lemmas"),
        "counts": {k: len(v) for k, v in entries.items()},
    }
    return {"manifest": manifest, **entries}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lexicons", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--curated", type=Path,
                    default=Path(__file__).resolve().parent.parent / "data" / "curated" / "event_nouns.yaml")
    a = ap.parse_args(argv)
    data = build(a.lexicons, a.curated)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"{a.out}: " + ", ".join(f"{k} {v}" for k, v in data["manifest"]["counts"].items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
