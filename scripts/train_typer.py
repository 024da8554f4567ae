#!/usr/bin/env python3
"""Train the event typer on PLV_train.tsv; cross-validate it; ship the weights.

    train_typer.py PLV_TRAIN_TSV [--out-dir src/tidings/data]

From Python (held-out evaluation trains on a subset of the rows): `train(rows, out_dir)`, or
`examples(rows)` once and `train_examples(...)` on subsets of them; `splits` gives the grouped folds.

Writes `typer.npz` (weights, bias), `typer.json` (classes, feature names, manifest) and
`typer.metrics.json` (5-fold cross-validation, grouped by sentence so that duplicate sentences never
sit on both sides). Needs scikit-learn (training only; the package's runtime does not import it).

PLV gives the sentence, the source and target spans and the gold PLOVER root, but no trigger. The
trigger is found in the parse (`find_trigger`): walking up the dependency tree from the target's
head towards the lowest common ancestor of source and target, the first lexicon trigger (a verb,
phrase or eventive noun of `triggers.json`); failing that the first verb on that path, the common
ancestor itself, the first lexicon trigger above the source, and last the sentence root.
The shipped weights hold feature names (lemmas, dependency labels) and numbers, no sentences:
PLV states no licence and must not be redistributed.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold

from tidings import nlp
from tidings.events import typer

FOLDS = 5
SEED = 13
MIN_FEATURE_COUNT = 2  # a feature seen in one training sentence only is noise, and could identify it
GRID_C = (0.1, 0.3, 1.0, 3.0)
GRID_WEIGHT = ("balanced", None)
TRAINED_ON = "PLV_train.tsv (snowood1/Zero-Shot-PLOVER @d2d0b0ad; no licence stated: weights only, no sentences)"


# ---------------------------------------------------------------- data

def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(open(path, newline="", encoding="utf-8"), delimiter="\t"))


def marked_spans(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """Plain text and the character spans of `<s>…</s>` and `<t>…</t>` in it."""
    text: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    opened: dict[str, int] = {}
    pos = 0
    for piece in re.split(r"(</?[st]>)", marked):
        m = re.fullmatch(r"<(/?)([st])>", piece)
        if m:
            if m.group(1):
                spans[m.group(2)] = (opened.pop(m.group(2)), pos)
            else:
                opened[m.group(2)] = pos
        else:
            text.append(piece)
            pos += len(piece)
    return "".join(text), spans


def span_root(doc, start: int, end: int):
    """The token of a character span whose head lies outside it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, set()
    return span.root, {t.i for t in span}


def ancestors(token) -> list:
    chain = []
    while token.head.i != token.i:  # spaCy makes a new Token object per access: compare indices
        token = token.head
        chain.append(token)
    return chain


def find_trigger(doc, source: tuple[int, int] | None, target: tuple[int, int] | None):
    """The event trigger linking source and target (see the module docstring); and which rule found it."""
    s_root, s_ids = span_root(doc, *source) if source else (None, set())
    t_root, t_ids = span_root(doc, *target) if target else (None, set())
    inside = s_ids | t_ids
    if t_root is None:
        return doc[0].sent.root, "root"
    s_chain = {a.i for a in [s_root] + ancestors(s_root)} if s_root is not None else set()
    lca = next((a for a in [t_root] + ancestors(t_root) if a.i in s_chain), None)
    path = []
    for a in ancestors(t_root):
        if a.i not in inside:
            path.append(a)
        if lca is not None and a.i == lca.i:
            break
    for tok in path:
        if typer.is_trigger(tok):
            return tok, "target-path trigger"
    for tok in path:
        if tok.pos_ == "VERB":
            return tok, "target-path verb"
    if lca is not None and lca.i not in inside and lca.pos_ in ("VERB", "NOUN"):
        return lca, "common ancestor"
    for tok in ancestors(s_root) if s_root is not None else []:
        if tok.i not in inside and typer.is_trigger(tok):
            return tok, "source-path trigger"
    return t_root.sent.root, "root"


def examples(rows: list[dict[str, str]]) -> tuple[list[dict[str, float]], list[str], list[str], Counter]:
    """Feature dicts, gold labels, sentence groups, and how often each trigger rule fired."""
    texts, spans = zip(*(marked_spans(r["marked_sentence"]) for r in rows), strict=True)
    feats: list[dict[str, float]] = []
    labels: list[str] = []
    groups: list[str] = []
    rules: Counter[str] = Counter()
    for row, doc, span in zip(rows, nlp.parse(texts), spans, strict=True):
        trigger, rule = find_trigger(doc, span.get("s"), span.get("t"))
        rules[rule] += 1
        feats.append(typer.features(trigger))
        labels.append(row["gold_root"])
        groups.append(row["sentence"])
    return feats, labels, groups, rules


# ---------------------------------------------------------------- model

def frequent_features(feats: list[dict[str, float]]) -> set[str]:
    counts = Counter(name for f in feats for name in f)
    return {name for name, n in counts.items() if n >= MIN_FEATURE_COUNT}


def fit(feats, labels, c: float, weight):
    keep = frequent_features(feats)
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([{k: v for k, v in f.items() if k in keep} for f in feats])
    clf = LogisticRegression(C=c, class_weight=weight, max_iter=5000)
    clf.fit(x, labels)
    return vec, clf


def splits(labels, groups, folds: int = FOLDS):
    """(train indices, test indices) of each fold, stratified by label and grouped by sentence."""
    return StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED).split(labels, labels, groups)


