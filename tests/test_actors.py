"""Actor resolution in context: names, surnames, offices held on the article's day, descriptions."""

from datetime import date

import pytest

from tidings import nlp
from tidings.actors import resolve_entities, resolve_text
from tidings.model import Article

pytestmark = pytest.mark.model


def resolved(text: str, published: date | None) -> dict[str, str | None]:
    """Mention text -> resolved actor name, for one article."""
    article = Article(article_id="a1", source_path="a.txt", text=text, published=published)
    mentions, actors = resolve_entities(article, next(nlp.parse([text])))
    names = {a.actor_id: a.name for a in actors}
    return {m.text: names.get(m.actor_id) for m in mentions}


def test_actors_surname_refers_back_to_full_name():
    found = resolved("Iranian President Hassan Rouhani arrived in Beijing on Monday.\n\n"
                     "Rouhani said the talks went well.", date(2016, 1, 20))
    assert found["Hassan Rouhani"] == found["Rouhani"] == "Hassan Rouhani"


@pytest.mark.parametrize("published, president", [
    (date(2015, 11, 20), "Hassan Rouhani"),
    (date(2022, 3, 1), "Ebrahim Raisi"),
    (date(2025, 1, 10), "Masoud Pezeshkian"),
])
def test_actors_title_and_country_resolve_by_office_on_the_day(published, president):
    found = resolved("The Iranian president will travel to Ankara next week, officials said.", published)
    assert found["Iranian president"] == president


def test_actors_no_publication_date_leaves_the_office_unresolved():
    found = resolved("The Iranian president will travel to Ankara next week, officials said.", None)
    assert found["Iranian president"] is None


def test_actors_leader_word_needs_a_leader_named_in_the_article():
    alone = resolved("The Russian leader spoke to reporters on Tuesday.", date(2015, 11, 20))
    assert alone["Russian leader"] is None
    named = resolved("Vladimir Putin flew to Tehran.\n\nThe Russian leader spoke to reporters on Tuesday.",
                     date(2015, 11, 20))
    assert named["Russian leader"] == "Vladimir Putin"


def test_actors_capital_stands_for_the_government():
    found = resolved("Moscow says it will respond, and Tehran struck a deal with Beijing.", date(2019, 5, 1))
    assert (found["Moscow"], found["Tehran"], found["Beijing"]) == ("Russian Federation", "Iran", "China")


def test_actors_our_president_in_a_quote_is_the_speakers_president():
    text = ("“We are preparing a visit for our president next month,” Kremlin aide Yury Ushakov said.")
    assert resolved(text, date(2018, 9, 4))["our president"] == "Vladimir Putin"


def test_actors_unknown_person_has_the_same_id_in_every_article():
    first = Article(article_id="a1", source_path="a.txt", text="Farmer Jane Okafor protested in Lagos.",
                    published=date(2020, 1, 1))
    second = Article(article_id="a2", source_path="b.txt", text="Police detained Jane Okafor on Friday.",
                     published=date(2020, 1, 3))
    ids = []
    for article in (first, second):
        mentions, _ = resolve_entities(article, next(nlp.parse([article.text])))
        ids.append(next(m.actor_id for m in mentions if "Okafor" in m.text))
    assert ids[0] == ids[1] and ids[0].startswith("tid:")


def test_actors_group_aliases_are_one_actor():
    found = resolved("Islamic State claimed the attack. Daesh fighters retreated, and ISIS lost ground.",
                     date(2017, 7, 1))
    assert found["Islamic State"] == found["Daesh"] == found["ISIS"] == "Islamic State"


def test_actors_title_words_alone_are_not_actors():
    found = resolved("Iranian Supreme Leader Ayatollah Ali Khamenei met the delegation.", date(2018, 9, 4))
    assert "Supreme" not in found and found["Ayatollah Ali Khamenei"] == "Ali Khamenei"


@pytest.mark.parametrize("text, day, name", [
    ("the Iranian president", date(2015, 11, 20), "Hassan Rouhani"),
    ("Iranian President", date(2022, 1, 1), "Ebrahim Raisi"),
    ("Russian President", date(2010, 1, 1), "Dmitry Medvedev"),
    ("President of Russia", date(2005, 1, 1), "Vladimir Putin"),
    ("Iran's supreme leader", date(2018, 1, 1), "Ali Khamenei"),
    ("Leader of the Islamic Revolution", date(2018, 1, 1), "Ali Khamenei"),
    ("the French president", date(2015, 11, 20), "François Hollande"),
    ("British prime minister", date(2010, 1, 1), "Gordon Brown"),
    ("Seyed Ali Khamenei", None, "Ali Khamenei"),
    ("Daesh", None, "Islamic State"),
    ("Moscow", None, "Russian Federation"),
])
def test_actors_resolve_text(text, day, name):
    actor = resolve_text(text, day)
    assert actor is not None and actor.name == name


def test_actors_resolve_text_says_nothing_when_nothing_matches():
    assert resolve_text("Nobody Special", date(2020, 1, 1)) is None
