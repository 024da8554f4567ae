#!/usr/bin/env python3
"""Train the linker's pair scorer on ECB+ train and GVC train; tune its thresholds on the dev sets.

    train_linker.py [--shared ../shared] [--work DIR] [--out-dir src/tidings/data]

1. The per-article stage (`run.analyse`: actors, events with the shipped typer and detector,
   signatures) runs over the ECB+ train and dev topics and the GVC train and dev articles, as
   ingest would, but for the model that groups an article's mentions into local events: first
   none, which trains a first model; then that model, which gives the analyses the shipped model
   is trained on (steps 2-4). The shipped linker is never read, so each run gives the same weights.
   The analyses are cached in --work, under a digest of the package's code and data. The script
   runs under a fixed hash seed (`HASH_SEED`), so that two runs give the same weights.
2. Pairs. ECB+ train: every predicted mention whose trigger lies in a gold mention of a validated
   sentence takes that mention's cluster; all pairs of such mentions within a topic (both of its
   look-alike sub-topics: the hard decisions) are labelled same event or not, and pairs with a
   predicted mention of a validated sentence that ECB+ does not annotate are negatives. GVC train
   (no mention gold, only article -> incident): mentions of one type and subtype in two articles
   are the same event when both articles report the same incident, different when they report
   two (all GVC incidents are look-alike shootings: the pairs that matter most). The lemma-pair
   table (how often two trigger lemmas co-refer) comes from ECB+ train, only for pairs seen in two
   topics or more.
3. A logistic regression over `link.pairs.FEATURES` (standardised while fitting, weights shipped
   raw), C fixed.
   ECB+ train's gold mentions, as `tidings corefer` reads them, add the pairs of one gold topic.
4. The thresholds (`within`: mentions of one article; `across`: an article's event joining a stored
   one) are chosen on ECB+ dev and GVC dev: end to end (the dev analyses are linked in memory with
   the very linker ingest uses, `link.MemoryEventIndex`, exported as the benchmarks read exports,
   and scored by `ecbplus.py score` and `gvc.py score`: CoNLL F1, and GVC's article-pair incident
   F1) and on gold mentions (`link.coref.cluster_given`, scored by `score-clusters`); the
   objective is the mean of the five figures.

Writes `linker.json` (`link.pairs.PairModel`) and `linker.metrics.json`. Needs scikit-learn
(training only). Deterministic: same data, same weights.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import io
import itertools
import json
import os
import pickle
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import Document, benchmark, ecbplus_split, gvc_split  # noqa: E402

from tidings import link, nlp  # noqa: E402
from tidings.link import coref, pairs  # noqa: E402
from tidings.link.pairs import LinkMention, PairModel, Similarity  # noqa: E402
from tidings.model import Analysis, Article  # noqa: E402
from tidings.run import analyse  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
C = 1.0
SEED = 13
NEGATIVES = 0.3  # share of the (many) different-event pairs kept; every same-event pair is
UNANNOTATED_NEGATIVES = 0.1  # share of (gold, not-an-event) pairs kept: enough to teach, not to swamp
GVC_ARTICLE_PAIRS = 30000  # article pairs of different incidents sampled for negatives
WITHIN_GRID = (0.5, 0.6)
ACROSS_GRID = (0.4, 0.5)


# ---------------------------------------------------------------- analyses

def analyses(docs: list[Document], cache: Path, within: PairModel | None) -> list[Analysis]:
    """The per-article stage over the documents, as ingest runs it, but with `within` as the model
    that groups an article's mentions into local events (None: each mention its own) rather than
    the shipped one (`_within_article_model`). Cached: parsing is slow."""
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    found = []
    with _within_article_model(within):
        for d, doc in zip(docs, nlp.parse(d.text for d in docs), strict=True):
            published = date.fromisoformat(d.published) if d.published else None
            article = Article(d.file, d.file, d.text, published=published, content_hash=d.file)
            found.append(analyse(article, doc))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(found))
    return found


@contextlib.contextmanager
def _within_article_model(model: PairModel | None) -> Iterator[None]:
    """The per-article stage groups mentions (and dates them from their local events) with this
    model: the training data must not depend on the weights they will replace, or each run of
    `make train` would train other weights than the last."""
    shipped = pairs.model
    pairs.model = lambda: model  # type: ignore[assignment]
    try:
        yield
    finally:
        pairs.model = shipped  # type: ignore[assignment]


def aligned(analysis: Analysis, doc: Document) -> dict[str, str | None]:
    """mention id -> gold cluster, or None for a mention of an annotated sentence that is no gold
    event; mentions outside annotated sentences are left out."""
    out: dict[str, str | None] = {}
    for m in analysis.events:
        if not doc.is_annotated(m.start, m.end):
            continue
        hit = next((c for s, e, c in doc.mentions if s <= m.start < e or m.start <= s < m.end), None)
        out[m.mention_id] = hit
    return out


def _link_mentions(a: Analysis) -> dict[str, LinkMention]:
    return {m.mention_id: LinkMention(m, m.signature or pairs.Signature(m.text.lower()), a.article.published)
            for m in a.events}


def as_clustered(x: LinkMention) -> LinkMention:
    """A mention as `link.local_events` sees it at ingest: before `fill_dates`, so with only the
    date its own text gives (a date from context or the publication day comes after clustering).
    Pairs within one article are learned on these, not on the dates the stored mention ends with."""
    m = x.mention
    if m.date is None or m.date.basis == "text":
        return x
    return dataclasses.replace(x, mention=dataclasses.replace(m, date=None))


def similarity(found: Iterable[Analysis]) -> Similarity:
    """Article similarity over a corpus, with the stories the linker would give its articles when
    they arrive in this order (`link.story_of`), and the term statistics after all of them."""
    index = link.MemoryEventIndex()
    profiles = {}
    for a in found:
        profile = a.profile or pairs.Profile()
        profiles[a.article.article_id] = profile
        index.add_article(a.article, profile)
        similar = index.similar_articles(a.article.article_id, profile, link.SIMILAR_ARTICLES)
        index.set_story(a.article.article_id, link.story_of(index, a.article, similar))
    return Similarity(profiles, index.stats, dict(index.stories))


# ---------------------------------------------------------------- training pairs

def lemma_table(found: list[Analysis], docs: list[Document], min_topics: int = 2) -> dict[str, list[int]]:
    """Trigger lemma pair -> [same event, not], over cross-document pairs of one ECB+ topic."""
    per_topic: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    by_topic = defaultdict(list)
    for a, d in zip(found, docs, strict=True):
        for mid, cluster in aligned(a, d).items():
            if cluster is not None:
                m = next(x for x in a.events if x.mention_id == mid)
                by_topic[d.topic.rstrip("+")].append((d.name, (m.signature or pairs.Signature(m.text)).lemma, cluster))
    for topic, items in by_topic.items():
        for (da, la, ca), (db, lb, cb) in itertools.combinations(items, 2):
            if da != db:
                per_topic[topic][pairs.pair_key(la, lb)][0 if ca == cb else 1] += 1
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    seen: dict[str, int] = defaultdict(int)
    for counts in per_topic.values():
        for key, (p, n) in counts.items():
            total[key][0] += p
            total[key][1] += n
            seen[key] += 1
    return {k: v for k, v in sorted(total.items()) if seen[k] >= min_topics}


def ecb_pairs(found: list[Analysis], docs: list[Document], table: dict, rng: random.Random):
    sim = similarity(found)
    by_topic = defaultdict(list)
    for a, d in zip(found, docs, strict=True):
        side = _link_mentions(a)
        for mid, cluster in aligned(a, d).items():
            by_topic[d.topic.rstrip("+")].append((side[mid], cluster))
    X, y = [], []
    for topic in sorted(by_topic):
        items = by_topic[topic]
        for (ma, ca), (mb, cb) in itertools.combinations(items, 2):
            if ca is None and cb is None:
                continue
            if not link.same_kind(link.kind_of(ma.mention), link.kind_of(mb.mention)):
                continue  # the model learns from mentions of one kind (`link.same_kind`)
            same = ca is not None and ca == cb
            if not same and rng.random() > (UNANNOTATED_NEGATIVES if ca is None or cb is None else NEGATIVES):
                continue
            if ma.article_id == mb.article_id:
                ma, mb = as_clustered(ma), as_clustered(mb)
            X.append(pairs.pair_features(ma, mb, sim, table))
            y.append(int(ca is not None and ca == cb))
    return X, y


def gvc_pairs(found: list[Analysis], docs: list[Document], table: dict, rng: random.Random):
    sim = similarity(found)
    units = []
    for a, d in zip(found, docs, strict=True):
        side = _link_mentions(a)
        best: dict[str, LinkMention] = {}
        for m in sorted(a.events, key=lambda m: -m.confidence):
            if link.linkable(m):
                best.setdefault(link.kind_of(m), side[m.mention_id])
        units.append((d.incident, best))
    X, y = [], []
    same = [(i, j) for i, j in itertools.combinations(range(len(units)), 2) if units[i][0] == units[j][0]]
    other = [(i, j) for i, j in itertools.combinations(range(len(units)), 2) if units[i][0] != units[j][0]]
    other = rng.sample(other, min(GVC_ARTICLE_PAIRS, len(other)))
    for i, j in sorted(same) + sorted(other):
        (ia, ua), (ib, ub) = units[i], units[j]
        for key in sorted(set(ua) & set(ub)):
            X.append(pairs.pair_features(ua[key], ub[key], sim, table))
            y.append(int(ia == ib))
    return X, y


def given_pairs(documents: list[coref.Given], gold: dict, table: dict, rng: random.Random):
    """ECB+ train's gold mentions as `tidings corefer` sees them: pairs within a gold topic."""
    sim = similarity([d.analysis for d in documents])
    by_topic = defaultdict(list)
    for d in documents:
        for m in d.analysis.events:
            g = gold[d.given[m.mention_id][0]]
            mention = LinkMention(m, m.signature or pairs.Signature(m.text.lower()), d.analysis.article.published)
            by_topic[g["doc"].split("_")[0]].append((mention, g["cluster"]))
    X, y = [], []
    for topic in sorted(by_topic):
        for (a, ca), (b, cb) in itertools.combinations(by_topic[topic], 2):
            if not link.same_kind(link.kind_of(a.mention), link.kind_of(b.mention)):
                continue
            if ca != cb and rng.random() > NEGATIVES:
                continue
            X.append(pairs.pair_features(a, b, sim, table))
            y.append(int(ca == cb))
    return X, y


