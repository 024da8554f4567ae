import json

import pytest
from conftest import DATA

from tidings.clean import DuplicateIndex, clean, minhash, split_dateline, strip_boilerplate
from tidings.model import RawArticle
from tidings.sources import read_paths


@pytest.mark.parametrize("lead, dateline, agency, rest", [
    ("MOSCOW: Russian President Vladimir Putin will meet", "MOSCOW", None,
     "Russian President Vladimir Putin will meet"),
    ("TEHRAN (Tasnim) \u2013 Russian President Vladimir Putin", "TEHRAN", "Tasnim", "Russian President Vladimir Putin"),
    ("KABUL, Afghanistan (AP) \u2014 A suicide bomber struck", "KABUL, Afghanistan", "AP", "A suicide bomber struck"),
    ("LONDON, March 3 (Reuters) - Britain said on Tuesday", "LONDON, March 3", "Reuters", "Britain said on Tuesday"),
    ("NEW DELHI: India and China agreed", "NEW DELHI", None, "India and China agreed"),
    ("WASHINGTON \u2014 The Senate voted", "WASHINGTON", None, "The Senate voted"),
    ("RIO DE JANEIRO (AFP) - Police raided", "RIO DE JANEIRO", "AFP", "Police raided"),
])
def test_clean_dateline_and_agency_split_off(lead, dateline, agency, rest):
    assert split_dateline(lead) == (dateline, agency, rest)


@pytest.mark.parametrize("lead", [
    "NATO said: the alliance will meet",          # an acronym subject, not a place line
    "The talks, officials said: will go on",
    "US-led forces struck targets overnight.",
])
def test_clean_ordinary_sentence_is_not_a_dateline(lead):
    assert split_dateline(lead)[0] is None


def test_clean_seed_title_dateline_and_footer():
    raw = next(r for r in read_paths([DATA.parent.parent / "examples/seeds/articles/000_5b95a3e8c0240a25.txt"]))
    article = clean(raw)
    assert article.title == "Putin to meet Ayatollah Khamenei during Iran visit"
    assert article.dateline == "MOSCOW"
    assert article.text.startswith(article.title + "\n\nRussian President Vladimir Putin will meet")
    assert "Ushakov told journalists" in article.text
    for footer in ("WhatsApp", "Quality Journalism", "Leave a Reply", "advertising revenues"):
        assert footer not in article.text


def test_clean_mid_article_related_link_drops_only_its_line():
    paras = ["A long first paragraph about the budget vote in parliament that went late into the night."] * 3
    paras.insert(1, "Related: Parliament passes budget")
    paras.append("Leave a Reply")
    paras.append("Great article!")
    assert strip_boilerplate(paras) == [paras[0], paras[2], paras[3]]


EXPECTED = json.loads((DATA / "text" / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("spec", EXPECTED["articles"], ids=lambda spec: spec["file"])
def test_clean_sites_boilerplate(spec):
    article = clean(next(read_paths([DATA / "text" / spec["file"]])))
    assert article.title == spec["title"]
    assert (article.dateline or None) == (spec.get("dateline") or None)
    assert (article.agency or None) == (spec.get("agency") or None)
    for kept in spec.get("keep", []):
        assert kept in article.text, kept
    lines = article.text.split("\n")
    for dropped in spec.get("drop", []):
        # a single word stands for a line consisting of it alone ("Related"), not the word in a sentence
        assert (dropped not in lines) if " " not in dropped else (dropped not in article.text), dropped


def _raw(body: str, name: str = "a.txt") -> RawArticle:
    return RawArticle(source_path=name, body=body)


WIRE = ("Title of the story\n\nBEIRUT (Reuters) - Israeli jets struck targets in southern Lebanon on Sunday, "
        "the army said, after rockets were fired across the border overnight. No casualties were reported "
        "in the strikes, which hit what the army described as launch sites used by militants. "
        "Residents said they heard at least six explosions near the town before dawn, and schools stayed closed. "
        "The exchange was the latest in months of cross-border fire that has displaced thousands on both sides.")


def test_clean_near_duplicate_wire_copy_is_found():
    index = DuplicateIndex()
    first = clean(_raw(WIRE, "a.txt"))
    index.add(first.article_id, first.content_hash, minhash(first.text))
    edited = clean(_raw(WIRE.replace("at least six", "at least seven").replace("stayed closed", "were shut")
                        + "\n\nShare this: Facebook Twitter", "b.txt"))
    assert index.check(edited.content_hash, minhash(edited.text)) == first.article_id


def test_clean_different_story_is_not_a_duplicate():
    index = DuplicateIndex()
    first = clean(_raw(WIRE))
    index.add(first.article_id, first.content_hash, minhash(first.text))
    other = clean(_raw("Markets\n\nLONDON (Reuters) - Shares in London rose on Monday as investors bet that the "
                       "central bank would cut rates next month, with miners and banks leading the gains."))
    assert index.check(other.content_hash, minhash(other.text)) is None
