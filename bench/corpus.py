#!/usr/bin/env python3
"""Benchmark corpora: the ECB+ train documents, and a larger synthetic corpus recombined from them.

    python bench/corpus.py OUT [--shared ../shared] [--synthetic 5000]

Writes OUT/ecbplus/{docs,manifest.jsonl} (via ../shared/eval/ecbplus.py prepare) and
OUT/synthetic/{docs,manifest.jsonl}: articles of a headline and 5–15 paragraphs drawn from the
documents of ECB+ (real news prose, so parsing costs what it costs on news), with new file names
and publication dates spread over 2008–2020. The same seed gives the same corpus, byte for byte.
Needs ../shared (the ECB+ topics and the prepare script); says so when it is missing.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

SOURCES = ["Wire", "Daily Ledger", "Evening Post", "Courier", "Tribune", "Herald"]


def prepare_ecbplus(shared: Path, out: Path) -> Path:
    """The ECB+ train documents as text files with a manifest, as the coreference benchmark reads them."""
    script, topics = shared / "eval" / "ecbplus.py", shared / "data" / "ecbplus" / "topics"
    if not script.exists() or not topics.is_dir():
        sys.exit(f"bench needs {shared} (eval/ecbplus.py and data/ecbplus/topics) for its corpora; "
                 "pass --shared DIR or SHARED=DIR to make")
    if not (out / "manifest.jsonl").exists():
        subprocess.run([sys.executable, str(script), "prepare", "--topics", str(topics), "--split", "train",
                        "--out", str(out)], check=True, capture_output=True)
    return out


def synthesise(source: Path, out: Path, count: int, seed: int = 20151120) -> Path:
    """`count` articles recombined from the paragraphs of the documents in `source`."""
    if (out / "manifest.jsonl").exists() and len(list((out / "docs").glob("*.txt"))) == count:
        return out
    rng = random.Random(seed)
    docs = [p.read_text(encoding="utf-8").splitlines() for p in sorted((source / "docs").glob("*.txt"))]
    paragraphs = [line for lines in docs for line in lines if len(line.split()) >= 8]
    shutil.rmtree(out / "docs", ignore_errors=True)  # a bigger corpus left here would be read with this one
    (out / "docs").mkdir(parents=True, exist_ok=True)
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for i in range(count):
            title = rng.choice(docs)[0]
            body = [rng.choice(paragraphs) for _ in range(rng.randint(5, 15))]
            name = f"synthetic_{i:05d}.txt"
            (out / "docs" / name).write_text("\n\n".join([title, *body]) + "\n", encoding="utf-8")
            published = date(2008, 1, 1) + timedelta(days=rng.randrange(13 * 365))
            manifest.write(json.dumps({"file": name, "published": published.isoformat(),
                                       "source": rng.choice(SOURCES), "language": "en"}) + "\n")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--synthetic", type=int, default=5000)
    args = ap.parse_args()
    ecb = prepare_ecbplus(args.shared, args.out / "ecbplus")
    synthesise(ecb, args.out / "synthetic", args.synthetic)
    print(args.out)


if __name__ == "__main__":
    main()
