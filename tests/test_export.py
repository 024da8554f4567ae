"""Exports: jsonl follows DESIGN.md's contract field by field; every other format is read back with
its usual reader and agrees with jsonl. The seed database is built once for the module."""

import csv
import json
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import SEEDS, read_jsonl

from tidings.cli import main
from tidings.errors import UnknownFormat
from tidings.export import EXPORTERS, Reported, _atomic_text, export, geojson_feature
from tidings.link import link_article
from tidings.model import PLOVER_TYPES, Analysis, Article, DateInterval, Event, EventMention, Place
from tidings.run import ingest
from tidings.sources import load_manifest
from tidings.store import Store

ARTICLE_FIELDS = {"article_id", "source_path", "title", "source", "published", "dateline", "text", "duplicate_of",
                  "actors", "entity_mentions", "story_id"}
ACTOR_FIELDS = {"actor_id", "name", "aliases", "kind", "country", "roles", "kb_id"}
EVENT_FIELDS = {"event_id", "type", "mode", "subtype", "status", "date", "location", "source_actors",
                "target_actors", "mentions"}
MENTION_FIELDS = {"article_id", "start", "end", "text", "sentence", "type", "subtype", "status", "date", "speaker"}
PUTIN, KHAMENEI = "Q7747", "Q57336"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("db") / "t.db")
    ingest([SEEDS / "articles"], store, load_manifest(SEEDS / "manifest.jsonl"))
    return store


@pytest.fixture(scope="module")
def out(seed_store, tmp_path_factory):
    """Every format exported from the seed database into one folder."""
    folder = tmp_path_factory.mktemp("out")
    for fmt in EXPORTERS:
        export(seed_store, fmt, folder, force=True)  # every format into one folder
    return folder


@pytest.fixture(scope="module")
def exported(out):
    return {name: read_jsonl(out / f"{name}.jsonl") for name in ("articles", "actors", "events")}


def read_csv(path, **kwargs):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, **kwargs))


def cell_list(cell):
    return cell.split(";") if cell else []


def read_tsv(path):
    return read_csv(path, delimiter="\t", quoting=csv.QUOTE_NONE)


def meeting_2015(events):
    """The seed event of Putin meeting Khamenei in November 2015 (announced by A, reported held by B)."""
    found = [e for e in events if PUTIN in e["source_actors"] and KHAMENEI in e["target_actors"]
             and e["type"] == "CONSULT" and e["date"] and e["date"]["start"].startswith("2015-11")]
    return max(found, key=lambda e: (len(e["mentions"]), e["event_id"]))  # see test_api_the_2015_meeting_is_one_event


# jsonl -------------------------------------------------------------------------------------------

def test_export_jsonl_fields(exported):
    assert all(set(a) >= ARTICLE_FIELDS for a in exported["articles"])
    assert all(set(a) >= ACTOR_FIELDS for a in exported["actors"])
    assert all(set(e) >= EVENT_FIELDS for e in exported["events"])
    assert all(set(m) >= MENTION_FIELDS for e in exported["events"] for m in e["mentions"])


def test_export_offsets_point_into_the_clean_text(exported):
    text = {a["article_id"]: a["text"] for a in exported["articles"]}
    for a in exported["articles"]:
        for m in a["entity_mentions"]:
            assert a["text"][m["start"]:m["end"]] == m["text"]
    for e in exported["events"]:
        for m in e["mentions"]:
            assert text[m["article_id"]][m["start"]:m["end"]] == m["text"]
            assert m["sentence"] in text[m["article_id"]]


def test_export_actor_ids_resolve(exported):
    ids = {a["actor_id"] for a in exported["actors"]}
    assert all(set(a["actors"]) <= ids for a in exported["articles"])
    assert all(set(e["source_actors"]) | set(e["target_actors"]) <= ids for e in exported["events"])


def test_export_published_is_an_iso_day(exported):
    assert sorted(a["published"] for a in exported["articles"]) == ["2015-11-20", "2018-09-04"]


# csv and parquet ---------------------------------------------------------------------------------

