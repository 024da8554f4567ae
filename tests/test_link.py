"""Linking: one event per real-world event, planned -> occurred, look-alikes apart, stable ids."""

import dataclasses
from datetime import date, timedelta

import pytest

from tidings.link import compatible, event_state, link_article
from tidings.link.pairs import places_compatible
from tidings.model import Analysis, Article, DateInterval, EventMention, Place, Precision, Signature, Status
from tidings.places import resolve_place
from tidings.store import Store

TEHRAN = Place("Tehran", "IRN", 35.7, 51.4, "city")
ANKARA = Place("Ankara", "TUR", 39.9, 32.9, "city")


def day(iso: str, precision: Precision = "day", end: str | None = None) -> DateInterval:
    return DateInterval(date.fromisoformat(iso), date.fromisoformat(end or iso), precision)


def article(article_id: str, published: str, *mentions: EventMention) -> Analysis:
    text = " ".join(m.sentence for m in mentions)
    return Analysis(Article(article_id, f"{article_id}.txt", text, published=date.fromisoformat(published)),
                    events=mentions)


def meeting(article_id: str, start: int, status: Status, when: DateInterval | None, place: Place | None = TEHRAN,
            source=("Q7747",), target=("Q57336",), etype="CONSULT") -> EventMention:
    return EventMention(article_id, start, start + 4, "meet", f"sentence {article_id} {start}", etype, status,
                        date=when, location=place, source_actors=tuple(source), target_actors=tuple(target))


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "t.db")


def ingest(store: Store, *analyses: Analysis) -> None:
    for a in analyses:
        store.save_analysis(a, None, link_article)


def event_of(store: Store) -> dict[str, str | None]:
    return {m.mention_id: event_id for event_id, m in store.event_mentions()}


def test_link_planned_meeting_reported_as_held_becomes_occurred(store):
    plan = meeting("a", 0, "planned", day("2015-11-23"))
    held = meeting("b", 0, "occurred", day("2015-11-21", "week", "2015-11-30"))
    ingest(store, article("a", "2015-11-20", plan), article("b", "2018-09-04", held))
    (event,) = store.events()
    assert event.status == "occurred" and event.date == day("2015-11-23")
    assert event.event_id == plan.mention_id and set(event.mention_ids) == {plan.mention_id, held.mention_id}


def test_link_look_alike_meetings_apart_by_date(store):
    first = meeting("a", 0, "planned", day("2015-11-23"))
    second = meeting("b", 0, "planned", day("2018-09-07"))
    ingest(store, article("a", "2015-11-20", first), article("b", "2018-09-04", second))
    assert len(set(event_of(store).values())) == 2


@pytest.mark.parametrize("other", [
    dict(place=ANKARA),                                   # another city
    dict(target=("Q348144",)),                            # another counterpart
    dict(etype="ASSAULT"),                                # another kind of event
])
def test_link_look_alikes_apart_by_place_actors_or_type(store, other):
    ingest(store, article("a", "2015-11-20", meeting("a", 0, "planned", day("2015-11-23"))),
           article("b", "2015-11-21", meeting("b", 0, "planned", day("2015-11-23"), **other)))
    assert len(set(event_of(store).values())) == 2


def test_link_an_accident_may_be_an_assault_another_report_tells():
    # "police say the shooting was accidental" in one report, "shot his friend" in another; a death or
    # an injury stays its own event (GVC codes the shooting, the injury and the death apart)
    assert compatible("ASSAULT", "OTHER/accident") and compatible("OTHER/accident", "ASSAULT")
    assert not compatible("ASSAULT", "OTHER/death") and not compatible("OTHER/accident", "OTHER/injury")


