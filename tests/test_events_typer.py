"""The event typer and trigger lexicon, read as examples: one clear sentence per PLOVER type.

Types follow PLOVER 2021: imposing sanctions is COERCE; SANCTION is cutting relations or expelling;
apologizing is SUPPORT; CONCEDE is easing restrictions or giving in to demands.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from tidings.model import EVENT_TYPES, PLOVER_TYPES

# (sentence, trigger word as written, expected type): one invented news sentence per PLOVER type.
ONE_PER_TYPE = [
    ("The two governments agreed to restore full diplomatic relations next month.", "agreed", "AGREE"),
    ("The Japanese prime minister met the Indian foreign minister in Tokyo on Monday.", "met", "CONSULT"),
    ("The opposition leader praised the mayor for his handling of the floods.", "praised", "SUPPORT"),
    ("Bowing to months of pressure, the junta eased restrictions on opposition parties.", "eased", "CONCEDE"),
    ("Kenya and Ethiopia shared intelligence on the militants.", "shared", "COOPERATE"),
    ("The European Union donated humanitarian aid to flood victims in Pakistan.", "donated", "AID"),
    ("The rebels released twelve hostages and withdrew from the northern town.", "released", "RETREAT"),
    ("The teachers' union urged the ministry to raise salaries.", "urged", "REQUEST"),
    ("The prosecutor accused the former minister of corruption.", "accused", "ACCUSE"),
    ("The parliament rejected the government's budget proposal.", "rejected", "REJECT"),
    ("The militia threatened to attack the capital if its demands were not met.", "threatened", "THREATEN"),
    ("Thousands of farmers protested against the new land law in front of parliament.", "protested", "PROTEST"),
    ("Poland expelled two Russian diplomats and recalled its ambassador from Moscow.", "expelled", "SANCTION"),
    ("The army mobilized troops and deployed tanks along the northern border.", "mobilized", "MOBILIZE"),
    ("Police arrested the opposition leader and detained dozens of his supporters.", "arrested", "COERCE"),
    ("Insurgents attacked an army base with mortars, killing six soldiers.", "attacked", "ASSAULT"),
]


def token_of(doc, word: str):
    return next(t for t in doc if t.text == word)


def test_every_plover_type_has_an_example():
    assert sorted(t for _, _, t in ONE_PER_TYPE) == sorted(PLOVER_TYPES)


@pytest.mark.model
@pytest.mark.parametrize("sentence,word,expected", ONE_PER_TYPE, ids=[t for _, _, t in ONE_PER_TYPE])
def test_type_trigger_gives_the_type_of_a_clear_sentence(sentence, word, expected):
    from tidings import nlp
    from tidings.events.typer import is_trigger, type_trigger

    token = token_of(nlp.load()(sentence), word)
    ptype, mode, confidence = type_trigger(token)
    assert is_trigger(token)
    assert ptype == expected
    assert 0.0 < confidence <= 1.0
    assert ptype in EVENT_TYPES


@pytest.mark.model
@pytest.mark.parametrize("sentence,word,key,ptype", [
    ("The government called off the peace talks.", "called", "call off", "SANCTION"),
    ("Iran and Russia held talks in Tehran on Monday.", "held", "hold talk", "CONSULT"),
])
def test_lexicon_finds_phrasal_triggers(sentence, word, key, ptype):
    from tidings import nlp
    from tidings.events.lexicon import lookup

    entry = lookup(token_of(nlp.load()(sentence), word))
    assert entry is not None and entry.key.startswith(key)  # "call off talk" is more specific still
    assert entry.top_type == ptype and entry.trigger


@pytest.mark.model
@pytest.mark.parametrize("sentence,word,key", [
    # ECB+ topic 12 (dev), two articles; the tokenizer splits "go-ahead" into "go", "-", "ahead"
    ("On October 23 , India gave a go-ahead to the Navy 's request for a pro-active approach to counter the "
     "outlaws operating with audacity in the region along the Horn of Africa .", "gave", "give go-ahead"),
    ("On 23 October, the government gave a go-ahead to the Navy's request for a pro-active approach against the "
     "pirates.", "gave", "give go-ahead"),
    # PLV_train
    ("Afghan President Ashraf Ghani on Thursday announced a weeklong cease-fire with the Taliban to coincide with "
     "the holiday marking the end of Ramadan.", "announced", "announce cease-fire"),
])
def test_lexicon_reads_a_hyphenated_word_whole(sentence, word, key):
    """81 entries of the lexicon are written with a hyphen; a key built from the last part alone
    ("give ahead") found none of them."""
    from tidings import nlp
    from tidings.events.lexicon import lookup

    entry = lookup(token_of(nlp.load()(sentence), word))
    assert entry is not None and entry.key == key


@pytest.mark.model
@pytest.mark.parametrize("sentence,word,subtype", [
    ("A strong earthquake struck central Italy overnight.", "earthquake", "disaster"),
    ("The former president died in hospital on Sunday.", "died", "death"),
])
def test_non_plover_events_are_other_with_a_subtype(sentence, word, subtype):
    from tidings import nlp
    from tidings.events.typer import is_trigger, subtype_of, type_trigger

    token = token_of(nlp.load()(sentence), word)
    assert is_trigger(token)
    assert type_trigger(token)[0] == "OTHER"
    assert subtype_of(token) == subtype


@pytest.mark.model
def test_words_that_report_no_event_are_not_triggers():
    from tidings import nlp
    from tidings.events.typer import is_trigger

    doc = nlp.load()("The weather seemed nice in the garden.")
    assert not any(is_trigger(t) for t in doc)


def test_shipped_data_loads_from_the_package_alone(tmp_path, monkeypatch):
    """Nothing is read from ../shared at run time: the package's own data files suffice."""
    from tidings.events import lexicon, typer

    monkeypatch.chdir(tmp_path)
    verbs, phrases, nouns = lexicon.tables()
    assert "meet" in verbs and "hold talk" in phrases and "summit" in nouns
    model = typer.model()
    assert model.weights.shape == (len(model.index), len(model.classes))
    assert "YIELD" in model.classes


def test_shipped_manifests_and_metrics_exist():
    data = resources.files("tidings").joinpath("data")
    metrics = json.loads(data.joinpath("typer.metrics.json").read_text("utf-8"))
    assert 0.0 < metrics["cv"]["macro_f1"] <= 1.0 and metrics["cv"]["grouped_by"] == "sentence"
    meta = json.loads(data.joinpath("typer.json").read_text("utf-8"))
    assert meta["manifest"]["trained_on"].startswith("PLV_train")
    licences = " ".join(s["licence"] for s in json.loads(data.joinpath("triggers.json").read_text("utf-8"))
                        ["manifest"]["sources"])
    assert "MIT" in licences and "CC BY-SA 4.0" in licences


def test_detector_sees_which_event_words_were_chosen_by_hand():
    """A hand-chosen event word (data/curated/event_nouns.yaml) that ECB+ never marks ("gunshot")
    borrows what the marked ones teach; a word only CAMEO's patterns list ("artillery") does not."""
    from tidings import nlp
    from tidings.events import detect

    doc = next(nlp.parse(["He died of a gunshot wound after the artillery fire."]))
    assert detect.features(token_of(doc, "gunshot"), None).get("curated") == 1.0
    assert "curated" not in detect.features(token_of(doc, "artillery"), None)
