"""Whether two event mentions report the same event: the learned pair scorer of the linker.

Each mention carries a `Signature`, computed while its article's parse exists and stored with it,
so that linking and relinking never parse again: the trigger's lemma and part of speech, the
content words and entities of its sentence, the words around the trigger and their embedding
(WordLlama's static vectors, shipped in its package; 64 dimensions as float16). Each article
carries a `Profile`: its content words (entity words counted three times: places, names, numbers
and dates tell look-alike stories apart) and entity keys, weighed by TF-IDF with document
frequencies kept in the store (`Store.term_statistics`), never taken from one batch.

`pair_features` compares two mentions on all of that and on what the pipeline knows of them
(type, date with its basis, place with its precision, actors, confidence); a logistic regression
(`scripts/train_linker.py`, on the ECB+ train topics and GVC train; weights in `data/linker.json`)
turns the features into a probability.
"""

from __future__ import annotations

import base64
import bisect
import dataclasses
import functools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tidings import nlp
from tidings.model import DateInterval, EventMention, Place, Profile, Signature, is_generic_actor
from tidings.names import normalise_name

ENTITY_GROUPS = {
    "GPE": "place", "LOC": "place", "FAC": "place",
    "DATE": "time", "TIME": "time",
    "CARDINAL": "number", "QUANTITY": "number", "MONEY": "number", "PERCENT": "number",
    "PERSON": "person", "ORG": "org", "NORP": "org", "EVENT": "org",
}
GROUPS = ("place", "time", "number", "person", "org")
ENTITY_REPEAT = 3  # an entity word counts this many times in an article's profile
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "PROPN", "NUM"})
PROFILE_TERMS = 150  # an article's profile keeps its most frequent words
WINDOW = 5  # words on each side of the trigger that make its local context
EMBEDDING_DIMS = 64  # WordLlama's vectors are Matryoshka-trained: the first dimensions carry most
_WORD = re.compile(r"\w+")
_SUFFIXES = ("ations", "ation", "itions", "ition", "ments", "ment", "ings", "ing", "ers", "er", "ees", "ee",
             "ions", "ion", "ed", "es", "s", "e", "y")
#: Reports of one event rarely date it more than a few days apart ("on Monday" vs "late November").
DATE_SLACK_DAYS = 3
#: Prior counts of the lemma-pair table: a pair seen a few times says little.
PRIOR_STRENGTH = 2.0


def stem(word: str) -> str:
    """A crude suffix stripper (two passes): "nomination", "nominee" -> "nomin"; "shooting" -> "shoot"."""
    w = word.lower()
    for _ in range(2):
        for suf in _SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                w = w[: -len(suf)]
                break
    return w


def pair_key(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


def entity_key(text: str, label: str) -> str | None:
    """"group:normalised text" of a named entity ("place:haiti", "time:tuesday"), or None."""
    group = ENTITY_GROUPS.get(label)
    if group is None:
        return None
    norm = normalise_name(text)
    return f"{group}:{norm}" if norm else None


# ---------------------------------------------------------------- what each mention and article carries

def _terms(tokens: Iterable[Any]) -> Counter[str]:
    out: Counter[str] = Counter()
    for t in tokens:
        if t.is_punct or t.is_space or t.is_stop or not _WORD.search(t.text):
            continue
        out[t.lemma_.lower()] += ENTITY_REPEAT if t.ent_type_ in ENTITY_GROUPS else 1
    return out


def profile_of(doc: Any) -> Profile:
    """A parsed article's profile."""
    counts = _terms(doc)
    top = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:PROFILE_TERMS])
    ents = sorted({key for e in doc.ents if (key := entity_key(e.text, e.label_))})
    return Profile(top, tuple(ents))


