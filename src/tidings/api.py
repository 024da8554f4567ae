"""The REST API (JSON under /api/, OpenAPI at /openapi.json) and, in the same app, the web UI.

Route handlers parse and check parameters, call one function of `tidings.query` (reads) or
`tidings.run` (ingestion), and return its result; every error, an unexpected 500 included, has one
JSON shape, `{"error": {"status", "message", "details"}}`. The database is opened read-only unless
ingestion is on. Ingestion (`POST /api/articles`) is off unless a token is configured, needs
`Authorization: Bearer TOKEN`, and is bounded by a body size limit and a per-client rate limit;
requests without the right token count against a quota of their own, so that nobody can use up the
token holder's.

No client without a token can slow the server for the others: the heavy endpoints (exports, the
timeline, places) take one of a client's `heavy_per_client` slots (429 beyond), their queries stop
after `max_query_seconds` (503), and exports are built out of the server's process — in a child
process at low priority, at most `max_export_builds` at a time, within a time and a size limit —
once per format and database state (`Store.generation`): later requests stream the file built.

    app = create_app("tidings.db", ApiSettings(ingest_token="s3cret"))
    # uvicorn.run(app)  -- or: tidings serve --db tidings.db --ingest-token s3cret
"""

from __future__ import annotations

import atexit
import hmac
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from tidings import __version__, event_columns, query, review, schemas
from tidings.errors import TidingsError, UnknownFormat
from tidings.store import READ, Access, Store
from tidings.web import mount_web, render_error  # the web UI uses the query layer, never this module

log = logging.getLogger(__name__)

#: Text parameters: bounded, and without NUL, which PostgreSQL refuses in strings.
TEXT = r"^[^\x00]*$"
#: Ids of events, articles, stories and actors: hashes, Wikidata QIDs or `tid:` names.
ID = r"^[A-Za-z0-9:_.-]{1,64}$"


@dataclass(frozen=True)
class ApiSettings:
    """How the server behaves; resolved once by `tidings serve` (flags and TIDINGS_* variables)."""

    ingest_token: str | None = None
    """Bearer token that enables POST /api/articles; ingestion is off without one."""
    max_body_bytes: int = 2 * 1024 * 1024
    """Largest request body accepted (413 above)."""
    rate_limit: int = 30
    """Ingestion requests one client may make per `rate_window_s` (429 above); requests without
    the right token have a quota of their own, apart from the token holder's."""
    rate_window_s: float = 60.0
    allowed_hosts: tuple[str, ...] | None = None
    """Host headers accepted (None: any). Serving on loopback sets the loopback names, which
    stops DNS-rebinding pages from reaching the server through a browser."""
    heavy_per_client: int = 2
    """Heavy requests (exports, timeline, places) one client may have in flight (429 above)."""
    max_query_seconds: float = 10.0
    """A heavy request's queries are stopped after this long (503)."""
    max_export_builds: int = 1
    """Exports built at the same time, server-wide (503 above; requests for one being built wait for it)."""
    max_export_seconds: float = 600.0
    """An export build is stopped after this long (503)."""
    max_export_bytes: int = 4 * 1024 ** 3
    """Largest file an export may write (507 above)."""


def loopback_hosts(host: str) -> tuple[str, ...] | None:
    """The Host headers to accept when serving on an IPv4 loopback address; None (any) otherwise,
    since a server on a public address is reached by names this process cannot know."""
    if host == "localhost" or host.startswith("127."):
        return ("127.0.0.1", "localhost", host)
    return None


class ApiError(HTTPException):
    """An error a client can act on, with the one JSON shape of this API."""


def error_body(status: int, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, "details": details}}


# Request limits ---------------------------------------------------------------------------------

class BodyLimit:
    """ASGI middleware: refuse request bodies over `limit` bytes with 413, by header or while reading,
    so an oversized upload is never held in memory."""

    def __init__(self, app: Any, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await self._refuse(scope, receive, send)
        seen, refused = 0, False

        async def counted() -> dict:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:  # answer now; the app then sees the client gone
                refused = True
                await self._refuse(scope, receive, send)
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: dict) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except Exception:
            if not refused:
                raise

    async def _refuse(self, scope: dict, receive: Any, send: Any) -> None:
        message = f"request body larger than {self.limit:,} bytes"
        await JSONResponse(error_body(413, message), status_code=413)(scope, receive, send)


