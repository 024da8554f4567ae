"""Review over the seed database: merge two events, split a mention off, rule a mention out; the
audit log; decisions held through relink and re-ingest; exported; behind the token in the API;
the `tidings review` commands; and a merge and a split through the web UI in a real browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SEEDS, read_jsonl
from fastapi.testclient import TestClient
from sqlalchemy import text

from tidings import query, review
from tidings.api import ApiSettings, create_app
from tidings.cli import main
from tidings.export import export
from tidings.link import link_article
from tidings.run import ingest
from tidings.sources import load_manifest
from tidings.store import READ, Store

pytestmark = pytest.mark.model
TOKEN = "review-token-5c1d"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOTE = {"who": "ana", "why": "checked against the sources"}


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two seed articles ingested once for the module (tidings.db beside articles/)."""
    folder = tmp_path_factory.mktemp("review-seeds")
    shutil.copytree(SEEDS / "articles", folder / "articles")
    shutil.copy(SEEDS / "manifest.jsonl", folder / "manifest.jsonl")
    store = Store.open(folder / "tidings.db")
    report = ingest([folder / "articles"], store, load_manifest(folder / "manifest.jsonl"))
    assert report.stored == 2 and not report.errors
    store.close()
    return folder


@pytest.fixture
def seeds_db(seed_folder: Path, tmp_path: Path) -> tuple[Path, str]:
    """A private copy of the seed folder and database, for tests that write: (folder, URL)."""
    folder = tmp_path / "seeds"
    shutil.copytree(seed_folder, folder)
    return folder, f"sqlite:///{folder / 'tidings.db'}"


class Seeds:
    """The events and mentions the tests review, found by what they are, not by their ids."""

    def __init__(self, store: Store):
        self.events = {e.event_id: e for e in store.events()}
        self.mentions = {m.mention_id: (eid, m) for eid, m in store.event_mentions()}
        published = {a.article_id: a.published for a in store.articles()}
        #: the 2015 Tehran meeting, reported by both articles
        self.meeting = next(e for e in self.events.values() if e.type == "CONSULT" and e.num_articles == 2)
        #: another CONSULT of the same day, reported by one article only
        self.other = min(e.event_id for e in self.events.values() if e.type == "CONSULT" and e.num_articles == 1
                         and e.date is not None and e.date.start == self.meeting.date.start)  # type: ignore[union-attr]
        #: the 2018 article's report of the 2015 meeting
        self.later = max(self.meeting.mention_ids, key=lambda m: (published[self.mentions[m][1].article_id], m))
        #: a mention of an event with several, in one article
        self.ruled_out = min(m for e in self.events.values() if e.num_articles == 1 and len(e.mention_ids) >= 3
                             for m in e.mention_ids)


def state(store: Store) -> tuple[list[Any], list[tuple[str, str]]]:
    """Events (id, mentions, merged ids, counts, date, place, status) and every mention's event."""
    found = sorted((e.event_id, e.mention_ids, e.merged_ids, e.num_articles, e.num_sources, e.date, e.location,
                    e.status) for e in store.events())
    return found, sorted((eid or "", m.mention_id) for eid, m in store.event_mentions())


