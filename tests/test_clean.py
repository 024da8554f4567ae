import json
import re
from importlib import resources

import pytest
import yaml
from conftest import DATA, SEEDS

from tidings.clean import (
    DuplicateIndex,
    clean,
    clean_title,
    is_boilerplate,
    minhash,
    normalize,
    paragraphs,
    split_dateline,
    strip_boilerplate,
)
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
    # US local news: state abbreviations, station call signs, dates in the agency's place
    ("HENRY COUNTY, Ind. (WISH) \u2014 A man and his two kids", "HENRY COUNTY, Ind.", "WISH", "A man and his two kids"),
    ("HENRY COUNTY, Ind. (Aug. 28, 2015) \u2013 Officials in Henry County", "HENRY COUNTY, Ind.", None,
     "Officials in Henry County"),
    ("KNIGHTSTOWN, Ind. -- The prosecutor's office", "KNIGHTSTOWN, Ind.", None, "The prosecutor's office"),
    ("SALT LAKE CITY \u2014 Police say a man", "SALT LAKE CITY", None, "Police say a man"),
    ("HILLIARD, OH (WCMH) \u2013Neighbors sat on stoops", "HILLIARD, OH", "WCMH", "Neighbors sat on stoops"),
    ("SAN ANTONIO- A man was fatally shot", "SAN ANTONIO", None, "A man was fatally shot"),
    ("NEW HAVEN >> A man accused of killing", "NEW HAVEN", None, "A man accused of killing"),
    ("VISTA (CBS 8/CNS) - An investigation was underway", "VISTA", "CBS 8/CNS", "An investigation was underway"),
    ("(BROOKLYN) - Conservation officers said", "BROOKLYN", None, "Conservation officers said"),
    ("(KMOV.com) \u2013 Police say a teen", None, "KMOV.com", "Police say a teen"),
    ("(via KARK) -- A 2-year-old child died", None, "KARK", "A 2-year-old child died"),
    ("PERRIS, Calif. -", "PERRIS, Calif.", None, ""),
])
def test_clean_dateline_and_agency_split_off(lead, dateline, agency, rest):
    assert split_dateline(lead) == (dateline, agency, rest)


