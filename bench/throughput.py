#!/usr/bin/env python3
"""Ingest throughput against bare spaCy on the same texts with the same number of processes.

    python bench/throughput.py [--workers 2] [--synthetic 5000] [--shared ../shared] [--work DIR]

Corpora (bench/corpus.py): the ECB+ train documents, and a synthetic corpus of `--synthetic`
articles recombined from them. On each, bare spaCy is `spacy.load(MODEL).pipe(texts,
n_process=WORKERS)` over the files' texts, and Tidings is a full `ingest --workers WORKERS`
(read, clean, de-duplicate, parse, actors, events, store, link) into a fresh SQLite file; both
timed after the model is loaded, each in its own process. Peak memory is the largest sum, over
the process and its workers, of memory sampled from /proc every 0.1 s: RSS counts the pages
workers share with their parent once per process (so it errs high), PSS splits them. Then
bench/linking.py gives linking time by corpus size.
The CPU time of the calling process (storing and linking, one at a time) and of the workers
(parsing and the per-article stages) shows which side bounds the run.
The machines are shared and noisy, so the figure to compare across runs is the ratio, measured in
one run: each corpus is timed `--repeat` times, bare spaCy and Tidings in turn, and the pair with
the median ratio is shown (the others' ratios beside it). Last line: "ratio to bare spaCy: X", the
lower of the two corpora's median ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import prepare_ecbplus, synthesise  # noqa: E402


def texts_of(docs: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(docs.glob("*.txt"))]


def run_spacy(docs: Path, workers: int, batch_size: int) -> dict:
    import spacy

    from tidings.nlp import MODEL

    texts = texts_of(docs)
    nlp = spacy.load(MODEL)
    start = time.perf_counter()
    parsed = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers))
    return {"seconds": time.perf_counter() - start, "articles": parsed}


def run_tidings(docs: Path, manifest: Path, workers: int, batch_size: int) -> dict:
    from tidings.run import ingest, load_models
    from tidings.sources import load_manifest
    from tidings.store import Store

    load_models()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        before = _cpu_seconds()
        start = time.perf_counter()
        report = ingest([docs], store, load_manifest(manifest), batch_size=batch_size, workers=workers)
        seconds = time.perf_counter() - start
        calling, workers_cpu = (after - first for after, first in zip(_cpu_seconds(), before, strict=True))
        counts = store.counts()
    return {"seconds": seconds, "articles": report.stored + report.already_stored, "events": report.events,
            "errors": len(report.errors), "duplicates": report.duplicates, "entity_mentions": counts["entity_mentions"],
            "linked_events": counts["events"], "calling_cpu": calling, "workers_cpu": workers_cpu}


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process (reading, cleaning, storing, linking) and of its ended children
    (the workers: parsing and the per-article stages), user and system together."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _children(pid: int) -> list[int]:
    """`pid` and all its descendants, from /proc."""
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parent_of[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [p for p, parent in parent_of.items() if parent in frontier]
        tree += frontier
    return tree


def _memory_mb(pids: list[int]) -> tuple[float, float]:
    """Resident (RSS, shared pages counted in every process) and proportional (PSS, shared pages
    split between the processes sharing them: the tree's real footprint) memory of the processes."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith(("Rss:", "Pss:")):
                        kb = int(line.split()[1])
                        rss, pss = (rss + kb, pss) if line.startswith("Rss:") else (rss, pss + kb)
        except (OSError, IndexError, ValueError):
            continue
    return rss / 1024, pss / 1024


def measure(mode: str, docs: Path, manifest: Path, workers: int, batch_size: int) -> dict:
    """Run one mode in a child process, sampling the memory of its process tree; its figures."""
    cmd = [sys.executable, __file__, "--child", mode, "--docs", str(docs), "--manifest", str(manifest),
           "--workers", str(workers), "--batch-size", str(batch_size)]
    peak_rss = peak_pss = 0.0
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        while child.poll() is None:
            rss, pss = _memory_mb(_children(child.pid))
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.1)
        out, err = child.communicate()
    if child.returncode:
        sys.exit(f"bench: the {mode} run failed:\n{err[-2000:]}")
    return {**json.loads(out.splitlines()[-1]), "peak_rss_mb": peak_rss, "peak_pss_mb": peak_pss}


