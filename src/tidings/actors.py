"""Actors: every mention of a person, organisation, country or group resolved to one actor.

Reads the parsed article and the knowledge base; writes `EntityMention`s (offsets into
`Article.text`) and the `Actor`s they name. In the seed article of 20 Nov 2015:

    "Vladimir Putin", "Putin", "the Russian leader", "The Kremlin strongman" -> Q7747 Vladimir Putin
    "Iran's supreme leader Ayatollah Sayed Ali Khamenei"                      -> Q57336 Ali Khamenei
    "Moscow" (as in "Moscow goes on a diplomatic push")                       -> Q159 Russia

Resolution goes from the surest evidence to the weakest: a full name in the knowledge base; a
surname after (or before) a full mention in the same article; a title plus country resolved by the
office held on the publication day; a description of a leader already named in the article. When
unsure it leaves the mention unresolved: a wrong person costs more than no person. People the
knowledge base does not know get an id from their normalised name, so they meet across articles.
Unnamed groups ("police", "Cambodian troops", "the court") are actors by country and sector, as
event coders code them (`sector:KHM:military`); the sector nouns live in data/sectors.yaml.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from itertools import islice, pairwise

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from tidings import speech
from tidings.kb import KnowledgeBase, load_kb, name_skeleton, normalize_name, normalize_office, organisation_key
from tidings.model import Actor, Article, EntityMention, content_id
from tidings.names import fold
from tidings.nlp import entity_at, sentence_spans, text_of
from tidings.places import resolve_place
from tidings.words import words

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "X"})
#: Dependencies that make a noun a modifier of another, not a party itself ("police station", "Kurdish fighters").
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


@dataclass(frozen=True)
class Descriptions:
    """How news describes an office holder without a name, from `data/descriptions.yaml`."""

    titles: dict[str, tuple[str, ...]]
    leader_words: frozenset[str]
    leader_offices: tuple[str, ...]
    official_titles: dict[str, tuple[str, str]]
    head_words: frozenset[str]

    @functools.cached_property
    def _phrases(self) -> list[str]:
        return [*self.titles, *self.leader_words, *self.official_titles, *self.head_words]

    @functools.cached_property
    def longest(self) -> int:
        """The most tokens a phrase has: a hyphen is a token of its own ("secretary - general")."""
        return max(len(re.findall(r"[^\s-]+|-", p)) for p in self._phrases)

    @functools.cached_property
    def first_words(self) -> frozenset[str]:
        """Words a description can start with: every other token is skipped at once."""
        return frozenset(re.split(r"[\s-]", p)[0] for p in self._phrases)

    @functools.cached_property
    def leaders(self) -> dict[str, tuple[str, ...]]:
        return {w: () for w in self.leader_words}

    @functools.cached_property
    def heads(self) -> dict[str, tuple[str, ...]]:
        return {w: () for w in self.head_words}


@functools.cache
def descriptions() -> Descriptions:
    data = yaml.safe_load(resources.files("tidings").joinpath("data/descriptions.yaml").read_text("utf-8"))
    return Descriptions(
        titles={k: tuple(v) for k, v in data["titles"].items()},
        leader_words=frozenset(data["leader_words"]),
        leader_offices=tuple(data["leader_offices"]),
        official_titles={k: (v["office"], v["country"]) for k, v in data["official_titles"].items()},
        head_words=frozenset(data["head_words"]),
    )


@dataclass(frozen=True)
class Sectors:
    """Nouns that name an unnamed group by what it is ("police", "Cambodian troops"), by sector."""

    labels: dict[str, str]
    heads: dict[str, str]
    phrases: dict[str, str]


@functools.cache
def sectors() -> Sectors:
    """The sector vocabulary, read once per process."""
    data = yaml.safe_load(resources.files("tidings").joinpath("data/sectors.yaml").read_text("utf-8"))
    return Sectors(
        labels={sector: entry["label"] for sector, entry in data.items()},
        heads={word: sector for sector, entry in data.items() for word in entry["heads"]},
        phrases={phrase: sector for sector, entry in data.items() for phrase in entry["phrases"]},
    )


def sector_actor_id(sector: str, country: str | None) -> str:
    """Id of a sector actor: one per country and sector, the same in every article."""
    return f"sector:{country}:{sector}" if country else f"sector:{sector}"


def new_actor_id(kind: str, name: str, *, keep_suffix: bool = False) -> str:
    """Id of an actor the knowledge base does not know: the same name gives the same id anywhere,
    however it is spelt ("Rolls-Royce", "Rolls - Royce", "Rolls Royce plc"; "Jane  Okafor"). A
    person's "III" or "Jr." is no part of it: one report names "Anthony LaCalamita III", the next
    "Anthony LaCalamita" (`keep_suffix` where an article names another with that name and another
    suffix: a father and his son)."""
    key = organisation_key(name) if kind == "organization" else normalize_name(name)
    if kind == "person" and not keep_suffix:
        key = _without_suffix(key)
    return "tid:" + content_id(kind, key or name.lower(), length=12)


def _without_suffix(key: str) -> str:
    parts = key.split()
    while len(parts) > 2 and parts[-1] in words().name_suffixes:
        parts = parts[:-1]
    return " ".join(parts)


def display_name(text: str) -> str:
    """The name without leading titles and honorifics: 'Ayatollah Sayed Ali Khamenei' -> 'Ali Khamenei'."""
    parts = text.replace("\u2019s", "").replace("'s", "").split()
    while len(parts) > 1 and (parts[0].lower().strip(".") in words().title_words or parts[0].lower() == "the"):
        parts = parts[1:]
    return " ".join(parts)


def holds_office(actor: Actor, offices: tuple[str, ...], country: str, day: date | None) -> bool:
    return any(r.country == country and (day is None or r.held_on(day)) and normalize_office(r.title) in offices
               for r in actor.roles)


@dataclass
class _ArticleActors:
    """What one article has resolved so far: its mentions and the people it names in full."""

    kb: KnowledgeBase
    day: date | None
    mentions: list[EntityMention] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    people: list[Actor] = field(default_factory=list)

    def remember(self, text: str, actor: Actor) -> None:
        """Keep a person named in full, for the surnames and descriptions that refer back to them."""
        if actor.kind == "person" and actor not in self.people and len(normalize_name(text).split()) > 1:
            self.people.append(actor)

    def add(self, start: int, end: int, text: str, label: str, actor: Actor | None) -> None:
        if end <= start:
            raise ValueError(f"an entity mention needs a span: {start}..{end} {text!r}")
        if actor is not None:
            known = self.actors.get(actor.actor_id, actor)
            if label in ("PERSON", "ORG"):  # a name as written is an alias; a description is not
                known = dataclasses.replace(known, aliases=tuple(sorted({*known.aliases, text})))
            self.actors[actor.actor_id] = known
        self.mentions.append(EntityMention(start, end, text, label, actor.actor_id if actor else None))

    def person_in_article(self, text: str) -> Actor | None:
        """The one person named in full in this article whose name contains these words ("Putin")."""
        words = set(normalize_name(text).split())
        if not words:
            return None
        matches = [a for a in self.people
                   if any(words <= set(normalize_name(n).split()) for n in (a.name, *a.aliases))]
        return matches[0] if len(matches) == 1 else None


def _without_country(kb: KnowledgeBase, text: str) -> str:
    """The name key without a leading country or demonym and the title after it: "Jordanian King
    Abdullah II" -> "abdullah ii", as `KnowledgeBase.by_name` reads it; a country with no title
    after it is part of the name ("Jordan Reeves")."""
    tokens = normalize_name(text).split()
    for n in range(min(3, len(tokens) - 1), 0, -1):
        rest = " ".join(tokens[n:])
        if kb.country(" ".join(tokens[:n])) and normalize_name(rest) != rest:
            return normalize_name(rest)
    return " ".join(tokens)


def _kb_person(kb: KnowledgeBase, text: str, day: date | None, country: str | None) -> Actor | None:
    """A knowledge-base person for a name, or None when the name is not specific enough."""
    candidates = [a for a in kb.by_name(text, day) if a.kind == "person"]
    if country:
        candidates = [a for a in candidates if a.country == country] or candidates
    if not candidates:
        return None
    plain = _without_country(kb, text)
    key = set(name_skeleton(plain).split())
    top = candidates[0]
    if len(key) > 1:
        # alike in sound and sharing a word as spelt: "Hasan Ruhani" is Hassan Rouhani, while
        # "Peter Noack" (GVC dev, a hunter in Vermont) is not the footballer Piotr Nowak
        spelt = set(normalize_name(plain).split())
        names = [(set(name_skeleton(normalize_name(n)).split()), set(normalize_name(n).split()))
                 for n in (top.name, *top.aliases)]
        return top if any(key <= sounds and spelt & known for sounds, known in names) else None
    # one person of that name in office then, and one that news names by surname alone: a minister
    # by the name as spelt, a head of state or government by a spelling of it ("Ruhani")
    in_office = [a for a in candidates if day and any(r.held_on(day) for r in a.roles)]
    if len(in_office) != 1:
        return None
    person = in_office[0]
    return person if kb.prominent_on(person, day, heads_only=not kb.bears_name(person, plain)) else None


def _country_hint(ent: Span, kb: KnowledgeBase) -> str | None:
    """The country a name's own words or the words just before it name ("Jordanian King Abdullah II")."""
    doc = ent.doc
    for token in [*ent, *doc[max(0, ent.start - 3):ent.start]]:
        if token.ent_type_ in ("NORP", "GPE"):
            found = kb.country(token.text)
            if found:
                return found.country
    return None


