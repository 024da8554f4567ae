"""The query layer of the events list: one validation for every view, actor by id or name, facets,
downloads' rows, the indexed columns and the text search, on a small database built by hand."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, insert, inspect, text

from tidings import query
from tidings.model import Place
from tidings.query import EventQuery, InvalidQuery, parse_event_query
from tidings.store import (
    FTS_TABLE,
    Store,
    actors,
    articles,
    event_actors,
    event_mentions,
    events,
    fill_event_summaries,
    place_columns,
)

TEHRAN = {"name": "Tehran", "country": "IRN", "lat": 35.69, "lon": 51.42, "kind": "city"}
PARIS = {"name": "Paris", "country": "FRA", "lat": 48.85, "lon": 2.35, "kind": "city"}


def add_event(conn, event_id: str, etype: str, status: str, day: date | None, location: dict | None,
              actor_ids: list[str], sentence: str, source: str, confidence: float = 0.9,
              indexed: bool = True) -> None:
    place = Place.from_dict(location) if location else None
    conn.execute(insert(events), [{
        "event_id": event_id, "type": etype, "mode": None, "subtype": None, "status": status,
        "date_start": day, "date_end": day, "date_precision": "day" if day else None,
        "date_basis": "text" if day else None, "location": location,
        **(place_columns(place) if indexed else {"country": None, "place": None}),
        "source_actors": actor_ids[:1], "target_actors": actor_ids[1:], "merged_ids": [],
        "confidence": confidence, "num_articles": 1, "num_sources": 1}])
    if actor_ids:
        conn.execute(insert(event_actors), [{"event_id": event_id, "actor_id": a, "type": etype, "date_start": day,
                                              "date_end": day} for a in actor_ids])
    article_id = f"a{event_id}"
    conn.execute(insert(articles), [{"article_id": article_id, "source_path": f"{event_id}.txt", "title": "t",
                                     "source": source, "published": day, "text": sentence,
                                     "content_hash": article_id}])
    conn.execute(insert(event_mentions), [{
        "mention_id": f"m{event_id}", "article_id": article_id, "event_id": event_id, "start": 0, "end": 3,
        "text": sentence.split()[1], "sentence": sentence, "type": etype, "status": status,
        "date_start": day, "date_end": day, "source_actors": actor_ids[:1], "target_actors": actor_ids[1:]}])


@pytest.fixture
def small(tmp_path: Path) -> Store:
    """Five events: three in Tehran with Khamenei, one in Paris, one undated without a place."""
    store = Store.open(f"sqlite:///{tmp_path / 'small.db'}")
    with store.engine.begin() as conn:
        conn.execute(insert(actors), [
            {"actor_id": "Q57336", "name": "Ali Khamenei", "kind": "person", "country": "IRN",
             "aliases": ["Sayed Ali Khamenei", "the Leader"], "roles": []},
            {"actor_id": "Q7747", "name": "Vladimir Putin", "kind": "person", "country": "RUS",
             "aliases": ["Putin"], "roles": []}])
        add_event(conn, "e1", "CONSULT", "occurred", date(2015, 11, 23), TEHRAN, ["Q7747", "Q57336"],
                  "Putin met Khamenei in Tehran.", "Tasnim")
        add_event(conn, "e2", "CONSULT", "planned", date(2018, 9, 7), TEHRAN, ["Q7747", "Q57336"],
                  "Putin will meet Khamenei on Friday.", "Tasnim")
        add_event(conn, "e3", "AID", "occurred", date(2015, 11, 21), TEHRAN, ["Q57336"],
                  "Khamenei gave a Quran to the guest.", "Kashmir Observer", confidence=0.6)
        add_event(conn, "e4", "ASSAULT", "occurred", date(2016, 1, 5), PARIS, [],
                  "Gunmen attacked a café in Paris.", "Reuters", confidence=0.3)
        add_event(conn, "e5", "OTHER", "unknown", None, None, [], "Officials said nothing more.", "Reuters")
        fill_event_summaries(conn)  # what ingest keeps with each event: its outlets and mention count
    return store


def ids(store: Store, **filters) -> list[str]:
    return [e["event_id"] for e in query.search_events(store.engine, EventQuery(**filters)).items]


# One validation -----------------------------------------------------------------------------------

@pytest.mark.parametrize("params, expected", [
    ({}, EventQuery()),
    ({"type": "consult", "status": "PLANNED", "sort": "-DATE", "mode": "Visit"},
     EventQuery(type="CONSULT", status="planned", sort="-date", mode="visit")),
    ({"country": "irn", "basis": "TEXT", "confidence": "High", "year": "2015"},
     EventQuery(country="IRN", basis="text", confidence="high", year=2015)),
    ({"actor": "Ali Khamenei", "q": "met", "from": "2015-01-01", "to": "", "limit": "7", "offset": "14"},
     EventQuery(actor="Ali Khamenei", q="met", date_from=date(2015, 1, 1), limit=7, offset=14)),
])
def test_query_parse_any_case_and_blank_is_absent(params, expected):
    assert parse_event_query(params) == expected


def test_query_default_sort_is_newest_first():
    assert parse_event_query({}).sort == "-date" == query.EVENT_SORTS[0]


def test_query_unknown_parameters_list_the_valid_ones():
    with pytest.raises(InvalidQuery) as raised:
        parse_event_query({"stauts": "planned", "type": "AID"}, extra=("bucket",))
    assert raised.value.unknown == ["stauts"] and "status" in raised.value.valid and "bucket" in raised.value.valid
    assert "'stauts'" in str(raised.value) and "valid ones: actor" in str(raised.value)


@pytest.mark.parametrize("params, field", [
    ({"type": "NOPE"}, "type"), ({"sort": "sideways"}, "sort"), ({"country": "IRAN"}, "country"),
    ({"from": "2015-13-01"}, "from"), ({"from": "2016-01-01", "to": "2015-01-01"}, "to"),
    ({"limit": "501"}, "limit"), ({"limit": "0"}, "limit"), ({"offset": "-1"}, "offset"),
    ({"q": "a\x00b"}, "q"), ({"year": "twenty"}, "year"), ({"confidence": "sure"}, "confidence"),
])
def test_query_bad_values_name_their_field(params, field):
    with pytest.raises(InvalidQuery) as raised:
        parse_event_query(params)
    assert list(raised.value.problems) == [field] and not raised.value.unknown


# Rows -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("actor", ["Q57336", "Ali Khamenei", "ali khamenei", "Sayed Ali Khamenei", "Khamenei"])
def test_query_actor_by_id_or_name(small, actor):
    page = query.search_events(small.engine, EventQuery(actor=actor))
    assert [e["event_id"] for e in page.items] == ["e2", "e1", "e3"]  # newest first
    assert page.actor == {"actor_id": "Q57336", "name": "Ali Khamenei"}


def test_query_actor_matching_nobody_gives_no_events(small):
    page = query.search_events(small.engine, EventQuery(actor="Nobody At All"))
    assert page.items == [] and page.total == 0 and page.actor is None


@pytest.mark.parametrize("filters, expected", [
    ({"country": "FRA"}, ["e4"]), ({"place": "TEHRAN"}, ["e2", "e1", "e3"]), ({"source": "Reuters"}, ["e4", "e5"]),
    ({"year": 2015}, ["e1", "e3"]), ({"basis": "text"}, ["e2", "e4", "e1", "e3"]),
    ({"confidence": "low"}, ["e4"]), ({"confidence": "medium"}, ["e3"]),
    ({"q": "MEET"}, ["e2"]), ({"q": "café"}, ["e4"]), ({"q": "met"}, ["e1"]), ({"q": "50%_"}, []),
    ({"q": "CA"}, ["e4"]),  # under three characters: the scan, not the index
    ({"sort": "date"}, ["e3", "e1", "e4", "e2", "e5"]),
])
def test_query_filters(small, filters, expected):
    assert ids(small, **filters) == expected


def test_query_facets_count_the_current_filter(small):
    found = {f["name"]: f for f in query.facets(small.engine, EventQuery(place="tehran"))}
    assert list(found) == list(query.FACETS) and not any(f["timed_out"] for f in found.values())
    assert {v["value"]: v["count"] for v in found["type"]["values"]} == {"CONSULT": 2, "AID": 1}
    assert found["actor"]["values"][0] == {"value": "Q57336", "label": "Ali Khamenei", "count": 3, "selected": False}
    assert {v["value"]: v["count"] for v in found["source"]["values"]} == {"Tasnim": 2, "Kashmir Observer": 1}
    assert {v["value"]: v["count"] for v in found["year"]["values"]} == {2015: 2, 2018: 1}
    assert {v["value"]: v["count"] for v in found["confidence"]["values"]} == {"high": 2, "medium": 1}
    assert found["country"]["values"] == [{"value": "IRN", "label": None, "count": 3, "selected": False}]


def test_query_facet_value_filters_to_its_count(small):
    """Each facet value, added as its filter, gives exactly as many events as it counted."""
    for facet in query.facets(small.engine, EventQuery()):
        for v in facet["values"]:
            total = query.search_events(small.engine, parse_event_query({facet["name"]: str(v["value"])})).total
            assert total == v["count"], (facet["name"], v)


def test_query_facets_past_their_time_are_marked_not_counted(small):
    found = query.facets(small.engine, EventQuery(), seconds=0)
    assert all(f["timed_out"] and f["values"] == [] for f in found)


def test_query_facets_after_a_slow_start_each_get_their_share(small):
    """A busy machine that spends the whole budget before the first facet (here one statement that
    takes 0.3 s of 0.2) still shows a small database's facets: each gets its eighth of the time."""
    slow_once = [0.3]

    def slow_start(*_args: object) -> None:
        time.sleep(slow_once.pop() if slow_once else 0)

    event.listen(small.engine, "before_cursor_execute", slow_start)
    found = {f["name"]: f for f in query.facets(small.engine, EventQuery(), seconds=0.2)}
    assert not slow_once and not any(f["timed_out"] for f in found.values())
    assert sum(v["count"] for v in found["type"]["values"]) == 5


