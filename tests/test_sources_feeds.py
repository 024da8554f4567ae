"""The RSS/Atom reader: one entry, one article; a damaged feed is one error after what it could read."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.sources import read_paths, reader_for
from tidings.sources.feeds import read_feed
from tidings.sources.manifest import Manifest

FEEDS = Path(__file__).parent / "data" / "feeds"
RSS, ATOM = FEEDS / "valley_radio.rss", FEEDS / "harbour_times.atom"


def read(path: Path) -> list[RawArticle | BadInput]:
    return list(read_feed(path, Manifest()))


@pytest.mark.parametrize("name", ["news.rss", "news.atom", "news.XML"])
def test_feed_suffixes_are_registered(name):
    assert reader_for(Path(name)) is read_feed


def test_feed_rss_entries_become_articles():
    first, second, _ = read(RSS)
    assert first.title == "Mountain road reopens after landslide"
    assert first.url == "https://valleyradio.example/news/mountain-road"
    assert first.source == "Valley Radio News" and first.language == "en"
    assert first.source_path == "valley_radio.rss#1"
    assert first.provenance["format"] == "rss20"
    assert second.url == "https://valleyradio.example/news/school-budget"


def test_feed_full_content_is_preferred_to_the_summary_and_turned_into_paragraphs():
    first = read(RSS)[0]
    assert first.body.split("\n\n") == [
        "The mountain road reopened on Sunday after a landslide buried it under rock and mud for nine days.",
        "Engineers said the slope was stable now.",
        "Traffic will be limited to one lane until April.",
    ]
    assert "track()" not in first.body


def test_feed_html_summary_is_cleaned_when_there_is_no_content():
    assert read(RSS)[1].body == ("The town council approved a budget of four million pounds for the new "
                                 "primary school on Monday evening.")


def test_feed_publication_day_is_the_day_as_written():
    """23:30 on 3 March in UTC-5 is 4 March in UTC; the publisher's day is the 3rd."""
    first, second, _ = read(RSS)
    assert first.published == date(2019, 3, 3)
    assert second.published == date(2019, 3, 4)
    assert first.provenance["published_from"] == "feed published"


def test_feed_atom_entries_use_published_then_updated():
    strike, ferry = read(ATOM)
    assert strike.published == date(2020, 6, 1) and strike.provenance["published_from"] == "feed published"
    assert ferry.published == date(2020, 6, 2) and ferry.provenance["published_from"] == "feed updated"
    assert strike.body.startswith("Hundreds of dock workers walked off the job on Monday")
    assert strike.provenance["entry_id"] == "urn:uuid:strike-2020"
    assert ferry.source == "Harbour Times" and ferry.language == "en"


def test_feed_entry_without_text_is_one_error_naming_the_entry():
    error = read(RSS)[2]
    assert isinstance(error, BadInput) and error.where == f"{RSS}#3" and "no text" in error.reason


def test_feed_cut_short_is_one_error_after_the_entries_before_the_damage(tmp_path):
    path = tmp_path / "cut.rss"
    text = RSS.read_text(encoding="utf-8")
    path.write_text(text[: text.index("<item>", text.index("school-budget"))], encoding="utf-8")
    items = read(path)
    assert [i.title for i in items if isinstance(i, RawArticle)] == [
        "Mountain road reopens after landslide", "Council approves new school budget"]
    [error] = [i for i in items if isinstance(i, BadInput)]
    assert error.where == str(path) and "damaged feed" in error.reason


def test_feed_rss_file_that_is_not_a_feed_is_an_error(tmp_path):
    path = tmp_path / "notes.rss"
    path.write_text("these are not the feeds you are looking for")
    [error] = read(path)
    assert isinstance(error, BadInput) and "not an RSS or Atom feed" in error.reason


def test_feed_xml_that_is_not_a_feed_is_skipped_in_a_folder(tmp_path):
    sitemap = '<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>'
    (tmp_path / "sitemap.xml").write_text(sitemap)
    shutil.copy(ATOM, tmp_path / "harbour.xml")
    items = list(read_paths([tmp_path]))
    assert [i.source_path for i in items] == ["harbour.xml#1", "harbour.xml#2"]


def test_feed_entity_expansion_is_not_followed(tmp_path):
    """A billion-laughs document: refused or read small, never expanded into memory."""
    lol = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    path = tmp_path / "laughs.rss"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [{lol}]><rss version="2.0"><channel><title>x</title>'
                    f"<item><title>t</title><description>&i;</description></item></channel></rss>")
    items = read(path)
    assert all(len(getattr(i, "body", "")) < 1_000_000 for i in items)
