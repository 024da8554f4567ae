import pytest

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


# GVC train headlines over their articles' first lines: a Title Case headline's common words are
# parsed as the body writes them, and the doc keeps the article's own words
TITLE_CASE_HEADLINES = [
    ("Toddler Killed in Tampa Shooting\n\nTAMPA, FL — The Tampa Police Department is investigating the Sunday "
     "afternoon shooting death of a 17-month-old child.", "Toddler killed in Tampa shooting"),
    ("Teen Killed, Another Wounded in St. Paul Shooting\n\nA teenager was killed and another wounded in a shooting "
     "in St. Paul on Saturday night, police said.", "Teen killed, another wounded in St. Paul shooting"),
    ("Navarro County Toddler Shot, Killed By 8-Year-Old\n\nA toddler in Navarro County was shot and killed by an "
     "8-year-old relative, deputies said.", "Navarro County toddler shot, killed by 8-year-old"),
]


@pytest.mark.parametrize("text, headline", TITLE_CASE_HEADLINES)
def test_nlp_title_case_headline_is_truecased_for_the_parser(text, headline):
    assert nlp.truecased(text).split("\n")[0] == headline
    assert len(nlp.truecased(text)) == len(text)


def test_nlp_truecased_headline_is_parsed_as_a_sentence_but_keeps_its_words():
    text = TITLE_CASE_HEADLINES[0][0]
    doc = next(nlp.parse([text]))
    assert doc.text == text
    killed = next(t for t in doc if t.text == "Killed")
    assert (killed.pos_, killed.lemma_) == ("VERB", "kill")
    assert any(e.text == "Tampa" for e in doc.ents)


def test_nlp_sentence_case_text_is_parsed_as_it_is():
    text = "Teen shot in Allegheny Township\n\nA teen was shot on Friday, police said."
    assert nlp.truecased(text) == text


def test_nlp_a_sentence_full_of_names_is_no_headline():
    # PLV-like news sentences end as sentences do, however many of their words are names
    text = "Russian President Vladimir Putin Met Iranian President Hassan Rouhani In Tehran.\n\nThey met in Tehran."
    assert nlp.truecased(text) == text
