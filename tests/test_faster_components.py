"""The faster attribute ruler and lemmatizer give spaCy's own annotations."""

from pathlib import Path

import spacy

from tidings import nlp
from tidings.faster_components import RuleIndex, lemmatize_fast

TEXTS = sorted((Path(__file__).parent / "data" / "text").glob("*.txt"))


def _unruled_docs():
    """The bundled real articles parsed up to the attribute ruler, by the stock model."""
    stock = spacy.load(nlp.MODEL)
    texts = [p.read_text(encoding="utf-8") for p in TEXTS]
    texts.append("Y'all ain't seen nothin' yet: we're gonna win, gotta go. C'mon, let's go! I don't know it.")
    return stock, list(stock.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))


def test_rule_index_matches_what_the_matcher_matches_on_real_articles():
    stock, docs = _unruled_docs()
    ruler = stock.get_pipe("attribute_ruler")
    index = RuleIndex(ruler)
    assert len(TEXTS) >= 8
    for doc in docs:
        expected = ruler.match(doc)
        assert expected  # every token's tag has a rule
        assert index.match(doc) == expected
        assert index.match(doc) == expected  # and again, from the table it filled


def test_rule_index_covers_the_regex_and_two_token_rules():
    stock, docs = _unruled_docs()
    ruler = stock.get_pipe("attribute_ruler")
    index = RuleIndex(ruler)
    multi = {rule for rule, _, start, end in index.match(docs[-1]) if end - start > 1}
    assert len(multi) >= 3  # "ai n't", "gon na", "got ta", "let 's", "Y' all"


def test_lemmatize_fast_gives_the_lemmatizer_s_lemmas_on_real_articles():
    stock = spacy.load(nlp.MODEL)
    lemmatizer = stock.get_pipe("lemmatizer")
    texts = [p.read_text(encoding="utf-8") for p in TEXTS]
    known: dict = {}
    for doc in stock.pipe(texts, disable=["lemmatizer", "ner"]):
        theirs = [t.lemma_ for t in lemmatizer(doc.copy())]
        assert [t.lemma_ for t in lemmatize_fast(lemmatizer, doc.copy(), known)] == theirs
        assert [t.lemma_ for t in lemmatize_fast(lemmatizer, doc, known)] == theirs  # from what it kept
        assert "be" in theirs and any(t.lemma_ != t.lower_ for t in doc if t.pos_ in ("VERB", "NOUN"))


def test_the_pipeline_annotates_as_the_stock_pipeline_does():
    stock = spacy.load(nlp.MODEL)
    stock.add_pipe("paragraph_breaks", before="parser")
    texts = [p.read_text(encoding="utf-8") for p in TEXTS]
    for ours, theirs in zip(nlp.load().pipe(texts), stock.pipe(texts), strict=True):
        assert [(t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_, t.ent_iob_, t.ent_type_) for t in ours] == \
            [(t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_, t.ent_iob_, t.ent_type_) for t in theirs]
