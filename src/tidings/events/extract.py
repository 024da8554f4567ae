"""Event mentions of one parsed article: trigger, type, participants, date, place, status, speaker.

In the seed article of Friday 20 Nov 2015, "Russian President Vladimir Putin will meet Iran's
supreme leader Ayatollah Sayed Ali Khamenei during a visit to Tehran on Monday, the Kremlin said"
gives a CONSULT by Putin with Khamenei, planned ("will"), on 2015-11-23 ("Monday" read forward
because the clause is planned), in Tehran, said by the Kremlin. Each mention's `start`/`end` are
its trigger's offsets in `Article.text`; `sentence` is the evidence.

Which words are triggers comes from the lexicon built from PETRARCH's CAMEO dictionary, their
types from the typer learned on PLV news sentences (`typer`), and how surely each occurrence is a
real event from the detector learned on ECB+ (`detect`: the mention's `confidence`); a word the
lexicon does not type but the detector is sure of is an OTHER event named by its lemma. All three
are asked once per document (`find_triggers`); the rest is rules on the parse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from tidings import nlp, speech
from tidings.events import arguments, dating, detect, lexicon, status, unnamed
from tidings.events.arguments import Mentions
from tidings.events.typer import LearnedTyper, Typer
from tidings.events.unnamed import can_be_party
from tidings.model import Actor, Article, DateInterval, EntityMention, EventMention, Status
from tidings.places import ArticlePlaces, person_surnames, resolve_place
from tidings.time import Tense, normalise, resolve, year_in
from tidings.words import words

#: Below this typer confidence a candidate word is not coded as an event: a wrong type costs more
#: than a missed mention, and the word usually has a surer trigger beside it.
MIN_CONFIDENCE = 0.2
#: An event noun with no party, date or place attached is kept only when the detector is this sure
#: of it ("a suspected murder-suicide") or it names the cause of another ("a gunshot wound"); else
#: it is a topic ("issues including cooperation").
SURE_NOUN = 0.95


#: A word the lexicon does not type is an OTHER event only when the detector is this sure of it,
#: and never a verb of speech (what is said is carried by the mentions it attributes). Off (above
#: 1) since measured end to end: at 0.7 such words ("get", "driving", "job", "game") doubled the
#: mentions on ECB+ dev and lowered every linking figure (make eval, Dec 2026: ECB+ CoNLL 22.8 off,
#: 21.4 at 0.7; GVC 30.5 off, 25.7 at 0.9, 24.2 at 0.7; dev mention precision 57 off, 44 at 0.7),
#: for 2 more dev events found. The detector's confidence still grades every typed mention.
UNTYPED_EVENT_CONFIDENCE = 1.01
#: OTHER subtypes that rules of this stage give, beside the lexicon's: each is a kind of event of its
#: own, which linking keeps apart from other kinds (a coach's dismissal is no shooting). "incident"
#: is none: the word stands for whatever happened.
RULE_SUBTYPES = frozenset({"dismissal", "hosting"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """An event word of the document: its type, mode and subtype, and how surely it is an event."""

    type: str
    mode: str | None
    confidence: float
    subtype: str | None = None
    #: For a reported demand ("Russia says Israel must end attacks"), the verb of speech reporting it.
    demand_by: int | None = None


#: The document's event words, by token index.
Triggers = dict[int, Trigger]


def find_triggers(doc: Doc, typer: Typer) -> Triggers:
    """Every event word of a parsed document: the candidates typed and scored once, together."""
    tokens = [t for t in doc if detect.is_candidate(t) and not _not_an_occurrence(t)]
    typings = typer.type_candidates(doc, tokens)
    detected = detect.confidences(doc, tokens, typings)
    found: Triggers = {}
    for k, (token, typing) in enumerate(zip(tokens, typings, strict=True)):
        confidence = detected[k] if detected is not None else 1.0
        if typing is not None and typing.confidence >= MIN_CONFIDENCE:
            found[token.i] = Trigger(typing.type, typing.mode, round(confidence, 4), typing.subtype)
        elif (typing is None and detected is not None and confidence >= UNTYPED_EVENT_CONFIDENCE
              and token.lemma_.lower() not in words().speech_verbs):
            found[token.i] = Trigger("OTHER", None, round(confidence, 4), token.lemma_.lower())
    confidence_of = dict(zip((t.i for t in tokens), detected or (), strict=False))
    for token in tokens:  # "Russia says Israel must end attacks": a demand, as sure as its saying
        speech_verb = arguments.demanded_by(token)
        if speech_verb is not None:
            found[token.i] = Trigger("REQUEST", None, round(confidence_of.get(speech_verb.i, 1.0), 4),
                                     demand_by=speech_verb.i)
    for i in [i for i, t in found.items() if t.type == "OTHER" and t.subtype == doc[i].lemma_.lower()]:
        if _governs_typed_event(doc[i], found):
            del found[i]
    accidental = False  # a shooting the article calls accidental
    for i, trigger in list(found.items()):
        lemma = doc[i].lemma_.lower()
        if lemma in words().dying_verbs:
            found[i] = _death(doc[i], trigger)
        elif lemma in words().pleading_words:
            plea = _plea(doc[i], trigger, found)
            if plea is None:
                del found[i]
            else:
                found[i] = plea
        elif lemma in words().dismissal_verbs and _dismisses(doc[i]):
            found[i] = Trigger("OTHER", None, trigger.confidence, "dismissal")
        elif lemma in words().hunting_verbs and not _hunts_someone(doc[i]):
            del found[i]
        elif lemma in words().hosting_verbs and trigger.type == "CONSULT" and not _receives_guests(doc[i]):
            found[i] = Trigger("OTHER", None, trigger.confidence, "hosting")
        elif lemma in words().nominating_words and trigger.subtype in ("award", "appointment"):
            subtype = "award" if _for_an_honour(doc[i]) else "appointment"
            found[i] = dataclasses.replace(trigger, subtype=subtype)
        elif trigger.type in HANDING_TYPES and _hands_information(doc[i]):
            found[i] = Trigger("OTHER", None, trigger.confidence, "announcement")
        elif trigger.type == "ASSAULT" and (harm := _harm_without_attacker(doc[i])) is not None:
            found[i] = Trigger("OTHER", None, trigger.confidence, harm)
        elif trigger.type == "ASSAULT" and _unintended(doc[i]):
            found[i] = Trigger("OTHER", None, trigger.confidence, "accident")
            accidental = True
    for i in _phrase_objects(doc, found):
        del found[i]
    for i in [i for i, t in found.items()
              if ((t.type == "AID" or doc[i].lemma_.lower() in words().arrival_verbs) and _to_care(doc[i]))
              or _from_care(doc[i])]:  # taken to a hospital, or out of one
        del found[i]
    for i in [i for i in found if doc[i].lemma_.lower() in words().questioning_verbs and _asks_a_question(doc[i])]:
        del found[i]
    for i in [i for i in found if _habitual(doc[i]) or _mere_motion(doc[i]) or _states_event(doc[i], found)]:
        del found[i]
    for token in tokens:
        if token.pos_ == "NOUN" and token.lemma_.lower() in words().anaphoric_event_nouns:
            found[token.i] = _as_antecedent(found, token, confidence_of.get(token.i, 1.0))
        elif token.i not in found and _gun_fires(token):
            found[token.i] = Trigger("ASSAULT", None, round(confidence_of.get(token.i, 1.0), 4))
            accidental = accidental or _unintended(token)
    if accidental:  # "the shooting", "shot" of an article that calls the shooting accidental
        found = {i: Trigger("OTHER", None, t.confidence, "accident") if t.type == "ASSAULT" else t
                 for i, t in found.items()}
    return found


def _verb_in(verb: Token, listing: frozenset[str]) -> bool:
    """Whether a verb, alone or with its particle ("go off", "run over"), is in a word list."""
    if verb.pos_ != "VERB":
        return False
    lemma = verb.lemma_.lower()
    return lemma in listing or any(f"{lemma} {c.lower_}" in listing for c in verb.children if c.dep_ == "prt")


def _gun_fires(verb: Token) -> bool:
    """Whether a gun fires: "the gun went off", "the weapon accidentally discharged", "it
    discharged" after a gun in its sentence; not one "discharged from the hospital"."""
    if not _verb_in(verb, words().firing_verbs):
        return False
    guns = words().guns
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    if subject.lower_ == "it":
        return any(t.lemma_.lower() in guns for t in verb.sent if t.i < verb.i)
    return subject.lemma_.lower() in guns


