"""Cleaning: a `RawArticle` in, an `Article` out, with title, dateline and agency split off and
site boilerplate removed; plus near-duplicate detection across articles.

The clean text is the title as its first paragraph, then the body paragraphs separated by blank
lines. Every offset elsewhere in Tidings refers to it. For the seed article of the Kashmir Observer:

    "MOSCOW: Russian President Vladimir Putin will meet ..."   -> dateline "MOSCOW", body from "Russian"
    "Follow this link to join our WhatsApp group: Join Now"    -> dropped, and the footer after it

and for a local TV station's page:

    "Police discover 3 bodies inside Henry County home | FOX59"  -> title without "| FOX59"
    "Please enable Javascript to watch this video"               -> dropped
    "HENRY COUNTY, Ind. (WISH) -- A man and ..."                 -> dateline "HENRY COUNTY, Ind.", agency "WISH"

Boilerplate is what the site prints around the story; later stages would read it as news (a player
prompt becomes an actor named Javascript, a photo credit "(WISH Photo)" an organisation WISH, a stamp
"POSTED: 1052 GMT (1852 HKT)" two more):

    "Share this: Facebook", "Pinterest", "Like this: Like Loading..."    -> a share bar, dropped
    "Three bodies were found in a home ... Thursday. (WISH Photo)"       -> a photo caption, dropped
    "Email: jdoe@example.com", "Contributing: Jane Doe"                  -> contact lines, dropped
    "Updated at 4:45 p.m. ET: Officials said ..."    -> "Officials said ..."  (the stamp is cut)
    "Police would not release the video, citing the investigation."     -> kept

The rules, and the word lists for titles and datelines, are data in `data/boilerplate.yaml`, grouped
by kind and never written around one site; tests/data/boilerplate_examples.yaml shows each on real
sites' markup.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlparse

import numpy as np
import yaml
from datasketch import MinHash, MinHashLSH

from tidings.model import Article, RawArticle

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
_URL_JOINS = re.compile(r"\s*([./:?=&_#%+~-])\s*")
_URL_LINE = re.compile(r"\W*(?:https?://|www\.)\S+")
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


def is_url_line(paragraph: str) -> bool:
    """A web address alone, also as a tokeniser leaves it ('http : / / www . example . com / a - b'):
    its words are a slug, not a headline or a sentence."""
    joined = _URL_JOINS.sub(r"\1", paragraph.strip())
    return bool(_URL_LINE.fullmatch(joined))


def looks_like_headline(first: str, rest: list[str]) -> bool:
    """A short first line without a final full stop, before longer prose, is a headline. An
    abbreviation's stop does not count: 'Man shoots his father in Fort Bend Co.'"""
    if not rest or len(first) > 250 or first.endswith((",", ";")):
        return False
    if first.endswith(".") and not _ABBREVIATION_END.search(first):
        return False
    return len(first.split()) >= 3 or len(first) < len(rest[0])


# Boilerplate -------------------------------------------------------------------------------------

_STAMP_WORD = re.compile(r"[a-z]+|\d[\d:/.-]*")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2} ?[ap]\.?m\b", re.IGNORECASE)
#: "by Jane Doe and John Roe", "By: Jane Doe," before or after a stamp ("Posted 3:57 AM, by Jane Doe")
_BY_NAMES = re.compile(r"\b[Bb][Yy]:?\s+[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*"
                       r"(?:\s*(?:,|and|&)\s*[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*)*\.?")
#: Where a leading stamp can end: "Updated 4:45 p.m. ET: ...", "(Updated 3:25 p.m.) ...", "UPDATE 8:30 PM - ..."
_STAMP_END = re.compile(r"\)?:\s|\)\s*|\s[-\u2013\u2014]+\s")
_SOCIAL_WORD = re.compile(r"[\w+'-]+")


