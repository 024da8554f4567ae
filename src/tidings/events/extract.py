"""Event mentions of one parsed article: trigger, type, participants, date, place, status, speaker.

In the seed article of Friday 20 Nov 2015, "Russian President Vladimir Putin will meet Iran's
supreme leader Ayatollah Sayed Ali Khamenei during a visit to Tehran on Monday, the Kremlin said"
gives a CONSULT by Putin with Khamenei, planned ("will"), on 2015-11-23 ("Monday" read forward
because the clause is planned), in Tehran, said by the Kremlin. Each mention's `start`/`end` are
its trigger's offsets in `Article.text`; `sentence` is the evidence.

Which words are triggers comes from the lexicon built from PETRARCH's CAMEO dictionary, and their
types from the typer learned on PLV news sentences (`typer`); the rest is rules on the parse.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from tidings import speech
from tidings.events import arguments, status, typer
from tidings.events.arguments import Mentions
from tidings.model import Actor, Article, DateInterval, EntityMention, EventMention, Status
from tidings.places import ArticlePlaces, resolve_place
from tidings.time import resolve

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


#: Below this typer confidence a candidate word is not coded as an event: a wrong type costs more
#: than a missed mention, and the word usually has a surer trigger beside it.
MIN_CONFIDENCE = 0.2
#: Verbs that say an event noun took place: "the earthquake struck", "fighting broke out".
OCCURRENCE_VERBS = frozenset({"strike", "hit", "occur", "happen", "erupt", "break", "begin", "start", "end",
                              "continue", "resume", "rage", "unfold", "take"})


@functools.lru_cache(maxsize=8192)  # asked again for ancestors and carriers of other triggers
def trigger_of(token: Token) -> tuple[str, str | None] | None:
    """(type, mode) when the token is an event trigger: a lexicon word, typed in context."""
    if token.pos_ not in ("VERB", "NOUN", "PROPN") or not typer.is_trigger(token) or _not_an_occurrence(token):
        return None
    etype, mode, confidence = typer.type_trigger(token)
    return (etype, mode) if confidence >= MIN_CONFIDENCE else None


def _not_an_occurrence(token: Token) -> bool:
    """Verb forms that name no event of their own: adjectival participles ("so-called", "US-led"),
    and aims attached to a noun ("a push for a coalition to fight IS", "efforts to end fighting"),
    unless the noun is a plan ("plans to visit Moscow")."""
    if token.pos_ != "VERB":
        return False
    if token.dep_ in ("amod", "compound"):
        return True
    if token.tag_ == "VBG" and token.dep_ in ("pobj", "pcomp") and token.head.lower_ == "to":
        return True  # "central to defeating IS", "committed to ending the war": an aim
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    return infinitive and token.dep_ == "acl" and token.head.lemma_.lower() not in status.PLANNING_NOUNS


@dataclass(frozen=True)
class _Context:
    article: Article
    mentions: Mentions
    attributed: list[speech.Attribution]


def _date_of(span: Span | None, tense, article: Article) -> DateInterval | None:
    if span is None:
        return None
    years = [int(y) for e in span.sent.ents if e.label_ == "DATE" and e != span for y in _YEAR.findall(e.text)]
    year = years[0] if years and not _YEAR.search(span.text) else None
    return resolve(span.text, article.published, tense, year=year)


def _pairs(trigger: Token, tokens: list[Token], date_spans: list[Span], mentions: Mentions,
           subject: set[int]) -> list[tuple[list[Token], Span]] | None:
    """"host A on Tuesday and B on Thursday": the parties after the trigger, each with the date
    that follows it. None unless there are two or more such pairs."""
    after = sorted((s for s in date_spans if s.start > trigger.i and s.root.i not in subject), key=lambda s: s.start)
    if len(after) < 2:
        return None
    bounds = [trigger.i, *(s.start for s in after)]
    segments: list[list[Token]] = []
    for lo, hi in pairwise(bounds):
        people = [t for t in tokens if lo < t.i < hi and t.i not in subject
                  and (m := mentions.at.get(t.i)) is not None and m.label in arguments.PERSON_LABELS]
        if not people:
            return None
        segments.append(people)
    return list(zip(segments, after, strict=True))


def _status(trigger: Token, governor: Token | None, own_date: DateInterval | None, ctx: _Context) -> Status:
    """A verb's status from its clause; a noun's from its phrase, else the event it hangs from,
    else its date against the publication day."""
    if trigger.pos_ in ("VERB", "AUX"):
        return status.verb_status(trigger)
    found = status.noun_status(trigger, governor)
    if found:
        return found
    ancestor, prior = _event_ancestor(trigger)
    if ancestor is not None:
        inherited = status.verb_status(ancestor) if ancestor.pos_ in ("VERB", "AUX") else \
            _status(ancestor, arguments.governing_verb(ancestor), None, ctx)
        if inherited != "unknown" and not (prior and inherited != "occurred"):
            return inherited
    return status.status_from_date(own_date, ctx.article.published)


def _event_ancestor(token: Token) -> tuple[Token | None, bool]:
    """The nearest verb, or trigger noun, that this noun's phrase hangs from."""
    node, prior = arguments.event_ancestor(token)
    while node is not None and node.pos_ not in ("VERB", "AUX") and trigger_of(node) is None:
        node, earlier = arguments.event_ancestor(node)
        prior = prior or earlier
    return node, prior


