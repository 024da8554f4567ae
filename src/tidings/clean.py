"""Cleaning: a `RawArticle` in, an `Article` out, with title, dateline and agency split off and
site boilerplate removed; plus near-duplicate detection across articles.

The clean text is the title as its first paragraph, then the body paragraphs separated by blank
lines. Every offset elsewhere in Tidings refers to it. For the seed article of the Kashmir Observer:

    "MOSCOW: Russian President Vladimir Putin will meet ..."   -> dateline "MOSCOW", body from "Russian"
    "Follow this link to join our WhatsApp group: Join Now"    -> dropped, and the footer after it

and for a local TV station's page:

    "Police discover 3 bodies inside Henry County home | FOX59"  -> title without "| FOX59"
    "Please enable Javascript to watch this video"               -> dropped (tidings.boilerplate)
    "HENRY COUNTY, Ind. (WISH) -- A man and ..."                 -> dateline "HENRY COUNTY, Ind.", agency "WISH"

Which paragraphs are boilerplate is `tidings.boilerplate`'s concern; its rules, and the word lists
for titles and datelines used here, are data in `data/boilerplate.yaml`, never written around one site.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlparse

import numpy as np
from datasketch import MinHash, MinHashLSH

from tidings.boilerplate import BoilerplateRules, boilerplate_rules, is_boilerplate, is_timestamp, strip_boilerplate
from tidings.model import Article, RawArticle

__all__ = ["clean", "clean_title", "is_boilerplate", "looks_like_headline", "normalize", "paragraphs",
           "split_dateline", "strip_boilerplate", "DuplicateIndex", "minhash"]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
#: Windows-1252 punctuation read as Latin-1 (C1 controls): "NORWICH \x96 Few details", "victim\x92s".
_CP1252 = {0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x96: "\u2013", 0x97: "\u2014",
           0x85: "\u2026"}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
#: "MOSCOW:", "TEHRAN (Tasnim) –", "KABUL, Afghanistan (AP) —", "LONDON, March 3 (Reuters) -",
#: "HENRY COUNTY, Ind. (Aug. 28, 2015) –", "NEW HAVEN >>", "(BROOKLYN) -", "PERRIS, Calif. -" alone.
#: A lone hyphen needs a space on one side, so that "US-led forces" is not a dateline.
_DATELINE = re.compile(
    rf"""^(?:\((?P<bracketed>[^()]{{2,40}})\)
         |(?P<dateline>[A-Z][A-Z.'\u2019-]+(?:[ ][A-Z][A-Z.'\u2019-]+){{0,3}}      # upper-case place
           (?:,[ ]?[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+){{0,2}})?                  # ", Afghanistan", ", N.C."
           (?:,?[ ]{_MONTH}[ ]\d{{1,2}})?)                                         # ", March 3"
          [ ]?(?:\((?P<agency>[^()]{{2,40}})\))?)
        (?:[ ]*(?:[:\u2013\u2014]|--|>>)[ ]*|[ ]+-[ ]*|-[ ]+)(?=\S|$)""",
    re.VERBOSE,
)
#: "(Aug. 28, 2015)", "(April 20, 2016)", "(8/28/2015)": a date in the agency's place.
_DATE_IN_PARENS = re.compile(rf"^(?:{_MONTH}\s*\d{{1,2}}(?:,?\s*\d{{4}})?|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)$")
#: Where a page title joins the headline to the site's name: " | ", " - ", " — ", " : ", " @ ".
_TITLE_SEPARATOR = re.compile(r"(\s*\|\s*|\s+[-\u2013\u2014\u2022]{1,2}\s+|\s+[:@]\s+|[-\u2013\u2014|]+\s*$)")
#: A broadcaster's call sign (KSLA, WTOC-TV, KGUN9) or a domain name (KMOV.com) in a title segment.
_CALL_SIGN = re.compile(r"\b[KW][A-Z]{3}\b|\b[KW][A-Z]{2,3}(?:-?TV|\d+)\b")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|net|org|tv|us|co\.uk)\b", re.IGNORECASE)
_TITLE_WORD = re.compile(r"[a-z]+")
#: A headline may end with an abbreviation ("... in Fort Bend Co.", "... in Sunman, Ind.") or an ellipsis.
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z][a-z]{0,3}\.|\b(?:[A-Z]\.)+|\.\.\.|\u2026)$")


def normalize(text: str) -> str:
    """NFC, no invisible or control characters, single spaces, lines trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_CP1252)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def paragraphs(text: str) -> list[str]:
    """Non-empty lines: scraped text puts one paragraph on a line, often with blank lines between."""
    return [p for p in text.split("\n") if p]