def _given_name_before(ent: Span, kb: KnowledgeBase) -> Span:
    """The name with the given name the tagger split off it ("Yury" ORG + "Ushakov" PERSON,
    "Senquez" ORG + "Jackson" PERSON): a capitalised word just before a one-word name, tagged as a
    place or organisation, that is no country, place, organisation, title or description."""
    doc = ent.doc
    if ent.start == 0 or len(ent) != 1 or not ent[0].is_title:  # "Reuters KHARTOUM": a dateline
        return ent
    before = doc[ent.start - 1]
    if before.ent_type_ not in ("ORG", "GPE") or before.ent_iob_ != "B" or not before.is_title \
            or before.whitespace_ != " " or doc[ent.start].is_sent_start:
        return ent
    word = before.lower_
    if word in words().title_words or word in words().common_leads or word in sectors().heads:
        return ent
    if kb.country(before.text) or kb.group(before.text) or resolve_place(before.text):
        return ent
    return doc[before.i:ent.end]


def _is_title_only(span: Span) -> bool:
    """Title words tagged as a name are no actor when they title what follows ("State" in "Secretary
    of State Condoleezza Rice", "Dr" in "Dr. Park Dietz", "Supreme" in "Iranian Supreme Leader
    Ayatollah ...") or stand alone ("Biloxi, Miss.", "the Crown Prince said"); one title word
    followed by a lower-case word is somebody's surname ("King told the Daily News")."""
    if not all(t.lower_ in words().title_words or t.is_punct for t in span):
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return len(span) > 1 or after is None or not (after.is_lower and after.is_alpha)


def _trim_common_words(ent: Span) -> Span:
    """'Farmer Jane Okafor' -> 'Jane Okafor': a leading word known in lower case is a description."""
    start = ent.start
    while start < ent.end - 1 and ent.doc[start].is_sent_start and ent.doc[start].lower_ in words().common_leads:
        start += 1
    return ent.doc[start:ent.end]


def _person_tagged_org(kb: KnowledgeBase, text: str) -> Actor | None:
    """A person's full name that the tagger took for an organisation, as it may when the name is
    spelt oddly ("Jean-Claude  Juncker" with two spaces): the one person of the knowledge base with
    that very name, and no organisation or group of it."""
    if len(normalize_name(text).split()) < 2:
        return None
    named = kb.exactly_named(text)
    people = [a for a in named if a.kind == "person"]
    return people[0] if len(people) == 1 and len(named) == 1 else None


def _group_alias(alias: str) -> bool:
    """Aliases safe to look for in text: acronyms (ISIS, PKK) and capitalised names (Hezbollah)."""
    parts = alias.split()
    if len(alias) < 3 or not alias[0].isupper():
        return False
    return alias.isupper() or all(w[0].isupper() or w.lower() in ("of", "the", "and", "al", "for") for w in parts)


