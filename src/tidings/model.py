"""The records every stage speaks.

Stages never share internals: a reader yields `RawArticle`s, cleaning turns one into an `Article`,
the per-article stages add `EntityMention`s, `TimeExpr`s and `EventMention`s, and linking groups
event mentions into `Event`s. Every mention carries character offsets into `Article.text`, the
clean text that exports and evidence refer to.

Records are frozen and slotted; `to_dict`/`from_dict` give the JSON shapes of DESIGN.md.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

ActorKind = Literal["person", "organization", "country", "group", "other"]
Precision = Literal["day", "week", "month", "year"]
#: Where a date comes from: a time expression governing the mention (`text`), another dated mention
#: of the same event or the paragraph's event in the same article (`context`), or only the
#: publication day (`publication`: a window ending there for what happened, starting there for
#: what is planned).
Basis = Literal["text", "context", "publication"]
#: Where a place comes from: the mention's own sentence (`text`), its paragraph or another mention
#: of the same event (`context`), the article's dateline (`dateline`), or the place the article is
#: mostly about (`article`).
PlaceBasis = Literal["text", "context", "dateline", "article"]
PlaceKind = Literal["city", "country", "region", "other"]
#: How precisely a place locates an event: a town or city (`point`), an administrative area such
#: as a county, state or province (`admin`), or only a country (`country`).
PlacePrecision = Literal["point", "admin", "country"]
PRECISION_OF_KIND: dict[str, PlacePrecision] = {"city": "point", "region": "admin", "country": "country"}
Status = Literal["planned", "occurred", "ongoing", "hypothetical", "negated", "cancelled", "unknown"]

STATUSES: tuple[str, ...] = ("planned", "occurred", "ongoing", "hypothetical", "negated", "cancelled", "unknown")
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
EVENT_TYPES: tuple[str, ...] = PLOVER_TYPES + ("OTHER",)


def content_id(*parts: str, length: int = 16) -> str:
    """A short stable id derived from content: the same input always gets the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


#: Prefix of the ids of parties an event names by a common noun ("prisoners", "the referendum"):
#: like a sector without a country, such an actor names no one in particular (`events.unnamed`).
UNNAMED_ACTOR_PREFIX = "unnamed:"


def is_generic_actor(actor_id: str) -> bool:
    """"police" or "protesters" with no country (`sector:<sector>`), or a party named by a common noun
    ("prisoners": `unnamed:<words>`), name no one in particular."""
    return actor_id.startswith("sector:") and actor_id.count(":") == 1 or actor_id.startswith(UNNAMED_ACTOR_PREFIX)


def unnamed_actor_id(name: str) -> str:
    """Id of a party named by a common noun phrase: the same words give the same id anywhere."""
    return UNNAMED_ACTOR_PREFIX + " ".join(name.lower().split())


