"""HTML pages: one file, one article; main text and metadata via trafilatura.

trafilatura finds the article body (dropping navigation, share buttons, comment sections and
newsletter boxes) and the title, site name and URL. The publication date is read here, from
structured markup only (meta tags, JSON-LD, `<time>` marked as the publication time): htmldate,
which trafilatura would use, falls back to dates it finds in the page text even in its fast mode,
and a date in prose ("on 3 March 2019 the council met") is an event date, not a publication date.
Manifest entries (by file name) take precedence over anything found in the page.

The body keeps trafilatura's block structure as paragraphs separated by blank lines, the same
shape as the plain-text inputs; the title is not repeated at its start.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.sources.manifest import Manifest

#: Meta tags (property / name / itemprop, lower-cased) that carry the publication time, best first.
#: Modification times are deliberately absent: a page edited today was not published today.
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "article.published",
    "parsely-pub-date", "sailthru.date", "citation_publication_date", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.date", "date",
)
META_KEY_ATTRIBUTES = ("property", "name", "itemprop")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?=$|[-_])")
#: On a page with no article, trafilatura's fallbacks return menu and button labels ("Home",
#: "Accept"); a page counts as an article only if one of its paragraphs is this long (words).
MIN_PROSE_WORDS = 8
#: trafilatura always runs htmldate; its date is not used (see above), so keep that search cheap.
CHEAP_DATE_SEARCH = {"extensive_search": False, "original_date": True}


def read_html(path: Path, manifest: Manifest) -> Iterator[RawArticle | BadInput]:
    """The article of one HTML page, or one BadInput naming the file."""
    where = str(path)
    try:
        tree = parse_page(path.read_bytes(), where)
        found = extract_article(tree, where)
    except BadInput as e:
        yield e
        return
    meta = manifest.for_file(path)
    published = meta.get("published") or found["published"]
    yield RawArticle(
        source_path=path.name, body=found["body"],
        title=meta.get("title") or found["title"], published=published,
        source=meta.get("source") or found["source"], url=meta.get("url") or found["url"],
        language=meta.get("language") or found["language"],
        provenance={"format": "html", "published_from": published_origin(meta, found)},
    )


def parse_page(data: bytes, where: str) -> HtmlElement:
    """The page's element tree; trafilatura guesses the encoding of non-UTF-8 bytes."""
    if not data.strip():
        raise BadInput(where, "empty file")
    if b"\x00" in data[:8192]:
        raise BadInput(where, "binary file (NUL bytes), not HTML")
    tree = trafilatura.load_html(data)
    if tree is None:
        raise BadInput(where, "not an HTML page")
    return tree


def extract_article(tree: HtmlElement, where: str) -> dict[str, Any]:
    """Body text and metadata of the page."""
    document = main_content(tree)
    if document is None:
        raise BadInput(where, "no article text found")
    return {"body": paragraphs(document.text, document.title), "title": clean_space(document.title),
            "published": published_date(tree), "source": clean_space(document.sitename) or document.hostname,
            "url": document.url, "language": page_language(tree)}


def main_content(tree: HtmlElement) -> Any:
    """trafilatura's Document (it works on a copy of the tree), or None when the page has no prose.
    Tables are left out: their cells are not prose (trafilatura still reads pages laid out with
    tables, and include_tables would glue such a layout into one line)."""
    document = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params=CHEAP_DATE_SEARCH,
    )
    # bare_extraction is typed to return a dict too, but gives a Document unless as_dict=True.
    return document if isinstance(document, Document) and has_prose(document.text or "") else None


def has_prose(text: str) -> bool:
    return any(len(line.split()) >= MIN_PROSE_WORDS for line in text.splitlines())


def paragraphs(text: str, title: str | None) -> str:
    """One paragraph per block, separated by blank lines; a first line that repeats the title
    (the page's h1) is dropped, as the title is kept apart."""
    cleaned = [clean_space(line) for line in text.splitlines()]
    blocks = [b for b in cleaned if b]
    title_line = clean_space(title)
    if blocks and title_line and blocks[0].casefold() == title_line.casefold():
        blocks = blocks[1:]
    return "\n\n".join(blocks)


def clean_space(text: str | None) -> str | None:
    return (" ".join(text.split()) or None) if text else None


# --- publication date from markup -------------------------------------------------------------

def published_date(tree: HtmlElement) -> date | None:
    """The publication day as the page's structured markup states it, or None."""
    return meta_date(tree) or json_ld_date(tree) or time_element_date(tree)


def meta_date(tree: HtmlElement) -> date | None:
    contents: dict[str, str] = {}
    for element in tree.iter("meta"):
        for attribute in META_KEY_ATTRIBUTES:
            key = (element.get(attribute) or "").strip().lower()
            if key and element.get("content"):
                contents.setdefault(key, element.get("content"))
    for key in PUBLISHED_META:
        day = parse_published(contents.get(key))
        if day:
            return day
    return None


def json_ld_date(tree: HtmlElement) -> date | None:
    for value in find_key(json_ld(tree), "datePublished"):
        day = parse_published(value)
        if day:
            return day
    return None


def json_ld(tree: HtmlElement) -> list[Any]:
    """The page's JSON-LD blocks; a malformed or absurdly nested block (a broken plugin) is skipped."""
    blocks = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            try:
                blocks.append(json.loads(script.text or ""))
            except (ValueError, RecursionError):
                continue
    return blocks


def find_key(data: Any, key: str) -> Iterator[Any]:
    """Every value of `key` in nested JSON (JSON-LD nests articles in lists and @graph)."""
    if isinstance(data, dict):
        if key in data:
            yield data[key]
        for value in data.values():
            yield from find_key(value, key)
    elif isinstance(data, list):
        for value in data:
            yield from find_key(value, key)


def time_element_date(tree: HtmlElement) -> date | None:
    for element in tree.iter("time"):
        marked = element.get("pubdate") is not None or element.get("itemprop") == "datePublished"
        day = parse_published(element.get("datetime")) if marked else None
        if day:
            return day
    return None


def parse_published(value: Any) -> date | None:
    """The day of an ISO date/timestamp (as written, in the publisher's time zone) or of an
    RFC 2822 date; None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def page_language(tree: HtmlElement) -> str | None:
    """The primary language subtag ("en" of "en-GB") from <html lang>, og:locale,
    Content-Language or JSON-LD inLanguage."""
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    candidates += [v for v in find_key(json_ld(tree), "inLanguage") if isinstance(v, str)]
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("http-equiv") or "").strip().lower()
        if key in ("og:locale", "content-language"):
            candidates.append(element.get("content"))
    for candidate in candidates:
        match = LANGUAGE_TAG.match((candidate or "").strip())
        if match:
            return match.group(0).lower()
    return None


def published_origin(meta: dict[str, Any], found: dict[str, Any]) -> str | None:
    """Where the publication date came from, so that nobody mistakes a missing one for a guess."""
    if meta.get("published"):
        return "manifest"
    return "markup" if found["published"] else None
