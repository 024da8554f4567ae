"""Linking: which event mentions, within an article and across articles, report the same event.

One linker serves ingest, relink, `tidings corefer` and every executor. It works in two steps,
both scored by the learned pair model of `link.pairs`:

1. **Within an article** (`within_article`, part of the per-article stage, so a pure function of
   the article): the mentions of one event in one article (headline, lead, later paragraphs)
   become one local event, by average-link clustering of their pair probabilities among mentions
   of one type, never joining two that cannot both hold (`_cut`). Mentions then borrow a date or
   place from their local event or paragraph (`events.dating`), with basis `context`.
2. **Across articles** (`link_article`, inside the store's write transaction): each local event of
   a new article is compared with the candidate events that blocking finds — by actor, by place
   and date window, by type and date window, and by article similarity (the stored articles that
   share its rarest words) — so that a report naming nobody the other names can still join, at a
   cost that does not grow with the database. It joins the candidate of highest average pair
   probability above the model's threshold, else starts an event; each mention keeps the score
   and the features that decided its link (`Link`), so an analyst can see why.

Mentions under `LINK_THRESHOLD` confidence are stored but not linked. Events whose dates (by
their own text) or places cannot both hold stay apart: the pair model weighs a publication-based
date as weaker evidence than a date the text gives. An event's id is its first mention's and
survives later reports; a relink that joins events keeps the oldest id and records the others in
`merged_ids`. Relinking replays the articles in the order they were stored, with the term
statistics as they were then, so it gives back exactly what ingest gave.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

import numpy as np

from tidings.link import pairs
from tidings.link.pairs import LinkMention, PairModel, Similarity, TermStatistics
from tidings.model import (
    EVENT_TYPES,
    Analysis,
    Article,
    DateInterval,
    Event,
    EventMention,
    Place,
    Profile,
    text_order,
)

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
#: Detection confidence below which a mention is stored but not linked into an event (nor shown
#: by default): tuned on ECB+ dev, GVC dev and the dev gold (`make eval`).
LINK_THRESHOLD = 0.5
#: The candidate events one local event is compared with, at most (the nearest by blocking).
MAX_CANDIDATES = 24
#: Mentions of a candidate event compared with a new local event, at most (its surest ones).
EVENT_SAMPLE = 6
#: Mentions of a new local event compared, at most (its surest ones).
UNIT_SAMPLE = 4
#: Similar stored articles whose events are candidates, at most, and the least cosine that counts.
SIMILAR_ARTICLES = 12
MIN_ARTICLE_SIMILARITY = 0.08
#: An article joins the story of the stored article it is most similar to when their TF-IDF
#: cosine reaches this (the document blocking of ECB+ work: one story, one set of look-alike
#: reports); a wire copy joins its original's story whatever the cosine.
STORY_SIMILARITY = 0.25
#: Days either side of a date in which blocking looks for events.
WINDOW_DAYS = 3
#: Mentions of one kind clustered together within an article, at most: an article with hundreds
#: (a transcript, a list of meetings) is clustered in consecutive blocks of this many, so that its
#: cost grows linearly, not with the square of its mentions (found by tests/test_fuzz.py: 1,500
#: mentions took four minutes).
LOCAL_BLOCK = 32


class EventIndex(Protocol):
    """What linking needs from the store, inside the article's write transaction."""

    previous: dict[str, str]
    previous_merged: dict[str, tuple[str, ...]]
    stats: TermStatistics

    def candidates(self, keys: Sequence[str], types: Sequence[str], window: tuple[date, date] | None,
                   limit: int) -> list[str]: ...
    def similar_articles(self, article_id: str, profile: Profile, limit: int) -> list[tuple[float, str]]: ...
    def events_of_articles(self, article_ids: Sequence[str]) -> dict[str, str]: ...
    def events(self, event_ids: Sequence[str]) -> list[Event]: ...
    def samples(self, event_ids: Sequence[str], limit: int) -> dict[str, list[LinkMention]]: ...
    def profiles(self, article_ids: Iterable[str]) -> dict[str, Profile]: ...
    def mentions_of(self, event_id: str) -> list[EventMention]: ...
    def published(self, article_ids: Iterable[str]) -> dict[str, date | None]: ...
    def copies(self, article_ids: Iterable[str]) -> dict[str, str]: ...
    def add_article(self, article: Article, profile: Profile) -> None: ...
    def assign(self, links: Sequence[Link], event_id: str) -> None: ...
    def save(self, event: Event, keys: Sequence[str]) -> None: ...
    def story_of_article(self, article_id: str) -> str | None: ...
    def story_of_event(self, event_id: str, exclude_article: str) -> str | None: ...
    def set_story(self, article_id: str, story_id: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Link:
    """Why a mention is in its event: the average pair probability with the event's reports, the
    event it joined (None: it started the event) and the features that weighed most."""

    mention_id: str
    score: float | None
    joined: str | None
    reasons: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "joined": self.joined, "reasons": [list(r) for r in self.reasons]}


def linkable(m: EventMention) -> bool:
    return m.confidence >= LINK_THRESHOLD


# Event state -------------------------------------------------------------------------------------

