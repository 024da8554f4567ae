"""Arguments of an event trigger from the dependency parse: who (source, target), when, where.

The clause of a trigger is its anchor verb's subtree without nested clauses, so "Putin will meet
Khamenei on Monday, the Kremlin said Friday" gives "meet" the date "Monday", not the date of the
saying. A place is a named location reached from the trigger through prepositions only ("during
a visit to Tehran", "host ... in Russia"); a participant is an actor of the subject, the object or
a "with"/"against"/"to" phrase, never the place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from tidings.events import lexicon
from tidings.events.unnamed import UnnamedParties, age_words, can_be_party, person, way_or_water
from tidings.model import EntityMention, is_generic_actor
from tidings.nlp import entity_at, text_of
from tidings.places import resolve_place
from tidings.time import is_holiday, numbers_a_thing
from tidings.words import words

CLAUSAL = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj", "acl", "xcomp", "conj"})
SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass"})
OBJECTS = frozenset({"dobj", "obj", "dative", "oprd"})
PARTICIPANT_PREPS = frozenset({"with", "against", "to", "toward", "towards", "between", "among"})
#: "an attack on the embassy", "sanctions on Iran": a target after "on" only for these types.
ON_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN", "ACCUSE", "PROTEST"})
#: Prepositions that name what a sought event is aimed at: "called for sanctions against X".
AIMED_AT_PREPS = frozenset({"against", "into", "on"})
#: Prepositions after which a named place is what an event is aimed at: "sent troops to Kuwait",
#: "withdrew from Syria"; with no other target, that place is the target.
AIMED_PREPS = frozenset({"to", "into", "toward", "towards", "on", "onto", "against", "from"})
#: Prepositions naming where an event happens: for an event with no other target, that place is
#: the target, as PLOVER codes it ("killed 48 people in Afghanistan", "a curfew in Jamaica", "staged a
#: protest in Serbia", "agreed to set up a centre in Mumbai"), except for a meeting.
SCENE_PREPS = frozenset({"in", "at", "inside", "across", "throughout", "within"})
#: A meeting's place is where it is held, never one of its parties ("talks in Sochi").
MEETING_TYPES = frozenset({"CONSULT"})
#: A place reached through more prepositions than this is a topic, not where the event happens
#: ("a memorandum of understanding on de-escalation zones in Syria").
MAX_PLACE_HOPS = 2
LOCATIVE_PREPS = frozenset({"in", "at", "to", "near", "outside", "inside", "into", "across", "throughout", "around"})
LOCATION_LABELS = frozenset({"GPE", "LOC", "FAC"})
PERSON_LABELS = frozenset({"PERSON", "DESC"})
#: Subjects that stand for the one reporting: in reported speech ("Obama said he will not lift the
#: embargo"), and in a quotation, where "he" or "they" is someone else ("He shot one man," police said).
SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they", "we"})
QUOTED_SPEAKER_PRONOUNS = frozenset({"i", "we"})
PERSON_PRONOUNS = frozenset({"he", "she", "i"})
#: Prepositions that tie an -ing clause to the object of its verb, or to a passive subject: "accused
#: X of plotting", "charged X with killing", "blamed X for stoking"; not "after", "by", "while".
CHARGE_PREPS = frozenset({"of", "with", "for"})
#: Words that set an -ing clause in time with its governing verb, whose subject does it even when
#: that verb is passive: "was killed after slipping", "was killed while investigating a shooting".
TIME_LINKS = frozenset({"after", "before", "while", "when", "upon", "since", "until"})


#: Events that one party gives and another receives ("received aid from Japan", "faced threats from
#: the militia"); not a meeting: "received a delegation from Iran" is hosting it.
GIVEN_TYPES = frozenset({"AID", "SUPPORT", "ACCUSE", "REQUEST", "THREATEN", "COERCE", "SANCTION", "ASSAULT"})


#: Events whose noun names its doer after "from" ("a request from the minister", "support from the
#: U.S. military", "an invitation from Putin"); not a withdrawal or an independence "from" somewhere.
FROM_SOURCE_TYPES = GIVEN_TYPES | {"CONSULT"}


#: Prepositions that place a noun's event before the clause it hangs from ("in the wake of the
#: attacks"): a planned clause says nothing of whether that event happened.
PRIOR_PREPS = frozenset({"following", "since", "wake", "aftermath"})


def event_ancestor(token: Token) -> tuple[Token | None, bool]:
    """The nearest verb or noun above a phrase that it hangs from ("visit" in "during a visit"
    hangs from "meet"; "talks" in "meetings ... with X, as well as talks" from "meetings"), and
    whether the path says the noun's event came before it ("in the wake of", "following")."""
    node, prior = token, False
    while node.head != node:
        node = node.head
        prior = prior or node.lower_ in PRIOR_PREPS
        if node.pos_ in ("VERB", "AUX") and node.lower_ not in PRIOR_PREPS or \
                (node.pos_ == "NOUN" and node.dep_ not in ("pobj", "compound") and node.lower_ not in PRIOR_PREPS):
            return node, prior
    return None, prior


def governing_verb(noun: Token) -> Token | None:
    """The verb an eventive noun is an argument of: "hold" in "will hold a meeting", "launched" in
    "launched a mediation effort"."""
    if noun is not nominal_head(noun):
        return governing_verb(nominal_head(noun))
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "obj") and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        return governing_verb(noun.head)
    if noun.dep_ == "pobj" and noun.head.lower_ == "on" and noun.head.head.pos_ in ("VERB", "AUX"):
        return noun.head.head  # "went on strike", "remained on alert"
    counted = counted_by(noun)
    return governing_verb(counted) if counted is not None else None  # "began a new round of joint exercises"


def counted_by(noun: Token) -> Token | None:
    """The noun that counts or groups this event noun's events ("round" in "a new round of talks",
    "series" in "a series of arrests"), whose verb is theirs; or None."""
    counted = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    if counted is not None and counted.pos_ == "NOUN" and counted.lemma_.lower() in words().partitive_nouns:
        return counted
    return None


def nominal_head(noun: Token) -> Token:
    """The noun an event noun modifies, whose phrase is the event's: "effort" in "a mediation effort
    between India and Pakistan"; else the noun itself. Not a noun that names a person: "seven shooting
    victims", "the shooting suspect" name one who took part in the event, and what they do or
    undergo ("responders located seven shooting victims") is no part of it."""
    modified = noun.dep_ == "compound" and noun.pos_ == "NOUN" and noun.head.pos_ == "NOUN"
    return noun.head if modified and not person(noun.head) else noun


def clause(anchor: Token, keep: Token | None = None) -> list[Token]:
    """The anchor's own clause: its subtree without nested clauses (unless they hold `keep`)."""
    found = [anchor]
    # clauses that hold `keep` are its ancestors (asking `keep in t.subtree` walks a long chain of
    # clauses once per clause)
    holding_keep = {keep.i, *(a.i for a in keep.ancestors)} if keep is not None else set()
    stack = list(anchor.children)
    while stack:
        t = stack.pop()
        if t.dep_ in CLAUSAL and t.pos_ in ("VERB", "AUX") and t.i not in holding_keep:
            continue
        found.append(t)
        stack.extend(t.children)
    return sorted(found, key=lambda t: t.i)


