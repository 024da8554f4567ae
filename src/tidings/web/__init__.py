"""The analyst web UI: server-rendered pages over the same queries as the JSON API.

Every page is the HTML twin of an API response (`/events` of `/api/events`, `/events/{id}` of
`/api/events/{id}`, ...), rendered by Jinja2 with autoescaping on: article text, titles and sentences
are always escaped, and highlights are built here from stored offsets as a list of plain-text
segments, never by inserting markup into article text. Charts are SVG drawn from geometry computed
in `tidings.web.charts`; the map is Leaflet over Natural Earth countries. Scripts, styles and map
data are static files of this package (front-end libraries vendored by `make vendor`, see
static/vendor/VENDOR.md), so the UI works with no network at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from tidings import query
from tidings.web import charts
from tidings.web.text import highlight_segments, safe_link, sentence_parts

HERE = Path(__file__).resolve().parent
environment = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True)
templates = Jinja2Templates(env=environment)
router = APIRouter(include_in_schema=False)

EVENT_FILTERS = ("actor", "type", "mode", "status", "country", "place", "from", "to", "q", "sort")


def mount_web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, {"nav": name.split(".")[0], **context}, status_code=status_code)


def render_error(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status_code=status, status=status, message=message)


def store_of(request: Request) -> Any:
    return request.app.state.store


def with_params(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one); relative, so that
    links never name a host."""
    params = {k: v for k, v in request.query_params.items() if v != ""}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


# Events -----------------------------------------------------------------------------------------

def form_query(request: Request, limit: int = 50) -> tuple[query.EventQuery, dict[str, str], dict[str, str]]:
    """The events filters from a submitted form: blank fields are absent, and each bad field gets a
    message shown beside it instead of a failed request. An actor may be named instead of given by id."""
    from tidings.api import EVENT_TYPES, STATUSES

    raw = {k: request.query_params.get(k, "").strip() for k in (*EVENT_FILTERS, "offset")}
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for key, field in (("from", "date_from"), ("to", "date_to")):
        if raw[key]:
            try:
                values[field] = date.fromisoformat(raw[key])
            except ValueError:
                errors[key] = "Use a date like 2015-11-23."
    if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        errors["to"] = "The end date is before the start date."
    checks = {"type": EVENT_TYPES, "status": STATUSES, "sort": query.EVENT_SORTS}
    for key, allowed in checks.items():
        if raw[key] and raw[key] not in allowed:
            errors[key] = f"Choose one of: {', '.join(allowed)}."
    if raw["country"] and not (len(raw["country"]) == 3 and raw["country"].isalpha()):
        errors["country"] = "Use a three-letter ISO code such as IRN."
    for key in ("mode", "place", "q", "actor"):
        if len(raw[key]) > 200 or "\x00" in raw[key]:
            errors[key] = "Too long or not text."
    offset = int(raw["offset"]) if raw["offset"].isdigit() and len(raw["offset"]) < 9 else 0
    actor_id, actor_note = (resolve_actor(request, raw["actor"]) if raw["actor"] and "actor" not in errors
                            else (None, ""))
    if raw["actor"] and actor_id is None and "actor" not in errors:
        errors["actor"] = f"No actor matches “{raw['actor']}”."
    valid = {k: v for k, v in raw.items() if k not in errors}
    q = query.EventQuery(actor=actor_id, type=valid.get("type") or None, mode=valid.get("mode") or None,
                         status=valid.get("status") or None, country=(valid.get("country") or "").upper() or None,
                         place=valid.get("place") or None,
                         date_from=values.get("date_from") if "from" not in errors else None,
                         date_to=values.get("date_to") if "to" not in errors else None, q=valid.get("q") or None,
                         sort=valid.get("sort") or "date", limit=limit, offset=offset)
    return q, errors, ({"actor": actor_note} if actor_note else {})


def resolve_actor(request: Request, text: str) -> tuple[str | None, str]:
    """An actor id from an id or a name typed in the form, and the name to show."""
    engine = store_of(request).engine
    named = query.actor_names(engine, {text})
    if text in named:
        return text, named[text]
    page = query.search_actors(engine, text, limit=1)
    return (page.items[0]["actor_id"], page.items[0]["name"]) if page.items else (None, "")


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/events", status_code=302)


@router.get("/events")
def events_page(request: Request) -> Response:
    q, errors, notes = form_query(request)
    page = query.search_events(store_of(request).engine, q)
    return render(request, "events.html", status_code=400 if errors else 200, page=page, q=q, errors=errors,
                  notes=notes, params=request.query_params, **timeline_context(request, q),
                  map_url=with_params(request, offset=None, bucket=None).replace("/events", "/map", 1),
                  next_url=with_params(request, offset=page.next_offset) if page.next_offset is not None else None,
                  prev_url=with_params(request, offset=max(0, page.offset - page.limit)) if page.offset else None,
                  api_url="/api" + with_params(request, bucket=None), statuses=_choices("STATUSES"),
                  types=_choices("EVENT_TYPES"), sorts=query.EVENT_SORTS)


