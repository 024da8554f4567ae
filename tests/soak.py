"""What the fuzz and kill campaigns did, counted as they run and printed at the end of the test run
(`conftest.pytest_terminal_summary`): `make soak` ends with these figures.

    inputs tried, by stage: every reader, clean, time, analysis, store, link, relink, export, api
    crashes found and fixed: each crash a campaign found, with the fix and its regression test
    kills survived, by command and database: SIGKILL at a random moment, then a re-run
    records lost: articles or event mentions of an uninterrupted run missing after the re-run
"""

from __future__ import annotations

from collections import Counter

inputs: Counter[str] = Counter()
kills: Counter[str] = Counter()
lost: Counter[str] = Counter()

#: Crashes the campaigns found, each fixed and kept as a regression test (test name in brackets).
CRASHES_FOUND_AND_FIXED = (
    "link: an article dated December 9999 overflowed the blocking window and stopped every ingest of its "
    "folder; the window stops at the calendar's ends, and a failing article is now one recorded error "
    "[test_reliability_1_december_9999_is_ingested_linked_and_served]",
    "api/web: the month timeline of an event in December 9999 overflowed (500) "
    "[test_reliability_1_linking_at_the_ends_of_the_calendar]",
    "api/web: the week timeline of events dated 0001 and 9990 listed 520,000 empty weeks (27 MB, 7 s) "
    "[test_reliability_5_the_timeline_of_an_article_dated_0001_and_one_dated_9990_is_small]",
    "analysis: one article with 1,500 event mentions (a sentence repeating a trigger) took 5 1/2 minutes: "
    "within-article clustering, sentence lookups and paragraph numbering grew with the square of its mentions; "
    "now clustered in blocks of 32, 500 mentions kept with a warning, sentences looked up once "
    "[test_fuzz_whole_pipeline_with_extreme_values]",
    "analysis: an article of ten giant sentences with hundreds of events each took 51 s (the campaign's bound is "
    "30 s): per-mention lookups of the document's entities, text and sentence words, and of every earlier report, "
    "made it quadratic; each is now read once per document or found by key (10 s) "
    "[test_fuzz_whole_pipeline_with_extreme_values, test_entity_at_finds_the_entity_that_holds_each_of_its_words]",
    "read: a JSON record with an escaped lone surrogate ('\\ud9df') could be neither hashed nor stored, and its "
    "traceback stopped the whole ingest; it becomes U+FFFD as it is read "
    "[test_reliability_1_a_record_with_a_lone_surrogate_is_stored_and_the_batch_goes_on]",
    "language: 'Putin met Khamenei.' repeated was taken for Dutch ('met') and left unanalysed; another "
    "language now needs several of its function words and few English ones "
    "[test_language_needs_several_function_words]",
)


def tried(stage: str, n: int = 1) -> None:
    inputs[stage] += n


def survived(kind: str, n: int = 1) -> None:
    kills[kind] += n


def summary_lines() -> list[str]:
    lines = ["", "soak campaign"]
    if inputs:
        lines.append(f"  inputs tried: {sum(inputs.values()):,} ("
                     + ", ".join(f"{stage} {n:,}" for stage, n in sorted(inputs.items())) + ")")
    lines.append(f"  crashes found and fixed: {len(CRASHES_FOUND_AND_FIXED)}")
    lines += [f"    - {crash}" for crash in CRASHES_FOUND_AND_FIXED]
    if kills:
        lines.append(f"  kills survived: {sum(kills.values()):,} ("
                     + ", ".join(f"{kind} {n}" for kind, n in sorted(kills.items())) + ")")
    lines.append(f"  records lost: {sum(lost.values())}")
    return lines