@dataclass
class Mentions:
    """Entity mentions of one article, indexed by token, and the actors given to parties that
    name no known actor (`unnamed`)."""

    at: dict[int, EntityMention]
    unnamed: UnnamedParties = field(default_factory=UnnamedParties)

    @classmethod
    def index(cls, doc: Doc, entities: Iterable[EntityMention]) -> Mentions:
        at: dict[int, EntityMention] = {}
        for m in entities:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    at[t.i] = m
        return cls(at)

    def actor_at(self, token: Token) -> str | None:
        m = self.at.get(token.i)
        return m.actor_id if m else None

    def actors_in(self, tokens: Iterable[Token], exclude: Set[int] = frozenset()) -> list[str]:
        """Actor ids of the mentions among `tokens`, in order; a country that only qualifies a
        person ("Russian President Vladimir Putin", "Iran's supreme leader X") is left out, and so is
        the owner of a person a common noun names ("Amirra's 25-year old uncle", "Horn's wife": the
        uncle and the wife are the parties, `_owner_of_someone`)."""
        tokens = list(tokens)
        inside = {t.i for t in tokens}
        seen: dict[str, EntityMention] = {}
        for t in tokens:
            m = self.at.get(t.i)
            if m is None or m.actor_id is None or t.i in exclude or self._owner_of_someone(t, inside):
                continue
            seen.setdefault(m.actor_id, m)
        people = [m for m in seen.values() if m.label in PERSON_LABELS]
        if people:
            return [a for a, m in seen.items() if m.label in PERSON_LABELS or not _qualifies(m, people)]
        return list(seen)

    def _owner_of_someone(self, token: Token, inside: Set[int]) -> bool:
        """Whether a person's name owns a person that a common noun of the same phrase names and no
        actor stands for ("Amirra's uncle", "Joseph Horn's wife"); not "Obama's administration", nor a
        state's or a body's people ("Britain's ambassador", "the UNICEF's official"), whom PLOVER
        codes as the state or the body."""
        mention = self.at.get(token.i)
        # a person's name; the tagger takes a lone given name or surname for an organisation at
        # times ("Amirra's", "Bettancourt's"), but not an acronym ("the UNICEF's official")
        if mention is None or not (mention.label in PERSON_LABELS or mention.label == "ORG"
                                   and mention.text.istitle() and len(mention.text.split()) == 1
                                   and (mention.actor_id or "").startswith("tid:")):
            return False
        node = token
        while node.dep_ in ("compound", "flat") and node.head.i != node.i:
            node = node.head
        owned = node.head
        return (node.dep_ == "poss" and owned.i in inside and owned.pos_ == "NOUN" and self.actor_at(owned) is None
                and person(owned))


def _qualifies(m: EntityMention, people: list[EntityMention]) -> bool:
    """A mention just before a person's name works as a title, not as a party ("Kremlin aide X")."""
    return any(0 <= p.start - m.end <= 40 for p in people)


def _phrase(token: Token, stop: set[int]) -> list[Token]:
    """A participant phrase: the token's subtree without nested clauses and without `stop` tokens."""
    return [t for t in clause(token) if t.i not in stop]


def locations(anchor: Token, trigger: Token, tokens: list[Token], preps: Set[str] = LOCATIVE_PREPS,
              via: Iterable[Token] = ()) -> list[Span]:
    """Named places reached from the trigger or its anchor (or the `via` tokens) through
    prepositions only, nearest first."""
    inside = {t.i for t in tokens}
    found: list[Span] = []
    for t in tokens:
        if t.dep_ != "pobj" or t.ent_type_ not in LOCATION_LABELS or _governing_prep(t).lower_ not in preps:
            continue
        if _prep_hops(t, {anchor, trigger, *via}, inside) is not None:
            found.append(place_span(t))
    return sorted(found, key=lambda s: abs(s.start - trigger.i))


def _governing_prep(place: Token) -> Token:
    """The preposition that says how a place relates to what it modifies: its own, or for a part of
    a place that names no place itself the part's ("in parts of Alexandria", "on the streets of East
    Flatbush", "in the heart of Paris")."""
    prep = place.head
    part = prep.head
    if prep.lower_ == "of" and part.dep_ == "pobj" and not part.ent_type_ and part.pos_ == "NOUN":
        return part.head
    return prep


def _prep_hops(token: Token, targets: set[Token], inside: set[int]) -> int | None:
    """How many prepositions lead from `token` up to one of `targets`, or None when the path
    leaves prepositional phrases or the clause, or is longer than MAX_PLACE_HOPS."""
    node, hops = token, 0
    while node not in targets:
        if node.dep_ == "prep":
            hops += 1
        elif node.dep_ not in ("pobj", "npadvmod", "tmod", "compound"):
            return None
        node = node.head
        if node.i not in inside or hops > MAX_PLACE_HOPS:
            return None
    return hops


def place_span(token: Token) -> Span:
    """The place named at `token`, with a possessive country before it ("Kazakhstan's Astana")."""
    doc = token.doc
    ent = entity_at(token)
    poss = [c for c in token.children if c.dep_ == "poss" and c.ent_type_ in LOCATION_LABELS]
    start = min([ent.start] + [c.left_edge.i for c in poss])
    return doc[start:ent.end]


_TIME_ENTITIES = "tidings.time_entities"  # key of the cached list in Doc.user_data


def time_entities(doc: Doc) -> tuple[Span, ...]:
    """The DATE and TIME entities of the document that date something, found once per document
    rather than per mention."""
    found = doc.user_data.get(_TIME_ENTITIES)
    if found is None:
        found = doc.user_data[_TIME_ENTITIES] = tuple(e for e in _joined_times(doc)
                                                      if not _festivity(e) and not number_no_year(e))
    return found


def number_no_year(span: Span) -> bool:
    """A four-digit number tagged as a date that the words around it make no year: a street number
    ("Ahmad Antoine, 17, of 1915 Birch St."), a model year ("struck by a gray 2013 Toyota Camry")."""
    return len(span) == 1 and span.text.isdigit() and len(span.text) == 4 and numbers_a_thing(
        text_of(span.doc), span.start_char, span.end_char)


def _joined_times(doc: Doc) -> list[Span]:
    """DATE and TIME entities, those that touch joined into one expression: the model often tags
    "last Friday morning" as "last Friday" (DATE) and "morning" (TIME), and "morning" alone names
    no day."""
    joined: list[Span] = []
    for e in doc.ents:
        if e.label_ not in ("DATE", "TIME"):
            continue
        if joined and joined[-1].end == e.start and not e[0].is_sent_start:
            label = "TIME" if "TIME" in (joined[-1].label_, e.label_) else "DATE"
            joined[-1] = Span(doc, joined[-1].start, e.end, label=label)
        else:
            joined.append(e)
    return joined


