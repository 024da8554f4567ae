"""The events do not depend on how articles arrive: in another order, in other batches, or linked
again by `relink`. Real articles: the two seed reports of the Putin–Khamenei meetings and the test
corpus (two reports of one London rail strike among unrelated news).

Linking is incremental, so the order articles arrive in can in principle change a close decision
(a report that bridges two stored events joins only one of them). The tolerance, stated here: over
all pairs of linked mentions, the shuffled ingests agree with the ordered one on at least 97% of
"same event or not" decisions, and on every pair the seed gold checks. Batches and relinking
change nothing at all: they keep the order.
"""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

import pytest

from tidings.link import link_article
from tidings.run import ingest
from tidings.sources import load_manifest
from tidings.store import Store

pytestmark = pytest.mark.model

DATA = Path(__file__).resolve().parent / "data" / "text"
SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    folder = tmp_path_factory.mktemp("corpus")
    files = []
    for path in sorted(DATA.glob("*.txt")) + sorted((SEEDS / "articles").glob("*.txt")):
        files.append(Path(shutil.copy(path, folder / path.name)))
    shutil.copy(SEEDS / "manifest.jsonl", folder / "manifest.jsonl")
    return files, folder / "manifest.jsonl"


def partition(store: Store) -> dict[str, str]:
    """Linked mention -> the smallest mention id of its event (names events by content, not by id)."""
    events: dict[str, list[str]] = {}
    for event_id, m in store.event_mentions():
        if event_id is not None:
            events.setdefault(event_id, []).append(m.mention_id)
    return {m: min(members) for members in events.values() for m in members}


def ingested(tmp_path: Path, files: list[Path], manifest: Path, batch_size: int = 32) -> Store:
    store = Store.open(tmp_path / f"t{random.random()}.db")
    report = ingest(files, store, load_manifest(manifest), batch_size=batch_size)
    assert report.stored == len(files) and not report.errors
    return store


def agreement(a: dict[str, str], b: dict[str, str]) -> float:
    assert set(a) == set(b)
    pairs = list(itertools.combinations(sorted(a), 2))
    return sum((a[x] == a[y]) == (b[x] == b[y]) for x, y in pairs) / len(pairs)


@pytest.fixture(scope="module")
def ordered(corpus, tmp_path_factory) -> tuple[Store, dict[str, str]]:
    files, manifest = corpus
    store = ingested(tmp_path_factory.mktemp("ordered"), files, manifest)
    return store, partition(store)


def test_link_shuffled_ingests_give_the_same_events_within_the_stated_tolerance(corpus, ordered, tmp_path):
    files, manifest = corpus
    for seed in (1, 2, 3):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        found = partition(ingested(tmp_path, shuffled, manifest))
        assert agreement(found, ordered[1]) >= 0.97, seed


def test_link_batches_change_nothing(corpus, ordered, tmp_path):
    files, manifest = corpus
    assert partition(ingested(tmp_path, files, manifest, batch_size=1)) == ordered[1]
    assert partition(ingested(tmp_path, files, manifest, batch_size=3)) == ordered[1]


def test_link_relink_gives_exactly_what_ingest_gave(corpus, tmp_path):
    files, manifest = corpus
    store = ingested(tmp_path, files, manifest)
    before = ({m.mention_id: e for e, m in store.event_mentions()}, list(store.events()),
              {a.article_id: a.story_id for a in store.articles()})
    store.relink(link_article)
    after = ({m.mention_id: e for e, m in store.event_mentions()}, list(store.events()),
             {a.article_id: a.story_id for a in store.articles()})
    assert after == before


def test_link_reports_of_one_strike_are_one_event_and_unrelated_news_stays_apart(ordered):
    store, found = ordered
    strike = {m.mention_id for _, m in store.event_mentions() if m.type == "PROTEST" and "strike" in m.text.lower()}
    articles = {m.article_id for _, m in store.event_mentions() if m.mention_id in strike}
    assert len(articles) == 2, "both rail-strike reports have a strike mention"
    assert len({found[m] for m in strike if m in found}) == 1
