"""The store on every backend: SQLite always, PostgreSQL too when TIDINGS_TEST_PG_URL is set
(`store_url` in conftest.py gives each test a fresh database). Records are built by hand: no model."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.errors import BadInput, StoreError
from tidings.link import link_article
from tidings.model import Actor, Analysis, Article, DateInterval, EntityMention, EventMention, Place, Role, Status
from tidings.store import Store, database_url

PUTIN = Actor("Q7747", "Vladimir Putin", "person", "RUS", ("Putin",), (Role("president", "RUS", date(2012, 5, 7)),),
              "Q7747")
KHAMENEI = Actor("Q57336", "Ali Khamenei", "person", "IRN", ("Khamenei",), (), "Q57336")
TEHRAN = Place("Tehran", "IRN", 35.69, 51.39, "city")


def article(article_id: str, published: date | None, text: str, **extra) -> Article:
    return Article(article_id, f"{article_id}.txt", text, title=text.split("\n")[0], published=published,
                   content_hash=article_id * 2, language=extra.pop("language", "en"), **extra)


def meeting(article_id: str, text: str, status: Status, when: DateInterval | None, trigger: str = "meet") -> Analysis:
    """An article whose one sentence reports a Putin–Khamenei meeting in Tehran."""
    start = text.index(trigger)
    entities = (EntityMention(0, 5, "Putin", "PERSON", PUTIN.actor_id),
                EntityMention(text.index("Khamenei"), text.index("Khamenei") + 8, "Khamenei", "PERSON",
                              KHAMENEI.actor_id))
    mention = EventMention(article_id, start, start + len(trigger), trigger, text, "CONSULT", status, "visit", None,
                           when, TEHRAN, (PUTIN.actor_id,), (KHAMENEI.actor_id,))
    published = {"a1": date(2015, 11, 20), "b2": date(2018, 9, 4)}.get(article_id)
    return Analysis(article(article_id, published, text), entities, (PUTIN, KHAMENEI), (mention,))


PLANNED = meeting("a1", "Putin will meet Khamenei in Tehran on Monday.", "planned",
                  DateInterval(date(2015, 11, 23), date(2015, 11, 23), "day"))
HELD = meeting("b2", "Putin met Khamenei in Tehran in late November 2015.", "occurred",
               DateInterval(date(2015, 11, 21), date(2015, 11, 30), "week"), trigger="met")


@pytest.mark.parametrize("given, url", [
    ("t.db", "sqlite:///t.db"),
    ("sqlite:////tmp/t.db", "sqlite:////tmp/t.db"),
    ("postgresql://tidings@127.0.0.1/news", "postgresql+psycopg://tidings@127.0.0.1/news"),
    ("postgres://tidings@db/news", "postgresql+psycopg://tidings@db/news"),
    ("postgresql+psycopg://tidings@db/news", "postgresql+psycopg://tidings@db/news"),
])
def test_store_database_url(given, url):
    assert database_url(given) == url


def test_store_unknown_scheme_is_one_clear_error():
    with pytest.raises(StoreError, match="cannot open the database 'nosuchdb://x'.*postgresql://"):
        Store.open("nosuchdb://x")


def test_store_reads_back_what_it_wrote(store_url):
    store = Store.open(store_url)
    store.save_analysis(PLANNED, b"\x01\x02")
    assert list(store.articles()) == [PLANNED.article.replace(story_id=store.article("a1").story_id)]
    assert store.entity_mentions() == {"a1": list(PLANNED.entities)}
    assert [m for _, m in store.event_mentions()] == list(PLANNED.events)
    assert {a.actor_id: a for a in store.actors()}[PUTIN.actor_id].roles == PUTIN.roles
    assert [(s.article_id, s.minhash) for s in store.original_signatures()] == [("a1", b"\x01\x02")]


def test_store_free_text_values_of_any_length(store_url):
    """PostgreSQL enforces VARCHAR lengths that SQLite ignores: a manifest's language is free text."""
    long = meeting("c3", "Putin will meet Khamenei again.", "planned", None)
    long = Analysis(article("c3", None, long.article.text, language="English (United States of America)"),
                    long.entities, long.actors, long.events)
    store = Store.open(store_url)
    store.save_analysis(long, None)
    assert store.article("c3").language == "English (United States of America)"