def _festivity(span: Span) -> bool:
    """A holiday naming a kind of thing rather than a day: "an office Christmas party", "a Halloween
    party" (held on other days too); not "the Christmas Day attack" nor "the Mother's Day weekend"."""
    head = span.root.head
    return (span.root.dep_ in ("compound", "nmod", "amod") and head.i != span.root.i and head.i not in
            range(span.start, span.end) and head.lemma_.lower() in words().festivity_nouns and is_holiday(span.text))


def _modifies(span: Span, heads: set[Token], inside: set[int]) -> bool:
    """Whether a time expression modifies one of the heads itself, directly or through prepositions."""
    return _prep_hops(span.root, heads, inside) is not None


def dates(tokens: list[Token], anchor: Token, trigger: Token) -> list[Span]:
    """DATE and TIME spans of the clause: those modifying the trigger or its verb directly first
    ("host ... on Tuesday"), then the others ("Putin's first there since 2007"), nearest first."""
    inside = {t.i for t in tokens}
    if not tokens:
        return []
    spans = [e for e in time_entities(tokens[0].doc) if e.root.i in inside]
    return sorted(spans, key=lambda e: (not _modifies(e, {anchor, trigger}, inside), abs(e.root.i - trigger.i)))


def direct_dates(verb: Token) -> list[Span]:
    """The DATE and TIME spans of the verb's own clause that modify the verb itself."""
    tokens = clause(verb)
    inside = {t.i for t in tokens}
    return [e for e in dates(tokens, verb, verb) if _modifies(e, {verb}, inside)]


def place_modifiers(trigger: Token) -> list[Span]:
    """"the Paris attacks", "the US withdrawal": a place name compounded with an event noun; the
    caller keeps a city as the place and takes a country as the actor."""
    return [place_span(c) for c in trigger.children
            if c.dep_ in ("compound", "nmod", "poss") and c.ent_type_ in LOCATION_LABELS]


def demanded_by(verb: Token) -> Token | None:
    """The verb of speech that reports `verb` as what its subject must do, or None: "Russia says
    Israel must end attacks on Syria" is a demand by Russia of Israel (PLOVER's REQUEST). "must
    have known" is a guess, not a demand."""
    speaking = [verb.head] if verb.dep_ == "ccomp" else [c for c in verb.children if c.dep_ == "parataxis"]
    head = next((t for t in speaking if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in words().speech_verbs), None)
    if head is None:  # neither "X said Y must ..." nor "Y must ..., X said"
        return None
    aux = [c for c in verb.children if c.dep_ == "aux"]
    if not any(c.lower_ in words().obligation_aux for c in aux) or any(c.lemma_ == "have" for c in aux):
        return None
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subject is None or subject.lower_ in words().first_person:
        return None  # "I must announce that ...": the speaker's own duty, asked of no one
    return head


def demand_parties(speech_verb: Token, verb: Token, mentions: Mentions) -> tuple[list[str], list[str]]:
    """(who demands, of whom) for a reported demand: the subject of the verb of speech and the
    subject of what must be done; a subject that names no known actor is a party all the same."""
    parties = []
    for clause_verb in (speech_verb, verb):
        phrase, _ = subject_tokens(clause_verb)
        found = mentions.actors_in(phrase)
        head = phrase_head(phrase)
        if not found and head is not None and (party := mentions.unnamed.party(head)):
            found = [party]
        parties.append(found)
    source, target = parties
    return source, [a for a in target if a not in source]


def phrase_head(phrase: Sequence[Token]) -> Token | None:
    """The word of a phrase whose head lies outside it ("police" in "Fairbanks police"); None when empty."""
    return next((t for t in phrase if t.head not in phrase), None)


def _passive_complement(verb: Token) -> bool:
    """Whether a verb's complement clause is passive: "to be charged", or a bare past participle
    ("was found shot to death", "got arrested")."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(c.dep_ == "auxpass" for c in aux) or (verb.tag_ == "VBN" and not aux)


def subject_tokens(anchor: Token) -> tuple[list[Token], bool]:
    """The subject phrase of the anchor verb (borrowed from the governing clause when it has none),
    and whether it is a passive subject (then it is the target)."""
    for child in anchor.children:
        if child.dep_ in SUBJECTS:
            return _antecedent(anchor, child) or clause(child), False
        if child.dep_ in PASSIVE_SUBJECTS:
            return _antecedent(anchor, child) or clause(child), True
    head = anchor.head
    if head == anchor:
        return [], False
    if anchor.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX"):
        if anchor.tag_ == "VBG" and head.lemma_.lower() in words().examining_verbs:
            return [], False  # "police investigate shooting": the act examined is not theirs
        # "urged Turkey to halt": the object of the governing verb does the complement
        for child in head.children:
            if (child.dep_ in ("dobj", "obj") and child.i < anchor.i
                    and head.lemma_.lower() in words().object_control_verbs):
                return clause(child), _passive_complement(anchor)
        # "Iran is set to host", "X is expected to meet": a passive subject of the governing verb
        # is the active subject of its complement, and suffers a passive one ("LaSalle is expected
        # to be charged", "a person was found shot to death")
        tokens, _ = subject_tokens(head)
        return tokens, _passive_complement(anchor)
    if anchor.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        # "a woman was shot and killed": the shared subject suffers both; "the teen ran from officers
        # and was arrested": a passive conjunct's own auxiliary makes it suffer this one
        tokens, passive = subject_tokens(head)
        return tokens, passive or any(c.dep_ == "auxpass" for c in anchor.children)
    if (governing := _participle_governor(anchor)) is not None:
        # "opened fire at the party, killing Banky", "stormed the base after striking it with car bombs";
        # but "accused Gulen of plotting", "Gulen was accused of plotting": the accused plots; and one
        # "killed after slipping" slipped, while in "the building was bombed, killing 20" it did not kill
        charged = anchor.dep_ == "pcomp" and head.lower_ in CHARGE_PREPS
        obj = next((c for c in governing.children if c.dep_ in ("dobj", "obj")), None) if charged else None
        if obj is not None:
            return clause(obj), False
        timed = (anchor.dep_ == "pcomp" and head.lower_ in TIME_LINKS) or any(
            c.dep_ == "mark" and c.lower_ in TIME_LINKS for c in anchor.children)
        tokens, passive = subject_tokens(governing)
        return (tokens, False) if not passive or charged or timed else ([], False)
    if adjective := _predicate_adjective(anchor):
        # "Colombia is ready to contribute troops", "X and Y were guilty of violating the truce"
        tokens, _ = subject_tokens(adjective.head)
        return tokens, False
    if (doer := _purpose_of(anchor)) is not None:
        # "sent fighter jets to destroy Syria's reactor", "donated ventilators to assist Ethiopia":
        # who acts does what the act is for
        tokens, _ = subject_tokens(doer)
        return tokens, False
    if anchor.dep_ in ("acl", "advcl") and head.pos_ in ("NOUN", "PROPN"):
        # "a man carrying a gun" does it; "a girl killed in the shooting" (a past participle) suffers it
        return [t for t in clause(head) if t not in anchor.subtree], anchor.tag_ == "VBN"
    return [], False


def _infinitive(verb: Token) -> bool:
    """A "to" infinitive: "to assist", "to help"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _purpose_of(verb: Token) -> Token | None:
    """The verb whose subject does this infinitive of purpose, which has none of its own: "sent"
    in "Olmert sent fighter jets to destroy Syria's reactor"; "donated" in "donated a shipment of
    ventilators to assist Ethiopia", where the parser hangs the infinitive on the object."""
    if not _infinitive(verb):
        return None
    head = verb.head
    if verb.dep_ == "advcl" and head.pos_ in ("VERB", "AUX"):
        return head
    if verb.dep_ in ("acl", "relcl") and head.dep_ in ("dobj", "obj") and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return None


