"""The benchmark corpora of bench/corpus.py: what `make bench` times is the corpus it names."""

from __future__ import annotations

from pathlib import Path

from conftest import bench_module


def test_bench_corpus_a_smaller_synthetic_corpus_leaves_no_articles_of_a_bigger_one(tmp_path: Path):
    corpus = bench_module("corpus")
    source = tmp_path / "source"
    (source / "docs").mkdir(parents=True)
    (source / "docs" / "a.txt").write_text("A title\nA paragraph of the source with more than eight words in it.\n"
                                           "Another paragraph of the source that has enough words in it.\n")
    out = tmp_path / "synthetic"
    corpus.synthesise(source, out, 5)
    corpus.synthesise(source, out, 3)  # `--synthetic 3` after a run with 5: three articles, not five
    assert len(list((out / "docs").glob("*.txt"))) == 3
    assert len((out / "manifest.jsonl").read_text().splitlines()) == 3