@dataclass(frozen=True)
class Patterns:
    """Regular expressions tried one after another. Python's `re` tries every branch of one large
    alternation at every position of the text, which makes a union of ~100 rules three times slower."""

    patterns: tuple[re.Pattern[str], ...]

    def search(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled patterns and word lists from `data/boilerplate.yaml`."""

    line: Patterns
    link_list: Patterns
    footer_start: Patterns
    appeal: Patterns
    caption: Patterns
    contact: Patterns
    contact_token: re.Pattern[str]
    contact_words: frozenset[str]
    contact_other_words: int
    byline: re.Pattern[str]
    contributor: Patterns
    widget_words: frozenset[str]
    widget_fillers: frozenset[str]
    timestamp_labels: frozenset[str]
    timestamp_words: frozenset[str]
    not_a_dateline: frozenset[str]
    title_labels: tuple[str, ...]
    site_words: frozenset[str]
    max_line_chars: int
    max_caption_chars: int
    footer_after: float


def _patterns(patterns: list[str], flags: int = re.IGNORECASE) -> Patterns:
    return Patterns(tuple(re.compile(p, flags) for p in patterns))


def _any_of(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _word_list(data: dict, key: str) -> list[str]:
    """A list of lower-case words; YAML reads a bare `on` or `no` as a boolean, so those are quoted."""
    words = data[key]
    wrong = [w for w in words if not isinstance(w, str)]
    if wrong:
        raise ValueError(f"data/boilerplate.yaml: {key} holds {wrong!r}, not words: quote them")
    return [w.lower() for w in words]


@functools.cache
def boilerplate_rules() -> BoilerplateRules:
    """The shipped rules, read once per process."""
    data = yaml.safe_load(resources.files("tidings").joinpath("data/boilerplate.yaml").read_text("utf-8"))
    words = {key: frozenset(_word_list(data, key))
             for key in ("widget_words", "widget_fillers", "timestamp_labels", "timestamp_words",
                         "not_a_dateline", "site_words", "contact_words")}
    return BoilerplateRules(
        line=_patterns([p for group in data["line"].values() for p in group]),
        link_list=_patterns(data["link_list"]), footer_start=_patterns(data["footer_start"]),
        appeal=_patterns(data["appeal"]), caption=_patterns(data["caption"]), contact=_patterns(data["contact"]),
        contact_token=_any_of(data["contact_token"]), contact_other_words=data["contact_other_words"],
        # names are told by their capitals, so these two are case-sensitive
        byline=_any_of(data["byline"], 0), contributor=_patterns(data["contributor"], 0),
        title_labels=tuple(sorted(_word_list(data, "title_labels"), key=len, reverse=True)),
        max_line_chars=data["max_line_chars"], max_caption_chars=data["max_caption_chars"],
        footer_after=data["footer_after"], **words,
    )


def _stamp_words(text: str) -> list[str]:
    text = re.sub(r"\b([ap])\.m\.?", r"\1m", text.lower())
    return _STAMP_WORD.findall(text)


def is_timestamp(text: str, rules: BoilerplateRules) -> bool:
    """A line of only date and time words and numbers, with a label ("Updated", "Posted") or a clock
    time: "Updated 4/11/2007 1:26 PM", "Posted 3:57 AM, May 26, 2015, by Jane Doe"."""
    rest = _BY_NAMES.sub(" ", text)
    words = _stamp_words(rest)
    if not words or not any(w[0].isdigit() for w in words):
        return False
    if not all(w[0].isdigit() or w in rules.timestamp_labels or w in rules.timestamp_words for w in words):
        return False
    return any(w in rules.timestamp_labels for w in words) or bool(_CLOCK.search(rest))


def is_date_line(text: str, rules: BoilerplateRules) -> bool:
    """A date alone, as blogs print it above a post ('WEDNESDAY , JULY 29 , 2009'), or a time stamp:
    never a headline."""
    words = _stamp_words(text)
    return (any(w[0].isdigit() for w in words) and any(w.isalpha() for w in words)
            and all(w[0].isdigit() or w in rules.timestamp_labels or w in rules.timestamp_words for w in words))


def strip_leading_timestamp(paragraph: str, rules: BoilerplateRules) -> str:
    """'Updated at 4:45 p.m. ET: Officials said ...' -> 'Officials said ...'. Only a labelled stamp is
    cut: a bare date opening a sentence ("Jan. 5: Jane Doe was shot ...") dates what follows."""
    if is_timestamp(paragraph, rules):  # a stamp alone, dropped whole
        return paragraph
    for end in _STAMP_END.finditer(paragraph, 0, 60):
        head, rest = paragraph[:end.start() + (end.group().startswith(")"))], paragraph[end.end():]
        if head[-1:].isdigit() and rest[:1].isdigit():  # inside a clock time: 'Updated : ... 11 : 06 PM'
            continue
        if (rest[:1].isalnum() or rest[:1] in "\"\u201c") and is_timestamp(head, rules) \
                and any(w in rules.timestamp_labels for w in _stamp_words(head)):
            return rest
    return paragraph


def ends_with_timestamp(paragraph: str, rules: BoilerplateRules) -> bool:
    """'Four shot in Broad Ripple Updated: Monday, July 7, 2014 6:44 PM EDT': a headline repeated with
    its stamp, as some publishing systems print above the story. The stamp has a labelled clock time."""
    words = paragraph.split()
    for i, word in enumerate(words[1:], 1):
        label = word.lower().rstrip(":")
        stamp = " ".join(words[i:])
        if label in rules.timestamp_labels and _CLOCK.search(stamp) and is_timestamp(stamp, rules):
            head = " ".join(words[:i])
            return len(head) <= rules.max_line_chars and not head.endswith((".", "!", "?", '"', "\u201d"))
    return False


def is_share_bar(paragraph: str, rules: BoilerplateRules) -> bool:
    """'Share this: Facebook', 'Twitter', 'Pinterest', 'Like this: Like Loading...': widget labels only."""
    words = [w for w in _SOCIAL_WORD.findall(paragraph.lower()) if not w.isdigit()]
    return (bool(words) and all(w in rules.widget_words for w in words)
            and any(w not in rules.widget_fillers for w in words))


def is_contact(paragraph: str, rules: BoilerplateRules) -> bool:
    """A reporter's contact or contribution line: 'Email: jdoe@example.com', 'Contributing: Jane Doe',
    'Jane Doe: 555-555-0100, jdoe@example.com'. A sentence that gives a number or an address, such as
    a police appeal for tips or a quoted post, has more words than a name and is not one."""
    if rules.contact.search(paragraph) or rules.contributor.search(paragraph):
        return True
    rest = rules.contact_token.sub(" ", paragraph)
    if rest == paragraph:
        return False
    words = [w for w in re.findall(r"[a-z][\w'-]*", rest.lower()) if w not in rules.contact_words]
    return len(words) <= rules.contact_other_words


def is_caption(paragraph: str, rules: BoilerplateRules) -> bool:
    """A photo caption ending with its credit: '... in Henry County Thursday. (WISH Photo)'."""
    return len(paragraph) <= rules.max_caption_chars and rules.caption.search(paragraph)


def is_boilerplate(paragraph: str, rules: BoilerplateRules | None = None) -> bool:
    """Whether a whole paragraph is the site's: a short line of a known kind, a caption, an appeal or
    a list of links."""
    rules = rules or boilerplate_rules()
    if len(paragraph) <= rules.max_line_chars and (
            rules.line.search(paragraph) or is_url_line(paragraph) or is_share_bar(paragraph, rules)
            or is_contact(paragraph, rules) or is_timestamp(paragraph, rules) or ends_with_timestamp(paragraph, rules)):
        return True
    return is_caption(paragraph, rules) or rules.appeal.search(paragraph) or rules.link_list.search(paragraph)


def strip_boilerplate(paras: list[str], rules: BoilerplateRules | None = None) -> list[str]:
    """Drop boilerplate paragraphs anywhere, and the whole footer from its first marker on.

    A footer marker ("Leave a Reply", "Share this", "Related:") only cuts when it comes after
    `footer_after` of the article's characters, so a mid-article "Related:" link costs one line,
    not the rest of the story. A stamp opening a paragraph is cut and the sentence kept."""
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
        p = strip_leading_timestamp(p, rules)
        if not is_boilerplate(p, rules):
            kept.append(p)
    return kept


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


def _evidence_needed(separator: str, segment: str) -> int:
    """A site's name is no question or exclamation; after ' : ', which headlines use too ('Obama to name
    Gupta : Onion headline or actual news ?'), a long segment needs the URL's name or two site words."""
    if "?" in segment or "!" in segment:
        return 99
    return 2 if separator.strip() in (":", "@") and len(segment.split()) > 3 else 1


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
        named = "|" in separators[i - 1] or _site_evidence(segments[i], site, rules) >= _evidence_needed(
            separators[i - 1], segments[i])
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
    while paras and (is_url_line(paras[0]) or is_date_line(paras[0], rules)):  # above the headline
        paras = paras[1:]
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