def most_precise(dates: Iterable[DateInterval | None]) -> DateInterval | None:
    """The most precise date, a date the text gives before one inferred from context or publication."""
    basis_rank = {"text": 0, "context": 1, "publication": 2}
    known = [d for d in dates if d is not None]
    return min(known, key=lambda d: (basis_rank.get(d.basis or "", 3), PRECISION_RANK.get(d.precision, 9),
                                     d.start)) if known else None


def _most_specific_place(places: Iterable[Place | None]) -> Place | None:
    """The place the reports agree on most, among those on the surest basis and most precise;
    ties go to the earliest report."""
    basis_rank = {"text": 0, "context": 1, "dateline": 2, "article": 3}
    known = [p for p in places if p is not None]
    if not known:
        return None
    best = min((basis_rank.get(p.basis or "", 4), p.kind != "city", p.kind != "region") for p in known)
    top = [p for p in known if (basis_rank.get(p.basis or "", 4), p.kind != "city", p.kind != "region") == best]
    votes = Counter((p.name, p.country) for p in top)
    return next(p for p in top if votes[(p.name, p.country)] == max(votes.values()))


def event_confidence(confidences: Iterable[float]) -> float:
    """An event is as sure as its reports together: each report, independently, might be a false
    detection, so the event is wrong only when all of them are (noisy-or)."""
    doubt = 1.0
    for c in confidences:
        doubt *= 1.0 - min(max(c, 0.0), 1.0)
    return round(1.0 - doubt, 4)


def event_state(event_id: str, mentions: Sequence[EventMention], published: Mapping[str, date | None],
                merged_ids: tuple[str, ...] = (), copies: Mapping[str, str] | None = None) -> Event:
    """An event as its reports describe it: the kind most reports give it (an accident if any report
    calls it one), the latest report's status, the most precise date, the most specific place, every
    actor any report names, the most frequent subtype of its kind; how many articles report it, and
    how many independent sources (`copies`: wire copy -> its original)."""
    copies = copies or {}
    reporting = {m.article_id for m in mentions}
    ordered = sorted(mentions, key=lambda m: (published.get(m.article_id) or date.min, m.article_id, m.start))
    typed = [m for m in ordered if kind_of(m) != UNTYPED] or ordered  # an untyped report names no kind
    latest = next((m for m in reversed(ordered) if m.status != "unknown"), ordered[-1])
    kinds = Counter(kind_of(m) for m in typed)
    # a harm one report tells as an accident is one, whatever the others call it (`SAME_EVENT_KINDS`),
    # when that report tells the harm itself ("accidentally shot", "the shooting was ruled an
    # accident"): a crash or a collision joined to a shooting tells another harm
    first = next((m for m in typed if kind_of(m) in SAME_EVENT_KINDS and not _crash(m)), None) or next(
        m for m in typed if kinds[kind_of(m)] == max(kinds.values()))
    sources = tuple(dict.fromkeys(a for m in ordered for a in m.source_actors))
    subtypes = Counter(m.subtype for m in typed if m.subtype and kind_of(m) == kind_of(first))
    return Event(
        event_id=event_id, type=first.type, status=latest.status,
        mention_ids=tuple(sorted(m.mention_id for m in mentions)),
        mode=next((m.mode for m in ordered if m.mode), None),
        subtype=min(subtypes, key=lambda s: (-subtypes[s], s)) if subtypes else None,
        date=most_precise(m.date for m in ordered),
        location=_most_specific_place(m.location for m in ordered),
        source_actors=sources,
        target_actors=tuple(a for a in dict.fromkeys(a for m in ordered for a in m.target_actors) if a not in sources),
        merged_ids=merged_ids,
        confidence=event_confidence(m.confidence for m in mentions),
        num_articles=len(reporting), num_sources=len({copies.get(a, a) for a in reporting}),
    )


def _crash(m: EventMention) -> bool:
    """Whether a report's word tells a crash or a collision (the lexicon's accident words but
    "accident" itself, and `words.yaml` collision_verbs): "Drone Carrying Meth Crashes in Tijuana"."""
    return (m.signature.lemma if m.signature is not None else m.text.lower()) in _crash_words()


@functools.cache
def _crash_words() -> frozenset[str]:
    from tidings.events import lexicon
    from tidings.words import words

    found = {k for table in lexicon.tables() for k, e in table.items() if e.subtype == "accident" and " " not in k}
    return frozenset((found | words().collision_verbs) - {"accident"})


def block_keys(event: Event) -> list[str]:
    """The blocking keys an event is found under: each actor that names someone in particular, its
    place, and its type (the last two only with a date, which bounds them)."""
    keys = [f"actor:{a}" for a in sorted(set(event.source_actors) | set(event.target_actors))
            if not pairs.is_generic_actor(a)]
    if event.date is not None:
        keys.append(f"type:{event.type}")
        if event.location is not None:
            keys.append(f"place:{event.location.name}|{event.location.country}")
    return keys


#: The kind of an OTHER event that no lexicon entry types: a word the detector alone found
#: ("gunfire", "rampage"), which may be another report of an event of any kind.
UNTYPED = "OTHER/*"