def cross_validate(feats, labels, groups, c: float, weight) -> list[str]:
    """Out-of-fold predictions, one per example."""
    predicted = [""] * len(labels)
    for train, test in splits(labels, groups):
        vec, clf = fit([feats[i] for i in train], [labels[i] for i in train], c, weight)
        out = clf.predict(vec.transform([feats[i] for i in test]))
        for i, p in zip(test, out, strict=True):
            predicted[i] = p
    return predicted


def per_class(labels, predicted) -> dict[str, dict[str, float]]:
    classes = sorted(set(labels))
    p, r, f, n = precision_recall_fscore_support(labels, predicted, labels=classes, zero_division=0)
    return {c: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4), "support": int(n[i])} for i, c in enumerate(classes)}


def export(vec, clf, out_dir: Path, manifest: dict) -> None:
    names = vec.get_feature_names_out().tolist()
    weights = clf.coef_.T.astype(np.float32)  # features x classes
    np.savez_compressed(out_dir / "typer.npz", weights=weights, bias=clf.intercept_.astype(np.float32))
    meta = {"manifest": manifest, "classes": clf.classes_.tolist(), "features": names}
    (out_dir / "typer.json").write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")


def train(rows: list[dict[str, str]], out_dir: Path, trained_on: str = TRAINED_ON, log=print) -> dict:
    """Train on `rows` (PLV rows as `read_rows` gives them) and write the model files to `out_dir`."""
    started = time.time()
    feats, labels, groups, rules = examples(rows)
    log(f"{len(labels)} examples, {len(set(groups))} sentences; trigger rules: {dict(rules)}")
    return train_examples(feats, labels, groups, rules, out_dir, trained_on, log, started)


def train_examples(feats, labels, groups, rules, out_dir: Path, trained_on: str = TRAINED_ON, log=print,
                   started: float | None = None, fixed: tuple[float, str | None] | None = None) -> dict:
    """Choose C and class weight by grouped cross-validation on these examples (what `examples`
    returns, or a subset of it), fit on all of them and write typer.npz, typer.json and
    typer.metrics.json to `out_dir`; returns the metrics. `fixed=(C, class_weight)` skips the
    choice and its cross-validation (the metrics then hold `"cv": null`)."""
    started = time.time() if started is None else started
    if fixed is not None:
        c, weight = fixed
        return write_model(feats, labels, groups, rules, out_dir, trained_on, log, started, c, weight, None)
    grid = {}
    for weight in GRID_WEIGHT:
        for c in GRID_C:
            predicted = cross_validate(feats, labels, groups, c, weight)
            grid[(c, weight)] = (f1_score(labels, predicted, average="macro"), predicted)
            log(f"  C={c:<5} class_weight={weight!s:9} CV macro-F1 {100 * grid[(c, weight)][0]:.1f}")
    (c, weight), (macro, predicted) = max(grid.items(), key=lambda kv: kv[1][0])
    classes = per_class(labels, predicted)
    accuracy = float(np.mean([p == g for p, g in zip(predicted, labels, strict=True)]))
    log(f"chosen C={c} class_weight={weight}: {FOLDS}-fold CV macro-F1 {100 * macro:.1f}, "
        f"accuracy {100 * accuracy:.1f}")
    log(f"{'class':10} {'P':>5} {'R':>5} {'F1':>5}    n")
    for name, m in classes.items():
        log(f"{name:10} {100 * m['precision']:5.1f} {100 * m['recall']:5.1f} {100 * m['f1']:5.1f}  {m['support']:3}")
    cv = {"folds": FOLDS, "grouped_by": "sentence", "seed": SEED, "macro_f1": round(macro, 4),
          "accuracy": round(accuracy, 4), "per_class": classes,
          "grid": [{"C": k[0], "class_weight": k[1], "macro_f1": round(v[0], 4)} for k, v in grid.items()],
          "note": "C and class_weight chosen by this same CV (no nested CV): a slightly optimistic figure"}
    return write_model(feats, labels, groups, rules, out_dir, trained_on, log, started, c, weight, cv)


def write_model(feats, labels, groups, rules, out_dir: Path, trained_on: str, log, started: float,
                c: float, weight, cv: dict | None) -> dict:
    """Fit on all the examples with C and class weight; write the model files and the metrics."""
    vec, clf = fit(feats, labels, c, weight)
    metrics = {
        "cv": cv,
        "trigger_rules": dict(rules),
        "examples": len(labels), "sentences": len(set(groups)),
    }
    manifest = {
        "what": ("multinomial logistic regression, trigger token in parsed sentence -> PLOVER type "
                 "(YIELD = CONCEDE or RETREAT)"),
        "built_by": "scripts/train_typer.py", "trained_on": trained_on,
        "lexicon": "triggers.json", "C": c, "class_weight": weight, "features": len(vec.feature_names_),
        "min_feature_count": MIN_FEATURE_COUNT, "cv_macro_f1": cv["macro_f1"] if cv else None,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    export(vec, clf, out_dir, manifest)
    (out_dir / "typer.metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", "utf-8")
    log(f"wrote {out_dir}/typer.npz, typer.json, typer.metrics.json ({len(vec.feature_names_)} features) "
        f"in {time.time() - started:.0f} s")
    return metrics


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv", type=Path)
    ap.add_argument("--out-dir", type=Path, default=Path(__file__).resolve().parent.parent / "src/tidings/data")
    a = ap.parse_args(argv)
    train(read_rows(a.tsv), a.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