_MATCHERS: dict[int, PhraseMatcher] = {}


def _group_matcher(kb: KnowledgeBase, doc: Doc) -> PhraseMatcher:
    """One phrase matcher per knowledge base and process, built on first use."""
    if id(kb) not in _MATCHERS:
        _MATCHERS[id(kb)] = _build_group_matcher(kb, doc)
    return _MATCHERS[id(kb)]


def _build_group_matcher(kb: KnowledgeBase, doc: Doc) -> PhraseMatcher:
    from tidings.nlp import load
    nlp = load()
    matcher = PhraseMatcher(doc.vocab)
    for actor_id, record in sorted(kb.records.items()):
        if record["kind"] in ("group", "organization"):
            names = [n for n in (record["name"], *record.get("aliases", ())) if _group_alias(n)]
            if names:
                matcher.add(actor_id, [nlp.make_doc(n) for n in names])
    return matcher


def group_spans(doc: Doc, kb: KnowledgeBase) -> list[Span]:
    """Groups and organisations the tagger missed ("Islamic State" read as "Islamic" NORP)."""
    matcher = _group_matcher(kb, doc)
    # Matching is case-sensitive; a capitalised word still counts only where it works as a name.
    found = [Span(doc, start, end, label="ORG") for _, start, end in matcher(doc)
             if all(t.pos_ in _NAME_POS or t.is_upper or t.lower_ in ("of", "the", "and") for t in doc[start:end])]
    return filter_spans(found)


def _resolve_named(found: _ArticleActors, ent: Span) -> tuple[Span, Actor | None]:
    kb, text = found.kb, ent.text
    if _is_title_only(ent):
        return ent, None
    if ent.label_ == "PERSON":
        ent = _trim_common_words(ent)
        text = ent.text
        ent = _given_name_before(ent, kb)
        text = ent.text
        actor = found.person_in_article(text) if len(normalize_name(text).split()) == 1 else None
        actor = actor or _kb_person(kb, text, found.day, _country_hint(ent, kb))
        if actor is None and normalize_name(text):
            name = display_name(text)
            actor = found.person_in_article(text) or Actor(_person_id(found, name), name, "person")
        return ent, actor
    if ent.label_ == "ORG":
        if _names_an_offence(ent):
            return ent, None
        actor = kb.group(text) or kb.country(text) or found.person_in_article(text) or _person_tagged_org(kb, text)
        if actor is None and normalize_name(text):
            actor = Actor(new_actor_id("organization", text), display_name(text), "organization")
        return ent, actor
    country = kb.country(text)  # GPE and NORP: countries, their capitals and demonyms
    if country is None and ent.label_ == "NORP" and ent.root.pos_ in ("PROPN", "NOUN") \
            and ent.root.dep_ not in _MODIFIER_DEPS and normalize_name(text):
        # a people or faction named as a noun ("the Kurds", "Peshmerga"), not as an adjective
        return ent, kb.group(text) or Actor(new_actor_id("group", text), display_name(text), "group")
    return ent, country


def _names_an_offence(ent: Span) -> bool:
    """An offence the tagger took for a name: its acronym ("a previous DUI arrest", "charged with
    DWI") or its title-cased name ("charged ... with Negligent Homicide", "with Vehicular
    Manslaughter", "arrested for 1st Degree Murder"), whose last word the event lexicon holds as a
    crime."""
    entry = _event_nouns().get(ent[-1].lower_)
    return entry is not None and entry.subtype == "crime"


def _event_nouns() -> dict:
    """The event lexicon's nouns (lemma -> entry)."""
    from tidings.events import lexicon  # the events stage imports this module

    return lexicon.nouns()


def _person_id(found: _ArticleActors, name: str) -> str:
    """The id of a person the knowledge base does not know, with the name's suffix only where the
    article already names someone else under the same name ("Joseph Horn Sr." and "Joseph Horn Jr.")."""
    plain = new_actor_id("person", name)
    key = normalize_name(name)
    namesakes = [a for a in found.people if a.actor_id == plain and normalize_name(a.name) != key]
    return new_actor_id("person", name, keep_suffix=True) if namesakes else plain


def _phrase(tokens: list[Token]) -> str:
    """Tokens as a description phrase: lower case, a hyphen kept as written ("secretary-general")."""
    return "".join(t.lower_ + t.whitespace_ for t in tokens).strip()


def _match_title(tokens: list[Token], i: int, table: dict) -> int:
    """Length in tokens of the longest title phrase of `table` starting at token i, or 0."""
    if tokens[i].lower_ not in descriptions().first_words:
        return 0
    for n in range(min(descriptions().longest, len(tokens) - i), 0, -1):
        if _phrase(tokens[i:i + n]) in table:
            return n
    return 0


def _owner_place(kb: KnowledgeBase, doc: Doc, i: int) -> tuple[Token, str] | None:
    """(first token, place key) of the country or organisation named up to token i: "Iranian",
    "Iran's", "the Kremlin", "the World Bank", "U.N."."""
    ent = next((e for e in doc.ents if e.start <= i < e.end), None)
    owner = doc[ent.start:i + 1] if ent is not None else doc[i:i + 1]
    place = kb.office_place(owner.text)
    return (owner[0], place) if place else None


def _description_country(found: _ArticleActors, doc: Doc, first: Token, last: Token,
                         attributed: list[speech.Attribution]) -> tuple[Token, str | None]:
    """Where a title's country or organisation comes from: "Russian president", "Iran's ...",
    "... of Iran", "the UN chief", "the head of the IMF", "our ..." (the speaker's country)."""
    kb = found.kb
    if first.i > 0:
        before = doc[first.i - 1]
        if before.lower_ in ("'s", "\u2019s") and first.i > 1 and (owned := _owner_place(kb, doc, first.i - 2)):
            return owned
        if before.lower_ in ("our", "my") and speech.in_quotation(doc, before.idx):
            speaker = speech.speaker_at(attributed, before.idx, before.idx + 1)
            actor = found.actors.get(speaker) if speaker else None
            return before, actor.country if actor else None
        named = before.ent_type_ in ("NORP", "GPE", "ORG") or before.is_title
        if named and (owned := _owner_place(kb, doc, before.i)):
            return owned
    if last.i + 2 < len(doc) and doc[last.i + 1].lower_ == "of":
        target = doc[last.i + 2] if doc[last.i + 2].lower_ != "the" else doc[min(last.i + 3, len(doc) - 1)]
        ent = next((e for e in doc.ents if e.start == target.i and e.label_ in ("GPE", "NORP", "ORG")), None)
        place = kb.office_place(ent.text) if ent is not None else None
        if place:
            return first, place
    return first, None