def fit(X: np.ndarray, y: np.ndarray, c: float = C) -> tuple[np.ndarray, float]:
    mean, std = X.mean(0), X.std(0) + 1e-9
    clf = LogisticRegression(C=c, max_iter=5000).fit((X - mean) / std, y)
    w = clf.coef_[0] / std
    return w, float(clf.intercept_[0] - (clf.coef_[0] * mean / std).sum())


# ---------------------------------------------------------------- tuning on dev, end to end

def link_all(found: list[Analysis], model: PairModel) -> link.MemoryEventIndex:
    """The dev articles through the linker, in a fixed order, as one ingest would link them."""
    index = link.MemoryEventIndex()
    for a in found:
        events = link.local_events(a.events, a.article.published, model, a.profile)
        index.link(Analysis(a.article, a.entities, a.actors, tuple(events), a.profile), model)
    return index


def export(index: link.MemoryEventIndex, found: list[Analysis], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "articles.jsonl", "w", encoding="utf-8") as f:
        for a in found:
            f.write(json.dumps({"article_id": a.article.article_id, "source_path": a.article.source_path,
                                "text": a.article.text, "duplicate_of": None}) + "\n")
    with open(out / "events.jsonl", "w", encoding="utf-8") as f:
        for event_id in sorted(index.members):
            ms = index.mentions_of(event_id)
            if ms:
                f.write(json.dumps({"event_id": event_id, "mentions": [
                    {"article_id": m.article_id, "start": m.start, "end": m.end, "text": m.text,
                     "sentence": m.sentence} for m in ms]}) + "\n")
    (out / "actors.jsonl").write_text("", encoding="utf-8")