def _window(sentence: Any, span: Any) -> tuple[list[str], list[str]]:
    """The words before and after the trigger in its sentence, up to `WINDOW` each: a walk out from
    the trigger, so that a sentence with hundreds of triggers is not read once per trigger."""
    doc = span.doc
    before: list[str] = []
    i = span.start - 1
    while i >= sentence.start and len(before) < WINDOW:
        if _WORD.search(doc[i].text):
            before.insert(0, doc[i].lower_)
        i -= 1
    after: list[str] = []
    i = span.end
    while i < sentence.end and len(after) < WINDOW:
        if _WORD.search(doc[i].text):
            after.append(doc[i].lower_)
        i += 1
    return before, after


def _is_content(token: Any) -> bool:
    return token.pos_ in CONTENT_POS and not token.is_stop


@dataclass
class _SentenceTerms:
    """A sentence's content lemmas (counted) and entity keys, read once for all its mentions."""

    start: int
    end: int
    lemmas: Counter[str]
    entities: tuple[str, ...]

    @classmethod
    def of(cls, sent: Any, entities: Sequence[Any], entity_starts: Sequence[int]) -> _SentenceTerms:
        """`entities` are the document's (`Span.ents` walks them all, for every sentence)."""
        keys = set()
        i = bisect.bisect_left(entity_starts, sent.start)
        while i < len(entities) and entities[i].end <= sent.end:
            if key := entity_key(entities[i].text, entities[i].label_):
                keys.add(key)
            i += 1
        return cls(sent.start, sent.end, Counter(t.lemma_.lower() for t in sent if _is_content(t)), tuple(sorted(keys)))

    def without(self, span: Any) -> tuple[str, ...]:
        """The sentence's content lemmas less those only the trigger's own words give."""
        inside = Counter(t.lemma_.lower() for t in span if self.start <= t.i < self.end and _is_content(t))
        return tuple(sorted(lemma for lemma, n in self.lemmas.items() if n > inside.get(lemma, 0)))


def signatures_of(doc: Any, spans: Sequence[tuple[int, int]],
                  sentences: Sequence[tuple[int, int] | None] | None = None) -> list[Signature]:
    """Signatures of the trigger spans (character offsets) of a parsed article, embedded in one
    call. `sentences` may give each mention's sentence bounds; by default the parser's sentence."""
    found: list[Signature] = []
    contexts: list[str] = []
    sentence_texts: list[str] = []
    read: dict[tuple[int, int], _SentenceTerms] = {}
    text = nlp.text_of(doc)
    entities = doc.ents  # built anew on every access: once here, not per sentence
    entity_starts = [e.start for e in entities]
    for n, (start, end) in enumerate(spans):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            word = text[start:end].strip().lower() or "?"
            found.append(Signature(word))
            contexts.append(word)
            sentence_texts.append(word)
            continue
        bounds = sentences[n] if sentences is not None else None
        sent = (doc.char_span(*bounds, alignment_mode="expand") if bounds else None) or span.sent
        sentence = read.get((sent.start, sent.end))
        if sentence is None:
            sentence = read[sent.start, sent.end] = _SentenceTerms.of(sent, entities, entity_starts)
        before, after = _window(sent, span)
        found.append(Signature(span.root.lemma_.lower(), span.root.pos_, sentence.without(span), sentence.entities,
                               tuple(before + after)))
        contexts.append(" ".join([*before, span.text.lower(), *after]))
        sentence_texts.append(text[sent.start_char:sent.end_char])  # Span.text joins every token
    distinct = list(dict.fromkeys(sentence_texts))  # a sentence with many triggers is embedded once
    vectors, sentence_vectors = _embed(contexts), _embed(distinct)
    row = {text: i for i, text in enumerate(distinct)}
    return [dataclasses.replace(sig, embedding=_pack(vectors[i]),
                                sentence_embedding=_pack(sentence_vectors[row[sentence_texts[i]]]))
            for i, sig in enumerate(found)]