def test_link_a_dismissal_is_never_one_event_with_a_shooting(store):
    # ECB+ topic 18 (dev): "A man fired four days earlier from his job as an accountant walked into his
    # old office" and shot; 39 dismissals of ECB+ dev had joined shooting events as untyped reports
    shot = meeting("a", 0, "occurred", day("2016-08-05"), etype="ASSAULT")
    fired = dataclasses.replace(meeting("b", 0, "occurred", day("2016-08-05")), type="OTHER", subtype="dismissal")
    assert not compatible("ASSAULT", "OTHER/dismissal")
    ingest(store, article("a", "2016-08-06", shot), article("b", "2016-08-06", fired))
    assert len(set(event_of(store).values())) == 2


def test_link_reports_of_one_shooting_as_accident_and_as_assault_are_one_event(store):
    shot = meeting("a", 0, "occurred", day("2016-08-05"), etype="ASSAULT")
    accident = dataclasses.replace(meeting("b", 0, "occurred", day("2016-08-05")), type="OTHER", subtype="accident")
    ingest(store, article("a", "2016-08-06", shot), article("b", "2016-08-06", accident))
    assert len(set(event_of(store).values())) == 1


def test_link_an_event_one_report_calls_an_accident_is_an_accident():
    # two reports tell a shooting, a third says it was accidental: the event is an accident, and an
    # assault takes no subtype from it
    shots = [meeting(a, 0, "occurred", day("2016-08-05"), etype="ASSAULT") for a in ("a", "b")]
    accident = dataclasses.replace(meeting("c", 0, "occurred", day("2016-08-05")), type="OTHER", subtype="accident")
    published = dict.fromkeys("abc", date(2016, 8, 6))
    event = event_state("e", [*shots, accident], published)
    assert (event.type, event.subtype) == ("OTHER", "accident")
    assert (event_state("e", shots, published).type, event_state("e", shots, published).subtype) == ("ASSAULT", None)


def test_link_a_crash_joined_to_a_shooting_does_not_make_it_an_accident():
    # GVC dev: "Drone Carrying Meth Crashes in Tijuana", a headline on a page about a murder-suicide in
    # San Diego, had joined the shooting and made it an accident; a crash tells another harm
    shots = [meeting(a, 0, "occurred", day("2015-01-20"), etype="ASSAULT") for a in ("a", "b")]
    crash = dataclasses.replace(meeting("c", 0, "occurred", day("2015-01-20")), text="Crashes", type="OTHER",
                                subtype="accident", signature=Signature("crash"))
    published = dict.fromkeys("abc", date(2015, 1, 21))
    assert event_state("e", [*shots, crash], published).type == "ASSAULT"
    # ... while crashes alone are an accident
    assert (event_state("e", [crash], published).type, event_state("e", [crash], published).subtype) == (
        "OTHER", "accident")


def test_link_a_suburb_and_its_city_can_be_one_events_place(store):
    # one report says the neighbourhood, another the city around it (about 10 km apart)
    englewood = Place("Englewood", "USA", 41.78, -87.64, "city")
    chicago = Place("Chicago", "USA", 41.85, -87.65, "city")
    ingest(store, article("a", "2016-08-09", meeting("a", 0, "occurred", day("2016-08-09"), place=englewood)),
           article("b", "2016-08-10", meeting("b", 0, "occurred", day("2016-08-09"), place=chicago)))
    assert len(set(event_of(store).values())) == 1


def test_link_the_place_an_article_is_about_does_not_rule_out_a_link(store):
    # a wire report about the event, and a local one whose main place is the suburb next door
    detroit = Place("Detroit", "USA", 42.33, -83.05, "city", "article")
    lansing = Place("Lansing", "USA", 42.73, -84.56, "city", "article")
    ingest(store, article("a", "2007-04-09", meeting("a", 0, "occurred", day("2007-04-09"), place=detroit)),
           article("b", "2007-04-10", meeting("b", 0, "occurred", day("2007-04-09"), place=lansing)))
    assert len(set(event_of(store).values())) == 1


