"""Cross-document event coreference: which event mentions, across articles, report the same event.

The model has three steps, all deterministic:

1. **Document blocking.** Every document is a TF-IDF vector of its content lemmas (named-entity
   tokens counted three times: places, dates, numbers and names are what tell two look-alike
   stories apart). Documents are grouped by average-link agglomerative clustering on cosine
   similarity, so that no pair across unrelated stories is ever scored; then a stray (a block of
   one or two documents, often a short report) joins the block it is nearest to on average when
   that is above a low cut (`attach_strays`).
2. **Pairwise scorer.** Inside a block, every pair of mentions gets a probability of coreference
   from a logistic regression over features of the pair (`FEATURES`): trigger lemma equality and
   string similarity, head parts of speech, the similarity of the two documents (TF-IDF and
   entities only) and of the two sentences, shared or conflicting places, dates, numbers, people
   and organisations in the sentences and documents, the words around the two triggers (overlap and
   embedding similarity of a five-word window each side), and whether both mentions are in the same
   document. `scripts/train_coref.py` learns the weights on the ECB+ train topics; they ship in
   `data/coref.json`, and inference is numpy only.
3. **Mention clustering.** Average-link agglomerative clustering of the block's mentions on the
   pair probabilities (each mixed with its best two-step path probability, `transitive_smooth`),
   merging while the average probability between two clusters is above the threshold tuned on the
   ECB+ dev topics.

Fields that the pipeline knows and ECB+ does not (event type, actors, date interval, place) are
optional; when both mentions of a pair have one and they disagree, the pair's log-odds are lowered
by a fixed amount (`CONFLICT_PENALTY`), when they agree raised a little (`AGREEMENT_BONUS`):
two earthquakes on different days are two earthquakes whatever their words.

Entry points: `mentions_from_prepared` (ECB+-style mentions.jsonl -> `CorefMention`s),
`mentions_from_doc` (a parsed spaCy doc and trigger spans -> `CorefMention`s, for the linking
stage), `pair_probability`, `cluster` and `corefer` (the `tidings corefer` command).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

ENTITY_GROUPS = {
    "GPE": "place", "LOC": "place", "FAC": "place",
    "DATE": "time", "TIME": "time",
    "CARDINAL": "number", "QUANTITY": "number", "MONEY": "number", "PERCENT": "number",
    "PERSON": "person", "ORG": "org", "NORP": "org", "EVENT": "org",
}
GROUPS = ("place", "time", "number", "person", "org")
ENTITY_REPEAT = 3  # an entity token counts this many times in a document's term vector
CONTENT_POS = {"NOUN", "VERB", "ADJ", "ADV", "PROPN", "NUM"}
CONFLICT_PENALTY = 3.0
AGREEMENT_BONUS = 0.5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CorefMention:
    """Everything the scorer needs about one event mention.

    `lemma` is the lemma of the trigger's syntactic head, `pos` its coarse part of speech.
    `sentence_terms` are the content lemmas of the mention's sentence; `sentence_entities` and
    `doc_entities` are entities as "group:normalised text" ("place:haiti", "time:tuesday");
    `doc_terms` are the document's content lemmas with entity tokens repeated (the same tuple is
    shared by all mentions of a document). The last four fields are for the pipeline to fill when
    it knows them: PLOVER type (with subtype, e.g. "OTHER/earthquake"), actor ids, the date interval
    as ISO days (start, end), and a place id or name.
    """

    mention_id: str
    doc_id: str
    trigger: str
    lemma: str
    sentence: str
    pos: str = ""
    sentence_terms: frozenset[str] = frozenset()
    sentence_entities: frozenset[str] = frozenset()
    doc_terms: tuple[str, ...] = ()
    doc_entities: frozenset[str] = frozenset()
    event_type: str | None = None
    actors: frozenset[str] = frozenset()
    date: tuple[str, str] | None = None
    place: str | None = None


# ---------------------------------------------------------------- mentions from parsed text

def _entity_key(text: str, label: str) -> str | None:
    group = ENTITY_GROUPS.get(label)
    if group is None:
        return None
    norm = " ".join(_WORD.findall(text.lower()))
    if norm.startswith("the "):
        norm = norm[4:]
    return f"{group}:{norm}" if norm else None


def _terms(tokens: Iterable[Any]) -> list[str]:
    out = []
    for t in tokens:
        if t.is_punct or t.is_space or t.is_stop or not _WORD.search(t.text):
            continue
        lemma = t.lemma_.lower()
        out.extend([lemma] * (ENTITY_REPEAT if t.ent_type_ in ENTITY_GROUPS else 1))
    return out


def document_context(doc: Any) -> tuple[tuple[str, ...], frozenset[str]]:
    """A parsed document's term list (for TF-IDF) and its entity keys."""
    ents = frozenset(k for e in doc.ents if (k := _entity_key(e.text, e.label_)))
    return tuple(_terms(doc)), ents