def kind_of(x: EventMention | Event) -> str:
    """What may be one event: a PLOVER type, or OTHER with its subtype from the lexicon or a rule
    ("OTHER/disaster" holds "quake" and "earthquake"; a death and an announcement, a dismissal and
    a shooting are never one event), or `UNTYPED` for an event word the lexicon does not know."""
    if x.type != "OTHER":
        return x.type
    return f"OTHER/{x.subtype}" if x.subtype in known_subtypes() else UNTYPED


#: Kinds that reports of one event may give it: a harm one report calls an accident another may
#: tell as an assault ("was struck and killed by a motorist", "the driver hit a woman"; "police say
#: the shooting was accidental", "shot his friend").
SAME_EVENT_KINDS = {"OTHER/accident": "ASSAULT"}


def family_of(kind: str) -> str:
    """The kind a kind of event may be one event with (`SAME_EVENT_KINDS`), or the kind itself."""
    return SAME_EVENT_KINDS.get(kind, kind)


def family_types(kind: str) -> set[str]:
    """The event types a mention of this kind may share an event with."""
    family = family_of(kind)
    return {k.split("/")[0] for k in (family, *(k for k, f in SAME_EVENT_KINDS.items() if f == family))}


def same_kind(a: str, b: str) -> bool:
    """Whether mentions of these kinds are of one kind, or one of them untyped: the pairs the pair
    model learns from, which it then also scores across a family (as kinds that differ)."""
    return a == b or UNTYPED in (a, b)


def compatible(a: str, b: str) -> bool:
    """Whether mentions of these kinds may report one event: the same kind or family, or an
    untyped one."""
    return same_kind(a, b) or family_of(a) == family_of(b)


@functools.cache
def known_subtypes() -> frozenset[str]:
    """The OTHER subtypes the events stage gives: the lexicon's and its rules' (`RULE_SUBTYPES`)."""
    from tidings.events import lexicon
    from tidings.events.extract import RULE_SUBTYPES

    return RULE_SUBTYPES | {e.subtype for table in lexicon.tables() for e in table.values() if e.subtype}


# Scoring -----------------------------------------------------------------------------------------

#: Mention views by id() of the (immutable) mention, each holding its mention so that the id stays
#: its own, kept across the articles one process links: the index hands the same sampled mentions
#: of an event to article after article until the event changes, and a view is a mention's decoded
#: vectors and sets (about 2 KB). Bounded.
LINKED_VIEWS: dict[int, tuple[LinkMention, pairs.MentionView]] = {}
MAX_VIEWS = 10_000


class Scorer:
    """Pair probabilities for the linker, with each mention's derived values computed once (in
    `views`, by default its own)."""

    def __init__(self, model: PairModel | None, similarity: Similarity,
                 views: dict[int, tuple[LinkMention, pairs.MentionView]] | None = None):
        self.model, self.similarity = model, similarity
        self._views = views if views is not None else {}

    def view(self, x: LinkMention) -> pairs.MentionView:
        found = self._views.get(id(x))
        if found is None:
            if len(self._views) >= MAX_VIEWS:
                self._views.clear()
            found = self._views[id(x)] = (x, pairs.mention_view(x))
        return found[1]

    def matrix(self, left: Sequence[LinkMention], right: Sequence[LinkMention]) -> np.ndarray:
        """Probabilities of every (left, right) pair. Mentions made without a parse (no signature:
        records from elsewhere, synthetic benchmarks), or any mention when no model ships, are
        compared on their structured fields alone: 1 for the same type, dates and places that can
        both hold and at least half their actors shared, else 0."""
        if not left or not right:
            return np.zeros((len(left), len(right)), dtype=np.float32)
        unparsed = any(x.mention.signature is None for x in (*left, *right))
        if self.model is None or unparsed:
            return np.array([[_rule_probability(a.mention, b.mention) for b in right] for a in left], dtype=np.float32)
        probs = np.zeros((len(left), len(right)), dtype=np.float32)
        lv, rv = [self.view(x) for x in left], [self.view(x) for x in right]
        wanted = [(i, j) for i, a in enumerate(lv) for j, b in enumerate(rv)
                  if compatible(kind_of(a.mention), kind_of(b.mention)) and a.mention_id != b.mention_id
                  and not cannot_both_hold(a.mention, b.mention, a.article_id != b.article_id)]
        if wanted:
            rows = np.vstack([pairs.view_features(lv[i], rv[j], self.similarity, self.model.pair_table)
                              for i, j in wanted])
            found = self.model.probabilities(rows)
            for (i, j), p in zip(wanted, found, strict=True):
                probs[i, j] = p
        return probs

    def reasons(self, a: LinkMention, b: LinkMention, top: int = 4) -> tuple[tuple[str, float], ...]:
        """The features that pushed this pair's score most, with their contributions to the log-odds."""
        if self.model is None:
            return ()
        contrib = pairs.view_features(self.view(a), self.view(b), self.similarity, self.model.pair_table) * \
            self.model.weights
        order = np.argsort(-np.abs(contrib))[:top]
        return tuple((pairs.FEATURES[i], round(float(contrib[i]), 3)) for i in order if abs(contrib[i]) > 0.05)