class RateLimiter:
    """At most `limit` requests per client in any `window` seconds (a sliding window of timestamps)."""

    def __init__(self, limit: int, window: float):
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._seen) > 10_000:  # forget idle clients so the table cannot grow without bound
                self._seen = {c: q for c, q in self._seen.items() if q and q[-1] > now - self.window}
            stamps = self._seen.setdefault(client, deque())
            while stamps and stamps[0] <= now - self.window:
                stamps.popleft()
            if len(stamps) >= self.limit:
                return False
            stamps.append(now)
            return True


SECURITY_HEADERS = {
    # Scripts and styles only from this server: an injected <script> or inline handler never runs.
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


# The app ----------------------------------------------------------------------------------------

def create_app(store_or_url: Store | str | Path | None, settings: ApiSettings | None = None) -> FastAPI:
    """The API and the web UI over one database (a Store, an SQLAlchemy URL or an SQLite path).
    A URL or path is opened read-only, and must name an existing database, unless ingestion is on."""
    settings = settings or ApiSettings()
    if isinstance(store_or_url, Store):
        store = store_or_url
    else:
        store = Store.open(store_or_url, Access() if settings.ingest_token else READ)
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        event_columns.warm(store.engine)  # a big database's list is fast from the first minutes on
        yield

    app = FastAPI(title="Tidings", version=__version__, docs_url=None, redoc_url=None,  # docs pages need a CDN
                  description="Events extracted from news articles, linked across reports, with their evidence.",
                  lifespan=lifespan)
    app.state.store, app.state.settings = store, settings
    app.state.rate_limiter = RateLimiter(settings.rate_limit, settings.rate_window_s)
    app.state.heavy_slots = ClientSlots(settings.heavy_per_client)
    app.state.exports = Exports(store, settings)
    app.state.ingest_lock = threading.Lock()
    app.include_router(router, prefix="/api")
    mount_web(app)
    _install_error_handlers(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    if settings.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    return app


def _install_error_handlers(app: FastAPI) -> None:
    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api/") and request.url.path != "/openapi.json"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if wants_html(request):
            return render_error(request, exc.status_code, message)
        return JSONResponse(error_body(exc.status_code, message), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = [{"where": ".".join(map(str, e.get("loc", ()))), "problem": e.get("msg")} for e in exc.errors()]
        message = "; ".join(f"{d['where']}: {d['problem']}" for d in details) or "invalid request"
        if wants_html(request):
            return render_error(request, 422, message)
        return JSONResponse(error_body(422, message, details), status_code=422)

    @app.exception_handler(query.InvalidQuery)
    async def invalid_query(request: Request, exc: query.InvalidQuery) -> Response:
        """Unknown parameters: 400, with the valid ones; bad values: 422, each with its problem."""
        status = 400 if exc.unknown else 422
        details: Any = ({"unknown": exc.unknown, "valid": exc.valid} if exc.unknown else
                        [{"where": f"query.{k}", "problem": v} for k, v in exc.problems.items()])
        if wants_html(request):
            return render_error(request, status, str(exc))
        return JSONResponse(error_body(status, str(exc), details), status_code=status)

    @app.exception_handler(TidingsError)
    async def tidings_error(request: Request, exc: TidingsError) -> Response:
        status = 404 if isinstance(exc, UnknownFormat) else 400
        if wants_html(request):
            return render_error(request, status, str(exc))
        return JSONResponse(error_body(status, str(exc)), status_code=status)

    @app.exception_handler(OperationalError)
    async def database_error(request: Request, exc: OperationalError) -> Response:
        """A query stopped at its time limit, or the database unreachable: try again later."""
        stopped = "interrupted" in str(exc.orig) or "statement timeout" in str(exc.orig)
        message = ("the query took too long and was stopped; narrow it (from, to, actor, type) or try again"
                   if stopped else "the database cannot be read just now; try again shortly")
        log.warning("database error on %s: %s", request.url.path, " ".join(str(exc.orig).split()))
        if wants_html(request):
            return render_error(request, 503, message)
        return JSONResponse(error_body(503, message), status_code=503, headers={"retry-after": "5"})

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        """A bug: logged with its traceback; the client gets the same error shape as for any other."""
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        message = "internal error; it has been logged"
        if wants_html(request):
            return render_error(request, 500, message)
        return JSONResponse(error_body(500, message), status_code=500)


def get_store(request: Request) -> Store:
    return request.app.state.store


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class ClientSlots:
    """At most `per_client` heavy requests in flight from one client: one client pulling exports
    in a loop cannot take the server's threads from everyone else."""

    def __init__(self, per_client: int):
        self.per_client = per_client
        self._in_flight: dict[str, int] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> bool:
        with self._lock:
            if self._in_flight.get(client, 0) >= self.per_client:
                return False
            self._in_flight[client] = self._in_flight.get(client, 0) + 1
            return True

    def give_back(self, client: str) -> None:
        with self._lock:
            left = self._in_flight.get(client, 1) - 1
            if left:
                self._in_flight[client] = left
            else:
                self._in_flight.pop(client, None)


def heavy_request(request: Request) -> Iterator[None]:
    """A heavy endpoint's slot for this client, for as long as it runs (429 if it has none left)."""
    settings: ApiSettings = request.app.state.settings
    client = client_of(request)
    if not request.app.state.heavy_slots.take(client):
        raise ApiError(429, f"too many heavy requests at once: at most {settings.heavy_per_client} exports, "
                            "timelines or place lists in flight per client", headers={"retry-after": "2"})
    try:
        yield
    finally:
        request.app.state.heavy_slots.give_back(client)


HeavyRequest = Depends(heavy_request)


def time_limited(request: Request) -> Any:
    """The heavy endpoint's queries, stopped after `max_query_seconds` (entered in the handler
    itself: the limit is per thread of execution)."""
    return request.app.state.store.time_limit(request.app.state.settings.max_query_seconds)


StoreDep = Annotated[Store, Depends(get_store)]
def known_parameters(request: Request) -> None:
    """Every endpoint: a query parameter it does not take is a 400 that lists those it takes
    (`?stauts=` is never ignored silently)."""
    route = request.scope.get("route")
    if route is None:
        return
    valid = _declared_parameters(route)
    unknown = sorted({name for name in request.query_params if name not in valid})
    if unknown:
        raise query.InvalidQuery({}, unknown, valid)


_declared: dict[int, tuple[str, ...]] = {}


def _declared_parameters(route: Any) -> tuple[str, ...]:
    """The query parameters a route declares, its dependencies' included."""
    if id(route) not in _declared:
        names, pending = [], [route.dependant]
        while pending:
            dependant = pending.pop(0)
            names += [p.alias for p in dependant.query_params]
            pending += dependant.dependencies
        _declared[id(route)] = tuple(dict.fromkeys(names))
    return _declared[id(route)]


router = APIRouter(responses=schemas.ERRORS, dependencies=[Depends(known_parameters)])


def _documented_filters(
    actor: Annotated[str | None, Query(description=query.PARAM_HELP["actor"])] = None,
    type: Annotated[str | None, Query(description=query.PARAM_HELP["type"])] = None,
    mode: Annotated[str | None, Query(description=query.PARAM_HELP["mode"])] = None,
    status: Annotated[str | None, Query(description=query.PARAM_HELP["status"])] = None,
    country: Annotated[str | None, Query(description=query.PARAM_HELP["country"])] = None,
    place: Annotated[str | None, Query(description=query.PARAM_HELP["place"])] = None,
    source: Annotated[str | None, Query(description=query.PARAM_HELP["source"])] = None,
    year: Annotated[str | None, Query(description=query.PARAM_HELP["year"])] = None,
    basis: Annotated[str | None, Query(description=query.PARAM_HELP["basis"])] = None,
    confidence: Annotated[str | None, Query(description=query.PARAM_HELP["confidence"])] = None,
    date_from: Annotated[str | None, Query(alias="from", description=query.PARAM_HELP["from"])] = None,
    date_to: Annotated[str | None, Query(alias="to", description=query.PARAM_HELP["to"])] = None,
    q: Annotated[str | None, Query(description=query.PARAM_HELP["q"])] = None,
    sort: Annotated[str | None, Query(description=query.PARAM_HELP["sort"])] = None,
) -> None:
    """The events filters as OpenAPI lists them; `query.parse_event_query` reads and checks them."""


def event_filters(extra: tuple[str, ...] = (), paged: bool = True, max_limit: int = query.MAX_PAGE,
                  default_limit: int = 50) -> Any:
    """A dependency giving the `query.EventQuery` of a request's parameters, through the one
    validation every view of the events list shares (`query.parse_event_query`): unknown
    parameters are a 400 listing the valid ones, bad values a 422. `extra` are the endpoint's own
    parameters; an endpoint that is not `paged` takes no limit or offset."""
    def parse(request: Request) -> query.EventQuery:
        params: Any = request.query_params
        if not paged:
            params = {k: v for k, v in params.items() if k not in ("limit", "offset")}
            unpaged = [k for k in request.query_params if k in ("limit", "offset") and k not in extra]
            if unpaged:
                valid = [p for p in (*query.EVENT_PARAMS, *extra) if p not in ("limit", "offset")]
                raise query.InvalidQuery({}, unpaged, valid)
        return query.parse_event_query(params, extra, max_limit, default_limit)

    return parse


def _documented_paging(
    limit: Annotated[str | None, Query(description=query.PARAM_HELP["limit"])] = None,
    offset: Annotated[str | None, Query(description=query.PARAM_HELP["offset"])] = None,
) -> None:
    """Paging parameters as OpenAPI lists them (read by `query.parse_event_query`)."""


EventFilters = Annotated[query.EventQuery, Depends(event_filters())]
#: The filters in OpenAPI, for the endpoints that take them.
FILTER_DOCS = [Depends(_documented_filters)]


def page_body(request: Request, page: query.Page) -> dict[str, Any]:
    following = page.next_offset
    return {"items": page.items, "total": page.total, "limit": page.limit, "offset": page.offset,
            "next": str(request.url.include_query_params(offset=following)) if following is not None else None}


@router.get("/events", summary="Search events", response_model=schemas.EventPage,
            dependencies=[*FILTER_DOCS, Depends(_documented_paging)])
def list_events(request: Request, store: StoreDep, q: EventFilters) -> dict:
    """Events matching the filters, one page at a time (newest first unless `sort` says
    otherwise); `next` is the URL of the following page. The /events page shows the same rows."""
    return page_body(request, query.search_events(store.engine, q))


@router.get("/events/facets", summary="Counts of matching events by type, status, country, actor, outlet, year, "
                                      "date basis and confidence band", dependencies=FILTER_DOCS,
            response_model=schemas.Facets)
def get_facets(store: StoreDep, q: Annotated[query.EventQuery, Depends(event_filters(paged=False))]) -> dict:
    """For each facet, its most frequent values among the matching events; a value's `value` is
    what the facet's parameter (the facet's `name`) takes to add it to the filter. Facets are
    bounded in time: one not counted in time is `timed_out` with no values."""
    return {"facets": query.facets(store.engine, q)}


@router.get("/events.{fmt}", summary="Every event matching the filters, as CSV, JSONL or GeoJSON (streamed)",
            response_class=StreamingResponse, dependencies=[HeavyRequest, *FILTER_DOCS],
            responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}, "application/geo+json": {}}}})
