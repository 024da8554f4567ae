"""A date for every event, with its basis: from the text, from the same event or the paragraph
(context), or from the publication day (a window ending there for what happened, starting there
for what is planned)."""

from __future__ import annotations

from datetime import date

import pytest

from tidings import nlp
from tidings.events.dating import fill_dates, publication_window
from tidings.model import Article, Basis, DateInterval, EventMention

pytestmark = pytest.mark.model

PUBLISHED = date(2016, 7, 27)
TUESDAY = DateInterval(date(2016, 7, 26), date(2016, 7, 26), "day", "text")


def setup(text: str) -> tuple[Article, object]:
    article = Article("a", "a.txt", text, published=PUBLISHED)
    return article, nlp.load()(text)


def mention(text: str, word: str, status: str = "occurred", when: DateInterval | None = None,
            local: str | None = None, nth: int = 0) -> EventMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return EventMention("a", start, start + len(word), word, "", "ASSAULT", status, date=when,  # type: ignore[arg-type]
                        local_event=local)


def test_dating_another_report_of_the_same_event_lends_its_date():
    text = "Father shoots son, then himself\n\nA man shot his son Tuesday night in Salt Lake City, police said."
    article, doc = setup(text)
    headline = mention(text, "shoots", local="L")
    lead = mention(text, "shot", when=TUESDAY, local="L")
    dated = {m.text: m.date for m in fill_dates(article, doc, [headline, lead])}
    assert dated["shoots"] == DateInterval(TUESDAY.start, TUESDAY.end, "day", "context")
    assert dated["shot"] == TUESDAY


def test_dating_the_dated_report_just_before_dates_the_next_one():
    text = ("Police said the shooting happened Tuesday night at a home near 900 West. "
            "The boy was shot twice and died at a hospital.")
    article, doc = setup(text)
    found = fill_dates(article, doc, [mention(text, "shooting", when=TUESDAY), mention(text, "shot")])
    assert found[1].date == DateInterval(TUESDAY.start, TUESDAY.end, "day", "context")


def test_dating_a_plan_does_not_borrow_the_date_of_what_happened():
    text = "The man was shot Tuesday. His family will hold a vigil for him."
    article, doc = setup(text)
    found = fill_dates(article, doc, [mention(text, "shot", when=TUESDAY), mention(text, "vigil", "planned")])
    assert found[1].date == DateInterval(PUBLISHED, date(2016, 8, 10), "week", "publication")


def test_dating_without_a_cue_news_reports_the_last_days_and_plans_the_next_weeks():
    text = "Officers arrested a suspect. Prosecutors will file charges."
    article, doc = setup(text)
    occurred, planned = fill_dates(article, doc, [mention(text, "arrested"), mention(text, "charges", "planned")])
    assert occurred.date == DateInterval(date(2016, 7, 25), PUBLISHED, "week", "publication")
    assert planned.date == DateInterval(PUBLISHED, date(2016, 8, 10), "week", "publication")


@pytest.mark.parametrize("text, published, word, day", [
    ("Teen Fatally Shot In Garfield\n\nPolice are investigating after a teenager was shot and killed in the city's "
     "Garfield neighborhood Monday night.\n\nThe shooting happened around 9 p.m. in the 5300 block of Mossfield "
     "Street.\n\nAccording to the Pittsburgh Public Safety Department, the victim was shot when he got out of a van.",
     date(2016, 9, 13), "shot when", date(2016, 9, 12)),
    ("Son charged in fatal shooting of father in Katy\n\nA man was arrested after his father was fatally shot "
     "Saturday night in Katy.\n\nDeputies said they found 34-year-old Thomas Meisenheimer in the room with his "
     "68-year-old father, Walter, who had been shot in the neck.", date(2016, 8, 8), "shot in the neck",
     date(2016, 8, 6)),
    ("Neighbor of child who was shot appears in court\n\nBond was set Friday at $75,000 on the neighbor of the "
     "2-year-old who died of a gunshot wound last Saturday.\n\nThreatt further ordered that when Davis obtains an "
     "attorney, he is to maintain contact with his legal counsel.", date(2014, 9, 20), "ordered", date(2014, 9, 19)),
])
def test_dating_a_report_without_a_cue_takes_the_day_the_lead_names(text, published, word, day):
    article, doc = Article("a", "a.txt", text, published=published), nlp.load()(text)
    found, = fill_dates(article, doc, [mention(text, word)])
    assert found.date == DateInterval(day, day, "day", "context")