#: Verbs whose subject does what their event noun names: "held talks", "suspended aid".
CARRYING_VERBS = arguments.SUPPORT_VERBS | status.CANCELLING_HEADS


def _mentions_for(trigger: Token, etype: str, mode: str | None, ctx: _Context) -> list[EventMention]:
    noun = trigger.pos_ in ("NOUN", "PROPN")
    governor = arguments.governing_verb(trigger) if noun else None
    anchor = governor if governor is not None and governor.lemma_.lower() in CARRYING_VERBS else trigger
    tokens = arguments.clause(anchor, keep=trigger)
    if anchor != trigger or noun:
        relatives = [c for c in trigger.children if c.dep_ in ("relcl", "acl")]
        tokens = sorted(set(tokens).union(arguments.clause(trigger), *(arguments.clause(r) for r in relatives)),
                        key=lambda t: t.i)
    places = arguments.locations(anchor, trigger, tokens)
    if noun:  # "the Paris attacks": a city compounded with the noun is where it happened
        places += [p for p in arguments.place_modifiers(trigger) if (r := resolve_place(p.text)) and r.kind == "city"]
    place_tokens = {t.i for s in places for t in s}
    date_spans = arguments.dates(tokens, anchor, trigger)
    own_date = _date_of(date_spans[0], "past", ctx.article) if date_spans else None
    state = _status(trigger, governor, own_date, ctx)
    tense = status.tense_of(state, anchor if anchor.pos_ in ("VERB", "AUX") else governor)
    source, target = arguments.participants(trigger, anchor, ctx.mentions, place_tokens, etype)
    if noun and not source:
        source = _inherited_source(trigger, ctx, etype)
    speaker = speech.speaker_at(ctx.attributed, trigger.idx, trigger.idx + len(trigger.text))
    if not source and speaker and speaker not in target and arguments.pronoun_subject(anchor):
        source = [speaker]  # "Obama said he will not lift the embargo": he is the speaker
    where = ArticlePlaces.of(ctx.article, trigger.doc)  # names read in the article's context, basis "text"
    location = where.place_of(places)
    if location is None and (mode == "visit" or anchor.lemma_.lower() in OCCURRENCE_VERBS):
        location = where.place_of(_object_places(anchor))  # "will visit Washington", "the quake hit Turkey"
    base = EventMention(article_id=ctx.article.article_id, start=trigger.idx, end=trigger.idx + len(trigger.text),
                        text=trigger.text, sentence=trigger.sent.text.strip(), type=etype, mode=mode, status=state,
                        location=location, speaker=speaker,
                        subtype=typer.subtype_of(trigger) if etype == "OTHER" else None)
    subject = {t.i for t in arguments.subject_tokens(anchor)[0]}
    pairs = _pairs(trigger, tokens, date_spans, ctx.mentions, subject)
    if pairs:
        return [dataclasses.replace(base, source_actors=tuple(source),
                                    target_actors=tuple(ctx.mentions.actors_in(party)),
                                    date=_date_of(span, tense, ctx.article)) for party, span in pairs]
    when = _date_of(date_spans[0] if date_spans else None, tense, ctx.article)
    if noun and not (source or target or when or location) and state == "unknown":
        return []  # an abstract noun with nothing attached ("issues including cooperation")
    return [dataclasses.replace(base, source_actors=tuple(source), target_actors=tuple(target), date=when)]