def test_export_csv_events_agree_with_jsonl(out, exported):
    rows = read_csv(out / "events.csv")
    names = {a["actor_id"]: a["name"] for a in exported["actors"]}
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in exported["events"]]
    for row, event in zip(rows, exported["events"], strict=True):
        assert row["type"] == event["type"] and row["status"] == event["status"]
        assert row["date_start"] == (event["date"]["start"] if event["date"] else "")
        assert cell_list(row["source_actor_ids"]) == event["source_actors"]
        assert row["target_actor_names"] == ";".join(names[a] for a in event["target_actors"])
        assert int(row["num_mentions"]) == len(event["mentions"])
        assert int(row["num_articles"]) == len({m["article_id"] for m in event["mentions"]})
        if event["location"] and event["location"]["lat"] is not None:
            assert float(row["location_lat"]) == event["location"]["lat"]


def test_export_csv_mention_offsets_point_into_the_articles_text(out, exported):
    text = {a["article_id"]: a["text"] for a in read_csv(out / "articles.csv")}
    assert text == {a["article_id"]: a["text"] for a in exported["articles"]}  # newlines survive quoting
    mentions = read_csv(out / "mentions.csv")  # every mention, linked or not (under the confidence threshold)
    assert len([m for m in mentions if m["event_id"]]) == sum(len(e["mentions"]) for e in exported["events"])
    for m in mentions:
        assert text[m["article_id"]][int(m["start"]):int(m["end"])] == m["text"]
        assert m["sentence"] in text[m["article_id"]]


def test_export_csv_actors_keep_aliases_and_roles(out, exported):
    rows = {r["actor_id"]: r for r in read_csv(out / "actors.csv")}
    for actor in exported["actors"]:
        row = rows[actor["actor_id"]]
        assert row["aliases"] == ";".join(actor["aliases"])
        assert json.loads(row["roles"]) == actor["roles"]


def test_export_parquet_tables_are_typed(out, exported):
    events = pq.read_table(out / "events.parquet")
    assert events.schema.field("date_start").type == pa.date32()
    assert events.schema.field("location_lat").type == pa.float64()
    assert events.schema.field("source_actor_ids").type == pa.list_(pa.string())
    assert events.column("event_id").to_pylist() == [e["event_id"] for e in exported["events"]]
    assert events.column("source_actor_ids").to_pylist() == [e["source_actors"] for e in exported["events"]]
    assert events.column("date_start").to_pylist() == [
        date.fromisoformat(e["date"]["start"]) if e["date"] else None for e in exported["events"]]
    for name in ("mentions", "actors", "articles"):
        assert pq.read_table(out / f"{name}.parquet").num_rows == len(read_csv(out / f"{name}.csv"))


# plover ------------------------------------------------------------------------------------------

def test_export_plover_planned_2015_meeting_is_agree(out, exported):
    event = meeting_2015(exported["events"])
    assert event["type"] == "CONSULT" and event["status"] == "occurred"
    records = {r["event_type"]: r for r in json.load((out / "events.plover.json").open())
               if r["tidings_event_id"] == event["event_id"]}
    assert set(records) == {"AGREE", "CONSULT"}
    announced, held = records["AGREE"], records["CONSULT"]
    assert announced["status"] == "planned" and held["status"] == "occurred"
    assert [s["published"] for s in announced["sources"]][0] == "2015-11-20"  # the announcement
    assert "2018-09-04" in [s["published"] for s in held["sources"]]  # "in late November 2015, Putin met"
    assert all(ev["status"] == "planned" for s in announced["sources"] for ev in s["evidence"])
    assert [a["name"] for a in announced["actors"]] == ["Vladimir Putin"]
    assert [a["id"] for a in announced["recipients"]][0] == KHAMENEI


def test_export_plover_types_and_evidence(out, exported):
    records = json.load((out / "events.plover.json").open())
    text = {a["article_id"]: a["text"] for a in exported["articles"]}
    by_id = {e["event_id"]: e for e in exported["events"]}
    assert len({r["event_id"] for r in records}) == len(records)
    plover_events = {e["event_id"] for e in exported["events"] if e["type"] != "OTHER"}
    assert {r["tidings_event_id"] for r in records} == plover_events
    for r in records:
        assert r["event_type"] in PLOVER_TYPES
        event = by_id[r["tidings_event_id"]]
        if event["type"] == "CONSULT" and event["status"] == "planned":
            assert r["event_type"] == "AGREE" and r["event_id"] == event["event_id"]
        for s in r["sources"]:
            for ev in s["evidence"]:
                assert text[s["article_id"]][ev["start"]:ev["end"]] == ev["trigger"]


# gdelt -------------------------------------------------------------------------------------------