def download_events(store: StoreDep, fmt: Annotated[Literal["csv", "jsonl", "geojson"], PathParam()],
                    q: Annotated[query.EventQuery, Depends(event_filters(paged=False))]) -> StreamingResponse:
    """Exactly the events of the list with the same parameters, in its order, all of them (no
    paging); read from the database a page at a time as the response is sent."""
    from tidings.export import DOWNLOADS, download

    media, _ = DOWNLOADS[fmt]
    return StreamingResponse(download(query.iter_events(store.engine, q), fmt), media_type=media,
                             headers={"content-disposition": f'attachment; filename="events.{fmt}"'})


@router.get("/events/{event_id}", summary="One event with every report and its evidence",
            response_model=schemas.EventDetail,
            responses={308: {"description": "a merged id: redirects to the event that absorbed it"}})
def get_event(store: StoreDep, event_id: Annotated[str, PathParam(pattern=ID)]) -> Any:
    found = query.find_event_id(store.engine, event_id)
    if found is None:
        raise ApiError(404, f"no event {event_id!r}")
    if found != event_id:
        return RedirectResponse(f"/api/events/{found}", status_code=308)
    return query.event_detail(store.engine, found)


@router.get("/timeline", summary="Counts of matching events by week or month", response_model=schemas.Timeline,
            dependencies=[HeavyRequest, *FILTER_DOCS])