def _object_places(verb: Token) -> list[Span]:
    """"will visit Washington": the visited place is the object."""
    return [arguments.place_span(c) for c in verb.children
            if c.dep_ in arguments.OBJECTS and c.ent_type_ in arguments.LOCATION_LABELS]


def _inherited_source(noun: Token, ctx: _Context, etype: str) -> list[str]:
    """"meetings for our president - with X, as well as talks with Y": the talks are his too."""
    ancestor, _ = _event_ancestor(noun)
    if ancestor is None or ancestor.pos_ in ("VERB", "AUX") or trigger_of(ancestor) is None:
        return []
    source, _ = arguments.participants(ancestor, ancestor, ctx.mentions, set(), etype)
    return source


def extract_events(article: Article, doc: Doc, entities: Iterable[EntityMention],
                   actors: Iterable[Actor] = ()) -> list[EventMention]:
    """Every event trigger of the article as one or more mentions, in text order."""
    mentions = Mentions.index(doc, entities)
    ctx = _Context(article, mentions, speech.attributions(doc, mentions.actor_at))
    found: list[EventMention] = []
    for token in doc:
        hit = trigger_of(token)
        if hit and token.i not in mentions.at and not _carries_event_noun(token):
            found.extend(_mentions_for(token, hit[0], hit[1], ctx))
    found = fill_from_context(found, {a.actor_id: a.country for a in actors if a.country})
    where = ArticlePlaces.of(article, doc)  # no place of its own: the paragraph's, the dateline's, the article's
    return [m if m.location else dataclasses.replace(m, location=where.place_for(m.start)) for m in found]


def fill_from_context(found: list[EventMention], country_of: dict[str, str]) -> list[EventMention]:
    """A planned event without its own date or place takes them from the latest earlier planned
    event of the same type that shares a party or a party's country: "Putin will meet Khamenei in
    Tehran on Monday ... also set to meet his counterpart Rouhani" is the same trip."""
    def parties(m: EventMention) -> set[str]:
        ids = set(m.source_actors) | set(m.target_actors)
        return ids | {country_of[a] for a in ids if a in country_of}

    filled: list[EventMention] = []
    for m in found:
        if m.status == "planned" and not m.source_actors and m.target_actors and m.speaker:
            # "...meetings for our president... there will be a meeting with Erdogan," the aide said
            same_voice = next((p for p in reversed(filled) if p.speaker == m.speaker and p.type == m.type
                               and p.status == "planned" and p.source_actors), None)
            if same_voice is not None:
                source = tuple(a for a in same_voice.source_actors if a not in m.target_actors)
                m = dataclasses.replace(m, source_actors=source)
        if m.status == "planned" and (m.date is None or m.location is None) and parties(m):
            earlier = next((p for p in reversed(filled) if p.status == "planned" and p.type == m.type
                            and p.date is not None and parties(p) & parties(m)), None)
            if earlier is not None:
                location = m.location or (earlier.location and earlier.location.with_basis("context"))
                m = dataclasses.replace(m, date=m.date or earlier.date, location=location)
        filled.append(m)
    return filled


def _carries_event_noun(verb: Token) -> bool:
    """The verb only carries an event noun, which is the mention: "struck a deal", "the deal that
    Tehran struck", "called off the talks", "the earthquake struck"."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ in arguments.OBJECTS]
    if lemma in arguments.SUPPORT_VERBS or lemma in status.CANCELLING_HEADS:
        carried = objects + ([verb.head] if verb.dep_ == "relcl" else [])
        if any(trigger_of(o) is not None for o in carried):
            return True
    if lemma in OCCURRENCE_VERBS and all(o.ent_type_ in arguments.LOCATION_LABELS for o in objects):
        return any(c.dep_ == "nsubj" and trigger_of(c) is not None for c in verb.children)
    return False