def test_export_gdelt_tsv_reads_back(out, exported):
    events = read_tsv(out / "events.tsv")
    assert [r["GLOBALEVENTID"] for r in events] == [e["event_id"] for e in exported["events"]]
    for row, event in zip(events, exported["events"], strict=True):
        assert None not in row.values() and None not in row  # as many cells as header names
        assert row["EventCode"] == event["type"] and int(row["NumMentions"]) == len(event["mentions"])
        assert row["SQLDATE"] == (event["date"]["start"].replace("-", "") if event["date"] else "")
        place = event["location"]
        assert row["ActionGeo_Long"] == (str(place["lon"]) if place and place["lon"] is not None else "")
        if place:  # GDELT's codes: 1 a country, 3 a US city, 4 a city elsewhere
            expected = {"country": "1", "city": "3" if place["country"] == "USA" else "4"}[place["kind"]]
            assert row["ActionGeo_Type"] == expected
    mentions = read_tsv(out / "mentions.tsv")
    assert len(mentions) == sum(len(e["mentions"]) for e in exported["events"])
    assert {m["MentionTimeDate"] for m in mentions} == {"20151120", "20180904"}
    for name, columns in (("events.tsv", len(events[0])), ("mentions.tsv", len(mentions[0]))):
        lines = (out / name).read_text(encoding="utf-8").split("\n")
        assert lines[-1] == "" and all(line.count("\t") == columns - 1 for line in lines[:-1])  # plain split works


# timelinejs and geojson --------------------------------------------------------------------------

def test_export_timelinejs_has_the_dated_events(out, exported):
    timeline = json.load((out / "timeline.json").open())
    dated = [e for e in exported["events"] if e["date"]]
    assert timeline["title"]["text"]["headline"]
    assert [s["unique_id"] for s in timeline["events"]] == [e["event_id"] for e in dated]
    for slide, event in zip(timeline["events"], dated, strict=True):
        start = date.fromisoformat(event["date"]["start"])
        expected = {"year": start.year, "month": start.month, "day": start.day}
        if event["date"]["precision"] in ("month", "year"):
            del expected["day"]
        if event["date"]["precision"] == "year":
            del expected["month"]
        assert slide["start_date"] == expected and slide["group"] == event["type"]
        assert slide["text"]["headline"] and slide["text"]["text"]


def test_export_timelinejs_escapes_article_text(tmp_path):
    store = Store.open(tmp_path / "t.db")
    sentence = 'Rebels <script>alert("x")</script> & allies attacked Aleppo on Monday.'
    mention = EventMention("a1", 38, 46, "attacked", sentence, "ASSAULT", "occurred",
                           date=DateInterval(date(2016, 5, 2), date(2016, 5, 2), "day"))
    store.save_analysis(Analysis(Article("a1", "a1.txt", sentence, published=date(2016, 5, 3)),
                                 events=(mention,)), None, link_article)
    export(store, "timelinejs", tmp_path / "out")
    (slide,) = json.load((tmp_path / "out" / "timeline.json").open())["events"]
    assert "<script>" not in slide["text"]["text"]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; allies" in slide["text"]["text"]


def test_export_geojson_points_are_lon_lat_and_flag_countries(out, exported):
    collection = json.load((out / "events.geojson").open())
    assert collection["type"] == "FeatureCollection"
    located = {e["event_id"]: e["location"] for e in exported["events"]
               if e["location"] and e["location"]["lat"] is not None}
    assert [f["id"] for f in collection["features"]] == list(located)
    for feature in collection["features"]:
        place = located[feature["id"]]
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        assert feature["geometry"]["coordinates"] == [place["lon"], place["lat"]]
        assert feature["properties"]["precision"] == place["kind"]
    assert {f["properties"]["precision"] for f in collection["features"]} == {"city", "country"}


def test_export_geojson_point_is_lon_then_lat():
    """Tehran is at lon 51.4, lat 35.7: [lat, lon] would put it in the Indian Ocean."""
    tehran = Place("Tehran", "IRN", 35.6944, 51.4215, "city")
    feature = geojson_feature(Reported(Event("e1", "CONSULT", "planned", ("e1",), location=tehran), ()))
    assert feature["geometry"]["coordinates"] == [51.4215, 35.6944]


def test_export_geojson_leaves_out_places_without_coordinates():
    region = Place("Idlib Governorate", "SYR", None, None, "region")
    assert geojson_feature(Reported(Event("e1", "ASSAULT", "occurred", ("e1",), location=region), ())) is None


# all formats -------------------------------------------------------------------------------------