@functools.lru_cache(maxsize=65536)
def _word_vector(word: str) -> np.ndarray:
    """A trigger lemma's embedding, all dimensions (computed on the fly, never stored)."""
    v = np.asarray(_embedder().embed([word], norm=False), dtype=np.float32)[0]
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


@functools.cache
def _embedder() -> Any:
    """WordLlama's static embeddings, from the files its package ships (nothing is downloaded)."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def _embed(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, EMBEDDING_DIMS), dtype=np.float32)
    v = np.asarray(_embedder().embed(texts, norm=False), dtype=np.float32)[:, :EMBEDDING_DIMS]
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(n > 0, n, 1.0)


def _pack(v: np.ndarray) -> str:
    return base64.b64encode(v.astype(np.float16).tobytes()).decode("ascii")


# ---------------------------------------------------------------- article similarity

class TermStatistics:
    """Document frequencies of profile words and entity keys, and the number of articles: the
    IDF of the TF-IDF article similarity. The store keeps them as articles arrive."""

    def __init__(self, documents: int = 0, frequency: Mapping[str, int] | None = None):
        self.documents = documents
        self.frequency: dict[str, int] = dict(frequency or {})
        self._log_frequency: dict[str, float] = {}  # log(1 + frequency), kept as frequencies change
        #: article -> (its profile, its word and entity vectors), while the statistics they were made
        #: with hold: an article's similar articles and its events' reports are mostly the same ones
        self._vectors: dict[str, tuple[Profile, tuple[dict[str, float], dict[str, float]]]] = {}

    def prefetch(self, terms: Iterable[str]) -> None:
        """Make the frequencies of these terms ready (a store reads them in one go)."""

    def prefetch_profiles(self, profiles: Iterable[Profile]) -> None:
        """`prefetch` the words and entity keys of these profiles."""
        self.prefetch(t for p in profiles for t in (*p.terms, *p.entities))

    def add(self, profile: Profile) -> None:
        self.documents += 1
        self._vectors.clear()
        for t in (*profile.terms, *profile.entities):
            self.frequency[t] = self.frequency.get(t, 0) + 1
            self._log_frequency.pop(t, None)

    def forget(self, terms: Iterable[str]) -> None:
        """Drop what was derived from these terms' frequencies (they were just read or changed)."""
        dropped = [self._log_frequency.pop(t, None) for t in terms]
        if any(x is not None for x in dropped):  # a vector may have used one
            self._vectors.clear()

    def vectors(self, article_id: str, profile: Profile) -> tuple[dict[str, float], dict[str, float]]:
        """The article's unit TF-IDF vectors of words and of entity keys, under these statistics."""
        found = self._vectors.get(article_id)
        if found is None or found[0] is not profile:
            found = self._vectors[article_id] = (profile, (self.unit_vector(profile.terms),
                                                           self.unit_vector(dict.fromkeys(profile.entities, 1))))
        return found[1]

    def idf(self, term: str) -> float:
        return math.log(1 + self.documents) - self._log1p(term) + 1.0

    def unit_vector(self, counts: Mapping[str, int]) -> dict[str, float]:
        """The unit TF-IDF vector of a profile's counts, in one pass over its terms (the hot path of
        linking: every similar article's vector is made again as each new article links)."""
        base = math.log(1 + self.documents) + 1.0
        logs = self._log_frequency
        weights: dict[str, float] = {}
        squares = 0.0
        for t, k in counts.items():
            if k > 0:
                log_frequency = logs.get(t)
                x = (_SUBLINEAR[k] if k < 64 else 1.0 + math.log(k)) * \
                    (base - (log_frequency if log_frequency is not None else self._log1p(t)))
                weights[t] = x
                squares += x * x
        norm = math.sqrt(squares) or 1.0
        return {t: x / norm for t, x in weights.items()}

    def _log1p(self, term: str) -> float:
        found = self._log_frequency.get(term)
        if found is None:
            found = self._log_frequency[term] = math.log(1 + self.frequency.get(term, 0))
        return found