def timeline_context(request: Request, q: query.EventQuery) -> dict[str, Any]:
    """The timeline of the events list and the map: bucketed counts on a bounded axis, its
    outliers, and links (and, in app.js, brushing) that set the from/to filters of this page."""
    bucket: Literal["week", "month"] = "week" if request.query_params.get("bucket") == "week" else "month"
    found = query.timeline(store_of(request).engine, q, bucket)

    def link(start: str, end: str) -> str:
        return with_params(request, **{"from": start, "to": end, "offset": None})

    for o in found["outliers"]:
        o["href"] = link(o["start"], o["end"])
    return {"bucket": bucket, "timeline": found, "chart": charts.timeline_chart(found, link),
            "other_bucket_url": with_params(request, bucket="week" if bucket == "month" else "month"),
            "clear_dates_url": with_params(request, **{"from": None, "to": None, "offset": None})}


def _choices(name: str) -> tuple[str, ...]:
    from tidings import api
    return getattr(api, name)


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: str) -> Response:
    engine = store_of(request).engine
    found = query.find_event_id(engine, event_id) if len(event_id) <= 64 else None
    if found is None:
        return render_error(request, 404, f"No event {event_id!r}.")
    if found != event_id:
        return RedirectResponse(f"/events/{found}", status_code=308)
    event = query.event_detail(engine, found)
    assert event is not None  # find_event_id has just found it
    for m in event["mentions"]:
        m["parts"] = sentence_parts(m)
        m["link"] = safe_link(m["url"])
    return render(request, "event.html", event=event)


# Actors -----------------------------------------------------------------------------------------

@router.get("/actors")
def actors_page(request: Request) -> Response:
    text = request.query_params.get("q", "").strip()[:200].replace("\x00", "")
    offset_param = request.query_params.get("offset", "")
    offset = int(offset_param) if offset_param.isdigit() and len(offset_param) < 9 else 0
    page = query.search_actors(store_of(request).engine, text or None, limit=50, offset=offset)
    return render(request, "actors.html", page=page, text=text,
                  next_url=with_params(request, offset=page.next_offset) if page.next_offset is not None else None,
                  prev_url=with_params(request, offset=max(0, offset - 50)) if offset else None)


@router.get("/actors/{actor_id}")
def actor_page(request: Request, actor_id: str) -> Response:
    actor = query.actor_detail(store_of(request).engine, actor_id, limit=200) if len(actor_id) <= 64 else None
    if actor is None:
        return render_error(request, 404, f"No actor {actor_id!r}.")
    return render(request, "actor.html", actor=actor, network=charts.network(actor),
                  roles_chart=charts.roles_over_time(actor))


# Articles, stories, map -------------------------------------------------------------------------

@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: str) -> Response:
    article = query.article_detail(store_of(request).engine, article_id) if len(article_id) <= 64 else None
    if article is None:
        return render_error(request, 404, f"No article {article_id!r}.")
    segments = highlight_segments(article["text"], article["entity_mentions"], article["event_mentions"])
    return render(request, "article.html", article=article, segments=segments, link=safe_link(article["url"]))


@router.get("/stories")
def stories_page(request: Request) -> Response:
    offset_param = request.query_params.get("offset", "")
    offset = int(offset_param) if offset_param.isdigit() and len(offset_param) < 9 else 0
    page = query.search_stories(store_of(request).engine, limit=50, offset=offset)
    return render(request, "stories.html", page=page,
                  next_url=with_params(request, offset=page.next_offset) if page.next_offset is not None else None,
                  prev_url=with_params(request, offset=max(0, offset - 50)) if offset else None)


@router.get("/stories/{story_id}")
def story_page(request: Request, story_id: str) -> Response:
    story = query.story_detail(store_of(request).engine, story_id) if len(story_id) <= 64 else None
    if story is None:
        return render_error(request, 404, f"No story {story_id!r}.")
    return render(request, "story.html", story=story)


#: The map draws at most this many places (those with most events; the API's `/api/places` limit):
#: more would make the page heavy without showing more at any zoom an analyst can read.
MAP_PLACES = 5000


@router.get("/map")
def map_page(request: Request) -> Response:
    q, errors, notes = form_query(request)
    everywhere = query.places(store_of(request).engine, q)
    found = everywhere[:MAP_PLACES]
    events_url = with_params(request, offset=None, bucket=None).replace("/map", "/events", 1)

    def link(place: dict[str, Any]) -> str:
        return with_params(request, place=place["name"], offset=None, bucket=None).replace("/map", "/events", 1)

    return render(request, "map.html", status_code=400 if errors else 200, q=q, errors=errors,
                  places=[{**p, "href": link(p)} for p in found],
                  notes=notes, params=request.query_params, map_data=charts.map_data(found, link),
                  events_url=events_url, statuses=_choices("STATUSES"), types=_choices("EVENT_TYPES"),
                  places_left_out=len(everywhere) - len(found),
                  **timeline_context(request, q))


__all__ = ["mount_web", "render_error"]
