from tidings import nlp


def test_nlp_headline_is_its_own_sentence():
    text = "Putin to meet Khamenei during Iran visit\n\nMOSCOW will host the talks on Monday, officials said."
    sentences = nlp.sentences(next(nlp.parse([text])))
    assert [s.text for s in sentences] == ["Putin to meet Khamenei during Iran visit",
                                           "MOSCOW will host the talks on Monday, officials said."]


def test_nlp_sentence_offsets_point_into_the_text():
    text = "First paragraph here.\nSecond one, on its own line.\n\nThird."
    for s in nlp.sentences(next(nlp.parse([text]))):
        assert text[s.start:s.end] == s.text


def test_nlp_model_is_loaded_once():
    assert nlp.load() is nlp.load()


def test_entity_at_finds_the_entity_that_holds_each_of_its_words():
    text = ("Russian President Vladimir Putin met Iran's Supreme Leader Ali Khamenei in Tehran on Monday, "
            "and the Czech Republic's prime minister flew to Santa Cruz Barillas.")
    doc = next(nlp.parse([text]))
    assert len(doc.ents) >= 4
    for ent in doc.ents:
        for token in ent:
            assert nlp.entity_at(token) == ent


def test_text_of_is_the_document_text_joined_once():
    doc = next(nlp.parse(["Talks began.\n\nThey ended on Monday."]))
    assert nlp.text_of(doc) == doc.text
    assert nlp.text_of(doc) is nlp.text_of(doc)
