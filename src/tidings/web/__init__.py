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

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from tidings import query
from tidings.model import EVENT_TYPES, STATUSES
from tidings.web import charts
from tidings.web.text import highlight_segments, safe_link, sentence_parts

HERE = Path(__file__).resolve().parent
environment = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True)
templates = Jinja2Templates(env=environment)
router = APIRouter(include_in_schema=False)


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

def form_query(request: Request, extra: tuple[str, ...] = ()) -> tuple[query.EventQuery | None, dict[str, str]]:
    """The events filters of a page, through the same validation as the API
    (`query.parse_event_query`): the query, or None and each bad field's message, shown beside it.
    Unknown parameters raise `query.InvalidQuery`, which the app shows as a 400 error page."""
    try:
        return query.parse_event_query(request.query_params, extra), {}
    except query.InvalidQuery as e:
        if e.unknown:
            raise
        return None, e.problems


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/events", status_code=302)


@router.get("/events")
def events_page(request: Request) -> Response:
    q, errors = form_query(request, ("bucket",))
    engine = store_of(request).engine
    page, facets = query.Page([], 0, 50, 0), []
    if q is not None:
        page = query.search_events(engine, q)
        facets = facet_links(request, q, query.facets(engine, q))
    filters = with_params(request, bucket=None, offset=None, limit=None).partition("?")[2]
    return render(request, "events.html", status_code=400 if errors else 200, page=page, q=q, errors=errors,
                  params=request.query_params, actor_found=page.actor, actor_checked=q is not None,
                  facets=facets, **timeline_context(request, q),
                  map_url=with_params(request, offset=None, bucket=None).replace("/events", "/map", 1),
                  next_url=with_params(request, offset=page.next_offset) if page.next_offset is not None else None,
                  prev_url=with_params(request, offset=max(0, page.offset - page.limit)) if page.offset else None,
                  api_url="/api" + with_params(request, bucket=None),
                  downloads={fmt: f"/api/events.{fmt}" + (f"?{filters}" if filters else "")
                             for fmt in ("csv", "jsonl", "geojson")},
                  **form_choices())


def timeline_context(request: Request, q: query.EventQuery | None) -> dict[str, Any]:
    """The timeline of the events list and the map: bucketed counts on a bounded axis, its
    outliers, and links (and, in app.js, brushing) that set the from/to filters of this page."""
    bucket: Literal["week", "month"] = "week" if request.query_params.get("bucket") == "week" else "month"
    found = query.timeline(store_of(request).engine, q, bucket) if q is not None else {
        "bucket": bucket, "bounds": None, "counts": [], "ranges": [], "ranges_total": 0, "outliers": [],
        "outliers_total": 0}

    def link(start: str, end: str) -> str:
        return with_params(request, **{"from": start, "to": end, "offset": None})

    for o in found["outliers"]:
        o["href"] = link(o["start"], o["end"])
    return {"bucket": bucket, "timeline": found, "chart": charts.timeline_chart(found, link),
            "other_bucket_url": with_params(request, bucket="week" if bucket == "month" else "month"),
            "clear_dates_url": with_params(request, **{"from": None, "to": None, "offset": None})}


#: Facet names as the page heads them.
FACET_TITLES = {"type": "Type", "status": "Status", "country": "Country", "actor": "Actor", "source": "Outlet",
                "year": "Year", "basis": "Date basis", "confidence": "Confidence"}


def facet_links(request: Request, q: query.EventQuery, facets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each facet value with the link that adds it to the filter (or, when selected, removes it)."""
    for facet in facets:
        facet["title"] = FACET_TITLES[facet["name"]]
        for v in facet["values"]:
            change = None if v["selected"] else v["value"]
            v["href"] = with_params(request, offset=None, **{facet["name"]: change})
    return facets


def form_choices() -> dict[str, Any]:
    return {"statuses": STATUSES, "types": EVENT_TYPES, "sorts": query.EVENT_SORTS}


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
    q, errors = form_query(request, ("bucket",))
    everywhere = query.places(store_of(request).engine, q) if q is not None else []
    found = everywhere[:MAP_PLACES]
    events_url = with_params(request, offset=None, bucket=None).replace("/map", "/events", 1)

    def link(place: dict[str, Any]) -> str:
        return with_params(request, place=place["name"], offset=None, bucket=None).replace("/map", "/events", 1)

    return render(request, "map.html", status_code=400 if errors else 200, q=q, errors=errors,
                  places=[{**p, "href": link(p)} for p in found], params=request.query_params,
                  actor_found=None, actor_checked=False, map_data=charts.map_data(found, link),
                  events_url=events_url, places_left_out=len(everywhere) - len(found),
                  **timeline_context(request, q), **form_choices())


# API documentation -----------------------------------------------------------------------------

@router.get("/docs")
def docs_page(request: Request) -> Response:
    """The API's documentation, drawn here from its OpenAPI description: works offline, where
    FastAPI's Swagger UI page loads its scripts from a CDN."""
    spec = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "anchor": f"{method}{path}".replace("/", "-"),
                "parameters": [{**p, "type": _schema_type(p.get("schema", {})),
                                "description": p.get("description") or p.get("schema", {}).get("description")}
                               for p in op.get("parameters", [])],
                "responses": [{"status": status, "description": r.get("description", ""),
                               "schema": _schema_name(r)} for status, r in sorted(op.get("responses", {}).items())],
            })
    schemas = [(name, [{"name": field, "type": _schema_type(f), "description": f.get("description")}
                       for field, f in s.get("properties", {}).items()])
               for name, s in sorted(spec.get("components", {}).get("schemas", {}).items())]
    return render(request, "docs.html", spec=spec, operations=operations, schemas=schemas)


def _schema_type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_schema_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_schema_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return str(schema.get("type", "any"))


def _schema_name(response: dict[str, Any]) -> str | None:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return schema["$ref"].rsplit("/", 1)[-1] if "$ref" in schema else None


__all__ = ["mount_web", "render_error"]