def _as_antecedent(found: Triggers, noun: Token, confidence: float) -> Trigger:
    """An event noun that names an event told before ("the incident", "Tuesday's tragic incident"):
    the nearest incident before it (an assault, or an accident, death, injury or crime; not the
    arrest that followed it), as surely as that one is an event; else, or when it names no single
    event told before ("piracy-related incidents", "an incident"), an incident of no known type, as
    surely as the detector says."""
    if noun.tag_ == "NN" and status.is_definite(noun):
        for k in sorted((k for k in found if k < noun.i), reverse=True):
            before = found[k]
            if dating.is_incident(before.type, before.subtype):
                return Trigger(before.type, before.mode, before.confidence, before.subtype)
    return Trigger("OTHER", None, round(confidence, 4), "incident")


def _phrase_objects(doc: Doc, found: Triggers) -> list[int]:
    """Objects that a verb's phrase reads otherwise than the word alone: in "opened fire" and
    "returned fire" (ASSAULT), "fire" is no ceasefire of its own. Only acts of force: what one
    asks for, agrees to or rejects is an event of its own ("requested a meeting"), and a verb that
    only carries its object ("host a conference") leaves the object the event."""
    dropped = []
    for i, trigger in found.items():
        verb = doc[i]
        entry = lexicon.lookup(verb) if verb.pos_ == "VERB" and not _carries(verb) else None
        if entry is None or " " not in entry.key or trigger.type not in arguments.VIOLENT_TYPES:
            continue
        for o in verb.children:
            if (o.dep_ in lexicon.OBJECT_DEPS and o.i in found and found[o.i].type != trigger.type
                    and lexicon.lemma(o) == entry.key.split()[-1]):
                dropped.append(o.i)
    return dropped


def _plea(word: Token, trigger: Trigger, found: Triggers) -> Trigger | None:
    """A plea in court by what it pleads: guilty or no contest admits the charge (CONCEDE), not guilty
    or innocent denies it (REJECT), and a "plea deal" is one AGREE, the deal's (None: no event of
    its own when the deal is one). Any other plea keeps its type: "pleaded for help" is an appeal."""
    if word.dep_ == "compound" and word.head.lemma_.lower() in words().bargain_nouns:
        return None if word.head.i in found else Trigger("AGREE", None, trigger.confidence)
    deps = ("acomp", "oprd", "dobj", "advmod", "amod", "compound", "attr")
    for verdict in (c for c in word.children if c.dep_ in deps):
        lemma = verdict.lemma_.lower()
        if lemma not in words().admitting_pleas and lemma not in words().denying_pleas:
            continue
        negated = any(c.dep_ == "neg" for c in (*verdict.children, *word.children))
        if lemma == "contest":  # "pleaded no contest": nolo contendere admits the charge
            negated = False
        if (lemma in words().denying_pleas) != negated:
            return Trigger("REJECT", None, trigger.confidence)
        return Trigger("CONCEDE", None, trigger.confidence)
    return trigger


