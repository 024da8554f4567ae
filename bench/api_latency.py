"""API latency and load at scale: `GET /api/events` over a synthetic database of 100k events.

Builds (once; reused if the file exists) an SQLite database through the store's own tables, with
bulk inserts (executemany; COPY on PostgreSQL): ~33k articles, 2,000 actors (skewed: a few appear
in many events, as heads of state do), 100k events with 1-6 reports each and realistic types,
statuses, dates, places and outlets. With `--matrix` (issue 15): every filter of the events list
alone and every pair of the main ones, p50/p99 in-process, and the facets' p50/p99, on SQLite,
PostgreSQL or both (`--backend both`; PostgreSQL in a schema bench_<events> of --pg-url):

    .venv/bin/python bench/api_latency.py --matrix --backend both --events 1000000 --runs 10

Otherwise:

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
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from tidings.store import Store, actors, database_url, event_actors, events, fill_event_summaries

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


def _rows(n_events: int, seed: int = 7) -> dict[str, Any]:
    """The synthetic corpus as row generators per table (tuples in `COLUMNS` order), made as they
    are inserted, so that a million events never sit in memory at once."""
    rng = random.Random(seed)
    countries = sorted({c for _, c, _, _ in CITIES + COUNTRIES})
    surnames = ["Khan", "Smith", "Ivanov", "Li", "Okafor"]
    n_actors = max(2000, n_events // 200)
    actor_rows = [(f"Q{100000 + i}", f"Actor {i} {rng.choice(surnames)}",
                   rng.choice(["person", "person", "organization", "country", "group"]), rng.choice(countries),
                   json.dumps([f"A{i}"]), "[]", None) for i in range(n_actors)]
    actor_ids = [a[0] for a in actor_rows]
    zipf = list(itertools.accumulate(1 / (k + 1) for k in range(len(actor_ids))))
    n_articles = max(1, n_events // 3)
    start_day = date(2000, 1, 1)
    sources = [rng.choice(SOURCES) for _ in range(n_articles)]

    def article_rows() -> Iterator[tuple]:
        for i in range(n_articles):
            published = start_day + timedelta(days=rng.randrange(9000))
            yield (f"a{i:015d}", f"a{i}.txt", f"Report {i}", sources[i], published, None, None,
                   f"https://example.org/{i}", "en", f"Report {i}.", f"h{i}", None, None, f"a{(i // 4) * 4:015d}",
                   None, i)

    pending: dict[str, list[tuple]] = {"event_actors": [], "event_mentions": []}

    def event_rows() -> Iterator[tuple]:
        for e in range(n_events):
            etype, status = weighted(rng, TYPES), weighted(rng, STATUSES)
            dated = rng.random() < 0.85
            day = start_day + timedelta(days=rng.randrange(9000))
            precision = rng.choice(["day", "day", "day", "week", "month"])
            end = day + timedelta(days={"day": 0, "week": 6, "month": 30}[precision])
            place = (rng.choice(CITIES) if rng.random() < 0.6 else rng.choice(COUNTRIES) if rng.random() < 0.3
                     else None)
            location = ({"name": place[0], "country": place[1], "lat": place[2], "lon": place[3],
                         "kind": "country" if place in COUNTRIES else "city"} if place else None)
            # skewed actors (Zipf: the k-th busiest in 1/k as many events): the busiest, like a head
            # of state, is in about one event in ten; most actors are in a few dozen
            source = sorted(set(rng.choices(actor_ids, cum_weights=zipf, k=rng.choice([0, 1, 1, 2]))))
            target = sorted({rng.choice(actor_ids) for _ in range(rng.choice([0, 1, 1]))} - set(source))
            event_id = f"e{e:019d}"
            basis = rng.choice(["text", "text", "context", "publication"]) if dated else None
            when = (day, end, precision, basis) if dated else (None, None, None, None)
            mode = "visit" if etype == "CONSULT" and rng.random() < .3 else None
            yield (event_id, etype, mode, None, status, *when, json.dumps(location) if location else None,
                   place[1] if place else None, place[0].lower() if place else None, json.dumps(source),
                   json.dumps(target), "[]", round(rng.uniform(0.3, 1.0), 3), 1, 1)
            pending["event_actors"] += [(event_id, a, etype, when[0], when[1])
                                        for a in sorted(set(source) | set(target))]
            for k in range(min(6, int(rng.expovariate(0.8)) + 1)):
                article = rng.randrange(n_articles)
                trigger = rng.choice(TRIGGERS.get(etype, ["said"]))
                sentence = (f"{source[0] if source else 'Officials'} {trigger} "
                            f"{target[0] if target else 'the delegation'} in {place[0] if place else 'the capital'}.")
                at = sentence.index(trigger)
                pending["event_mentions"].append(
                    (f"m{e:012d}{k}", f"a{article:015d}", event_id, at, at + len(trigger), trigger, sentence, etype,
                     None, None, rng.choice([status, status, "planned"]), *when,
                     json.dumps(location) if location else None, json.dumps(source), json.dumps(target), None))

    return {"actors": iter(actor_rows), "articles": article_rows(), "events": event_rows(), "pending": pending}


#: Columns written, per table, in the order `_rows` gives them.
COLUMNS = {
    "actors": ("actor_id", "name", "kind", "country", "aliases", "roles", "kb_id"),
    "articles": ("article_id", "source_path", "title", "source", "published", "dateline", "agency", "url", "language",
                 "text", "content_hash", "minhash", "duplicate_of", "story_id", "provenance", "sequence"),
    "events": ("event_id", "type", "mode", "subtype", "status", "date_start", "date_end", "date_precision",
               "date_basis", "location", "country", "place", "source_actors", "target_actors", "merged_ids",
               "confidence", "num_articles", "num_sources"),
    "event_actors": ("event_id", "actor_id", "type", "date_start", "date_end"),
    "event_mentions": ("mention_id", "article_id", "event_id", "start", "end", "text", "sentence", "type", "mode",
                       "subtype", "status", "date_start", "date_end", "date_precision", "date_basis", "location",
                       "source_actors", "target_actors", "speaker"),
}


def _chunks(rows: Iterator[tuple], size: int = 50_000) -> Iterator[list[tuple]]:
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def build(url: str, n_events: int, seed: int = 7) -> None:
    """Bulk-load a synthetic corpus into the store's own tables (made by `Store.open`, with every
    index and the text search index): executemany on SQLite, COPY on PostgreSQL."""
    store = Store.open(url)
    rows = _rows(n_events, seed)
    quoted = {t: ", ".join(f'"{c}"' for c in cols) for t, cols in COLUMNS.items()}
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        postgres = store.engine.dialect.name == "postgresql"
        if postgres:  # a GIN index is built far faster at once than row by row
            cursor.execute("DROP INDEX IF EXISTS ix_event_mentions_text_trgm, ix_event_mentions_sentence_trgm")
        else:
            cursor.execute("BEGIN")

        def write(table: str, chunk: list[tuple]) -> None:
            if postgres:
                with cursor.copy(f"COPY {table} ({quoted[table]}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in COLUMNS[table])
                cursor.executemany(f"INSERT INTO {table} ({quoted[table]}) VALUES ({marks})",
                                   [tuple(v.isoformat() if isinstance(v, date) else v for v in r) for r in chunk])

        for table in ("actors", "articles"):
            for chunk in _chunks(rows[table]):
                write(table, chunk)
        for chunk in _chunks(rows["events"], 20_000):
            write("events", chunk)
            for table in ("event_actors", "event_mentions"):
                write(table, rows["pending"][table])
                rows["pending"][table].clear()
        raw.commit()
        with store.engine.begin() as conn:  # the outlets and mention counts ingest keeps with each event
            fill_event_summaries(conn)
        if postgres:
            from sqlalchemy import text

            with store.engine.begin() as conn:
                from tidings.store import _create_text_search

                _create_text_search(conn)
            with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            cursor.execute("ANALYZE")
            raw.commit()
    finally:
        raw.close()
    counts = store.counts()
    print(f"built {store.where}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v), flush=True)


def filter_values(store: Store) -> dict[str, str]:
    """One real value for each filter of the events list, from the database."""
    with store.engine.connect() as conn:
        by_events = select(event_actors.c.actor_id).group_by(event_actors.c.actor_id)
        busiest = conn.execute(by_events.order_by(func.count().desc(), event_actors.c.actor_id).limit(1)).scalar()
        quiet = conn.execute(by_events.order_by(func.count(), event_actors.c.actor_id).limit(1)).scalar()
        quiet_name = conn.execute(select(actors.c.name).where(actors.c.actor_id == quiet)).scalar()
    return {"actor": f"actor={busiest}", "actor name": f"actor={quote(quiet_name or '')}", "type": "type=CONSULT",
            "status": "status=occurred", "country": "country=IRN", "place": "place=Tehran", "source": "source=Reuters",
            "year": "year=2015", "basis": "basis=context", "confidence": "confidence=medium",
            "from-to": "from=2015-11-01&to=2015-11-30", "q": "q=bombing"}


#: Filters combined in pairs (every pair of these); the others are timed alone.
PAIRED = ("actor", "type", "status", "country", "source", "year", "from-to", "q")


def combos(store: Store) -> dict[str, str]:
    """Every filter alone, every pair of `PAIRED`, the sorts, a deep page and a long page."""
    values = filter_values(store)
    urls = {"no filter (-date, 50)": "/api/events"}
    urls.update({name: f"/api/events?{v}" for name, v in values.items()})
    urls.update({f"{a} + {b}": f"/api/events?{values[a]}&{values[b]}" for a, b in itertools.combinations(PAIRED, 2)})
    urls.update({"sort=date": "/api/events?sort=date", "sort=-mentions": "/api/events?sort=-mentions",
                 "type + sort=-mentions": "/api/events?type=AID&sort=-mentions",
                 "deep page (offset 50k)": "/api/events?offset=50000", "limit 500": "/api/events?limit=500"})
    return urls


def facet_urls(store: Store) -> dict[str, str]:
    values = filter_values(store)
    urls = {"no filter": "/api/events/facets"}
    urls.update({name: f"/api/events/facets?{v}" for name, v in values.items()})
    return urls


def browse_urls(store: Store, n: int = 24) -> list[str]:
    """What an analyst clicking through does: the first list pages and some events' detail pages."""
    with store.engine.connect() as conn:
        ids = conn.execute(select(events.c.event_id).order_by(events.c.event_id).limit(n)).scalars().all()
    pages = [f"/api/events?offset={k * 50}" for k in range(4)] + ["/api/events?sort=-date"]
    return pages + [f"/api/events/{i}" for i in ids]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def time_requests(get, urls: dict[str, str], runs: int, timed_out: dict[str, int] | None = None
                  ) -> dict[str, tuple[float, float]]:
    """p50 and p99 in ms per URL; `timed_out` collects, for facets, how many facets were not
    counted in time (summed over the runs)."""
    results = {}
    for name, url in urls.items():
        get(url)  # warm caches once
        took = []
        for _ in range(runs):
            t = time.perf_counter()
            response = get(url)
            took.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code, response.text[:200])
            if timed_out is not None:
                timed_out[name] = timed_out.get(name, 0) + sum(f["timed_out"] for f in response.json()["facets"])
        results[name] = (statistics.median(took), percentile(took, 99))
    return results


