"""Status and tense of an event mention, from the modality of its clause.

"will meet", "set to meet", "plans to visit", "an upcoming summit" -> planned; "met", "held" ->
occurred; "are backing" -> ongoing; "did not meet", "refused to meet" -> negated; "if they meet",
"urged him to resign" -> hypothetical; "called off the visit" -> cancelled. The tense a date
expression is read with follows the status: "on Monday" in a planned clause is the next Monday,
in an occurred one the last.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Token

from tidings.model import DateInterval, Status
from tidings.nlp import text_of
from tidings.time import Tense
from tidings.words import words


def _aux(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}


def _cancelling(head: Token) -> bool:
    """A verb that cancels its object or complement: "cancel", "postpone", and "call" only with
    "off" ("called off the visit", not "called on him to resign")."""
    lemma = head.lemma_.lower()
    if lemma == "call":
        return bool({c.lower_ for c in head.children if c.dep_ == "prt"} & words().cancelling_particles)
    return lemma in words().cancelling_heads


def _cancelled(token: Token) -> bool:
    """'called off the visit', 'postponed the talks', 'cancelled a meeting'."""
    head = token.head if token.dep_ in ("dobj", "nsubjpass", "xcomp") else token
    if head == token:
        return False
    return _cancelling(head)


def _participle_status(verb: Token, aux: set[str]) -> Status | None:
    """A participle clause without its own subject or auxiliary takes the status of the clause it
    hangs from: "Striking another blow, a warship repulsed an attack", "shot three people before
    killing himself", "asking the UN to act" after "will present"; "without firing" denies it."""
    if verb.tag_ not in ("VBG", "VBN") or aux or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    if verb.dep_ == "advcl":
        clause = verb.head
    elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        if verb.head.lower_ in words().denying_prepositions:
            return "negated"
        clause = verb.head.head
    else:
        return None
    return verb_status(clause) if clause != verb and clause.pos_ in ("VERB", "AUX") else None


def _reported_past(verb: Token) -> bool:
    """A past clause the parser hangs under the verb of saying that reports it: "the man who police
    say killed his wife" ("killed" a complement of "say"), "a man who police say shot and killed his
    son" ("say" an auxiliary of "shot"). It happened, whatever the tense of the saying."""
    saying = words().speech_verbs
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in saying:
        return verb.tag_ == "VBD"
    if not any(c.dep_ == "aux" and c.lemma_.lower() in saying for c in verb.children):
        return False
    # the parser, taking "say" for an auxiliary, tags the verb as a base form: its conjuncts tell the tense
    return any(v.tag_ == "VBD" or v.lower_ != v.lemma_.lower()
               for v in (verb, *(c for c in verb.children if c.dep_ == "conj")))


def verb_status(verb: Token, participle: bool = True) -> Status:
    """Status of a verbal clause. `participle=False` when the clause only governs the event (a noun
    it takes as object): "after confirming the bombing" says nothing of when the bombing was."""
    children = list(verb.children)
    aux = _aux(verb)
    if any(c.dep_ == "neg" or (c.lower_ in words().negations and c.dep_ in ("advmod", "neg")) for c in children):
        return "negated"
    if any(c.dep_ in ("nsubj", "nsubjpass") and _no_one(c) for c in children):
        return "negated"  # "No one was injured", "No foul play is suspected", "None of the victims were hurt"
    if any(c.dep_ == "mark" and c.lower_ in words().conditional_marks for c in children):
        return "hypothetical"
    if _reported_past(verb):
        return "occurred"
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and _cancelling(head):
        return "cancelled"
    if "would" in aux:  # reported plans ("the meeting would take place"), unless a condition is stated
        conditional = any(t.lower_ in words().conditional_marks for t in verb.sent)
        return "hypothetical" if conditional else "planned"
    if aux & words().future_aux or (verb.dep_ == "xcomp" and head.lemma_.lower() in words().planning_heads) \
            or ("to" in aux and verb.dep_ in ("ROOT", "advcl", "relcl", "acl", "ccomp")) \
            or ("going" in aux and "to" in aux):
        return "planned"
    if verb.dep_ == "xcomp" and "to" in aux and head.lemma_.lower() in words().refusing_heads:
        return "negated"
    if verb.dep_ == "xcomp" and "to" in aux and head.lemma_.lower() in words().requesting_heads:
        return "hypothetical"
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head.pos_ in ("VERB", "AUX"):
        adjective = head.lemma_.lower()
        if adjective in words().inability_adjectives:
            return "negated"
        if adjective in words().ability_adjectives:  # "were able to arrest him" happened as "were" did
            return verb_status(head.head)
    if verb.dep_ in ("xcomp", "conj") and head != verb and head.pos_ in ("VERB", "AUX"):
        return verb_status(head, participle)
    governing = _participle_status(verb, aux) if participle else None
    if governing is not None:
        return governing
    if aux & words().hypothetical_aux:
        return "hypothetical"
    if verb.tag_ == "VBG" and aux & words().progressive_aux:
        return "ongoing"
    if verb.tag_ == "VBG" and aux & words().past_progressive_aux:
        return "occurred"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and aux & {"has", "have", "had", "was", "were", "been"}):
        return "occurred"
    if verb.tag_ in ("VBZ", "VBP") and in_headline(verb):
        return "occurred"  # a headline tells what happened in the present: "Boy accidentally shoots, kills himself"
    if verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VBG" and verb.dep_ == "ROOT"):
        return "ongoing"
    if verb.tag_ == "VBN":
        return "occurred"
    return "unknown"


_HEADLINE_END = "tidings.headline_end"  # Doc.user_data key: where the article's title ends in its text