@pytest.mark.parametrize("basis", ["text", "dateline"])
def test_link_far_apart_towns_the_text_or_dateline_gives_rule_out_a_link(store, basis):
    # records made without a parse are linked on their structured fields alone, where any two far-apart
    # towns rule a link out; parsed reports leave a town read in another article's text to the pair
    # model (tests/test_coref.py: test_across_articles_only_two_datelines_rule_out_one_event)
    kokomo = Place("Kokomo", "USA", 40.49, -86.13, "city", basis)
    toledo = Place("Toledo", "USA", 41.66, -83.56, "city", basis)
    ingest(store, article("a", "2016-10-30", meeting("a", 0, "occurred", day("2016-10-30"), place=kokomo)),
           article("b", "2016-10-30", meeting("b", 0, "occurred", day("2016-10-30"), place=toledo)))
    assert len(set(event_of(store).values())) == 2


def test_link_a_town_and_another_states_area_rule_out_a_link(store):
    # dev gold (the CNN report of the Troy shooting): "On Monday on the Seattle campus ... a gunman killed
    # his former girlfriend" is not the Michigan shooting of the same Monday
    seattle, michigan = resolve_place("Seattle"), resolve_place("Michigan")
    assert seattle is not None and michigan is not None
    ingest(store, article("a", "2007-04-10", meeting("a", 0, "occurred", day("2007-04-09"),
                                                       place=seattle.with_basis("text"))),
           article("b", "2007-04-10", meeting("b", 0, "occurred", day("2007-04-09"),
                                              place=michigan.with_basis("context"))))
    assert len(set(event_of(store).values())) == 2


@pytest.mark.parametrize(("town", "area"), [("Troy", "Michigan"), ("Detroit", "Wayne County"), ("Seattle", "USA")])
def test_link_an_area_holds_its_own_towns(town, area):
    found, around = resolve_place(town), resolve_place(area)
    assert found is not None and around is not None and places_compatible(found, around)
    assert not places_compatible(found, resolve_place("Ohio" if area != "Ohio" else "Texas"))


def test_link_a_dateline_does_not_contradict_the_place_the_text_gives(store):
    # "MOSCOW: Putin will meet Khamenei" (headline, placed by its dateline) and "met in Tehran"
    filed = meeting("a", 0, "planned", day("2015-11-23"), place=Place("Moscow", "RUS", 55.75, 37.62, "city",
                                                                         "dateline"))
    held = meeting("b", 0, "occurred", day("2015-11-23"), place=TEHRAN.with_basis("text"))
    ingest(store, article("a", "2015-11-20", filed), article("b", "2015-11-24", held))
    assert len(set(event_of(store).values())) == 1


def test_link_an_events_place_is_the_one_the_text_gives_before_the_articles():
    said = meeting("a", 0, "occurred", day("2016-08-09"), place=ANKARA.with_basis("text"))
    fallback = meeting("b", 0, "occurred", day("2016-08-09"), place=TEHRAN.with_basis("article"))
    assert event_state("e", [fallback, said], {"a": None, "b": None}).location == ANKARA.with_basis("text")


def test_link_generic_actors_alone_do_not_make_one_event(store):
    # "police arrested protesters" on the same day in two unrelated articles
    arrests = [meeting(a, 0, "occurred", day("2019-03-02"), place=None, source=("sector:police",),
                       target=("sector:protesters",), etype="COERCE") for a in "ab"]
    ingest(store, article("a", "2019-03-02", arrests[0]), article("b", "2019-03-02", arrests[1]))
    assert len(set(event_of(store).values())) == 2


def test_link_undated_headline_joins_the_dated_lead(store):
    headline = meeting("a", 0, "planned", None, place=None)
    lead = meeting("a", 50, "planned", day("2015-11-23"))
    ingest(store, article("a", "2015-11-20", headline, lead))
    (event,) = store.events()
    assert event.event_id == headline.mention_id and event.date == day("2015-11-23")


def test_link_relink_is_idempotent_and_keeps_ids(store):
    ingest(store, article("a", "2015-11-20", meeting("a", 0, "planned", day("2015-11-23"))),
           article("b", "2018-09-04", meeting("b", 0, "occurred", day("2015-11-21", "week", "2015-11-30")),
                   meeting("b", 40, "planned", day("2018-09-07"))))
    before = (event_of(store), list(store.events()))
    store.relink(link_article)
    assert (event_of(store), list(store.events())) == before
    store.relink(link_article)
    assert (event_of(store), list(store.events())) == before