def _mentioned_leader(found: _ArticleActors, offices: tuple[str, ...], country: str | None) -> Actor | None:
    """The one person the article mentions who leads `country` (any country when None) on its
    day; failing that, the one who led it before ("the late dictator")."""
    people = [a for a in found.actors.values() if a.kind == "person"]

    def led(actor: Actor, on_the_day: bool) -> bool:
        day = found.day
        return any((country is None or r.country == country) and normalize_office(r.title) in offices
                   and (day is None or (r.held_on(day) if on_the_day else (r.start or day) <= day))
                   for r in actor.roles)

    for on_the_day in (True, False):
        leaders = [a for a in people if led(a, on_the_day)]
        if leaders:
            return leaders[0] if len(leaders) == 1 else None
    return None


def _of_follows(last: Token) -> bool:
    """ "the leader of the gang": whose leader it is follows, and it is no country."""
    return last.i + 1 < len(last.doc) and last.doc[last.i + 1].lower_ == "of"


def _definite_article(first: Token) -> Token | None:
    """ "the" before a title and the adjectives that qualify it ("the late dictator"), or None."""
    i = first.i - 1
    while i >= 0 and first.doc[i].pos_ == "ADJ" and not first.doc[i].ent_type_:
        i -= 1
    return first.doc[i] if i >= 0 and first.doc[i].lower_ == "the" else None


def _resolve_description(found: _ArticleActors, offices: tuple[str, ...], country: str | None,
                         leader_word: bool) -> Actor | None:
    if leader_word:
        return _mentioned_leader(found, offices, country)
    if not country:
        return None
    named = [a for a in found.people if holds_office(a, offices, country, found.day)]
    if len(named) == 1:
        return named[0]
    if found.day is None:
        return None
    holders = {a.actor_id: a for o in offices for a in found.kb.office_holders(o, country, found.day)}
    return next(iter(holders.values())) if len(holders) == 1 else None


def _descriptions(found: _ArticleActors, doc: Doc, taken: set[int], attributed: list[speech.Attribution]) -> None:
    """Mentions of office holders by description, outside the spans already resolved by name."""
    table = descriptions()
    tokens = list(doc)
    i = 0
    while i < len(tokens):
        n_official = _match_title(tokens, i, table.official_titles)
        n_title = n_official or _match_title(tokens, i, table.titles) or _match_title(tokens, i, table.leaders) \
            or _match_title(tokens, i, table.heads)
        if not n_title or i in taken:
            i += 1
            continue
        first, last = tokens[i], tokens[i + n_title - 1]
        phrase = _phrase(tokens[i:i + n_title])
        after = [t for t in doc[last.i + 1:last.i + 3] if not t.is_punct][:1]
        named_next = bool(after) and after[0].ent_type_ == "PERSON"
        if named_next or last.tag_ in ("NNS", "NNPS"):
            i += n_title
            continue
        offices: tuple[str, ...]
        country: str | None
        if n_official:
            office, country = table.official_titles[phrase]
            start_token, offices, leader_word = first, (office,), False
        else:
            start_token, country = _description_country(found, doc, first, last, attributed)
            leader_word = phrase in table.leader_words
            offices = table.leader_offices if leader_word else table.titles.get(phrase, ())
            if phrase in table.head_words:  # "the UN chief": an organisation's head office, or no one
                head = found.kb.head_office(country) if country else None
                offices, country = ((head,), country) if head else ((), None)
        if leader_word and not country and start_token == first and not _of_follows(last):
            start_token = _definite_article(first) or first  # "the late dictator": any country's leader
        if offices and (country or start_token != first):
            actor = _resolve_description(found, offices, country, leader_word)
            start, end = start_token.idx, last.idx + len(last.text)
            found.add(start, end, text_of(doc)[start:end], "DESC", actor)
        i += n_title


SECTOR_LABEL = "SECTOR"
#: Words before a sector noun that belong to its name ("Cambodian troops", "Iraq's police").
_SECTOR_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case"})


def _sector_of(token: Token, table: Sectors) -> str | None:
    """The sector a noun names as the head of its phrase, or as the doer of the event noun it
    modifies ("a U.S. military airstrike", `_modifies_an_event`); None otherwise ("police" in
    "police station")."""
    if token.ent_type_ or not (token.pos_ in ("NOUN", "PROPN") and token.dep_ not in _MODIFIER_DEPS
                               or _modifies_an_event(token)):
        return None
    if token.dep_ == "pobj" and token.head.lower_ in words().place_prepositions:
        return None
    if token.i > 0:
        phrase = table.phrases.get(f"{token.doc[token.i - 1].lower_} {token.lower_}")
        if phrase:
            return phrase
    return table.heads.get(token.lower_)


def _modifies_an_event(token: Token) -> bool:
    """A sector word that modifies an event noun of the lexicon, which names who does it with a
    country ("a U.S. military airstrike", "U.S. military airstrikes": PLV_train, where the tagger
    makes "military" an adjective)."""
    return token.dep_ in ("amod", "compound") and token.head.pos_ == "NOUN" and token.head.i > token.i \
        and token.head.lemma_.lower() in _event_nouns()


def _modifiers(head: Token) -> Span:
    """The words before a sector noun that modify it ("Cambodian", "Iraq's", "riot"), up to a
    determiner or number; for a sector word that modifies an event noun, the words before it that
    modify the same noun ("U.S." of "a U.S. military airstrike")."""
    doc = head.doc
    start = head.i
    first = head.head.left_edge.i if _modifies_an_event(head) else head.left_edge.i
    while start > first and doc[start - 1].dep_ in _SECTOR_MODIFIER_DEPS and doc[start - 1].pos_ not in ("DET", "NUM"):
        start -= 1
    return doc[start:head.i]


