"""The word lists of the rule-based stages: one data file, each list once."""

from __future__ import annotations

from dataclasses import fields
from importlib import resources

import pytest

from tidings.words import DATA_FILE, Words, parse, words


def test_words_every_list_is_read_from_the_data_file():
    shipped = words()
    assert "postpone" in shipped.cancelling_heads and "say" in shipped.speech_verbs
    assert shipped.future_aux == {"will", "shall", "'ll", "wo"}
    assert shipped.hypothetical_aux <= set(shipped.modals)


def test_words_no_two_lists_are_the_same():
    shipped = words()
    lists = [frozenset(getattr(shipped, f.name)) for f in fields(Words)]
    assert len(set(lists)) == len(lists)


def test_words_titles_come_longest_first():
    titles = words().titles
    assert titles.index("prime minister") < titles.index("president")
    assert {"prime", "minister"} <= words().title_words


@pytest.mark.parametrize(("edit", "message"), [
    ("negations: [never]\n", "defined more than once"),  # a second list of the same name
    ("stop_words: [a, the]\n", "unknown lists"),
])
def test_words_a_doubled_or_unknown_list_is_an_error(edit, message):
    text = resources.files("tidings").joinpath(DATA_FILE).read_text("utf-8") + edit
    with pytest.raises(ValueError, match=message):
        parse(text)


def test_words_an_unquoted_no_is_an_error_not_a_boolean():
    text = resources.files("tidings").joinpath(DATA_FILE).read_text("utf-8")
    with pytest.raises(ValueError, match="quote them"):
        parse(text.replace('negations: ["not", "n\'t", never, "no"]', 'negations: ["not", never, no]'))
