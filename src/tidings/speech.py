"""Reported speech: who an article attributes each passage to.

Actors need it ("our president" inside a quote of a Russian official is Russia's president) and
events record it as the mention's `speaker`. A speaker is the subject of a speech verb ("...,
Ushakov said"), or the object of "according to"; a quotation's speaker covers the whole quote,
also when it runs over several sentences and the attribution comes only at its end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.nlp import sentence_spans, text_of
from tidings.words import words

_QUOTE = re.compile(r"[\u201c\"](.+?)[\u201d\"]", re.DOTALL)

#: Maps a token to the actor id of the entity mention covering it, or None.
ActorAt = Callable[[Token], "str | None"]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Characters `start`..`end` of the text are the words of `speaker` (an actor id)."""

    start: int
    end: int
    speaker: str


def sentence_speaker(sent: Span, actor_at: ActorAt) -> str | None:
    """The actor a sentence reports: subject of a speech verb, or "according to X"."""
    for token in sent:
        if token.lemma_.lower() in words().speech_verbs and token.pos_ in ("VERB", "AUX"):
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    speaker = _head_actor(child, actor_at)
                    if speaker:
                        return speaker
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            for obj in token.nbor().children:
                speaker = _head_actor(obj, actor_at)
                if speaker:
                    return speaker
    return None


def _head_actor(token: Token, actor_at: ActorAt) -> str | None:
    """The actor named by a phrase: its head if it is a mention, else the nearest mention in it."""
    found = actor_at(token)
    if found:
        return found
    for t in token.subtree:
        found = actor_at(t)
        if found:
            return found
    return None


def attributions(doc: Doc, actor_at: ActorAt) -> list[Attribution]:
    """Spans of the text with their speaker: attributed sentences, and whole quotations."""
    found: list[Attribution] = []
    sentences = sentence_spans(doc)
    by_sentence = {s.start_char: sentence_speaker(s, actor_at) for s in sentences}
    for sent in sentences:
        if speaker := by_sentence[sent.start_char]:
            found.append(Attribution(sent.start_char, sent.end_char, speaker))
    for quote in quotations(doc):
        closing = doc.char_span(quote.end() - 1, quote.end(), alignment_mode="expand")
        opening = doc.char_span(quote.start(), quote.start() + 1, alignment_mode="expand")
        for edge in (closing, opening):
            speaker = by_sentence.get(edge.sent.start_char) if edge is not None else None
            if speaker:
                found.append(Attribution(quote.start(), quote.end(), speaker))
                break
    return found


def speaker_at(attributed: list[Attribution], start: int, end: int) -> str | None:
    """The speaker of the narrowest attributed passage containing characters start..end."""
    covering = [a for a in attributed if a.start <= start and end <= a.end]
    return min(covering, key=lambda a: a.end - a.start).speaker if covering else None


def in_quotation(doc: Doc, start: int) -> bool:
    """Whether character `start` lies inside quotation marks."""
    return any(q.start() < start < q.end() for q in quotations(doc))


def quotations(doc: Doc) -> tuple[re.Match, ...]:
    """The quoted passages of the text, found once per document."""
    found = doc.user_data.get(_QUOTATIONS)
    if found is None:
        found = doc.user_data[_QUOTATIONS] = tuple(_QUOTE.finditer(text_of(doc)))
    return found


_QUOTATIONS = "tidings.quotations"  # key of the cached matches in Doc.user_data
