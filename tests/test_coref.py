"""Cross-document event coreference (`tidings.link.coref`) on hand-made articles: two look-alike
earthquakes stay apart, reports of one earthquake merge, and clustering is deterministic."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from tidings.link import coref

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


def _mentions_of(texts: list[str], prefix: str) -> list[coref.CorefMention]:
    from tidings import nlp

    found = []
    for n, (text, doc) in enumerate(zip(texts, nlp.parse(texts), strict=True)):
        spans = []
        for trig in TRIGGERS:
            at = text.find(f" {trig} ")
            while at >= 0:
                spans.append((f"{prefix}{n}:{at + 1}", at + 1, at + 1 + len(trig)))
                at = text.find(f" {trig} ", at + 1)
        found.extend(coref.mentions_from_doc(doc, f"{prefix}{n}", spans))
    return found


@pytest.fixture(scope="module")
def quakes() -> list[coref.CorefMention]:
    if coref.model().use_embeddings:
        pytest.importorskip("wordllama")
    return _mentions_of(QUAKE_A, "a") + _mentions_of(QUAKE_B, "b")


def test_mentions_carry_lemma_and_context(quakes):
    m = next(x for x in quakes if x.trigger == "quake")
    assert m.lemma == "quake"
    assert m.pos == "NOUN"
    assert "hit" in m.sentence
    assert any(e.startswith("place:") for e in m.doc_entities)


def test_lookalike_earthquakes_stay_apart(quakes):
    clusters = coref.cluster(quakes)
    a = {clusters[m.mention_id] for m in quakes if m.doc_id.startswith("a")}
    b = {clusters[m.mention_id] for m in quakes if m.doc_id.startswith("b")}
    assert not a & b


def test_same_story_same_trigger_merges(quakes):
    clusters = coref.cluster(quakes)
    earthquakes = [m for m in quakes if m.doc_id.startswith("a") and m.lemma == "earthquake"]
    assert len({m.doc_id for m in earthquakes}) == 2
    assert len({clusters[m.mention_id] for m in earthquakes}) == 1


def test_pair_probability_prefers_the_same_story(quakes):
    context = coref.Context(quakes)
    a0 = next(m for m in quakes if m.doc_id == "a0" and m.lemma == "earthquake")
    a1 = next(m for m in quakes if m.doc_id == "a1" and m.lemma == "earthquake")
    b1 = next(m for m in quakes if m.doc_id == "b1" and m.lemma == "earthquake")
    same, other = coref.pair_probability(a0, a1, context), coref.pair_probability(a0, b1, context)
    assert 0.0 <= other < same <= 1.0
    assert coref.pair_probability(a0, a1, context) == coref.pair_probability(a1, a0, context)


def test_clustering_is_deterministic(quakes):
    first = coref.cluster(quakes)
    shuffled = list(quakes)
    random.Random(7).shuffle(shuffled)
    assert coref.cluster(shuffled) == first
    assert coref.cluster(quakes) == first
    assert set(first) == {m.mention_id for m in quakes}
    assert all(cid in first for cid in first.values())  # a cluster's id is one of its mentions


def test_conflicting_dates_keep_mentions_apart(quakes):
    import dataclasses

    a0 = next(m for m in quakes if m.doc_id == "a0" and m.lemma == "earthquake")
    a1 = next(m for m in quakes if m.doc_id == "a1" and m.lemma == "earthquake")
    context = coref.Context(quakes)
    base = coref.pair_probability(a0, a1, context)
    far = coref.pair_probability(dataclasses.replace(a0, date=("2009-09-30", "2009-09-30")),
                                 dataclasses.replace(a1, date=("2010-02-27", "2010-02-27")), context)
    near = coref.pair_probability(dataclasses.replace(a0, date=("2009-09-30", "2009-09-30")),
                                  dataclasses.replace(a1, date=("2009-09-01", "2009-09-30")), context)
    assert far < base < near


def test_average_link():
    sim = np.array([[1, .9, .1, .1], [.9, 1, .2, .1], [.1, .2, 1, .8], [.1, .1, .8, 1]], dtype=float)
    assert coref.average_link(sim, 0.5) == [0, 0, 2, 2]
    assert coref.average_link(sim, 0.95) == [0, 1, 2, 3]
    assert coref.average_link(sim, 0.0) == [0, 0, 0, 0]
    assert coref.average_link(np.zeros((1, 1)), 0.5) == [0]


def test_stray_documents_join_their_nearest_story():
    # documents 0-2 and 3-5 are two stories; 6 is a short report of the second, 7 of neither
    sim = np.full((8, 8), 0.02)
    sim[:3, :3] = sim[3:6, 3:6] = 0.6
    sim[6, 3:6] = sim[3:6, 6] = 0.12
    sim[6, :3] = sim[:3, 6] = 0.05
    np.fill_diagonal(sim, 1.0)
    labels = coref.average_link(sim, 0.25)
    assert labels == [0, 0, 0, 3, 3, 3, 6, 7]
    assert coref.attach_strays(sim, labels, 0.1) == [0, 0, 0, 3, 3, 3, 3, 7]
    assert coref.attach_strays(sim, labels, 0.2) == labels  # not near enough to any story
    assert coref.attach_strays(sim, labels, 1.0) == labels  # 1: strays stay apart
    perm = [7, 6, 5, 4, 3, 2, 1, 0]  # the same documents in reverse: the same grouping
    reordered = coref.attach_strays(sim[np.ix_(perm, perm)], coref.average_link(sim[np.ix_(perm, perm)], 0.25), 0.1)
    same_as_3 = [reordered[perm.index(i)] == reordered[perm.index(3)] for i in range(8)]
    assert same_as_3 == [False] * 3 + [True] * 4 + [False]


def test_stem():
    assert coref.stem("nomination") == coref.stem("nominee") == "nomin"
    assert coref.stem("shooting") == coref.stem("shoot")


def test_corefer_writes_one_line_per_mention(tmp_path: Path):
    if coref.model().use_embeddings:
        pytest.importorskip("wordllama")
    (tmp_path / "docs").mkdir()
    rows = []
    for prefix, texts in (("a", QUAKE_A), ("b", QUAKE_B)):
        for n, text in enumerate(texts):
            name = f"{prefix}{n}.txt"
            (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
            lines = text.splitlines()
            at = text.find(" earthquake ") + 1
            sentence = next(line for line in lines if " earthquake " in f" {line} ")
            rows.append({"mention_id": f"{prefix}{n}:1", "file": name, "start": at, "end": at + 10,
                         "text": "earthquake", "sentence": sentence})
    (tmp_path / "mentions.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out" / "clusters.jsonl"
    assert coref.corefer(tmp_path / "mentions.jsonl", out) == 4
    got = {r["mention_id"]: r["cluster"] for r in map(json.loads, out.read_text().splitlines())}
    assert got["a0:1"] == got["a1:1"]
    assert got["b0:1"] == got["b1:1"]
    assert got["a0:1"] != got["b0:1"]


def test_transitive_smooth_pulls_in_two_step_paths():
    p = np.array([[0, .9, .1], [.9, 0, .8], [.1, .8, 0]], dtype=float)
    s = coref.transitive_smooth(p, 0.4)
    assert np.allclose(s, s.T)
    assert s[0, 2] == pytest.approx(0.6 * 0.1 + 0.4 * 0.8)
    assert s[0, 1] == pytest.approx(0.6 * 0.9 + 0.4 * 0.1)  # the direct link is not a path
    assert coref.transitive_smooth(p, 0.0) is p
    perm = [2, 0, 1]
    assert np.allclose(coref.transitive_smooth(p[np.ix_(perm, perm)], 0.4), s[np.ix_(perm, perm)])