def linking(sizes: list[int]) -> None:
    """Linking cost by corpus size, into SQLite as ingest links (bench/linking.py)."""
    print("\nlinking into SQLite by corpus size (bench/linking.py --store sqlite):", flush=True)
    subprocess.run([sys.executable, str(HERE / "linking.py"), "--store", "sqlite", "--sizes", *map(str, sizes)],
                   check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--synthetic", type=int, default=5000, help="articles in the synthetic corpus (0: none)")
    ap.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tidings-bench",
                    help="where the corpora are built (kept for the next run)")
    ap.add_argument("--link-sizes", type=int, nargs="*", default=[5000, 20000])
    ap.add_argument("--repeat", type=int, default=3, help="pairs of runs per corpus; the median ratio counts")
    ap.add_argument("--child", choices=["spacy", "tidings"], help=argparse.SUPPRESS)
    ap.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        result = run_spacy(args.docs, args.workers, args.batch_size) if args.child == "spacy" else \
            run_tidings(args.docs, args.manifest, args.workers, args.batch_size)
        print(json.dumps(result))
        return

    ecb = prepare_ecbplus(args.shared.resolve(), args.work / "ecbplus")
    corpora = {"ECB+ train": ecb}
    if args.synthetic:
        corpora[f"synthetic {args.synthetic}"] = synthesise(ecb, args.work / "synthetic", args.synthetic)
    print(f"{args.workers} worker(s), batch size {args.batch_size}, {os.cpu_count()} CPUs")
    header = (f"{'corpus':16} {'run':8} {'articles':>8} {'seconds':>8} {'articles/s':>10} {'words/s':>8} "
              f"{'RSS MB':>7} {'PSS MB':>7} {'ratio':>6}")
    print(header, flush=True)
    ratios = []
    for name, folder in corpora.items():
        docs, manifest = folder / "docs", folder / "manifest.jsonl"
        words = sum(len(t.split()) for t in texts_of(docs))
        runs = []
        for _ in range(max(1, args.repeat)):
            bare = measure("spacy", docs, manifest, args.workers, args.batch_size)
            ours = measure("tidings", docs, manifest, args.workers, args.batch_size)
            runs.append(((ours["articles"] / ours["seconds"]) / (bare["articles"] / bare["seconds"]), bare, ours))
        runs.sort(key=lambda run: run[0])
        ratio, bare, ours = runs[len(runs) // 2]
        ratios.append(ratio)
        for run, r in (("spaCy", bare), ("Tidings", ours)):
            print(f"{name:16} {run:8} {r['articles']:8d} {r['seconds']:8.1f} {r['articles'] / r['seconds']:10.1f} "
                  f"{words / r['seconds']:8.0f} {r['peak_rss_mb']:7.0f} {r['peak_pss_mb']:7.0f} "
                  f"{ratio if run == 'Tidings' else 1:6.2f}", flush=True)
        print(f"{'':16} Tidings: {ours['events']} event mentions in {ours['linked_events']} events, "
              f"{ours['entity_mentions']} entity mentions, {ours['duplicates']} duplicates, {ours['errors']} errors",
              flush=True)
        print(f"{'':16} Tidings CPU: {ours['calling_cpu']:.1f} s storing and linking in the calling process, "
              f"{ours['workers_cpu']:.1f} s analysing in the workers", flush=True)
        if len(runs) > 1:
            print(f"{'':16} ratios of the {len(runs)} pairs of runs: {', '.join(f'{r:.2f}' for r, _, _ in runs)} "
                  "(the median pair shown)", flush=True)
    if args.link_sizes:
        linking(args.link_sizes)
    print(f"ratio to bare spaCy: {min(ratios):.2f}")


if __name__ == "__main__":
    main()