def _antecedent(verb: Token, subject: Token) -> list[Token]:
    """The phrase a relative pronoun subject stands for: "Riva" in "fired one round at Riva, who was
    struck in the upper chest", "the man" in "the man who shot him"; nothing for other subjects."""
    head = verb.head
    if subject.tag_ not in ("WP", "WDT") or verb.dep_ != "relcl" or head.pos_ not in ("NOUN", "PROPN"):
        return []
    return [t for t in clause(head) if t not in verb.subtree]


def _participle_governor(verb: Token) -> Token | None:
    """The verb whose subject also does this subjectless -ing participle: "opened" in "opened fire,
    killing two", and in "stormed the base after striking it"."""
    if verb.tag_ != "VBG" or any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS for c in verb.children):
        return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
    elif verb.dep_ != "advcl":
        return None
    return head if head.pos_ in ("VERB", "AUX") and head != verb else None


def _predicate_adjective(verb: Token) -> Token | None:
    """The adjective after a copula that the verb complements: "ready" in "is ready to send",
    "guilty" in "were guilty of violating"."""
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
    elif verb.dep_ != "xcomp":
        return None
    return head if head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.pos_ in ("VERB", "AUX") else None


def pronoun_subject(anchor: Token, quoted: bool = False, person: bool = True, passive: bool = False) -> bool:
    """Whether the anchor's subject (its `passive` subject, with that flag) is a bare pronoun that
    stands for the one reporting: "he", "they" or "we" in reported speech, "I" or "we" in a
    quotation ("Police say they were contacted by Mickey Collins": the police were). "he", "she" and
    "I" stand for a `person` only: in "Police say she found the gun and shot herself", "she" is not
    the police; a person may speak for the body that "it", "they" or "we" is ("Colonel Turki
    al-Malki said that they support the UN call"). A passive one only in the clause reported itself
    (`_reported_clause`)."""
    tokens, suffers = subject_tokens(anchor)
    pronouns = QUOTED_SPEAKER_PRONOUNS if quoted else SPEAKER_PRONOUNS
    if suffers != passive or len(tokens) != 1 or tokens[0].lower_ not in pronouns:
        return False
    if passive and not _reported_clause(anchor):
        return False
    return person or tokens[0].lower_ not in PERSON_PRONOUNS