@pytest.mark.parametrize("text, published, trigger, day", [
    # the lead's first day dates what followed the shooting (an identification, an arraignment): an
    # undated report of the shooting takes the day the lead gives the shooting itself
    ("4-year-old girl, mother fatally shot near home in Long Beach ID'd\n\nA 4-year-old girl and mother who were "
     "shot and killed near their home in Long Beach were identified Sunday. Long Beach police confirmed early Sunday "
     "morning the young child, identified by family members as Jennabel Anaya, died at Long Beach Memorial Medical "
     "Center. Officers responded to the shooting Saturday shortly before 9:30 p.m. at 9th Street and Locust Avenue.",
     date(2016, 8, 7), "killed", date(2016, 8, 6)),  # GVC train
    ("Man who shot and killed son, himself, had domestic violence history\n\nSALT LAKE CITY - A man who police say "
     "shot and killed his 8-year-old son before fatally shooting himself had a history of domestic violence, "
     "according to court records.\n\nOn Wednesday, Salt Lake police identified those involved in Tuesday's tragic "
     "incident as 8-year-old Xavier Lucero-Waters, and his father, Moses Waters, 46.", date(2016, 7, 27), "killed",
     date(2016, 7, 26)),  # dev (GVC dev incident)
    ("Mich. accountant charged with murder in office shootings\n\nA fired accountant accused of wounding two former "
     "bosses in a shotgun attack and killing a receptionist who tried to stop him was arraigned Wednesday on murder "
     "and other charges.\n\nAnthony LaCalamita III, 38, had been arrested following a high-speed chase a few hours "
     "after the Monday morning shootings at Gordon Advisors in suburban Detroit.", date(2007, 4, 11), "attack",
     date(2007, 4, 9)),  # dev (ECB+ topic 18)
])
def test_dating_a_shooting_takes_the_day_of_the_shooting_not_of_what_followed(text, published, trigger, day):
    assert dated(text, published, trigger) == on(day, "context")


@pytest.mark.parametrize("text, published, trigger, day", [
    # a photo caption or a byline is no paragraph of the lead: the day the story's fourth paragraph names
    # still dates it (GVC dev 8aaf0296, GVC train 4ad939d9 and bb796493)
    ("Pemberton HS grad shot his ex-wrestling teammate to death, cops say\n\nNelven Salas, 18 (Burlington County "
     "Prosecutor's Office)\n\nPEMBERTON - A Browns Mills teenager has been charged with shooting his former high "
     "school wrestling teammate dead.\n\nNelven Salas, 18, was charged with one count of aggravated manslaughter "
     "in the death of Davon Coleman, also 18.\n\nSalas and Coleman were in a detached garage with a third "
     "individual Thursday morning when the shooting occurred just before 1 a.m., police said.",
     date(2016, 7, 29), "death", date(2016, 7, 28)),
    ("13-year-old with BB gun killed by police in Columbus, Ohio\n\nPolice in Ohio responding to a report of an "
     "armed robbery shot and killed a 13-year-old boy who they said pulled a gun from his waistband.\n\nBy "
     "KANTELE FRANKO and ANN SANNER Associated Press\n\nCOLUMBUS, Ohio (AP) - A black boy. A white Ohio police "
     "officer. A pellet gun that looked like a real weapon. And a deadly shooting.\n\nIn a killing with "
     "unavoidable echoes of the Tamir Rice case, a Columbus officer shot a 13-year-old boy Wednesday night after "
     "the youngster pulled a BB gun from his waistband, authorities say.", date(2016, 9, 15), "killed",
     date(2016, 9, 14)),
    ("Retired Newburgh Officer Allegedly Kills Himself, 2 Children\n\nBrian Jackson\n\nUpdate 10:00 a.m.: This "
     "story has been updated to reflect the name of the deceased.\n\nOfficials are saying that a retired "
     "Newburgh police officer has killed his two children and himself in an alleged murder suicide.\n\nOn "
     "Tuesday around 5:30 p.m., State Police responded to a 911 call at the Valley View Mobil Home.",
     date(2016, 5, 26), "killed", date(2016, 5, 24)),
])
def test_dating_a_caption_or_byline_is_no_paragraph_of_the_lead(text, published, trigger, day):
    assert dated(text, published, trigger) == on(day, "context")