def test_store_saving_an_article_again_changes_nothing(store_url):
    store = Store.open(store_url)
    store.save_analysis(PLANNED, None, link_article)
    before = store.counts()
    store.save_analyses([(PLANNED, None)], link_article)
    assert store.counts() == before == {**before, "articles": 1, "event_mentions": 1, "events": 1}


def test_store_actor_aliases_grow_with_each_article(store_url):
    store = Store.open(store_url)
    store.save_analysis(PLANNED, None)
    renamed = Analysis(HELD.article, HELD.entities, (Actor(PUTIN.actor_id, PUTIN.name, "person", "RUS",
                                                           ("the Kremlin strongman",)), KHAMENEI), HELD.events)
    store.save_analysis(renamed, None)
    putin = next(a for a in store.actors() if a.actor_id == PUTIN.actor_id)
    assert putin.aliases == ("Putin", "the Kremlin strongman")


def test_store_links_a_later_report_to_the_planned_event(store_url):
    store = Store.open(store_url)
    store.save_analysis(PLANNED, None, link_article)
    store.save_analysis(HELD, None, link_article)
    [event] = store.events()
    assert (event.event_id, event.status, event.mention_ids) == (
        PLANNED.events[0].mention_id, "occurred", tuple(sorted(m.mention_id for m in PLANNED.events + HELD.events)))
    assert event.date == PLANNED.events[0].date  # the day beats the week
    assert store.article("b2").story_id == store.article("a1").story_id == "a1"


def test_store_relink_gives_the_same_events(store_url):
    store = Store.open(store_url)
    store.save_analyses([(HELD, None), (PLANNED, None)], link_article)
    before = list(store.events())
    store.relink(link_article)
    assert list(store.events()) == before


def test_store_links_each_batch_with_what_the_last_one_read_until_another_writer_writes(store_url):
    """Batch after batch, a process keeps what linking read (term frequencies, profiles, samples of
    events) for the next batch; once another transaction has written (here another process stores
    the report of the meeting held, or this one records an error), it reads the database afresh."""
    ours, theirs = Store.open(store_url), Store.open(store_url)
    ours.save_analysis(PLANNED, None, link_article)
    index = ours._linked[1]
    again = meeting("c3", "Putin will meet Khamenei in Tehran.", "planned", PLANNED.events[0].date)
    ours.save_analysis(again, None, link_article)
    assert ours._linked[1] is index
    theirs.save_analysis(HELD, None, link_article)
    later = meeting("d4", "Putin met Khamenei in Tehran on Monday.", "occurred", PLANNED.events[0].date, trigger="met")
    ours.save_analysis(later, None, link_article)
    assert ours._linked[1] is not index
    [event] = ours.events()
    assert set(event.mention_ids) == {a.events[0].mention_id for a in (PLANNED, again, HELD, later)}
    assert event.status == "occurred" and event.num_articles == 4
    index = ours._linked[1]
    ours.record_error(BadInput("feed.jsonl", "broken JSON", line=2), "read")
    assert ours._linked is None


def test_store_a_batch_after_one_that_kept_too_much_starts_a_fresh_index(store_url, monkeypatch):
    """What an index keeps across batches is bounded (`MAX_KEPT` of a kind): past it, the next batch
    reads the database afresh, and links as it would have."""
    from tidings import store as store_module

    monkeypatch.setattr(store_module, "MAX_KEPT", 1)
    ours = Store.open(store_url)
    ours.save_analysis(PLANNED, None, link_article)
    ours.save_analysis(meeting("c3", "Putin will meet Khamenei in Tehran.", "planned", PLANNED.events[0].date),
                       None, link_article)
    index = ours._linked[1]
    ours.save_analysis(HELD, None, link_article)
    assert ours._linked[1] is not index
    [event] = ours.events()
    assert event.num_articles == 3 and event.status == "occurred"