def test_link_relink_merge_keeps_the_older_id_and_records_the_merged_one(store, monkeypatch):
    # an earlier linker missed that the 2018 report and the 2015 plan are one meeting
    plan = meeting("a", 0, "planned", day("2015-11-23"))
    held = meeting("b", 0, "occurred", day("2015-11-21", "week", "2015-11-30"))
    with monkeypatch.context() as patched:
        patched.setattr("tidings.link._rule_probability", lambda a, b: 0.0)
        ingest(store, article("a", "2015-11-20", plan), article("b", "2018-09-04", held))
    assert len(list(store.events())) == 2
    held_event = event_of(store)[held.mention_id]
    store.relink(link_article)  # the current linker finds it
    (event,) = store.events()
    assert event.event_id == plan.mention_id  # the first report's event keeps its id
    assert event.merged_ids == (held_event,)
    store.relink(link_article)  # linking again remembers the merge
    assert [e.merged_ids for e in store.events()] == [(held_event,)]


def test_link_stories_follow_the_lead_event_and_duplicates(store):
    first = article("a", "2018-09-04", meeting("a", 0, "planned", day("2018-09-07")))
    follow_up = article("b", "2018-09-07", meeting("b", 0, "occurred", day("2018-09-07")))
    unrelated = article("c", "2018-09-07", meeting("c", 0, "occurred", day("2018-09-07"), target=("Q1",),
                                                   source=("Q2",)))
    ingest(store, first, follow_up, unrelated)
    stories = {a.article_id: a.story_id for a in store.articles()}
    assert stories["a"] == stories["b"] == "a" and stories["c"] == "c"


def test_link_memory_index_reads_only_the_weeks_of_the_window_and_loose_dates_always():
    """Candidates come from the weeks a mention's window touches; an event dated to a year (too
    loose to file by week) or not at all is read with every window and kept when its dates overlap
    it, as in the database."""
    from tidings.link import MemoryEventIndex
    from tidings.model import Event

    memory = MemoryEventIndex()
    spans = {"week": day("2018-09-03", "week", "2018-09-09"), "far": day("2018-11-20"),
             "year": day("2018-01-01", "year", "2018-12-31"), "undated": None}
    for event_id, when in spans.items():
        memory.save(Event(event_id, "CONSULT", "occurred", (event_id,), date=when), ["type:CONSULT"])
    found = memory.candidates(["type:CONSULT"], ["CONSULT"], (date(2018, 9, 8), date(2018, 9, 11)), 10)
    assert sorted(found) == ["undated", "week", "year"]
    memory.save(Event("week", "CONSULT", "occurred", ("week",), date=day("2018-11-19")), ["type:CONSULT"])
    found = memory.candidates(["type:CONSULT"], ["CONSULT"], (date(2018, 9, 8), date(2018, 9, 11)), 10)
    assert sorted(found) == ["undated", "year"], "a re-dated event leaves its old weeks"


def test_link_in_memory_index_links_as_the_database_does(store):
    from tidings.link import MemoryEventIndex

    analyses = [article("a", "2015-11-20", meeting("a", 0, "planned", None, place=None),
                        meeting("a", 50, "planned", day("2015-11-23"))),
                article("b", "2018-09-04", meeting("b", 0, "occurred", day("2015-11-21", "week", "2015-11-30")),
                        meeting("b", 40, "planned", day("2018-09-07"))),
                article("c", "2018-09-05", meeting("c", 0, "planned", day("2018-09-07"), target=("Q348144",)))]
    memory = MemoryEventIndex()
    for a in analyses:
        memory.link(a)
    ingest(store, *analyses)
    assert memory.event_of == event_of(store)
    assert {e.event_id: e.status for e in memory.event_records.values()} == {
        e.event_id: e.status for e in store.events()}