def mentions_from_doc(doc: Any, doc_id: str, spans: Sequence[tuple[str, int, int]],
                      sentences: Mapping[str, tuple[int, int]] | None = None) -> list[CorefMention]:
    """`CorefMention`s for trigger spans `(mention_id, start, end)` (character offsets) of a parsed doc.

    `sentences` may give a mention's sentence bounds; by default it is the parser's sentence."""
    doc_terms, doc_ents = document_context(doc)
    found = []
    for mention_id, start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):  # an empty or unalignable span: the bare text
            text = doc.text[start:end].strip() or mention_id
            found.append(CorefMention(mention_id, doc_id, text, text.lower(), text,
                                      doc_terms=doc_terms, doc_entities=doc_ents))
            continue
        head = span.root
        if sentences and mention_id in sentences:
            s0, s1 = sentences[mention_id]
            sent = doc.char_span(s0, s1, alignment_mode="expand") or span.sent
        else:
            sent = span.sent
        sent_terms = frozenset(t.lemma_.lower() for t in sent
                               if t.pos_ in CONTENT_POS and not t.is_stop and t.i not in range(span.start, span.end))
        sent_ents = frozenset(k for e in sent.ents if (k := _entity_key(e.text, e.label_)))
        found.append(CorefMention(
            mention_id=mention_id, doc_id=doc_id, trigger=span.text, lemma=head.lemma_.lower(),
            sentence=sent.text, pos=head.pos_, sentence_terms=sent_terms, sentence_entities=sent_ents,
            doc_terms=doc_terms, doc_entities=doc_ents))
    return found


