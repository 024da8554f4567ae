#!/usr/bin/env python3
"""A random sample of event mentions for a hand check: is each a real event of its type, with the
right actors, date and place?

    python bench/hand_check.py [--build build] [--n 100] [--seed 13] > build/hand_check.md

Draws from the ECB+ dev and GVC dev exports that `make eval` leaves in build/eval/ (linked mentions,
so above the default confidence threshold), half from each, and prints one numbered block per
mention: its sentence with the trigger marked, the event's type, actors (names), date (with basis)
and place (with basis), for a person to judge. The judgments go in the closing note, not here.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

from tidings.link.coref import sentence_bounds


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sample(export: Path, n: int, rng: random.Random) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, str],
                                                                   dict[str, Any]]]:
    names = {a["actor_id"]: a["name"] for a in read_jsonl(export / "actors.jsonl")}
    articles = {a["article_id"]: a for a in read_jsonl(export / "articles.jsonl")}
    found = [(e, m) for e in read_jsonl(export / "events.jsonl") for m in e["mentions"]]
    return [(e, m, names, articles.get(m["article_id"], {})) for e, m in rng.sample(found, min(n, len(found)))]


def _offset_in_sentence(text: str, sentence: str, start: int | None) -> int | None:
    """Where the mention starts in its sentence, from its offset in the article's text: of two
    "shot" in one sentence, the one the mention is. None where the sentence is not found around it."""
    if start is None:
        return None
    bounds = sentence_bounds(text, sentence, start)
    return None if bounds is None else start - bounds[0]


def describe(k: int, corpus: str, e: dict[str, Any], m: dict[str, Any], names: dict[str, str],
             article: dict[str, Any]) -> str:
    sentence = m["sentence"]
    at = _offset_in_sentence(article.get("text") or "", sentence, m.get("start"))
    if at is None:  # the first whole word: "shot", not the "shot" of "shotgun"
        whole = re.search(rf"(?<!\w){re.escape(m['text'])}(?!\w)", sentence)
        at = whole.start() if whole else sentence.find(m["text"])
    marked = sentence if at < 0 else f"{sentence[:at]}[[{m['text']}]]{sentence[at + len(m['text']):]}"
    who = ", ".join(names.get(a, a) for a in m.get("source_actors") or []) or "–"
    whom = ", ".join(names.get(a, a) for a in m.get("target_actors") or []) or "–"
    date = m.get("date")
    when = f"{date['start']}..{date['end']} ({date['basis']})" if date else "–"
    place = m.get("location")
    where = f"{place['name']} ({place.get('precision')}, {place.get('basis')})" if place else "–"
    kind = e["type"] + (f"/{e['subtype']}" if e.get("subtype") else "")
    source = f"article {m['article_id']}, published {article.get('published') or '–'}"
    return (f"{k}. [{corpus}, {source}] {marked}\n   type {kind}, status {m['status']}, "
            f"confidence {m.get('confidence')}; who {who}; whom {whom}; when {when}; where {where}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=Path, default=Path(__file__).resolve().parent.parent / "build")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    picks = [("ECB+ dev", *x) for x in sample(a.build / "eval" / "ecb" / "pipeline" / "export", a.n // 2, rng)]
    picks += [("GVC dev", *x) for x in sample(a.build / "eval" / "gvc" / "pipeline" / "export", a.n - len(picks), rng)]
    for k, (corpus, e, m, names, article) in enumerate(picks, 1):
        sys.stdout.write(describe(k, corpus, e, m, names, article))
    return 0


if __name__ == "__main__":
    sys.exit(main())