#: Events that their counterparts define: a meeting with one person and a meeting with another are
#: two meetings, however close in time and place (a multilateral meeting names them together).
COUNTERPART_TYPES = frozenset({"CONSULT"})


def cannot_both_hold(a: EventMention, b: EventMention, across_articles: bool = False) -> bool:
    """Look-alikes kept apart whatever else matches: two dates their own texts give that are days
    apart, two different towns the texts name (`across_articles`: two datelines), or two meetings
    with different counterparts. A date or place inferred from context or publication, or read in
    another article's text, is weaker evidence, for the pair model to weigh."""
    if pairs.date_relation(a.date, b.date) == "disjoint_text":
        return True
    if a.type in COUNTERPART_TYPES and a.type == b.type and _named(a.target_actors) and _named(b.target_actors):
        # the parties, not the roles: "Putin and Erdogan met" and "Erdogan and Putin met" are one meeting
        parties_a, parties_b = pairs.actors_of(a), pairs.actors_of(b)
        if parties_a - parties_b and parties_b - parties_a:
            return True
    evidence = pairs.ACROSS_ARTICLES_PLACE_EVIDENCE if across_articles else pairs.PLACE_EVIDENCE
    return pairs.places_conflict(a.location, b.location, evidence)


def _named(actor_ids: Iterable[str]) -> bool:
    return any(not pairs.is_generic_actor(a) for a in actor_ids)


def _contradicts(m: EventMention, e: Event) -> bool:
    """Whether the event as its reports describe it cannot be what this mention reports, weighed
    as across articles (an event is its reports' in every article; one this article started is
    kept apart by the pair scores of its own mentions, `Scorer.matrix`)."""
    as_mention = EventMention(e.event_id, 0, 0, "", "", e.type, date=e.date, location=e.location,
                              source_actors=e.source_actors, target_actors=e.target_actors)
    return cannot_both_hold(m, as_mention, across_articles=True)


def _rule_probability(a: EventMention, b: EventMention) -> float:
    if not compatible(kind_of(a), kind_of(b)) or pairs.date_relation(a.date, b.date) != "overlap" and (
            a.date is not None and b.date is not None):
        return 0.0
    if pairs.places_conflict(a.location, b.location):
        return 0.0
    xa, xb = pairs.actors_of(a), pairs.actors_of(b)
    return 1.0 if xa and xb and len(xa & xb) * 2 >= len(xa | xb) else 0.0


def _link_mention(m: EventMention, published: date | None) -> LinkMention:
    return LinkMention(m, m.signature or pairs.Signature(m.text.lower()), published)


# Within an article -------------------------------------------------------------------------------

def local_events(mentions: Sequence[EventMention], published: date | None, model: PairModel | None = None,
                 profile: Profile | None = None) -> list[EventMention]:
    """The mentions with `local_event` set: those that report one event in this article share the
    id of the first of them. Average-link clustering on pair probabilities, cut at the model's
    `within` threshold, per family of kinds (`family_of`), in blocks of at most `LOCAL_BLOCK`
    mentions in text order; a word the lexicon does not type then joins the local event it most
    likely reports. Mentions under `LINK_THRESHOLD` stay alone."""
    model = model if model is not None else pairs.model()
    ordered = sorted(mentions, key=text_order)
    local = {m.mention_id: m.mention_id for m in ordered}
    if model is not None:
        article = ordered[0].article_id if ordered else ""
        scorer = Scorer(model, Similarity({article: profile or Profile()}, TermStatistics()))
        groups: dict[str, list[EventMention]] = defaultdict(list)
        for m in ordered:
            if linkable(m):
                groups[family_of(kind_of(m))].append(m)
        clusters: list[list[LinkMention]] = []
        for kind in sorted(k for k in groups if k != UNTYPED):
            group = groups[kind]
            for i in range(0, len(group), LOCAL_BLOCK):
                block = [_link_mention(m, published) for m in group[i:i + LOCAL_BLOCK]]
                clusters += _average_link(block, scorer, model.within)
        for m in groups.get(UNTYPED, ()):
            _join_nearest(_link_mention(m, published), clusters, scorer, model.within)
        for cluster in clusters:
            first = min((x.mention for x in cluster), key=text_order).mention_id
            for x in cluster:
                local[x.mention_id] = first
    return [dataclasses.replace(m, local_event=local[m.mention_id]) for m in mentions]


def within_article(article: Article, doc: Any, mentions: Sequence[EventMention],
                   profile: Profile | None = None) -> list[EventMention]:
    """The per-article part of linking, while the parse exists: each mention's signature, its
    local event, and a date for the undated from their local event, paragraph or publication."""
    from bisect import bisect_right

    from tidings import nlp
    from tidings.events.dating import fill_dates

    # each mention's sentence looked up once here: Span.sent walks the document's sentences anew
    # for every mention, which made an article with hundreds of mentions quadratic
    sents = nlp.sentence_spans(doc)
    starts = [s.start_char for s in sents]
    bounds = [(sents[i].start_char, sents[i].end_char) if (i := bisect_right(starts, m.start) - 1) >= 0 else None
              for m in mentions]
    signatures = pairs.signatures_of(doc, [(m.start, m.end) for m in mentions], bounds)
    signed = [dataclasses.replace(m, signature=s) for m, s in zip(mentions, signatures, strict=True)]
    profile = profile if profile is not None else pairs.profile_of(doc)
    return fill_dates(article, doc, local_events(signed, article.published, profile=profile))


