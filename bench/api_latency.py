"""API latency and load at scale: `GET /api/events` over a synthetic database of 100k events.

Builds (once; reused if the file exists) an SQLite database through the store's own tables, with
bulk inserts: ~33k articles, 2,000 actors (skewed: a few appear in many events, as heads of state
do), 100k events with 1-6 reports each and realistic types, statuses, dates and places. Then:

1. in-process latency (FastAPI TestClient, no network) of several filter combinations: p50 / p99;
2. the same over loopback HTTP against `tidings serve` (uvicorn) in a subprocess;
3. bounded load tests: N requests from C concurrent clients over loopback, reporting requests/s
   and p99, once with the filter combinations above in turn (the expensive mix) and once as an
   analyst browses (first list pages and event detail pages);
4. the mixed load test of issue 16: 16 clients, of which `--heavy` (4) pull `/api/export/jsonl`
   and `/api/timeline?bucket=week` in a loop while the others browse `/api/events`; the table gives
   `/api/events` requests/s, p50 and p99 with and without the heavy clients, and what the heavy
   clients got (200, or 429/503 when the server turned them away).

    # 100k events, 30 runs a combo, 1000 requests x 16 clients:
    .venv/bin/python bench/api_latency.py
    .venv/bin/python bench/api_latency.py --events 20000 --runs 10 --requests 500 --concurrency 8
    .venv/bin/python bench/api_latency.py --db /tmp/bench-100k.db --skip-load
    .venv/bin/python bench/api_latency.py --skip-latency --mixed-only     # issue 16's table only

Timings depend on the machine and its load; compare ratios between runs on the same machine.
"""

from __future__ import annotations

import argparse
import itertools
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from tidings.store import Store, actors, articles, event_actors, event_mentions, events

TYPES = [("CONSULT", 30), ("ASSAULT", 15), ("ACCUSE", 10), ("AGREE", 8), ("SUPPORT", 6), ("PROTEST", 6),
         ("COOPERATE", 5), ("AID", 4), ("REQUEST", 4), ("THREATEN", 3), ("SANCTION", 2), ("REJECT", 2),
         ("MOBILIZE", 2), ("COERCE", 2), ("RETREAT", 1), ("CONCEDE", 1), ("OTHER", 9)]
TRIGGERS = {"CONSULT": ["met", "talks", "visit", "meeting"], "ASSAULT": ["attack", "bombing", "shelled"],
            "ACCUSE": ["accused", "blamed"], "AGREE": ["agreed", "deal"], "PROTEST": ["protested", "rally"]}
STATUSES = [("occurred", 60), ("planned", 15), ("ongoing", 8), ("unknown", 10), ("negated", 3),
            ("hypothetical", 2), ("cancelled", 2)]
CITIES = [("Tehran", "IRN", 35.69, 51.42), ("Moscow", "RUS", 55.75, 37.62), ("Paris", "FRA", 48.85, 2.35),
          ("Washington, D.C.", "USA", 38.90, -77.04), ("Beijing", "CHN", 39.90, 116.40), ("Kyiv", "UKR", 50.45, 30.52),
          ("Ankara", "TUR", 39.92, 32.85), ("Lagos", "NGA", 6.45, 3.39), ("Nairobi", "KEN", -1.29, 36.82),
          ("Lima", "PER", -12.05, -77.04), ("Delhi", "IND", 28.65, 77.23), ("Damascus", "SYR", 33.51, 36.29),
          ("Kabul", "AFG", 34.53, 69.17), ("Berlin", "DEU", 52.52, 13.40), ("Tokyo", "JPN", 35.69, 139.69)]
COUNTRIES = [("Syria", "SYR", 35.0, 38.0), ("Ukraine", "UKR", 49.0, 32.0), ("Iran", "IRN", 32.0, 53.0),
             ("Sudan", "SDN", 15.0, 30.0), ("Yemen", "YEM", 15.5, 48.0)]
SOURCES = ["Kashmir Observer", "Tasnim News Agency", "Reuters", "AP", "AFP", "Al Jazeera", "BBC", "TASS"]


def weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]