def score(benchmark_name: str, prepared: Path, out: Path, shared: Path) -> dict[str, float]:
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        benchmark(benchmark_name, shared).score(argparse.Namespace(prepared=str(prepared), export=str(out)))
    figures = dict(re.findall(r"^(conll_f1|incident_pairs_f1): ([0-9.]+)", text.getvalue(), re.M))
    return {k: float(v) for k, v in figures.items()}


def score_given(benchmark_name: str, prepared_dir: Path, clusters: dict[str, str], out: Path, shared: Path) -> float:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps({"mention_id": m, "cluster": c}) + "\n" for m, c in sorted(clusters.items())))
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        benchmark(benchmark_name, shared).score_clusters(argparse.Namespace(prepared=str(prepared_dir),
                                                                            clusters=str(out)))
    return float(re.findall(r"^conll_f1: ([0-9.]+)", text.getvalue(), re.M)[-1])


def given(prepared_dir: Path, cache: Path) -> list[coref.Given]:
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    found = coref.given_mentions(prepared_dir / "mentions.jsonl")
    cache.write_bytes(pickle.dumps(found))
    return found


def prepared(name: str, args: list[str], work: Path, shared: Path, split: str = "dev") -> Path:
    out = work / f"{name}-{split}"
    if not (out / "gold.json").is_file():
        with contextlib.redirect_stdout(io.StringIO()):
            benchmark(name, shared).prepare(argparse.Namespace(out=str(out), split=split,
                                                       **dict(zip(args[::2], args[1::2], strict=True))))
    return out