def _average_link(side: list[LinkMention], scorer: Scorer, threshold: float) -> list[list[LinkMention]]:
    """Average-link clusters of mentions of one kind, merged while the average probability is at
    least `threshold`, never joining two reports that cannot both hold (`cannot_both_hold`: a
    meeting with one person and a meeting with another)."""
    if len(side) < 2:
        return [side] if side else []
    probs = scorer.matrix(side, side)
    return _cut(side, (probs + probs.T) / 2, threshold)


def _cut(side: list[LinkMention], probs: np.ndarray, threshold: float) -> list[list[LinkMention]]:
    """Average-link clusters that never hold two reports that cannot both hold.

    A report likely enough to be either of two look-alikes (a 'visit' that names no one, as likely
    the meeting with one leader as the meeting with another) says nothing about which one it is,
    so it waits: the other mentions merge first, closest clusters first (their average probability,
    updated by Lance-Williams), never across a pair that cannot both hold; then each waiting report
    joins the cluster it is on average most likely to report, if at least `threshold` and not
    against one of its members, or stays alone. Deterministic: ties go to the mentions earlier in
    the order given. Blocks hold at most `LOCAL_BLOCK` mentions, so the cubic worst case is small."""
    n = len(side)
    if n < 2:
        return [side]
    apart = np.array([[i != j and cannot_both_hold(side[i].mention, side[j].mention) for j in range(n)]
                      for i in range(n)])
    likely = (probs >= threshold) & ~np.eye(n, dtype=bool)
    waiting = [i for i in range(n) if (np.outer(likely[i], likely[i]) & apart).any()]
    average = probs.astype(float)
    sizes = [1] * n
    members = [[i] for i in range(n)]
    active = np.ones(n, dtype=bool)
    active[waiting] = False
    while True:
        open_pairs = ~apart & active[:, None] & active[None, :]
        np.fill_diagonal(open_pairs, False)
        scores = np.where(open_pairs, average, -np.inf)
        i, j = divmod(int(np.argmax(scores)), n)
        if not scores[i, j] >= threshold:
            break
        average[i, :] = (sizes[i] * average[i, :] + sizes[j] * average[j, :]) / (sizes[i] + sizes[j])
        average[:, i] = average[i, :]
        apart[i, :] |= apart[j, :]
        apart[:, i] = apart[i, :]
        sizes[i] += sizes[j]
        members[i] += members[j]
        active[j] = False
    clusters = [members[i] for i in range(n) if active[i]]
    for w in waiting:
        fits = [(float(probs[w, c].mean()), -k) for k, c in enumerate(clusters) if not apart[w, c].any()]
        best = max(fits, default=None)
        if best is not None and best[0] >= threshold:
            clusters[-best[1]].append(w)
        else:
            clusters.append([w])
    return [[side[k] for k in sorted(c)] for c in sorted(clusters, key=min)]


def _join_nearest(x: LinkMention, clusters: list[list[LinkMention]], scorer: Scorer, threshold: float) -> None:
    """An untyped mention joins the local event it is most likely another report of (by average
    probability, at least `threshold`), or starts one: it never bridges two kinds of event. Only
    the `LOCAL_BLOCK` local events nearest in the text are tried, so long articles stay linear."""
    def distance(i: int) -> tuple[int, int]:
        return min(abs(y.mention.start - x.mention.start) for y in clusters[i]), i

    near = sorted(range(len(clusters)), key=distance)[:LOCAL_BLOCK]
    scores = {i: float(scorer.matrix([x], clusters[i]).mean()) for i in near}
    best = max(near, key=lambda i: (scores[i], -i), default=None)
    if best is not None and scores[best] >= threshold:
        clusters[best].append(x)
    else:
        clusters.append([x])


# Across articles ---------------------------------------------------------------------------------

def _window(dates: Iterable[DateInterval | None]) -> tuple[date, date] | None:
    known = [d for d in dates if d is not None]
    if not known:
        return None
    slack = timedelta(days=WINDOW_DAYS)
    lo, hi = min(d.start for d in known), max(d.end for d in known)
    try:
        return lo - slack, hi + slack
    except OverflowError:  # a date at the end of the calendar: the window stops there
        return max(lo, date.min + slack) - slack, min(hi, date.max - slack) + slack


def _unit_keys(unit: Sequence[EventMention]) -> list[str]:
    keys: set[str] = set()
    for m in unit:
        keys.update(f"actor:{a}" for a in pairs.actors_of(m))
        if m.date is not None:
            keys.add(f"type:{m.type}")
            if m.location is not None:
                keys.add(f"place:{m.location.name}|{m.location.country}")
    return sorted(keys)