@dataclass(frozen=True, slots=True)
class DateInterval:
    """When something happened, as an interval of days: "in July" is the whole month."""

    start: date
    end: date
    precision: Precision
    basis: Basis | None = "text"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "precision": self.precision, "basis": self.basis}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> DateInterval | None:
        if not d:
            return None
        return cls(date.fromisoformat(d["start"]), date.fromisoformat(d["end"]), d["precision"], d.get("basis"))

    def overlaps(self, other: DateInterval) -> bool:
        return not (self.end < other.start or other.end < self.start)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class RawArticle:
    """What a reader found, before cleaning: one news item and where it came from."""

    source_path: str
    body: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A lone surrogate ("\\ud9df" in a JSON record) can be neither hashed nor stored: it
        # becomes U+FFFD, as a decoder's errors="replace" would have made it.
        for name in ("source_path", "body", "title", "source", "url", "language"):
            value = getattr(self, name)
            if isinstance(value, str) and _LONE_SURROGATE.search(value):
                object.__setattr__(self, name, _LONE_SURROGATE.sub("\ufffd", value))
        if any(isinstance(v, str) and _LONE_SURROGATE.search(v) for v in self.provenance.values()):
            object.__setattr__(self, "provenance", {k: _LONE_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v
                                                    for k, v in self.provenance.items()})

    @property
    def article_id(self) -> str:
        """Hash of where the item came from and its content: re-ingesting it changes nothing."""
        return content_id(self.url or self.source_path.rsplit("/", 1)[-1], self.title or "", self.body)


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article. `text` is the title as first paragraph, then the body without dateline
    and boilerplate; every offset in the project refers to it."""

    article_id: str
    source_path: str
    text: str
    title: str | None = None
    source: str | None = None
    published: date | None = None
    dateline: str | None = None
    agency: str | None = None
    url: str | None = None
    language: str | None = None
    content_hash: str = ""
    duplicate_of: str | None = None
    story_id: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)

    def replace(self, **changes: Any) -> Article:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of `Article.text`, by offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Role:
    """An office held by a person: "President of Iran" from 2013-08-03 to 2021-08-03."""

    title: str
    country: str | None = None
    start: date | None = None
    end: date | None = None

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "country": self.country,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Role:
        return cls(d["title"], d.get("country"),
                   date.fromisoformat(d["start"]) if d.get("start") else None,
                   date.fromisoformat(d["end"]) if d.get("end") else None)


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, country or group with a stable id (a Wikidata QID where known)."""

    actor_id: str
    name: str
    kind: ActorKind = "other"
    country: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    kb_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"actor_id": self.actor_id, "name": self.name, "aliases": list(self.aliases),
                "kind": self.kind, "country": self.country, "roles": [r.to_dict() for r in self.roles],
                "kb_id": self.kb_id}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        return cls(d["actor_id"], d["name"], d.get("kind") or "other", d.get("country"),
                   tuple(d.get("aliases") or ()), tuple(Role.from_dict(r) for r in d.get("roles") or ()),
                   d.get("kb_id"))


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A span of `Article.text` that names or describes an actor ("the Kremlin strongman")."""

    start: int
    end: int
    text: str
    label: str
    actor_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "label": self.label,
                "actor_id": self.actor_id}


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A temporal expression of the text and the interval it resolves to (None when it cannot be)."""

    start: int
    end: int
    text: str
    interval: DateInterval | None


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place; `kind` tells a city point from a whole country."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: PlaceKind = "other"
    basis: PlaceBasis | None = None
    #: The state or province a town or county lies in (or a state's own name): "Bristol" of
    #: Connecticut is not Bristol of England, and a shooting in Seattle is not one in Michigan.
    region: str | None = None

    @property
    def precision(self) -> PlacePrecision | None:
        return PRECISION_OF_KIND.get(self.kind)

    def with_basis(self, basis: PlaceBasis) -> Place:
        return dataclasses.replace(self, basis=basis)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "region": self.region, "lat": self.lat, "lon": self.lon,
                "kind": self.kind, "precision": self.precision, "basis": self.basis}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Place | None:
        if not d:
            return None
        return cls(d["name"], d.get("country"), d.get("lat"), d.get("lon"), d.get("kind") or "other", d.get("basis"),
                   d.get("region"))


@dataclass(frozen=True, slots=True)
class Signature:
    """What the linker's pair scorer needs of one mention beyond the record itself, computed while
    the article's parse exists (`link.pairs.signatures_of`) and stored with the mention, so that
    relinking never parses again."""

    lemma: str
    pos: str = ""
    terms: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    window: tuple[str, ...] = ()
    embedding: str = ""  # base64 of a unit float16 vector (link.pairs.EMBEDDING_DIMS); "" when unknown
    sentence_embedding: str = ""  # the same for the whole sentence

    def vector(self, which: str = "window") -> Any:
        """The window's (or the sentence's) embedding as a float32 numpy vector, or None."""
        packed = self.embedding if which == "window" else self.sentence_embedding
        if not packed:
            return None
        import numpy as np

        return np.frombuffer(base64.b64decode(packed), dtype=np.float16).astype(np.float32)

    def to_dict(self) -> dict[str, Any]:
        return {"lemma": self.lemma, "pos": self.pos, "terms": list(self.terms), "entities": list(self.entities),
                "window": list(self.window), "embedding": self.embedding,
                "sentence_embedding": self.sentence_embedding}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Signature | None:
        if not d:
            return None
        return cls(d["lemma"], d.get("pos", ""), tuple(d.get("terms", ())), tuple(d.get("entities", ())),
                   tuple(d.get("window", ())), d.get("embedding", ""), d.get("sentence_embedding", ""))


