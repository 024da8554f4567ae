"""Two components of spaCy's English pipeline run faster, with the same result.

Both do work in Python for every token; together they took about a quarter of the parse.

The attribute ruler. The English model's `attribute_ruler` sets each token's coarse POS,
morphology and some lemmas from 179 token patterns (`{"TAG": "VBZ", "LOWER": "is"}` -> AUX, ...).
spaCy's `Matcher` tries every pattern on every token and calls a Python regular expression for
three of them on every token, which took a sixth of the parse. Almost all the patterns read only
four attributes of one token (tag, lower case, dependency, whether it is space), and a text
repeats those four far more than it varies them, so `RuleIndex` works out once per distinct
combination which token specs hold, and matches a document from that table. Patterns it cannot
read so (operators, other attributes) stay with a `Matcher`. The matches, and so the annotations
the ruler's own `set_annotations` writes from them, are the `Matcher`'s: tests compare the two on
real articles.

The lemmatizer. spaCy's rule lemmatizer reads every token's attributes through Python objects,
and works out the lemma of every name and punctuation mark anew; `lemmatize_fast` reads the
attributes of the whole document in one array, keeps each (word, POS, morphology)'s lemma once
the lemmatizer itself has given it, and writes the lemmas back in one array.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, cast

from spacy import attrs
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

#: The token attributes a spec may read, in the order of the key (`Doc.to_array` columns).
KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_KEY_IDS = [attrs.TAG, attrs.LOWER, attrs.DEP, attrs.IS_SPACE]

#: A token's key decoded: tag, lower-case form, dependency label, whether it is space.
Values = tuple[str, str, str, bool]
Predicate = Callable[[Any], bool]
#: A compiled token spec: (position in the key, test) for each attribute it names.
Spec = tuple[tuple[int, Predicate], ...]
#: (attribute rule id, match id hash, start, end): what `AttributeRuler.match` returns.
Match = tuple[int, int, int, int]


def _predicate(value: Any) -> Predicate | None:
    """The test a `Matcher` applies for one attribute's value, or None for one this index cannot read."""
    if isinstance(value, str | bool):
        return lambda v: v == value
    if isinstance(value, Mapping) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN":
            members = frozenset(arg)
            return lambda v: v in members
        if op == "NOT_IN":
            excluded = frozenset(arg)
            return lambda v: v not in excluded
        if op == "REGEX":
            pattern = re.compile(arg)
            return lambda v: bool(pattern.search(v))
    return None


def _spec(token: Mapping[str, Any]) -> Spec | None:
    compiled = []
    for name, value in token.items():
        test = _predicate(value) if name in KEY_ATTRS else None
        if test is None:
            return None
        compiled.append((KEY_ATTRS.index(name), test))
    return tuple(compiled)


def _anchor(token: Mapping[str, Any]) -> tuple[int, str] | None:
    """An exact tag or lower-case form the token spec requires, to look the spec up by."""
    for name in ("TAG", "LOWER"):
        if isinstance(token.get(name), str):
            return KEY_ATTRS.index(name), token[name]
    return None