@pytest.mark.parametrize("lead", [
    "NATO said: the alliance will meet",          # an acronym subject, not a place line
    "The talks, officials said: will go on",
    "US-led forces struck targets overnight.",
    "UPDATE: The sheriff's office identified the boy",    # labels, not places
    "POSTED: 1052 GMT (1852 HKT), April 10, 2007",
    "BREAKING NEWS - Police say two people were shot",
    "EDITOR'S NOTE: This story contains graphic details",
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


# --- boilerplate on real sites' markup (tests/data/boilerplate_examples.yaml) -------------------

EXAMPLES = yaml.safe_load((DATA / "boilerplate_examples.yaml").read_text(encoding="utf-8"))
LEAD = ("Deputies were called to the home in the 5500 block of West Elm Road to check on the family after "
        "one of the children did not show up to school on Thursday morning, the sheriff's office said.")


def _examples(*sections: str) -> list[dict]:
    return [e for section in sections for e in EXAMPLES[section]]


def _label(example: dict) -> str:
    return f"{example['site']}: {example['text'][:50]}"


@pytest.mark.parametrize("example", EXAMPLES["dropped"], ids=_label)
def test_clean_site_boilerplate_is_dropped(example):
    assert is_boilerplate(example["text"])
    assert strip_boilerplate([LEAD, example["text"], LEAD]) == [LEAD, LEAD]


@pytest.mark.parametrize("sentence", EXAMPLES["kept"])
def test_clean_news_sentence_with_boilerplate_words_is_kept(sentence):
    assert not is_boilerplate(sentence)
    assert strip_boilerplate([LEAD, sentence, LEAD]) == [LEAD, sentence, LEAD]


@pytest.mark.parametrize("example", EXAMPLES["footers"], ids=_label)
def test_clean_footer_marker_drops_the_rest(example):
    assert strip_boilerplate([LEAD] * 4 + [example["text"], "Great story, thanks for sharing it!"]) == [LEAD] * 4


@pytest.mark.parametrize("example", EXAMPLES["stamps"], ids=_label)
def test_clean_leading_time_stamp_is_cut_and_the_sentence_kept(example):
    assert strip_boilerplate([example["text"]]) == [example["kept"]]


@pytest.mark.parametrize("example", EXAMPLES["bylines"], ids=_label)
def test_clean_byline_at_the_top_is_dropped(example):
    assert strip_boilerplate([example["text"], LEAD]) == [LEAD]


def test_clean_boilerplate_examples_come_from_many_sites_and_not_the_seeds():
    examples = _examples("dropped", "footers", "stamps", "bylines")
    assert len({e["site"] for e in examples}) >= 10
    seed_lines = {p for f in (SEEDS / "articles").glob("*.txt") for p in paragraphs(normalize(f.read_text("utf-8")))}
    assert not seed_lines & {e["text"] for e in examples}


def test_clean_every_boilerplate_rule_has_an_example():
    """No rule exists for one article: each pattern in the shipped rules drops some example above."""
    rules = yaml.safe_load(resources.files("tidings").joinpath("data/boilerplate.yaml").read_text("utf-8"))
    texts = [e["text"] for e in _examples("dropped", "footers", "stamps", "bylines")]
    patterns = [(f"line.{group}", p) for group, ps in rules["line"].items() for p in ps]
    patterns += [(key, p) for key in ("link_list", "footer_start", "appeal", "caption", "contact", "contact_token",
                                      "byline", "contributor") for p in rules[key]]
    case_sensitive = {"byline", "contributor"}
    missing = [f"{key}: {p}" for key, p in patterns
               if not any(re.search(p, t, 0 if key in case_sensitive else re.IGNORECASE) for t in texts)]
    assert not missing


# --- titles ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, url, headline", [
    ("Police discover 3 bodies inside Elm County home | FOX59", None,
     "Police discover 3 bodies inside Elm County home"),
    ("Man shoots boy, then himself, police say - Deseret News", "http://www.deseretnews.com/article/865658/x.html",
     "Man shoots boy, then himself, police say"),
    ("Man killed in Elm Street shooting - KSL.com", "https://www.ksl.com/article/1",
     "Man killed in Elm Street shooting"),
    ("Vigil held for teenager shot in Elmwood - WFSB 3 Connecticut", None, "Vigil held for teenager shot in Elmwood"),
    ("Police name victim of hotel shooting - KXYZ - Breaking News, Weather and Sports", None,
     "Police name victim of hotel shooting"),
    ("Girl shot in chest while getting ready for prom - WMC Action News 5 - Memphis, Tennessee", None,
     "Girl shot in chest while getting ready for prom"),
    ("Boy, 2, shot and killed - Live5News.com | Charleston, SC | News, Weather, Sports", None,
     "Boy, 2, shot and killed"),
    ("Wichita, Kansas News, Weather, Sports - 1 dead after north Wichita shooting", None,
     "1 dead after north Wichita shooting"),
    ("14-year-old girl shot to death inside friend's home in St. Louis : News", None,
     "14-year-old girl shot to death inside friend's home in St. Louis"),
    ("Teen recovering after accidentally being shot in fa - | WBTV Charlotte", None,
     "Teen recovering after accidentally being shot in fa"),
    ("Family of five found dead - WCAX.COM Local Vermont News, Weather and Sports-", None, "Family of five found dead"),
    ("UPDATE: 4-year-old dies from self-inflicted gunshot wound", None,
     "4-year-old dies from self-inflicted gunshot wound"),
])
def test_clean_title_loses_the_site_name_and_labels(title, url, headline):
    assert clean_title(title, url) == headline


@pytest.mark.parametrize("title", [
    "Putin to meet Ayatollah Khamenei during Iran visit",
    "Police: Man shot wife, 3 kids in Va. murder-suicide",
    "Sources: Person of Interest in Fatal Shooting Turns Himself In",
    "Tulsa Apartment Murders Update: Hearing scheduled for brothers",
    "Shootings in Elm County - what we know so far",
    "Obama to Name Dr. Jane Doe Surgeon General : Onion headline or actual news ?",   # tokenised colon
])
def test_clean_headline_without_a_site_name_is_unchanged(title):
    assert clean_title(title, "https://www.example.com/news/1") == title


# --- whole pages ----------------------------------------------------------------------------------

def test_clean_local_tv_page_caption_before_the_dateline():
    """WISH-TV's layout: photo caption and a related link above the dateline, share bar below."""
    article = clean(RawArticle(source_path="wxyz.txt", url="https://wxyz.example.com/2016/05/05/elm/", body=(
        "Father and two children found dead inside home in Elm County\n\n"
        "Police tape outside the home on Elm Street, Thursday, May 5, 2016. (WXYZ Photo)\n\n"
        "Related Coverage Man found dead in Elm County\n\n"
        "ELM COUNTY, Ind. (WXYZ) \u2014 A man and his two children were found dead inside their home on Thursday.\n\n"
        "Deputies said the 48-year-old man died from an apparent gunshot wound.\n\n"
        "Share this: Facebook\n\nTwitter\n\nEmail\n\nLike this: Like Loading...")))
    assert (article.title, article.dateline, article.agency) == (
        "Father and two children found dead inside home in Elm County", "ELM COUNTY, Ind.", "WXYZ")
    assert article.text.split("\n\n")[1:] == [
        "A man and his two children were found dead inside their home on Thursday.",
        "Deputies said the 48-year-old man died from an apparent gunshot wound."]