def get_timeline(request: Request, store: StoreDep,
                 q: Annotated[query.EventQuery, Depends(event_filters(("bucket",), paged=False))],
                 bucket: Annotated[Literal["week", "month"], Query()] = "month") -> dict:
    """Counts per bucket over an axis (`bounds`) bounded to where the data is: events starting
    outside it are `outliers`, events whose date is wider than a bucket (e.g. only a year) are
    `ranges`, never counted in the bucket of their start. Every bucket of the axis is listed; over
    `query.MAX_TIMELINE_BUCKETS` buckets, only the non-empty ones (`complete_axis` false)."""
    with time_limited(request):
        found = query.timeline(store.engine, q, bucket)
    counts = found["counts"]
    complete = all(date.fromisoformat(b["start"]) == date.fromisoformat(a["end"]) + timedelta(days=1)
                   for a, b in pairwise(counts))
    return {**found, "complete_axis": complete}


@router.get("/places", summary="Places of matching events with their counts", response_model=schemas.Places,
            dependencies=[HeavyRequest, *FILTER_DOCS])
def get_places(request: Request, store: StoreDep,
               q: Annotated[query.EventQuery, Depends(event_filters(("limit",), paged=False))],
               limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> dict:
    """The places with most events first, at most `limit` of them."""
    with time_limited(request):
        return {"items": query.places(store.engine, q)[:limit]}


@router.get("/actors", summary="Search actors by name or alias", response_model=schemas.ActorPage)
def list_actors(request: Request, store: StoreDep,
                q: Annotated[str | None, Query(max_length=200, pattern=TEXT)] = None,
                limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 50,
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict:
    return page_body(request, query.search_actors(store.engine, q, limit, offset))


@router.get("/actors/{actor_id}", summary="An actor: roles, events and counterparts",
            response_model=schemas.ActorDetail)
def get_actor(store: StoreDep, actor_id: Annotated[str, PathParam(pattern=ID)],
              limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 100,
              offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict:
    found = query.actor_detail(store.engine, actor_id, limit, offset)
    if found is None:
        raise ApiError(404, f"no actor {actor_id!r}")
    return found


def _documented_article_filters(
    source: Annotated[str | None, Query(description=query.PARAM_HELP["source"])] = None,
    date_from: Annotated[str | None, Query(alias="from", description="published on or after this day")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="published on or before this day")] = None,
    q: Annotated[str | None, Query(description="text in the title")] = None,
    limit: Annotated[str | None, Query(description=query.PARAM_HELP["limit"])] = None,
    offset: Annotated[str | None, Query(description=query.PARAM_HELP["offset"])] = None,
) -> None:
    """The articles filters as OpenAPI lists them; `query.parse_article_query` reads and checks them."""


def article_filters(request: Request) -> query.ArticleQuery:
    return query.parse_article_query(request.query_params)


@router.get("/articles", summary="Search articles by outlet, publication day and title",
            response_model=schemas.ArticlePage, dependencies=[Depends(_documented_article_filters)])
def list_articles(request: Request, store: StoreDep,
                  q: Annotated[query.ArticleQuery, Depends(article_filters)]) -> dict:
    """Articles newest first; `tidings articles` prints the same."""
    return page_body(request, query.search_articles(store.engine, q))


@router.get("/articles/{article_id}", summary="An article's clean text with entity and event mention spans",
            response_model=schemas.ArticleDetail)
def get_article(store: StoreDep, article_id: Annotated[str, PathParam(pattern=ID)],
                unlinked: Annotated[bool, Query(description="also the event mentions under the confidence "
                                                            "threshold, which no event holds")] = False) -> dict:
    found = query.article_detail(store.engine, article_id, unlinked)
    if found is None:
        raise ApiError(404, f"no article {article_id!r}")
    return found


@router.get("/stories", summary="Stories: articles linked by the events they share",
            response_model=schemas.StoryPage)
def list_stories(request: Request, store: StoreDep, limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 50,
                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict:
    return page_body(request, query.search_stories(store.engine, limit, offset))


@router.get("/stories/{story_id}", summary="A story's articles and events", response_model=schemas.StoryDetail)
def get_story(store: StoreDep, story_id: Annotated[str, PathParam(pattern=ID)]) -> dict:
    found = query.story_detail(store.engine, story_id)
    if found is None:
        raise ApiError(404, f"no story {story_id!r}")
    return found


@router.get("/export/{fmt}", summary="The whole database in an export format (one file, or a zip of several)",
            response_class=Response, dependencies=[HeavyRequest],
            responses={200: {"content": {"application/zip": {}, "application/octet-stream": {}}},
                       503: {"description": "too many exports being built, or the build took too long"},
                       507: {"description": "the export is larger than the server allows"}})
def get_export(request: Request, fmt: Annotated[str, PathParam(pattern=r"^[a-z0-9_-]{1,32}$")]) -> Response:
    """Streamed from a file built once per database state (see `Exports`)."""
    from tidings.export import EXPORTERS

    if fmt not in EXPORTERS:
        raise ApiError(404, f"unknown export format {fmt!r}; choose one of: {', '.join(sorted(EXPORTERS))}")
    built = request.app.state.exports.get(fmt)
    media = "application/zip" if built.name.endswith(".zip") else "application/octet-stream"
    return FileResponse(built.path, filename=built.name, media_type=media)


@dataclass(frozen=True)
class BuiltExport:
    path: Path
    name: str
    generation: int


class Exports:
    """The API's exports, built out of the server's process: `python -m tidings.export` in a child
    process at low priority (so the server's own requests keep the CPU and the GIL), with a time
    limit and a cap on the bytes it writes, at most `max_export_builds` at a time. Each format is
    built once per database generation: requests while it is being built wait for that build, and
    later ones stream the file it left."""

    def __init__(self, store: Store, settings: ApiSettings):
        self.store, self.settings = store, settings
        self.folder = Path(tempfile.mkdtemp(prefix="tidings-api-exports-"))
        atexit.register(shutil.rmtree, self.folder, ignore_errors=True)
        self._lock = threading.Lock()
        self._built: dict[str, list[BuiltExport]] = {}  # format -> its latest builds, newest last
        self._building: dict[tuple[str, int], threading.Event] = {}
        self._failed: dict[tuple[str, int], ApiError] = {}

    def get(self, fmt: str) -> BuiltExport:
        generation = self.store.generation()
        key = (fmt, generation)
        with self._lock:
            if (ready := self._ready(fmt, generation)) is not None:
                return ready
            pending = self._building.get(key)
            if pending is None:
                if len(self._building) >= self.settings.max_export_builds:
                    raise ApiError(503, f"{len(self._building)} exports are being built; try again in a few seconds",
                                   headers={"retry-after": "5"})
                pending = self._building[key] = threading.Event()
                builder = True
            else:
                builder = False
        if builder:
            self._build(fmt, generation, pending)
        elif not pending.wait(self.settings.max_export_seconds):
            raise ApiError(503, f"the {fmt} export is still being built; try again later",
                           headers={"retry-after": "30"})
        with self._lock:
            ready = self._ready(fmt, generation)
            if ready is None:
                raise self._failed.get(key) or ApiError(503, "the export could not be built; try again")
            return ready

    def _ready(self, fmt: str, generation: int) -> BuiltExport | None:
        return next((b for b in reversed(self._built.get(fmt, [])) if b.generation == generation), None)

    def _build(self, fmt: str, generation: int, done: threading.Event) -> None:
        key = (fmt, generation)
        try:
            built = self._run_child(fmt, generation)
            with self._lock:
                kept = self._built.setdefault(fmt, [])
                kept.append(built)
                while len(kept) > 2:  # the one before stays: a request may still be streaming it
                    kept.pop(0).path.unlink(missing_ok=True)
                self._failed.pop(key, None)
        except ApiError as e:
            with self._lock:
                self._failed[key] = e
        finally:
            with self._lock:
                del self._building[key]
            done.set()

    def _run_child(self, fmt: str, generation: int) -> BuiltExport:
        target = self.folder / f"{fmt}-{generation}-{uuid.uuid4().hex[:8]}"
        limit = self.settings.max_export_bytes
        env = {**os.environ, "TIDINGS_DB": self.store.engine.url.render_as_string(hide_password=False)}
        command = [sys.executable, "-m", "tidings.export", fmt, str(target), "--max-bytes", str(limit)]
        child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            out, err = child.communicate(timeout=self.settings.max_export_seconds)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            target.unlink(missing_ok=True)
            raise ApiError(503, f"the {fmt} export took longer than {self.settings.max_export_seconds:g} s "
                                "and was stopped") from None
        if child.returncode != 0:
            target.unlink(missing_ok=True)
            if child.returncode == -25:  # SIGXFSZ: past the cap on bytes written
                raise ApiError(507, f"the {fmt} export is larger than {limit:,} bytes, the most this server writes")
            last = (err.strip().splitlines() or ["no message"])[-1]
            log.error("export %s failed: %s", fmt, err.strip())
            raise ApiError(500, f"the {fmt} export failed: {last}")
        return BuiltExport(target, out.strip().splitlines()[-1], generation)


# Ingestion --------------------------------------------------------------------------------------

class NewArticle(BaseModel):
    """One article to ingest: its text or its HTML page, and what the text itself may not say."""

    text: str | None = Field(None, max_length=1_000_000, description="Plain text: title, blank line, body.")
    html: str | None = Field(None, max_length=2_000_000, description="A whole HTML page; its main text is extracted.")
    title: str | None = Field(None, max_length=1000)
    published: date | None = None
    source: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    language: str | None = Field(None, max_length=16)

    @model_validator(mode="after")
    def one_body(self) -> NewArticle:
        bodies = [b for b in (self.text, self.html) if b is not None]
        if len(bodies) != 1:
            raise ValueError("give exactly one of 'text' or 'html'")
        if not bodies[0].strip():
            raise ValueError("the article body is empty")
        for name in ("text", "html", "title", "source", "url", "language"):
            if "\x00" in (getattr(self, name) or ""):
                raise ValueError(f"'{name}' contains a NUL character")
        return self


def require_ingest_token(request: Request) -> None:
    """The bearer token, compared in constant time, then the rate limit of its quota: the token
    holder's, or, for requests without the right token, an anonymous one per client (which still
    stops tokens from being guessed quickly, and never uses up the token holder's)."""
    settings: ApiSettings = request.app.state.settings
    if not settings.ingest_token:
        raise ApiError(403, "ingestion is off on this server; start it with --ingest-token or TIDINGS_INGEST_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    valid = scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), settings.ingest_token.encode())
    quota = f"token:{client_of(request)}" if valid else f"anonymous:{client_of(request)}"
    if not request.app.state.rate_limiter.allow(quota):
        raise ApiError(429, f"too many requests: at most {settings.rate_limit} per {settings.rate_window_s:g} s",
                       headers={"retry-after": str(int(settings.rate_window_s))})
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "missing 'Authorization: Bearer TOKEN' header", headers={"www-authenticate": "Bearer"})
    if not valid:
        raise ApiError(403, "wrong ingest token")


@router.post("/articles", status_code=201, dependencies=[Depends(require_ingest_token)],
             summary="Ingest one article (needs the server's ingest token)", response_model=schemas.Ingested,
             responses={200: {"description": "already stored"}, 401: {"description": "no token"},
                        403: {"description": "wrong token, or ingestion off"}, 413: {"description": "body too large"},
                        429: {"description": "rate limit"}})
def post_article(request: Request, store: StoreDep, article: Annotated[NewArticle, Body()]) -> Response:
    with request.app.state.ingest_lock:  # one writer at a time: linking reads what the previous wrote
        result = ingest_one(store, article)
    if result["errors"]:
        return JSONResponse(error_body(422, "; ".join(result["errors"]), result), status_code=422)
    return JSONResponse(result, status_code=201 if result["stored"] else 200,
                        headers={"location": f"/api/articles/{result['article_id']}"})


def ingest_one(store: Store, article: NewArticle) -> dict[str, Any]:
    """Ingest one posted article through the same path as files: it is read as a file with a
    one-entry manifest, so readers, cleaning and de-duplication all apply."""
    from tidings.model import RawArticle, content_id
    from tidings.run import ingest_items
    from tidings.sources import Manifest, read_paths

    body = article.text if article.text is not None else article.html
    name = (f"api-{content_id(article.url or '', article.title or '', body or '')}"
            + (".txt" if article.text is not None else ".html"))
    meta = {"file": name, "published": article.published, "source": article.source, "url": article.url,
            "language": article.language, "title": article.title}
    with tempfile.TemporaryDirectory(prefix="tidings-post-") as folder:
        path = Path(folder) / name
        path.write_text(body or "", encoding="utf-8")
        manifest = Manifest(entries={name: meta})
        items = list(read_paths([path], manifest))
    report = ingest_items(items, store, batch_size=1)
    raws = [r for r in items if isinstance(r, RawArticle)]
    article_id = raws[0].article_id if raws else None
    detail = query.article_detail(store.engine, article_id) if article_id else None
    return {"article_id": article_id, "stored": report.stored == 1, "already_stored": report.already_stored == 1,
            "duplicate_of": detail["duplicate_of"] if detail else None,
            "event_ids": sorted({m["event_id"] for m in detail["event_mentions"] if m["event_id"]}) if detail else [],
            "errors": [e.reason for e in report.errors]}


# Review -----------------------------------------------------------------------------------------

class ReviewNote(BaseModel):
    """Who takes a review decision and why: both kept in the audit log."""

    who: str = Field(..., min_length=1, max_length=review.MAX_WHO, pattern=TEXT)
    why: str = Field(..., min_length=1, max_length=review.MAX_WHY, pattern=TEXT)


class MergeRequest(ReviewNote):
    other: str = Field(..., pattern=ID, description="The event to merge with this one (the older keeps its id).")


REVIEW_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "taken already: nothing changed"}, 400: {"description": "an event merged with itself"},
    401: {"description": "no token"}, 403: {"description": "wrong token, or writing off"},
    404: {"description": "unknown event or mention"}}


def _review(request: Request, decide: Any) -> JSONResponse:
    with request.app.state.ingest_lock:  # one writer at a time, as for ingestion
        try:
            outcome: review.Outcome = decide()
        except review.UnknownId as e:
            raise ApiError(404, str(e)) from None
        except review.ReviewError as e:
            raise ApiError(400, str(e)) from None
    return JSONResponse(outcome.to_dict(), status_code=201 if outcome.changed else 200)


@router.post("/events/{event_id}/merge", status_code=201, dependencies=[Depends(require_ingest_token)],
             summary="Merge another event into this one, or this one into it (needs the ingest token)",
             response_model=schemas.ReviewOutcome, responses=REVIEW_RESPONSES)
def post_merge(request: Request, store: StoreDep, event_id: Annotated[str, PathParam(pattern=ID)],
               body: Annotated[MergeRequest, Body()]) -> JSONResponse:
    return _review(request, lambda: review.merge(store, event_id, body.other, body.who, body.why))


@router.post("/mentions/{mention_id}/split", status_code=201, dependencies=[Depends(require_ingest_token)],
             summary="Split a mention off its event into an event of its own (needs the ingest token)",
             response_model=schemas.ReviewOutcome, responses=REVIEW_RESPONSES)
def post_split(request: Request, store: StoreDep, mention_id: Annotated[str, PathParam(pattern=ID)],
               body: Annotated[ReviewNote, Body()]) -> JSONResponse:
    return _review(request, lambda: review.split(store, mention_id, body.who, body.why))


@router.post("/mentions/{mention_id}/not-event", status_code=201, dependencies=[Depends(require_ingest_token)],
             summary="Mark a mention as not an event: out of its event, never linked (needs the ingest token)",
             response_model=schemas.ReviewOutcome, responses=REVIEW_RESPONSES)
def post_not_event(request: Request, store: StoreDep, mention_id: Annotated[str, PathParam(pattern=ID)],
                   body: Annotated[ReviewNote, Body()]) -> JSONResponse:
    return _review(request, lambda: review.not_event(store, mention_id, body.who, body.why))


@router.get("/reviews", summary="The review audit log: every decision with who, when and why, oldest first",
            response_model=schemas.ReviewLog)
def list_reviews(store: StoreDep) -> dict[str, Any]:
    return {"items": [d.to_dict() for d in review.log(store)]}


__all__ = ["ApiSettings", "create_app", "error_body", "loopback_hosts"]
