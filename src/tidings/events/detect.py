"""Event detection: how surely a word of a parsed sentence reports a real event.

A binary logistic regression (`scripts/train_detector.py`, learned on the ECB+ train topics, whose
validated sentences mark every event mention) scores each candidate word: a verb, noun or proper
noun. The lexicon and the typer say which words *can* report events of a PLOVER type; the
detector says whether *this* occurrence does, from the word, its form and its place in the parse:
"a drone strike" and "the strike began" are events, "a peace envoy", "a hit comedy series", "has
starred in 12 films" and "the Strike Force" are not. Its probability is the mention's
`confidence`; below `LINK_THRESHOLD` a mention is stored but not linked into an event.

Weights ship as `data/detector.npz` and `data/detector.json` (`events.linear`); without them every
candidate the lexicon types gets confidence 1.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

from spacy.tokens import Doc, Token

from tidings.events import lexicon
from tidings.events.linear import LinearModel, load_linear
from tidings.events.typer import Typing
from tidings.words import words

CANDIDATE_POS = frozenset({"VERB", "NOUN", "PROPN"})
#: Bands of the typer's confidence, as features: a sure type is more often a real event.
TYPING_BANDS = (0.3, 0.5, 0.7, 0.9)
#: Suffixes that make nouns of events ("shooting", "election", "arrest"-less nouns): a feature that
#: carries to words the training data never saw.
SUFFIXES = ("ing", "ion", "ment", "ure", "al", "ance", "ence", "age", "ery", "sis", "ade")
POSITIVE = "event"


def is_candidate(token: Token) -> bool:
    """Words that may report an event: verbs, nouns and proper nouns of letters, and the adjectives
    the curated list holds as events ("found dead"); not a prefix the tokenizer split off, nor the word
    after one that makes it an adjective (`_prefix`)."""
    return ((token.pos_ in CANDIDATE_POS or lexicon.is_event_adjective(token)) and token.is_alpha
            and len(token.text) > 1 and not _prefix(token))


def _prefix(token: Token) -> bool:
    """The prefix of a hyphenated word the tokenizer split ("re" of "re-entered"), or a word such a
    prefix makes an adjective ("anti-piracy patrols", "anti-war groups", "a non-fatal wound", "a
    self-inflicted wound")."""
    doc = token.doc
    if len(token.text) <= 2 and not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text == "-":
        return True
    # spaced or not: ECB+ and other pre-tokenized text write "anti - piracy"
    if token.i < 2 or doc[token.i - 1].text != "-":
        return False
    prefix = doc[token.i - 2].lower_
    return prefix in words().adjective_prefixes or prefix in words().participle_prefixes and token.tag_ in ("VBN", "JJ")


@functools.cache
def model() -> LinearModel | None:
    """The shipped detector, loaded once per process; None when the package has none."""
    data = resources.files("tidings").joinpath("data")
    if not data.joinpath("detector.json").is_file():
        return None
    return load_linear(data, "detector")


def _band(confidence: float) -> str:
    return str(sum(confidence >= b for b in TYPING_BANDS))


def features(token: Token, typing: Typing | None) -> dict[str, float]:
    """What the detector sees of one candidate: the word, its form, its neighbours in the parse,
    entity and title case, and what the lexicon and the typer make of it."""
    lemma = token.lemma_.lower()
    head = token.head
    feats: dict[str, float] = {
        f"w:{lemma}": 1.0, f"wp:{lemma}/{token.pos_}": 1.0, f"pos:{token.pos_}": 1.0, f"tag:{token.tag_}": 1.0,
        f"dep:{token.dep_}": 1.0, f"hp:{token.dep_}/{head.pos_}": 1.0, f"ent:{token.ent_type_ or '-'}": 1.0,
    }
    if head.i != token.i:
        feats[f"h:{head.lemma_.lower()}"] = 1.0
    sentence = token.sent  # a walk to the sentence's ends: once
    if token.is_title and token.i > sentence.start:
        feats["title_case"] = 1.0
    if token.is_upper:
        feats["upper"] = 1.0
    for suffix in SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) > len(suffix) + 2:
            feats[f"suf:{suffix}"] = 1.0
            break
    for child in token.children:
        feats[f"c:{child.dep_}"] = 1.0
        if child.dep_ in ("compound", "amod", "prt", "neg", "nummod", "poss", "det"):
            feats[f"cw:{child.dep_}:{child.lemma_.lower()}"] = 1.0
    if token.i > sentence.start:
        feats[f"prev:{token.doc[token.i - 1].lower_}"] = 1.0
    if token.i + 1 < sentence.end:
        feats[f"next:{token.doc[token.i + 1].lower_}"] = 1.0
    entry = lexicon.lookup(token) if token.pos_ != "PROPN" else None  # verbs, nouns, the curated adjectives
    if entry is not None:
        feats["lex"] = 1.0
        feats[f"lextop:{entry.top_type}"] = 1.0
        if entry.curated:  # carries what curated words ECB+ marks teach to those it never saw ("gunshot")
            feats["curated"] = 1.0
    if typing is not None:
        feats["typed"] = 1.0
        feats[f"type:{typing.type}"] = 1.0
        feats[f"typeconf:{_band(typing.confidence)}"] = 1.0
    return feats


def confidences(doc: Doc, tokens: Sequence[Token], typings: Sequence[Typing | None]) -> list[float] | None:
    """P(real event) for each candidate, or None when no detector ships."""
    m = model()
    if m is None:
        return None
    return [m.probabilities(features(t, typing))[POSITIVE] for t, typing in zip(tokens, typings, strict=True)]