def test_clean_player_prompt_before_the_dateline_and_site_in_title():
    """KSL's layout: the player's prompt opens the body; photos, related stories and comments close it."""
    article = clean(RawArticle(source_path="ksl.txt", url="https://www.ksl.com/article/40712345", body=(
        "Man who shot son had history of violence - KSL.com\n\n"
        "Having trouble viewing the video? Try disabling any ad blocking extensions currently running on your "
        "browser.\n\n"
        "SALT LAKE CITY \u2014 A man who police say shot his son had a history of domestic violence.\n\n"
        "Photos\n\nRelated Stories\n\n0 Pending Comments")))
    assert (article.title, article.dateline) == ("Man who shot son had history of violence", "SALT LAKE CITY")
    assert article.text.endswith("\n\nA man who police say shot his son had a history of domestic violence.")


def test_clean_repeated_headline_with_stamp_and_cut_title():
    """A Worldnow page: the page title is cut short and ends in the station's name; the body repeats the
    headline in full with its stamps."""
    article = clean(RawArticle(source_path="kxyz.txt", body=(
        "Teen charged in death of Elm Grove man after hunting accident in Rusk Cou - KXYZ TV: Eau Claire, WI News\n\n"
        "Teen charged in death of Elm Grove man after hunting accident in Rusk County Posted: Monday, May 4, 2015 "
        "5:29 PM EDT Updated: Monday, May 4, 2015 6:02 PM EDT\n\n"
        "A 17-year-old hunter has been charged in the death of an Elm Grove man, the district attorney said.\n\n"
        "Copyright 2015 KXYZ. All rights reserved.")))
    assert article.title == "Teen charged in death of Elm Grove man after hunting accident in Rusk Cou"
    assert article.text.split("\n\n")[1:] == [
        "A 17-year-old hunter has been charged in the death of an Elm Grove man, the district attorney said."]


def test_clean_headline_repeated_in_full_replaces_the_cut_title():
    article = clean(RawArticle(source_path="cut.txt", body=(
        "Man playing with gun while riding in a car fatally shoots, kills drive\n\n"
        "Man playing with gun while riding in a car fatally shoots, kills driver\n\n"
        "A man playing with a handgun in the back seat of a car shot and killed the driver, police said.")))
    assert article.title == "Man playing with gun while riding in a car fatally shoots, kills driver"
    assert article.text.count("kills driver") == 1


def test_clean_page_address_above_the_headline_is_not_the_title():
    """ECB+ documents open with their URL, as the tokeniser left it; its slug is no headline and no text."""
    article = clean(RawArticle(source_path="ecb.txt", body=(
        "http : / / www . example . org / news / jane - doe - surgeon - general . page\n"
        "WEDNESDAY , JULY 29 , 2009\n"
        "Medical Association Celebrates Nomination of Jane Doe , MD , Surgeon General\n"
        "The association is delighted that Dr . Jane Doe has been nominated to serve as Surgeon General .")))
    assert article.title == "Medical Association Celebrates Nomination of Jane Doe , MD , Surgeon General"
    assert "http" not in article.text and "surgeon - general" not in article.text


def test_clean_tokenised_time_stamp_is_dropped_whole():
    assert strip_boilerplate(["Updated : Apr 02 , 2009 11 : 06 PM CEST", LEAD]) == [LEAD]


def test_clean_site_names_and_prompts_do_not_reach_the_text():
    """What the actor stage would read as names: a station in a caption, a dateline's agency, a player
    prompt, a title suffix, a contributor."""
    article = clean(RawArticle(source_path="fox.txt", url="http://fox59.com/2015/08/27/bodies-found/", body=(
        "Police discover 3 bodies inside Elm County home | FOX59\n\n"
        "Please enable Javascript to watch this video\n\n"
        "ELM COUNTY, Ind. (Aug. 28, 2015) \u2013 Officials are investigating after three bodies were found.\n\n"
        "Contributing: Jane Doe\n\nEmail: jdoe@example.com")))
    for name in ("FOX59", "Javascript", "Jane Doe", "jdoe", "Aug. 28"):
        assert name not in article.text
    assert article.dateline == "ELM COUNTY, Ind." and article.agency is None
