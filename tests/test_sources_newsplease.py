"""The news-please JSONL reader: one article per line, one BadInput per bad line."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.sources import load_manifest, read_paths, reader_for
from tidings.sources.manifest import Manifest
from tidings.sources.newsplease import read_newsplease

SAMPLE = Path(__file__).parent / "data" / "jsonl" / "newsplease_sample.jsonl"
GOOD_LINES = [1, 2, 5, 9]
BAD_LINES = {3: "not JSON", 4: "invalid UTF-8", 7: "no maintext", 8: "expected a JSON object"}


def read(path: Path = SAMPLE, manifest: Manifest | None = None) -> list[RawArticle | BadInput]:
    return list(read_newsplease(path, manifest or Manifest()))


def articles(items) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def record(**fields) -> str:
    return json.dumps({"title": "Mountain road reopens", "maintext": "The road reopened on Sunday after "
                       "a landslide buried it under rock and mud for nine days.", **fields})


def test_good_records_are_read_around_bad_lines():
    items = read()
    assert [a.source_path for a in articles(items)] == [f"newsplease_sample.jsonl#{n}" for n in GOOD_LINES]
    assert len(items) == len(GOOD_LINES) + len(BAD_LINES)


def test_each_bad_line_is_one_bad_input_with_file_and_line():
    errors = [i for i in read() if isinstance(i, BadInput)]
    assert {e.line: e for e in errors}.keys() == BAD_LINES.keys()
    for e in errors:
        assert e.where == str(SAMPLE)
        assert BAD_LINES[e.line] in e.reason
        assert f"newsplease_sample.jsonl:{e.line}:" in str(e)


def test_fields_are_mapped_from_news_please_names():
    first = articles(read())[0]
    assert first.title == "Bin collections halted as Tshwane workers strike over overtime"
    assert first.published == date(2018, 9, 4)
    assert first.source == "themetropost.example"
    assert first.url == "https://themetropost.example/news/2018/09/04/bin-strike"
    assert first.language == "en"
    assert first.provenance["description"].startswith("Municipal workers downed tools")
    assert first.provenance["date_download"] == "2018-09-05 02:11:47"


def test_body_paragraphs_are_separated_by_blank_lines():
    first, second = articles(read())[:2]
    assert first.body.split("\n\n")[0].startswith("Refuse collection was suspended")
    assert len(first.body.split("\n\n")) == 4
    assert len(second.body.split("\n\n")) == 3 and "\n\n\n" not in second.body


def test_iso_date_publish_gives_the_day_as_written():
    assert articles(read())[1].published == date(2020, 1, 15)


def test_unreadable_date_keeps_the_record_without_a_date():
    crane = articles(read())[2]
    assert crane.title == "Port authority orders inspection of cargo cranes"
    assert crane.published is None
    assert crane.provenance["date_publish_unreadable"] == "yesterday"


def test_download_date_is_never_the_publication_date():
    road = articles(read())[3]
    assert road.published is None and road.provenance["date_download"] == "2017-11-20 07:00:00"
    assert road.url is None


def test_article_ids_are_stable_on_re_read_and_survive_reordering(tmp_path):
    ids = [a.article_id for a in articles(read())]
    assert ids == [a.article_id for a in articles(read())]
    assert len(set(ids)) == len(ids)
    lines = SAMPLE.read_bytes().splitlines()
    reordered = tmp_path / "reordered.jsonl"
    reordered.write_bytes(b"\n".join([lines[1], lines[0]]) + b"\n")
    assert [a.article_id for a in articles(read(reordered))] == ids[1::-1]   # ids follow the URL


def test_manifest_entry_fills_gaps_only(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(record(source_domain="valleyradio.example") + "\n" + record(date_publish="2017-11-19") + "\n")
    manifest_path = tmp_path / "m.jsonl"
    manifest_path.write_text(json.dumps({"file": "feed.jsonl", "published": "2017-11-20", "source": "Valley Radio",
                                         "language": "en", "title": "ignored", "url": "https://ignored"}) + "\n")
    first, second = articles(read(path, load_manifest(manifest_path)))
    assert (first.source, first.published, first.language) == ("valleyradio.example", date(2017, 11, 20), "en")
    assert (second.source, second.published) == ("Valley Radio", date(2017, 11, 19))
    assert first.title == second.title == "Mountain road reopens" and first.url is None


def test_a_file_named_manifest_jsonl_is_skipped(tmp_path):
    path = tmp_path / "manifest.jsonl"
    path.write_text(json.dumps({"file": "a.txt", "published": "2019-01-01"}) + "\n")
    assert read(path) == []
    assert list(read_paths([tmp_path])) == []


def test_gzipped_jsonl_is_read(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(record(url="https://valleyradio.example/road") + "\n{oops\n")
    items = list(read_paths([path]))
    assert isinstance(items[0], RawArticle) and items[0].source_path == "feed.jsonl.gz#1"
    assert isinstance(items[1], BadInput) and items[1].line == 2


def test_damaged_gzip_is_one_bad_input(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    data = gzip.compress((record() + "\n").encode() * 50)
    path.write_bytes(data[: len(data) // 2])
    *before, last = read_paths([path])
    assert all(isinstance(i, RawArticle) for i in before)   # whatever decompressed before the damage
    assert isinstance(last, BadInput) and "damaged gzip" in last.reason


def test_non_string_maintext_is_a_bad_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"title": "x", "maintext": ["a", "list"]}) + "\n" + record() + "\n")
    bad, good = read(path)
    assert isinstance(bad, BadInput) and bad.line == 1 and "not a string" in bad.reason
    assert isinstance(good, RawArticle)


def test_absurdly_nested_line_is_a_bad_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("[" * 100_000 + "\n" + record() + "\n")
    bad, good = read(path)
    assert isinstance(bad, BadInput) and bad.line == 1 and isinstance(good, RawArticle)


def test_read_paths_dispatches_jsonl_by_suffix():
    assert reader_for(Path("feed.jsonl")) is read_newsplease
    assert reader_for(Path("feed.JSONL.GZ")) is read_newsplease
    items = list(read_paths([SAMPLE.parent]))
    assert len(articles(items)) == len(GOOD_LINES)