def looks_like_headline(first: str, rest: list[str]) -> bool:
    """A short first line without a final full stop, before longer prose, is a headline. An
    abbreviation's stop does not count: 'Man shoots his father in Fort Bend Co.'"""
    if not rest or len(first) > 250 or first.endswith((",", ";")):
        return False
    if first.endswith(".") and not _ABBREVIATION_END.search(first):
        return False
    return len(first.split()) >= 3 or len(first) < len(rest[0])


# Titles ------------------------------------------------------------------------------------------

def _site_key(url: str | None) -> str:
    """'deseretnews' for http://www.deseretnews.com/article/...; '' when there is no URL."""
    host = (urlparse(url).hostname or "") if url and "//" in url else ""
    labels = [x for x in host.lower().split(".") if x not in ("www", "m", "amp", "mobile")]
    if len(labels) >= 3 and labels[-2] in ("co", "com", "org", "net", "gov"):  # dailymail.co.uk
        labels = labels[:-1]
    return re.sub(r"[^a-z0-9]", "", labels[-2] if len(labels) >= 2 else "".join(labels))


def _site_evidence(segment: str, site: str, rules: BoilerplateRules) -> int:
    """How surely a title segment names the site: 2 for the URL's name, else one per site word,
    call sign or domain name in it ("KSLA News 12 Shreveport, Louisiana News Weather & Sports")."""
    key = re.sub(r"[^a-z0-9]", "", segment.lower())
    if site and len(site) >= 3 and key and (site in key or (len(key) >= 4 and key in site)):
        return 2
    words = _TITLE_WORD.findall(re.sub(r"\d+", " ", segment.lower()))
    return (sum(w in rules.site_words for w in words) + len(_CALL_SIGN.findall(segment))
            + len(_DOMAIN.findall(segment)))


def clean_title(title: str, url: str | None = None, rules: BoilerplateRules | None = None) -> str:
    """The headline without the site's name, tag line or a label: '... - KSLA News 12 Shreveport,
    Louisiana News Weather & Sports', '... | FOX59', 'Wichita, Kansas News, Weather, Sports - ...',
    'UPDATE: ...'. A segment goes only when it names the site (by the URL, site words, a call sign
    or a domain, or it follows ' | ', which headlines do not use) and a headline of three words or
    more is left."""
    rules = rules or boilerplate_rules()
    site = _site_key(url)
    parts = _TITLE_SEPARATOR.split(title)
    segments, separators = parts[::2], parts[1::2]
    for i in range(1, len(segments)):  # the site's name and everything after it: tag line, city
        named = "|" in separators[i - 1] or _site_evidence(segments[i], site, rules)
        if named and len(" ".join(segments[:i]).split()) >= 3:
            segments, separators = segments[:i], separators[:i - 1]
            break
    if len(segments) > 1 and _site_evidence(segments[0], site, rules) >= 2 and len(segments[1].split()) >= 3:
        segments, separators = segments[1:], separators[1:]
    headline = "".join(s + sep for s, sep in zip(segments, [*separators, ""], strict=True)).strip(" -|:\u2013\u2014")
    lower = headline.lower()
    for label in rules.title_labels:
        m = re.match(rf"{re.escape(label)}\s*[:|\u2013\u2014-]\s+", lower)
        if m and len(headline[m.end():].split()) >= 3:
            return headline[m.end():]
    return headline or title