def _surest(mentions: Iterable[EventMention], limit: int) -> list[EventMention]:
    return sorted(mentions, key=lambda m: (-m.confidence, *text_order(m)))[:limit]


def link_article(index: EventIndex, analysis: Analysis, model: PairModel | None = None) -> str:
    """Link an article's stored mentions: the article first joins a story (`story_of`), then its
    local events, in text order, each joins the stored event it reports or starts one. Returns
    the article's story id."""
    model = model if model is not None else pairs.model()
    article = analysis.article
    profile = analysis.profile or Profile()
    index.add_article(article, profile)
    similar = index.similar_articles(article.article_id, profile, SIMILAR_ARTICLES)
    story = story_of(index, article, similar)
    index.set_story(article.article_id, story)
    units: dict[str, list[EventMention]] = defaultdict(list)
    for m in sorted(analysis.events, key=text_order):
        if linkable(m):
            units[m.local_event or m.mention_id].append(m)
    # the term statistics hold still while this article links
    scorer = Scorer(model, Similarity({}, index.stats), LINKED_VIEWS)
    # the events of the similar articles (id -> type), read once: while this article links, only its
    # own mentions move, into the events it keeps in `nearby` with their types as they become
    nearby = index.events_of_articles([a for _, a in similar])
    event_ids = []
    for unit in units.values():
        event = _link_unit(index, article, unit, scorer, nearby)
        nearby[event.event_id] = event.type
        event_ids.append(event.event_id)
    if story == article.article_id and event_ids:  # alike to none: the story of its lead event, if any
        lead = index.story_of_event(event_ids[0], article.article_id)
        if lead is not None and lead != story:
            story = lead
            index.set_story(article.article_id, story)
    return story


def _link_unit(index: EventIndex, article: Article, unit: list[EventMention], scorer: Scorer,
               nearby: Mapping[str, str]) -> Event:
    """Link one local event: it joins the stored event it most likely reports, found by blocking
    or among the events of this article and the similar ones (`nearby`: id -> type), or starts one."""
    kinds = {kind_of(m) for m in unit} - {UNTYPED}
    types = sorted({t for k in kinds for t in family_types(k)}) if kinds else list(EVENT_TYPES)
    found = index.candidates(_unit_keys(unit), types, _window(m.date for m in unit), MAX_CANDIDATES)
    found += [e for e in sorted(nearby) if nearby[e] in types and e not in found]
    events = [e for e in index.events(found[: 2 * MAX_CANDIDATES])
              if all(compatible(k, kind_of(e)) for k in kinds) and not any(_contradicts(m, e) for m in unit)]
    side = [_link_mention(m, article.published) for m in _surest(unit, UNIT_SAMPLE)]
    best: tuple[float, str, list[LinkMention]] | None = None
    if events:
        samples = index.samples([e.event_id for e in events], EVENT_SAMPLE)
        wanted = {x.article_id for s in samples.values() for x in s} | {article.article_id}
        scorer.similarity.include(index.profiles(wanted), {a: index.story_of_article(a) or a for a in wanted})
        for e in sorted(events, key=lambda e: e.event_id):  # ties go to the smallest id
            sample = samples[e.event_id]
            if not sample:
                continue
            score = float(scorer.matrix(side, sample).mean())
            if best is None or score > best[0]:
                best = (score, e.event_id, sample)
        threshold = scorer.model.across if scorer.model is not None else 0.5
        if best is not None and best[0] >= threshold:
            reasons = scorer.reasons(side[0], best[2][0])
            links = [Link(m.mention_id, round(best[0], 4), best[1], reasons) for m in unit]
            index.assign(links, best[1])
            return _refresh(index, best[1])
    first = unit[0].mention_id
    event_id = index.previous.get(first, first)
    closest = round(best[0], 4) if best is not None else None
    index.assign([Link(m.mention_id, closest, None) for m in unit], event_id)
    return _refresh(index, event_id)


def _refresh(index: EventIndex, event_id: str) -> Event:
    mentions = index.mentions_of(event_id)
    reporting = sorted({x.article_id for x in mentions})
    event = event_state(event_id, mentions, index.published(reporting), _merged_ids(index, event_id, mentions),
                        index.copies(reporting))
    index.save(event, block_keys(event))
    return event


def _merged_ids(index: EventIndex, event_id: str, mentions: Iterable[EventMention]) -> tuple[str, ...]:
    """Ids this event has absorbed: the events its mentions belonged to before a relink, and
    what those had absorbed themselves, so a second relink forgets no merge."""
    before = {index.previous[x.mention_id] for x in mentions if x.mention_id in index.previous} | {event_id}
    absorbed = before.union(*(index.previous_merged.get(e, ()) for e in before))
    return tuple(sorted(absorbed - {event_id}))


def story_of(index: EventIndex, article: Article, similar: Sequence[tuple[float, str]]) -> str:
    """A wire copy shares its original's story; otherwise an article joins the story of the
    stored article most like it, when they are alike enough, or starts its own (which it leaves
    for the story of another article reporting its lead event, once linked: `link_article`)."""
    if article.duplicate_of:
        story = index.story_of_article(article.duplicate_of)
        if story:
            return story
    for similarity, other in similar[:1]:
        story = index.story_of_article(other) if similarity >= STORY_SIMILARITY else None
        if story:
            return story
    return article.article_id


