#!/usr/bin/env python3
"""Type accuracy on judged training mentions: the hand check's type question, asked of 1,600
mentions of the training corpora whose answers are already known, in two minutes.

    python bench/type_checks.py [--shared ../shared] [--labels data/labels/type_checks.tsv] [--list N]

data/labels/type_checks.tsv (see data/labels/README.md) holds judgments of event mentions that
`tidings ingest` extracted from the ECB+ train topics and the GVC train articles: right (R), not an
event (N), or a real event of another type (T, with the right type). Each names its mention by
document, a hash of its sentence, the trigger word and which occurrence of it in the sentence.
The documents are analysed again as ingest analyses them, and each judgment is carried to what the
mention is now:

- N: right when the mention is no longer shown (gone, or under `link.LINK_THRESHOLD`), else wrong;
- R: right when shown with the type it was judged with; a type it has changed to is counted
  apart (`changed`: the annotator did not judge it);
- T: right when shown with the type the annotator gave (for OTHER, any subtype);
- R and T mentions no longer shown are real events missed.

Weighted by how common the mention's word and type were in the ingest they were drawn from (the
draw favoured rare ones, so that the long tail is seen), the figures stand for mentions as they
come. These are training corpora: rules and models may be tuned on them; the hand check on the
dev corpora stays the figure that counts. Last line: "type accuracy: X".
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from corpora import Document, ecbplus_split, gvc_split  # noqa: E402

from tidings import nlp  # noqa: E402
from tidings.link import LINK_THRESHOLD  # noqa: E402
from tidings.model import Article, EventMention  # noqa: E402
from tidings.run import analyse  # noqa: E402

LABELS = ROOT / "data" / "labels" / "type_checks.tsv"


def sentence_key(sentence: str) -> str:
    """A mention's sentence, by hash: whitespace-insensitive, so the labels carry no text."""
    return hashlib.sha1(" ".join(sentence.split()).encode("utf-8")).hexdigest()[:12]


def occurrence(sentence: str, word: str, at: int) -> int:
    """Which occurrence (0 = first) of `word`, as a whole word, starts at `at` in `sentence`."""
    return sum(1 for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", sentence) if m.start() < at)


def mention_key(text: str, m: EventMention) -> tuple[str, str, int] | None:
    """(sentence hash, trigger, occurrence) of a mention in its article's text."""
    at = text.rfind(m.sentence, 0, m.start + len(m.sentence))
    if not (0 <= at <= m.start < at + len(m.sentence)):
        return None
    return sentence_key(m.sentence), m.text, occurrence(m.sentence, m.text, m.start - at)


def kind(m: EventMention) -> str:
    return f"{m.type}/{m.subtype}" if m.type == "OTHER" and m.subtype else m.type


def read_labels(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def documents(shared: Path) -> dict[tuple[str, str], Document]:
    data = shared / "data"
    found = {("ecb_train", d.file): d for d in ecbplus_split(data / "ecbplus" / "topics", "train", shared)}
    found.update({("gvc_train", d.file): d for d in gvc_split(data / "gvc", "train")})
    return found


def outcome(row: dict[str, str], shown: EventMention | None) -> str:
    """right, wrong, changed (judged right under a type it no longer has) or missed (a real event not shown)."""
    if row["verdict"] == "N":
        return "wrong" if shown is not None else "right"
    if shown is None:
        return "missed"
    now = kind(shown)
    if row["verdict"] == "R":
        return "right" if now == row["given"] else "changed"
    right = row["right"]
    same = now == right or (now.split("/")[0] == "OTHER" and right.split("/")[0] == "OTHER")
    return "right" if same else "wrong"


def judge(rows: list[dict[str, str]], docs: dict[tuple[str, str], Document]):
    """(row, outcome, the mention shown now or None) for every label whose document is found."""
    wanted: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        wanted[(r["corpus"], r["file"])].append(r)
    keys = sorted(k for k in wanted if k in docs)
    for key, doc in zip(keys, nlp.parse(docs[k].text for k in keys), strict=True):
        d = docs[key]
        article = Article(d.file, d.file, d.text, published=date.fromisoformat(d.published) if d.published else None,
                          content_hash=d.file)
        found: dict[tuple[str, str, int], EventMention] = {}
        for m in analyse(article, doc).events:
            k = mention_key(d.text, m)
            if k is not None and m.confidence >= LINK_THRESHOLD:
                found.setdefault(k, m)
        for r in wanted[key]:
            shown = found.get((r["sentence"], r["trigger"], int(r["occurrence"])))
            yield r, outcome(r, shown), shown


def figures(judged: list[tuple[dict[str, str], str, EventMention | None]]) -> dict[str, float | int]:
    """Weighted shares, in %: right among the judged mentions shown now (`type_accuracy`), real
    events (R, T) still shown, not-events (N) still shown; and how many mentions were judged."""
    def total(rows) -> float:
        return sum(float(r["weight"]) for r, _, _ in rows)
    shown = [x for x in judged if x[2] is not None]
    real = [x for x in judged if x[0]["verdict"] != "N"]
    not_events = [x for x in judged if x[0]["verdict"] == "N"]
    return {"judged": len(judged),
            "type_accuracy": round(100 * total(x for x in shown if x[1] == "right") / max(total(shown), 1e-9), 1),
            "real_shown": round(100 * total(x for x in real if x[2] is not None) / max(total(real), 1e-9), 1),
            "not_events_shown": round(100 * total(x for x in not_events if x[2] is not None)
                                      / max(total(not_events), 1e-9), 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--list", type=int, default=0, help="print this many wrong mentions, heaviest first")
    a = ap.parse_args(argv)
    judged = list(judge(read_labels(a.labels), documents(a.shared)))
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for _, result, shown in judged:
        if shown is not None:
            by_type[shown.type][result] += 1
    print("by type shown now (count right/wrong/changed): " + ", ".join(
        f"{t} {c['right']}/{c['wrong']}/{c['changed']}" for t, c in sorted(by_type.items())))
    found = figures(judged)
    print(f"judged mentions: {found['judged']}; real events still shown: {found['real_shown']}%; "
          f"not-events still shown: {found['not_events_shown']}% (weighted)")
    if a.list:
        wrong = sorted((x for x in judged if x[1] == "wrong"), key=lambda x: -float(x[0]["weight"]))
        for r, _, shown in wrong[: a.list]:
            print(f"  {r['verdict']} {r['given']} -> now {kind(shown) if shown else '-'} (right: {r['right']}) "
                  f"'{r['trigger']}' {r['file']}: {r['reason']}")
    print(f"type accuracy: {found['type_accuracy']:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