def test_query_iter_events_is_every_row_of_the_list_in_order(small):
    q = EventQuery(limit=2, offset=2)
    every = list(query.iter_events(small.engine, q, page_size=2))
    assert [e["event_id"] for e in every] == ids(small, limit=500)
    assert every[0] == query.search_events(small.engine, EventQuery(limit=1)).items[0]


# Old databases ----------------------------------------------------------------------------------

def test_query_old_database_gets_indexed_columns_and_text_search(tmp_path):
    """A database from before issue 15 (no country/place columns, no FTS table, no outlets or
    mention counts kept with its events) opens, and its events are found by country, place, text
    and outlet, with their mention counts."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store.open(url)
    with store.engine.begin() as conn:
        add_event(conn, "e1", "CONSULT", "occurred", date(2015, 11, 23), TEHRAN, [], "Putin met Khamenei.", "Tasnim",
                  indexed=False)
        for trigger in ("ai", "ad", "au"):
            conn.execute(text(f"DROP TRIGGER {FTS_TABLE}_{trigger}"))
        conn.execute(text(f"DROP TABLE {FTS_TABLE}"))
        conn.execute(text("DROP TABLE event_sources"))
        for name in ("ix_events_country", "ix_events_place", "ix_events_mentions"):
            conn.execute(text(f"DROP INDEX {name}"))
        for column in ("country", "place", "num_mentions"):
            conn.execute(text(f"ALTER TABLE events DROP COLUMN {column}"))
    store.close()
    reopened = Store.open(url)
    assert {"country", "place", "num_mentions"} <= {c["name"] for c in inspect(reopened.engine).get_columns("events")}
    assert ids(reopened, country="IRN") == ids(reopened, place="Tehran") == ids(reopened, q="met K") == ["e1"]
    assert ids(reopened, source="Tasnim") == ["e1"] and ids(reopened, source="Reuters") == []
    assert query.search_events(reopened.engine, EventQuery(sort="-mentions")).items[0]["mention_count"] == 1


@pytest.mark.parametrize("filters", [{}, {"actor": "Khamenei"}, {"status": "occurred", "confidence": "high"},
                                     {"country": "IRN", "q": "meet"}, {"source": "Tasnim", "sort": "date"},
                                     {"from": "2015-01-01", "type": "CONSULT"}, {"basis": "text", "place": "tehran"}])
def test_query_walking_the_date_index_gives_the_same_rows(small, monkeypatch, filters):
    """Large results are read by walking the date index (SQLite): the same rows as through the filters' indexes."""
    q = parse_event_query({**filters, "limit": "2"})
    expected = query.search_events(small.engine, q)
    monkeypatch.setattr(query, "WALK_DATES_FROM", 0)
    monkeypatch.setattr(query, "WALK_READS_PER_ROW", 0)
    walks: list[bool] = []
    conditions = query.event_conditions

    def spied(*args, **kwargs):
        walks.append(kwargs.get("by_date", False))
        return conditions(*args, **kwargs)

    monkeypatch.setattr(query, "event_conditions", spied)
    walked = query.search_events(small.engine, q)
    assert walked == expected and any(walks)
