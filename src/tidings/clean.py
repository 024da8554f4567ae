"""Cleaning: a `RawArticle` in, an `Article` out, with title, dateline and agency split off and
site boilerplate removed; plus near-duplicate detection across articles.

The clean text is the title as its first paragraph, then the body paragraphs separated by blank
lines. Every offset elsewhere in Tidings refers to it. For the seed article of the Kashmir Observer:

    "MOSCOW: Russian President Vladimir Putin will meet ..."   -> dateline "MOSCOW", body from "Russian"
    "Follow this link to join our WhatsApp group: Join Now"    -> dropped, and the footer after it

Boilerplate rules are general (calls to action, share and comment footers, paywall appeals,
copyright lines), kept as data in `data/boilerplate.yaml`, and never written around one site.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

import numpy as np
import yaml
from datasketch import MinHash, MinHashLSH

from tidings.model import Article, RawArticle

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: "Floods displace thousands | The Rift Observer": the site's name is not part of the headline.
_SITE_SUFFIX = re.compile(r"\s+\|\s+[^|]{2,60}$")

#: "MOSCOW:", "TEHRAN (Tasnim) –", "KABUL, Afghanistan (AP) —", "LONDON, March 3 (Reuters) -"
_DATELINE = re.compile(
    r"""^(?P<dateline>[A-Z][A-Z.'\u2019-]+(?:[ ][A-Z][A-Z.'\u2019-]+){0,3}   # upper-case place
         (?:,[ ][A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+){0,2})?             # ", Afghanistan"
         (?:,?[ ](?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ ]\d{1,2})?)  # ", March 3"
        [ ]?(?:\((?P<agency>[^()]{2,40})\))?
        [ ]*(?:[:\u2013\u2014]|--?)[ ]+(?=\S)""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled patterns from `data/boilerplate.yaml`."""

    line: re.Pattern[str]
    footer_start: re.Pattern[str]
    appeal: re.Pattern[str]
    byline: re.Pattern[str]
    max_line_chars: int
    footer_after: float


@functools.cache
def boilerplate_rules() -> BoilerplateRules:
    data = yaml.safe_load(resources.files("tidings").joinpath("data/boilerplate.yaml").read_text("utf-8"))

    def any_of(patterns: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)

    return BoilerplateRules(
        line=any_of(data["line"]), footer_start=any_of(data["footer_start"]),
        appeal=any_of(data["appeal"]), byline=any_of(data["byline"]),
        max_line_chars=data["max_line_chars"], footer_after=data["footer_after"],
    )


def normalize(text: str) -> str:
    """NFC, no invisible or control characters, single spaces, lines trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def paragraphs(text: str) -> list[str]:
    """Non-empty lines: scraped text puts one paragraph on a line, often with blank lines between."""
    return [p for p in text.split("\n") if p]


def looks_like_headline(first: str, rest: list[str]) -> bool:
    """A short first line without a final full stop, before longer prose, is a headline."""
    if not rest or len(first) > 250 or first.endswith((".", ",", ";")):
        return False
    return len(first.split()) >= 3 or len(first) < len(rest[0])


def split_dateline(paragraph: str) -> tuple[str | None, str | None, str]:
    """('MOSCOW', None, rest) for 'MOSCOW: rest'; the agency comes from parentheses."""
    m = _DATELINE.match(paragraph)
    if not m or len(m.group("dateline")) > 60:
        return None, None, paragraph
    return m.group("dateline").strip(), (m.group("agency") or "").strip() or None, paragraph[m.end():]


def is_boilerplate(paragraph: str, rules: BoilerplateRules) -> bool:
    short = len(paragraph) <= rules.max_line_chars
    return bool(short and rules.line.search(paragraph)) or bool(rules.appeal.search(paragraph))


def strip_boilerplate(paras: list[str], rules: BoilerplateRules | None = None) -> list[str]:
    """Drop boilerplate paragraphs anywhere, and the whole footer from its first marker on.

    A footer marker ("Leave a Reply", "Share this", "Related:") only cuts when it comes after
    `footer_after` of the article's characters, so a mid-article "Related:" link costs one line,
    not the rest of the story."""
    rules = rules or boilerplate_rules()
    total = sum(map(len, paras)) or 1
    seen = 0
    kept: list[str] = []
    for i, p in enumerate(paras):
        if seen / total >= rules.footer_after and len(p) <= rules.max_line_chars and rules.footer_start.search(p):
            break
        seen += len(p)
        if i < 3 and rules.byline.fullmatch(p):
            continue
        if not is_boilerplate(p, rules):
            kept.append(p)
    return kept


def clean(raw: RawArticle) -> Article:
    """Title, dateline, agency and clean text of one article."""
    paras = paragraphs(normalize(raw.body))
    title = normalize(raw.title).replace("\n", " ").strip() if raw.title else None
    if paras and (title is None or paras[0] == title):
        if title is None and looks_like_headline(paras[0], paras[1:]):
            title = paras[0]
        if title is not None and paras[0] == title:
            paras = paras[1:]
    if title:
        title = _SITE_SUFFIX.sub("", title)
    dateline = agency = None
    if paras:
        dateline, agency, lead = split_dateline(paras[0])
        paras = [lead, *paras[1:]]
    body = strip_boilerplate(paras)
    text = "\n\n".join(([title] if title else []) + body)
    return Article(
        article_id=raw.article_id, source_path=raw.source_path, text=text, title=title,
        source=raw.source, published=raw.published, dateline=dateline, agency=agency, url=raw.url,
        language=raw.language, content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest()[:32],
        provenance=dict(raw.provenance),
    )


# Near-duplicates ---------------------------------------------------------------------------------

NUM_PERM = 128
SHINGLE = 3
SCHEME = "affine32"  # stored signatures must be compared with sketches of the same scheme
#: Wire copies with a few words changed still share over 70% of their 3-word shingles; different
#: stories on the same topic share well under 30%.
THRESHOLD = 0.7
_WORD = re.compile(r"\w+")


def minhash(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch([g.encode("utf-8") for g in grams])
    return m


def signature_bytes(m: MinHash) -> bytes:
    return m.hashvalues.astype("<u8").tobytes()


def from_signature_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME,
                   hashvalues=np.frombuffer(data, dtype="<u8").astype(np.uint64))


class DuplicateIndex:
    """Exact and near-duplicate detection against the original articles seen so far.

    `check` answers which original (if any) a new article copies; only originals are `add`ed, so
    the answer is the same whether the index was built in one run or rebuilt from the database
    after an interruption."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._hashes: dict[str, str] = {}
        self._signatures: dict[str, MinHash] = {}

    def check(self, content_hash: str, signature: MinHash) -> str | None:
        if content_hash in self._hashes:
            return self._hashes[content_hash]
        near = [(signature.jaccard(self._signatures[k]), k) for k in self._lsh.query(signature)]
        near = [(score, k) for score, k in near if score >= THRESHOLD]
        return max(near, key=lambda x: (x[0], x[1]))[1] if near else None

    def add(self, article_id: str, content_hash: str, signature: MinHash) -> None:
        if article_id in self._signatures:
            return
        self._hashes[content_hash] = article_id
        self._signatures[article_id] = signature
        self._lsh.insert(article_id, signature)