def build(path: Path, n_events: int, seed: int = 7) -> None:
    """Bulk-insert a synthetic corpus; one transaction per table chunk keeps it to seconds."""
    rng = random.Random(seed)
    store = Store.open(f"sqlite:///{path}")
    countries = sorted({c for _, c, _, _ in CITIES + COUNTRIES})
    actor_rows: list[dict[str, Any]] = [
        {"actor_id": f"Q{100000 + i}", "name": f"Actor {i} {rng.choice(['Khan', 'Smith', 'Ivanov', 'Li', 'Okafor'])}",
         "kind": rng.choice(["person", "person", "organization", "country", "group"]),
         "country": rng.choice(countries), "aliases": [f"A{i}"], "roles": [], "kb_id": None}
        for i in range(2000)]
    actor_ids = [a["actor_id"] for a in actor_rows]
    zipf = list(itertools.accumulate(1 / (k + 1) for k in range(len(actor_ids))))
    n_articles = max(1, n_events // 3)
    start_day = date(2000, 1, 1)
    article_rows = []
    for i in range(n_articles):
        published = start_day + timedelta(days=rng.randrange(9000))
        article_rows.append({"article_id": f"a{i:015d}", "source_path": f"a{i}.txt", "title": f"Report {i}",
                             "source": rng.choice(SOURCES), "published": published, "dateline": None, "agency": None,
                             "url": f"https://example.org/{i}", "language": "en", "text": "", "content_hash": f"h{i}",
                             "minhash": None, "duplicate_of": None, "story_id": f"a{(i // 4) * 4:015d}",
                             "provenance": None})
    event_rows, mention_rows, actor_links = [], [], []
    texts: dict[int, list[str]] = {}
    for e in range(n_events):
        etype = weighted(rng, TYPES)
        status = weighted(rng, STATUSES)
        dated = rng.random() < 0.85
        day = start_day + timedelta(days=rng.randrange(9000))
        precision = rng.choice(["day", "day", "day", "week", "month"])
        end = day + timedelta(days={"day": 0, "week": 6, "month": 30}[precision])
        place = rng.choice(CITIES) if rng.random() < 0.6 else rng.choice(COUNTRIES) if rng.random() < 0.3 else None
        location = ({"name": place[0], "country": place[1], "lat": place[2], "lon": place[3],
                     "kind": "country" if place in COUNTRIES else "city"} if place else None)
        # skewed actors (Zipf: the k-th busiest in 1/k as many events): the busiest, like a head
        # of state, is in about one event in ten; most actors are in a few dozen
        source = sorted(set(rng.choices(actor_ids, cum_weights=zipf, k=rng.choice([0, 1, 1, 2]))))
        target = sorted({rng.choice(actor_ids) for _ in range(rng.choice([0, 1, 1]))} - set(source))
        event_id = f"e{e:019d}"
        event_rows.append({"event_id": event_id, "type": etype,
                           "mode": "visit" if etype == "CONSULT" and rng.random() < .3 else None, "subtype": None,
                           "status": status, "date_start": day if dated else None, "date_end": end if dated else None,
                           "date_precision": precision if dated else None, "date_basis": "text" if dated else None,
                           "location": location, "source_actors": source, "target_actors": target, "merged_ids": []})
        actor_links += [{"event_id": event_id, "actor_id": a, "type": etype, "date_start": day if dated else None,
                         "date_end": end if dated else None} for a in sorted(set(source) | set(target))]
        for k in range(min(6, int(rng.expovariate(0.8)) + 1)):
            article = rng.randrange(n_articles)
            trigger = rng.choice(TRIGGERS.get(etype, ["said"]))
            sentence = (f"{source[0] if source else 'Officials'} {trigger} {target[0] if target else 'the delegation'} "
                        f"in {location['name'] if location else 'the capital'}.")
            sentences = texts.setdefault(article, [])
            offset = sum(len(s) + 1 for s in sentences)
            sentences.append(sentence)
            at = sentence.index(trigger)
            mention_rows.append({"mention_id": f"m{e:012d}{k}", "article_id": f"a{article:015d}", "event_id": event_id,
                                 "start": offset + at, "end": offset + at + len(trigger), "text": trigger,
                                 "sentence": sentence, "type": etype, "mode": None, "subtype": None,
                                 "status": rng.choice([status, status, "planned"]),
                                 "date_start": day if dated else None, "date_end": end if dated else None,
                                 "date_precision": precision if dated else None,
                                 "date_basis": "text" if dated else None, "location": location,
                                 "source_actors": source, "target_actors": target, "speaker": None})
    for i, row in enumerate(article_rows):
        row["text"] = " ".join(texts.get(i, ["Nothing happened."]))
    with store.engine.begin() as conn:
        for table, rows in ((actors, actor_rows), (articles, article_rows), (events, event_rows),
                            (event_actors, actor_links), (event_mentions, mention_rows)):
            for i in range(0, len(rows), 20_000):
                conn.execute(insert(table), rows[i:i + 20_000])
    counts = store.counts()
    print(f"built {path}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v), flush=True)


def combos(store: Store) -> dict[str, str]:
    """Filter combinations an analyst would use, with real values from the database."""
    with store.engine.connect() as conn:
        by_events = select(event_actors.c.actor_id).group_by(event_actors.c.actor_id)
        busiest = conn.execute(by_events.order_by(func.count().desc(), event_actors.c.actor_id).limit(1)).scalar()
        quiet = conn.execute(by_events.order_by(func.count(), event_actors.c.actor_id).limit(1)).scalar()
    return {
        "default (date, 50)": "/api/events",
        "newest first": "/api/events?sort=-date",
        "busiest actor": f"/api/events?actor={busiest}",
        "rare actor": f"/api/events?actor={quiet}",
        "type+status": "/api/events?type=CONSULT&status=occurred",
        "country": "/api/events?country=IRN",
        "place": "/api/events?place=Tehran",
        "one month": "/api/events?from=2015-11-01&to=2015-11-30",
        "text q": "/api/events?q=bombing",
        "most reported": "/api/events?sort=-mentions",
        "deep page": "/api/events?offset=50000&limit=50",
        "limit 500": "/api/events?limit=500",
    }


def browse_urls(store: Store, n: int = 24) -> list[str]:
    """What an analyst clicking through does: the first list pages and some events' detail pages."""
    with store.engine.connect() as conn:
        ids = conn.execute(select(events.c.event_id).order_by(events.c.event_id).limit(n)).scalars().all()
    pages = [f"/api/events?offset={k * 50}" for k in range(4)] + ["/api/events?sort=-date"]
    return pages + [f"/api/events/{i}" for i in ids]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def time_requests(get, urls: dict[str, str], runs: int) -> dict[str, tuple[float, float]]:
    results = {}
    for name, url in urls.items():
        get(url)  # warm caches once
        took = []
        for _ in range(runs):
            t = time.perf_counter()
            response = get(url)
            took.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code, response.text[:200])
        results[name] = (statistics.median(took), percentile(took, 99))
    return results


def print_table(title: str, results: dict[str, tuple[float, float]]) -> None:
    print(f"\n{title}\n{'combo':<22}{'p50 ms':>10}{'p99 ms':>10}")
    for name, (p50, p99) in results.items():
        print(f"{name:<22}{p50:>10.1f}{p99:>10.1f}")
    all_p50 = statistics.median(p for p, _ in results.values())
    print(f"{'median of combos':<22}{all_p50:>10.1f}{max(p for _, p in results.values()):>10.1f} (max p99)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tidings", "serve", "--db", str(db), "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/api/stories?limit=1", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("server did not start")


HEAVY_URLS = ["/api/export/jsonl", "/api/timeline?bucket=week"]


def mixed_load_test(base: str, urls: list[str], n: int, concurrency: int, heavy: int) -> dict[str, Any]:
    """`concurrency - heavy` clients share N `/api/events` requests while `heavy` clients pull
    HEAVY_URLS in turn until they are done; returns the events clients' figures and the heavy
    clients' status counts."""
    import httpx

    latencies: list[float] = []
    heavy_status: dict[str, dict[int, int]] = {u: {} for u in HEAVY_URLS}
    heavy_bytes = 0
    errors = 0
    lock = threading.Lock()
    counter = iter(range(n))
    done = threading.Event()

    def browser() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=60) as client:
            while (i := next_index()) is not None:
                t = time.perf_counter()
                ok = client.get(urls[i % len(urls)]).status_code == 200
                took = (time.perf_counter() - t) * 1000
                with lock:
                    latencies.append(took)
                    errors += not ok

    def next_index() -> int | None:
        with lock:
            return next(counter, None)

    def puller(k: int) -> None:
        nonlocal heavy_bytes
        with httpx.Client(base_url=base, timeout=900) as client:
            turn = k
            while not done.is_set():
                url = HEAVY_URLS[turn % len(HEAVY_URLS)]
                turn += 1
                with client.stream("GET", url) as response:
                    size = sum(len(chunk) for chunk in response.iter_bytes())
                    status = response.status_code
                with lock:
                    heavy_status[url][status] = heavy_status[url].get(status, 0) + 1
                    heavy_bytes += size
                if status in (429, 503):
                    done.wait(float(response.headers.get("retry-after", "1")))

    browsers = [threading.Thread(target=browser) for _ in range(concurrency - heavy)]
    pullers = [threading.Thread(target=puller, args=(k,)) for k in range(heavy)]
    for t in pullers:
        t.start()
    time.sleep(0.5)  # the heavy clients go first
    started = time.perf_counter()
    for t in browsers:
        t.start()
    for t in browsers:
        t.join()
    elapsed = time.perf_counter() - started
    done.set()
    for t in pullers:
        t.join()
    return {"rps": n / elapsed, "p50": statistics.median(latencies), "p99": percentile(latencies, 99),
            "errors": errors, "heavy": heavy_status, "heavy_bytes": heavy_bytes}


def print_mixed_table(events: int, rows: list[tuple[str, dict[str, Any]]]) -> None:
    print(f"\nmixed load test over loopback, {events:,} events: /api/events from the browsing clients")
    print(f"{'clients':<44}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}  heavy clients got")
    for name, r in rows:
        heavy = "; ".join(f"{url.split('?')[0].rsplit('/', 1)[-1]}: "
                          + ", ".join(f"{n}x{status}" for status, n in sorted(codes.items()))
                          for url, codes in r["heavy"].items() if codes) or "-"
        print(f"{name:<44}{r['rps']:>8.1f}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8}  {heavy}")


def load_test(base: str, urls: list[str], n: int, concurrency: int) -> None:
    """N requests shared by C threads, each with its own keep-alive connection."""
    import httpx

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(n))

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t = time.perf_counter()
                ok = client.get(urls[i % len(urls)]).status_code == 200
                took = (time.perf_counter() - t) * 1000
                with lock:
                    latencies.append(took)
                    errors += not ok

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    print(f"\nload test: {n} requests, concurrency {concurrency}, {len(urls)} URLs in turn over loopback")
    print(f"  {n / elapsed:.1f} requests/s, p50 {statistics.median(latencies):.1f} ms, "
          f"p99 {percentile(latencies, 99):.1f} ms, errors {errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/tidings-bench-api.db"))
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="requests per filter combination")
    parser.add_argument("--requests", type=int, default=1000, help="load test: total requests")
    parser.add_argument("--concurrency", type=int, default=16, help="load test: concurrent clients")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-latency", action="store_true", help="run the load tests only")
    parser.add_argument("--heavy", type=int, default=4, help="mixed load test: clients pulling exports and "
                                                             "the timeline (of --concurrency)")
    parser.add_argument("--mixed-only", action="store_true", help="of the load tests, run the mixed one only")
    args = parser.parse_args()

    if args.rebuild and args.db.exists():
        args.db.unlink()
    if not args.db.exists():
        t = time.perf_counter()
        build(args.db, args.events)
        print(f"build took {time.perf_counter() - t:.1f} s")
    from fastapi.testclient import TestClient

    from tidings.api import create_app

    store = Store.open(args.db)
    urls = combos(store)
    client = TestClient(create_app(store))
    if not args.skip_latency:
        print_table(f"in-process (TestClient), {store.counts()['events']:,} events, {args.runs} runs each",
                    time_requests(client.get, urls, args.runs))

    import httpx

    process, base = start_server(args.db)
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            if not args.skip_latency:
                print_table(f"over loopback (uvicorn), {args.runs} runs each", time_requests(http.get, urls, args.runs))
        if not args.skip_load and not args.mixed_only:
            load_test(base, list(urls.values()), args.requests, args.concurrency)
            load_test(base, browse_urls(store), args.requests, args.concurrency)
        if not args.skip_load:
            browsing = browse_urls(store)
            alone = mixed_load_test(base, browsing, args.requests, args.concurrency - args.heavy, 0)
            mixed = mixed_load_test(base, browsing, args.requests, args.concurrency, args.heavy)
            print_mixed_table(store.counts()["events"], [
                (f"{args.concurrency - args.heavy} browsing, none heavy", alone),
                (f"{args.concurrency - args.heavy} browsing + {args.heavy} exports & timeline", mixed)])
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
