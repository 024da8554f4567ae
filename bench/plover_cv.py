#!/usr/bin/env python3
"""End-to-end cross-validation of the PLOVER typing benchmark: the whole pipeline, held-out typer.

    python bench/plover_cv.py PLV_TSV --out DIR [--folds 5] [--plover PLOVER_PY] [--select shipped|nested]
                              [--no-in-sample]

The typer is trained on PLV_train, so `plover.py score` on PLV_train is an in-sample figure. Here
every document is typed by a model that never saw it:

1. `plover.py prepare` writes one document per sentence into DIR/prepared (its own file names).
2. Documents go to folds by `train_typer.splits`, stratified by label and grouped by sentence, so
   duplicate sentences never straddle folds (with 5 folds these are the folds of the typer's own CV).
3. Per fold, `train_typer.train_examples` trains on the other folds' rows into DIR/fold<k>/model;
   with `typer.use_model` in force, `tidings.run.ingest` puts the held-out documents into a fresh
   SQLite file and `export_jsonl` writes DIR/fold<k>/export.
4. The fold exports are merged into DIR/merged (actors de-duplicated by id, their aliases joined as
   one database would join them) and scored once by `plover.py score`.

`--select shipped` (default) trains each fold's model with the C and class weight of the shipped
model, which chose them by CV on all of PLV_train: one fit per fold, about two minutes in all on two
cores, and a hair optimistic. `--select nested` chooses them inside each fold by the training
script's own grid and inner CV (40 fits a fold, about 5x slower): the strictly honest figure.
Unless `--no-in-sample`, the shipped model is also run over all documents in one database and
scored, for comparison.
Last line: "cv macro_f1: X".
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import train_typer  # noqa: E402  (scripts/train_typer.py: training needs scikit-learn)

from tidings.events import typer  # noqa: E402
from tidings.export import export_jsonl  # noqa: E402
from tidings.run import ingest  # noqa: E402
from tidings.sources import load_manifest  # noqa: E402
from tidings.store import Store  # noqa: E402

DEFAULT_PLOVER = ROOT.parent / "shared" / "eval" / "plover.py"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records), "utf-8")


def run_pipeline(files: list[Path], manifest: Path, out: Path) -> dict:
    """Ingest `files` into a fresh SQLite file under `out` with the typer now in force; export jsonl."""
    out.mkdir(parents=True, exist_ok=True)
    db = out / "tidings.db"
    db.unlink(missing_ok=True)
    store = Store.open(db)
    try:
        report = ingest(files, store, load_manifest(manifest))
        export_jsonl(store, out / "export")
    finally:
        store.close()
    return {"stored": report.stored, "events": report.events, "errors": len(report.errors),
            "duplicates": report.duplicates}


def merge(exports: list[Path], out: Path) -> None:
    """One export from several: articles and events concatenated, actors de-duplicated by id."""
    out.mkdir(parents=True, exist_ok=True)
    articles: list[dict] = []
    events: list[dict] = []
    actors: dict[str, dict] = {}
    for d in exports:
        articles += read_jsonl(d / "articles.jsonl")
        events += read_jsonl(d / "events.jsonl")
        for a in read_jsonl(d / "actors.jsonl"):
            known = actors.setdefault(a["actor_id"], a)
            if known is not a:
                known["aliases"] = sorted(set(known.get("aliases") or []) | set(a.get("aliases") or []))
    for name, records, key in (("articles", articles, "article_id"), ("events", events, "event_id")):
        ids = [r[key] for r in records]
        if len(ids) != len(set(ids)):
            raise SystemExit(f"{name}: the same {key} in two folds; cannot merge")
    write_jsonl(out / "articles.jsonl", articles)
    write_jsonl(out / "actors.jsonl", sorted(actors.values(), key=lambda a: a["actor_id"]))
    write_jsonl(out / "events.jsonl", events)


def score(plover: Path, prepared: Path, export: Path) -> tuple[str, float]:
    out = subprocess.run([sys.executable, str(plover), "score", "--prepared", str(prepared), "--export", str(export)],
                         check=True, capture_output=True, text=True).stdout
    macro_f1 = re.search(r"^macro_f1: ([0-9.]+)\s*$", out, re.M)
    assert macro_f1 is not None, f"no macro_f1 line in the output of {plover} score"
    return out, float(macro_f1.group(1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv", type=Path, help="PLV tsv (e.g. ../shared/data/plover/PLV_train.tsv)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--plover", type=Path, default=DEFAULT_PLOVER, help="the benchmark's plover.py")
    ap.add_argument("--select", choices=["shipped", "nested"], default="shipped",
                    help="hyper-parameters: chosen inside each fold, or the shipped model's")
    ap.add_argument("--no-in-sample", action="store_true", help="skip the in-sample run with the shipped model")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    started = time.time()
    out, prepared = a.out, a.out / "prepared"

    subprocess.run([sys.executable, str(a.plover), "prepare", "--tsv", str(a.tsv), "--out", str(prepared)], check=True)
    rows = train_typer.read_rows(a.tsv)
    files = [g["file"] for g in read_jsonl(prepared / "gold.jsonl")]  # one per row, in row order
    if len(files) != len(rows):
        raise SystemExit(f"{len(rows)} rows but {len(files)} gold pairs")
    manifest, docs = prepared / "manifest.jsonl", prepared / "docs"

    feats, labels, groups, _ = train_typer.examples(rows)  # parsed once; folds take subsets
    print(f"{len(rows)} rows, {len(set(files))} documents; features in {time.time() - started:.0f} s", flush=True)

    shipped = typer.model().manifest
    fixed = (shipped["C"], shipped["class_weight"]) if a.select == "shipped" else None
    fold_of: dict[str, int] = {}
    exports = []
    for k, (train, test) in enumerate(train_typer.splits(labels, groups, a.folds)):
        t0 = time.time()
        held_out = sorted({files[i] for i in test})
        for f in held_out:
            if fold_of.setdefault(f, k) != k:
                raise SystemExit(f"{f} is in folds {fold_of[f]} and {k}")
        fold = out / f"fold{k}"
        fold.mkdir(parents=True, exist_ok=True)
        with open(fold / "train.log", "w", encoding="utf-8") as log:
            metrics = train_typer.train_examples(
                [feats[i] for i in train], [labels[i] for i in train], [groups[i] for i in train], Counter(),
                fold / "model", trained_on=f"{a.tsv.name} without fold {k} of {a.folds}",
                log=lambda line: print(line, file=log), fixed=fixed)
        t1 = time.time()
        with typer.use_model(fold / "model") as m:
            report = run_pipeline([docs / f for f in held_out], manifest, fold)
        exports.append(fold / "export")
        inner = f", inner CV macro-F1 {100 * metrics['cv']['macro_f1']:.1f}" if metrics["cv"] else ""
        print(f"fold {k}: trained on {len(train)} rows (C={m.manifest['C']}, class_weight={m.manifest['class_weight']}"
              f"{inner}) in {t1 - t0:.0f} s; "
              f"ingested {len(held_out)} held-out documents ({report['events']} event mentions, "
              f"{report['errors']} errors) in {time.time() - t1:.0f} s", flush=True)
    assert len(fold_of) == len(set(files))

    in_sample = None
    if not a.no_in_sample:
        t0 = time.time()
        report = run_pipeline(sorted(docs / f for f in set(files)), manifest, out / "in_sample")
        text, in_sample = score(a.plover, prepared, out / "in_sample" / "export")
        print(f"\n== in-sample: shipped model (trained on all of {a.tsv.name}), all documents in one database "
              f"({report['events']} event mentions, {time.time() - t0:.0f} s)\n{text}", flush=True)

    merge(exports, out / "merged")
    text, cv = score(a.plover, prepared, out / "merged")
    print(f"\n== {a.folds}-fold cross-validation, whole pipeline, held-out typer (--select {a.select})\n{text}")
    if in_sample is not None:
        print(f"in-sample macro_f1: {in_sample:.1f}")
    print(f"wall time: {time.time() - started:.0f} s")
    print(f"cv macro_f1: {cv:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