# In memory ---------------------------------------------------------------------------------------

class MemoryEventIndex:
    """The `EventIndex` protocol in memory, for linking without a database: `tidings corefer`,
    benchmarks, and a partition of a distributed linking pass."""

    def __init__(self) -> None:
        self.previous: dict[str, str] = {}
        self.previous_merged: dict[str, tuple[str, ...]] = {}
        self.stats = TermStatistics()
        self.event_records: dict[str, Event] = {}
        self.mentions: dict[str, EventMention] = {}
        self.event_of: dict[str, str] = {}
        self.links: dict[str, Link] = {}
        self.members: dict[str, set[str]] = {}
        self.article_dates: dict[str, date | None] = {}
        self.article_copies: dict[str, str] = {}
        self.article_profiles: dict[str, Profile] = {}
        self.stories: dict[str, str] = {}
        self._filed: dict[str, list[tuple[str, int]]] = {}  # event -> the (key, week) it is filed under
        self._blocks: dict[str, dict[int, dict[str, tuple[date | None, date | None]]]] = defaultdict(
            lambda: defaultdict(dict))
        self._by_article: dict[str, set[str]] = defaultdict(set)
        self._postings: dict[str, list[str]] = defaultdict(list)

    def link(self, analysis: Analysis, model: PairModel | None = None) -> str:
        """Add an article's mentions and link them, as `Store.save_analyses` does; returns its story."""
        self.article_dates[analysis.article.article_id] = analysis.article.published
        for m in analysis.events:
            self.mentions[m.mention_id] = m
        return link_article(self, analysis, model)

    def add_article(self, article: Article, profile: Profile) -> None:
        self.article_dates[article.article_id] = article.published
        if article.duplicate_of:
            self.article_copies[article.article_id] = article.duplicate_of
        self.article_profiles[article.article_id] = profile
        self.stats.add(profile)
        for term in rare_terms(profile, self.stats):
            self._postings[term].append(article.article_id)

    def candidates(self, keys: Sequence[str], types: Sequence[str], window: tuple[date, date] | None,
                   limit: int) -> list[str]:
        found: dict[str, int] = {}
        for key in keys:
            buckets = self._blocks.get(key)
            if not buckets:
                continue
            seen: set[str] = set()
            # only the buckets the window touches, and the events too long or undated for one
            wanted = [buckets[b] for b in (*_buckets(window), WIDE) if b in buckets] if window is not None \
                else list(buckets.values())
            for bucket in wanted:
                for event_id, (start, end) in bucket.items():
                    if event_id in seen:
                        continue
                    seen.add(event_id)
                    if window is not None and start is not None and end is not None and (end < window[0]
                                                                                         or start > window[1]):
                        continue
                    if self.event_records[event_id].type in types:
                        found[event_id] = found.get(event_id, 0) + 1
        return sorted(found, key=lambda e: (-found[e], e))[:limit]

    def similar_articles(self, article_id: str, profile: Profile, limit: int) -> list[tuple[float, str]]:
        return _similar(article_id, profile, self.stats, self._postings, self.article_profiles, limit)

    def events_of_articles(self, article_ids: Sequence[str]) -> dict[str, str]:
        found = {e for a in article_ids for e in self._by_article.get(a, ())}
        return {e: self.event_records[e].type for e in sorted(found)}

    def events(self, event_ids: Sequence[str]) -> list[Event]:
        return [self.event_records[e] for e in event_ids if e in self.event_records]

    def samples(self, event_ids: Sequence[str], limit: int) -> dict[str, list[LinkMention]]:
        chosen = {e: _surest((self.mentions[m] for m in self.members.get(e, ())), limit) for e in event_ids}
        return {e: [_link_mention(m, self.article_dates.get(m.article_id)) for m in found]
                for e, found in chosen.items()}

    def profiles(self, article_ids: Iterable[str]) -> dict[str, Profile]:
        return {a: self.article_profiles[a] for a in article_ids if a in self.article_profiles}

    def mentions_of(self, event_id: str) -> list[EventMention]:
        return [self.mentions[m] for m in sorted(self.members.get(event_id, ()))]

    def published(self, article_ids: Iterable[str]) -> dict[str, date | None]:
        return {a: self.article_dates.get(a) for a in article_ids}

    def copies(self, article_ids: Iterable[str]) -> dict[str, str]:
        return {a: self.article_copies[a] for a in article_ids if a in self.article_copies}

    def assign(self, links: Sequence[Link], event_id: str) -> None:
        for link in links:
            old = self.event_of.get(link.mention_id)
            if old is not None:
                self.members[old].discard(link.mention_id)
            self.event_of[link.mention_id] = event_id
            self.links[link.mention_id] = link
            self.members.setdefault(event_id, set()).add(link.mention_id)
            self._by_article[self.mentions[link.mention_id].article_id].add(event_id)

    def save(self, event: Event, keys: Sequence[str]) -> None:
        for key, bucket in self._filed.pop(event.event_id, ()):
            self._blocks[key][bucket].pop(event.event_id, None)
        span = (event.date.start, event.date.end) if event.date else (None, None)
        filed = [(key, bucket) for key in keys for bucket in _event_buckets(event)]
        for key, bucket in filed:
            self._blocks[key][bucket][event.event_id] = span
        self._filed[event.event_id] = filed
        self.event_records[event.event_id] = event

    def story_of_article(self, article_id: str) -> str | None:
        return self.stories.get(article_id)

    def story_of_event(self, event_id: str, exclude_article: str) -> str | None:
        articles = sorted({self.mentions[m].article_id for m in self.members.get(event_id, ())} - {exclude_article},
                          key=lambda a: (self.article_dates.get(a) or date.min, a))
        return next((self.stories[a] for a in articles if a in self.stories), None)

    def set_story(self, article_id: str, story_id: str) -> None:
        self.stories[article_id] = story_id


