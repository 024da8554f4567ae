#!/usr/bin/env python3
"""Train the cross-document event coreference scorer on ECB+ train topics; tune on dev; ship it.

    train_coref.py TOPICS_DIR [--eval ../shared/eval/ecbplus.py] [--work DIR] [--out-dir src/tidings/data]

Prepares the train and dev splits with the benchmark's own `prepare` (into --work, default a temp
folder), parses them with `tidings.nlp`, learns the logistic-regression pair scorer on all mention
pairs within each predicted document block of the train topics (no dev data), then picks the
document-blocking threshold and the clustering threshold that give the best CoNLL F1 on dev (gold
mentions); stray documents join their nearest block above a fixed cosine (`ATTACH`). Writes
`coref.json` (features, weights, thresholds, manifest with train/dev metrics). Needs scikit-learn
(training only). Deterministic: same data, same weights.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from tidings.link import coref

ROOT = Path(__file__).resolve().parent.parent
C = 10.0  # weak regularisation: 245k pairs for 46 weights
TRAIN_BLOCK = 0.2  # training pairs: within document blocks cut a little looser than at inference
STORY = 0.25
TRANSITIVE = 0.5  # weight of the two-step path probability in mention clustering
BLOCK_GRID = (0.225, 0.25, 0.275)
ATTACH = 0.05  # a stray document (block of one or two) joins the nearest block above this cosine
THRESHOLD_GRID = tuple(round(float(x), 3) for x in np.arange(0.25, 0.601, 0.025))


def load_eval(path: Path):
    spec = importlib.util.spec_from_file_location("ecbplus_eval", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def prepared(ev, topics: Path, split: str, work: Path) -> Path:
    out = work / split
    if not (out / "gold.json").is_file():
        with contextlib.redirect_stdout(io.StringIO()):
            ev.prepare(argparse.Namespace(topics=str(topics), split=split, out=str(out)))
    return out


def load_split(ev, topics: Path, split: str, work: Path):
    d = prepared(ev, topics, split, work)
    cache = work / f"{split}.mentions.pkl"
    if cache.is_file():
        mentions = pickle.loads(cache.read_bytes())
    else:
        mentions = coref.mentions_from_prepared(d / "mentions.jsonl")
        cache.write_bytes(pickle.dumps(mentions))
    gold = json.loads((d / "gold.json").read_text())
    return mentions, gold


def conll(ev, gold: dict, resp: dict) -> dict:
    key = {m: g["cluster"] for m, g in gold.items()}
    resp = {m: resp.get(m, f"{m}:missing") for m in gold}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        f = ev.report(key, resp)
    metrics = {"conll_f1": round(100 * f, 2)}
    for line in out.getvalue().splitlines():
        parts = line.split()
        if parts and parts[0] in ("MUC", "B3", "CEAF-e"):
            metrics[parts[0]] = {"R": float(parts[2]), "P": float(parts[4]), "F1": float(parts[6])}
    return metrics


def topic_of(gold: dict) -> dict[str, str]:
    """doc id (file stem) -> gold topic, for training pairs only."""
    return {g["file"][:-4]: g["doc"].split("_")[0] for g in gold.values()}


def subtopic_of(gold: dict) -> dict[str, str]:
    return {g["file"][:-4]: g["doc"].split("_")[0] + ("+" if "plus" in g["doc"] else "") for g in gold.values()}


def pair_counts(mentions, gold) -> dict[str, dict[str, list[int]]]:
    """Per gold topic: lemma pair -> [coreferent, not] over mention pairs of one gold sub-topic
    (from different documents: the hard decisions)."""
    sub, topic = subtopic_of(gold), topic_of(gold)
    by_sub = defaultdict(list)
    for m in sorted(mentions, key=lambda x: x.mention_id):
        by_sub[sub[m.doc_id]].append(m)
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for s in sorted(by_sub):
        g = by_sub[s]
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                a, b = g[i], g[j]
                if a.doc_id == b.doc_id:
                    continue
                same = gold[a.mention_id]["cluster"] == gold[b.mention_id]["cluster"]
                counts[topic[a.doc_id]][coref.pair_key(a.lemma, b.lemma)][0 if same else 1] += 1
    return counts


def pair_table(counts, leave_out: str | None = None, min_topics: int = 2) -> dict[str, list[int]]:
    """Lemma pair -> [coreferent, not], summed over topics (but `leave_out`); only pairs seen in at
    least `min_topics` topics are kept (a pair from one story is that story's, not the language's)."""
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    seen: dict[str, int] = defaultdict(int)
    for t in sorted(counts):
        if t == leave_out:
            continue
        for k, (p, n) in counts[t].items():
            total[k][0] += p
            total[k][1] += n
            seen[k] += 1
    return {k: v for k, v in sorted(total.items()) if seen[k] >= min_topics}


def training_pairs(mentions, gold, counts=None, use_embeddings=False, within="block",
                   block_threshold=TRAIN_BLOCK, story_threshold=STORY, attach=1.0):
    """Features and labels of all mention pairs within each predicted document block (as at
    inference), or gold topic or sub-topic; the lemma-pair table for a pair of a topic is built
    from the other topics only."""
    full = coref.Context(mentions, {}, use_embeddings, story_threshold, attach)
    topic = topic_of(gold)
    group_of = (coref.document_blocks(full, block_threshold) if within == "block"
                else topic if within == "topic" else subtopic_of(gold))
    tables = {t: pair_table(counts, leave_out=t) if counts else {} for t in sorted(set(topic.values()))}
    by_topic = defaultdict(list)
    for m in sorted(mentions, key=lambda x: x.mention_id):
        by_topic[group_of[m.doc_id]].append(m)
    context = full
    X, y = [], []
    for t in sorted(by_topic, key=str):
        group = by_topic[t]
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                a, b = group[i], group[j]
                context.pair_table = tables[topic[a.doc_id]]
                X.append(coref.pair_features(a, b, context))
                y.append(int(gold[a.mention_id]["cluster"] == gold[b.mention_id]["cluster"]))
    return np.vstack(X), np.array(y)


def fit(X, y, c=C) -> tuple[np.ndarray, float]:
    mean, std = X.mean(0), X.std(0) + 1e-9
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit((X - mean) / std, y)
    w = clf.coef_[0] / std
    b = float(clf.intercept_[0] - (clf.coef_[0] * mean / std).sum())
    return w, b


def sweep(ev, mentions, gold, m: coref.Model, blocks_grid, thr_grid, blocks=None, attach_grid=(1.0,)):
    """CoNLL F1 for every (block threshold, attach threshold, threshold); probability matrices
    computed once a block (and cached across settings that give the same block)."""
    ordered = sorted(mentions, key=lambda x: x.mention_id)
    context = coref.Context(ordered, m.pair_table, m.use_embeddings, m.story_threshold, m.attach_threshold)
    results, cache = {}, {}
    for bt in blocks_grid:
        for at in attach_grid:
            doc_block = blocks if blocks is not None else coref.document_blocks(context, bt, at)
            by_block = defaultdict(list)
            for x in ordered:
                by_block[doc_block[x.doc_id]].append(x)
            mats = {}
            for k, g in by_block.items():
                ids = tuple(x.mention_id for x in g)
                if ids not in cache:
                    cache[ids] = coref.transitive_smooth(coref.probability_matrix(g, context, m), m.transitive)
                mats[k] = cache[ids]
            for t in thr_grid:
                resp = {}
                for k, g in by_block.items():
                    labels = coref.average_link(mats[k], t)
                    for x, lab in zip(g, labels, strict=True):
                        resp[x.mention_id] = g[lab].mention_id
                results[(bt, at, t)] = conll(ev, gold, resp)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("topics", type=Path)
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval" / "ecbplus.py")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--out-dir", type=Path, default=ROOT / "src" / "tidings" / "data")
    ap.add_argument("--drop", default="", help="comma-separated feature prefixes to leave out (ablation)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--no-embeddings", dest="embeddings", action="store_false",
                    help="leave out the WordLlama embedding features (ablation)")
    ap.add_argument("--story", type=float, default=STORY, help="story threshold (2: no stories, ablation)")
    ap.add_argument("--blocks", default="", help="comma-separated block thresholds to try (-1: one block)")
    ap.add_argument("--train-block", type=float, default=TRAIN_BLOCK, help="block threshold for training pairs")
    ap.add_argument("--transitive", type=float, default=TRANSITIVE)
    ap.add_argument("--attach", type=float, default=ATTACH,
                    help="stray documents join the nearest story/block above this cosine (1: never)")
    ap.add_argument("-C", type=float, default=C, help="inverse regularisation strength")
    a = ap.parse_args()
    t0 = time.time()
    ev = load_eval(a.eval)
    work = a.work or Path(tempfile.mkdtemp(prefix="coref-"))
    work.mkdir(parents=True, exist_ok=True)
    train_m, train_g = load_split(ev, a.topics, "train", work)
    dev_m, dev_g = load_split(ev, a.topics, "dev", work)
    drop = [p for p in a.drop.split(",") if p]
    print(f"parsed: {len(train_m)} train, {len(dev_m)} dev mentions ({time.time() - t0:.0f} s)")

    counts = pair_counts(train_m, train_g) if not any("pair".startswith(p) for p in drop) else None
    X, y = training_pairs(train_m, train_g, counts, a.embeddings, within="topic" if a.blocks == "-1" else "block",
                          block_threshold=a.train_block, story_threshold=a.story, attach=a.attach)
    keep = np.array([not any(f.startswith(p) for p in drop) for f in coref.FEATURES])
    w, b = fit(X[:, keep], y, a.C)
    weights = np.zeros(len(coref.FEATURES))
    weights[keep] = w
    print(f"pairs: {len(y)} ({y.sum()} positive) ({time.time() - t0:.0f} s)")
    table = pair_table(counts) if counts else {}
    m = coref.Model(coref.FEATURES, weights, b, 0.0, 0.5, table, a.embeddings, a.story, transitive=a.transitive,
                    attach_threshold=a.attach)

    grid = tuple(float(x) for x in a.blocks.split(",")) if a.blocks else BLOCK_GRID
    res = sweep(ev, dev_m, dev_g, m, grid, THRESHOLD_GRID, attach_grid=(a.attach, 1.0))
    (bt, at, t), best = max(res.items(), key=lambda kv: (kv[1]["conll_f1"], -abs(kv[0][2] - 0.5), -kv[0][1]))
    for (bt_, at_, t_), r in sorted(res.items()):
        if (t_ == t and at_ == at) or (bt_ == bt and t_ == t) or (bt_ == bt and at_ == at):
            print(f"  block {bt_:.3f} attach {at_:.3f} threshold {t_:.3f}: CoNLL {r['conll_f1']:.2f}")
    print(f"dev best: block {bt} attach {at} threshold {t}: {best}")
    gold_topic = sweep(ev, dev_m, dev_g, m, (None,), (t,),
                       blocks={k: v.split("_")[0] for k, v in ((g["file"][:-4], g["doc"]) for g in dev_g.values())})
    gold_sub = sweep(ev, dev_m, dev_g, m, (None,), (t,), blocks=subtopic_of(dev_g))
    train_res = sweep(ev, train_m, train_g, m, (bt,), (t,), attach_grid=(at,))[(bt, at, t)]
    print(f"train: {train_res}")
    print(f"dev with gold topics as blocks: {gold_topic[(None, 1.0, t)]}")
    print(f"dev with gold sub-topics as blocks: {gold_sub[(None, 1.0, t)]}")
    m = coref.Model(coref.FEATURES, weights, b, bt, t, table, a.embeddings, a.story, attach_threshold=at, manifest={
        "trained_on": "ECB+ train topics (gold mentions, pairs within predicted document blocks)",
        "tuned_on": "ECB+ dev topics 2 5 12 18 21 23 34 35",
        "train_pairs": int(len(y)), "train_positive_pairs": int(y.sum()), "C": a.C,
        "train_block": a.train_block,
        "dropped_features": drop,
        "dev": best, "train": train_res, "dev_gold_topic_blocks": gold_topic[(None, 1.0, t)],
        "dev_gold_subtopic_blocks": gold_sub[(None, 1.0, t)],
    }, transitive=a.transitive)
    if not a.no_write:
        a.out_dir.mkdir(parents=True, exist_ok=True)
        (a.out_dir / "coref.json").write_text(json.dumps(m.to_dict(), indent=1) + "\n")
        print(f"wrote {a.out_dir / 'coref.json'}")
    print(f"done in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