_NO_PROFILE = Profile()
#: 1 + log(k) for the small counts that profiles hold.
_SUBLINEAR = [0.0] + [1.0 + math.log(k) for k in range(1, 64)]


class Similarity:
    """Cosine similarity of articles' TF-IDF vectors (words, and entity keys apart), cached."""

    def __init__(self, profiles: Mapping[str, Profile], stats: TermStatistics,
                 stories: Mapping[str, str] | None = None):
        self.profiles: dict[str, Profile] = {}
        self.stories: dict[str, str] = {}
        self.stats = stats
        self._vectors: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
        self._groups: dict[str, dict[str, set[str]]] = {}
        self._pairs: dict[tuple[str, str], tuple[float, float]] = {}
        self._jaccards: dict[tuple[str, str], list[float]] = {}
        self.include(profiles, stories or {})

    def include(self, profiles: Mapping[str, Profile], stories: Mapping[str, str]) -> None:
        """Add articles to compare, while the term statistics stay as they are (the linker keeps one
        `Similarity` for all the events of an article, so each pair of articles is compared once)."""
        new = {a: p for a, p in profiles.items() if a not in self.profiles}
        self.stats.prefetch_profiles(new.values())
        self.profiles.update(new)
        self.stories.update(stories)

    def vectors(self, article_id: str) -> tuple[dict[str, float], dict[str, float]]:
        found = self._vectors.get(article_id)
        if found is None:
            found = self._vectors[article_id] = self.stats.vectors(article_id,
                                                                   self.profiles.get(article_id) or _NO_PROFILE)
        return found

    def same_story(self, a: str, b: str) -> bool:
        """Whether two articles are of one story (`link.story_of`); an article is of its own."""
        return a == b or self.stories.get(a, a) == self.stories.get(b, b)

    def entity_groups(self, article_id: str) -> dict[str, set[str]]:
        found = self._groups.get(article_id)
        if found is None:
            found = self._groups[article_id] = _by_group((self.profiles.get(article_id) or Profile()).entities)
        return found

    def group_jaccards(self, a: str, b: str) -> list[float]:
        """Jaccard overlap of two articles' entities, group by group (`GROUPS`)."""
        found = self._jaccards.get((a, b))
        if found is None:
            da, db = self.entity_groups(a), self.entity_groups(b)
            found = self._jaccards[a, b] = [_set_jaccard(da.get(g, _NONE), db.get(g, _NONE)) for g in GROUPS]
        return found

    def __call__(self, a: str, b: str) -> tuple[float, float]:
        if a == b:
            return 1.0, 1.0
        found = self._pairs.get((a, b))
        if found is None:
            (ta, ea), (tb, eb) = self.vectors(a), self.vectors(b)
            found = self._pairs[a, b] = _dot(ta, tb), _dot(ea, eb)
        return found


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


# ---------------------------------------------------------------- pair features

@dataclass(frozen=True, slots=True)
class LinkMention:
    """A mention as the linker sees it: the record, its signature, and its article's publication day."""

    mention: EventMention
    signature: Signature
    published: Any = None  # datetime.date | None

    @property
    def mention_id(self) -> str:
        return self.mention.mention_id

    @property
    def article_id(self) -> str:
        return self.mention.article_id


