"""bench/type_checks.py: how a judgment of a mention carries to what the mention is now, and how a
mention is found again by its sentence, word and occurrence (the labels hold no text)."""

from conftest import bench_module

from tidings.model import EventMention

SENTENCE = "Police said the gun went off and the boy was shot; the shot was fatal."


def shown(ptype: str, subtype: str | None = None) -> EventMention:
    return EventMention("a1", 42, 46, "shot", SENTENCE, ptype, subtype=subtype)


def row(verdict: str, given: str, right: str = "-") -> dict[str, str]:
    return {"verdict": verdict, "given": given, "right": right, "weight": "1"}


def test_a_not_event_is_right_only_once_no_longer_shown():
    type_checks = bench_module("type_checks")
    assert type_checks.outcome(row("N", "CONSULT"), None) == "right"
    assert type_checks.outcome(row("N", "CONSULT"), shown("CONSULT")) == "wrong"


def test_a_right_mention_counts_apart_once_its_type_changed():
    type_checks = bench_module("type_checks")
    assert type_checks.outcome(row("R", "ASSAULT"), shown("ASSAULT")) == "right"
    assert type_checks.outcome(row("R", "ASSAULT"), shown("COERCE")) == "changed"
    assert type_checks.outcome(row("R", "ASSAULT"), None) == "missed"


def test_a_wrongly_typed_mention_is_right_with_the_annotators_type():
    type_checks = bench_module("type_checks")
    assert type_checks.outcome(row("T", "RETREAT", "OTHER/medical"), shown("RETREAT")) == "wrong"
    assert type_checks.outcome(row("T", "RETREAT", "OTHER/medical"), shown("OTHER", "discharge")) == "right"
    assert type_checks.outcome(row("T", "ACCUSE", "REQUEST"), shown("REQUEST")) == "right"


def test_a_mention_is_found_again_by_its_sentence_word_and_occurrence():
    type_checks = bench_module("type_checks")
    text = "An unrelated lead. " + SENTENCE
    second = text.index("shot;") + 9  # "the shot was fatal": the second "shot"
    m = EventMention("a1", text.index("shot", second), text.index("shot", second) + 4, "shot", SENTENCE, "ASSAULT")
    assert type_checks.mention_key(text, m) == (type_checks.sentence_key(SENTENCE), "shot", 1)
    assert type_checks.sentence_key(SENTENCE) == type_checks.sentence_key("  " + SENTENCE.replace(" ", "  "))


def test_the_figures_weigh_each_judgment_by_how_common_its_mention_is():
    type_checks = bench_module("type_checks")
    heavy = {**row("R", "ASSAULT"), "weight": "3"}
    judged = [(heavy, "right", shown("ASSAULT")), (row("N", "CONSULT"), "wrong", shown("CONSULT")),
              (row("N", "AID"), "right", None)]
    found = type_checks.figures(judged)
    assert found["type_accuracy"] == 75.0  # 3 of 4 by weight, among the two shown
    assert found["not_events_shown"] == 50.0 and found["real_shown"] == 100.0