def test_link_event_joined_in_one_batch_has_the_index_rows_of_what_it_became(store):
    """Within one write transaction the store rewrites an event's actor and blocking rows only when
    they change; a report that joins with another party and a sharper date changes both."""
    from sqlalchemy import select

    from tidings.link import block_keys
    from tidings.store import event_actors, event_blocks

    first = meeting("a", 0, "planned", day("2015-11-21", "week", "2015-11-30"))
    second = meeting("b", 0, "occurred", day("2015-11-23"), target=("Q57336", "Q9682"))
    store.save_analyses([(article("a", "2015-11-20", first), None), (article("b", "2015-11-24", second), None)],
                        link_article)
    (event,) = store.events()
    assert event.date == day("2015-11-23") and set(event.target_actors) == {"Q57336", "Q9682"}
    with store.engine.connect() as conn:
        actors = {tuple(r) for r in conn.execute(select(event_actors.c.actor_id, event_actors.c.date_start))}
        blocks = {tuple(r) for r in conn.execute(select(event_blocks.c.key, event_blocks.c.date_end))}
    assert actors == {(a, date(2015, 11, 23)) for a in ("Q7747", "Q57336", "Q9682")}
    assert blocks == {(k, date(2015, 11, 23)) for k in block_keys(event)}


def test_link_store_blocking_finds_what_the_memory_index_finds_whatever_the_order_of_dates(store):
    """Candidates in a window come from one index range per key and week; events stored in any
    order of their dates, short, long (`WIDE_WEEKS`) or undated, are found exactly when their dates
    overlap the window, as the memory index finds them."""
    import random

    from tidings.link import MemoryEventIndex
    from tidings.model import Event
    from tidings.store import EventIndex

    rng = random.Random(7)
    keys = ["type:CONSULT", "actor:Q7747", "place:Tehran|IRN"]
    memory = MemoryEventIndex()
    with store.engine.begin() as conn:
        index = EventIndex(conn)
        for i in range(300):
            start = date(2015, 1, 1) + timedelta(days=rng.randrange(400))
            length = rng.choice([0, 0, 3, 10, 40, 120, 400])
            when = None if rng.random() < 0.1 else DateInterval(start, start + timedelta(days=length), "day")
            event = Event(f"e{i:03d}", rng.choice(["CONSULT", "ASSAULT"]), "occurred", (f"e{i:03d}",), date=when)
            chosen = sorted(rng.sample(keys, rng.randint(1, 3)))
            index.save(event, chosen)
            memory.save(event, chosen)
        for _ in range(100):
            first = date(2015, 1, 1) + timedelta(days=rng.randrange(420))
            window = (first, first + timedelta(days=rng.choice([0, 6, 30])))
            wanted = sorted(rng.sample(keys, rng.randint(1, 3)))
            found = index.candidates(wanted, ["CONSULT"], window, 1000)
            assert found == memory.candidates(wanted, ["CONSULT"], window, 1000)
            assert found  # the draw leaves no window empty


def test_link_article_vectors_are_kept_while_the_term_statistics_hold():
    """An article's TF-IDF vectors are made once while the statistics stay as they are, and made
    again once another article is counted (its words' document frequencies moved)."""
    from tidings.link.pairs import TermStatistics
    from tidings.model import Profile

    ferry, strike = Profile({"ferry": 2, "strike": 1}, ("place:harbourview",)), Profile({"strike": 3}, ())
    stats = TermStatistics()
    stats.add(ferry)
    stats.add(strike)
    first = stats.vectors("ferry", ferry)
    assert stats.vectors("ferry", ferry) is first
    assert first == (stats.unit_vector(ferry.terms), stats.unit_vector(dict.fromkeys(ferry.entities, 1)))
    stats.add(strike)
    again = stats.vectors("ferry", ferry)
    assert again == (stats.unit_vector(ferry.terms), stats.unit_vector(dict.fromkeys(ferry.entities, 1)))
    assert again[0]["strike"] < first[0]["strike"]  # a commoner word weighs less