def _country_at(token: Token, kb: KnowledgeBase) -> tuple[int, Actor] | None:
    """(first token, country) when `token` is a demonym or country name, tagged or missed by the
    tagger ("Nepal government")."""
    if token.ent_type_ in ("NORP", "GPE"):
        ent = entity_at(token)
        found = kb.country(ent.text)
        return (ent.start, found) if found and found.country else None
    if token.is_title and not token.ent_type_:
        found = kb.country(token.text)
        return (token.i, found) if found and found.country else None
    return None


def _names_a_place(modifiers: Span) -> bool:
    """Whether a sector noun's modifiers name a place, tagged as such ("the West Bengal
    government") or capitalised words the gazetteer knows as one ("Punjab government", "the Uttar
    Pradesh government"); not a people ("Rohingya refugees", "Islamist militants")."""
    if any(t.ent_type_ in ("GPE", "LOC") for t in modifiers):
        return True
    capitalised = [t for t in modifiers if t.is_title and not t.ent_type_ and t.lower_ not in sectors().heads]
    return bool(capitalised) and capitalised[-1].i == modifiers.end - 1 and \
        resolve_place(" ".join(t.text for t in capitalised)) is not None


def _sector_country(head: Token, modifiers: Span, kb: KnowledgeBase) -> tuple[int, Actor] | None:
    """The country a sector phrase names: the nearest demonym or country before the noun
    ("South African troops", "Iraq's police"), or one after "of" ("the army of Iraq")."""
    for token in reversed(modifiers):
        found = _country_at(token, kb)
        if found:
            return found
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found = _country_at(pobj, kb)
                    return (head.i, found[1]) if found else None
    return None


def _sector_actors(found: _ArticleActors, doc: Doc) -> None:
    """Unnamed groups by sector ("police", "Cambodian troops", "the court"), outside the named
    and described mentions: actors as event coders code them, one per country and sector. The
    mention is the sector noun with its country; other modifiers stay out of the actor's aliases,
    and a group named by a person or organisation ("Islamic State militants", "the Assad regime")
    is that actor's, not a sector's."""
    table = sectors()
    covered = [(m.start, m.end) for m in found.mentions]
    named = [(m.start, m.end) for m in found.mentions if m.label in ("PERSON", "ORG")]
    for token in doc:
        phrase = token.i > 0 and f"{doc[token.i - 1].lower_} {token.lower_}" in table.phrases
        if token.lower_ not in table.heads and not phrase:
            continue
        sector = _sector_of(token, table)
        if sector is None or any(start <= token.idx < end for start, end in covered):
            continue
        modifiers = _modifiers(token)
        if any(t.ent_type_ in ("PERSON", "ORG") or any(s <= t.idx < e for s, e in named) for t in modifiers):
            continue
        country = _sector_country(token, modifiers, found.kb)
        if country is None and (_names_a_place(modifiers) or _modifies_an_event(token)):
            # a region's or a town's ("the West Bengal government", "Punjab government"): no
            # country's; and a sector word that only says what kind of event a noun is ("joint
            # military exercises")
            continue
        start = min(country[0] if country else token.i, token.i - 1 if phrase else token.i)
        span = doc[start:token.i + 1]
        label = table.labels[sector]
        name = f"{label} ({country[1].name})" if country else label
        iso = country[1].country if country else None
        actor = Actor(sector_actor_id(sector, iso), name, "group", iso)
        known = found.actors.get(actor.actor_id, actor)
        found.actors[actor.actor_id] = dataclasses.replace(known, aliases=tuple(sorted({*known.aliases, span.text})))
        found.mentions.append(EntityMention(span.start_char, span.end_char, span.text, SECTOR_LABEL, actor.actor_id))


def _with_relatives(doc: Doc) -> list[Span]:
    """The document's entities, with a name joined to a person's name by "and" under the same
    surname read as a person too, whatever the tagger made of it ("5-year-old Thomas Horn and
    11-year-old Corinne Horn": the tagger took Corinne Horn for a building)."""
    ents = list(doc.ents)
    for k, ent in enumerate(ents):
        root = ent.root
        if ent.label_ == "PERSON" or root.pos_ != "PROPN":
            continue
        joined = [c for c in root.children if c.dep_ == "conj"] + ([root.head] if root.dep_ == "conj" else [])
        if any(t.ent_type_ == "PERSON" and t.text == root.text for t in joined):
            ents[k] = Span(doc, ent.start, ent.end, label="PERSON")
    return ents


def resolve_entities(article: Article, doc: Doc,
                     kb: KnowledgeBase | None = None) -> tuple[list[EntityMention], list[Actor]]:
    """Every mention of an actor in the article, named or described, with the actors they name."""
    found = _ArticleActors(kb or load_kb(), article.published)
    groups = group_spans(doc, found.kb)
    grouped = {t.i for g in groups for t in g}
    ents = groups + [e for e in _with_relatives(doc) if e.label_ in ACTOR_LABELS and not any(t.i in grouped for t in e)]
    # Full names first, so that "Putin" in the headline finds "Vladimir Putin" of the lead, and
    # people's first, so that a person's name the tagger took for an organisation finds them.
    ordered = sorted(ents, key=lambda e: (len(normalize_name(e.text).split()) < 2, e.label_ != "PERSON", e.start))
    resolved: dict[int, tuple[Span, Actor | None, str]] = {}
    for ent in ordered:
        span, actor = _resolve_named(found, ent)
        resolved[ent.start] = (span, actor, ent.label_)
        if actor is not None:
            found.remember(span.text, actor)
    taken: set[int] = set()
    # Longest spans first, so a name joined to its split-off given name wins over the fragment.
    for span, actor, label in sorted(resolved.values(), key=lambda r: (-len(r[0]), r[0].start)):
        if actor is None or any(t.i in taken for t in span):
            continue
        taken.update(t.i for t in span)
        found.add(span.start_char, span.end_char, span.text, label, actor)
    _surnames(found, doc, taken)
    _aged_descriptions(found, doc, taken)
    _lead_descriptions(found, doc, taken)
    _subject_pronouns(found, doc, taken)
    _the_suspect(found, doc, taken)
    actor_of = {t: m.actor_id for m in found.mentions for t in range(m.start, m.end)}
    attributed = speech.attributions(doc, lambda token: actor_of.get(token.idx))
    _descriptions(found, doc, taken, attributed)
    _sector_actors(found, doc)
    found.mentions.sort(key=lambda m: m.start)
    return found.mentions, sorted(found.actors.values(), key=lambda a: a.actor_id)