def _comparable(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def drop_repeated_title(title: str, paras: list[str], rules: BoilerplateRules) -> tuple[str, list[str]]:
    """The page's headline printed again at the top of the body goes. Where it is printed in full
    and the title was cut short ('... shot in fa - WBTV'), the full headline becomes the title."""
    key = _comparable(title)
    if len(key) < 10:
        return title, paras
    for i, p in enumerate(paras[:4]):
        para = _comparable(p)
        if para == key:
            return title, paras[:i] + paras[i + 1:]
        if para.startswith(key) and len(p) <= 250:
            tail = " ".join(p.split()[len(title.split()):])
            if is_timestamp(tail, rules):
                return title, paras[:i] + paras[i + 1:]
            if len(title) >= 50 and len(tail.split()) <= 6 and not p.endswith((".", "!", "?", '"', "\u201d")):
                return p, paras[:i] + paras[i + 1:]
    return title, paras


# Datelines ---------------------------------------------------------------------------------------

def split_dateline(paragraph: str, rules: BoilerplateRules | None = None) -> tuple[str | None, str | None, str]:
    """('MOSCOW', None, rest) for 'MOSCOW: rest'; the agency comes from parentheses, unless they
    hold a date ('HENRY COUNTY, Ind. (Aug. 28, 2015) – ...'). A label such as 'UPDATE:' or 'POSTED:'
    is not a place. A story may open with its source alone: '(KMOV.com) – ...' gives (None, 'KMOV.com',
    rest); the paragraph comes back whole when it has neither."""
    rules = rules or boilerplate_rules()
    m = _DATELINE.match(paragraph)
    if not m:
        return None, None, paragraph
    bracketed = (m.group("bracketed") or "").strip()
    if bracketed:
        if _looks_like_agency(bracketed):
            return None, re.sub(r"^via\s+", "", bracketed, flags=re.IGNORECASE), paragraph[m.end():]
        if not re.fullmatch(r"[A-Z][A-Z.'\u2019 -]+", bracketed):
            return None, None, paragraph
    place = (m.group("dateline") or bracketed).strip().rstrip(",")
    if len(place) > 60 or set(re.findall(r"[a-z']+", place.lower())) & rules.not_a_dateline:
        return None, None, paragraph
    agency = (m.group("agency") or "").strip()
    if _DATE_IN_PARENS.match(agency):
        agency = ""
    return place, re.sub(r"^via\s+", "", agency, flags=re.IGNORECASE) or None, paragraph[m.end():]


def _looks_like_agency(bracketed: str) -> bool:
    """'(KMOV.com)', '(via KARK)', '(CBS 8/CNS)' open a story as its source; '(BROOKLYN)' as its place."""
    return bool(_CALL_SIGN.fullmatch(bracketed) or _DOMAIN.search(bracketed)
                or re.match(r"via\s", bracketed, re.IGNORECASE) or re.search(r"[\d/]", bracketed))


def take_dateline(paras: list[str], rules: BoilerplateRules) -> tuple[str | None, str | None, list[str]]:
    """Dateline, agency and the body without them. The dateline opens the story, which may come after
    a short teaser or two ('Grief counselors will be on hand ...', then 'SAN DIEGO (CBS 8) - ...'); it
    may stand alone ('PERRIS, Calif. -', the story in the next paragraph) or be printed twice."""
    for i, paragraph in enumerate(paras[:3]):
        dateline, agency, lead = split_dateline(re.sub(r"^[-\u2013\u2014]+\s+", "", paragraph), rules)
        if dateline or (agency and i == 0):
            break
        if len(paragraph) > rules.max_line_chars:
            return None, None, paras
    else:
        return None, None, paras
    if dateline and lead.startswith(dateline):  # 'NAPLES, Fla. - NAPLES, Fla. -- One person ...'
        again, again_agency, again_lead = split_dateline(lead, rules)
        if again == dateline:
            agency, lead = agency or again_agency, again_lead
    return dateline, agency, paras[:i] + ([lead] if lead.strip() else []) + paras[i + 1:]


# The whole stage ---------------------------------------------------------------------------------

def clean(raw: RawArticle) -> Article:
    """Title, dateline, agency and clean text of one article."""
    rules = boilerplate_rules()
    paras = paragraphs(normalize(raw.body))
    title = normalize(raw.title).replace("\n", " ").strip() if raw.title else None
    if paras and (title is None or paras[0] == title):
        if title is None and looks_like_headline(paras[0], paras[1:]):
            title = paras[0]
        if title is not None and paras[0] == title:
            paras = paras[1:]
    if title:
        title = clean_title(title, raw.url, rules)
        title, paras = drop_repeated_title(title, paras, rules)
    body = strip_boilerplate(paras, rules)
    dateline, agency, body = take_dateline(body, rules)
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