def test_export_every_format_on_each_backend(store_url, tmp_path):
    """A hand-made database: a meeting announced by one article and reported held by a later one,
    and an undated protest. Each backend streams the same events with the same mentions."""
    store = Store.open(store_url)
    day = DateInterval(date(2015, 11, 23), date(2015, 11, 23), "day")
    tehran = Place("Tehran", "IRN", 35.6944, 51.4215, "city")

    def report(article_id, published, status, trigger, sentence, etype="CONSULT", when=day):
        start = sentence.index(trigger)
        m = EventMention(article_id, start, start + len(trigger), trigger, sentence, etype, status, date=when,
                         location=tehran, source_actors=(PUTIN,), target_actors=(KHAMENEI,))
        store.save_analysis(Analysis(Article(article_id, f"{article_id}.txt", sentence, published=published),
                                     events=(m,)), None, link_article)

    report("a", date(2015, 11, 20), "planned", "meet", "Putin will meet Khamenei in Tehran on Monday.")
    report("b", date(2018, 9, 4), "occurred", "met", "In late November 2015, Putin met Khamenei in Tehran.")
    report("c", date(2018, 9, 5), "occurred", "protested", "Students protested.", "PROTEST", None)
    for fmt in EXPORTERS:
        export(store, fmt, tmp_path, force=True)

    (meeting, protest) = read_csv(tmp_path / "events.csv")
    assert ((meeting["type"], meeting["status"], meeting["num_articles"], protest["type"])
            == ("CONSULT", "occurred", "2", "PROTEST"))
    mention_rows = read_tsv(tmp_path / "mentions.tsv")
    assert [r["GLOBALEVENTID"] for r in mention_rows] == [meeting["event_id"]] * 2 + [protest["event_id"]]
    plover = json.load((tmp_path / "events.plover.json").open())
    assert [(r["event_type"], r["status"], [s["article_id"] for s in r["sources"]]) for r in plover] == [
        ("AGREE", "planned", ["a"]), ("CONSULT", "occurred", ["b"]), ("PROTEST", "occurred", ["c"])]
    assert pq.read_table(tmp_path / "mentions.parquet").column("article_id").to_pylist() == ["a", "b", "c"]
    assert len(json.load((tmp_path / "timeline.json").open())["events"]) == 1
    assert len(json.load((tmp_path / "events.geojson").open())["features"]) == 2
    store.close()


def test_export_is_deterministic_and_leaves_no_temporary_files(seed_store, out, tmp_path):
    for fmt in EXPORTERS:
        export(seed_store, fmt, tmp_path, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in out.iterdir())
    for path in out.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_export_empty_database_gives_valid_empty_files(tmp_path):
    store = Store.open(tmp_path / "t.db")
    folder = tmp_path / "out"
    for fmt in EXPORTERS:
        export(store, fmt, folder, force=True)
    assert read_csv(folder / "events.csv") == [] and "event_id" in (folder / "events.csv").read_text()
    assert pq.read_table(folder / "events.parquet").num_rows == 0
    assert pq.read_table(folder / "articles.parquet").schema.field("published").type == pa.date32()
    assert json.load((folder / "events.plover.json").open()) == []
    assert read_tsv(folder / "events.tsv") == [] and read_tsv(folder / "mentions.tsv") == []
    assert json.load((folder / "timeline.json").open())["events"] == []
    assert json.load((folder / "events.geojson").open()) == {"type": "FeatureCollection", "features": []}
    assert (folder / "events.jsonl").read_text() == ""


def test_export_failed_write_keeps_the_previous_file(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("before\n")
    with pytest.raises(RuntimeError), _atomic_text(path) as f:
        f.write("half")
        raise RuntimeError("disk full")
    assert path.read_text() == "before\n" and [p.name for p in tmp_path.iterdir()] == ["events.csv"]


def test_export_unknown_format_names_the_choices(tmp_path):
    with pytest.raises(UnknownFormat, match="choose one of: csv, gdelt, geojson, jsonl, parquet, plover, timelinejs"):
        export(Store.open(tmp_path / "t.db"), "xml", tmp_path / "out")


def test_export_cli_offers_every_format(seed_store, tmp_path):
    runner = CliRunner()
    assert all(fmt in runner.invoke(main, ["export", "--help"]).output for fmt in EXPORTERS)
    result = runner.invoke(main, ["export", "--format", "geojson", "--out", str(tmp_path),
                                  "--db", str(seed_store.engine.url)])
    assert result.exit_code == 0 and result.output.strip() == str(tmp_path / "events.geojson")
