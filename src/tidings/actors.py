"""Actors: entity mentions of an article resolved to actors with stable ids.

Reads the parsed article (spaCy's PERSON, ORG, GPE and NORP spans); writes `EntityMention`s with
offsets into `Article.text` and the `Actor`s they name. Ids are deterministic, so the same name
gives the same actor in every article: "Vladimir Putin" in two articles is one actor.
"""

from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Doc

from tidings.model import Actor, Article, EntityMention, content_id

KIND_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "country"}
_NON_WORD = re.compile(r"[^\w]+")


def normalized(name: str) -> str:
    """Lower case, accents folded, punctuation to single spaces: 'François' -> 'francois'."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    folded = re.sub(r"[\u2019']s$", "", folded)
    return _NON_WORD.sub(" ", folded.lower()).strip()


def actor_id_for(kind: str, name: str) -> str:
    return "tid:" + content_id(kind, normalized(name), length=12)


def resolve_entities(article: Article, doc: Doc) -> tuple[list[EntityMention], list[Actor]]:
    """Every named entity that can be an actor, with the actor it names."""
    mentions: list[EntityMention] = []
    found: dict[str, Actor] = {}
    for ent in doc.ents:
        kind = KIND_OF_LABEL.get(ent.label_)
        if kind is None or not normalized(ent.text):
            continue
        actor_id = actor_id_for(kind, ent.text)
        mentions.append(EntityMention(ent.start_char, ent.end_char, ent.text, ent.label_, actor_id))
        known = found.get(actor_id)
        aliases = tuple(sorted({ent.text, *(known.aliases if known else ())}))
        found[actor_id] = Actor(actor_id, known.name if known else ent.text, kind, aliases=aliases)
    return mentions, list(found.values())