@dataclass(frozen=True, slots=True)
class Profile:
    """What the linker needs of one article: its most frequent words (entity words counted more)
    and its entity keys, for TF-IDF article similarity (`link.pairs.profile_of`)."""

    terms: Mapping[str, int] = field(default_factory=dict)
    entities: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"terms": dict(self.terms), "entities": list(self.entities)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Profile:
        if not d:
            return cls()
        return cls(dict(d.get("terms", {})), tuple(d.get("entities", ())))


@dataclass(frozen=True, slots=True)
class EventMention:
    """One report of an event in one article, with the evidence that supports it."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: str
    type: str
    status: Status = "unknown"
    mode: str | None = None
    subtype: str | None = None
    date: DateInterval | None = None
    location: Place | None = None
    source_actors: tuple[str, ...] = ()
    target_actors: tuple[str, ...] = ()
    speaker: str | None = None
    #: How surely this is a real event of this type, from the learned detector (`events.detect`).
    confidence: float = 1.0
    #: What linking compares (`link.pairs`); None for mentions made without a parse.
    signature: Signature | None = field(default=None, compare=False)
    #: The mention id that names this mention's event within its own article (`link.within_article`).
    local_event: str | None = None

    @property
    def mention_id(self) -> str:
        """Stable id; the targets tell apart the mentions one trigger gives ("host A on Tuesday
        and B on Thursday")."""
        return content_id(self.article_id, str(self.start), str(self.end), *self.target_actors, length=20)

    def to_dict(self) -> dict[str, Any]:
        return {"mention_id": self.mention_id, "article_id": self.article_id, "start": self.start,
                "end": self.end, "text": self.text, "sentence": self.sentence, "type": self.type,
                "mode": self.mode, "subtype": self.subtype, "status": self.status,
                "date": self.date.to_dict() if self.date else None,
                "location": self.location.to_dict() if self.location else None,
                "source_actors": list(self.source_actors), "target_actors": list(self.target_actors),
                "speaker": self.speaker, "confidence": self.confidence,
                "signature": self.signature.to_dict() if self.signature else None, "local_event": self.local_event}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EventMention:
        return cls(d["article_id"], d["start"], d["end"], d["text"], d["sentence"], d["type"],
                   d.get("status") or "unknown", d.get("mode"), d.get("subtype"),
                   DateInterval.from_dict(d.get("date")), Place.from_dict(d.get("location")),
                   tuple(d.get("source_actors") or ()), tuple(d.get("target_actors") or ()), d.get("speaker"),
                   d.get("confidence", 1.0), Signature.from_dict(d.get("signature")), d.get("local_event"))


def text_order(m: EventMention) -> tuple[Any, ...]:
    """Mentions in the order of the text; one trigger with several dated argument groups ('host A on
    Tuesday and B on Thursday') in the order of their dates, so that no tie depends on ids (which
    change with an article's url)."""
    return m.start, m.end, m.date.start if m.date else date.min, m.mention_id


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world event, with every report of it. Its id is its oldest mention's and survives merges."""

    event_id: str
    type: str
    status: Status
    mention_ids: tuple[str, ...]
    mode: str | None = None
    subtype: str | None = None
    date: DateInterval | None = None
    location: Place | None = None
    source_actors: tuple[str, ...] = ()
    target_actors: tuple[str, ...] = ()
    merged_ids: tuple[str, ...] = ()
    #: How surely this is a real event: at least its surest report's confidence, more with each
    #: further report (`link.event_confidence`).
    confidence: float = 1.0
    #: Articles reporting it, and independent reports among them: a wire copy (`duplicate_of`)
    #: adds its mentions but is not another source.
    num_articles: int = 0
    num_sources: int = 0


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the per-article stages found in one article."""

    article: Article
    entities: tuple[EntityMention, ...] = ()
    actors: tuple[Actor, ...] = ()
    events: tuple[EventMention, ...] = ()
    profile: Profile | None = None