#: Where a lone surname stands for a person rather than modifying a noun ("Rice prices").
SURNAME_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "conj", "attr", "dative", "ROOT"})


def _surnames(found: _ArticleActors, doc: Doc, taken: set[int]) -> None:
    """A surname alone that the tagger did not take for a name, of a person the article names in
    full: local news calls a man "Moses Waters" once and "Waters" after, and a capitalised word that
    is also a common noun ("Waters", "Banks", "Rice") is often left untagged at a sentence's start.
    Only a surname one person bears, as written ("Lucero-Waters" is another name), and not after a
    given name the tagger missed (a relative: "Kaleb Ahles" is not "Kevin Ahles")."""
    bearers: dict[str, set[str]] = defaultdict(set)  # a surname as written ("Lucero-Waters" is not "Waters")
    people = {a.actor_id: a for a in found.people}
    for a in found.people:
        for n in (a.name, *a.aliases):
            if len(n.split()) > 1:
                bearers[n.split()[-1].lower()].add(a.actor_id)
    for token in doc:
        if (token.i in taken or not token.is_title or token.ent_type_ or token.pos_ not in ("PROPN", "NOUN")
                or token.dep_ not in SURNAME_DEPS or len(bearers.get(token.lower_, ())) != 1):
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].text == ":":
            continue  # a label ("Photo: ..."), not a name
        before = doc[token.i - 1] if token.i > token.sent.start else None
        if before is not None and before.is_title and before.pos_ == "PROPN":
            continue  # "Kaleb Ahles" is someone else than the "Kevin Ahles" named before
        (bearer,) = bearers[token.lower_]
        taken.add(token.i)
        found.add(token.idx, token.idx + len(token.text), token.text, "PERSON", people[bearer])


def _age_of(old: Token) -> int | None:
    """The number of years in "61-year-old" (the model parses it as "61 - year - old")."""
    numbers = [t for t in old.subtree if t.i < old.i and t.text.isdigit() and len(t.text) <= 3]
    return int(numbers[-1].text) if len(numbers) == 1 else None


def _ages(found: _ArticleActors, doc: Doc) -> dict[int, set[str]]:
    """Age -> the people the article gives that age: "Eric Allen Kirkpatrick, 61," or
    "17-year-old Vonzell Banks"."""
    ages: dict[int, set[str]] = defaultdict(set)
    for m in found.mentions:
        actor = found.actors.get(m.actor_id or "")
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if m.label != "PERSON" or actor is None or actor.kind != "person" or span is None:
            continue
        after = doc[span.end:span.end + 3]
        if len(after) == 3 and after[0].text == "," and after[1].text.isdigit() and after[2].is_punct:
            ages[int(after[1].text)].add(actor.actor_id)
        for old in (c for c in span.root.children if c.lower_ == "old" and c.dep_ == "amod"):
            if (age := _age_of(old)) is not None:
                ages[age].add(actor.actor_id)
    return ages


def _describe(found: _ArticleActors, doc: Doc, taken: set[int], first: int, head: Token, actor: Actor) -> None:
    """Record the words from `first` to the noun `head` as a description of `actor`, unless a name
    or an earlier description holds one of them."""
    if any(i in taken for i in range(first, head.i + 1)):
        return
    taken.update(range(first, head.i + 1))
    start, end = doc[first].idx, head.idx + len(head.text)
    found.add(start, end, text_of(doc)[start:end], "DESC", actor)


def _first_modifier(head: Token, deps: tuple[str, ...]) -> int:
    """Where the noun phrase of `head` begins, counting the modifiers of these dependencies."""
    return min((t.left_edge.i for t in head.lefts if t.dep_ in deps), default=head.i)


def _aged_descriptions(found: _ArticleActors, doc: Doc, taken: set[int]) -> None:
    """A description by age of a person the article names with that age: local news leads with
    "A 61-year-old Vancouver man was charged" and names him later, "Eric Allen Kirkpatrick, 61".
    Only an age one named person has."""
    ages = _ages(found, doc)
    if not ages:
        return
    for old in doc:
        head = old.head
        if (old.lower_ != "old" or old.dep_ != "amod" or head.pos_ != "NOUN" or head.ent_type_ == "PERSON"
                or head.i < old.i):
            continue  # "a 61-year-old man"; not "a man 61 years old"
        age = _age_of(old)
        people = ages.get(age) if age is not None else None
        if not people or len(people) != 1:
            continue
        (person,) = people
        _describe(found, doc, taken, min(t.i for t in old.subtree), head, found.actors[person])


#: The lead's first sentences of the body, read for a person described there and named next.
LEAD_SENTENCES = 4


def _reported_subject(sent: Span) -> Token | None:
    """The subject of the sentence's main clause, or of what it reports ("A Michigan man shot ...,
    police said"); None for a sentence that only says who said something."""
    clause = sent.root
    if clause.lemma_.lower() in words().speech_verbs:
        reported = next((c for c in clause.children if c.dep_ == "ccomp"), None)
        if reported is None:
            return None
        clause = reported
    return next((t for t in clause.children if t.dep_ in SUBJECTS), None)


def _named_in(found: _ArticleActors, token: Token) -> Actor | None:
    """The person named at `token` or in its apposition ("The suspect, 38-year-old Anthony
    LaCalamita"), as resolved so far."""
    for t in (token, *(c for c in token.children if c.dep_ == "appos")):
        for m in found.mentions:
            if m.start <= t.idx < m.end and m.label == "PERSON":
                actor = found.actors.get(m.actor_id or "")
                return actor if actor is not None and actor.kind == "person" else None
    return None