def test_store_records_each_error_once(store_url):
    store = Store.open(store_url)
    for _ in range(2):
        store.record_error(BadInput("feed.jsonl", "broken JSON", line=2), "read")
    store.record_error(BadInput("empty.txt", "no article text"), "clean")
    assert [(e["location"], e["line"], e["stage"]) for e in store.errors()] == [
        ("empty.txt", None, "clean"), ("feed.jsonl", 2, "read")]


def test_store_known_article_ids_in_chunks(store_url):
    store = Store.open(store_url)
    store.save_analysis(PLANNED, None)
    assert store.known_article_ids(["a1", "b2", *(f"x{i}" for i in range(1200))]) == {"a1"}


def test_store_opening_a_database_of_an_older_version_adds_the_new_columns_and_keeps_its_rows(tmp_path):
    """A database written before mentions had a confidence is opened as it is: the column is
    added, empty, and what it held reads back (with the default confidence)."""
    import sqlite3

    path = tmp_path / "old.db"
    store = Store.open(path)
    store.save_analysis(PLANNED, None)
    store.close()
    with sqlite3.connect(path) as conn:
        for (index,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%confidence%'"):
            conn.execute(f"DROP INDEX {index}")  # an older version had neither the column nor its index
        conn.execute("ALTER TABLE event_mentions DROP COLUMN confidence")
        conn.execute("ALTER TABLE events DROP COLUMN confidence")
    store = Store.open(path)
    assert [m for _, m in store.event_mentions()] == list(PLANNED.events)
    store.close()
    with sqlite3.connect(path) as conn:
        assert "confidence" in {row[1] for row in conn.execute("PRAGMA table_info(event_mentions)")}


def test_store_opening_a_database_made_before_blocking_weeks_files_its_events_under_theirs(tmp_path):
    """Blocking rows written without a week are filed under theirs when the database is opened, so
    a later report still finds the event; the date indexes the weeks replace are dropped."""
    import sqlite3

    from sqlalchemy import select

    from tidings.link import block_keys, start_week
    from tidings.store import EventIndex, event_blocks

    path = tmp_path / "old.db"
    store = Store.open(path)
    store.save_analysis(PLANNED, None, link_article)
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX ix_event_blocks_key_week")
        conn.execute("ALTER TABLE event_blocks DROP COLUMN week")
        conn.execute("CREATE INDEX ix_event_blocks_key ON event_blocks (key, date_start)")
    store = Store.open(path)
    [event] = store.events()
    with store.engine.begin() as conn:
        window = (event.date.start, event.date.end)
        assert EventIndex(conn).candidates(block_keys(event), [event.type], window, 10) == [event.event_id]
        assert {r.week for r in conn.execute(select(event_blocks.c.week))} == {start_week(*window)}
    store.close()
    with sqlite3.connect(path) as conn:
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'event_blocks'")}
    assert "ix_event_blocks_key" not in indexes and "ix_event_blocks_key_week" in indexes


def test_store_an_event_linking_saved_is_what_it_reads_back(store_url):
    """The index keeps each event it saves as `events` would read it from its row, so that a
    candidate saved earlier in the transaction is not read again: the round trip loses nothing."""
    from tidings.link import block_keys
    from tidings.model import Event
    from tidings.store import EventIndex

    saved = [
        Event("e1", "ASSAULT", "occurred", ("m1", "m2"), "firearms", None,
              DateInterval(date(2016, 5, 29), date(2016, 5, 31), "week", "context"),
              Place("Flint", "USA", 43.0125, -83.6875, "city", region="Michigan", basis="dateline"),
              ("Q7747", "sector:police"), ("unnamed:man",), ("e0", "e7"), 0.8731, 3, 2),
        Event("e2", "OTHER", "planned", ("m3",), None, "election", None, None, (), (), (), 1.0, 1, 1),
    ]
    store = Store.open(store_url)
    with store.engine.begin() as conn:
        index = EventIndex(conn)
        for event in saved:
            index.save(event, block_keys(event))
        kept = index.events(["e1", "e2"])
        assert kept == EventIndex(conn).events(["e1", "e2"])  # read from the rows
        assert [e.mention_ids for e in kept] == [(), ()] and kept[0].location == saved[0].location