FEATURES: tuple[str, ...] = (
    "lemma_eq", "stem_eq", "lemma_ratio", "trigger_eq", "both_verb", "both_noun", "verb_noun",
    "pair_known", "pair_logodds", "emb_window", "sent_jaccard", "window_jaccard",
    *(f"sent_{g}_{k}" for g in GROUPS for k in ("shared", "conflict")),
    "doc_sim", "entity_sim", "same_doc",
    *(f"doc_{g}_jaccard" for g in GROUPS), "emb_trigger", "emb_sentence", "emb_trigger_x_doc_sim",
    "same_story", "same_story_x_emb_trigger", "same_story_x_lemma_eq",
    "emb_trigger_text", "prefix_eq", "lemma_eq_x_entity_sim", "lemma_ratio_x_doc_sim", "lemma_eq_x_same_doc",
    "lemma_eq_x_doc_sim", "emb_x_doc_sim", "pair_logodds_x_doc_sim", "not_lemma_x_same_doc",
    "same_type", "type_conflict", "both_other", "other_subtype_eq",
    "date_overlap", "date_disjoint_text", "date_disjoint_weak", "date_missing",
    "place_same_point", "place_compatible", "place_conflict", "place_missing",
    "actors_shared", "actors_conflict", "actors_missing", "min_confidence",
    "status_planned_pair", "same_doc_x_same_type", "doc_sim_x_date_overlap",
)
FEATURE_INDEX = {name: i for i, name in enumerate(FEATURES)}


def _ratio(a: str, b: str) -> float:
    from rapidfuzz.fuzz import ratio

    return ratio(a, b) / 100.0


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    x, y = set(a), set(b)
    return len(x & y) / len(x | y) if x or y else 0.0


