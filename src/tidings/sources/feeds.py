"""RSS and Atom feeds (`.rss`, `.atom`, and `.xml` files that turn out to be feeds): one entry, one
article, read with feedparser.

- `title`, `link` → url, `published` (else `updated`) → the publication day, read as written (in
  the publisher's time zone, like HTML dates; feedparser's own parsed dates are shifted to UTC);
  the entry's full `content` if it has one, else its `summary`, as text: the HTML is turned into
  paragraphs (one per block element), scripts and styles dropped.
- `source_path` is `"<file name>#<n>"`, the entry's position in the file; the article id uses the
  link when there is one, so it survives a feed that reorders or drops old entries.
- The feed's own title and language fill the entry's source and language.
- A feed that is not well formed yields one `BadInput` for the file, after the entries feedparser
  could still read. feedparser's notice that a declared encoding was wrong (it decoded the feed
  anyway) is not an error. An entry with no text is one `BadInput` naming file and entry.
- A `.xml` file that is not a feed at all (a sitemap, a config file in the same folder) is
  skipped without an error, as a folder's other files are.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.etree
import lxml.html

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.sources.html import clean_space, paragraphs, parse_published
from tidings.sources.manifest import Manifest

log = logging.getLogger(__name__)

#: Elements that start a new paragraph when an entry's HTML is turned into text.
BLOCK_TAGS = ("p", "div", "br", "li", "dd", "dt", "blockquote", "pre", "tr", "section", "article",
              "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "hr")
DROPPED_TAGS = ("script", "style", "noscript", "iframe", "object")
#: feedparser's exceptions that mean "read fine, but not as declared", not damage.
HARMLESS_BOZO = (feedparser.CharacterEncodingOverride,)


def read_feed(path: Path, manifest: Manifest) -> Iterator[RawArticle | BadInput]:
    """Every entry of an RSS or Atom file as an article; one BadInput for a damaged feed."""
    data = path.read_bytes()
    if not data.strip():
        yield BadInput(str(path), "empty file")
        return
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.version and not parsed.entries:
        if path.suffix.lower() == ".xml":
            log.info("%s: not an RSS or Atom feed; skipped", path)
        else:
            yield BadInput(str(path), f"not an RSS or Atom feed{problem(parsed)}")
        return
    feed = parsed.feed
    for n, entry in enumerate(parsed.entries, 1):
        yield read_entry(entry, feed, path, n, parsed.version)
    if parsed.bozo and not isinstance(parsed.bozo_exception, HARMLESS_BOZO):
        yield BadInput(str(path), f"damaged feed{problem(parsed)}; read {len(parsed.entries)} entries before it")


def problem(parsed: Any) -> str:
    error = parsed.get("bozo_exception")
    return f": {' '.join(str(error).split())[:160]}" if error else ""


def read_entry(entry: Any, feed: Any, path: Path, n: int, version: str) -> RawArticle | BadInput:
    title = clean_space(text_value(entry.get("title")))
    body = entry_text(entry, title)
    if not body:
        return BadInput(f"{path}#{n}", "feed entry has no text")
    published, raw_date, date_field = entry_day(entry)
    link = entry.get("link")
    provenance = {"format": version or "feed", "entry_id": entry.get("id"), "feed_title": feed.get("title"),
                  "published_from": f"feed {date_field}" if published else None}
    if published is None and raw_date:
        provenance["published_unreadable"] = raw_date
    return RawArticle(
        source_path=f"{path.name}#{n}", body=body, title=title, published=published,
        source=clean_space(feed.get("title")) or hostname(feed.get("link")) or hostname(link),
        url=link if isinstance(link, str) and link.strip() else None,
        language=language(entry, feed), provenance={k: v for k, v in provenance.items() if v is not None},
    )


def entry_text(entry: Any, title: str | None) -> str:
    """The entry's fullest text: its content (Atom content, RSS content:encoded), else its summary."""
    for candidate in [c.get("value") for c in entry.get("content") or []] + [entry.get("summary")]:
        text = html_paragraphs(candidate, title) if isinstance(candidate, str) else ""
        if text:
            return text
    return ""


def html_paragraphs(fragment: str, title: str | None) -> str:
    """An HTML fragment (or plain text) as paragraphs separated by blank lines."""
    if "<" not in fragment:
        return paragraphs(fragment, title)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*DROPPED_TAGS)):
        element.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return paragraphs(root.text_content(), title)


def text_value(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def entry_day(entry: Any) -> tuple[date | None, str | None, str | None]:
    """The day the entry was published (else updated), as written; the raw value and its field."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            return parse_published(raw) or parsed_day(entry.get(f"{key}_parsed")), raw, key
    return None, None, None


def parsed_day(value: Any) -> date | None:
    """feedparser's struct_time (UTC), for date formats `parse_published` does not read."""
    try:
        return date(value.tm_year, value.tm_mon, value.tm_mday) if value else None
    except (AttributeError, ValueError):
        return None


def hostname(url: Any) -> str | None:
    try:
        return (urlsplit(url).hostname or None) if isinstance(url, str) else None
    except ValueError:  # "http://[broken" and the like
        return None


def language(entry: Any, feed: Any) -> str | None:
    for value in (entry.get("language"), feed.get("language")):
        if isinstance(value, str) and value.strip():
            return value.strip()[:2].lower() if value.strip()[:2].isalpha() else None
    return None


__all__ = ["read_feed"]