def mark_headline(doc: Doc, title: str | None) -> None:
    """Note where the article's title, its first paragraph, ends in the parsed text (`in_headline`)."""
    doc.user_data[_HEADLINE_END] = len(title) if title and text_of(doc).startswith(title) else 0


def in_headline(token: Token) -> bool:
    """Whether the word is in the article's title (`mark_headline`)."""
    return token.idx < token.doc.user_data.get(_HEADLINE_END, 0)


def noun_status(noun: Token, governor: Token | None) -> Status | None:
    """Status of an eventive noun from its own phrase: modifiers ("upcoming summit"), a planning
    noun ("plans for talks"), the verb it is an argument of, or a relative clause ("the deal that
    Tehran struck"). None when the phrase says nothing."""
    if _cancelled(noun):
        return "cancelled"
    if any(c.lower_ in words().planning_modifiers for c in noun.children if c.dep_ in ("amod", "compound", "nmod")):
        return "planned"
    if noun.dep_ in ("pobj", "prep") and _plans(noun.head.head, noun.head):
        return "planned"  # "plans for talks"; not "After Sunday's shooting, leaders hope ..."
    if any(c.dep_ == "neg" or c.lower_ == "no" for c in noun.children if c.dep_ in ("det", "neg")):
        return "negated"
    relative = next((c for c in noun.children if c.dep_ in ("relcl", "acl") and c.pos_ in ("VERB", "AUX")), None)
    if governor is not None:
        if governor.lemma_.lower() in words().planning_heads and noun.dep_ == "dobj":
            return "planned"
        if governor.lemma_.lower() in words().scheduling_heads and noun.dep_ == "nsubjpass":
            return "planned"
        if governor.lemma_.lower() in words().examining_verbs and noun.dep_ in ("dobj", "obj"):
            # "police are investigating a shooting": what is examined has happened, or may have ("a
            # suspected murder"), whatever the tense of the examining
            return "unknown" if _hedged(noun) else "occurred"
        return governed_status(noun, governor)
    if relative is not None:
        return verb_status(relative)
    return None


def _no_one(subject: Token) -> bool:
    """Whether a subject is no one or nothing: "no one", "nobody", "none of them", "no foul play"."""
    return subject.lower_ in words().nobody_pronouns or any(
        c.dep_ == "det" and c.lower_ == "no" for c in subject.children)


def _hedged(noun: Token) -> bool:
    """Whether a modifier hedges the event noun: "a possible shooting", "a suspected murder"."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in words().hedging_modifiers for c in noun.children)


def reported_suspicion(noun: Token) -> bool:
    """Whether a hedged event noun is what a call reported or officers came for: "responded to calls
    of a possible shooting", "a call about a possible shooting", "responded to a home for a possible
    murder suicide": something that may have happened, not a plan ("mobilized the army for a
    potential ground assault")."""
    if not _hedged(noun):
        return False
    prep = noun.head
    holder = prep.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("of", "about", "for"):
        return False
    lemma = holder.lemma_.lower()
    return (prep.lower_ != "for" and lemma in words().reporting_calls) or (
        prep.lower_ == "for" and lemma in words().responding_verbs)


def governed_status(noun: Token, verb: Token) -> Status:
    """The status an event noun takes from the verb its phrase hangs from: the verb's, but a denied
    verb leaves a known event standing (`_presupposed`): it happened ("was not in the office at the
    time of the attack", "the arrest will not affect his status"), unless the denial is of what is
    to come around it ("will not speak at the summit": nothing said of when)."""
    found = verb_status(verb, participle=False)
    if found == "negated" and _presupposed(noun, verb):
        ahead = _aux(verb) & words().future_aux and not _in_subject(noun, verb)
        return "unknown" if ahead else "occurred"
    return found


def _presupposed(noun: Token, verb: Token) -> bool:
    """Whether a denied verb leaves the event its phrase names standing: a definite event noun that
    is not what the verb itself takes ("was not in the office at the time of the attack", "did not
    require treatment for her injuries", "terms of the deal were not disclosed"); not one denied
    outright ("did not hear the gunshots")."""
    taken = noun.head.i == verb.i and noun.dep_ in ("dobj", "obj", "attr", "oprd")
    return is_definite(noun) and not taken


def _in_subject(word: Token, verb: Token) -> bool:
    """Whether the word is in the verb's subject phrase ("terms of the deal were not disclosed")."""
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i == verb.i for t in (word, *word.ancestors))


def is_definite(noun: Token) -> bool:
    """A noun phrase that names something known: "the incident", "this attack", "Tuesday's shooting"."""
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in words().definite_determiners)
               for c in noun.children)


def _plans(head: Token, preposition: Token) -> bool:
    """Whether a noun plans what its preposition introduces: "plans for talks", "an offer of aid";
    a call does only as a call for something ("calls for a ceasefire"), for a call of or about
    something reports it ("responded to a call of shots fired")."""
    lemma = head.lemma_.lower()
    if head.pos_ != "NOUN" or lemma not in words().planning_nouns:
        return False
    return lemma not in words().reporting_calls or preposition.lower_ == "for"


def status_from_date(when: DateInterval | None, published: date | None) -> Status:
    """With no verbal cue, a date before publication means it happened, after it that it is planned."""
    if when is None or published is None:
        return "unknown"
    if when.end < published:
        return "occurred"
    if when.start > published:
        return "planned"
    return "unknown"


def tense_of(status: Status, verb: Token | None) -> Tense:
    """The tense a date expression of the clause is read with."""
    if status in ("planned", "cancelled"):
        return "future"
    if status in ("occurred", "negated"):
        return "past"
    if status == "ongoing":
        return "present"
    if verb is not None and verb.tag_ in ("VBD", "VBN"):
        return "past"
    return "past"