def mentions_from_prepared(mentions_jsonl: Path, docs_dir: Path | None = None) -> list[CorefMention]:
    """Mentions of an ECB+-style `mentions.jsonl` (mention_id, file, start, end, text, sentence).

    The documents are read from `docs_dir` (default: `docs/` beside the file) and parsed with
    `tidings.nlp`; a document that is not there is rebuilt from its mentions' sentences."""
    from tidings import nlp

    mentions_jsonl = Path(mentions_jsonl)
    docs_dir = Path(docs_dir) if docs_dir else mentions_jsonl.parent / "docs"
    rows = [json.loads(line) for line in mentions_jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_file: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_file[r["file"]].append(r)
    files = sorted(by_file)
    texts, spans_of, sents_of = [], {}, {}
    for f in files:
        path = docs_dir / f
        rs = by_file[f]
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            spans = [(r["mention_id"], r["start"], r["end"]) for r in rs]
        else:  # only the sentences are known: rebuild a text from them
            lines = list(dict.fromkeys(r["sentence"] for r in rs))
            text = "\n".join(lines) + "\n"
            starts, pos = {}, 0
            for line in lines:
                starts[line] = pos
                pos += len(line) + 1
            spans = []
            for r in rs:
                rel = r["sentence"].find(r["text"])
                s = starts[r["sentence"]] + max(rel, 0)
                spans.append((r["mention_id"], s, s + len(r["text"])))
        sents = {}
        for (mid, start, _), r in zip(spans, rs, strict=True):
            at = text.rfind(r["sentence"], 0, start + 1) if r.get("sentence") else -1
            if at >= 0 and at + len(r["sentence"]) >= start:
                sents[mid] = (at, at + len(r["sentence"]))
        texts.append(text)
        spans_of[f], sents_of[f] = spans, sents
    found: list[CorefMention] = []
    for f, doc in zip(files, nlp.parse(texts), strict=True):
        doc_id = f[:-4] if f.endswith(".txt") else f
        found.extend(mentions_from_doc(doc, doc_id, spans_of[f], sents_of[f]))
    return found


# ---------------------------------------------------------------- model

@dataclass(frozen=True, slots=True)
class Model:
    features: tuple[str, ...]
    weights: np.ndarray
    bias: float
    block_threshold: float  # documents join a block above this cosine (average link)
    threshold: float  # mentions join a cluster above this average probability
    pair_table: Mapping[str, Sequence[float]] = field(default_factory=dict)  # "lemma|lemma" -> [coref, not]
    use_embeddings: bool = False
    story_threshold: float = 0.25  # documents of one story (sub-topic): a finer average-link cut
    manifest: dict = field(default_factory=dict)
    transitive: float = 0.0  # weight of the two-step (max-min) path probability mixed into each pair
    attach_threshold: float = 1.0  # stray documents join the nearest block above this cosine (1: never)

    @classmethod
    def from_dict(cls, d: dict) -> Model:
        return cls(tuple(d["features"]), np.asarray(d["weights"], dtype=np.float64), float(d["bias"]),
                   float(d["block_threshold"]), float(d["threshold"]), d.get("pair_table", {}),
                   bool(d.get("use_embeddings", False)), float(d.get("story_threshold", 0.25)),
                   d.get("manifest", {}), float(d.get("transitive", 0.0)),
                   float(d.get("attach_threshold", 1.0)))

    def to_dict(self) -> dict:
        return {"features": list(self.features), "weights": [round(float(w), 6) for w in self.weights],
                "bias": round(float(self.bias), 6), "block_threshold": self.block_threshold,
                "threshold": self.threshold, "story_threshold": self.story_threshold,
                "use_embeddings": self.use_embeddings, "transitive": self.transitive,
                "attach_threshold": self.attach_threshold, "manifest": self.manifest, "pair_table": self.pair_table}


@functools.cache
def _embedder() -> Any:
    """WordLlama's static embeddings, from the files its package ships (nothing is downloaded)."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def _embed(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 0))
    v = np.asarray(_embedder().embed(texts, norm=False), dtype=np.float64)
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(n > 0, n, 1.0)


_SUFFIXES = ("ations", "ation", "itions", "ition", "ments", "ment", "ings", "ing", "ers", "er", "ees", "ee",
             "ions", "ion", "ed", "es", "s", "e", "y")


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


PRIOR_STRENGTH = 2.0


@functools.cache
def model() -> Model:
    """The shipped model (`data/coref.json`), loaded once per process."""
    text = resources.files("tidings").joinpath("data", "coref.json").read_text(encoding="utf-8")
    return Model.from_dict(json.loads(text))


# ---------------------------------------------------------------- context: document vectors

WINDOW = 5  # words on each side of the trigger that make its local context


def _window(m: CorefMention) -> list[str]:
    """The words around the trigger in its sentence (the trigger itself left out)."""
    at = m.sentence.find(m.trigger)
    if at < 0:
        return []
    before = _WORD.findall(m.sentence[:at])[-WINDOW:]
    after = _WORD.findall(m.sentence[at + len(m.trigger):])[:WINDOW]
    return before + after


class Context:
    """What pair scoring needs beyond the two mentions: TF-IDF vectors of their documents, the
    learned lemma-pair statistics, and (when the model uses them) embeddings.

    IDF comes from the documents of the mentions given (at least the two of a pair)."""

    def __init__(self, mentions: Sequence[CorefMention], pair_table: Mapping[str, Sequence[float]] | None = None,
                 use_embeddings: bool | None = None, story_threshold: float | None = None,
                 story_attach: float | None = None):
        if pair_table is None or use_embeddings is None or story_threshold is None or story_attach is None:
            trained = model()
            pair_table = trained.pair_table if pair_table is None else pair_table
            use_embeddings = trained.use_embeddings if use_embeddings is None else use_embeddings
            story_threshold = trained.story_threshold if story_threshold is None else story_threshold
            story_attach = trained.attach_threshold if story_attach is None else story_attach
        self.pair_table = pair_table
        self.trigger_vec: dict[str, np.ndarray] = {}
        self.sentence_vec: dict[str, np.ndarray] = {}
        self.window_vec: dict[str, np.ndarray] = {}
        self.window_words = {m.mention_id: frozenset(w.lower() for w in _window(m)) for m in mentions}
        if use_embeddings:
            trig = _embed([m.trigger.lower() for m in mentions])
            sent = _embed([m.sentence for m in mentions])
            win = _embed([" ".join(_window(m)) or m.trigger for m in mentions])
            for i, m in enumerate(mentions):
                self.trigger_vec[m.mention_id] = trig[i]
                self.sentence_vec[m.mention_id] = sent[i]
                self.window_vec[m.mention_id] = win[i]
        docs: dict[str, CorefMention] = {}
        for m in mentions:
            docs.setdefault(m.doc_id, m)
        self.doc_ids = sorted(docs)
        self.row = {d: i for i, d in enumerate(self.doc_ids)}
        n = len(self.doc_ids)
        self.term_vectors = self._tfidf([Counter(docs[d].doc_terms) for d in self.doc_ids], n)
        self.entity_vectors = self._tfidf([Counter(docs[d].doc_entities) for d in self.doc_ids], n)
        self.doc_sim = self.term_vectors @ self.term_vectors.T
        self.entity_sim = self.entity_vectors @ self.entity_vectors.T
        labels = attach_strays(self.doc_sim, average_link(self.doc_sim, story_threshold), story_attach)
        self.story = {d: labels[i] for i, d in enumerate(self.doc_ids)}

    @staticmethod
    def _tfidf(counts: list[Counter], n: int) -> np.ndarray:
        df: Counter = Counter()
        for c in counts:
            df.update(c.keys())
        shared = sorted(t for t, k in df.items() if k > 1)  # a term in one document adds only to its norm
        col = {t: j for j, t in enumerate(shared)}
        mat = np.zeros((n, len(shared)), dtype=np.float64)
        for i, c in enumerate(counts):
            norm2 = 0.0
            for t, k in c.items():
                w = (1.0 + math.log(k)) * (math.log((1 + n) / (1 + df[t])) + 1.0)
                norm2 += w * w
                if t in col:
                    mat[i, col[t]] = w
            if norm2 > 0:
                mat[i] /= math.sqrt(norm2)
        return mat

    def similarity(self, a: str, b: str) -> tuple[float, float]:
        i, j = self.row[a], self.row[b]
        return float(self.doc_sim[i, j]), float(self.entity_sim[i, j])


# ---------------------------------------------------------------- pair features

FEATURES: tuple[str, ...] = (
    "lemma_eq", "trigger_eq", "lemma_ratio", "prefix_eq", "both_verb", "both_noun", "verb_noun",
    "doc_sim", "entity_sim", "same_doc", "sent_jaccard",
    *(f"sent_{g}_{k}" for g in GROUPS for k in ("shared", "conflict")),
    *(f"doc_{g}_jaccard" for g in GROUPS),
    "lemma_eq_x_doc_sim", "lemma_eq_x_entity_sim", "lemma_eq_x_same_doc", "lemma_ratio_x_doc_sim",
    "not_lemma_x_same_doc", "stem_eq", "pair_known", "pair_logodds", "pair_logodds_x_doc_sim",
    "emb_trigger", "emb_sentence", "emb_trigger_x_doc_sim", "same_story", "same_story_x_lemma_eq",
    "same_story_x_emb_trigger", "emb_window", "window_jaccard",
)


def _ratio(a: str, b: str) -> float:
    from rapidfuzz.fuzz import ratio

    return ratio(a, b) / 100.0


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _by_group(ents: frozenset[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for e in ents:
        g, _, v = e.partition(":")
        out[g].add(v)
    return out


def pair_features(a: CorefMention, b: CorefMention, context: Context) -> np.ndarray:
    """The feature vector of a pair, in the order of `FEATURES`."""
    lemma_eq = float(a.lemma == b.lemma)
    ratio = _ratio(a.lemma, b.lemma)
    pa, pb = a.pos, b.pos
    doc_sim, ent_sim = context.similarity(a.doc_id, b.doc_id) if a.doc_id != b.doc_id else (1.0, 1.0)
    same_doc = float(a.doc_id == b.doc_id)
    f = [
        lemma_eq, float(a.trigger.lower() == b.trigger.lower()), ratio,
        float(len(a.lemma) >= 4 and a.lemma[:4] == b.lemma[:4]),
        float(pa == "VERB" and pb == "VERB"), float(pa in ("NOUN", "PROPN") and pb in ("NOUN", "PROPN")),
        float({pa, pb} == {"VERB", "NOUN"}),
        doc_sim, ent_sim, same_doc, _jaccard(a.sentence_terms, b.sentence_terms),
    ]
    ga, gb = _by_group(a.sentence_entities), _by_group(b.sentence_entities)
    for g in GROUPS:
        x, y = ga.get(g, set()), gb.get(g, set())
        shared = bool(x & y)
        f += [float(shared), float(bool(x) and bool(y) and not shared)]
    da, db = _by_group(a.doc_entities), _by_group(b.doc_entities)
    for g in GROUPS:
        x, y = da.get(g, set()), db.get(g, set())
        f.append(len(x & y) / len(x | y) if x or y else 0.0)
    f += [lemma_eq * doc_sim, lemma_eq * ent_sim, lemma_eq * same_doc, ratio * doc_sim, (1 - lemma_eq) * same_doc]
    f.append(float(stem(a.lemma) == stem(b.lemma)))
    counts = context.pair_table.get(pair_key(a.lemma, b.lemma))
    if counts:
        pos, neg = counts
        lo = math.log((pos + PRIOR_STRENGTH * 0.1) / (neg + PRIOR_STRENGTH * 0.9))
        f += [1.0, lo, lo * doc_sim]
    else:
        f += [0.0, 0.0, 0.0]
    va, vb = context.trigger_vec.get(a.mention_id), context.trigger_vec.get(b.mention_id)
    if va is not None and vb is not None:
        et = float(va @ vb)
        es = float(context.sentence_vec[a.mention_id] @ context.sentence_vec[b.mention_id])
        f += [et, es, et * doc_sim]
    else:
        et = 0.0
        f += [0.0, 0.0, 0.0]
    same_story = float(context.story[a.doc_id] == context.story[b.doc_id])
    f += [same_story, same_story * lemma_eq, same_story * et]
    wa, wb = context.window_vec.get(a.mention_id), context.window_vec.get(b.mention_id)
    f.append(float(wa @ wb) if wa is not None and wb is not None else 0.0)
    f.append(_jaccard(context.window_words.get(a.mention_id, frozenset()),
                      context.window_words.get(b.mention_id, frozenset())))
    return np.asarray(f, dtype=np.float64)


def _known_field_offset(a: CorefMention, b: CorefMention) -> float:
    """Log-odds adjustment from the fields the pipeline fills (type, date, place, actors)."""
    off = 0.0
    if a.event_type and b.event_type:
        off += AGREEMENT_BONUS if a.event_type == b.event_type else -CONFLICT_PENALTY
    if a.date and b.date:
        overlap = not (a.date[1] < b.date[0] or b.date[1] < a.date[0])
        off += AGREEMENT_BONUS if overlap else -CONFLICT_PENALTY
    if a.place and b.place:
        off += AGREEMENT_BONUS if a.place == b.place else -CONFLICT_PENALTY / 2
    if a.actors and b.actors:
        off += AGREEMENT_BONUS if a.actors & b.actors else -CONFLICT_PENALTY / 2
    return off


def _logit(x: np.ndarray, m: Model) -> np.ndarray:
    return x @ m.weights + m.bias


def pair_probability(a: CorefMention, b: CorefMention, context: Context | None = None,
                     m: Model | None = None) -> float:
    """The probability that two mentions report the same event.

    `context` holds the document vectors (build it once with `Context(all_mentions)`); without it
    the IDF comes from the two documents alone."""
    m = m or model()
    context = context or Context([a, b], m.pair_table, m.use_embeddings, m.story_threshold, m.attach_threshold)
    z = float(_logit(pair_features(a, b, context), m)) + _known_field_offset(a, b)
    return 1.0 / (1.0 + math.exp(-z))


# ---------------------------------------------------------------- clustering

def average_link(sim: np.ndarray, threshold: float) -> list[int]:
    """Average-link agglomerative clustering on a similarity matrix: merge the two clusters of
    highest average similarity while it is above `threshold`. Returns a label per row (the index of
    the cluster's first row); deterministic (ties go to the lowest indices)."""
    n = len(sim)
    labels = list(range(n))
    if n < 2:
        return labels
    total = np.array(sim, dtype=np.float64, copy=True)
    size = np.ones(n)
    active = np.ones(n, dtype=bool)
    np.fill_diagonal(total, -np.inf)
    members = {i: [i] for i in range(n)}
    while True:
        avg = total / np.outer(size, size)
        avg[~active, :] = -np.inf
        avg[:, ~active] = -np.inf
        k = int(np.argmax(avg))
        i, j = divmod(k, n)
        if not avg[i, j] > threshold:
            break
        i, j = min(i, j), max(i, j)
        total[i, :] += total[j, :]
        total[:, i] += total[:, j]
        total[i, i] = -np.inf
        size[i] += size[j]
        active[j] = False
        members[i] += members.pop(j)
    for root, rows in members.items():
        for r in rows:
            labels[r] = root
    return labels


def transitive_smooth(probs: np.ndarray, weight: float) -> np.ndarray:
    """Mix each pair's probability with its best two-step path, max over k of min(p_ik, p_kj):
    `(1 - weight) * p + weight * path`. Two mentions that both link strongly to a third are pulled
    together (fewer over-split clusters), and the result stays symmetric and order-free."""
    n = len(probs)
    if weight <= 0 or n < 3:
        return probs
    path = np.zeros_like(probs)
    for i in range(n):
        path[i] = np.max(np.minimum(probs[i][:, None], probs), axis=0)
    np.fill_diagonal(path, 0.0)
    return (1.0 - weight) * probs + weight * path


SMALL_BLOCK = 2  # a block of this many documents or fewer is a stray, not a story of its own


def attach_strays(sim: np.ndarray, labels: Sequence[int], threshold: float, small: int = SMALL_BLOCK) -> list[int]:
    """Each document of a cluster of at most `small` documents joins the larger cluster it is most
    similar to on average, when that average is above `threshold`. A short report (a few lines,
    few shared words) falls below a cut that keeps look-alike stories apart, though it is plainly
    nearer to one story than to any other. The larger clusters are fixed first, so the result does
    not depend on the order of the strays; ties go to the lowest label."""
    labels = list(labels)
    size = Counter(labels)
    large = sorted(lab for lab, k in size.items() if k > small)
    if not large or threshold >= 1:
        return labels
    rows = {lab: [i for i, x in enumerate(labels) if x == lab] for lab in large}
    out = list(labels)
    for i, lab in enumerate(labels):
        if size[lab] > small:
            continue
        score, neg_label = max((float(sim[i, rows[c]].mean()), -c) for c in large)
        if score > threshold:
            out[i] = -neg_label
    return out


def document_blocks(context: Context, threshold: float, attach: float = 1.0) -> dict[str, int]:
    """Document id -> block number: average-link on TF-IDF cosine, then strays attached above
    `attach` (1: never)."""
    labels = attach_strays(context.doc_sim, average_link(context.doc_sim, threshold), attach)
    return {d: labels[i] for i, d in enumerate(context.doc_ids)}


def probability_matrix(mentions: Sequence[CorefMention], context: Context, m: Model) -> np.ndarray:
    n = len(mentions)
    probs = np.zeros((n, n))
    if n < 2:
        return probs
    rows, pairs = [], []
    for i in range(n):
        for j in range(i + 1, n):
            rows.append(pair_features(mentions[i], mentions[j], context))
            pairs.append((i, j))
    z = _logit(np.vstack(rows), m)
    z += np.array([_known_field_offset(mentions[i], mentions[j]) for i, j in pairs])
    p = 1.0 / (1.0 + np.exp(-z))
    idx = np.array(pairs)
    probs[idx[:, 0], idx[:, 1]] = p
    probs[idx[:, 1], idx[:, 0]] = p
    return probs


def cluster(mentions: Sequence[CorefMention], m: Model | None = None, *, block_threshold: float | None = None,
            threshold: float | None = None, blocks: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Mention id -> cluster id. Deterministic: the result depends on the mentions only, not their
    order; a cluster's id is its smallest mention id. `blocks` (doc id -> block) replaces the
    document blocking (for experiments with gold topics)."""
    m = m or model()
    block_threshold = m.block_threshold if block_threshold is None else block_threshold
    threshold = m.threshold if threshold is None else threshold
    ordered = sorted({x.mention_id: x for x in mentions}.values(), key=lambda x: x.mention_id)
    if not ordered:
        return {}
    context = Context(ordered, m.pair_table, m.use_embeddings, m.story_threshold, m.attach_threshold)
    doc_block = (dict(blocks) if blocks is not None
                 else document_blocks(context, block_threshold, m.attach_threshold))
    by_block: dict[Any, list[CorefMention]] = defaultdict(list)
    for x in ordered:
        by_block[doc_block[x.doc_id]].append(x)
    result: dict[str, str] = {}
    for key in sorted(by_block, key=str):
        group = by_block[key]
        labels = average_link(transitive_smooth(probability_matrix(group, context, m), m.transitive), threshold)
        for x, lab in zip(group, labels, strict=True):
            result[x.mention_id] = group[lab].mention_id
    return result


def corefer(mentions_path: Path, out_path: Path) -> int:
    """Cluster the mentions of an ECB+-style mentions.jsonl; write {"mention_id", "cluster"} lines.

    Returns the number of mentions written."""
    mentions = mentions_from_prepared(Path(mentions_path))
    clusters = cluster(mentions)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8") as f:
        for mid in sorted(clusters):
            f.write(json.dumps({"mention_id": mid, "cluster": clusters[mid]}) + "\n")
    return len(clusters)
