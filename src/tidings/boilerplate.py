"""Boilerplate: which paragraphs of scraped news text belong to the site, not to the story.

Part of the `clean` stage: `tidings.clean.clean` calls `strip_boilerplate` on an article's body
paragraphs and keeps what it returns. Everything the site prints around a story is dropped, because
the later stages would read it as news: a player prompt "Please enable Javascript to watch this
video" becomes an actor named Javascript, a photo credit "(WISH Photo)" an organisation WISH, a
stamp "POSTED: 1052 GMT (1852 HKT)" two more.

    "Share this: Facebook", "Pinterest", "Like this: Like Loading..."       -> a share bar
    "Three bodies were found in a home ... Thursday. (WISH Photo)"          -> a photo caption
    "Email: jdoe@example.com", "Contributing: Jane Doe"                     -> contact lines
    "Updated: November 11, 2011 20:09 IST"                                  -> a time stamp
    "Updated at 4:45 p.m. ET: Officials said ..."   -> "Officials said ..."   (the stamp is cut)
    "Police would not release the video, citing the investigation."        -> kept

The words and shapes live in `data/boilerplate.yaml`, grouped by kind; the tests in
tests/test_clean.py show each kind on real sites' markup. Rules are general, never one site's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

_WORD = re.compile(r"[a-z]+|\d[\d:/.-]*")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2} ?[ap]\.?m\b", re.IGNORECASE)
#: "by Jane Doe and John Roe", "By: Jane Doe," before or after a stamp ("Posted 3:57 AM, by Jane Doe")
_BY_NAMES = re.compile(r"\b[Bb][Yy]:?\s+[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*"
                       r"(?:\s*(?:,|and|&)\s*[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*)*\.?")
#: Where a leading stamp can end: "Updated 4:45 p.m. ET: ...", "(Updated 3:25 p.m.) ...", "UPDATE 8:30 PM - ..."
_STAMP_END = re.compile(r"\)?:\s|\)\s*|\s[-\u2013\u2014]+\s")
_SOCIAL_WORD = re.compile(r"[\w+'-]+")


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled patterns and word lists from `data/boilerplate.yaml`."""

    line: re.Pattern[str]
    link_list: re.Pattern[str]
    footer_start: re.Pattern[str]
    appeal: re.Pattern[str]
    caption: re.Pattern[str]
    contact: re.Pattern[str]
    contact_token: re.Pattern[str]
    contact_words: frozenset[str]
    contact_other_words: int
    byline: re.Pattern[str]
    contributor: re.Pattern[str]
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
        line=_any_of([p for group in data["line"].values() for p in group]), link_list=_any_of(data["link_list"]),
        footer_start=_any_of(data["footer_start"]), appeal=_any_of(data["appeal"]),
        caption=_any_of(data["caption"]), contact=_any_of(data["contact"]),
        contact_token=_any_of(data["contact_token"]), contact_other_words=data["contact_other_words"],
        # names are told by their capitals, so these two are case-sensitive
        byline=_any_of(data["byline"], 0), contributor=_any_of(data["contributor"], 0),
        title_labels=tuple(sorted(_word_list(data, "title_labels"), key=len, reverse=True)),
        max_line_chars=data["max_line_chars"], max_caption_chars=data["max_caption_chars"],
        footer_after=data["footer_after"], **words,
    )


def _words(text: str) -> list[str]:
    text = re.sub(r"\b([ap])\.m\.?", r"\1m", text.lower())
    return _WORD.findall(text)


def is_timestamp(text: str, rules: BoilerplateRules) -> bool:
    """A line of only date and time words and numbers, with a label ("Updated", "Posted") or a clock
    time: "Updated 4/11/2007 1:26 PM", "Posted 3:57 AM, May 26, 2015, by Jane Doe"."""
    rest = _BY_NAMES.sub(" ", text)
    words = _words(rest)
    if not words or not any(w[0].isdigit() for w in words):
        return False
    if not all(w[0].isdigit() or w in rules.timestamp_labels or w in rules.timestamp_words for w in words):
        return False
    return any(w in rules.timestamp_labels for w in words) or bool(_CLOCK.search(rest))


def strip_leading_timestamp(paragraph: str, rules: BoilerplateRules) -> str:
    """'Updated at 4:45 p.m. ET: Officials said ...' -> 'Officials said ...'. Only a labelled stamp is
    cut: a bare date opening a sentence ("Jan. 5: Jane Doe was shot ...") dates what follows."""
    for end in _STAMP_END.finditer(paragraph, 0, 60):
        head, rest = paragraph[:end.start() + (end.group().startswith(")"))], paragraph[end.end():]
        if rest and is_timestamp(head, rules) and any(w in rules.timestamp_labels for w in _words(head)):
            return rest
    return paragraph


def ends_with_timestamp(paragraph: str, rules: BoilerplateRules) -> bool:
    """'Four shot in Broad Ripple Updated: Monday, July 7, 2014 6:44 PM EDT': a headline repeated with
    its stamp, as some publishing systems print above the story."""
    words = paragraph.split()
    for i, word in enumerate(words[1:], 1):
        label = word.lower().rstrip(":")
        if label in rules.timestamp_labels and is_timestamp(" ".join(words[i:]), rules):
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
    return len(paragraph) <= rules.max_caption_chars and bool(rules.caption.search(paragraph))


def is_boilerplate(paragraph: str, rules: BoilerplateRules | None = None) -> bool:
    """Whether a whole paragraph is the site's: a short line of a known kind, a caption, an appeal or
    a list of links."""
    rules = rules or boilerplate_rules()
    if len(paragraph) <= rules.max_line_chars and (
            rules.line.search(paragraph) or is_share_bar(paragraph, rules) or is_contact(paragraph, rules)
            or is_timestamp(paragraph, rules) or ends_with_timestamp(paragraph, rules)):
        return True
    return is_caption(paragraph, rules) or bool(rules.appeal.search(paragraph) or rules.link_list.search(paragraph))


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
