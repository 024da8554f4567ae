"""The events' keys in memory (`tidings.event_columns`) answer as SQL does: the same rows in the
same order, the same totals and the same facets, for every filter of the events list alone and in
pairs, every sort and deep pages, on SQLite and PostgreSQL; and a write sends the list back to
SQL until a copy of the new state is made."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import bench_module

from tidings import event_columns, query, review
from tidings.query import EventQuery, parse_event_query
from tidings.store import Store


def synthetic_corpus() -> Any:
    """bench/api_latency.py: its corpus builder and its filter combinations."""
    return bench_module("api_latency")


def queries(bench: Any, store: Store) -> dict[str, EventQuery]:
    """Every combination the latency benchmark times, each sort, deep and late pages, and values
    that match nothing."""
    urls = dict(bench.combos(store))
    urls.update({f"sort={s}, page 3": f"/api/events?sort={s}&offset=100&limit=50" for s in query.EVENT_SORTS})
    urls.update({"undated tail": "/api/events?offset=2500&limit=500",
                 "type + sort=type": "/api/events?type=AID&sort=type",
                 "mode": "/api/events?mode=visit&sort=-mentions", "nobody": "/api/events?actor=Nobody%20At%20All",
                 "no such outlet": "/api/events?source=Nowhere&type=CONSULT",
                 "confidence high": "/api/events?confidence=high",
                 "confidence low + q": "/api/events?confidence=low&q=attack", "short q": "/api/events?q=in",
                 "to only": "/api/events?to=2001-06-30"})
    return {name: parse_event_query(dict(parse_qsl(urlsplit(url).query))) for name, url in urls.items()}


def answers(store: Store, q: EventQuery) -> tuple[Any, ...]:
    page = query.search_events(store.engine, q)
    found = query.facets(store.engine, q, seconds=120)
    return page.total, page.items, page.actor, found


def test_event_columns_answer_as_sql_does(store_url, monkeypatch):
    bench = synthetic_corpus()
    bench.build(store_url, 3_000)
    store = Store.open(store_url)
    asked = queries(bench, store)
    with monkeypatch.context() as sql_alone:
        sql_alone.setattr(event_columns, "current", lambda engine, conn: None)
        expected = {name: answers(store, q) for name, q in asked.items()}
    columns = event_columns.prepare(store.engine)
    assert columns.size == 3_000 and columns.count(columns.mask(EventQuery(source="Reuters"))) > 100
    differ = [name for name, q in asked.items() if answers(store, q) != expected[name]]
    assert differ == []
    assert sum(bool(total) for total, *_ in expected.values()) > 0.8 * len(expected)  # most combinations match some


def test_event_columns_a_write_sends_the_list_to_sql_until_a_copy_of_the_new_state_is_made(tmp_path, monkeypatch):
    bench = synthetic_corpus()
    url = f"sqlite:///{tmp_path / 'small.db'}"
    bench.build(url, 500)
    store = Store.open(url)
    monkeypatch.setattr(event_columns, "MIN_EVENTS", 0)
    before = event_columns.prepare(store.engine)
    busiest = query.search_events(store.engine, EventQuery(sort="-mentions", limit=1)).items[0]
    mention = query.event_detail(store.engine, busiest["event_id"])["mentions"][0]["mention_id"]  # type: ignore[index]
    review.not_event(store, mention, who="ana", why="a figure of speech")  # a new database state
    with store.engine.connect() as conn:
        assert event_columns.current(store.engine, conn) is None  # stale: SQL answers, a copy is being made
    after = query.search_events(store.engine, EventQuery(sort="-mentions", limit=1000)).items
    counts = {e["event_id"]: e["mention_count"] for e in after}
    assert counts.get(busiest["event_id"], 0) == busiest["mention_count"] - 1
    for _ in range(200):
        with store.engine.connect() as conn:
            if (made := event_columns.current(store.engine, conn)) is not None:
                break
        time.sleep(0.05)
    else:
        pytest.fail("no copy of the new state was made")
    assert made.generation > before.generation
    assert query.search_events(store.engine, EventQuery(sort="-mentions", limit=1000)).items == after


def test_event_columns_a_small_database_is_left_to_sql(tmp_path):
    bench = synthetic_corpus()
    url = f"sqlite:///{tmp_path / 'tiny.db'}"
    bench.build(url, 50)
    store = Store.open(url)
    with store.engine.connect() as conn:
        assert event_columns.current(store.engine, conn) is None  # not a server: no copies at all
    event_columns.warm(store.engine)  # as a server starts
    time.sleep(0.5)  # the background check finds it too small to copy, once
    with store.engine.connect() as conn:
        assert event_columns.current(store.engine, conn) is None
    assert query.search_events(store.engine, EventQuery()).total == 50


def test_event_columns_read_a_column_whose_first_rows_are_all_empty():
    """Rows are read in chunks, and a chunk of nulls only (a mode no early event has) has no type
    of its own: it takes the type of the others."""
    from sqlalchemy import create_engine, literal, null, select, union_all

    engine = create_engine("sqlite://")
    rows = union_all(*[select(literal(i).label("n"), (null() if i < 3 else literal("visit")).label("mode"))
                       for i in range(5)])
    with engine.connect() as conn:
        numbers, modes = event_columns._read(conn, rows, chunk=2)
    assert numbers.to_pylist() == [0, 1, 2, 3, 4] and modes.to_pylist() == [None, None, None, "visit", "visit"]


def test_event_columns_of_an_empty_database(tmp_path):
    store = Store.open(tmp_path / "empty.db")
    columns = event_columns.prepare(store.engine)
    assert columns.size == 0 and columns.page("-date", None, 0, 50) == []
    assert [columns.facet(name, None, 10) for name in query.FACETS] == [[]] * len(query.FACETS)


def test_event_columns_are_built_one_at_a_time_however_fast_the_writes_come(tmp_path, monkeypatch):
    import threading

    from tidings.store import count_generation

    store = Store.open(tmp_path / "busy.db")
    monkeypatch.setattr(event_columns, "MIN_EVENTS", 0)
    release, loads = threading.Event(), []
    real_load = event_columns.load

    def slow_load(conn):
        loads.append(1)
        release.wait(10)
        return real_load(conn)

    monkeypatch.setattr(event_columns, "load", slow_load)
    event_columns.warm(store.engine)  # as a server starts: the first build begins
    for _ in range(200):  # it has read the state it copies (a loaded machine may start the thread late)
        if loads:
            break
        time.sleep(0.05)
    for _ in range(5):  # five writes while the first copy is still being read
        with store.engine.connect() as conn:
            assert event_columns.current(store.engine, conn) is None
        with store.engine.begin() as conn:
            count_generation(conn)
    release.set()
    for _ in range(200):
        if not any(t.name == "tidings-event-columns" for t in threading.enumerate()):
            break
        time.sleep(0.05)
    assert loads == [1]  # one build, not five
    with store.engine.connect() as conn:  # the copy made is of an older state: the next request asks for a new one
        assert event_columns.current(store.engine, conn) is None


def test_event_columns_a_command_that_is_no_server_makes_no_copy(tmp_path, monkeypatch):
    """`tidings events` asks once and exits: reading every event into memory first would only
    slow it down."""
    import threading

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    synthetic_corpus().build(url, 200)
    store = Store.open(url)
    monkeypatch.setattr(event_columns, "MIN_EVENTS", 0)
    assert query.search_events(store.engine, EventQuery(type="CONSULT")).total > 0
    time.sleep(0.3)
    assert not any(t.name == "tidings-event-columns" for t in threading.enumerate())
    with store.engine.connect() as conn:
        assert event_columns.current(store.engine, conn) is None