def test_dating_a_report_takes_the_date_its_local_event_found_in_the_lead():
    # GVC dev 810c1a1f: the headline's shooting is the lead's "was fatally shot", which takes the day the
    # lead names; an ongoing report (the headline's present) is not dated by the story's day itself
    text = ("Congressman grieves after grandson dies in home invasion shooting\n\nThe grandson of Rep. Danny Davis "
            "was fatally shot in a home invasion in Chicago, police said.\n\nJovan Wilson, 15, died Friday night "
            "at the scene in the Englewood neighborhood.")
    article, doc = Article("a", "a.txt", text, published=date(2016, 11, 19)), nlp.load()(text)
    headline = mention(text, "shooting", "ongoing", local="L")
    lead = mention(text, "shot", local="L")
    planned = mention(text, "invasion", "planned", local="L")
    found = {m.text: m.date for m in fill_dates(article, doc, [headline, lead, planned])}
    assert found["shot"] == found["shooting"] == on(date(2016, 11, 18), "context")
    assert found["invasion"].basis == "publication"  # what is planned takes nothing from what happened


@pytest.mark.parametrize("text, published, headline, lead, day", [
    # the headline's report, in the present, is the lead's, which the story's day dates (GVC dev
    # 86f1c06a and 3028a01b)
    ("Three Dead in Aransas Pass Murder-Suicide\n\nThree are dead in what police are ruling a murder-suicide, and "
     "the identity of the shooter is shocking to many.\n\nAransas Pass police said 46-year old Steven Dolan shot "
     "his wife Brenda, his 11-year old stepdaughter and himself Tuesday night at a home in the 1700 block of West "
     "Highland.", date(2016, 6, 29), "Dead", ("dead", 0), date(2016, 6, 28)),
    ("Teenager shot and killed in Waterbury\n\nA 17-year-old was killed in an afternoon shooting in Waterbury "
     "Saturday.\n\nThe shooting happened in the area of 30 Porter Street just before 4:30 p.m.", date(2016, 11, 6),
     "killed", ("shooting", 1), date(2016, 11, 5)),
])
def test_dating_a_headline_takes_the_date_its_local_event_found(text, published, headline, lead, day):
    article, doc = Article("a", "a.txt", text, published=published), nlp.load()(text)
    reports = [mention(text, headline, "ongoing", local="L"), mention(text, lead[0], local="L", nth=lead[1])]
    assert fill_dates(article, doc, reports)[0].date == on(day, "context")


def test_dating_what_followed_the_shooting_still_takes_the_story_s_day():
    text = ("Mich. accountant charged with murder in office shootings\n\nA fired accountant accused of killing a "
            "receptionist was arraigned Wednesday on murder and other charges.\n\nAnthony LaCalamita III had been "
            "arrested a few hours after the Monday morning shootings.\n\nDuring his arraignment Wednesday, "
            "authorities described what witnesses saw.\n\nThe judge ordered him held without bail.")  # dev
    assert dated(text, date(2007, 4, 11), "ordered") == on(date(2007, 4, 11), "context")