class RuleIndex:
    """An attribute ruler's patterns, matched through a table of what holds for each distinct
    (tag, lower, dependency, space) of a token."""

    def __init__(self, ruler: AttributeRuler):
        self.strings = ruler.vocab.strings
        self.specs: list[Spec] = []
        self.anchored: dict[tuple[int, str], list[int]] = defaultdict(list)  # specs by an exact value they need
        self.unanchored: list[int] = []
        # every alternative of every pattern this index reads: (rule id, match id hash, spec ids in order)
        self.sequences: list[tuple[int, int, tuple[int, ...]]] = []
        self.rest = Matcher(ruler.vocab)  # the patterns it cannot read
        for rule, pattern in enumerate(ruler.patterns):
            written = cast(list[list[dict[str, Any]]], pattern["patterns"])
            alternatives = [[_spec(token) for token in alternative] for alternative in written]
            if any(spec is None for alternative in alternatives for spec in alternative) or \
                    any(not alternative for alternative in alternatives):
                self.rest.add(str(rule), written)
                continue
            match_id = self.strings.add(str(rule))
            for tokens, alternative in zip(written, alternatives, strict=True):
                ids = tuple(self._spec_id(s, _anchor(t)) for t, s in zip(tokens, alternative, strict=True) if s)
                self.sequences.append((rule, match_id, ids))
        self._by_key: dict[tuple[int, ...], tuple[frozenset[int], tuple[tuple[int, int, tuple[int, ...]], ...]]] = {}

    def _spec_id(self, spec: Spec, anchor: tuple[int, str] | None) -> int:
        self.specs.append(spec)
        (self.anchored[anchor] if anchor else self.unanchored).append(len(self.specs) - 1)
        return len(self.specs) - 1

    def _entry(self, key: tuple[int, ...]) -> tuple[frozenset[int], tuple[tuple[int, int, tuple[int, ...]], ...]]:
        """The specs that hold for a token with this key, and the sequences that start on it."""
        found = self._by_key.get(key)
        if found is None:
            tag, lower, dep, space = key
            values: Values = (self.strings[tag] if tag else "", self.strings[lower] if lower else "",
                              self.strings[dep] if dep else "", bool(space))
            candidates = (*self.unanchored, *self.anchored.get((0, values[0]), ()),
                          *self.anchored.get((1, values[1]), ()))
            held = frozenset(i for i in candidates if all(test(values[k]) for k, test in self.specs[i]))
            starting = tuple(s for s in self.sequences if s[2][0] in held)
            found = self._by_key[key] = (held, starting)
        return found

    def match(self, doc: Doc) -> list[Match]:
        """What `AttributeRuler.match` returns for `doc`: (rule id, match id, start, end), sorted."""
        entries = [self._entry(tuple(key)) for key in doc.to_array(_KEY_IDS).tolist()]
        found: set[Match] = set()
        for start, (_, starting) in enumerate(entries):
            for rule, match_id, sequence in starting:
                end = start + len(sequence)
                if end <= len(entries) and all(s in entries[start + k][0] for k, s in enumerate(sequence[1:], 1)):
                    found.add((rule, match_id, start, end))
        for match_id, start, end in self.rest(doc, allow_missing=True, as_spans=False) if len(self.rest) else ():
            found.add((int(self.strings[match_id]), match_id, start, end))
        return sorted(found)


_LEMMA_KEY = [attrs.ORTH, attrs.POS, attrs.MORPH, attrs.LEMMA]


def lemmatize_fast(lemmatizer: Lemmatizer, doc: Doc, known: dict[tuple[int, int, int], int]) -> Doc:
    """What `lemmatizer(doc)` does, for a rule lemmatizer: each token without a lemma (or every
    token, when it overwrites) gets the first lemma `Lemmatizer.rule_lemmatize` gives it. That is a
    function of the token's (orth, POS, morphology), so `known` keeps it under that key, for every
    token (the lemmatizer's own cache leaves out names and the words of classes it has no rules for,
    which it works out again each time)."""
    strings = doc.vocab.strings
    columns = doc.to_array(_LEMMA_KEY)
    lemmas = columns[:, 3].copy()
    for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
        if lemma == 0 or lemmatizer.overwrite:
            found = known.get((orth, pos, morph))
            if found is None:
                found = known[orth, pos, morph] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
    doc.from_array([attrs.LEMMA], cast(Ints2d, lemmas))
    return doc


def install(nlp: Language) -> None:
    """Have the pipeline's attribute ruler match through a `RuleIndex` of its own patterns (its
    `set_annotations` is kept), and its rule lemmatizer run `lemmatize_fast` on streams of documents
    (`Language.pipe` calls a component's `pipe`; a single `nlp(text)` still calls the original)."""
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeRuler):
        ruler.match = RuleIndex(ruler).match  # type: ignore[method-assign]
    lemmatizer = nlp.get_pipe("lemmatizer")
    if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule":
        known: dict[tuple[int, int, int], int] = {}

        def pipe(docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:  # noqa: ARG001 (spaCy's signature)
            return (lemmatize_fast(lemmatizer, doc, known) for doc in docs)
        lemmatizer.pipe = pipe  # type: ignore[method-assign,assignment]