def _by_group(ents: Iterable[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for e in ents:
        g, _, v = e.partition(":")
        out[g].add(v)
    return out


def date_relation(a: DateInterval | None, b: DateInterval | None) -> str:
    """"overlap", "disjoint_text" (both dated by their own text and apart: surely different),
    "disjoint_weak" (apart, but one date is inferred from context or publication) or "missing"."""
    if a is None or b is None:
        return "missing"
    slack = DATE_SLACK_DAYS
    if (a.start.toordinal() - slack <= b.end.toordinal()) and (b.start.toordinal() - slack <= a.end.toordinal()):
        return "overlap"
    return "disjoint_text" if a.basis == "text" and b.basis == "text" else "disjoint_weak"


#: Towns this close may be one event's place as two reports name it: a suburb and its city.
NEIGHBOUR_KM = 30


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """Two towns must be the same or neighbours (a neighbourhood and its city, a suburb: "Englewood"
    and "Chicago"); an area or country contains its own towns, not another state's (Seattle is not
    in Michigan)."""
    if a is None or b is None:
        return True
    if a.kind == "city" and b.kind == "city":
        return (a.name == b.name and a.country == b.country) or _kilometres(a, b) <= NEIGHBOUR_KM
    if a.country is not None and b.country is not None and a.country != b.country:
        return False
    return a.region is None or b.region is None or a.region == b.region


def _kilometres(a: Place, b: Place) -> float:
    """Great-circle distance; infinite when a point is unknown."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


#: What a place tells as evidence that two reports are of one event, by its basis: where the text
#: (or another report of the same act) puts the event, or where the dateline does; not the place
#: the article is mostly about.
PLACE_EVIDENCE: dict[str | None, str] = {None: "text", "text": "text", "context": "text", "dateline": "dateline"}
#: Across articles, only two datelines rule out one event. A place one article's text reads for
#: an event is too often another town of the same name ("Richmond Hill" read as Richmond,
#: Virginia), a suburb named for its city ("suburban Detroit" and Troy) or where something else
#: happened ("his arrest" in the sentence of a game in Pittsburgh): of the pairs of ECB+ dev's gold
#: mentions in two articles that the pair model scores 0.4 or more and whose text places conflict,
#: 355 report one event and 209 two. The pair model weighs such a conflict (`place_conflict`).
ACROSS_ARTICLES_PLACE_EVIDENCE: dict[str | None, str] = {"dateline": "dateline"}


def places_conflict(a: Place | None, b: Place | None,
                    evidence: Mapping[str | None, str] = PLACE_EVIDENCE) -> bool:
    """Two places that rule out one event: the same kind of `evidence` and not compatible. A
    dateline (where the story was filed: Moscow) does not contradict the text's place (the meeting
    in Tehran), and the places two articles are mostly about often differ for one event; two
    datelines, or two sentences of one article naming far-apart towns, separate look-alikes."""
    if a is None or b is None:
        return False
    kind = evidence.get(a.basis)
    return kind is not None and kind == evidence.get(b.basis) and not places_compatible(a, b)


def _place_relation(a: Place | None, b: Place | None) -> str:
    if a is None or b is None:
        return "missing"
    if a.kind == "city" and b.kind == "city" and a.name == b.name and a.country == b.country:
        return "same_point"
    return "compatible" if places_compatible(a, b) else "conflict"


def actors_of(m: EventMention) -> set[str]:
    return {a for a in (*m.source_actors, *m.target_actors) if not is_generic_actor(a)}


@dataclass(frozen=True, slots=True)
class _Derived:
    """What pair features read of one signature, computed once for all its pairs."""

    stem: str
    terms: frozenset[str]
    window: frozenset[str]
    groups: dict[str, set[str]]
    window_vector: np.ndarray | None
    sentence_vector: np.ndarray | None
    lemma_vector: np.ndarray


@functools.lru_cache(maxsize=100_000)
def _derived(signature: Signature) -> _Derived:
    return _Derived(stem(signature.lemma), frozenset(signature.terms), frozenset(signature.window),
                    _by_group(signature.entities), signature.vector(), signature.vector("sentence"),
                    _word_vector(signature.lemma))


def _set_jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass(frozen=True, slots=True)
class MentionView:
    """What pair features read of one mention, computed once for all its pairs (`mention_view`)."""

    mention_id: str
    article_id: str
    lemma: str
    pos: str
    derived: _Derived
    text: str  # the trigger as written, lower-cased
    text_vector: np.ndarray
    mention: EventMention
    actors: frozenset[str]


def mention_view(x: LinkMention) -> MentionView:
    m, text = x.mention, x.mention.text.lower()
    return MentionView(m.mention_id, m.article_id, x.signature.lemma, x.signature.pos, _derived(x.signature), text,
                       _word_vector(text), m, frozenset(actors_of(m)))


def pair_features(a: LinkMention, b: LinkMention, similarity: Similarity,
                  pair_table: Mapping[str, Sequence[float]]) -> np.ndarray:
    """The feature vector of a pair, in the order of `FEATURES`."""
    return view_features(mention_view(a), mention_view(b), similarity, pair_table)


@functools.lru_cache(maxsize=65536)
def _lemma_pair(a: str, b: str, counts: tuple[float, ...] | None) -> tuple[float, float]:
    """(string similarity, log-odds of the lemma-pair table) of two trigger lemmas."""
    ratio = 1.0 if a == b else _ratio(a, b)
    if not counts:
        return ratio, 0.0
    pos, neg = counts
    return ratio, math.log((pos + PRIOR_STRENGTH * 0.1) / (neg + PRIOR_STRENGTH * 0.9))


def view_features(a: MentionView, b: MentionView, similarity: Similarity,
                  pair_table: Mapping[str, Sequence[float]]) -> np.ndarray:
    """`pair_features` of two mentions' views."""
    ma, mb, da_, db_ = a.mention, b.mention, a.derived, b.derived
    lemma_eq = float(a.lemma == b.lemma)
    pa, pb = a.pos, b.pos
    counts = pair_table.get(pair_key(a.lemma, b.lemma))
    ratio, logodds = _lemma_pair(a.lemma, b.lemma, tuple(counts) if counts else None)
    va, vb = da_.window_vector, db_.window_vector
    emb = float(va @ vb) if va is not None and vb is not None else 0.0
    same_doc = float(a.article_id == b.article_id)
    doc_sim, ent_sim = similarity(a.article_id, b.article_id)
    f = [lemma_eq, float(da_.stem == db_.stem), ratio,
         float(a.text == b.text),
         float(pa == "VERB" and pb == "VERB"), float(pa in ("NOUN", "PROPN") and pb in ("NOUN", "PROPN")),
         float({pa, pb} == {"VERB", "NOUN"}), float(bool(counts)), logodds, emb,
         _set_jaccard(da_.terms, db_.terms), _set_jaccard(da_.window, db_.window)]
    ga, gb = da_.groups, db_.groups
    for g in GROUPS:
        x, y = ga.get(g, _NONE), gb.get(g, _NONE)
        shared = bool(x & y)
        f += [float(shared), float(bool(x) and bool(y) and not shared)]
    f += [doc_sim, ent_sim, same_doc]
    f += similarity.group_jaccards(a.article_id, b.article_id)
    trig = float(da_.lemma_vector @ db_.lemma_vector) if a.lemma != b.lemma else 1.0
    vsa, vsb = da_.sentence_vector, db_.sentence_vector
    story = float(similarity.same_story(a.article_id, b.article_id))
    trig_text = float(a.text_vector @ b.text_vector) if a.text != b.text else 1.0
    f += [trig, float(vsa @ vsb) if vsa is not None and vsb is not None else 0.0, trig * doc_sim,
          story, story * trig, story * lemma_eq,
          trig_text, float(len(a.lemma) >= 4 and a.lemma[:4] == b.lemma[:4]), lemma_eq * ent_sim, ratio * doc_sim,
          lemma_eq * same_doc]
    f += [lemma_eq * doc_sim, emb * doc_sim, logodds * doc_sim, (1 - lemma_eq) * same_doc]
    same_type = ma.type == mb.type
    both_other = ma.type == "OTHER" and mb.type == "OTHER"
    f += [float(same_type), float(not same_type), float(both_other), float(both_other and ma.subtype == mb.subtype)]
    dates = date_relation(ma.date, mb.date)
    f += [float(dates == "overlap"), float(dates == "disjoint_text"), float(dates == "disjoint_weak"),
          float(dates == "missing")]
    places = _place_relation(ma.location, mb.location)
    f += [float(places == "same_point"), float(places == "compatible"), float(places == "conflict"),
          float(places == "missing")]
    xa, xb = a.actors, b.actors
    f += [float(bool(xa & xb)), float(bool(xa) and bool(xb) and not xa & xb), float(not xa or not xb),
          min(ma.confidence, mb.confidence), float("planned" in (ma.status, mb.status)),
          same_doc * float(same_type), doc_sim * float(dates == "overlap")]
    return np.asarray(f, dtype=np.float32)


_NONE: frozenset[str] = frozenset()


# ---------------------------------------------------------------- the model

@dataclass(frozen=True, slots=True)
class PairModel:
    """Weights over `FEATURES`, the thresholds of linking, and the lemma-pair table."""

    weights: np.ndarray
    bias: float
    within: float  # mentions of one article join one event above this average probability
    across: float  # an article's event joins a stored event above this average probability
    pair_table: Mapping[str, Sequence[float]] = field(default_factory=dict)  # "lemma|lemma" -> [same, not]
    manifest: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PairModel:
        by_name = dict(zip(d["features"], d["weights"], strict=True))
        weights = np.asarray([by_name.get(name, 0.0) for name in FEATURES], dtype=np.float32)
        return cls(weights, float(d["bias"]), float(d["within"]), float(d["across"]), d.get("pair_table", {}),
                   d.get("manifest", {}))

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(FEATURES), "weights": [round(float(w), 6) for w in self.weights],
                "bias": round(self.bias, 6), "within": self.within, "across": self.across,
                "manifest": dict(self.manifest), "pair_table": dict(self.pair_table)}

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        return 1.0 / (1.0 + np.exp(-(rows @ self.weights + self.bias)))


@functools.cache
def model() -> PairModel | None:
    """The shipped pair model (`data/linker.json`), loaded once per process; None before the
    first `make train` (linking then uses the structured fields alone)."""
    path = resources.files("tidings").joinpath("data", "linker.json")
    if not path.is_file():
        return None
    return PairModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
