"""Events: typed event mentions with participants, status and evidence, from one parsed article.

Reads the parse and the article's entity mentions; writes `EventMention`s whose `start`/`end` are
the trigger's offsets in `Article.text` and whose `sentence` is the evidence. In the seed article
of 20 Nov 2015, "Russian President Vladimir Putin will meet Iran's supreme leader ..." gives a
CONSULT with Putin as source, Khamenei as target, status planned ("will").

Triggers come from `data/triggers.yaml`; participants from the dependency parse.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources

import yaml
from spacy.tokens import Doc, Span, Token

from tidings.model import Article, EntityMention, EventMention, Status

PLANNING_HEADS = {"plan", "set", "expect", "schedule", "intend", "due", "prepare", "hope", "aim", "want", "seek", "agree"}
PLANNING_MODIFIERS = {"upcoming", "planned", "forthcoming", "scheduled", "proposed", "next", "future"}
CANCELLING_HEADS = {"cancel", "postpone", "scrap", "abandon", "delay"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
MODAL_AUX = {"would", "could", "might", "may", "should"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "obj", "dative", "attr"}


@functools.cache
def trigger_lexicon() -> dict[tuple[str, str], tuple[str, str | None]]:
    """(lemma, POS) -> (type, mode), from the shipped lexicon."""
    data = yaml.safe_load(resources.files("tidings").joinpath("data/triggers.yaml").read_text("utf-8"))
    return {(lemma, pos): (etype, mode)
            for etype, by_pos in data.items() for pos, lemmas in by_pos.items() for lemma, mode in lemmas.items()}


def trigger_of(token: Token) -> tuple[str, str | None] | None:
    pos = "VERB" if token.pos_ in ("VERB", "AUX") else "NOUN" if token.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return None
    lexicon = trigger_lexicon()
    return lexicon.get((token.lemma_.lower(), pos)) or lexicon.get((token.text.lower(), pos))


def governing_verb(token: Token) -> Token | None:
    """The verb a noun trigger depends on ("hold" for "will hold a meeting")."""
    head = token
    while head.dep_ in ("pobj", "prep", "dobj", "nsubj", "nsubjpass", "attr", "compound", "conj", "appos") and head.head is not head:
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    return None


def status_of(token: Token) -> Status:
    """Planned, negated, hypothetical, ongoing or occurred, from the trigger's clause."""
    if token.pos_ in ("NOUN", "PROPN"):
        if any(c.lower_ in PLANNING_MODIFIERS for c in token.children if c.dep_ in ("amod", "compound")):
            return "planned"
        verb = governing_verb(token)
        return status_of(verb) if verb is not None else "unknown"
    children = list(token.children)
    aux = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    if any(c.dep_ == "neg" for c in children):
        return "negated"
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in children):
        return "hypothetical"
    head = token.head
    if token.dep_ in ("xcomp", "ccomp") and head.lemma_ in CANCELLING_HEADS:
        return "cancelled"
    if aux & FUTURE_AUX or (token.dep_ == "xcomp" and head.lemma_ in PLANNING_HEADS) or (
            "to" in aux and token.dep_ in ("ROOT", "advcl", "relcl", "acl")):
        return "planned"
    if token.dep_ in ("xcomp", "conj") and head is not token and head.pos_ in ("VERB", "AUX"):
        return status_of(head)
    if aux & MODAL_AUX:
        return "hypothetical"
    if token.tag_ == "VBG" and aux & {"is", "are", "am", "'s", "'re"}:
        return "ongoing"
    if token.tag_ in ("VBD", "VBN"):
        return "occurred"
    return "unknown"


def _entity_index(doc: Doc, entities: Iterable[EntityMention]) -> dict[int, EntityMention]:
    """Token index -> the entity mention covering it."""
    index: dict[int, EntityMention] = {}
    for m in entities:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            for t in span:
                index[t.i] = m
    return index


def _actors_in(token: Token, entity_at: dict[int, EntityMention]) -> list[str]:
    """Actor ids of a participant phrase and its coordinated siblings ("Iran, Russia and Turkey")."""
    ids: list[str] = []
    for t in token.subtree:
        m = entity_at.get(t.i)
        if m and m.actor_id and m.actor_id not in ids:
            ids.append(m.actor_id)
    return ids


def participants(trigger: Token, entity_at: dict[int, EntityMention]) -> tuple[list[str], list[str]]:
    """Source actors from the subject, target actors from the object or a "with" phrase."""
    anchor = trigger
    if trigger.pos_ in ("NOUN", "PROPN"):
        anchor = governing_verb(trigger) or trigger
    source: list[str] = []
    target: list[str] = []
    for child in anchor.children:
        if child.dep_ in SUBJECTS:
            source += _actors_in(child, entity_at)
        elif child.dep_ in OBJECTS and child is not trigger:
            target += _actors_in(child, entity_at)
        elif child.dep_ == "prep" and child.lower_ in ("with", "to", "against", "on"):
            target += [a for p in child.children if p.dep_ == "pobj" for a in _actors_in(p, entity_at)]
    if anchor is not trigger:
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in ("with", "between", "of"):
                target += [a for p in child.children if p.dep_ == "pobj" for a in _actors_in(p, entity_at)]
    target = [a for a in dict.fromkeys(target) if a not in source]
    return list(dict.fromkeys(source)), target


def _mention(article: Article, sent: Span, trigger: Token, etype: str, mode: str | None,
             entity_at: dict[int, EntityMention]) -> EventMention:
    source, target = participants(trigger, entity_at)
    return EventMention(
        article_id=article.article_id, start=trigger.idx, end=trigger.idx + len(trigger.text), text=trigger.text,
        sentence=sent.text.strip(), type=etype, mode=mode, status=status_of(trigger),
        source_actors=tuple(source), target_actors=tuple(target),
    )


def extract_events(article: Article, doc: Doc, entities: Iterable[EntityMention]) -> list[EventMention]:
    """Every event trigger of the article as a mention, in text order."""
    entity_at = _entity_index(doc, entities)
    found: list[EventMention] = []
    for sent in doc.sents:
        for token in sent:
            hit = trigger_of(token)
            if hit and token.i not in entity_at:
                found.append(_mention(article, sent, token, hit[0], hit[1], entity_at))
    return found