def _lead_descriptions(found: _ArticleActors, doc: Doc, taken: set[int]) -> None:
    """A person the lead describes and the next sentence names: news leads with "A fired accountant
    accused of wounding two former bosses ... was arraigned Wednesday" and goes on "Anthony
    LaCalamita III, 38, had been arrested ...", or "A Michigan man shot to death one person ..." and
    "The suspect, 38-year-old Anthony LaCalamita, was ...". The description is the subject of its
    sentence, a person noun after "a" ("a 17-year-old boy", "a Plainfield teen"); the name, the
    subject of the next (of what it reports, not who says it), and alone or in apposition to the same
    noun or to a word for the one who did it ("suspect", "gunman"). Not across a gender the article
    gives the person."""
    text = text_of(doc)
    body = text.find("\n\n")
    if body < 0:
        return
    sentences = [s for s in sentence_spans(doc) if s.start_char > body][:LEAD_SENTENCES]
    people_nouns = words().person_nouns | words().male_nouns | words().female_nouns
    gender = None
    for lead, following in pairwise(sentences):
        head = _reported_subject(lead)
        if (head is None or head.pos_ != "NOUN" or head.i in taken or head.ent_type_
                or head.lemma_.lower() not in people_nouns
                or not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)):
            continue
        subject = _reported_subject(following)
        if subject is None:
            continue
        person = _named_in(found, subject)
        if person is None or (subject.ent_type_ != "PERSON" and subject.lemma_.lower()
                              not in {head.lemma_.lower(), *words().perpetrator_nouns}):
            continue
        gender = _genders(found, doc) if gender is None else gender
        noun = head.lemma_.lower()
        said = "m" if noun in words().male_nouns else "f" if noun in words().female_nouns else None
        if said is not None and gender.get(person.actor_id, said) != said:
            continue
        _describe(found, doc, taken, _first_modifier(head, ("amod", "compound", "nmod", "nummod")), head, person)


def _suspects(found: _ArticleActors, doc: Doc) -> set[str]:
    """The people the article names as the one who did it, by name (a description or pronoun
    resolved before may be wrong): in apposition to a word for them ("The suspect, 38-year-old
    Anthony LaCalamita"), the subject of a violent act ("Kirkpatrick opened fire", "Waters shot his
    son") or the one arrested or charged ("LaCalamita was arraigned")."""
    people = set()
    for m in found.mentions:
        actor = found.actors.get(m.actor_id or "")
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if actor is None or actor.kind != "person" or span is None or m.label != "PERSON":
            continue
        root, verb = span.root, span.root.head
        lemma = verb.lemma_.lower()
        opened_fire = lemma == "open" and any(c.lemma_.lower() == "fire" for c in verb.children)
        if (root.dep_ == "appos" and lemma in words().perpetrator_nouns
                or any(c.dep_ == "appos" and c.lemma_.lower() in words().perpetrator_nouns for c in root.children)
                or root.dep_ == "nsubj" and (lemma in words().patient_verbs or opened_fire)
                or root.dep_ == "nsubjpass" and lemma in words().custody_verbs):
            people.add(actor.actor_id)
    return people


def _the_suspect(found: _ArticleActors, doc: Doc, taken: set[int]) -> None:
    """"The suspect", "the gunman" are the one person the article names as the one who did it
    (`_suspects`): "Police allege Eric Allen Kirkpatrick, 61, opened fire ..." and later "the suspect
    turned himself in". Only where the article names one such person."""
    suspects = _suspects(found, doc)
    if len(suspects) != 1:
        return
    (person,) = suspects
    for head in doc:
        if (head.pos_ != "NOUN" or head.i in taken or head.ent_type_
                or head.lemma_.lower() not in words().perpetrator_nouns
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
                or any(c.dep_ == "appos" for c in head.children)
                or head.dep_ == "attr" or head.dep_ == "pobj" and head.head.lower_ == "as"):
            continue  # "identified Bennett as the gunman" names who the gunman is
        _describe(found, doc, taken, _first_modifier(head, ("amod", "compound", "nmod")), head, found.actors[person])


#: A person's own clause is read for their pronouns in its first words only: a run-on sentence of
#: thousands stays linear.
OWN_CLAUSE_TOKENS = 60


def _genders(found: _ArticleActors, doc: Doc) -> dict[str, str]:
    """Person -> "m" or "f", where the article says so with a noun beside the name ("her grandson,
    Steafon Lewis", "Walter Meisenheimer, his father", "a 16-year-old girl" that names her) or a title
    ("Mrs. Smith"); people it says both or neither of are left out."""
    male, female = words().male_nouns, words().female_nouns
    # "his", "himself", "her", "herself": the reflexive and possessive pronouns say the gender
    his = words().male_pronouns - words().subject_pronouns
    hers = words().female_pronouns - words().subject_pronouns
    own = his | hers
    said: dict[str, set[str]] = defaultdict(set)
    for m in found.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if m.actor_id is None or span is None or found.actors[m.actor_id].kind != "person":
            continue
        root = span.root
        near = [root.head] if root.dep_ == "appos" else []
        near += [c for c in root.children if c.dep_ in ("appos", "compound", "amod")] + list(span)
        before = doc[span.start - 1] if span.start > 0 else None
        near += [before] if before is not None and before.is_title else []
        if root.dep_ in SUBJECTS:  # "Luke chose to live with his father": his own pronouns in his clause
            # "her" as an object is someone else ("he shot and hit her"); as a possessive, his own
            near += [t for t in islice(root.head.subtree, OWN_CLAUSE_TOKENS)
                     if t.dep_ in ("poss", "dobj", "pobj") and t.lower_ in own
                     and (t.dep_ == "poss" or t.lower_ not in words().object_pronouns)]
        for t in near:
            word = t.lower_.rstrip(".")
            if word in male or t.lemma_.lower() in male or word in his:
                said[m.actor_id].add("m")
            elif word in female or t.lemma_.lower() in female or word in hers:
                said[m.actor_id].add("f")
    return {a: next(iter(g)) for a, g in said.items() if len(g) == 1}