def _reported_clause(verb: Token) -> bool:
    """Whether a verb heads what a verb of speech reports ("Police say they were contacted"), or
    the quotation itself, and not a clause inside it, whose pronoun may stand for something nearer
    ("State police say a bomb exploded at a bank after it was evacuated": the bank). A verb joined
    to one that does is one too ("'We have been asked ... and we've been forced to go downstairs'")."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT" or (verb.dep_ == "ccomp" and verb.head.lemma_.lower() in words().speech_verbs)


def participants(trigger: Token, anchor: Token, mentions: Mentions, place_tokens: set[int],
                 trigger_type: str, name_unnamed: bool = True) -> tuple[list[str], list[str]]:
    """(source actors, target actors) of a trigger; with `name_unnamed`, a source or target phrase
    that names no known actor gets one when nothing else fills the role."""
    source: list[str] = []
    target: list[str] = []
    unnamed = _Unnamed()
    stop = place_tokens | {trigger.i}
    subject, passive = subject_tokens(anchor)
    undergoes = anchor.lemma_.lower() in words().undergoing_verbs  # "faces one count of murder"
    # one who dies, or whom an adjective of harm describes ("found the boy dead"), undergoes it
    passive = passive or undergoes or anchor.lemma_.lower() in words().dying_verbs or _reduced_passive(anchor) \
        or anchor.pos_ == "ADJ"
    if passive and anchor.lemma_.lower() in words().deploying_verbs:
        passive = False  # "2,000 Russian soldiers were deployed": troops sent are their sender's side, no target
    found = mentions.actors_in(subject, stop) or _issuer(anchor, mentions, stop)
    (target if passive else source).extend(found)
    subject_head = phrase_head(subject)
    if subject_head is not None and not found and subject_head.i not in stop:
        (unnamed.target if passive else unnamed.source).append(subject_head)
    # what is conveyed ("sent troops") or undergone ("faces charges") is no party
    conveyed = ("dobj", "obj") if anchor.lemma_.lower() in words().conveying_verbs or undergoes else ()
    nominal = nominal_head(trigger)
    # the event's own phrase is no party to it, nor the object of an idiom ("the shooting took place")
    own = (trigger, nominal, counted_by(nominal), *_idiom_objects(anchor))
    receiving = anchor.lemma_.lower() in words().receiving_verbs
    raised = _raised_objects(anchor)
    for child in (*anchor.children, *raised):
        if child.dep_ in OBJECTS and child not in own and child.dep_ not in conveyed:
            if _event_type(child) == "REQUEST" and not receiving:
                # an answer to a request ("refused a request from the justice minister", "accepted
                # demands from the army chiefs") is aimed at the one who asked, first
                target += _noun_participants(child, mentions, stop, "REQUEST", _Unnamed(source=unnamed.target))[0]
            elif trigger_type in STANCE_TYPES:
                # "condemned the act of aggression and the threats made by the United States
                # Government": a stance on an act is taken on whoever did it too
                target += [a for x in (child, *child.conjuncts) if (kind := _event_type(x))
                           for a in _noun_participants(x, mentions, stop, kind, _Unnamed())[0]]
            target += _named(mentions, child, stop, unnamed.target)
        elif child.dep_ == "agent":
            source += [a for p in child.children for a in _named(mentions, p, stop, unnamed.source)]
        elif child.dep_ == "prep" and child.lower_ in PARTICIPANT_PREPS:
            target += [a for p in child.children if p.dep_ == "pobj" for a in _named(mentions, p, stop, unnamed.target)]
        elif child.dep_ == "prep" and child.lower_ in ("at", "on") and trigger_type in VIOLENT_TYPES:
            # "fired several shots at Gomez", "opened fire on protesters", "imposed sanctions on Iran";
            # but "at a home", "on the street" is where, so names only
            target += [a for p in child.children if p.dep_ == "pobj" for q in (p, *p.conjuncts)
                       if q.i not in stop and (a := mentions.actor_at(q)) is not None]
        elif child.dep_ == "prep" and child.lower_ == "for" and anchor.lemma_.lower() in words().seeking_verbs:
            # "police searched for the suspects", "are looking for the two men seen driving the getaway
            # car": whom a search is for, not what ("searching for a motive", "for the weapon")
            target += [a for p in child.children if p.dep_ == "pobj" and (p.ent_type_ == "PERSON" or person(p))
                       for a in _named(mentions, p, stop, unnamed.target)]
        elif child.dep_ == "prep" and child.lower_ == "for":
            # "called for sanctions against Myanmar", "mobilized troops for a battle against Iraq"
            target += [a for p in child.children if p.dep_ == "pobj" for q in p.children
                       if q.dep_ == "prep" and q.lower_ in AIMED_AT_PREPS
                       for o in q.children if o.dep_ == "pobj" for a in _named(mentions, o, stop, unnamed.target)]
    if receiving and trigger_type in GIVEN_TYPES and not passive:
        givers = _from_phrase(anchor, mentions, stop)
        if givers:  # "received aid from Japan": Japan gives, the subject receives
            source, target = givers, [a for a in source + target if a not in givers]
    elif trigger_type == "REQUEST" and trigger == anchor and not passive:
        # "demanded an apology from the prime minister": the one asked
        target += _from_phrase(anchor, mentions, stop, unnamed.target)
    if trigger != anchor or trigger.pos_ in ("NOUN", "PROPN"):
        source_, target_ = _noun_participants(nominal, mentions, stop, trigger_type, unnamed)
        source += source_
        target += target_
    if not target and trigger == anchor and trigger.pos_ in ("VERB", "AUX"):
        target = [a for a in _complement_target(trigger, mentions, place_tokens, trigger_type, unnamed)
                  if a not in source]
    if not passive and all(a in source for a in target):  # none, or only the doers themselves
        source, target = _first_named_leads(source, subject, mentions, stop)
    if not target and trigger_type in HELPING_TYPES:
        target = [a for a in _purpose_target(trigger, anchor, mentions, place_tokens, trigger_type) if a not in source]
    if not target and trigger_type in CONDITIONED_TYPES:
        target = [a for a in _conditioned_on(anchor, mentions, stop, unnamed) if a not in source]
    if not target and trigger_type not in MEETING_TYPES:
        target = [a for a in _aimed_at_places(trigger, anchor, mentions, unnamed) if a not in source]
    if passive and not source and target and trigger_type in CUSTODY_TYPES:
        # "was arrested in Rwanda", "have been expelled from North Korea": the state holds or lets go
        source = [a for a in _custody_state(anchor, trigger, mentions) if a not in target]
    # a slot that names no known actor is a party all the same, when nothing else is (`unnamed`)
    if not source and name_unnamed:
        source = _first_party(mentions, unnamed.source, trigger_type)
    if not target and name_unnamed:
        target = _first_party(mentions, unnamed.target, trigger_type, stance_on=trigger_type in STANCE_TYPES)
    source = list(dict.fromkeys(source))
    target = [a for a in dict.fromkeys(target) if a not in source]
    if not passive and _harms_self(anchor, trigger_type, raised):
        target += source  # "accidentally shot himself": the doer is the one it was done to
    return source, target


def _raised_objects(verb: Token) -> list[Token]:
    """The object a verb with none of its own shares with the verb coordinated right after it:
    "shot and killed a man", "arrested and charged him", "shot and fatally wounded his wife" (the
    object of both). Not when that verb has a subject of its own, nor across other words ("walked
    in and shot him": "walked" acts on no one)."""
    if verb.pos_ != "VERB" or any(c.dep_ in OBJECTS or c.dep_ == "auxpass" for c in verb.children):
        return []
    after = next((c for c in verb.children if c.dep_ == "conj" and c.i > verb.i), None)
    if after is None or after.pos_ != "VERB" or any(c.dep_ in SUBJECTS or c.dep_ in PASSIVE_SUBJECTS
                                                    for c in after.children):
        return []
    between = verb.doc[verb.i + 1:after.i]
    if not any(t.dep_ == "cc" for t in between) or any(t.dep_ not in ("cc", "advmod") for t in between):
        return []
    return [c for c in after.children if c.dep_ in ("dobj", "obj")]


def _harms_self(verb: Token, trigger_type: str, raised: list[Token]) -> bool:
    """Whether an act of force or harm is done to its doer: a reflexive object, alone or among others
    ("shot himself", "killed his son and himself")."""
    if trigger_type != "ASSAULT" and verb.lemma_.lower() not in words().patient_verbs:
        return False
    objects = [c for c in (*verb.children, *raised) if c.dep_ in ("dobj", "obj")]
    return any(x.lower_ in words().reflexive_pronouns for o in objects for x in (o, *o.conjuncts))


#: Kinds of OTHER event that befall someone: the one who died, was hurt or was in the accident.
BEFALLING_SUBTYPES = frozenset({"death", "injury", "accident"})


def befallen(word: Token, mentions: Mentions, stop: set[int]) -> list[str]:
    """Who a death, injury or accident word that names no one befalls: the subject of the clause it
    describes (`_sufferers`), its head's actor; or, for a common noun at its head, that noun's own
    party ("Dolan's wife was found dead": the wife, not Dolan)."""
    subject = _sufferers(word)
    head = phrase_head(subject)
    if head is None:
        return []
    if (head.pos_ == "NOUN" and not head.ent_type_) or age_words(head):
        # "Their father, 48-year-old Joseph Horn, died": the name in apposition, else the noun's party
        named = [a for c in head.children if c.dep_ == "appos" for a in mentions.actors_in(list(c.subtree), stop)]
        return named or _first_party(mentions, [head], "OTHER")
    found = mentions.actors_in([t for t in subject if t.i <= head.i], stop)  # not an apposition after it
    return found or (_first_party(mentions, [head], "OTHER") if head.pos_ == "PROPN" else [])


#: Prepositions that tie a wound to the one who bears it: "died from a gunshot wound", "died of
#: gunshot wounds", "was found with a gunshot wound to the chest", "found Peek with a gunshot wound".
BEARING_PREPS = frozenset({"from", "of", "with"})


def _bearer(prep: Token) -> list[Token]:
    """Who bears the wound a preposition of `BEARING_PREPS` ties to its head: the subject of a verb
    of dying or of a passive verb ("Joseph Horn died from ...", "was found dead from ...", "Shirley
    Robinson was found with ..."), the object of an active verb with "with" ("found Peek with ..."),
    or a person "with" it. Not "the scene of an accident", nor "with two deaths ..., Gaskin said", nor
    one charged "with" it."""
    head = prep.head
    if prep.lower_ == "with" and head.pos_ in ("NOUN", "PROPN"):
        return [head] if head.ent_type_ == "PERSON" or person(head) else []
    if head.pos_ not in ("VERB", "AUX") or head.lemma_.lower() in words().custody_verbs:
        return []  # "was booked ... with negligent injury" names a charge
    subject, passive = subject_tokens(head)
    if passive or (prep.lower_ != "with" and head.lemma_.lower() in words().dying_verbs):
        return subject
    obj = next((c for c in head.children if c.dep_ in ("dobj", "obj")), None)
    return list(obj.subtree) if obj is not None and prep.lower_ == "with" else []


def _sufferers(word: Token) -> list[Token]:
    """The subject phrase a death or injury word describes: of a passive or copular verb of stating
    it completes ("Rodriguez was pronounced dead", "the man is dead"), or of a passive verb of harm
    it tells the circumstances of ("Maria Dulce-Valencia was killed in a hit-and-run accident"); of
    a verb that bears it ("had two gunshot wounds"); of the word itself ("found the boy dead"); the
    noun it describes ("left a boy dead"); or the object of the verb it completes ("left two people
    injured"). Never the active subject of anything else ("the shooting left two dead": the
    shooting) nor one charged in a death."""
    head = word.head
    if word.dep_ in ("acomp", "oprd", "attr") and head.lemma_.lower() in words().stating_verbs:
        subject, passive = subject_tokens(head)
        return subject if passive or head.lemma_.lower() == "be" else []
    harm = head.head
    if word.dep_ == "pobj" and head.dep_ == "prep" and harm.pos_ == "VERB" \
            and harm.lemma_.lower() in words().patient_verbs:
        subject, passive = subject_tokens(harm)
        return subject if passive else []
    if word.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in BEARING_PREPS and word.pos_ == "NOUN":
        return _bearer(head)
    if word.dep_ in ("dobj", "obj") and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in words().bearing_verbs:
        subject, passive = subject_tokens(head)  # "his stepdaughter had two gunshot wounds": she bears them
        return [] if passive else subject
    own = next((c for c in word.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if own is not None and word.pos_ != "VERB":  # "found the boy dead": the boy is dead
        return list(own.subtree)
    if word.dep_ == "amod" and head.pos_ == "NOUN":  # "left a 12-year-old boy dead", "the dead man"
        return [head]
    if word.dep_ in ("oprd", "xcomp", "ccomp", "advcl", "acomp") and head.pos_ == "VERB":
        left = next((c for c in head.children if c.dep_ in ("dobj", "obj")), None)
        if left is not None:  # "the shooting left two people injured": the people
            return list(left.subtree)
    return []


def described_party(noun: Token, mentions: Mentions) -> list[str]:
    """Who a noun that a participle describes stands for: the person named in apposition to it ("the
    recently-fired man, Eric Allen Kirkpatrick"), else the noun's own party ("a fired accountant")."""
    named = mentions.actors_in(t for c in noun.children if c.dep_ == "appos" for t in c.subtree)
    return named or mentions.actors_in([noun]) or _first_party(mentions, [noun], "OTHER")


def _first_party(mentions: Mentions, heads: list[Token], trigger_type: str, stance_on: bool = False) -> list[str]:
    """The actor of the first unnamed phrase of a slot that can be a party (`can_be_party`): of a
    violent act, not what it was done with or ended in. With `stance_on`, the first phrase, party
    or not: what a stance is taken on."""
    violent = trigger_type in VIOLENT_TYPES
    heads = [_counted(t) for t in heads if not _charged_offence(t)]
    if not stance_on:
        heads = [t for t in heads if can_be_party(t, violent) and not (violent and _means_or_outcome(t))]
    return [a for a in map(mentions.unnamed.party, heads[:1]) if a]


def _charged_offence(head: Token) -> bool:
    """The offence of a charge ("charged with first-degree murder", "charges of aggravated
    assault"): what someone is accused of, no party to the accusation."""
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ in CHARGE_PREPS and _event_type(head) is not None \
        and prep.head.lemma_.lower() in words().custody_verbs


def _counted(head: Token) -> Token:
    """The noun a number counts, for a count that heads its phrase ("Hundreds of political
    prisoners", "dozens of demonstrators"); else the head itself."""
    if head.ent_type_ not in ("CARDINAL", "QUANTITY") and head.pos_ != "NUM":
        return head
    return next((o for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                 for o in p.children if o.dep_ == "pobj"), head)


#: Stances on something: what is rejected, condemned or protested ("condemned the killings") is the
#: target as PLOVER codes it, whether or not it names a party.
STANCE_TYPES = frozenset({"REJECT", "ACCUSE", "PROTEST"})


def _reduced_passive(verb: Token) -> bool:
    """A verb that news uses only of what is done to someone, with a subject and no object, no
    "at", no particle and no auxiliary, in it or a conjunct: a headline or a clause that drops "was"
    ("Man shot in Southeast DC", "Queens Woman Killed In Hit-And-Run", "Chargers' Jackson arrested on
    suspicion of DUI"), so the subject suffers it. "The man shot and killed his wife" has an object;
    "the officer fired" is no such verb. A conjunct with no subject of its own is such a verb when
    the first one is ("15-year-old girl shot and killed in Apopka")."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in words().patient_verbs:
        return False
    group = [verb, *verb.conjuncts]
    for v in group:
        for c in v.children:
            if (c.dep_ in OBJECTS or c.dep_ in ("prt", "aux", "auxpass", "ccomp", "xcomp")
                    or (c.dep_ == "prep" and c.lower_ in AIMED_AT_PREPS - {"on"}) or _aimed_at(c)):
                return False
    return any(c.dep_ in SUBJECTS for c in verb.children) or (verb.dep_ == "conj" and _reduced_passive(verb.head))


def _idiom_objects(verb: Token) -> list[Token]:
    """The objects that make an idiom with the verb (`words.yaml` idiom_objects): "place" in "the
    shooting took place", "part" in "took part in the talks"."""
    return [c for c in verb.children if c.dep_ in OBJECTS
            and f"{verb.lemma_.lower()} {c.lemma_.lower()}" in words().idiom_objects]


def _aimed_at(prep: Token) -> bool:
    """ "at" or "on" someone ("shot at officers", "fired at the crowd", "opened fire on protesters"), not
    somewhere, at some time or on some ground ("shot at a party", "on Sunday", "on suspicion of DUI")."""
    return prep.dep_ == "prep" and prep.lower_ in ("at", "on") and any(
        o.dep_ == "pobj" and (o.ent_type_ in ("PERSON", "NORP", "ORG") or o.tag_ in ("NNS", "NNPS"))
        for o in prep.children)


#: Events done to someone by force: what they are done with or end in is no target.
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN"})


def _means_or_outcome(head: Token) -> bool:
    """A common noun that says how a violent act was done or how it ended ("shot to death", "opened
    fire", "fired shots", "put in handcuffs"), or that is itself an event word: no party to it."""
    if head.ent_type_:
        return False
    entry = lexicon.lookup(head)
    return head.lemma_.lower() in words().means_and_outcomes or (entry is not None and entry.trigger)


def _issuer(verb: Token, mentions: Mentions, stop: set[int]) -> list[str]:
    """Who issued the statement or act whose content a participle gives, when the noun names no
    one: "Amnesty International put out a report accusing the army", "Zelenskiy signed a decree
    granting citizenship"."""
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or verb.head.pos_ != "NOUN":
        return []
    issuing = governing_verb(verb.head)
    if issuing is None or verb.head.dep_ not in OBJECTS:
        return []
    tokens, passive = subject_tokens(issuing)
    return [] if passive else mentions.actors_in(tokens, stop)


@dataclass
class _Unnamed:
    """Heads of the source and target phrases of one trigger that name no known actor, in order."""

    source: list[Token] = field(default_factory=list)
    target: list[Token] = field(default_factory=list)


def _named(mentions: Mentions, head: Token, stop: set[int], unnamed: list[Token]) -> list[str]:
    """Actors of the phrase headed by `head`; when it names none, its head goes to `unnamed`."""
    found = mentions.actors_in(_phrase(head, stop), stop)
    if not found and head.i not in stop:
        unnamed.append(head)
    return found


def _event_clause(anchor: Token, trigger: Token) -> list[Token]:
    """The words of the anchor's clause (with the trigger's) and of the trigger's own, in order."""
    return sorted(set(clause(anchor, keep=trigger)) | set(clause(trigger)), key=lambda t: t.i)


def _aimed_at_places(trigger: Token, anchor: Token, mentions: Mentions, unnamed: _Unnamed) -> list[str]:
    """Named places that an event with no other target is aimed at ("sent troops to Kuwait",
    "withdrew its troops from Syria"), or that it happens in ("killed 48 people in Afghanistan"); a
    place that names no known actor ("took over Kirkuk") goes to `unnamed`."""
    tokens = _event_clause(anchor, trigger)
    # "sent a team of experts to Iran", "declared a state of siege in Pando"
    objects = [c for c in anchor.children if c.dep_ in ("dobj", "obj")]
    places = sorted(locations(anchor, trigger, tokens, AIMED_PREPS | SCENE_PREPS, via=objects), key=lambda p: p.start)
    places = [p for p in places if not _no_party_place(p)]
    unnamed.target += [p.root for p in places if not mentions.actors_in(p)]
    return mentions.actors_in([t for span in places for t in span])


def _no_party_place(place: Span) -> bool:
    """A place that is never a party to an event: a street or a body of water (`way_or_water`), a
    building or other facility an event happens at or in ("a shooting at the Elks Lodge"). A
    country or town is, as PLOVER codes it ("killed 48 people in Afghanistan")."""
    return place.root.ent_type_ == "FAC" or way_or_water(place.root)


#: Help or talks for a purpose: whom the purpose serves or concerns is whom they are for ("launched a
#: mediation effort to resolve the rift between Qatar and other Gulf states").
HELPING_TYPES = frozenset({"AID", "SUPPORT", "COOPERATE", "CONSULT"})


def _purpose_target(trigger: Token, anchor: Token, mentions: Mentions, place_tokens: set[int],
                    trigger_type: str) -> list[str]:
    """The party an infinitive of purpose acts on, on the anchor, the trigger or the anchor's
    object: "sent troops to help the Philippines army", "humanitarian assistance of 60 million
    euros to help people in Somalia", "reiterated its commitment to support the Nigeria Police"."""
    heads = {anchor, trigger, *(c for c in anchor.children if c.dep_ in ("dobj", "obj"))}
    for head in sorted(heads, key=lambda t: t.i):
        for verb in head.children:
            if verb.dep_ in ("advcl", "acl", "relcl", "xcomp") and verb.pos_ == "VERB" and verb is not trigger \
                    and _infinitive(verb):
                found = participants(verb, verb, mentions, place_tokens, trigger_type, name_unnamed=False)[1]
                if found:
                    return found
    return []


#: Stances kept until someone else acts: "will not end the strike until the authorities fulfill its
#: demands" presses the authorities.
CONDITIONED_TYPES = frozenset({"REJECT", "PROTEST", "THREATEN"})


def _conditioned_on(anchor: Token, mentions: Mentions, stop: set[int], unnamed: _Unnamed) -> list[str]:
    """The party an "until" or "unless" clause of the anchor waits on: its doer ("until the
    authorities fulfill its demands", "until their demands have been met by the palestinian
    authorities"), named or not (`unnamed`)."""
    for clause_verb in anchor.children:
        if clause_verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in ("until", "unless")
                                                 for c in clause_verb.children):
            continue
        agents = [p for c in clause_verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        doers = agents or [c for c in clause_verb.children if c.dep_ in SUBJECTS]
        if doers:
            return _named(mentions, doers[0], stop, unnamed.target)
    return []


#: What a state does to people it holds: arrest, detain, expel, release or free them.
CUSTODY_TYPES = frozenset({"COERCE", "SANCTION", "RETREAT", "CONCEDE"})


def _custody_state(anchor: Token, trigger: Token, mentions: Mentions) -> list[str]:
    """The country a passive act of custody with no agent happens in or leaves ("was arrested in
    Rwanda", "were released from captivity in Libya"): its state did it, as PLOVER codes it."""
    places = locations(anchor, trigger, _event_clause(anchor, trigger), SCENE_PREPS | {"from"})
    return mentions.actors_in([t for p in places if (r := resolve_place(p.text)) and r.kind == "country" for t in p])


def _first_named_leads(source: list[str], phrase: list[Token], mentions: Mentions,
                       stop: set[int]) -> tuple[list[str], list[str]]:
    """A joint event with no other party ("Jordan and Britain agreed to hold exercises", "India
    and Pakistan agreed to a cease-fire"): the first party named is the source and the others
    its targets, as PLOVER codes dyads."""
    split = conjuncts(phrase)
    if split is None:
        return source, []
    first, rest = split
    lead = mentions.actors_in(first, stop)
    others = [a for a in mentions.actors_in(rest, stop) if a not in lead]
    if not lead or not others:
        return source, []
    return [a for a in source if a not in others], others


def conjuncts(phrase: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """The phrase's first coordination split into its first conjunct and the others ("Russia" and
    "Iran and Turkey" in "Russia, Iran and Turkey"; "British" and "EU" in "British and EU
    negotiators"), or None when nothing in it is coordinated."""
    inside = {t.i for t in phrase}
    head = next((t for t in phrase if any(c.dep_ == "conj" and c.i in inside for c in t.children)), None)
    if head is None:
        return None
    rest = [t for c in head.children if c.dep_ == "conj" and c.i in inside for t in c.subtree if t.i in inside]
    later = {t.i for t in rest}
    first = [t for t in head.subtree if t.i in inside and t.i not in later and t.dep_ not in ("cc", "punct")]
    return first, rest


def _complement_target(verb: Token, mentions: Mentions, place_tokens: set[int], trigger_type: str,
                       unnamed: _Unnamed) -> list[str]:
    """"agreed to send troops to Mali", "threatened to strike Iran": the party that the promise or
    threat is about is the one its complement acts on; "demanded that the minister resign": the one
    asked is the complement's subject, and "found Barbarin guilty" the one found so (a subject that
    names no known actor goes to `unnamed`)."""
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            found = participants(child, child, mentions, place_tokens, trigger_type)[1]
            if all(is_generic_actor(a) for a in found):
                # "agreed to set up two field hospitals in Louisiana": what is set up is no party,
                # where it is set up is
                found = _aimed_at_places(child, child, mentions, _Unnamed()) or found
            return found
        if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX", "ADJ"):  # "found Barbarin guilty"
            subject, passive = subject_tokens(child)
            if subject and not passive:
                found = mentions.actors_in(subject, place_tokens)
                if not found and (head := phrase_head(subject)) is not None:
                    unnamed.target.append(head)
                return found
    return []


def _noun_participants(noun: Token, mentions: Mentions, stop: set[int], trigger_type: str,
                       unnamed: _Unnamed) -> tuple[list[str], list[str]]:
    """Parties named inside an eventive noun phrase: "Putin's visit", "talks with Rouhani",
    "aid for Syria", "the bombing of a Russian jet"."""
    source: list[str] = []
    target: list[str] = []
    # "the bombing of a Russian jet", "the arrest of the suspect", "the release of two Kuwaiti nationals"
    patient_of = trigger_type in ("ASSAULT", "COERCE", "SANCTION", "ACCUSE", "THREATEN", "PROTEST", "OTHER") \
        or _frees(noun)
    beneficiaries: list[str] = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "nmod", "amod") and child.i not in stop:
            # "Putin's visit" is his; "the tanker's release" lets the tanker go
            (target if child.dep_ == "poss" and _frees(noun) else source).extend(
                mentions.actors_in(_phrase(child, stop), stop))
        elif child.dep_ == "prep":
            objects = [a for p in child.children if p.dep_ == "pobj"
                       for a in mentions.actors_in(_phrase(p, stop), stop)]
            heads = [p for p in child.children if p.dep_ == "pobj" and p.i not in stop] if not objects else []
            if child.lower_ == "of":
                (target if patient_of else source).extend(objects)
                (unnamed.target if patient_of else unnamed.source).extend(heads)
            elif child.lower_ == "by" or (child.lower_ == "from" and trigger_type in FROM_SOURCE_TYPES):
                # "the bombing by rebels"; "a request from the minister", "support from the U.S. military"
                source += objects
                unnamed.source += heads
            elif child.lower_ == "for":
                beneficiary, counterparts = _beneficiary(child, mentions, stop)
                beneficiaries += beneficiary
                target += counterparts
            elif child.lower_ in PARTICIPANT_PREPS or (child.lower_ == "on" and trigger_type in ON_TARGET_TYPES) \
                    or child.lower_ == "into":  # "an investigation into Siemens"
                target += objects
                unnamed.target += heads
        elif child.dep_ in ("relcl", "acl") and child.pos_ in ("VERB", "AUX"):
            for grandchild in child.children:
                if grandchild.dep_ in SUBJECTS:
                    source += mentions.actors_in(_phrase(grandchild, stop), stop)
                elif grandchild.dep_ == "agent" and child.tag_ == "VBN":  # "threats made by the government"
                    source += [a for p in grandchild.children if p.dep_ == "pobj"
                               for a in mentions.actors_in(_phrase(p, stop), stop)]
    # "aid for Syria", "a travel warning for Sri Lanka": the one an event is for is its target, unless the
    # event already has a counterpart: "meetings for our president with Khamenei" are the president's
    (source if target else target).extend(beneficiaries)
    if (speaker := _said_in(noun)) is not None and not source:
        # "Fanning said in a statement", "the sheriff's office said in a news release": the speaker's
        phrase, _ = subject_tokens(speaker)
        if (head := phrase_head(phrase)) is not None:
            source += _named(mentions, head, stop, unnamed.source)
    receiver = governing_verb(noun)
    if receiver is not None and noun.dep_ in ("dobj", "obj") and receiver.lemma_.lower() in words().receiving_verbs:
        # "Iran faces criticism from the U.N.", "India's navy drew criticism"
        target += mentions.actors_in(subject_tokens(receiver)[0], stop)
        source += _from_phrase(receiver, mentions, stop)
    return source, target


def _said_in(noun: Token) -> Token | None:
    """The verb of speech whose words the noun is the occasion of: "said" in "said in a statement",
    "said at a news conference", "said during the second press conference"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("in", "at", "during") or prep.dep_ != "prep":
        return None
    verb = prep.head
    return verb if verb.pos_ == "VERB" and verb.lemma_.lower() in words().speech_verbs else None


def _beneficiary(prep: Token, mentions: Mentions, stop: set[int]) -> tuple[list[str], list[str]]:
    """The actors a "for" phrase names, and apart from them those of a "with" phrase that the parser
    hung on them ("a summit for Abe with Kim" is Abe's summit with Kim)."""
    objects = [p for p in prep.children if p.dep_ == "pobj"]
    inner = [t for p in objects for c in p.children if c.dep_ == "prep" and c.lower_ in PARTICIPANT_PREPS
             for t in c.subtree]
    counterparts = mentions.actors_in(inner, stop)
    named = [a for p in objects for a in mentions.actors_in(_phrase(p, stop), stop) if a not in counterparts]
    return named, counterparts


def _from_phrase(verb: Token, mentions: Mentions, stop: set[int], unnamed: list[Token] | None = None) -> list[str]:
    """Actors of the verb's "from" phrases, and of those of its object ("an invitation from Putin");
    with `unnamed`, the heads of those that name no known actor go there."""
    heads = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "obj"))]
    objects = [o for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "from"
               for o in p.children if o.dep_ == "pobj"]
    if unnamed is None:
        return [a for o in objects for a in mentions.actors_in(_phrase(o, stop), stop)]
    return [a for o in objects for a in _named(mentions, o, stop, unnamed)]


def _event_entry(noun: Token) -> lexicon.LexiconEntry | None:
    """The lexicon's entry for a common noun that reports an event, or None."""
    entry = lexicon.lookup(noun) if noun.pos_ == "NOUN" else None
    return entry if entry is not None and entry.trigger else None


def _frees(noun: Token) -> bool:
    """A noun of letting someone go ("release"), whose "of" phrase names who is let go."""
    entry = _event_entry(noun)
    return entry is not None and "release" in entry.modes.values()


def _event_type(noun: Token) -> str | None:
    """The PLOVER type an event noun reports ("threats": THREATEN), or None for a noun of no event."""
    entry = _event_entry(noun)
    return entry.top_type if entry is not None else None