def print_table(title: str, results: dict[str, tuple[float, float]], notes: dict[str, str] | None = None) -> None:
    print(f"\n{title}\n{'combo':<32}{'p50 ms':>10}{'p99 ms':>10}")
    for name, (p50, p99) in results.items():
        print(f"{name:<32}{p50:>10.1f}{p99:>10.1f}  {(notes or {}).get(name, '')}")
    all_p50 = statistics.median(p for p, _ in results.values())
    print(f"{'median of combos':<32}{all_p50:>10.1f}{max(p for _, p in results.values()):>10.1f} (max p99)", flush=True)


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


def postgres_url(server: str, n_events: int, rebuild: bool) -> tuple[str, bool]:
    """A schema of its own on the server for a corpus of `n_events` (bench_<n>): its URL, and
    whether it must be built (it is new, or `rebuild`)."""
    schema = f"bench_{n_events}"
    engine = create_engine(database_url(server))
    with engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM information_schema.tables WHERE table_schema = :s "
                                   "AND table_name = 'events'"), {"s": schema}).first() is not None
        if rebuild or not exists:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    url = make_url(database_url(server)).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), rebuild or not exists


def matrix(url: str, runs: int, facet_runs: int, sql_only: bool = False) -> None:
    """Issue 15's table: every filter combination's p99, and the facets' p99, on one backend:
    with the events' keys in memory (`tidings.event_columns`, made once per database state), or
    with `sql_only` as SQL answers alone (what a request gets while that copy is being made)."""
    from fastapi.testclient import TestClient

    from tidings import event_columns
    from tidings.api import create_app

    store = Store.open(url)
    client = TestClient(create_app(store))
    n = store.counts()["events"]
    backend = store.engine.dialect.name
    if sql_only:
        event_columns.MIN_EVENTS = n + 1
        backend += " (SQL alone)"
    else:
        t = time.perf_counter()
        event_columns.prepare(store.engine)
        print(f"{backend}: the events' keys of {n:,} events read into memory in {time.perf_counter() - t:.1f} s "
              "(a server does so in the background, once per database state)", flush=True)
        backend += " (keys in memory)"
    print_table(f"{backend}, {n:,} events: GET /api/events, {runs} runs each (target p99 < 300 ms)",
                time_requests(client.get, combos(store), runs))
    timed_out: dict[str, int] = {}
    results = time_requests(client.get, facet_urls(store), facet_runs, timed_out)
    print_table(f"{backend}, {n:,} events: GET /api/events/facets, {facet_runs} runs each (target p99 < 500 ms)",
                results, {k: f"{v / facet_runs:.1f} of 8 facets timed out" for k, v in timed_out.items() if v})
    store.close()


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
    parser.add_argument("--matrix", action="store_true",
                        help="issue 15: every filter combination and the facets, p50/p99, in-process, on "
                             "--backend (no loopback or load tests)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--pg-url", default=None, help="PostgreSQL server (default: $TIDINGS_TEST_PG_URL); the "
                                                       "corpus goes into a schema bench_<events>")
    parser.add_argument("--facet-runs", type=int, default=10)
    parser.add_argument("--sql-only", action="store_true", help="--matrix with SQL alone, without the events' "
                                                                 "keys in memory (tidings.event_columns)")
    args = parser.parse_args()

    if args.matrix:
        import os

        backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
        for backend in backends:
            if backend == "sqlite":
                if args.rebuild and args.db.exists():
                    args.db.unlink()
                url, fresh = f"sqlite:///{args.db}", not args.db.exists()
            else:
                server = args.pg_url or os.environ.get("TIDINGS_TEST_PG_URL")
                if not server:
                    parser.error("--backend postgresql needs --pg-url or $TIDINGS_TEST_PG_URL")
                url, fresh = postgres_url(server, args.events, args.rebuild)
            if fresh:
                t = time.perf_counter()
                build(url, args.events)
                print(f"{backend}: build took {time.perf_counter() - t:.1f} s", flush=True)
            matrix(url, args.runs, args.facet_runs, args.sql_only)
        return

    if args.rebuild and args.db.exists():
        args.db.unlink()
    if not args.db.exists():
        t = time.perf_counter()
        build(f"sqlite:///{args.db}", args.events)
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