#: The memory index files a dated event under each week its dates touch, so that the candidates
#: for a mention are read from the weeks of its window only, whatever the corpus's size; an event
#: dated more loosely than `WIDE_WEEKS` weeks, or undated, is read with every window (`WIDE`).
BUCKET_DAYS = 7
WIDE_WEEKS = 8
WIDE = -1


def _buckets(window: tuple[date, date]) -> range:
    return range(window[0].toordinal() // BUCKET_DAYS, window[1].toordinal() // BUCKET_DAYS + 1)


def _weeks(start: date | None, end: date | None) -> Sequence[int]:
    """The weeks dates touch, or (`WIDE`,) when undated or touching more than `WIDE_WEEKS`."""
    if start is None or end is None:
        return (WIDE,)
    weeks = _buckets((start, end))
    return weeks if len(weeks) <= WIDE_WEEKS else (WIDE,)


def _event_buckets(event: Event) -> Sequence[int]:
    return _weeks(event.date.start, event.date.end) if event.date is not None else (WIDE,)


def start_week(start: date | None, end: date | None) -> int:
    """The week a store files an event's blocking rows under: the one its dates start in, or `WIDE`
    when it is undated or touches more than `WIDE_WEEKS` weeks. An event that overlaps a window then
    starts in `start_weeks(window)` or is wide: one row per key, and a bounded index range."""
    return _weeks(start, end)[0]


def start_weeks(window: tuple[date, date]) -> tuple[int, int]:
    """The first and last week an event that is not wide and overlaps `window` can start in."""
    weeks = _buckets(window)
    return weeks[0] - WIDE_WEEKS + 1, weeks[-1]


#: An article is posted under this many of its rarest shared words, for similarity blocking.
POSTED_TERMS = 12
#: Articles looked at per posted word, at most (the latest).
POSTING_LIMIT = 200


def rare_terms(profile: Profile, stats: TermStatistics, limit: int = POSTED_TERMS) -> list[str]:
    """The profile's words that say most about the article: highest TF-IDF first."""
    stats.prefetch(profile.terms)
    weights = {t: (1.0 + np.log(k)) * stats.idf(t) for t, k in profile.terms.items() if k > 0}
    return sorted(weights, key=lambda t: (-weights[t], t))[:limit]


def _similar(article_id: str, profile: Profile, stats: TermStatistics, postings: Mapping[str, Sequence[str]],
             profiles: Mapping[str, Profile], limit: int) -> list[tuple[float, str]]:
    """The stored articles most similar to this one among those sharing its rarest words."""
    shared: dict[str, int] = {}
    for term in rare_terms(profile, stats):
        for other in postings.get(term, ())[-POSTING_LIMIT:]:
            if other != article_id:
                shared[other] = shared.get(other, 0) + 1
    return most_similar(article_id, profile, shared, lambda ids: {a: profiles[a] for a in ids if a in profiles},
                        stats, limit)


def most_similar(article_id: str, profile: Profile, shared: Mapping[str, int],
                 profiles: Callable[[Sequence[str]], Mapping[str, Profile]], stats: TermStatistics,
                 limit: int) -> list[tuple[float, str]]:
    """Of the articles sharing rare words with this one, the `limit` most similar by TF-IDF cosine
    (at least `MIN_ARTICLE_SIMILARITY`); only those sharing the most words are compared, so the
    cost per article stays bounded whatever the size of the store."""
    best = sorted(shared, key=lambda a: (-shared[a], a))[:2 * limit]
    if not best:
        return []
    similarity = Similarity({**profiles(best), article_id: profile}, stats)
    scored = sorted(((similarity(article_id, a)[0], a) for a in best), key=lambda x: (-x[0], x[1]))
    return [(sim, a) for sim, a in scored if sim >= MIN_ARTICLE_SIMILARITY][:limit]


__all__ = ["LINK_THRESHOLD", "EventIndex", "Link", "MemoryEventIndex", "block_keys", "cannot_both_hold",
           "compatible", "event_confidence", "event_state", "family_of", "kind_of", "link_article", "linkable",
           "local_events", "most_precise", "rare_terms", "same_kind", "story_of", "within_article"]
