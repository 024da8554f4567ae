"""bench/hand_check.py: the sample a person judges marks each mention's trigger where it stands."""

from conftest import bench_module


def test_hand_check_marks_the_trigger_as_a_word_not_inside_another():
    hand_check = bench_module("hand_check")
    event = {"type": "OTHER", "subtype": "accident"}
    mention = {"sentence": "They were playing with a shotgun when Antoine accidentally shot Anderson.", "text": "shot",
               "status": "occurred", "confidence": 0.99, "source_actors": [], "target_actors": [],
               "article_id": "2f1c"}
    block = hand_check.describe(1, "GVC dev", event, mention, {}, {"published": "2016-05-08"})
    assert "a shotgun when Antoine accidentally [[shot]] Anderson" in block
    # the judge reads the article by its id, and dates it by its publication day
    assert block.startswith("1. [GVC dev, article 2f1c, published 2016-05-08] They were playing")


def test_hand_check_marks_the_mention_of_two_alike_words_it_is():
    # "who shot herself ... who shot himself": the second "shot", by the mention's offset (GVC dev 48eade0d)
    hand_check = bench_module("hand_check")
    sentence = "Mariah, who shot herself May 11, and a boy who shot himself Nov. 2."
    text = "Charges filed\n\n" + sentence
    mention = {"sentence": sentence, "text": "shot", "start": text.rindex("shot"), "status": "occurred",
               "source_actors": [], "target_actors": [], "article_id": "48ea"}
    block = hand_check.describe(1, "GVC dev", {"type": "ASSAULT"}, mention, {}, {"text": text})
    assert "who shot herself May 11, and a boy who [[shot]] himself" in block