def kept_summaries(store: Store) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the store keeps with each event (mention count, outlets) and what its reports say:
    the two must agree after every decision, relink and correction."""
    with store.engine.connect() as conn:
        kept: dict[str, Any] = {r.event_id: (r.num_mentions, set()) for r in conn.execute(text(
            "SELECT event_id, num_mentions FROM events"))}
        for r in conn.execute(text("SELECT event_id, source FROM event_sources")):
            kept[r.event_id][1].add(r.source)
        found: dict[str, Any] = {e: (0, set()) for e in kept}
        for r in conn.execute(text("SELECT m.event_id, a.source FROM event_mentions m JOIN articles a "
                                   "ON a.article_id = m.article_id WHERE m.event_id IS NOT NULL")):
            n, outlets = found[r.event_id]
            found[r.event_id] = (n + 1, outlets | ({r.source} if r.source else set()))
    return kept, found


def decide_all(store: Store, s: Seeds) -> None:
    review.merge(store, s.meeting.event_id, s.other, **NOTE)
    review.split(store, s.later, **NOTE)
    review.not_event(store, s.ruled_out, **NOTE)


def test_review_merge_split_not_event_recompute_the_events(seeds_db):
    store = Store.open(seeds_db[1])
    s = Seeds(store)
    meeting, other = s.meeting, s.events[s.other]

    merged = review.merge(store, other.event_id, meeting.event_id, who="ana", why="the same meeting")
    assert merged.changed and merged.decision is not None
    kept = merged.event_id
    absorbed = other.event_id if kept == meeting.event_id else meeting.event_id
    after = {e.event_id: e for e in store.events()}
    assert absorbed not in after and absorbed in after[kept].merged_ids
    assert set(after[kept].mention_ids) == set(meeting.mention_ids) | set(other.mention_ids)
    assert after[kept].num_articles == 2 and after[kept].num_sources == 2
    assert query.find_event_id(store.engine, absorbed) == kept  # the absorbed id still leads to the event
    again = review.merge(store, meeting.event_id, other.event_id, who="bo", why="again")
    assert not again.changed and again.event_id == kept  # idempotent: nothing changed, nothing recorded
    with pytest.raises(review.ReviewError, match="itself"):
        review.merge(store, kept, kept, **NOTE)
    with pytest.raises(review.UnknownId):
        review.merge(store, kept, "no-such-event", **NOTE)
    with pytest.raises(review.ReviewError, match="who"):
        review.merge(store, kept, s.other, who=" ", why="x")

    split = review.split(store, s.later, who="ana", why="the 2018 article recalls it: keep it apart")
    after = {e.event_id: e for e in store.events()}
    assert split.event_id is not None and after[split.event_id].mention_ids == (s.later,)
    assert after[split.event_id].num_articles == 1
    reporting = {s.mentions[m][1].article_id for m in after[kept].mention_ids}
    assert s.later not in after[kept].mention_ids and after[kept].num_articles == len(reporting)  # recomputed
    assert not review.split(store, s.later, **NOTE).changed

    ruled = s.mentions[s.ruled_out][0]
    assert ruled is not None
    out = review.not_event(store, s.ruled_out, who="ana", why="a figure of speech")
    assert out.changed and out.event_id is None
    assert dict((m.mention_id, eid) for eid, m in store.event_mentions())[s.ruled_out] is None
    article_id = s.mentions[s.ruled_out][1].article_id
    detail = query.article_detail(store.engine, article_id)
    assert detail is not None and s.ruled_out not in {m["mention_id"] for m in detail["event_mentions"]}  # hidden
    shown = query.article_detail(store.engine, article_id, unlinked=True)
    assert shown is not None and s.ruled_out in {m["mention_id"] for m in shown["event_mentions"]}
    assert not review.not_event(store, s.ruled_out, **NOTE).changed
    with pytest.raises(review.UnknownId):
        review.split(store, "0" * 20, **NOTE)

    log = review.log(store)
    assert [d.action for d in log] == ["merge", "split", "not-event"] and [d.number for d in log] == [1, 2, 3]
    assert log[0].who == "ana" and log[0].why == "the same meeting" and log[0].decided_at.endswith("+00:00")
    assert log[0].result == kept and set(log[0].event_ids) == {kept, absorbed}
    summaries, from_reports = kept_summaries(store)
    assert summaries == from_reports and sum(n for n, _ in summaries.values()) > len(summaries)


def test_review_an_older_database_gets_the_log_table(seeds_db):
    url = seeds_db[1]
    with Store.open(url).engine.begin() as conn:
        conn.execute(text("DROP TABLE reviews"))  # as a database made before review existed
    assert review.log(Store.open(url, READ)) == []  # even a reader completes the schema, keeping the rest
    s = Seeds(Store.open(url))
    assert review.split(Store.open(url), s.later, **NOTE).changed


def test_review_decisions_survive_relink(store_url, seeds):
    store = Store.open(store_url)
    ingest([seeds / "articles"], store, load_manifest(seeds / "manifest.jsonl"))
    s = Seeds(store)
    decide_all(store, s)
    decided = state(store)
    assert store.relink(link_article) == []
    assert state(store) == decided
    assert store.relink(link_article) == []  # and again: the same
    assert state(store) == decided
    summaries, from_reports = kept_summaries(store)
    assert summaries == from_reports
    assert len(review.log(store)) == 3


def test_review_decisions_survive_reingest_and_corrections(seeds_db):
    folder, url = seeds_db
    store = Store.open(url)
    s = Seeds(store)
    decide_all(store, s)
    decided = state(store)
    report = ingest([folder / "articles"], store, load_manifest(folder / "manifest.jsonl"))
    assert report.stored == 0 and report.already_stored == 2
    assert state(store) == decided
    # a corrected manifest re-links both articles: the decisions are applied again after the batch
    manifest = folder / "manifest.jsonl"
    entries = [json.loads(line) for line in manifest.read_text().splitlines() if line.strip()]
    manifest.write_text("".join(json.dumps({**e, "source": f"{e.get('source')} (corrected)"}) + "\n"
                                for e in entries))
    ingest([folder / "articles"], store, load_manifest(manifest))
    assert len(store.corrections()) == 2
    events, linked = state(store)
    by_mention = dict((m, e) for e, m in linked)
    assert by_mention[s.ruled_out] == ""  # still not an event
    assert [e for e in events if s.later in e[1]][0][1] == (s.later,)  # still alone
    kept = review.log(store)[0].result
    assert {by_mention[m] for m in (*s.meeting.mention_ids, *s.events[s.other].mention_ids)
            if m != s.later} == {kept}  # still merged
    assert query.find_event_id(store.engine, review.log(store)[0].event_ids[1]) == kept
    summaries, from_reports = kept_summaries(store)  # the outlets follow the corrected manifest
    assert summaries == from_reports and {o for _, outlets in summaries.values() for o in outlets} == {
        f"{e.get('source')} (corrected)" for e in entries}


def test_review_kept_outlets_follow_a_corrected_manifest(seeds, tmp_path):
    """Both articles corrected in one batch: the first one's relinking reads the second's row, which
    its own correction then rewrites; what its events keep follows the corrected row, not the one read."""
    store = Store.open(tmp_path / "t.db")
    ingest([seeds / "articles"], store, load_manifest(seeds / "manifest.jsonl"))
    manifest = seeds / "manifest.jsonl"
    entries = [json.loads(line) for line in manifest.read_text().splitlines() if line.strip()]
    manifest.write_text("".join(json.dumps({**e, "source": f"{e.get('source')} (corrected)"}) + "\n"
                                for e in entries))
    report = ingest([seeds / "articles"], store, load_manifest(manifest))
    assert report.corrected == 2
    summaries, from_reports = kept_summaries(store)
    assert summaries == from_reports
    assert {o for _, outlets in summaries.values() for o in outlets} == {f"{e.get('source')} (corrected)"
                                                                         for e in entries}


def test_review_replay_tells_whether_it_applied_a_decision(seeds_db):
    """After a batch, only decisions about the mentions it linked are applied again; the caller
    learns whether any was (then the linker's index forgets the events it kept)."""
    from tidings.store import EventIndex

    _, url = seeds_db
    store = Store.open(url)
    s = Seeds(store)
    decide_all(store, s)
    with store.engine.begin() as conn:
        assert not review.replay(conn, EventIndex(conn), {"no such mention"})
        assert review.replay(conn, EventIndex(conn), {s.later})


def test_review_a_split_event_stays_alone_as_new_articles_come(seeds, tmp_path):
    store = Store.open(tmp_path / "t.db")
    manifest = load_manifest(seeds / "manifest.jsonl")
    ingest([seeds / "articles" / "000_5b95a3e8c0240a25.txt"], store, manifest)  # the 2015 article alone
    meeting = max((e for e in store.events() if e.type == "CONSULT"), key=lambda e: (len(e.mention_ids), e.event_id))
    assert len(meeting.mention_ids) >= 2
    alone = review.split(store, meeting.mention_ids[0], **NOTE).event_id
    other = next(e for e in store.events() if e.type == "CONSULT" and e.event_id not in (alone, meeting.event_id))
    merged = review.merge(store, meeting.event_id, other.event_id, **NOTE).event_id
    ingest([seeds / "articles" / "003_1bfbd8a9fc5ad8c4.txt"], store, manifest)  # then the 2018 one
    after = {e.event_id: e for e in store.events()}
    assert after[alone].mention_ids == (meeting.mention_ids[0],)  # nothing joined the split mention
    assert {*meeting.mention_ids[1:], *other.mention_ids} <= set(after[merged].mention_ids)  # still merged
    assert len(review.log(store)) == 2


def test_review_export_contains_the_log(seeds_db, tmp_path):
    store = Store.open(seeds_db[1])
    s = Seeds(store)
    decide_all(store, s)
    export(store, "jsonl", tmp_path / "jsonl")
    reviews = read_jsonl(tmp_path / "jsonl" / "reviews.jsonl")
    assert [r["action"] for r in reviews] == ["merge", "split", "not-event"]
    assert reviews[1]["mention_ids"] == [s.later] and reviews[0]["who"] == "ana"
    events = read_jsonl(tmp_path / "jsonl" / "events.jsonl")
    assert [e["event_id"] for e in events if [m["mention_id"] for m in e["mentions"]] == [s.later]]
    assert not [e for e in events for m in e["mentions"] if m["mention_id"] == s.ruled_out]
    export(store, "csv", tmp_path / "csv")
    rows = (tmp_path / "csv" / "reviews.csv").read_text().splitlines()
    assert rows[0].startswith("review_id,number,action") and len(rows) == 4


def test_review_api_needs_the_token_and_checks_ids(seeds_db):
    url = seeds_db[1]
    s = Seeds(Store.open(url))
    closed = TestClient(create_app(url))
    assert closed.post(f"/api/events/{s.other}/merge", json={**NOTE, "other": s.meeting.event_id}).status_code == 403
    client = TestClient(create_app(url, ApiSettings(ingest_token=TOKEN)))
    merge = f"/api/events/{s.other}/merge"
    body = {**NOTE, "other": s.meeting.event_id}
    assert client.post(merge, json=body).status_code == 401
    assert client.post(merge, json=body, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/api/reviews").json() == {"items": []}

    done = client.post(merge, json=body, headers=AUTH)
    assert done.status_code == 201, done.text
    kept = done.json()["event_id"]
    assert done.json()["changed"] and done.json()["review"]["action"] == "merge"
    assert client.post(merge, json=body, headers=AUTH).status_code == 200  # taken already
    event = client.get(f"/api/events/{kept}").json()
    assert event["num_articles"] == 2
    assert event["mention_count"] == len(s.meeting.mention_ids) + len(s.events[s.other].mention_ids)
    absorbed = ({s.other, s.meeting.event_id} - {kept}).pop()
    assert client.get(f"/api/events/{absorbed}", follow_redirects=False).status_code == 308

    itself = client.post(f"/api/events/{kept}/merge", json={**NOTE, "other": kept}, headers=AUTH)
    assert itself.status_code == 400 and "itself" in itself.json()["error"]["message"]
    unknown = client.post("/api/events/nope/merge", json={**NOTE, "other": kept}, headers=AUTH)
    assert unknown.status_code == 404 and unknown.json()["error"]["status"] == 404
    missing = client.post(f"/api/mentions/{'0' * 20}/split", json=NOTE, headers=AUTH)
    assert missing.status_code == 404 and "no event mention" in missing.json()["error"]["message"]
    assert client.post(f"/api/mentions/{s.later}/split", json={"who": "ana"}, headers=AUTH).status_code == 422

    split = client.post(f"/api/mentions/{s.later}/split", json=NOTE, headers=AUTH)
    assert split.status_code == 201
    alone = client.get(f"/api/events/{split.json()['event_id']}").json()
    assert [m["mention_id"] for m in alone["mentions"]] == [s.later]
    remaining = client.get(f"/api/events/{kept}").json()
    assert remaining["num_articles"] == len({m["article_id"] for m in remaining["mentions"]})  # recomputed
    ruled = client.post(f"/api/mentions/{s.ruled_out}/not-event", json=NOTE, headers=AUTH)
    assert ruled.status_code == 201 and ruled.json()["event_id"] is None
    log = client.get("/api/reviews").json()["items"]
    assert [d["action"] for d in log] == ["merge", "split", "not-event"]


def test_review_cli(seeds_db):
    url = seeds_db[1]
    s = Seeds(Store.open(url))
    run = CliRunner().invoke
    merged = run(main, ["review", "merge", s.other, s.meeting.event_id, "--why", "same meeting", "--who", "ana",
                        "--db", url])
    assert merged.exit_code == 0, merged.output
    assert merged.output.startswith("review 1: merged; now in event ")
    again = run(main, ["review", "merge", s.other, s.meeting.event_id, "--why", "x", "--who", "ana", "--db", url])
    assert again.exit_code == 0 and again.output.startswith("nothing to do: merged already")
    itself = run(main, ["review", "merge", s.other, s.other, "--why", "x", "--who", "ana", "--db", url])
    assert itself.exit_code == 1 and "itself" in itself.output
    unknown = run(main, ["review", "split", "nope", "--why", "x", "--who", "ana", "--db", url])
    assert unknown.exit_code == 1 and "no event mention 'nope'" in unknown.output
    assert run(main, ["review", "split", s.later, "--who", "ana", "--db", url]).exit_code == 2  # --why missing
    split = run(main, ["review", "split", s.later, "--why", "a recollection", "--db", url],
                env={"TIDINGS_REVIEWER": "bo"})
    assert split.exit_code == 0 and split.output.startswith("review 2: split off")
    ruled = run(main, ["review", "not-event", s.ruled_out, "--why", "no", "--who", "ana", "--db", url])
    assert ruled.exit_code == 0 and "marked not an event" in ruled.output
    logged = run(main, ["review", "log", "--json", "--db", url])
    lines = [json.loads(line) for line in logged.output.splitlines()]
    assert [(d["number"], d["action"], d["who"]) for d in lines] == [(1, "merge", "ana"), (2, "split", "bo"),
                                                                     (3, "not-event", "ana")]
    table = run(main, ["review", "log", "--db", url])
    assert table.exit_code == 0 and "not-event" in table.output and "a recollection" in table.output


# In a browser ------------------------------------------------------------------------------------

@pytest.fixture
def review_server(seeds_db) -> Iterator[tuple[str, str]]:
    """`tidings serve` with the ingest token over a private seed database: base URL and database URL."""
    from test_web import free_port, wait_until_up

    url = seeds_db[1]
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tidings", "serve", "--db", url, "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "TIDINGS_INGEST_TOKEN": TOKEN})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def browser() -> Iterator[Any]:
    from test_web import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_review_web_merge_and_split(browser, review_server):
    from test_web import shot

    base, url = review_server
    s = Seeds(Store.open(url))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(f"/events/{s.other}")
    form = page.locator("form.review-merge")
    form.get_by_label("Event to merge with this one").fill(s.meeting.event_id)
    page.get_by_label("Who").fill("ana")
    page.get_by_label("Why").fill("the same meeting in Tehran")
    form.get_by_role("button", name="Merge").click()  # no token yet: the server refuses, the page says so
    assert "token" in page.locator("#review-status").inner_text().lower()
    page.get_by_label("Review token").fill(TOKEN)
    shot(page, "review-merge-form")
    form.get_by_role("button", name="Merge").click()
    page.wait_for_url(lambda u: "/events/" in u and "merged=" in u)
    kept = page.url.split("/events/")[1].split("?")[0]
    reports = page.locator("li.report")
    assert reports.count() == len(s.meeting.mention_ids) + len(s.events[s.other].mention_ids)
    assert "Merged" in page.locator("#review-status").inner_text()
    assert "absorbed" in page.locator("dl.facts").inner_text()
    shot(page, "review-merged")

    # the token stays for the session: split the 2018 article's report off without typing it again
    assert page.get_by_label("Review token").input_value() == TOKEN
    page.get_by_label("Why").fill("the 2018 article only recalls the meeting")
    page.locator(f"li.report[data-mention='{s.later}']").get_by_role("button", name="Split off").click()
    page.wait_for_url(lambda u: "split=" in u)
    assert page.locator("li.report").count() == 1
    assert page.locator(f"li.report[data-mention='{s.later}']").count() == 1
    shot(page, "review-split")
    page.goto(f"/events/{kept}")
    assert page.locator("li.report").count() == len(s.meeting.mention_ids) + len(s.events[s.other].mention_ids) - 1
    assert page.locator(f"li.report[data-mention='{s.later}']").count() == 0

    # and a report that is no event at all leaves it
    before = page.locator("li.report").count()
    page.get_by_label("Why").fill("not a report of the meeting")
    page.locator("li.report").last.get_by_role("button", name="Not an event").click()
    page.wait_for_url(lambda u: "ruled=" in u)
    assert page.locator("li.report").count() == before - 1
    assert "not an event" in page.locator("#review-status").inner_text()
    shot(page, "review-not-event")
    log = [d.action for d in review.log(Store.open(url))]
    assert log == ["merge", "split", "not-event"] and errors == []
    context.close()
