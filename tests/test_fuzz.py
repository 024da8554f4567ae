"""Fuzzing: hostile and broken inputs never crash or hang a reader or a stage, each bad record is
one clear error, and the good records beside it are all stored.

Every reader gets random bytes, truncated and bit-flipped real files, deeply nested markup, giant
lines, control characters, mixed encodings and gzip bombs; `clean`, `time.resolve` and the
per-article analysis get random texts; the whole pipeline gets texts full of extreme values (dates
at the ends of the calendar, huge counts, empty and giant sentences); and the stages after analysis
(storing, linking, relinking, every export format, the API's reads) get hand-made records with
extreme values in every field. Those stages isolate a failing article (it becomes one recorded
error), so here any such error counts as a crash. The time limit is `PER_ARTICLE_SECONDS` per
article (or per file for a file that yields none), asserted on every example.

Example counts are small so `make test` stays quick; `make soak` sets TIDINGS_SOAK=1 for a long
campaign (TIDINGS_FUZZ_EXAMPLES overrides both). Every input tried is counted by stage (`soak`).
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import io
import os
import random
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import soak
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sources_warc import news_page, write_cc_news_warc
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings import clean, nlp
from tidings import time as tidings_time
from tidings.errors import BadInput
from tidings.export import EXPORTERS, export
from tidings.link import link_article
from tidings.model import (
    EVENT_TYPES,
    STATUSES,
    Actor,
    Analysis,
    Article,
    DateInterval,
    EventMention,
    Place,
    Profile,
    RawArticle,
    Signature,
)
from tidings.run import analyse, ingest, ingest_items
from tidings.sources import READERS, read_paths
from tidings.store import Store

SOAK = os.environ.get("TIDINGS_SOAK") == "1"
#: No article (or file without articles) may take longer than this in any reader or stage.
PER_ARTICLE_SECONDS = 10.0


def examples(quick: int, soak: int) -> int:
    return int(os.environ.get("TIDINGS_FUZZ_EXAMPLES", 0)) or (soak if SOAK else quick)


def fuzz(quick: int, soak: int):
    return settings(max_examples=examples(quick, soak), deadline=None, database=None, derandomize=not SOAK,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


SUFFIXES = sorted(READERS)
SEED_TEXT = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((SEEDS / "articles").glob("*.txt")))
SEED_WORDS = SEED_TEXT.split()


def read_file(folder: Path, name: str, data: bytes) -> list[RawArticle | BadInput]:
    """Read one file through the public entry point, checking the per-article time limit and
    that every problem is one printable line naming the file."""
    path = folder / name
    path.write_bytes(data)
    soak.tried("read")
    started = time.monotonic()
    items = list(read_paths([path]))
    elapsed = time.monotonic() - started
    assert elapsed < PER_ARTICLE_SECONDS * max(1, len(items)), f"{name}: {elapsed:.1f}s for {len(items)} items"
    for item in items:
        assert isinstance(item, (RawArticle, BadInput))
        if isinstance(item, BadInput):
            assert "\n" not in str(item) and path.name in str(item), str(item)
        else:
            assert item.body.strip()
    path.unlink()
    return items


# --- readers ----------------------------------------------------------------------------------

def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=1)


raw_bytes = st.one_of(st.binary(max_size=4096), st.binary(max_size=512).map(gzipped),
                      st.text(max_size=2048).map(lambda t: t.encode("utf-8", "surrogatepass")))


@fuzz(quick=40, soak=3000)
@given(suffix=st.sampled_from(SUFFIXES), data=raw_bytes)
def test_fuzz_every_reader_survives_random_bytes(tmp_path, suffix, data):
    read_file(tmp_path, f"random{suffix}", data)


def sample_files(folder: Path) -> dict[str, bytes]:
    """One well-formed file per reader, to be cut and damaged."""
    warc = folder / "sample.warc.gz"
    write_cc_news_warc(warc, [news_page(1), news_page(2), news_page(3, dated=False)])
    plain = folder / "sample.warc"
    write_cc_news_warc(plain, [news_page(1), news_page(2)], gzipped=False)
    paragraphs = [p.replace('"', "'") for p in SEED_TEXT.split("\n\n")[:6]]
    jsonl = "\n".join(f'{{"title": "Story {n}", "maintext": "{p}"}}' for n, p in enumerate(paragraphs)).encode()
    feeds = Path(__file__).parent / "data" / "feeds"
    return {".warc.gz": warc.read_bytes(), ".warc": plain.read_bytes(), ".html": news_page(1),
            ".jsonl": jsonl, ".jsonl.gz": gzipped(jsonl), ".txt": SEED_TEXT.encode(),
            ".rss": (feeds / "valley_radio.rss").read_bytes(), ".atom": (feeds / "harbour_times.atom").read_bytes()}


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, bytes]:
    return sample_files(tmp_path_factory.mktemp("samples"))


@fuzz(quick=40, soak=2000)
@given(data=st.data())
def test_fuzz_truncated_and_damaged_real_files(tmp_path, samples, data):
    suffix = data.draw(st.sampled_from(sorted(samples)))
    content = bytearray(samples[suffix])
    cut = data.draw(st.integers(0, len(content)))
    content = content[:cut]
    for _ in range(data.draw(st.integers(0, 4))):
        if content:
            position = data.draw(st.integers(0, len(content) - 1))
            content[position] = data.draw(st.integers(0, 255))
    read_file(tmp_path, f"damaged{suffix}", bytes(content))


def test_fuzz_truncated_warc_keeps_every_record_before_the_cut(tmp_path, samples):
    """Cut a CC-NEWS WARC at every 97th byte: each whole record before the cut is still read."""
    whole = [a for a in read_file(tmp_path, "whole.warc.gz", samples[".warc.gz"]) if isinstance(a, RawArticle)]
    ends = [a.provenance["warc_offset"] + a.provenance["warc_length"] for a in whole]
    for cut in range(0, len(samples[".warc.gz"]), 97):
        items = read_file(tmp_path, "cut.warc.gz", samples[".warc.gz"][:cut])
        kept = [a.provenance["warc_record_id"] for a in items if isinstance(a, RawArticle)]
        assert kept == [a.provenance["warc_record_id"] for a, end in zip(whole, ends, strict=True) if end <= cut]
        assert sum(isinstance(i, BadInput) for i in items) <= 1


def test_fuzz_deeply_nested_markup(tmp_path):
    depth = 50_000
    page = (b"<html><body>" + b"<div>" * depth + b"<p>" + b"The council met on Monday to vote on the budget. " * 3
            + b"</p>" + b"</div>" * depth + b"</body></html>")
    read_file(tmp_path, "nested.html", page)
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>t</title><description>'
            + b"&lt;div&gt;" * depth + b"deep" + b"</description></item></channel></rss>")
    read_file(tmp_path, "nested.rss", feed)
    read_file(tmp_path, "nested.jsonl", b'{"maintext": ' + b"[" * depth + b"]" * depth + b"}\n")
    warc = io.BytesIO()
    write_cc_news_warc_bytes(warc, page)
    read_file(tmp_path, "nested.warc", warc.getvalue())


def write_cc_news_warc_bytes(out: io.BytesIO, page: bytes) -> None:
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://a.example/", "response", payload=io.BytesIO(page),
                                                  http_headers=http))


def test_fuzz_giant_lines_are_errors_and_the_next_line_is_read(tmp_path):
    good = b'{"title": "Road reopens", "maintext": "The mountain road reopened on Sunday after a landslide."}\n'
    noise = base64.b64encode(random.Random(5).randbytes(13 * 1024 * 1024))  # 17 MB that gzip cannot shrink much
    giant = b'{"maintext": "' + noise + b'"}\n'
    for name, data in (("giant.jsonl", giant + good), ("giant.jsonl.gz", gzipped(giant + good))):
        error, article = read_file(tmp_path, name, data)
        assert isinstance(error, BadInput) and "longer than" in error.reason and error.line == 1
        assert isinstance(article, RawArticle) and article.source_path == f"{name}#2"
    [item] = read_file(tmp_path, "giant.txt", b"word " * (2 * 1024 * 1024))  # one 10 MB line
    assert isinstance(item, RawArticle)


@pytest.mark.parametrize("name", ["bomb.jsonl.gz", "bomb.warc.gz"])
def test_fuzz_gzip_bombs_are_refused(tmp_path, name):
    """100 MB of newlines from ~100 KB of gzip: stopped at the cap with one error."""
    stream = io.BytesIO()
    with gzip.GzipFile(fileobj=stream, mode="wb", compresslevel=9) as out:
        for _ in range(100):
            out.write(b"\n" * (1024 * 1024))
    [error] = read_file(tmp_path, name, stream.getvalue())
    # a WARC reader sees no record header in the first lines and gives up before the cap
    assert "decompression bomb" in error.reason or "broken WARC record" in error.reason


control = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("\u200b\u202e\ufeff\u2028\x7f\x85")


@fuzz(quick=20, soak=1000)
@given(suffix=st.sampled_from([".txt", ".html", ".jsonl", ".rss"]),
       noise=st.lists(st.tuples(st.integers(0, 2000), st.text(control, min_size=1, max_size=5)), max_size=20),
       encoding=st.sampled_from(["utf-8", "latin-1", "cp1252", "utf-16", "shift_jis", "mixed"]))
def test_fuzz_control_characters_and_mixed_encodings(tmp_path, samples, suffix, noise, encoding):
    text = samples.get(suffix, samples[".txt"]).decode("utf-8")
    for position, chars in noise:
        text = text[:position] + chars + text[position:]
    if encoding == "mixed":  # half UTF-8, half Latin-1: what a careless concatenation gives
        middle = len(text) // 2
        data = text[:middle].encode("utf-8", "replace") + text[middle:].encode("latin-1", "replace")
    else:
        data = text.encode(encoding, "replace")
    read_file(tmp_path, f"noisy{suffix}", data)


# --- stages -----------------------------------------------------------------------------------

def word_salad(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(SEED_WORDS) for _ in range(words))


texts = st.one_of(
    st.text(max_size=3000),
    st.builds(word_salad, st.randoms(use_true_random=False), st.integers(1, 400)),
    st.lists(st.sampled_from(SEED_TEXT.split("\n")), max_size=12).map("\n".join),
)


@fuzz(quick=60, soak=3000)
@given(body=texts, title=st.none() | st.text(max_size=200))
def test_fuzz_clean_never_fails(body, title):
    soak.tried("clean")
    started = time.monotonic()
    article = clean.clean(RawArticle(source_path="fuzz.txt", body=body, title=title))
    assert time.monotonic() - started < PER_ARTICLE_SECONDS
    assert isinstance(article, Article)
    clean.minhash(article.text)


date_words = st.sampled_from(["on", "last", "next", "early", "late", "mid", "since", "the", "ago", "in", "from",
                              "to", "-", "Monday", "weekend", "week", "month", "year", "1990s", "July", "Nov.",
                              "23", "2017", "two", "days", "past", "this", "earlier", "later", "of", ",", "'s"])
expressions = st.one_of(st.text(max_size=60), st.lists(date_words, max_size=8).map(" ".join),
                        st.lists(st.one_of(date_words, st.integers(-99999, 99999).map(str)), max_size=6).map(" ".join))


@fuzz(quick=300, soak=20000)
@given(expr=expressions, published=st.none() | st.dates(date(1, 1, 2), date(9999, 12, 30)),
       tense=st.sampled_from(["past", "present", "future"]), year=st.none() | st.integers(1, 9999))
def test_fuzz_time_resolve_never_fails(expr, published, tense, year):
    soak.tried("time")
    started = time.monotonic()
    interval = tidings_time.resolve(expr, published, tense, year=year)
    timex = tidings_time.normalise(expr, published, tense, sentence=f"He said {expr} that {expr}.")
    found = tidings_time.year_in(expr, published)
    assert time.monotonic() - started < PER_ARTICLE_SECONDS
    assert interval is None or (isinstance(interval, DateInterval) and interval.start <= interval.end)
    assert timex is None or (timex.value and (timex.interval is None or timex.interval.start <= timex.interval.end))
    assert found is None or 1000 <= found <= max(2999, published.year + 5 if published else 0)


@fuzz(quick=12, soak=300)
@given(body=texts, published=st.none() | st.dates(date(1900, 1, 1), date(2100, 1, 1)))
def test_fuzz_analysis_never_fails(body, published):
    article = clean.clean(RawArticle(source_path="fuzz.txt", body=body, published=published))
    if not article.text.strip():
        return
    soak.tried("analyse")
    started = time.monotonic()
    doc = next(iter(nlp.parse([article.text])))
    analysis = analyse(article, doc)
    assert time.monotonic() - started < PER_ARTICLE_SECONDS
    for mention in analysis.events:
        assert 0 <= mention.start <= mention.end <= len(article.text)


# --- a mixed batch: the good records are all stored ---------------------------------------------

def good_files(n: int) -> dict[str, bytes]:
    paragraphs = [p for p in SEED_TEXT.split("\n") if len(p) > 80]
    rng = random.Random(n)
    return {f"good{i}.txt": f"Report {n}-{i} on the talks\n\n{' '.join(rng.sample(paragraphs, 2))}\n".encode()
            for i in range(2)}


@fuzz(quick=3, soak=30)
@given(data=st.data())
def test_fuzz_mixed_batch_stores_every_good_record(tmp_path_factory, samples, data):
    folder = tmp_path_factory.mktemp("batch")
    files = good_files(data.draw(st.integers(0, 10**6)))
    for n in range(data.draw(st.integers(1, 4))):
        suffix = data.draw(st.sampled_from(SUFFIXES))
        files[f"bad{n}{suffix}"] = data.draw(raw_bytes)
    files["cut.warc.gz"] = samples[".warc.gz"][: data.draw(st.integers(0, len(samples[".warc.gz"])))]
    for name, content in files.items():
        (folder / name).write_bytes(content)
    expected = {a.article_id: a.source_path for a in read_paths([folder]) if isinstance(a, RawArticle)}
    store = Store.open(folder / "t.db")
    soak.tried("ingest (mixed batch)")
    report = ingest([folder], store, batch_size=4)
    stored = {a.article_id: a.source_path for a in store.articles()}
    refused = {e.where for e in report.errors}   # e.g. no text left after cleaning: one error each
    assert {f"good{i}.txt" for i in range(2)} <= set(stored.values())
    assert stored.keys() <= expected.keys()
    assert all(article_id in stored or where in refused for article_id, where in expected.items())
    assert len(stored) == report.stored
    store.close()


# --- the whole pipeline, with extreme values in the text -------------------------------------------

#: Days at and near the ends of the calendar, and ordinary ones.
EXTREME_DAYS = st.one_of(st.sampled_from([date.min, date(1, 1, 3), date(1899, 12, 31), date(1970, 1, 1),
                                          date(2015, 11, 20), date(9999, 12, 24), date.max]), st.dates())
EXTREMES = [
    "The summit will take place in December 9999.", "The two leaders met on January 1, 0001.",
    "Putin will meet Khamenei on 31 December 9999 in Tehran.", "The treaty ends in the year 10000.",
    "Talks were held 99999 years ago, officials said.", "The ceasefire begins on February 30, 2015.",
    "Some 100000000000000000000000000 people protested in Lagos on Monday.", "Troops attacked on 0000-00-00.",
    "They met in the 0s and again in the 9990s.", "", "\n\n\n", ".", "Said.", "A" * 5_000,
    " ".join(["the talks went on"] * 400) + ".",  # a giant sentence: 400 triggers, 7,000 characters, no stop
    "Putin met Khamenei. " * 400,  # 400 short sentences reporting one event
]


@fuzz(quick=3, soak=120)
@given(parts=st.lists(st.sampled_from(EXTREMES) | st.sampled_from(SEED_TEXT.split("\n")), min_size=1, max_size=10),
       published=st.none() | EXTREME_DAYS)
def test_fuzz_whole_pipeline_with_extreme_values(tmp_path_factory, parts, published):
    """Reading aside, every stage on texts full of extreme values: no article fails any stage."""
    folder = tmp_path_factory.mktemp("extreme")
    store = Store.open(folder / "t.db")
    raw = RawArticle(source_path="extreme.txt", body="Report on the talks\n\n" + "\n\n".join(parts),
                     published=published)
    started = time.monotonic()
    report = ingest_items([raw], store)
    soak.tried("pipeline (clean to link)")
    assert time.monotonic() - started < PER_ARTICLE_SECONDS * 3
    assert report.errors == [] and report.stored == 1
    assert store.relink(link_article) == []
    export(store, "jsonl", folder / "out")
    store.close()


# --- the stages after analysis, with extreme values in every field ---------------------------------

#: Text as reading and cleaning leave it: any character but NUL (cleaning drops control characters,
#: and PostgreSQL refuses NUL in text) and lone surrogates (a record's "\\ud9df" becomes U+FFFD as
#: it is read: `RawArticle`).
TEXT = st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"])
ACTOR_IDS = st.sampled_from(["Q7747", "Q57336", "Q1", "tid:0123456789ab", "Q9999999999999"])
PLACES = st.none() | st.builds(
    Place, name=st.text(TEXT, max_size=40), country=st.none() | st.sampled_from(["IRN", "RUS", "USA", "XXX"]),
    lat=st.none() | st.floats(-90, 90), lon=st.none() | st.floats(-180, 180),
    kind=st.sampled_from(["city", "country", "region", "other"]),
    basis=st.sampled_from([None, "text", "context", "dateline", "article"]))
SENTENCES = st.one_of(st.just(""), st.text(TEXT, max_size=300), st.integers(0, 40_000).map(lambda n: "word " * n))
SIGNATURES = st.none() | st.builds(Signature, lemma=st.text(TEXT, max_size=20),
                                   pos=st.sampled_from(["VERB", "NOUN", ""]),
                                   terms=st.lists(st.text(TEXT, max_size=12), max_size=20).map(tuple),
                                   entities=st.lists(st.text(TEXT, max_size=12), max_size=10).map(tuple))
PROFILES = st.none() | st.builds(Profile, terms=st.dictionaries(st.text(TEXT, min_size=1, max_size=20),
                                                                st.integers(1, 10**12), max_size=40),
                                 entities=st.lists(st.text(TEXT, max_size=20), max_size=10).map(tuple))


@st.composite
def intervals(draw) -> DateInterval:
    a, b = draw(EXTREME_DAYS), draw(EXTREME_DAYS)
    return DateInterval(min(a, b), max(a, b), draw(st.sampled_from(["day", "week", "month", "year"])),
                        draw(st.sampled_from(["text", "context", "publication", None])))


@st.composite
def analyses(draw, article_id: str) -> Analysis:
    """One article as the per-article stages might leave it, every field pushed to its extremes."""
    text = draw(st.text(TEXT, min_size=1, max_size=3000))
    mentions: dict[str, EventMention] = {}
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        kind = draw(st.sampled_from(EVENT_TYPES))
        status = draw(st.sampled_from(STATUSES))
        m = EventMention(article_id, start, end, text[start:end], draw(SENTENCES), kind, status,
                         draw(st.none() | st.sampled_from(["visit", "phone", "aerial"])),
                         draw(st.none() | st.text(TEXT, max_size=20)) if kind == "OTHER" else None,
                         draw(st.none() | intervals()), draw(PLACES),
                         tuple(draw(st.lists(ACTOR_IDS, max_size=30))), tuple(draw(st.lists(ACTOR_IDS, max_size=30))),
                         draw(st.none() | ACTOR_IDS), draw(st.floats(0, 1)), draw(SIGNATURES),
                         draw(st.none() | st.sampled_from(sorted(mentions) or ["none"])))
        mentions.setdefault(m.mention_id, m)
    found = {a for m in mentions.values() for a in (*m.source_actors, *m.target_actors)}
    actors = tuple(Actor(a, f"Actor {a}", "person") for a in sorted(found))
    article = Article(article_id, f"{article_id}.txt", text, title=draw(st.none() | st.text(TEXT, max_size=100)),
                      published=draw(st.none() | EXTREME_DAYS), content_hash=article_id * 2,
                      duplicate_of=None)
    return Analysis(article, (), actors, tuple(mentions.values()), draw(PROFILES))


@contextlib.contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[Store]:
    """An empty database for one example: an SQLite file, or a PostgreSQL schema dropped after."""
    if backend == "sqlite":
        store = Store.open(folder / "t.db")
        yield store
        store.close()
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tidings.store import database_url

    server = create_engine(database_url(os.environ["TIDINGS_TEST_PG_URL"]))
    schema = f"fuzz_{uuid.uuid4().hex[:12]}"
    with server.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(database_url(os.environ["TIDINGS_TEST_PG_URL"])).update_query_dict(
        {"options": f"-csearch_path={schema}"})
    store = Store.open(url.render_as_string(hide_password=False))
    try:
        yield store
    finally:
        store.close()
        with server.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@fuzz(quick=10, soak=200)
@given(data=st.data())
def test_fuzz_store_link_export_and_api_with_extreme_records(tmp_path_factory, backend, data):
    if backend == "postgresql" and not os.environ.get("TIDINGS_TEST_PG_URL"):
        pytest.skip("TIDINGS_TEST_PG_URL is not set (no PostgreSQL server to test against)")
    batch = [data.draw(analyses(f"art{n:03}")) for n in range(data.draw(st.integers(1, 5)))]
    folder = tmp_path_factory.mktemp("stages")
    with fresh_database(backend, folder) as store:
        stages_after_analysis(store, batch, folder, backend)


def stages_after_analysis(store: Store, batch: list[Analysis], folder: Path, backend: str) -> None:
    from fastapi.testclient import TestClient

    from tidings.api import create_app

    saved = store.save_analyses([(a, None) for a in batch], link_article)
    soak.tried(f"store and link ({backend})", len(batch))
    assert [(a.article.article_id, reason) for a, _, reason in saved.failed] == []  # each one a crash
    assert store.relink(link_article) == []
    soak.tried(f"relink ({backend})")
    for fmt in EXPORTERS:
        export(store, fmt, folder / fmt)
        soak.tried(f"export ({backend})")
    client = TestClient(create_app(store))
    event_ids = [e.event_id for e in store.events()][:3]
    urls = ["/api/events", "/api/events?sort=-date", "/api/timeline?bucket=week", "/api/timeline", "/api/places",
            "/api/stories", *(f"/api/events/{e}" for e in event_ids), f"/api/articles/{batch[0].article.article_id}"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
    soak.tried(f"api ({backend})", len(urls))
