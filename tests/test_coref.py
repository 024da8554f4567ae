"""The learned linker on hand-made articles: reports of one earthquake are one event, a look-alike
earthquake elsewhere is another, within an article and across articles, through `tidings corefer`
(given mentions) and the pair scorer the linker uses."""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import date
from pathlib import Path

import pytest

from tidings.link import MemoryEventIndex, cannot_both_hold, coref, local_events, pairs
from tidings.model import DateInterval, EventMention, Place, is_generic_actor

pytestmark = pytest.mark.model

QUAKE_A = [
    "A magnitude 7.6 earthquake struck off Sumatra on Wednesday , killing hundreds in Padang .\n"
    "The quake hit the Indonesian city of Padang at 5:16 pm , officials in Jakarta said .\n"
    "Rescuers in Padang searched collapsed hotels for survivors of the Sumatra earthquake .\n",
    "Hundreds dead as earthquake hits Sumatra\n"
    "The 7.6 magnitude earthquake hit Padang , West Sumatra , on Wednesday evening .\n"
    "Indonesian officials said the quake killed hundreds and buried many in Padang .\n",
]
QUAKE_B = [
    "A magnitude 5.4 earthquake struck near Los Angeles on Tuesday , shaking buildings in Chino Hills .\n"
    "The quake hit southern California at 11:42 am , the U.S. Geological Survey said .\n"
    "No deaths were reported after the California earthquake , Los Angeles officials said .\n",
    "Earthquake rattles Southern California\n"
    "The 5.4 magnitude earthquake hit Chino Hills , east of Los Angeles , on Tuesday .\n"
    "California officials said the quake caused little damage in Chino Hills .\n",
]
TRIGGERS = ("earthquake", "quake")


