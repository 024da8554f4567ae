"""The API's response schemas: what each endpoint of `tidings.api` answers, as OpenAPI shows it.

The bodies themselves are built once, by `tidings.query` (reads) and `tidings.api` (ingestion);
these pydantic models only describe them, and FastAPI checks every answer against its model. They
allow fields they do not name, so that a field added to a body is never dropped on the way out.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Body(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(Body):
    status: int
    message: str
    details: Any = None


class ErrorBody(Body):
    """Every error of the API: 4xx and 5xx alike."""

    error: ErrorDetail


class ActorRef(Body):
    actor_id: str
    name: str | None = None


class Interval(Body):
    start: str | None
    end: str | None
    precision: str | None = None
    basis: str | None = Field(None, description="text, context or publication")


class Location(Body):
    name: str
    country: str | None = None
    region: str | None = Field(None, description="the state or province a town lies in")
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None
    precision: str | None = None
    basis: str | None = None


class Evidence(Body):
    article_id: str
    trigger: str
    sentence: str
    source: str | None = None
    published: str | None = None


class EventCore(Body):
    event_id: str
    type: str
    mode: str | None = None
    subtype: str | None = None
    status: str
    confidence: float
    num_articles: int | None = None
    num_sources: int | None = None
    date: Interval | None = None
    location: Location | None = None
    source_actors: list[ActorRef]
    target_actors: list[ActorRef]
    merged_ids: list[str]
    mention_count: int


class EventItem(EventCore):
    """An event as the list shows it, with its earliest report as evidence."""

    evidence: Evidence | None = None


class Paged(Body):
    total: int
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the following page, null on the last")


class EventPage(Paged):
    items: list[EventItem]


class FacetValue(Body):
    value: str | int = Field(description="what the facet's parameter takes to add this value to the filter")
    label: str | None = Field(None, description="a readable name (an actor's), when the value is an id")
    count: int
    selected: bool


class Facet(Body):
    name: str = Field(description="the facet, which is also the name of its filter parameter")
    timed_out: bool = Field(description="not counted in the time facets are given; no values then")
    values: list[FacetValue]


class Facets(Body):
    facets: list[Facet]


class Report(Body):
    """One report of an event: where it is in its article, and what that article says of it."""

    mention_id: str
    article_id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    start: int
    end: int
    text: str
    sentence: str
    sentence_start: int | None = None
    type: str
    mode: str | None = None
    subtype: str | None = None
    status: str
    date: Interval | None = None
    location: Location | None = None
    speaker: ActorRef | None = None
    source_actors: list[ActorRef]
    target_actors: list[ActorRef]
    confidence: float
    why_linked: dict[str, Any]


class StatusStep(Body):
    published: str | None = None
    article_id: str
    source: str | None = None
    status: str


class EventDetail(EventCore):
    mentions: list[Report]
    status_history: list[StatusStep]


class TimelineBucket(Body):
    start: str
    end: str
    count: int


class TimelineBounds(Body):
    start: str
    end: str


class TimelineInterval(Body):
    """Events dated more broadly than a bucket (`ranges`) or outside the axis (`outliers`)."""
    start: str
    end: str
    precision: str | None = None
    count: int


class Timeline(Body):
    bucket: str
    complete_axis: bool
    bounds: TimelineBounds | None = None
    counts: list[TimelineBucket]
    ranges: list[TimelineInterval] = []
    ranges_total: int = 0
    outliers: list[TimelineInterval] = []
    outliers_total: int = 0


class PlaceCount(Body):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None
    events: int


class Places(Body):
    items: list[PlaceCount]


class ActorItem(Body):
    actor_id: str
    name: str
    kind: str
    country: str | None = None
    aliases: list[str]
    roles: list[dict[str, Any]]
    kb_id: str | None = None
    event_count: int


class ActorPage(Paged):
    items: list[ActorItem]


class ActorEvent(EventCore):
    role: str = Field(description="source or target")


class Counterpart(Body):
    actor_id: str
    name: str | None = None
    events: int


class YearRoles(Body):
    year: int
    source: int
    target: int


class ActorDetail(ActorItem):
    events: list[ActorEvent]
    events_by_year: list[YearRoles]
    counterparts: list[Counterpart]


class EntitySpan(Body):
    start: int
    end: int
    text: str
    label: str
    actor_id: str | None = None
    actor_name: str | None = None


class EventSpan(Body):
    mention_id: str
    event_id: str | None = None
    start: int
    end: int
    text: str
    type: str
    mode: str | None = None
    status: str
    confidence: float


class ArticleDetail(Body):
    article_id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    dateline: str | None = None
    source_path: str
    language: str | None = None
    duplicate_of: str | None = None
    story_id: str | None = None
    text: str
    entity_mentions: list[EntitySpan]
    event_mentions: list[EventSpan]


class ArticleItem(Body):
    article_id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    dateline: str | None = None
    url: str | None = None
    duplicate_of: str | None = None
    story_id: str | None = None


class ArticlePage(Paged):
    items: list[ArticleItem]


class StoryItem(Body):
    story_id: str
    article_count: int
    title: str | None = None
    first_published: str | None = None
    last_published: str | None = None


class StoryPage(Paged):
    items: list[StoryItem]


class StoryArticle(Body):
    article_id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    duplicate_of: str | None = None


class StoryDetail(Body):
    story_id: str
    articles: list[StoryArticle]
    events: list[EventCore]


class Ingested(Body):
    article_id: str | None
    stored: bool
    already_stored: bool
    duplicate_of: str | None = None
    event_ids: list[str]
    errors: list[str]


#: The error answers every endpoint may give, for OpenAPI.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "unknown query parameters (the message lists the valid ones)"},
    404: {"model": ErrorBody, "description": "not found"},
    422: {"model": ErrorBody, "description": "a parameter's value is not understood"},
    429: {"model": ErrorBody, "description": "too many requests"},
    503: {"model": ErrorBody, "description": "the query took too long, or the database is busy"},
}


class ReviewDecision(Body):
    """One entry of the review audit log."""
    review_id: str
    number: int
    action: str
    event_ids: list[str]
    mention_ids: list[str]
    result: str | None = None
    who: str
    why: str
    decided_at: str


class ReviewOutcome(Body):
    review: ReviewDecision | None = None
    event_id: str | None = None
    changed: bool


class ReviewLog(Body):
    items: list[ReviewDecision]