def _dismisses(verb: Token) -> bool:
    """Whether a verb that also means shooting ("fire") dismisses someone: its object or passive
    subject is a person ("was fired from his job", "fired coach Maurice Cheeks", "a just-fired
    employee") and it aims at no one ("fired at him", "were fired upon")."""
    preps = [(p.lower_, o) for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    aiming = words().aiming_prepositions
    if any(p in aiming and o.ent_type_ not in ("DATE", "TIME") for p, o in preps) or any(
            c.dep_ == "prt" and c.lower_ in aiming for c in verb.children):
        return False  # "fired at him", "were being fired on"; not "fired on Thursday"
    if any(p == "from" and o.lemma_.lower() in words().job_nouns for p, o in preps):
        return True  # "a man fired four days earlier from his job"
    things = [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    described = _described_noun(verb)
    if described is not None:
        things.append(described)
    return any(_is_person(t) for t in things) and not any(
        t.lemma_.lower() in words().means_and_outcomes for t in things)


def _hunts_someone(verb: Token) -> bool:
    """Whether a verb of hunting pursues someone (`words.yaml` hunting_verbs): a person hunted for or
    down ("hunting for the gunman", "hunt down the sources of leaks"), not game ("shot while
    hunting", "hunting for deer", "carelessly hunting wildlife")."""
    if any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children):
        return True
    hunted = [c for c in verb.children if c.dep_ in ("dobj", "obj")] + [
        o for p in verb.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children if o.dep_ == "pobj"]
    return any(_is_person(t) for t in hunted)


def _receives_guests(verb: Token) -> bool:
    """Whether a verb of hosting (`words.yaml` hosting_verbs) receives someone or holds a meeting:
    what it hosts is a person, a people or a place's leaders ("will host Japan's Crown Prince",
    "hosted Saudi King Salman for talks") or a meeting ("hosting a climate summit", "will host the
    meeting of BRICS High Representatives"), or it hosts something for someone ("a private dinner for
    Netanyahu"). Hosting a show ("hosted the 79th Academy Awards", "an event hosted by the
    University of Wyoming") or hosting alone ("who hosted in 2008") presents it."""
    hosted = [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        hosted.append(verb.head)  # "the 2007 Oscars hosted by DeGeneres"
    hosted += [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children
               if o.dep_ == "pobj"]  # "a dinner for Netanyahu"
    hosted += [o for h in list(hosted) for p in h.children if p.dep_ == "prep" and p.lower_ == "for"
               for o in p.children if o.dep_ == "pobj"]
    nouns = lexicon.nouns()
    for head in hosted:
        entry = nouns.get(head.lemma_.lower())  # "the Asean Summit" too
        if entry is not None and entry.top_type == "CONSULT":
            return True
        # the tagger names shows too: "the Grammys" a place, "the 58th annual Tony Awards" a person
        if (head.ent_type_ == "GPE" and resolve_place(head.text) is None
                or head.tag_ == "NNPS" and unnamed.no_party_word(head)):
            continue
        if head.ent_type_ in ("PERSON", "NORP", "GPE") or _is_person(head) or unnamed.person(head):
            return True
    return False


def _for_an_honour(word: Token) -> bool:
    """Whether a nomination is for an honour: the lexicon's award words ("nominated for an Oscar"),
    or a name that is no one's before it or after "for" ("a Primetime Emmy nomination", "nominated
    for a Golden Globe"); not a post ("nominated Regina Benjamin as surgeon general", "the nomination
    of Dr. Benjamin")."""
    related = [c for c in word.children if c.dep_ in ("compound", "amod") and c.pos_ == "PROPN"]
    related += [o for p in word.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children
                if o.dep_ == "pobj"]
    nouns = lexicon.nouns()
    for t in related:
        entry = nouns.get(t.lemma_.lower())
        if entry is not None and entry.subtype == "award":
            return True
        if t.pos_ == "PROPN" and t.ent_type_ not in ("PERSON", "GPE", "NORP") and not unnamed.person(t):
            return True
    return False


def _described_noun(verb: Token) -> Token | None:
    """The noun a passive participle describes as what the verb was done to: "a just-fired employee",
    "the fifth coach fired this season", "the fifth coach to be fired this season"; None for a verb
    with a clause of its own."""
    if verb.dep_ in ("amod", "acl") and verb.tag_ in ("VBN", "VBD"):
        return verb.head
    if verb.dep_ == "relcl" and any(c.dep_ == "auxpass" for c in verb.children) and not any(
            c.dep_ == "nsubjpass" for c in verb.children):
        return verb.head
    return None


def _is_person(word: Token) -> bool:
    """A word that stands for a person: a name, a personal pronoun, or a noun for a person; a
    surname alone is one when the article names that person in full ("Cheeks was fired March 2"
    after "fired Coach Maurice Cheeks", where the model tags the surname alone as no one)."""
    w = words()
    return (word.ent_type_ == "PERSON" or word.lower_ in w.person_pronouns or word.lemma_.lower() in w.person_words
            or (word.is_title and word.lower_ in person_surnames(word.doc)))


def _harm_without_attacker(verb: Token) -> str | None:
    """What an act of force reports when no one attacked: a "disaster" when a disaster did it (the
    lexicon's disaster nouns, "fire" among them: "an earthquake hit an island", "hurricanes destroyed
    it", "a fast-moving fire destroyed the warehouse"), an "accident" when a vehicle or its driver
    hit or killed someone or something ("a drunken driver struck her with his car", "was hit and
    killed by an allegedly drunk driver", "hitting several cars in the parking lot"), an "injury"
    when one hit a body part ("she hit her head on the pavement as she fell"); None otherwise."""
    if verb.pos_ != "VERB":
        return None
    subject, passive = arguments.subject_tokens(verb)
    doers = [o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    if any(_names_disaster(t) for t in (*doers, *([] if passive else subject))):
        return "disaster"
    colliding = _verb_in(verb, words().collision_verbs)
    shared = [verb, *(c for c in verb.children if c.dep_ == "conj")]  # "was hit and killed by a driver"
    if verb.dep_ == "conj":
        shared.append(verb.head)
    agents = [o for v in shared for a in v.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    means = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "with" for o in p.children
             if o.dep_ == "pobj"]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    # any act of force done by a vehicle ("killed by a motorist"); a collision also by its driver
    # ("a drunken driver struck her") or to a vehicle ("hitting several cars"); the head of the
    # subject, not a vehicle it sits in ("someone in a passing car opened fire, hitting the child",
    # "the only person in the vehicle who was hit by the shots")
    parties = [*agents, *means, *((*_phrase_heads(subject), *objects) if colliding else ())]
    if any(t.lemma_.lower() in words().vehicle_nouns for t in parties):
        return "accident"
    if colliding and any(unnamed.body_part(o) for o in objects):
        return "injury"
    return None


def _phrase_heads(phrase: Sequence[Token]) -> list[Token]:
    """The words that head a phrase: its root, with the words compounded, joined or set in apposition
    to it ("the driver and his passenger", "an SUV driver"), not those of its modifiers ("a man in a
    car")."""
    inside = {t.i for t in phrase}
    found = [t for t in phrase if t.head.i not in inside or t.head.i == t.i]
    for t in found:
        found += [c for c in t.children if c.i in inside and c.dep_ in ("compound", "conj", "appos")]
    return found


def _names_disaster(word: Token) -> bool:
    entry = lexicon.lookup(word) if word.pos_ == "NOUN" else None
    return entry is not None and entry.subtype == "disaster"


def _unintended(word: Token) -> bool:
    """Whether an act of harm is told as one no one meant, an accident: "accidentally shot himself",
    "an accidental shooting", "killed in a hunting accident", "police say the shooting was accidental",
    "the gun accidentally went off, striking Anderson", "accidentally shoot and kill his son". (A
    shooting one does to oneself is no accident by that alone: the dev gold codes the suicide of a
    murder-suicide as an assault, with the killing.)"""
    # a verb shares the modifiers of the verb it is joined to or follows from ("shoot and kill",
    # "went off, striking"); a noun those of the noun it modifies ("an accidental gunshot wound")
    heads = [word, word.head] if word.dep_ in ("conj", "advcl", "compound") else [word]
    return any(_accidental(h) for h in heads) or _said_accidental(word)


def _accidental(word: Token) -> bool:
    """Whether a word is modified as accidental: "accidentally", "an accidental", "by accident", "in a
    hunting accident"."""
    w = words()
    return any(c.dep_ in ("advmod", "amod") and c.lower_ in w.accident_modifiers
               or c.dep_ == "prep" and any(o.dep_ == "pobj" and o.lemma_.lower() in w.accident_nouns
                                           for o in c.children)
               for c in word.children)


def _said_accidental(noun: Token) -> bool:
    """ "the shooting was accidental", "claimed the shooting was an accident", "believe the shooting to
    be accidental"; not "whether the shooting was accidental or intentional"."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.lemma_.lower() != "be":
        return False
    w = words()
    said = [c for c in verb.children if c.dep_ in ("acomp", "attr")]
    return any((c.lower_ in w.accident_modifiers or c.lemma_.lower() in w.accident_nouns)
               and not any(x.dep_ == "conj" for x in c.children) for c in said)


def _asks_a_question(verb: Token) -> bool:
    """Whether "ask" asks a question ("was asked if murder-suicide was a possible motive", "asked
    the cousin what happened"), not for something: no REQUEST."""
    return verb.pos_ == "VERB" and any(c.dep_ in ("ccomp", "advcl") and _asks(c) for c in verb.children)


def _to_care(verb: Token) -> bool:
    """Whether a verb takes someone to, or arrives at, a hospital ("was rushed to a hospital, where
    she died", "transported the boy to the hospital"): what an injury led to. Sending a thing there
    ("sent medicine to the hospital") is aid."""
    if any(c.dep_ in ("dobj", "obj") and not _is_person(c) for c in verb.children):
        return False
    return _care_place(verb, ("to", "at", "into"))


def _care_place(verb: Token, prepositions: tuple[str, ...]) -> bool:
    """Whether one of the verb's prepositions (of `prepositions`) names a hospital or clinic."""
    places = [" ".join(w.lower_ for w in o.subtree) for p in verb.children
              if p.dep_ == "prep" and p.lower_ in prepositions for o in p.children if o.dep_ == "pobj"]
    return any(f" {c} " in f" {place} " for place in places for c in words().care_places)


def _habitual(word: Token) -> bool:
    """Whether a word (or the verb it is the object or agent of) tells a habit: "often fired guns",
    "went every day", "day after day to shoot dice", "is regularly struck by damaging quakes"."""
    w = words()
    verbs = [word] + ([word.head] if word.head.pos_ in ("VERB", "AUX") and word.head.i != word.i else [])
    verbs += [word.head.head] if word.head.dep_ == "agent" else []
    return any(c.dep_ == "advmod" and c.lower_ in w.frequency_adverbs or _recurrence(c)
               for verb in verbs for c in verb.children)


def _recurrence(word: Token) -> bool:
    """A time noun that recurs: "every day", "each week", "day after day"."""
    w = words()
    lemma = word.lemma_.lower()
    if lemma not in w.recurrence_nouns:
        return False
    if word.dep_ in ("npadvmod", "advmod", "pobj", "dobj") and any(
            d.dep_ == "det" and d.lower_ in w.recurrence_determiners for d in word.children):
        return True
    return word.dep_ == "npadvmod" and any(p.dep_ == "prep" and p.lower_ == "after" and any(
        o.lemma_.lower() == lemma for o in p.children) for p in word.children)


def _mere_motion(verb: Token) -> bool:
    """Whether a verb of going tells only motion: no object, no particle ("the gun went off"), and no
    named place, country or body it goes to, from or in ("traveling north", "went to college", "went
    to Wilson's house", not "arrived in South Sudan", "returned to Honduras")."""
    w = words()
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in w.motion_verbs:
        return False
    if any(c.dep_ in ("dobj", "obj", "prt", "dative") for c in verb.children):
        return False
    # the place itself, by its name's words: not whose it is ("to Wilson's house") nor what is near it
    named = [t for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"
             for t in (o, *(c for c in o.children if c.dep_ in ("compound", "amod", "nmod", "appos")))
             if t.ent_type_ in w.named_place_labels]
    return not named


def _from_care(verb: Token) -> bool:
    """Whether a verb lets someone leave a hospital ("was treated and released", "after being released
    from the hospital"): what an injury led to, as going there is (`_to_care`), not a prisoner's release."""
    w = words()
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in w.discharging_verbs:
        return False
    if verb.dep_ == "conj" and verb.head.lemma_.lower() in w.treating_verbs:
        return True
    return _care_place(verb, ("from",))


#: Types of handing something or someone over: giving aid, releasing, sharing.
HANDING_TYPES = frozenset({"AID", "RETREAT", "COOPERATE", "CONCEDE"})


def _hands_information(verb: Token) -> bool:
    """Whether a verb of giving or freeing hands over only information ("Police have not released the
    name", "did not provide more details", "the name has not been released"): an announcement."""
    if verb.pos_ != "VERB":
        return False
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in words().information_nouns:
        return True  # "a statement released by the team"
    things = [c for c in verb.children if c.dep_ in ("dobj", "obj")] or [
        c for c in verb.children if c.dep_ == "nsubjpass"]  # "agency heads were sent a memo": the memo
    if not things:  # "have not released how old he is": a question's answer
        return any(c.dep_ == "ccomp" and _asks(c) for c in verb.children)
    return all(_quantified(t).lemma_.lower() in words().information_nouns for t in things)


def _quantified(word: Token) -> Token:
    """What a quantifier stands for: "names" in "none of their names", "details" in "some of the
    details"; any other word itself."""
    if word.pos_ in ("PRON", "NOUN", "NUM", "DET") and word.lower_ in words().quantifiers:
        of = next((c for c in word.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if whole is not None:
            return whole
    return word


def _asks(clause: Token) -> bool:
    """Whether a clause is an indirect question: "how old he is", "what the motive was", "whether ..."."""
    first = clause.doc[clause.left_edge.i]
    return first.tag_ in ("WRB", "WP", "WDT") or first.lower_ in ("whether", "if")


def _death(verb: Token, trigger: Trigger) -> Trigger:
    """A verb of dying is an ASSAULT when its cause is a weapon's wound ("died of gunshot wounds",
    "succumbed to stab wounds"), else a death: never another sense ("succumbed to his injuries" is
    no concession)."""
    cause = {w.lemma_.lower() for p in verb.children if p.dep_ == "prep" and p.lower_ in ("of", "from", "to", "after")
             for o in p.children if o.dep_ in ("pobj", "pcomp")
             for w in (o, *(c for c in o.children if c.dep_ in ("compound", "amod", "nmod")))}
    unintended = any(_accidental(o) for p in verb.children if p.dep_ == "prep"
                     for o in p.children if o.dep_ in ("pobj", "pcomp"))
    if cause & words().gun_wounds and not unintended:  # "died of an accidental gunshot wound": a death
        return Trigger("ASSAULT", "firearms", trigger.confidence, None)
    if cause & words().blade_wounds and not unintended:
        return Trigger("ASSAULT", "beat", trigger.confidence, None)
    return trigger if trigger.type == "OTHER" else Trigger("OTHER", None, trigger.confidence, "death")


def _governs_typed_event(verb: Token, found: Triggers) -> bool:
    """An untyped verb whose object, or object of its preposition, is a typed event word only
    carries that event: "went on strike", "took part in the talks", "staged a protest"."""
    if verb.pos_ != "VERB":
        return False
    objects = [c for c in verb.children if c.dep_ in arguments.OBJECTS]
    objects += [g for c in verb.children if c.dep_ in ("prep", "prt") for g in c.children if g.dep_ == "pobj"]
    return any(o.i in found and found[o.i].type != "OTHER" for o in objects)


def _states_event(verb: Token, found: Triggers) -> bool:
    """A verb of finding or stating whose complement is the event found: "were found dead", "was
    found shot to death", "was pronounced dead" report a death or a shooting, not a finding. ("found
    guilty" stays: "guilty" is no event word.)"""
    return verb.pos_ == "VERB" and verb.lemma_.lower() in words().stating_verbs and any(
        c.dep_ in ("oprd", "acomp", "xcomp") and c.i in found for c in verb.children)


def _not_an_occurrence(token: Token) -> bool:
    """Verb forms that name no event of their own: adjectival participles ("so-called", "US-led"),
    and aims attached to a noun ("a push for a coalition to fight IS", "efforts to end fighting"),
    unless the noun is a plan ("plans to visit Moscow"); event nouns that name the text saying
    something (`_says_something`) or a kind of thing (`_names_a_kind_of_thing`); phrasal verbs of
    leisure (`_idles`) or of giving way (`_gives_way`); being armed (`_equipped`); holding a post
    (`_holds_a_standing`); and being caught up in something (`_caught_up_in`)."""
    if unnamed.person(token):  # nor a noun that names a person ("the suspect", "a peace envoy")
        return True
    if token.pos_ == "NOUN":
        return _says_something(token) or _names_a_kind_of_thing(token) or _under_fire(token)
    if token.pos_ != "VERB":
        return False
    if token.dep_ in ("amod", "compound"):  # "a just-fired employee" is one (`_dismisses`)
        return not (token.lemma_.lower() in words().dismissal_verbs and _dismisses(token))
    if token.tag_ == "VBG" and token.dep_ in ("pobj", "pcomp") and token.head.lower_ == "to":
        return True  # "central to defeating IS", "committed to ending the war": an aim
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    if infinitive and token.dep_ == "acl" and token.head.lemma_.lower() not in words().planning_nouns:
        return True
    if _idles(token) or _gives_way(token) or _equipped(token) or _holds_a_standing(token) or _caught_up_in(token):
        return True
    if token.dep_ == "xcomp" and _withholds_information(token.head):
        return True  # "provide" in "declined to provide further information"
    return (_anyone_party(token) or _withholds_information(token) or _responders_arrive(token)
            or _remembers(token))


def _under_fire(noun: Token) -> bool:
    """ "came under fire", "Greek government under fire": being shot at or blamed, which the words
    around tell, no fire that burns (ECB+ topics 12 and 19)."""
    return noun.lemma_.lower() == "fire" and noun.dep_ == "pobj" and noun.head.lower_ == "under"


def _idles(verb: Token) -> bool:
    """ "hung out", "hanging around": a phrasal verb of leisure."""
    return _verb_in(verb, words().idle_phrasal_verbs)


def _gives_way(verb: Token) -> bool:
    """ "broke down in tears", "cars breaking down": a phrasal verb of giving way with no object."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    return not objects and _verb_in(verb, words().giving_way_phrasal_verbs)


def _equipped(verb: Token) -> bool:
    """Being armed, a state: "was armed with a long gun", "armed and dangerous", "arm themselves with
    safety information"; not "Iran armed the rebels", nor "rebels armed by Iran"."""
    if verb.lemma_.lower() not in words().equipping_verbs:
        return False
    return not any(c.dep_ == "agent" or (c.dep_ in ("dobj", "obj") and not c.lower_.endswith(("self", "selves")))
                   for c in verb.children)


def _holds_a_standing(verb: Token) -> bool:
    """Holding a post, an office or a record, a state: "has held leadership positions", "is expected to
    hold the position through the year"; not holding a person ("held the suspect") nor talks."""
    return verb.lemma_.lower() == "hold" and any(
        c.dep_ in ("dobj", "obj") and c.lemma_.lower() in words().standing_nouns for c in verb.children)


def _caught_up_in(verb: Token) -> bool:
    """Being caught (up) in what happens around one, no capture: "was caught in the crossfire",
    "getting caught up in a rolling gun battle", "a nation caught up in an Islamic insurgency"; not
    "was caught in the act", "was caught in northeast Houston", nor catching someone."""
    if verb.lemma_.lower() != "catch" or any(c.dep_ in ("dobj", "obj") for c in verb.children):
        return False
    return any(c.dep_ == "prep" and c.lower_ == "in" and any(
        o.dep_ == "pobj" and o.lemma_.lower() != "act" and not o.ent_type_ for o in c.children)
        for c in verb.children)


def _names_a_kind_of_thing(noun: Token) -> bool:
    """An event noun that modifies the name of a made thing, or of those who respond to events, names a
    kind of them, no event: "assault rifles", "attack helicopters", "a rescue boat"; "homicide
    detectives", "the homicide unit", "riot squad officers"."""
    if noun.dep_ != "compound":
        return False
    heads = [noun.head]
    while heads[-1].dep_ == "compound":  # "riot squad officers": the chain of heads up to "officers"
        heads.append(heads[-1].head)
    return unnamed.thing(noun.head) or any(h.lemma_.lower() in words().responder_nouns for h in heads)


def _says_something(noun: Token) -> bool:
    """An event noun that is the subject of a verb of saying is the document or statement that says
    it, not an event: "..., the charges state", "the complaint says Seals gave that gun to another
    person", "a news release ... says the incident happened" (charging documents and police reports
    in local news). Not when the verb takes an object ("the shooting claimed the life of a boy"), nor
    a bare noun after the verb, which the parser makes a subject in error ("said gunshots and screams
    woke him up")."""
    verb = noun.head
    return (noun.dep_ == "nsubj" and verb.lemma_.lower() in words().speech_verbs
            and not any(c.dep_ in ("dobj", "obj") for c in verb.children)
            and (noun.i < verb.i or any(c.dep_ == "det" for c in noun.children)))


def _remembers(verb: Token) -> bool:
    """Whether a verb that may recall someone ("Poland recalled its ambassador") only remembers:
    with no object that can be a party ("recalled seeing the suspect", "recalled the effort", a
    quotation's "Rudy Bandemer recalled")."""
    if verb.lemma_.lower() not in words().remembering_verbs:
        return False
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    return not any(o.pos_ in ("NOUN", "PROPN") and can_be_party(o) and o.tag_ != "VBG" for o in objects)


def _withholds_information(verb: Token) -> bool:
    """Whether a refusal only withholds what someone knows, from no one in particular: "declined to
    comment", "declined to identify the shooter", "declined to give his name"; not "refused to give
    the US military any intelligence" (a refusal to a party) nor "refused to respond to a request"."""
    if verb.lemma_.lower() not in words().refusing_heads:
        return False
    told = [c for c in verb.children if c.dep_ == "xcomp"]
    return bool(told) and all((c.lemma_.lower() in words().disclosure_verbs or _hands_information(c))
                              and not any(r.dep_ == "dative" or r.dep_ == "prep" and r.lower_ == "to"
                                          for r in c.children) for c in told)


def _responders_arrive(verb: Token) -> bool:
    """Whether police, paramedics or firefighters arrive at a scene ("When officers arrived, they
    found ...", "deputies arrived on scene"): the setting of a report, no visit or aid."""
    if verb.lemma_.lower() not in words().arrival_verbs:
        return False
    subject, _ = arguments.subject_tokens(verb)
    return any(t.lemma_.lower() in words().responder_nouns for t in subject if t.head not in subject)


def _anyone_party(verb: Token) -> bool:
    """Whether the verb's subject or object is "anyone": an appeal to the public ("Anyone with
    information is asked to call police", "Detectives are asking anyone with information to contact
    Crime Stoppers") or no one in particular ("whether anyone will face charges", "I don't think he
    hit anyone"), never an event that happened to someone."""
    subject, _ = arguments.subject_tokens(verb)
    parties = [t for t in subject if t.head not in subject]
    asked = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]  # "asking anyone ... to contact"
    parties += [c for v in asked for c in v.children if c.dep_ in ("dobj", "obj", "dative")]
    return any(t.lower_ in words().anyone_pronouns for t in parties)


@dataclass(frozen=True)
class _Context:
    article: Article
    mentions: Mentions
    attributed: list[speech.Attribution]
    triggers: Triggers
    #: The article's actors that are people: a speaker "he" or "she" can stand for.
    people: frozenset[str] = frozenset()


def _date_of(span: Span | None, tense, article: Article) -> DateInterval | None:
    if span is None:
        return None
    years = [y for e in span.sent.ents if e.label_ == "DATE" and e != span and not arguments.number_no_year(e)
             if (y := year_in(e.text, article.published)) is not None]
    year = years[0] if years and year_in(span.text, article.published) is None else None
    return resolve(span.text, article.published, tense, year=year)


def _in_past_clause(span: Span) -> bool:
    """Whether the time expression modifies a verb in the past tense ("left ... on Sunday")."""
    verb = next((t for t in (span.root, *span.root.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.tag_ == "VBD"


def _undated_kind(span: Span, article: Article) -> bool:
    """A time expression of a kind that names no days: a duration ("10 days", but not "the past
    three days", a window ending on publication) or a set ("every Monday")."""
    timex = normalise(span.text, article.published)
    return timex is not None and timex.type in ("DURATION", "SET") and timex.interval is None


@dataclass(frozen=True)
class _Segment:
    """One of several argument groups a trigger takes, each with its own date: "host A on Tuesday
    and B on Thursday", "rallies outside the police headquarters on Monday and in parliament
    square on Thursday"."""

    tokens: list[Token]
    places: list[Span]
    date: Span


def _segments(trigger: Token, tokens: list[Token], date_spans: list[Span], places: list[Span],
              subject: set[int]) -> list[_Segment] | None:
    """The trigger's arguments split at each date after it, when two or more dates follow it and
    every stretch before a date holds words of its own and no verb (a verb there is another
    event's: "arrested on Monday and charged on Tuesday"). None otherwise."""
    after = sorted((s for s in date_spans if s.start > trigger.i and s.root.i not in subject), key=lambda s: s.start)
    if len(after) < 2:
        return None
    bounds = [trigger.i, *(s.start for s in after)]
    found: list[_Segment] = []
    for (lo, hi), when in zip(pairwise(bounds), after, strict=True):
        inside = [t for t in tokens if lo < t.i < hi and t.i not in subject and not t.is_punct]
        if not any(t.dep_ != "cc" for t in inside) or any(t.pos_ in ("VERB", "AUX") for t in inside):
            return None
        found.append(_Segment(inside, [p for p in places if lo < p.start < hi], when))
    return found


def _segment_mentions(base: EventMention, segments: list[_Segment], source: list[str], target: list[str],
                      places: list[Span], tense: Tense, ctx: _Context) -> list[EventMention] | None:
    """One mention per argument group: each keeps the parties and place of its own stretch, and
    shares those outside every stretch ("in Russia" after the last date). None when two groups
    have the same targets: a mention's id tells the mentions of one trigger apart by their targets."""
    parties = [ctx.mentions.actors_in(s.tokens) for s in segments]
    within = {p.start for s in segments for p in s.places}
    where = ArticlePlaces.of(ctx.article, segments[0].date.doc)
    shared_place = where.place_of([p for p in places if p.start not in within]) if within else base.location
    found = []
    for k, segment in enumerate(segments):
        others = {a for j, group in enumerate(parties) if j != k for a in group}
        own_source = [a for a in source if a not in others]
        own_target = [a for a in target if a not in others]
        own_target += [a for a in parties[k] if a not in own_source and a not in own_target]
        found.append(dataclasses.replace(base, source_actors=tuple(own_source), target_actors=tuple(own_target),
                                         location=where.place_of(segment.places) or shared_place,
                                         date=_date_of(segment.date, tense, ctx.article)))
    return found if len({m.mention_id for m in found}) == len(found) else None


def _status(trigger: Token, governor: Token | None, own_date: DateInterval | None, ctx: _Context) -> Status:
    """A verb's status from its clause; a noun's from its phrase, else the event it hangs from;
    either, when that says nothing, from its own date against the publication day."""
    if trigger.pos_ in ("VERB", "AUX"):
        clause = status.verb_status(trigger)  # a clause that says nothing is dated by its own text
        return clause if clause != "unknown" else status.status_from_date(own_date, ctx.article.published)
    found = status.noun_status(trigger, governor)
    if found:
        return found
    ancestor, prior = _event_ancestor(trigger, ctx.triggers)
    if ancestor is not None:
        inherited = status.governed_status(trigger, ancestor) if ancestor.pos_ in ("VERB", "AUX") else \
            _status(ancestor, arguments.governing_verb(ancestor), None, ctx)
        if inherited != "unknown" and not ((prior or _told_of(trigger, ancestor)) and inherited != "occurred"):
            return inherited
    return status.status_from_date(own_date, ctx.article.published)


def _told_of(noun: Token, ancestor: Token) -> bool:
    """Whether the noun's phrase reaches its ancestor through what is told of it: "have not released
    details of the shooting" or "will determine the cause of death" say nothing of whether the
    shooting or the death happened, only that it is not told yet."""
    node = noun.head
    while node.i != ancestor.i and node.head.i != node.i:  # the words between the two
        if node.pos_ == "NOUN" and node.lemma_.lower() in words().information_nouns:
            return True
        node = node.head
    return False


def _event_ancestor(token: Token, triggers: Triggers) -> tuple[Token | None, bool]:
    """The nearest verb, or trigger noun, that this noun's phrase hangs from."""
    node, prior = arguments.event_ancestor(token)
    while node is not None and node.pos_ not in ("VERB", "AUX") and node.i not in triggers:
        node, earlier = arguments.event_ancestor(node)
        prior = prior or earlier
    return node, prior


def _carries(verb: Token) -> bool:
    """A verb whose subject does what its event noun names: "held talks", "suspended aid"."""
    lemma = verb.lemma_.lower()
    return lemma in words().support_verbs or lemma in words().cancelling_heads


def _sentence_text(token: Token) -> str:
    """The text of the token's sentence, sliced from the document's text (`Span.text` joins every
    token, once per mention: slow on a giant sentence full of events)."""
    sent = token.sent
    return nlp.text_of(token.doc)[sent.start_char:sent.end_char].strip()


def _mentions_for(trigger: Token, found: Trigger, ctx: _Context) -> list[EventMention]:
    etype, mode = found.type, found.mode
    noun = trigger.pos_ in ("NOUN", "PROPN")
    governor = arguments.governing_verb(trigger) if noun else None
    anchor = governor if governor is not None and _acts_out(governor, trigger, etype, ctx.triggers) else trigger
    tokens = arguments.clause(anchor, keep=trigger)
    # "the shooting happened around 10 p.m. Saturday in the 1200 block": a verb that only says the
    # noun's event occurred holds its time and place, though the noun, its subject, stays the anchor
    occurring = governor if governor is not None and anchor == trigger and _occurs(governor, trigger) else None
    if anchor != trigger or noun:
        relatives = [c for c in trigger.children if c.dep_ in ("relcl", "acl")]
        tokens = sorted(set(tokens).union(arguments.clause(trigger), *(arguments.clause(r) for r in relatives),
                                          arguments.clause(occurring, keep=trigger) if occurring is not None else ()),
                        key=lambda t: t.i)
    places = arguments.locations(anchor, trigger, tokens, via=(occurring,) if occurring is not None else ())
    if noun:  # "the Paris attacks": a city compounded with the noun is where it happened
        places += [p for p in arguments.place_modifiers(trigger) if (r := resolve_place(p.text)) and r.kind == "city"]
    place_tokens = {t.i for s in places for t in s}
    date_spans = arguments.dates(tokens, anchor, trigger) or _carried_dates(occurring or anchor)
    demand = trigger.doc[found.demand_by] if found.demand_by is not None else None
    if demand is not None:  # a demand is made when and as it is said
        date_spans = arguments.direct_dates(demand) or _carried_dates(demand)
    # a duration or a recurrence dates nothing: "In 2014, Waters served 10 days in jail" is dated by 2014
    date_spans = [s for s in date_spans if not _undated_kind(s, ctx.article)]
    own_date = _date_of(date_spans[0], "past", ctx.article) if date_spans else None
    state = status.verb_status(demand) if demand is not None else _status(trigger, governor, own_date, ctx)
    if state == "planned" and noun and status.reported_suspicion(trigger):
        state = "unknown"  # "officers responded to calls of a possible shooting": suspected, not planned
    tense = status.tense_of(state, anchor if anchor.pos_ in ("VERB", "AUX") else governor)
    if tense == "present" and date_spans and _in_past_clause(date_spans[0]):
        tense = "past"  # "police are investigating a shooting that left one man dead on Sunday"
    # "the boy's mother heard the shots": the clause of one who perceives an event dates and places
    # it, but its subject is no party to it
    witnessed = anchor != trigger and anchor.lemma_.lower() in words().witnessing_verbs
    source, target = arguments.participants(trigger, trigger if witnessed else anchor, ctx.mentions, place_tokens,
                                            etype)
    if etype == "OTHER" and found.subtype in arguments.BEFALLING_SUBTYPES:
        owner = next((c for c in trigger.children if c.dep_ == "poss"), None) if noun else None
        if owner is not None and not target:  # "in Williams' death", "the boy's death": it befalls its owner
            target = arguments.described_party(owner, ctx.mentions)
            source = [a for a in source if a not in target]
        elif not (source or target):
            target = arguments.befallen(trigger, ctx.mentions, place_tokens)
    if noun and not target and trigger.dep_ == "compound" and _names_cause(trigger, ctx.triggers):
        # "died from an apparent gunshot wound", "a shooting death": the cause befalls whom its effect does
        target = arguments.befallen(trigger.head, ctx.mentions, place_tokens)
    if noun and not (source or target) and trigger.dep_ == "compound":
        # "two gunshot victims", "Piracy suspects": the person the event noun describes suffered it, or did it
        role = trigger.head.lemma_.lower()
        if role in words().sufferer_nouns:
            target = arguments.described_party(trigger.head, ctx.mentions)
        elif role in words().perpetrator_nouns:
            source = arguments.described_party(trigger.head, ctx.mentions)
    if found.subtype == "dismissal" and not target and (described := _described_noun(trigger)) is not None:
        target = arguments.described_party(described, ctx.mentions)  # "a just-fired employee"
    if noun and not source:
        source = _inherited_source(trigger, ctx, etype) or _accused_of(trigger, ctx)
    speaker = speech.speaker_at(ctx.attributed, trigger.idx, trigger.idx + len(trigger.text))
    quoted = speaker is not None and speech.in_quotation(trigger.doc, trigger.idx)
    if not source and speaker and speaker not in target \
            and arguments.pronoun_subject(anchor, quoted, person=speaker in ctx.people):
        source = [speaker]  # "Obama said he will not lift the embargo": he is the speaker
    elif not target and speaker and speaker not in source \
            and arguments.pronoun_subject(anchor, quoted, person=speaker in ctx.people, passive=True):
        target = [speaker]  # "Police say they were contacted by Mickey Collins": the police were
    if demand is not None:  # "Russia says Israel must end attacks": Russia demands it of Israel
        source, target = arguments.demand_parties(demand, trigger, ctx.mentions)
    where = ArticlePlaces.of(ctx.article, trigger.doc)  # names read in the article's context, basis "text"
    location = where.place_of(places)
    if location is None and (mode == "visit" or anchor.lemma_.lower() in words().occurrence_verbs):
        location = where.place_of(_object_places(anchor))  # "will visit Washington", "the quake hit Turkey"
    base = EventMention(article_id=ctx.article.article_id, start=trigger.idx, end=trigger.idx + len(trigger.text),
                        text=trigger.text, sentence=_sentence_text(trigger), type=etype, mode=mode, status=state,
                        location=location, speaker=speaker, subtype=found.subtype if etype == "OTHER" else None,
                        confidence=found.confidence)
    subject = {t.i for t in arguments.subject_tokens(anchor)[0]}
    segments = _segments(trigger, tokens, date_spans, places, subject)
    split = _segment_mentions(base, segments, source, target, places, tense, ctx) if segments else None
    if split:
        return split
    when = _date_of(date_spans[0] if date_spans else None, tense, ctx.article)
    if noun and not (source or target or when or location) and state == "unknown" and found.confidence < SURE_NOUN \
            and not _names_cause(trigger, ctx.triggers):
        return []  # an abstract noun with nothing attached ("issues including cooperation")
    return [dataclasses.replace(base, source_actors=tuple(source), target_actors=tuple(target), date=when)]


def _names_cause(noun: Token, triggers: Triggers) -> bool:
    """An event noun that says what caused the event noun it modifies, or is modified by one: "a
    gunshot wound", "a shooting death", "stab wounds", "the murder suicide"."""
    return (noun.dep_ == "compound" and noun.head.i in triggers) or any(
        c.dep_ == "compound" and c.i in triggers for c in noun.children)


#: Clause links walked up, at most, to find the time expression that dates a clause without one.
MAX_CARRYING_HOPS = 3


def _carried_dates(anchor: Token) -> list[Span]:
    """The time expressions that modify a clause this one hangs from through links that carry
    them ("In early March, a gunman shot and wounded three people ... before killing himself"
    dates the killing), when its own clause has none."""
    node: Token | None = anchor
    for _ in range(MAX_CARRYING_HOPS):
        node = dating.carrying_head(node) if node is not None else None
        if node is None:
            return []
        direct = arguments.direct_dates(node)
        if direct:
            return direct
    return []


def _acts_out(verb: Token, noun: Token, etype: str, triggers: Triggers) -> bool:
    """Whether the verb's subject does the event noun it takes, so that the verb's clause is the
    noun's: a carrying verb ("held talks"), or one of the same type or of none ("Britain pledged
    support for Ukraine", "the US reduced aid to Pakistan"). Not "the UN condemned the attacks", nor
    what is reported ("confirmed the attack") or received ("faced criticism")."""
    lemma = verb.lemma_.lower()
    head = arguments.nominal_head(noun)
    if lemma in words().bearing_verbs and _injury(head, triggers):
        return False  # "his stepdaughter had two gunshot wounds": she bears them (`arguments.befallen`)
    if _carries(verb):
        return True
    if head.dep_ not in arguments.OBJECTS or lemma in words().speech_verbs \
            or lemma in words().receiving_verbs:
        return False
    return verb.i not in triggers or triggers[verb.i].type in (etype, "OTHER")


def _injury(noun: Token, triggers: Triggers) -> bool:
    """Whether the noun is a trigger of an injury: "wounds", "injuries"."""
    found = triggers.get(noun.i)
    return found is not None and found.type == "OTHER" and found.subtype == "injury"


def _object_places(verb: Token) -> list[Span]:
    """"will visit Washington": the visited place is the object."""
    return [arguments.place_span(c) for c in verb.children
            if c.dep_ in arguments.OBJECTS and c.ent_type_ in arguments.LOCATION_LABELS]


def _inherited_source(noun: Token, ctx: _Context, etype: str) -> list[str]:
    """"meetings for our president - with X, as well as talks with Y": the talks are his too."""
    ancestor, _ = _event_ancestor(noun, ctx.triggers)
    if ancestor is None or ancestor.pos_ in ("VERB", "AUX") or ancestor.i not in ctx.triggers:
        return []
    source, _ = arguments.participants(ancestor, ancestor, ctx.mentions, set(), etype, name_unnamed=False)
    return source


#: Prepositions and nouns a crime is named through, from the verb that holds someone over it, at most.
MAX_CHARGE_HOPS = 4


def _accused_of(noun: Token, ctx: _Context) -> list[str]:
    """Who a crime is laid at: the one a verb of custody holds over it ("charged Andreas Strahan with
    felonious assault", "was charged with two counts of aggravated assault", "was arrested on
    suspicion of murder"): the verb's object, or its subject when the verb is passive."""
    node = noun
    for _ in range(MAX_CHARGE_HOPS):
        head = node.head
        if head.i == node.i or node.dep_ not in ("pobj", "prep"):
            return []
        if head.pos_ == "VERB":
            if head.lemma_.lower() not in words().custody_verbs:
                return []
            held = next((c for c in head.children if c.dep_ in ("dobj", "obj", "nsubjpass")), None)
            return arguments.described_party(held, ctx.mentions) if held is not None else []
        node = head
    return []


@dataclass(frozen=True)
class Extraction:
    """The event mentions of an article, and the parties they name without a known actor (`unnamed`):
    their actors and entity mentions, which the article's own join."""

    events: list[EventMention]
    actors: list[Actor]
    entities: list[EntityMention]


def extract_events(article: Article, doc: Doc, entities: Iterable[EntityMention],
                   actors: Iterable[Actor] = (), typer: Typer | None = None) -> list[EventMention]:
    """Every event trigger of the article as one or more mentions, in text order."""
    return extract(article, doc, entities, actors, typer).events


def extract(article: Article, doc: Doc, entities: Iterable[EntityMention],
            actors: Iterable[Actor] = (), typer: Typer | None = None) -> Extraction:
    """`extract_events`, with the actors and entity mentions of the parties it had to name."""
    mentions = Mentions.index(doc, entities)
    status.mark_headline(doc, article.title)
    triggers = find_triggers(doc, typer or LearnedTyper())
    actors = list(actors)
    ctx = _Context(article, mentions, speech.attributions(doc, mentions.actor_at), triggers,
                   frozenset(a.actor_id for a in actors if a.kind == "person"))
    found: list[EventMention] = []
    for i, trigger in sorted(triggers.items()):
        token = doc[i]
        demand = trigger.demand_by is not None  # "Israel must end attacks", reported, is an event of its own
        if i not in mentions.at and (demand or not _carries_event_noun(token, triggers)):
            found.extend(_mentions_for(token, trigger, ctx))
    found = fill_from_context(dating.date_from_clauses(doc, found), actors)
    where = ArticlePlaces.of(article, doc)  # no place of its own: the paragraph's, the dateline's, the article's
    found = [m if m.location else dataclasses.replace(m, location=where.place_for(m.start)) for m in found]
    return Extraction(found, mentions.unnamed.actors(), mentions.unnamed.mentions())


def fill_from_context(found: list[EventMention], actors: Iterable[Actor] = ()) -> list[EventMention]:
    """What a report leaves out, from the latest earlier report of the same kind of event (type,
    OTHER's subtype, planned or not):

    - a planned one its agent, from the same speaker's plans: "We are planning meetings for our
      president - with Khamenei ... there will be a meeting with Erdogan," Ushakov said (of what
      has happened, "police said" is said of too many things to tell whose they were);
    - its date and place, from a report that names one of its participants: "Police arrested
      Jermaine Smith in Dayton on Tuesday ... Smith was arrested after a chase" is one arrest.
      Unnamed groups (police, protesters) tie nothing together, nor, in what has happened, does
      a country (the US bombs many places); a planned trip is tied by the countries its
      participants act for, as event coders code a leader as his government: "Putin will meet
      Khamenei in Tehran on Monday ... also set to meet his counterpart Rouhani ... an upcoming
      summit of Iran, Russia and Turkey". Hypothetical and negated reports get no date or place.
      The place's basis is `context`; the date keeps its own, as the text dates this very act
      (and the linker keeps reports with text dates a year apart apart: the seeds' 2018 meetings
      are not the 2017 talks)."""
    country_of = {a.actor_id: a.country for a in actors if a.country}
    countries = {a.actor_id for a in actors if a.kind == "country"}
    filled: list[EventMention] = []
    # the latest earlier report that could lend to a later one, found by key rather than by walking
    # back through every earlier report (quadratic in an article of thousands of mentions)
    voices: dict[tuple[str, tuple[str, str | None, bool]], EventMention] = {}  # (speaker, kind) -> with an agent
    situated: dict[tuple[tuple[str, str | None, bool], str], int] = {}  # (kind, party) -> index, with date or place
    for m in found:
        if m.status == "planned" and not m.source_actors and m.target_actors and m.speaker:
            voice = voices.get((m.speaker, _kind(m)))
            if voice is not None:
                m = dataclasses.replace(m, source_actors=tuple(a for a in voice.source_actors
                                                               if a not in m.target_actors))
        parties = _parties(m, country_of, countries)
        if (m.date is None or m.location is None) and parties and m.status not in ("hypothetical", "negated"):
            latest = max((situated.get((_kind(m), party), -1) for party in parties), default=-1)
            if latest >= 0:
                earlier = filled[latest]
                place = m.location or (earlier.location.with_basis("context") if earlier.location else None)
                m = dataclasses.replace(m, date=m.date or earlier.date, location=place)
        if m.speaker and m.source_actors:
            voices[m.speaker, _kind(m)] = m
        if m.date or m.location:
            for party in parties:
                situated[_kind(m), party] = len(filled)
        filled.append(m)
    return filled


def _parties(m: EventMention, country_of: dict[str, str], countries: set[str]) -> set[str]:
    """The participants that tie reports together: those that name someone in particular (not a
    sector group, "sector:police"), with the countries they act for when the report is planned,
    and without countries when it is not."""
    named = {a for a in (*m.source_actors, *m.target_actors) if not a.startswith("sector:")}
    if m.status == "planned":
        return named | {country_of[a] for a in named if a in country_of}
    return named - countries


def _kind(m: EventMention) -> tuple[str, str | None, bool]:
    """What reports must share to lend each other an agent, a date or a place: the type, OTHER's
    subtype, and whether it is planned."""
    return m.type, m.subtype, m.status == "planned"


def _occurs(verb: Token, noun: Token) -> bool:
    """Whether the verb says that its subject, the event noun, occurred: "the shooting happened",
    "the incident occurred", "protests erupted"."""
    return verb.lemma_.lower() in words().occurrence_verbs and arguments.nominal_head(noun).dep_ == "nsubj"


def _carries_event_noun(verb: Token, triggers: Triggers) -> bool:
    """The verb only carries an event noun, which is the mention: "struck a deal", "the deal that
    Tehran struck", "called off the talks", "the earthquake struck"."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    objects = [c for c in verb.children if c.dep_ in arguments.OBJECTS]
    if _carries(verb):
        carried = objects + ([verb.head] if verb.dep_ == "relcl" else [])
        if any(o.i in triggers for o in carried):
            return True
    occurs = verb.lemma_.lower() in words().occurrence_verbs
    if occurs and all(o.ent_type_ in arguments.LOCATION_LABELS for o in objects):
        return any(c.dep_ == "nsubj" and c.i in triggers for c in verb.children)
    return False