def given_mentions(folder: Path) -> Path:
    """The four articles as an ECB+-style prepared folder: docs/ and mentions.jsonl, every
    "earthquake" and "quake" a given mention."""
    (folder / "docs").mkdir()
    rows = []
    for prefix, texts in (("a", QUAKE_A), ("b", QUAKE_B)):
        for n, text in enumerate(texts):
            name = f"{prefix}{n}.txt"
            (folder / "docs" / name).write_text(text, encoding="utf-8")
            for trigger in TRIGGERS:
                at = text.find(f" {trigger} ")
                while at >= 0:
                    line = next(x for x in text.splitlines() if f" {trigger} " in f" {x} " and text.find(x) <= at + 1
                                < text.find(x) + len(x))
                    rows.append({"mention_id": f"{name}:{at + 1}", "file": name, "start": at + 1,
                                 "end": at + 1 + len(trigger), "text": trigger, "sentence": line})
                    at = text.find(f" {trigger} ", at + 1)
    (folder / "mentions.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder / "mentions.jsonl"


def clusters(path: Path) -> dict[str, str]:
    return {r["mention_id"]: r["cluster"] for r in map(json.loads, path.read_text().splitlines())}


@pytest.fixture(scope="module")
def corefered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("quakes")
    out = folder / "out" / "clusters.jsonl"
    count = coref.corefer(given_mentions(folder), out)
    assert count == len(out.read_text().splitlines())
    return clusters(out)


def by_article(found: dict[str, str], article: str) -> set[str]:
    return {c for m, c in found.items() if m.startswith(article)}


@pytest.mark.xfail(strict=True, reason="known gap of the learned linker on two-article toy corpora: one Sumatra report "
                                       "stays apart (issue 14)")
def test_corefer_makes_the_reports_of_one_earthquake_one_event(corefered):
    sumatra = by_article(corefered, "a0") | by_article(corefered, "a1")
    california = by_article(corefered, "b0") | by_article(corefered, "b1")
    assert len(sumatra) == 1 and len(california) == 1


def test_corefer_keeps_the_look_alike_earthquake_apart(corefered):
    assert by_article(corefered, "a0").isdisjoint(by_article(corefered, "b0"))


def test_corefer_does_not_depend_on_the_order_of_its_input(tmp_path, corefered):
    mentions = given_mentions(tmp_path)
    lines = mentions.read_text().splitlines()
    random.Random(3).shuffle(lines)
    mentions.write_text("\n".join(lines) + "\n")
    coref.corefer(mentions, tmp_path / "clusters.jsonl")
    assert clusters(tmp_path / "clusters.jsonl") == corefered


def test_a_mention_finds_its_own_sentence_among_repeats():
    text = "Quake hits.\nQuake hits.\nMore later."
    assert coref.sentence_bounds(text, "Quake hits.", 12) == (12, 23)
    assert coref.sentence_bounds(text, "Quake hits.", 0) == (0, 11)
    assert coref.sentence_bounds(text, "Not there.", 0) is None


def report(article: str, start: int, when: str | None, place: Place | None = None, etype: str = "OTHER",
           targets: tuple[str, ...] = (), basis: str = "text", sources: tuple[str, ...] = ()) -> EventMention:
    day = DateInterval(date.fromisoformat(when), date.fromisoformat(when), "day", basis) if when else None  # type: ignore[arg-type]
    return EventMention(article, start, start + 5, "quake", "The quake hit.", etype, "occurred", subtype="disaster",
                        date=day, location=place, source_actors=sources, target_actors=targets)


PADANG = Place("Padang", "IDN", -0.95, 100.35, "city", "text")
CHINO_HILLS = Place("Chino Hills", "USA", 33.99, -117.76, "city", "text")


def test_look_alikes_that_cannot_both_hold_are_kept_apart():
    assert cannot_both_hold(report("a", 0, "2009-09-30"), report("b", 0, "2008-07-29"))  # days apart, both by text
    assert not cannot_both_hold(report("a", 0, "2009-09-30"), report("b", 0, "2009-10-01"))  # within slack
    assert not cannot_both_hold(report("a", 0, "2009-09-30"), report("b", 0, "2008-07-29", basis="publication"))
    assert cannot_both_hold(report("a", 0, None, PADANG), report("b", 0, None, CHINO_HILLS))
    meet = {"etype": "CONSULT", "when": "2015-11-23"}
    assert cannot_both_hold(report("a", 0, targets=("Q57336",), **meet), report("a", 9, targets=("Q348144",), **meet))


def test_across_articles_only_two_datelines_rule_out_one_event():
    """A town one article's text reads for an event may be another town of the same name, a suburb
    named for its city or where something else happened: across articles the pair model weighs
    the conflict, while two datelines far apart still keep look-alike incidents apart."""
    padang, chino_hills = report("a", 0, None, PADANG), report("b", 0, None, CHINO_HILLS)
    assert cannot_both_hold(padang, chino_hills)  # one article's sentences
    assert not cannot_both_hold(padang, chino_hills, across_articles=True)
    filed = [report(n, 0, None, dataclasses.replace(p, basis="dateline"))
             for n, p in (("a", PADANG), ("b", CHINO_HILLS))]
    assert cannot_both_hold(*filed, across_articles=True)


def test_a_party_named_by_a_common_noun_links_nothing():
    assert is_generic_actor("unnamed:prisoners") and is_generic_actor("sector:police")
    assert not is_generic_actor("sector:IRQ:police") and not is_generic_actor("tid:0123456789ab")


PUTIN, KHAMENEI, ROUHANI = "Q7747", "Q57336", "Q348144"


@pytest.mark.parametrize("a, b, apart", [
    # "Putin met Khamenei" and "Khamenei and Putin met": the same two parties, whoever is named first
    ((PUTIN, KHAMENEI), (KHAMENEI, PUTIN), False),
    # "Putin met Khamenei" and "Putin met Rouhani": two meetings
    ((PUTIN, KHAMENEI), (PUTIN, ROUHANI), True),
    # a report that names fewer parties can be the same meeting
    ((PUTIN, KHAMENEI), ("", KHAMENEI), False),
])
def test_meetings_are_told_apart_by_their_parties_not_their_roles(a, b, apart):
    meet = {"etype": "CONSULT", "when": "2015-11-23"}
    first = report("a", 0, sources=tuple(filter(None, a[:1])), targets=a[1:], **meet)
    second = report("b", 0, sources=tuple(filter(None, b[:1])), targets=b[1:], **meet)
    assert cannot_both_hold(first, second) is apart


def test_a_report_that_fits_two_look_alikes_joins_one_and_splits_neither():
    """A 'visit' that names no one scores high with a meeting with Khamenei and with one with
    Rouhani, which cannot both hold: it joins one of them, and both reports of the meeting with
    Khamenei stay one local event (cutting the whole group again at a stricter level split them)."""
    import numpy as np

    from tidings.link import _cut

    meet = {"etype": "CONSULT", "when": "2015-11-23"}
    headline = report("a", 0, None, etype="CONSULT", sources=(PUTIN,), targets=(KHAMENEI,))
    visit = report("a", 20, **meet)
    khamenei = report("a", 40, sources=(PUTIN,), targets=(KHAMENEI,), **meet)
    rouhani = report("a", 60, sources=(PUTIN,), targets=(ROUHANI,), **meet)
    side = [pairs.LinkMention(m, pairs.Signature(m.text)) for m in (headline, visit, khamenei, rouhani)]
    probs = np.array([[0.0, 0.05, 0.85, 0.0],
                      [0.05, 0.0, 1.0, 1.0],
                      [0.85, 1.0, 0.0, 0.0],
                      [0.0, 1.0, 0.0, 0.0]])
    clusters = [sorted(x.mention.start for x in c) for c in _cut(side, probs, 0.6)]
    assert sorted(clusters) == [[0, 40], [20, 60]]


def test_within_an_article_reports_of_one_event_share_a_local_event():
    from tidings import nlp

    text = QUAKE_A[1]
    doc = nlp.load()(text)
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("earthquake hits", "quake killed")]
    spans = [(s, s + len(w.split()[0])) for (s, _), w in zip(spans, ("earthquake", "quake"), strict=True)]
    signatures = pairs.signatures_of(doc, spans)
    mentions = [EventMention("a1", s, e, text[s:e], "", "OTHER", "occurred", subtype="disaster", signature=sig)
                for (s, e), sig in zip(spans, signatures, strict=True)]
    linked = local_events(mentions, None)
    assert linked[0].local_event == linked[1].local_event == mentions[0].mention_id


