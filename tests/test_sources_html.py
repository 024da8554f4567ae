"""The HTML reader: main text and metadata via trafilatura, publication date from markup only."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.sources import load_manifest, read_paths, reader_for
from tidings.sources.html import read_html
from tidings.sources.manifest import Manifest

HTML = Path(__file__).parent / "data" / "html"


def read_one(path: Path, manifest: Manifest | None = None) -> RawArticle | BadInput:
    items = list(read_html(path, manifest or Manifest()))
    assert len(items) == 1
    return items[0]


def article(name: str, manifest: Manifest | None = None) -> RawArticle:
    item = read_one(HTML / name, manifest)
    assert isinstance(item, RawArticle), item
    return item


def page(body: str, head: str = "") -> str:
    """A minimal but complete page around `body` (trafilatura rejects bare fragments)."""
    return (f"<!DOCTYPE html><html lang='en'><head><title>Council meets</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Council meets</h1>"
            f"{body}</article><footer>Town Crier</footer></body></html>")


PROSE = ("<p>On 3 March 2019 the council met in the town hall to vote on next year's budget for roads "
         "and schools.</p><p>The tender documents (ref. 2019-03-11) will be issued to contractors later "
         "this month, the council's finance officer told members at the end of the meeting.</p>")


# --- text and title --------------------------------------------------------------------------

def test_wordpress_page_gives_title_and_paragraphs_without_comments_or_widgets():
    a = article("harbourview_ferry_strike.html")
    assert a.title == "Ferry crews walk out as pay talks collapse"
    paragraphs = a.body.split("\n\n")
    assert paragraphs[0].startswith("Crews on the Harbourview to Skerrin Isle ferry walked off the job")
    assert paragraphs[-1].startswith("Councillor Rhona MacInnes")
    assert len(paragraphs) == 6
    for noise in ("Islander62", "nine times in March", "Leave a Reply", "Post Comment",
                  "Subscribe to our free morning newsletter", "Share this", "Recent Posts",
                  "Proudly powered by WordPress", "Skip to content"):
        assert noise not in a.body


def test_body_does_not_repeat_the_title():
    for name in ("harbourview_ferry_strike.html", "daily_ledger_paywall.html", "valley_echo_prose_date.html"):
        a = article(name)
        assert not a.body.startswith(a.title)


def test_paragraphs_are_separated_by_blank_lines_without_stray_whitespace():
    a = article("khaleej_courier_jsonld.html")
    assert "\n\n\n" not in a.body
    assert all(p == p.strip() and "\n" not in p for p in a.body.split("\n\n"))


def test_wire_copy_keeps_its_dateline_for_the_cleaner():
    a = article("meridian_wire_beirut.html")
    assert "BEIRUT (Reuters) - Lebanon’s parliament failed on Monday" in a.body
    assert "Related Coverage" not in a.body and "All quotes delayed" not in a.body


def test_cookie_banner_related_list_and_navigation_are_gone():
    a = article("daily_ledger_paywall.html")
    assert "Skyrail, the regional carrier" in a.body
    for noise in ("We value your privacy", "I Accept", "Related articles", "Airport fees to rise",
                  "Most read", "Do Not Sell", "Log in</a>"):
        assert noise not in a.body


# --- metadata --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "published"), [
    ("harbourview_ferry_strike.html", date(2019, 4, 11)),   # article:published_time, not modified_time
    ("meridian_wire_beirut.html", date(2021, 6, 14)),       # DC.date.issued
    ("daily_ledger_paywall.html", date(2022, 11, 8)),       # itemprop datePublished, local day kept
    ("khaleej_courier_jsonld.html", date(2023, 2, 19)),     # JSON-LD @graph NewsArticle, bad block skipped
])
def test_publication_date_comes_from_markup(name, published):
    a = article(name)
    assert a.published == published
    assert a.provenance["published_from"] == "markup"


def test_date_only_in_body_prose_is_not_a_publication_date():
    a = article("valley_echo_prose_date.html")
    assert "On 3 March 2019 the council met" in a.body
    assert a.published is None
    assert a.provenance["published_from"] is None


def test_iso_like_number_in_prose_is_not_a_publication_date(tmp_path):
    path = tmp_path / "prose.html"
    path.write_text(page(PROSE))
    assert article_at(path).published is None


def test_meta_published_time_is_read(tmp_path):
    path = tmp_path / "meta.html"
    path.write_text(page(PROSE, '<meta property="article:published_time" content="2019-03-04T10:00:00Z">'))
    assert article_at(path).published == date(2019, 3, 4)


def article_at(path: Path) -> RawArticle:
    item = read_one(path)
    assert isinstance(item, RawArticle), item
    return item


def test_site_name_url_and_language():
    a = article("harbourview_ferry_strike.html")
    assert a.source == "The Harbourview Gazette"
    assert a.url == "https://harbourviewgazette.example/2019/04/ferry-crews-walk-out/"
    assert a.language == "en"                                       # from lang="en-GB"
    assert article("daily_ledger_paywall.html").language == "en"   # from og:locale en_US
    assert article("khaleej_courier_jsonld.html").language == "en"  # from JSON-LD inLanguage
    assert article("khaleej_courier_jsonld.html").source == "Khaleej Courier"


def test_manifest_overrides_page_metadata(tmp_path):
    manifest_path = tmp_path / "manifest.jsonl"
    manifest_path.write_text(json.dumps({
        "file": "valley_echo_prose_date.html", "published": "2019-03-05", "source": "The Valley Echo",
        "url": "https://valleyecho.example/news/bypass", "language": "en", "title": "Bypass route approved",
    }) + "\n" + json.dumps({"file": "harbourview_ferry_strike.html", "published": "2019-04-10"}) + "\n")
    manifest = load_manifest(manifest_path)
    echo = article("valley_echo_prose_date.html", manifest)
    assert (echo.published, echo.source, echo.url, echo.title) == (
        date(2019, 3, 5), "The Valley Echo", "https://valleyecho.example/news/bypass", "Bypass route approved")
    assert echo.provenance["published_from"] == "manifest"
    ferry = article("harbourview_ferry_strike.html", manifest)
    assert ferry.published == date(2019, 4, 10)
    assert ferry.title == "Ferry crews walk out as pay talks collapse"   # not in the entry: from the page


# --- bad pages -------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"   \n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (page("").encode(), "no article text found"),
    (b"<html><body><nav><a href='/'>Home</a></nav><div class='cookie'>Accept</div></body></html>",
     "no article text found"),
])
def test_unreadable_page_is_one_bad_input_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "broken.html"
    path.write_bytes(content)
    item = read_one(path)
    assert isinstance(item, BadInput)
    assert item.where == str(path) and reason in item.reason


def test_legacy_encoding_is_detected(tmp_path):
    path = tmp_path / "latin.htm"
    html = page("<p>Owners of more than forty cafés in the old town closed their doors for an hour on "
                "Saturday in protest at new licence fees, which the mayor defended as necessary.</p>"
                "<p>The café owners' association said it would meet the mayor next week.</p>",
                '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    path.write_bytes(html.encode("cp1252"))
    assert "forty cafés in the old town" in article_at(path).body


# --- identity and dispatch -------------------------------------------------------------------

def test_article_ids_are_stable_on_re_read():
    first = [a.article_id for a in read_paths([HTML])]
    again = [a.article_id for a in read_paths([HTML])]
    assert first == again and len(set(first)) == len(first) == 5


def test_read_paths_dispatches_html_and_htm(tmp_path):
    (tmp_path / "a.htm").write_text(page(PROSE))
    (tmp_path / "b.HTML").write_text(page(PROSE.replace("roads", "bridges")))
    assert reader_for(Path("x.htm")) is read_html and reader_for(Path("x.HTML")) is read_html
    items = list(read_paths([tmp_path]))
    assert [i.source_path for i in items] == ["a.htm", "b.HTML"]
    assert all(isinstance(i, RawArticle) for i in items)
