#!/usr/bin/env python3
"""Ingest throughput against bare spaCy on the same texts, each in its own process.

    python bench/throughput.py DOCS_DIR [--manifest FILE] [--batch-size N]

Bare spaCy is `spacy.load(MODEL).pipe(texts)` over the files' texts; Tidings is a full
`ingest` (read, clean, parse, actors, events, store) into a fresh SQLite file. Both are timed
after the model is loaded, in separate processes so their peak memory is their own. The machines
are shared and noisy, so the figure to compare across runs is the ratio, measured in one run.
Last line: "ratio to bare spaCy: X".
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_spacy(docs: Path, batch_size: int) -> dict:
    import spacy

    from tidings.nlp import MODEL

    texts = [p.read_text(encoding="utf-8") for p in sorted(docs.glob("*.txt"))]
    nlp = spacy.load(MODEL)
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    return {"seconds": time.perf_counter() - start, "articles": len(texts), "tokens": words}


def run_tidings(docs: Path, manifest: Path | None, batch_size: int) -> dict:
    from tidings import nlp
    from tidings.kb import load_kb
    from tidings.run import ingest
    from tidings.sources import load_manifest
    from tidings.store import Store

    nlp.load(), load_kb()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        start = time.perf_counter()
        report = ingest([docs], store, load_manifest(manifest), batch_size=batch_size)
        seconds = time.perf_counter() - start
        counts = store.counts()
    return {"seconds": seconds, "articles": report.stored + report.already_stored, "events": report.events,
            "errors": len(report.errors), "entity_mentions": counts["entity_mentions"]}


def measure(mode: str, args: argparse.Namespace) -> dict:
    """Run one mode in a child process and return its figures."""
    cmd = [sys.executable, __file__, str(args.docs), "--child", mode, "--batch-size", str(args.batch_size)]
    if args.manifest:
        cmd += ["--manifest", str(args.manifest)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", type=Path)
    ap.add_argument("--manifest", type=Path)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--child", choices=["spacy", "tidings"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        result = run_spacy(args.docs, args.batch_size) if args.child == "spacy" else \
            run_tidings(args.docs, args.manifest, args.batch_size)
        print(json.dumps({**result, "peak_rss_mb": peak_rss_mb()}))
        return
    bare, ours = measure("spacy", args), measure("tidings", args)
    print(f"{'':10} {'articles':>8} {'seconds':>8} {'articles/s':>10} {'peak MB':>8}")
    for name, r in (("spaCy", bare), ("Tidings", ours)):
        print(f"{name:10} {r['articles']:8d} {r['seconds']:8.1f} {r['articles'] / r['seconds']:10.1f} {r['peak_rss_mb']:8.0f}")
    print(f"Tidings: {ours['events']} event mentions, {ours['entity_mentions']} entity mentions, {ours['errors']} errors")
    ratio = (ours["articles"] / ours["seconds"]) / (bare["articles"] / bare["seconds"])
    print(f"ratio to bare spaCy: {ratio:.2f}")


if __name__ == "__main__":
    main()