def test_the_memory_index_links_an_unparsed_report_by_its_fields():
    from tidings.model import Analysis, Article

    index = MemoryEventIndex()
    for article, when in (("a", "2009-09-30"), ("b", "2009-09-30"), ("c", "2008-07-29")):
        m = report(article, 0, when, PADANG if article != "c" else CHINO_HILLS, targets=("Q1", "Q2"))
        index.link(Analysis(Article(article, article, "The quake hit."), events=(m,)))
    assert index.event_of[report("a", 0, "2009-09-30", PADANG, targets=("Q1", "Q2")).mention_id] == \
        index.event_of[report("b", 0, "2009-09-30", PADANG, targets=("Q1", "Q2")).mention_id]
    assert len(set(index.event_of.values())) == 2


def test_stem():
    assert pairs.stem("nomination") == pairs.stem("nominee") == "nomin"
    assert pairs.stem("shooting") == pairs.stem("shoot")


def test_a_signature_keeps_its_sentence_words_but_not_the_trigger_itself():
    """The trigger's own word is left out of its sentence's terms, unless the sentence says it
    again elsewhere; the window is the words on each side, within the sentence."""
    from tidings import nlp

    text = "Rebels attacked the base at dawn, days after a first attack on the town.\n\nTalks began on Friday."
    doc = nlp.load()(text)
    first, second = text.index("attacked"), text.index("attack on")
    first_sig, second_sig, talks_sig = pairs.signatures_of(
        doc, [(first, first + len("attacked")), (second, second + len("attack")), (text.index("Talks"),
                                                                                  text.index("Talks") + 5)])
    assert "attack" in first_sig.terms and "attack" in second_sig.terms  # the other one is still there
    assert "base" in first_sig.terms and "talk" not in first_sig.terms  # another sentence's word is not
    assert "talk" not in talks_sig.terms and "begin" in talks_sig.terms
    assert first_sig.window == ("rebels", "the", "base", "at", "dawn", "days")
    assert second_sig.window == ("dawn", "days", "after", "a", "first", "on", "the", "town")  # not "talks"
    assert talks_sig.window == ("began", "on", "friday")
    assert first_sig.sentence_embedding == second_sig.sentence_embedding != talks_sig.sentence_embedding
