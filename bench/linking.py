#!/usr/bin/env python3
"""Linking cost by corpus size, on realistic synthetic event mentions.

    python bench/linking.py [--sizes 10000 100000 1000000] [--store memory|sqlite]

The generator draws real-world events (type, two or three actors from a Zipf-distributed pool of
5,000, a day over ten years, a city, a trigger word, a few words of its own and a direction in
embedding space) and reports each one 1–20 times (Zipf), as news does: reports drop or add an
actor, blur the date to a week or month, leave out the place, come out days after the event, and
word it their own way (a sample of the event's words among common ones, a nearby embedding), so
the learned pair scorer, article similarity and every blocking key do their real work. Look-alikes
are frequent by construction: popular actors meet again and again in the same cities. Each size
runs in its own process, so peak memory is its own. Prints seconds, mentions/s, peak memory and the
pairwise purity of the events found, then the growth exponent of time with size (1.0 is linear).
Last line: "growth exponent: X".
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from tidings.link import MemoryEventIndex, link_article  # noqa: E402
from tidings.link.pairs import EMBEDDING_DIMS  # noqa: E402
from tidings.model import Analysis, Article, DateInterval, EventMention, Place, Profile, Signature  # noqa: E402

TYPES = ["CONSULT"] * 30 + ["ASSAULT"] * 20 + ["AGREE"] * 8 + ["ACCUSE"] * 10 + ["PROTEST"] * 6 + \
        ["COERCE"] * 8 + ["SUPPORT"] * 6 + ["REQUEST"] * 5 + ["AID"] * 4 + ["SANCTION"] * 3
START = date(2015, 1, 1)
BATCH = 32
DAYS = 3650


def zipf_index(rng: random.Random, n: int, s: float = 1.1) -> int:
    """An index in [0, n) with Zipf-like popularity (a few actors are in most of the news)."""
    return min(n - 1, int(n ** rng.random() ** s) - 1)


VOCABULARY = 50_000  # words of the synthetic language; each event draws its own from them
COMMON = 300  # the most common words, shared by every report
TRIGGERS = ("meet", "talk", "attack", "strike", "accuse", "arrest", "protest", "agree", "aid", "sanction")


def signed(rng: random.Random, words: list[str], direction: list[float], trigger: str) -> tuple[Signature, Profile]:
    """A report's signature and its article's profile, worded from its event's words."""
    common = [f"w{rng.randrange(COMMON)}" for _ in range(6)]
    said = rng.sample(words, min(len(words), 6)) + common
    vector = [x + rng.gauss(0, 0.15) for x in direction]
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    embedding = base64.b64encode(np.asarray([x / norm for x in vector], dtype=np.float16).tobytes()).decode("ascii")
    signature = Signature(trigger, "VERB", tuple(sorted(set(said[:8]))), (), tuple(said[:10]), embedding, embedding)
    terms = Counter(said + rng.sample(words, min(len(words), 10)) + [f"w{rng.randrange(COMMON)}" for _ in range(20)])
    return signature, Profile(dict(terms), ())


def generate(mentions: int, seed: int = 7) -> list[tuple[Analysis, int]]:
    """Articles of one mention each, in publication order, with the id of the true event."""
    rng = random.Random(seed)
    cities = [Place(f"City{i}", f"C{i % 150:03}", 0.0, 0.0, "city") for i in range(500)]
    reports: list[tuple[date, EventMention, int, Profile]] = []
    truth = 0
    while len(reports) < mentions:
        truth += 1
        etype = rng.choice(TYPES)
        actors = list(dict.fromkeys(f"A{zipf_index(rng, 5000)}" for _ in range(rng.choice((2, 2, 3)))))
        day = START + timedelta(days=rng.randrange(DAYS))
        city = cities[zipf_index(rng, len(cities))]
        words = [f"w{COMMON + rng.randrange(VOCABULARY)}" for _ in range(12)]
        direction = [rng.gauss(0, 1) for _ in range(EMBEDDING_DIMS)]
        trigger = rng.choice(TRIGGERS)
        for _ in range(min(20, max(1, int(rng.paretovariate(1.2))))):
            published = day + timedelta(days=rng.choice((-3, -1, 0, 0, 1, 1, 2, 5, 30)))
            reported = [a for a in actors if rng.random() < 0.9] or actors[:1]
            blur = rng.random()
            when = (DateInterval(day, day, "day") if blur < 0.6 else
                    DateInterval(day - timedelta(days=day.weekday()), day + timedelta(days=6 - day.weekday()), "week")
                    if blur < 0.85 else DateInterval(day.replace(day=1), day.replace(day=28), "month"))
            n = len(reports)
            signature, profile = signed(rng, words, direction, trigger)
            mention = EventMention(
                f"art{n}", 0, 4, trigger, f"sentence {n}", etype, "occurred" if published >= day else "planned",
                date=when, location=city.with_basis("text") if rng.random() < 0.7 else None,
                source_actors=tuple(reported[:1]), target_actors=tuple(reported[1:]), signature=signature)
            reports.append((published, mention, truth, profile))
    reports = sorted(reports[:mentions], key=lambda r: (r[0], r[1].article_id))
    return [(Analysis(Article(m.article_id, m.article_id, m.sentence, published=p), events=(m,), profile=profile), t)
            for p, m, t, profile in reports]


def run_size(size: int, store: str) -> dict:
    data = generate(size)
    event_of: Mapping[str, str | None]
    if store == "memory":
        index = MemoryEventIndex()
        start = time.perf_counter()
        for analysis, _ in data:
            index.link(analysis)
        seconds = time.perf_counter() - start
        event_of = index.event_of
    else:
        from tidings.store import Store
        with tempfile.TemporaryDirectory() as tmp:
            db = Store.open(Path(tmp) / "bench.db")
            start = time.perf_counter()
            for i in range(0, len(data), BATCH):  # one transaction per batch, as ingest writes
                db.save_analyses([(analysis, None) for analysis, _ in data[i:i + BATCH]], link_article)
            seconds = time.perf_counter() - start
            event_of = {m.mention_id: e for e, m in db.event_mentions()}
    truth = {a.events[0].mention_id: t for a, t in data}
    return {"size": size, "seconds": seconds, "events": len(set(event_of.values())),
            "true_events": len(set(truth.values())), "purity": purity(event_of, truth),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def purity(found: Mapping[str, str | None], truth: dict[str, int]) -> float:
    """Share of mentions whose event's majority true event is their own."""
    members: dict[str | None, list[int]] = {}
    for mention, event in found.items():
        members.setdefault(event, []).append(truth[mention])
    right = sum(Counter(m).most_common(1)[0][1] for m in members.values())
    return right / len(found) if found else 1.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--store", choices=["memory", "sqlite"], default="memory")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_size(args.child, args.store)))
        return
    rows = []
    print(f"{'mentions':>10} {'seconds':>9} {'mentions/s':>11} {'peak MB':>8} {'events':>9} {'true':>9} {'purity':>7}")
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(size), "--store", args.store],
                             check=True, capture_output=True, text=True).stdout
        r = json.loads(out.splitlines()[-1])
        rows.append(r)
        print(f"{r['size']:>10} {r['seconds']:>9.1f} {r['size'] / r['seconds']:>11.0f} {r['peak_rss_mb']:>8.0f} "
              f"{r['events']:>9} {r['true_events']:>9} {r['purity']:>7.3f}", flush=True)
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        exponent = math.log(b["seconds"] / a["seconds"]) / math.log(b["size"] / a["size"])
        print(f"growth exponent: {exponent:.2f}")


if __name__ == "__main__":
    main()
