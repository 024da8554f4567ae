"""A date for every event an article reports, with the basis it stands on.

`extract` dates a mention from a time expression that governs it (basis `text`). For the rest,
in this order:

1. `context`, from the same event: another mention of the article's same local event (the
   headline's "shooting" and the lead's "shot ... Tuesday night") that the text dates;
2. `context`, from the paragraph: the nearest dated report before it in its paragraph, or in the
   sentence just before ("Police said the man was shot twice" after "The shooting happened
   Tuesday"), when both are reports of what happened (or both of what is planned);
3. `context`, from the story: a report of what happened takes the day the article's lead (its first
   paragraphs with a verb) names ("... were found in a home Thursday morning"), the day of the story
   it tells; a report of the incident itself (an assault, a death, an accident) takes the first day
   the lead gives to something other than what followed it ("... were identified Sunday. Officers
   responded to the shooting Saturday": the shooting's day is Saturday);
4. `context`, from the same event again: a report that none of these date takes the date another
   mention of its local event found by them (the headline's "shooting" the lead's "was shot"'s);
5. `publication`: news reports recent events, so something that happened gets a window ending on
   the publication day, and something planned a window starting there.

The windows come from the dev gold (examples/dev, 13 real articles): of the 28 main events that
the text dates and reports as having happened, 25 fall 0 to 2 days before publication, so an
occurred event with no cue gets the three days ending on the publication day (precision "week": a
span of days, not one day); planned events are rarer (one, 8 days ahead), and get the two weeks
starting on the publication day. Hypothetical and negated events get no date: there is nothing
that happened. Without a publication day nothing is inferred.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Sequence
from datetime import timedelta

from spacy.tokens import Doc, Token

from tidings import nlp
from tidings.events import arguments
from tidings.model import Article, DateInterval, EventMention, text_order
from tidings.time import resolve
from tidings.words import words

OCCURRED_WINDOW = timedelta(days=2)
#: How far back from publication the lead's day may lie to be the day of the story.
STORY_LAG = timedelta(days=7)
#: Paragraphs after the title that make up the lead (those that hold a verb: `_lead_paragraphs`).
LEAD_PARAGRAPHS = 3
PLANNED_WINDOW = timedelta(days=14)
HAPPENED = frozenset({"occurred", "ongoing", "unknown", "cancelled"})
#: Reports that take the story's day: what happened, and what a headline names without a tense
#: ("Shooting at Kokomo bar sends 4 people to the hospital").
STORY_STATUSES = frozenset({"occurred", "unknown"})
UNDATED = frozenset({"hypothetical", "negated"})


def _phase(status: str) -> str:
    return "planned" if status == "planned" else "happened" if status in HAPPENED else "other"


def publication_window(article: Article, status: str) -> DateInterval | None:
    """The interval a report with no date cue stands for, from the publication day alone."""
    day = article.published
    if day is None or status in UNDATED:
        return None
    try:
        if status == "planned":
            return DateInterval(day, day + PLANNED_WINDOW, "week", "publication")
        return DateInterval(day - OCCURRED_WINDOW, day, "week", "publication")
    except OverflowError:  # a publication day at the end of the calendar
        return DateInterval(day, day, "day", "publication")


Day = tuple[int, DateInterval]  # a day the lead names, and the number of its sentence


def story_days(article: Article, doc: Doc, paragraphs: Sequence[int], starts: Sequence[int],
               mentions: Sequence[EventMention] = ()) -> tuple[Day | None, Day | None]:
    """The day of the story the article tells and the day of the incident it is about, each with
    the sentence that names it.

    The story's day is the first time expression of the lead (the paragraphs after the title) that
    names one day of the week up to publication. Local news names it there ("Three bodies were
    found in a home ... Thursday morning") and tells the rest of the story without dates. In that
    sentence itself the expression dates what it governs and nothing else ("A fired accountant
    accused of ... killing a receptionist ... was arraigned Wednesday").

    The incident's day is the first such expression that does not date what followed the incident
    (`aftermath`: an arrest, a charge, a plea, a statement). "A man was charged Wednesday in the
    shooting" and "On Wednesday, police identified those involved in Tuesday's incident" tell of a
    story on Wednesday about an incident before it."""
    day = article.published
    if day is None:
        return None, None
    at = {m.start: m for m in mentions}
    lead = _lead_paragraphs(doc, paragraphs, starts)
    story: Day | None = None
    for span in arguments.time_entities(doc):
        here = _sentence_of(starts, span.start_char)
        paragraph = paragraphs[here]
        if not lead or paragraph > lead[-1]:
            break
        if paragraph not in lead:
            continue
        when = resolve(span.text, day, "past")
        if when is None or when.precision != "day" or not day - STORY_LAG <= when.start <= day:
            continue
        found = here, DateInterval(when.start, when.end, "day", "context")
        story = story or found
        if not _dates_aftermath(span.root, at, doc):
            return story, found
    return story, None


def _lead_paragraphs(doc: Doc, paragraphs: Sequence[int], starts: Sequence[int]) -> list[int]:
    """The numbers of the first `LEAD_PARAGRAPHS` paragraphs after the title that hold a verb: a photo
    caption ("Nelven Salas, 18 (Burlington County Prosecutor's Office)") or a byline ("By KANTELE
    FRANKO and ANN SANNER Associated Press") is no paragraph of the story."""
    verbal = {paragraphs[_sentence_of(starts, t.idx)] for t in doc if t.pos_ in ("VERB", "AUX")}
    return sorted(verbal - {0})[:LEAD_PARAGRAPHS]


def _dates_aftermath(token: Token, mentions_at: dict[int, EventMention], doc: Doc) -> bool:
    """Whether the time expression headed by `token` dates what followed an event: the first event
    mention or verb above it is an `aftermath`."""
    for t in token.ancestors:
        m = mentions_at.get(t.idx)
        if m is not None:
            return aftermath(m, doc)
        if t.pos_ in ("VERB", "AUX"):
            return _aftermath_word(t)
    return False


def _aftermath_word(token: Token) -> bool:
    """Holding or charging someone, a plea, or disclosing what is known ("identified", "confirmed");
    not every verb of speech: officers who "responded to the shooting" came to it."""
    return token.lemma_.lower() in words().aftermath_verbs


def aftermath(mention: EventMention, doc: Doc) -> bool:
    """Whether a mention reports what follows an event rather than the event: holding, charging or
    accusing someone ("arrested", "charged", "arraigned", ACCUSE), a plea, or telling of it (a verb
    of disclosure, an announcement)."""
    if mention.type == "ACCUSE" or (mention.type, mention.subtype) == ("OTHER", "announcement"):
        return True
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and _aftermath_word(span.root)


def is_incident(etype: str, subtype: str | None) -> bool:
    """An act of force or an accident, death, injury or crime: what local news is about."""
    return etype == "ASSAULT" or (etype == "OTHER" and subtype in words().incident_subtypes)


def _sentence_index(doc: Doc) -> tuple[list[int], list[int]]:
    """For each sentence (by start offset): its number and its paragraph's number."""
    starts: list[int] = []
    paragraphs: list[int] = []
    paragraph, previous_end = 0, 0
    text = nlp.text_of(doc)
    for sent in nlp.sentence_spans(doc):
        if starts and "\n\n" in text[previous_end:sent.start_char]:
            paragraph += 1
        starts.append(sent.start_char)
        paragraphs.append(paragraph)
        previous_end = sent.start_char + len(sent.text.rstrip())
    return starts, paragraphs


def _sentence_of(starts: Sequence[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo


#: Links between the clauses of one sentence along which a time expression carries: coordinated
#: verbs ("shot one person and injured two others Monday"), adverbial clauses ("shot three people in
#: early March before killing himself") and controlled complements ("tried to attack ... Thursday").
CARRYING_DEPS = frozenset({"conj", "advcl", "xcomp"})
#: Adverbial clauses of another time or of no time: "since", "until", "if", "because" ...
NOT_CARRYING_MARKS = frozenset({"since", "until", "till", "because", "if", "unless", "although", "though", "once"})
#: Prepositions that take a clause of the same time: "before killing himself", "after shooting him".
CARRYING_PREPOSITIONS = frozenset({"before", "after", "while", "upon", "by"})


def carrying_head(token: Token) -> Token | None:
    """The head of the clause `token` heads, when a time expression of that clause carries to
    `token`'s own (`CARRYING_DEPS`, "before"/"after" + a clause, what a verb of speech in the
    present reports); else None."""
    if token.dep_ == "pcomp" and token.head.lower_ in CARRYING_PREPOSITIONS and token.head.head.i != token.head.i:
        return token.head.head  # "... before killing himself": the clause of the preposition's head
    if token.dep_ == "ccomp" and _says_now(token.head):
        return token.head  # "On Tuesday, police say a man shot ...": the day is of what they say
    if token.dep_ not in CARRYING_DEPS or token.head.i == token.i:
        return None
    if token.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return None  # a conjunct with its own subject: "a girl was killed Saturday and a teen was arrested"
    if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in NOT_CARRYING_MARKS for c in token.children):
        return None
    if token.head.lemma_.lower() in words().speech_verbs:
        return None  # "Ushakov said Friday, with Putin also set to meet Rouhani": Friday dates the saying
    return token.head


def _says_now(verb: Token) -> bool:
    """A verb of speech in the present tense ("police say", "the sheriff's office says"): one says
    it as the story is written, so a time expression the parser hangs on it dates what is said."""
    return verb.tag_ in ("VBP", "VBZ") and verb.lemma_.lower() in words().speech_verbs


def _carrying_path(token: Token, top: Token) -> bool:
    """Whether `token` hangs from `top` through clause links that carry a time expression only."""
    while token.i != top.i:
        head = carrying_head(token)
        if head is None:
            return False
        token = head
    return True


def _one_clause_chain(a: Token, b: Token) -> bool:
    """Whether two words head clauses that one time expression dates together: each hangs from
    their lowest common head through carrying links only."""
    above_a = {a.i, *(t.i for t in a.ancestors)}
    common = next((t for t in [b, *b.ancestors] if t.i in above_a), None)
    return common is not None and _carrying_path(a, common) and _carrying_path(b, common)


def date_from_clauses(doc: Doc, mentions: Sequence[EventMention]) -> list[EventMention]:
    """The mentions, each undated one given the date of the nearest report in a clause linked to its
    own (`CARRYING_DEPS`) that the text dates: "A Michigan man shot to death one person and injured
    two others Monday" dates the shooting too. The basis stays `text`: the expression governs both
    clauses. Runs before the article's reports are grouped into local events, so that look-alike
    events the text dates apart stay apart."""
    dated = [m for m in mentions if m.date is not None and m.date.basis == "text"]
    if not dated:
        return list(mentions)
    starts = [s.start for s in nlp.sentence_spans(doc)]
    heads: dict[str, Token | None] = {}

    def head_of(m: EventMention) -> Token | None:
        if m.mention_id not in heads:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            heads[m.mention_id] = span.root if span is not None else None
        return heads[m.mention_id]

    def sentence(t: Token) -> int:
        return bisect_right(starts, t.i) - 1

    by_sentence: dict[int, list[tuple[EventMention, Token]]] = {}  # each sentence's dated reports, looked up once
    for d in dated:
        if (u := head_of(d)) is not None:
            by_sentence.setdefault(sentence(u), []).append((d, u))
    out = []
    for m in mentions:
        t = head_of(m) if m.date is None and m.status not in UNDATED else None
        if t is None:
            out.append(m)
            continue
        lenders = [d for d, u in by_sentence.get(sentence(t), ())
                   if _phase(d.status) == _phase(m.status) and _one_clause_chain(t, u)]
        nearest = min(lenders, key=lambda d: (abs(d.start - m.start), d.start), default=None)
        out.append(dataclasses.replace(m, date=nearest.date) if nearest is not None and nearest.date else m)
    return out


def fill_dates(article: Article, doc: Doc, mentions: Sequence[EventMention]) -> list[EventMention]:
    """The mentions, each undated one given a date from its context or the publication day."""
    if not mentions:
        return []
    starts, paragraphs = _sentence_index(doc)
    sentence = {m.mention_id: _sentence_of(starts, m.start) for m in mentions}
    story, incident = story_days(article, doc, paragraphs, starts, mentions)
    by_local: dict[str, DateInterval] = {}
    for m in sorted(mentions, key=text_order):
        if m.date is not None and m.date.basis == "text" and m.local_event:
            by_local.setdefault(m.local_event, m.date)
    dated = sorted((m for m in mentions if m.date is not None and m.date.basis == "text"), key=lambda m: m.start)
    out = []
    for m in mentions:
        if m.date is not None or m.status in UNDATED:
            out.append(m)
            continue
        found = by_local.get(m.local_event or "")
        if found is None:
            here = sentence[m.mention_id]
            for d in reversed(dated):
                there = sentence[d.mention_id]
                if d.start >= m.start or _phase(d.status) != _phase(m.status):
                    continue
                if there == here or (paragraphs[there] == paragraphs[here] and here - there <= 2) or here - there == 1:
                    found = d.date
                break
        day_of = incident if is_incident(m.type, m.subtype) else story
        if found is None and m.status in STORY_STATUSES and day_of is not None and day_of[0] != sentence[m.mention_id]:
            found = day_of[1]
        when = (dataclasses.replace(found, basis="context") if found is not None
                else publication_window(article, m.status))
        out.append(dataclasses.replace(m, date=when) if when is not None else m)
    return _share_local_dates(out)


def _share_local_dates(mentions: list[EventMention]) -> list[EventMention]:
    """Mentions of one local event left with a publication window take the date its other
    mentions of the same phase (`_phase`: what happened, what is planned) found in the article: the
    headline's "home invasion shooting" is the lead's "was fatally shot", dated by the day the lead
    names."""
    found: dict[tuple[str, str], DateInterval] = {}
    for m in sorted(mentions, key=text_order):
        if m.local_event and m.date is not None and m.date.basis != "publication":
            found.setdefault((m.local_event, _phase(m.status)), m.date)
    out = []
    for m in mentions:
        shared = found.get((m.local_event or "", _phase(m.status)))
        inferred = m.date is not None and m.date.basis == "publication"
        out.append(dataclasses.replace(m, date=dataclasses.replace(shared, basis="context"))
                   if inferred and shared is not None else m)
    return out