def test_dating_the_lead_lends_no_day_to_a_plan_nor_one_outside_the_week_before_publication():
    text = ("Teen gets probation\n\nRock Falls teen Brady Osborne received probation for accidentally shooting "
            "his best friend 18 months ago.\n\nThe judge sentenced him. He will appear in court again.")
    article, doc = Article("a", "a.txt", text, published=date(2015, 9, 10)), nlp.load()(text)
    found = fill_dates(article, doc, [mention(text, "sentenced"), mention(text, "appear", "planned")])
    assert [m.date.basis if m.date else None for m in found] == ["publication", "publication"]


def test_dating_nothing_is_inferred_for_what_did_not_happen_or_without_a_publication_day():
    assert publication_window(Article("a", "a", "x", published=PUBLISHED), "hypothetical") is None
    assert publication_window(Article("a", "a", "x", published=PUBLISHED), "negated") is None
    assert publication_window(Article("a", "a", "x"), "occurred") is None


def test_dating_a_publication_day_at_the_end_of_the_calendar_does_not_overflow():
    last = Article("a", "a", "x", published=date(9999, 12, 31))
    assert publication_window(last, "planned") == DateInterval(date(9999, 12, 31), date(9999, 12, 31), "day",
                                                              "publication")


# ---- what the text dates: expressions the model splits, holidays that name no day, and one time
# expression for coordinated and subordinate clauses (sentences from real local news: GVC train
# and the dev articles)

def dated(text: str, published: date, trigger: str) -> DateInterval | None:
    """The date the whole per-article stage gives the first mention at `trigger`."""
    from tidings.run import analyse

    article = Article("a", "a.txt", text, published=published)
    found = analyse(article, nlp.load()(text)).events
    hit = next((m for m in found if m.text == trigger), None)
    assert hit is not None, f"no mention at {trigger!r}: {[m.text for m in found]}"
    return hit.date


def on(day: date, basis: Basis = "text") -> DateInterval:
    return DateInterval(day, day, "day", basis)


@pytest.mark.parametrize("text, published, trigger, day", [
    # the model tags "last Friday" (DATE) and "morning" (TIME) apart; "morning" alone names no day
    ("The girl was enjoying the Thanksgiving holiday when she was killed last Friday morning on I Street outside "
     "the Potomac Gardens housing complex.", date(2016, 11, 30), "killed", date(2016, 11, 25)),
    ("He shot himself in the face about 6:15 p.m. Tuesday at a home in the 9700 block of Shady Tree Lane.",
     date(2016, 7, 28), "shot", date(2016, 7, 26)),
])
def test_dating_a_day_and_its_time_tagged_apart_are_one_expression(text, published, trigger, day):
    assert dated(text, published, trigger) == on(day)


def test_dating_a_holiday_that_names_a_kind_of_party_is_no_date():
    # an office Christmas party on 12 December 2008: the shooting is dated by "Friday", not by Christmas 2007
    vancouver = ("A man has been charged with first-degree murder after a shooting at an office Christmas party in "
                 "Vancouver Friday.")
    assert dated(vancouver, date(2008, 12, 13), "shooting") == on(date(2008, 12, 12))
    # a Halloween party two days after Halloween's eve: no text date at all, so the publication window
    toledo = "Four people were shot and hospitalized after shots rang out during a Halloween party."
    when = dated(toledo, date(2016, 10, 30), "shot")
    assert when is not None and when.basis == "publication"


def test_dating_a_holiday_that_dates_an_event_stays_a_time_expression():
    from tidings.events.arguments import time_entities

    doc = nlp.load()("The Christmas Day attack killed 12 people. Shoppers crowded a Christmas market in Berlin.")
    assert [e.text for e in time_entities(doc)] == ["Christmas Day"]  # the market's Christmas names no day


