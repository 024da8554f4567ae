"""The jsonl export follows DESIGN.md's contract field by field; offsets point into `text`."""

import pytest

from tidings.errors import UnknownFormat
from tidings.export import export
from tidings.run import ingest
from tidings.sources import load_manifest
from tidings.store import Store

from conftest import read_jsonl

ARTICLE_FIELDS = {"article_id", "source_path", "title", "source", "published", "dateline", "text", "duplicate_of",
                  "actors", "entity_mentions", "story_id"}
ACTOR_FIELDS = {"actor_id", "name", "aliases", "kind", "country", "roles", "kb_id"}
EVENT_FIELDS = {"event_id", "type", "mode", "subtype", "status", "date", "location", "source_actors",
                "target_actors", "mentions"}
MENTION_FIELDS = {"article_id", "start", "end", "text", "sentence", "status", "date", "speaker"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    from conftest import SEEDS
    store = Store.open(tmp / "t.db")
    ingest([SEEDS / "articles"], store, load_manifest(SEEDS / "manifest.jsonl"))
    export(store, "jsonl", tmp / "out")
    return {name: read_jsonl(tmp / "out" / f"{name}.jsonl") for name in ("articles", "actors", "events")}


def test_export_jsonl_fields(exported):
    assert all(ARTICLE_FIELDS <= set(a) for a in exported["articles"])
    assert all(ACTOR_FIELDS <= set(a) for a in exported["actors"])
    assert all(EVENT_FIELDS <= set(e) for e in exported["events"])
    assert all(MENTION_FIELDS <= set(m) for e in exported["events"] for m in e["mentions"])


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


def test_export_unknown_format_names_the_choices(tmp_path):
    with pytest.raises(UnknownFormat, match="choose one of: jsonl"):
        export(Store.open(tmp_path / "t.db"), "xml", tmp_path / "out")
