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