@pytest.mark.parametrize("text, published, trigger, day", [
    # one expression after coordinated verbs dates them all ("right node raising")
    ("A Michigan man shot to death one person and injured two others Monday at the suburban Detroit accounting "
     "firm, police said.", date(2007, 4, 10), "shot", date(2007, 4, 9)),
    ("Banks was shot and killed Friday at a park named for another slain teen, Hadiya Pendleton.",
     date(2015, 7, 5), "shot", date(2015, 7, 3)),
    ("A 14-year-old boy accidentally shot and killed his 9-year-old brother in Perris Saturday afternoon, "
     "Riverside County sheriff's deputies said.", date(2015, 5, 16), "shot", date(2015, 5, 16)),
])
def test_dating_one_expression_dates_coordinated_clauses(text, published, trigger, day):
    assert dated(text, published, trigger) == on(day)


def test_dating_a_clause_of_its_own_subject_keeps_its_own_date():
    # "and police arrested": a conjunct with its own subject is another act, maybe another day
    text = ("A man was shot Sunday night near Grand Avenue, and police arrested a suspect after a chase "
            "on Tuesday.")
    assert dated(text, date(2016, 6, 1), "shot") == on(date(2016, 5, 29))
    assert dated(text, date(2016, 6, 1), "arrested") == on(date(2016, 5, 31))


def test_dating_a_clause_takes_the_time_of_the_clause_it_hangs_from():
    # the dev article office07_troy_cnn: the killing is dated by the shooting's "In early March"
    text = ("In early March, a gunman shot and wounded three people at a printing facility near Los Angeles, "
            "California, before killing himself.")
    when = dated(text, date(2007, 4, 10), "killing")
    assert when is not None and (when.start, when.end, when.basis) == (date(2007, 3, 1), date(2007, 3, 10), "text")


@pytest.mark.parametrize("text, published, trigger, day", [
    # GVC dev: a verb that only says the event noun occurred holds the noun's time
    ("The shooting happened about 8 p.m. Thursday inside an apartment in the 4200 block of 58th Avenue, "
     "Bladensburg police said.", date(2016, 9, 23), "shooting", date(2016, 9, 22)),
    ("The shooting happened about 11:50 p.m. Monday.", date(2016, 8, 2), "shooting", date(2016, 8, 1)),
    ("The shooting happened Friday, June 3 around 7:30 p.m. in the 9500 block of Page.", date(2016, 6, 7),
     "shooting", date(2016, 6, 3)),
    ("Mussellshell County Sheriff Mike Thomas says the shooting happened at a residence in Roundup on Sunday "
     "night.", date(2016, 3, 10), "shooting", date(2016, 3, 6)),
])
def test_dating_an_event_noun_takes_the_time_of_the_verb_that_says_it_occurred(text, published, trigger, day):
    assert dated(text, published, trigger) == on(day)


@pytest.mark.parametrize("text, published, trigger, day", [
    # GVC train: the parser hangs the day on "believe" and "says"; one says it now, the day is of what is said
    ("On Thursday, police believe Tordil shot and killed his estranged wife, Gladys Tordil, and shot and injured "
     "a man who tried to help her about 4:40 p.m.", date(2016, 5, 6), "killed", date(2016, 5, 5)),
    ("The Orleans County Sheriff’s Office says the incident happened at the teen’s home on Salt Works Road "
     "around 5:30 p.m. Friday.", date(2014, 10, 17), "incident", date(2014, 10, 17)),
    # the dev article office07_troy_cnn (the Tuesday before it, as the article's "last week" says,
    # needs more than the sentence; the nearest Tuesday is the reading without it)
    ("In Atlanta's CNN Center on Tuesday, police say a man shot to death his former girlfriend just downstairs "
     "from the center's Omni Hotel and outside the CNN.com newsroom.", date(2007, 4, 10), "shot", date(2007, 4, 10)),
])
def test_dating_a_time_hung_on_a_verb_of_speech_in_the_present_dates_what_is_said(text, published, trigger, day):
    assert dated(text, published, trigger) == on(day)


def test_dating_the_time_of_a_report_does_not_date_what_is_reported():
    # a time expression after a reporting verb dates the saying, not the plan it reports
    text = "The aide said Friday that talks would follow, with the president also set to meet his counterpart."
    when = dated(text, date(2015, 11, 20), "meet")
    assert when is None or when.basis != "text"