#: The hash seed training runs under: some of what the per-article stage builds depends on the
#: order of sets of strings, which Python randomises per process, and a cold cache built under
#: another seed trained other weights. Fixed, two runs from a cold cache give the same file.
HASH_SEED = "0"


def _package_key() -> str:
    """A digest of the tidings package's code and data: cached analyses of another version are stale."""
    package = Path(link.__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for f in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        if f.name.startswith("linker."):
            continue  # what this script writes: the analyses never read it (`_within_article_model`)
        digest.update(str(f.relative_to(package)).encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:12]


def _model_key(model: PairModel) -> str:
    return hashlib.sha256(json.dumps(model.to_dict(), sort_keys=True).encode()).hexdigest()[:12]


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and os.environ.get("PYTHONHASHSEED") != HASH_SEED:  # run again under the fixed seed
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": HASH_SEED})
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tidings-train-linker")
    ap.add_argument("--out-dir", type=Path, default=ROOT / "src" / "tidings" / "data")
    a = ap.parse_args(argv)
    started = time.time()
    topics, gvc_data = a.shared / "data" / "ecbplus" / "topics", a.shared / "data" / "gvc"
    ecb_train, ecb_dev = ecbplus_split(topics, "train", a.shared), ecbplus_split(topics, "dev", a.shared)
    gvc_train, gvc_dev = gvc_split(gvc_data, "train"), gvc_split(gvc_data, "dev")
    key = _package_key()
    corpora = (("ecb-train", ecb_train), ("ecb-dev", ecb_dev), ("gvc-train", gvc_train), ("gvc-dev", gvc_dev))
    ecb_prep = prepared("ecbplus", ["topics", str(topics)], a.work, a.shared)
    gvc_prep = prepared("gvc", ["data", str(gvc_data)], a.work, a.shared)
    ecb_train_prep = prepared("ecbplus", ["topics", str(topics)], a.work, a.shared, "train")
    # keyed as the analyses are: the records pickled by another version of the package are stale
    gold_mentions = {"ecb-train": given(ecb_train_prep, a.work / f"given-ecb-train-{key}.pkl"),
                     "ecbplus": given(ecb_prep, a.work / f"given-ecb-dev-{key}.pkl"),
                     "gvc": given(gvc_prep, a.work / f"given-gvc-dev-{key}.pkl")}
    ecb_train_gold = json.loads((ecb_train_prep / "gold.json").read_text())
    print(f"gold mentions ready in {time.time() - started:.0f} s", flush=True)

    def trained(found: dict[str, list[Analysis]]) -> tuple[np.ndarray, float, dict, tuple[int, ...]]:
        rng = random.Random(SEED)
        table = lemma_table(found["ecb-train"], ecb_train)
        Xe, ye = ecb_pairs(found["ecb-train"], ecb_train, table, rng)
        Xg, yg = gvc_pairs(found["gvc-train"], gvc_train, table, rng)
        Xc, yc = given_pairs(gold_mentions["ecb-train"], ecb_train_gold, table, rng)
        print(f"pairs: ECB+ {len(ye)} ({sum(ye)} same), GVC {len(yg)} ({sum(yg)} same), ECB+ gold mentions "
              f"{len(yc)} ({sum(yc)} same); {len(table)} lemma pairs ({time.time() - started:.0f} s)", flush=True)
        return *fit(np.vstack(Xe + Xg + Xc), np.array(ye + yg + yc)), table, (len(ye), len(yg))

    # Two rounds, from a start that owes nothing to the shipped weights: analyses whose mentions are
    # not grouped within their articles train a first model; analyses grouped by it train the model
    # shipped. Each run of `make train` gives the same weights.
    first = {name: analyses(docs, a.work / f"{name}-{key}-alone.pkl", None) for name, docs in corpora}
    w0, b0, table0, _ = trained(first)
    grouping = PairModel(w0.astype(np.float32), b0, WITHIN_GRID[0], ACROSS_GRID[0], table0)
    cached = {name: analyses(docs, a.work / f"{name}-{key}-{_model_key(grouping)}.pkl", grouping)
              for name, docs in corpora}
    print(f"analyses ready in {time.time() - started:.0f} s", flush=True)
    weights, bias, table, (n_ecb, n_gvc) = trained(cached)

    grid = {}
    for within in WITHIN_GRID:
        for across in ACROSS_GRID:
            m = PairModel(weights.astype(np.float32), bias, within, across, table)
            figures = {}
            for name, found, prep in (("ecbplus", cached["ecb-dev"], ecb_prep), ("gvc", cached["gvc-dev"], gvc_prep)):
                out = a.work / "tune" / name
                export(link_all(found, m), found, out)
                figures.update({f"{name}_{k}": v for k, v in score(name, prep, out, a.shared).items()})
                clusters = coref.cluster_given(gold_mentions[name], m)
                figures[f"{name}_gold_mention_conll_f1"] = score_given(name, prep, clusters,
                                                                       a.work / "tune" / f"{name}-clusters.jsonl",
                                                                       a.shared)
            objective = float(np.mean(list(figures.values())))
            grid[(within, across)] = (objective, figures)
            print(f"  within {within} across {across}: {figures} -> {objective:.2f}", flush=True)
    # the dev figures are rounded to a tenth, so their means often tie: then the lower `within` wins
    # (mentions of one event in one article are one event first), then the higher `across` (reports
    # of look-alike events in different articles stay apart)
    (within, across), (objective, figures) = max(
        grid.items(), key=lambda kv: (round(kv[1][0], 2), -kv[0][0], kv[0][1]))
    print(f"chosen within {within}, across {across}: {figures}")
    manifest = {
        "what": "logistic regression over link.pairs.FEATURES: P(two event mentions report the same event)",
        "built_by": "scripts/train_linker.py",
        "trained_on": "ECB+ train topics (CC BY 3.0) and GVC train (article -> incident; CC BY 4.0, Apache 2.0)",
        "tuned_on": "ECB+ dev and GVC dev, end to end (thresholds only)", "C": C,
        "pairs": {"ecbplus": n_ecb, "gvc": n_gvc}, "dev": figures,
    }
    model = PairModel(weights.astype(np.float32), bias, within, across, table, manifest)
    a.out_dir.mkdir(parents=True, exist_ok=True)
    (a.out_dir / "linker.json").write_text(json.dumps(model.to_dict(), sort_keys=True) + "\n", encoding="utf-8")
    metrics = {"grid": [{"within": k[0], "across": k[1], "objective": round(v[0], 3), **v[1]}
                        for k, v in sorted(grid.items())], "chosen": {"within": within, "across": across, **figures}}
    (a.out_dir / "linker.metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {a.out_dir}/linker.json in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