#: Subjects of a clause, active or passive: the topic a later "he" or "she" stands for.
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _subject_pronouns(found: _ArticleActors, doc: Doc, taken: set[int]) -> None:
    """A subject "he" or "she" is the person named in full who was the subject of the sentence
    before, or of an earlier clause of its own (the subject stays the topic: "Waters was convicted
    in 2014 ... He was charged in 2006 with assault"). Not in a quotation (the speaker's "he" is
    someone else), and the one who says something is no topic: after "Trocheck says a bullet struck
    Sanchez", "He died within hours" is not Trocheck. Nothing when no such subject is there. An
    object "him" or "her" is such a subject too, but not the subject of its own clause: "When
    receptionist Madeline Kafoury tried to stop him ..., the gunman fatally shot her"."""
    named = {a.actor_id for a in found.people}
    people = sorted((m.start, m.actor_id) for m in found.mentions if m.actor_id in named)
    if not people:
        return
    starts = [p[0] for p in people]
    speech_verbs = words().speech_verbs
    subject_pronouns, object_pronouns, female = (words().subject_pronouns, words().object_pronouns,
                                                 words().female_pronouns)
    gender = _genders(found, doc)
    sentence_starts = [s.start for s in sentence_spans(doc)]
    subjects: list[tuple[int, int, str]] = []  # (sentence number, token, actor) of recent person subjects, in order
    resolved: dict[int, str] = {}  # subject pronoun -> the person it stands for

    def person_in(token: Token) -> str | None:
        """The person named in the phrase ("Moses Waters", "his father, Walter Meisenheimer")."""
        left, right = token.left_edge.idx, token.right_edge.idx
        k = bisect_left(starts, left)
        return people[k][1] if k < len(people) and people[k][0] <= right else None

    for token in doc:
        is_object = token.lower_ in object_pronouns and token.dep_ in OBJECT_PRONOUN_DEPS
        if token.dep_ not in SUBJECTS and not is_object:
            continue
        here = bisect_right(sentence_starts, token.i) - 1
        while subjects and subjects[0][0] < here - 1:
            subjects.pop(0)  # only the subjects of this sentence and the one before count
        if not is_object and token.lower_ not in subject_pronouns:
            person = person_in(token)
            if person is not None and token.head.lemma_.lower() not in speech_verbs:
                subjects.append((here, token.i, person))
            continue
        if token.i in taken or speech.in_quotation(doc, token.idx):
            continue
        said = "f" if token.lower_ in female else "m"
        before = _coordinated_object(token, person_in) if is_object else None
        if before is not None and gender.get(before, said) == said:
            taken.add(token.i)
            found.add(token.idx, token.idx + len(token.text), token.text, "DESC", found.actors[before])
            continue
        # an object is not its own clause's subject ("LaCalamita ... shot him" is someone else)
        doer = {p for t in _clause_subjects(token)
                if (p := person_in(t) or resolved.get(t.i)) is not None} if is_object else set()
        recent = [x for x in subjects if x[1] < token.i and gender.get(x[2], said) == said and x[2] not in doer]
        if recent:
            actor = found.actors[recent[-1][2]]
            taken.add(token.i)
            found.add(token.idx, token.idx + len(token.text), token.text, "DESC", actor)
            if not is_object:
                subjects.append((here, token.i, actor.actor_id))
                resolved[token.i] = actor.actor_id


#: Where an object pronoun ("him", "her") stands: the object of a verb or a preposition.
OBJECT_PRONOUN_DEPS = frozenset({"dobj", "pobj", "dative"})


def _coordinated_object(pronoun: Token, person_in: Callable[[Token], str | None]) -> str | None:
    """The person the verb before acts on, for the object pronoun of a verb coordinated with it
    that has no subject of its own: "arrested Shady Al-Hussien and charged him", "identified Desean
    Wynn, 23, as the shooter and arrested him"."""
    verb = pronoun.head
    if pronoun.dep_ not in ("dobj", "dative") or verb.dep_ != "conj" or any(c.dep_ in SUBJECTS for c in verb.children):
        return None
    first = verb.head
    objects = [c for c in first.children if c.dep_ in ("dobj", "obj", "dative")]
    objects += [o for p in first.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    named = [(o.i, person) for o in objects if o.i < pronoun.i and (person := person_in(o)) is not None]
    return max(named)[1] if named else None


def _clause_subjects(pronoun: Token) -> list[Token]:
    """The subjects of the clause an object pronoun is in, borrowed along coordinated verbs and
    complements ("loaded a shell ... and shot him", "tried to stop him")."""
    verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
    while True:
        found = [c for c in verb.children if c.dep_ in SUBJECTS]
        if found or verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head.i == verb.i:
            return found
        verb = verb.head


def _description_of(text: str, kb: KnowledgeBase) -> tuple[tuple[str, ...], str | None, bool] | None:
    """(offices, country or organisation, is a leader word) for "the Iranian president", "Iran's
    supreme leader", "the U.N. secretary-general", "the head of the IMF"."""
    table = descriptions()
    tokens = fold(text).replace("'s ", " ").replace(",", " ").split()
    tokens = tokens[1:] if tokens[:1] in (["the"], ["a"]) else tokens
    for n in range(len(tokens), 0, -1):
        for i in range(len(tokens) - n + 1):
            phrase = " ".join(tokens[i:i + n])
            rest = " ".join(tokens[:i] + tokens[i + n:])
            rest = re.sub(r"^(of )?(the )?", "", rest).strip()
            if phrase in table.official_titles:
                office, country = table.official_titles[phrase]
                return (office,), country, False
            place = kb.office_place(rest) if rest else None
            if phrase in table.head_words and place and (head := kb.head_office(place)):
                return (head,), place, False
            if phrase in table.titles or phrase in table.leader_words:
                leader = phrase in table.leader_words
                return (table.leader_offices if leader else table.titles[phrase]), place, leader
    return None


def resolve_text(text: str, day: date | None, kb: KnowledgeBase | None = None) -> Actor | None:
    """Who TEXT names on `day`, without an article around it: a country, a group, an office
    ("the Iranian president"), or a person by name. None when nothing matches surely."""
    kb = kb or load_kb()
    described = _description_of(text, kb)
    if described and described[1] and day:
        offices, country, _ = described
        holders = {a.actor_id: a for o in offices for a in kb.office_holders(o, country, day)}
        if len(holders) == 1:
            return next(iter(holders.values()))
    found = kb.country(text) or kb.group(text) or _kb_person(kb, text, day, None)
    if found is None and not described:
        best = kb.fuzzy(text, limit=1)
        found = best[0][0] if best and best[0][1] >= 92 else None
    return found
