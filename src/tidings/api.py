"""The REST API (JSON under /api/, OpenAPI at /openapi.json) and, in the same app, the web UI.

Route handlers parse and check parameters, call one function of `tidings.query` (reads) or
`tidings.run` (ingestion), and return its result; every error has one JSON shape,
`{"error": {"status", "message", "details"}}`. Ingestion (`POST /api/articles`) is off unless a
token is configured, needs `Authorization: Bearer TOKEN`, and is bounded by a body size limit and a
per-client rate limit, because it is the only route that writes and the only one that is costly.

    app = create_app("tidings.db", ApiSettings(ingest_token="s3cret"))
    # uvicorn.run(app)  -- or: tidings serve --db tidings.db --ingest-token s3cret
"""

from __future__ import annotations

import hmac
import io
import logging
import shutil
import tempfile
import threading
import time
import zipfile
from collections import deque
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, model_validator
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from tidings import __version__, query
from tidings.errors import TidingsError, UnknownFormat
from tidings.model import EVENT_TYPES, STATUSES  # the API's choices are the records' own
from tidings.store import Store

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
    """Ingestion requests one client may make per `rate_window_s` (429 above)."""
    rate_window_s: float = 60.0
    allowed_hosts: tuple[str, ...] | None = None
    """Host headers accepted (None: any). Serving on loopback sets the loopback names, which
    stops DNS-rebinding pages from reaching the server through a browser."""


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
    """The API and the web UI over one database (a Store, an SQLAlchemy URL or an SQLite path)."""
    settings = settings or ApiSettings()
    store = store_or_url if isinstance(store_or_url, Store) else Store.open(store_or_url)
    app = FastAPI(title="Tidings", version=__version__, docs_url=None, redoc_url=None,  # docs pages need a CDN
                  description="Events extracted from news articles, linked across reports, with their evidence.")
    app.state.store, app.state.settings = store, settings
    app.state.rate_limiter = RateLimiter(settings.rate_limit, settings.rate_window_s)
    app.state.ingest_lock = threading.Lock()
    app.include_router(router, prefix="/api")
    from tidings.web import mount_web
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
    from tidings.web import render_error

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

    @app.exception_handler(TidingsError)
    async def tidings_error(request: Request, exc: TidingsError) -> Response:
        status = 404 if isinstance(exc, UnknownFormat) else 400
        if wants_html(request):
            return render_error(request, status, str(exc))
        return JSONResponse(error_body(status, str(exc)), status_code=status)


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]
router = APIRouter()


def event_query(
    actor: Annotated[str | None, Query(max_length=64, pattern=ID, description="Actor id (source or target).")] = None,
    type: Annotated[Literal[EVENT_TYPES] | None, Query(description="PLOVER type or OTHER.")] = None,  # type: ignore[valid-type]
    mode: Annotated[str | None, Query(max_length=32, pattern=TEXT)] = None,
    status: Annotated[Literal[STATUSES] | None, Query()] = None,  # type: ignore[valid-type]
    country: Annotated[str | None,
                       Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3 of the place.")] = None,
    place: Annotated[str | None, Query(max_length=200, pattern=TEXT, description="Place name.")] = None,
    date_from: Annotated[date | None, Query(alias="from", description="Events ending on or after this day.")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Events starting on or before this day.")] = None,
    q: Annotated[str | None,
                 Query(max_length=200, pattern=TEXT, description="Text in a trigger or evidence sentence.")] = None,
    sort: Annotated[Literal[query.EVENT_SORTS], Query()] = "date",  # type: ignore[valid-type]
    limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> query.EventQuery:
    """The events filters, shared by the API and the web pages."""
    if date_from and date_to and date_from > date_to:
        raise ApiError(422, f"'from' ({date_from}) is after 'to' ({date_to})")
    return query.EventQuery(actor=actor, type=type, mode=mode, status=status, country=country, place=place,
                            date_from=date_from, date_to=date_to, q=q, sort=sort, limit=limit, offset=offset)


def page_body(request: Request, page: query.Page) -> dict[str, Any]:
    following = page.next_offset
    return {"items": page.items, "total": page.total, "limit": page.limit, "offset": page.offset,
            "next": str(request.url.include_query_params(offset=following)) if following is not None else None}


@router.get("/events", summary="Search events")
def list_events(request: Request, store: StoreDep, q: Annotated[query.EventQuery, Depends(event_query)]) -> dict:
    """Events matching the filters, one page at a time; `next` is the URL of the following page."""
    return page_body(request, query.search_events(store.engine, q))


@router.get("/events/{event_id}", summary="One event with every report and its evidence",
            responses={308: {"description": "a merged id: redirects to the event that absorbed it"}})
def get_event(store: StoreDep, event_id: Annotated[str, PathParam(pattern=ID)]) -> Any:
    found = query.find_event_id(store.engine, event_id)
    if found is None:
        raise ApiError(404, f"no event {event_id!r}")
    if found != event_id:
        return RedirectResponse(f"/api/events/{found}", status_code=308)
    return query.event_detail(store.engine, found)


@router.get("/timeline", summary="Counts of matching events by week or month")
def get_timeline(store: StoreDep, q: Annotated[query.EventQuery, Depends(event_query)],
                 bucket: Annotated[Literal["week", "month"], Query()] = "month") -> dict:
    return {"bucket": bucket, "counts": query.timeline(store.engine, q, bucket)}


@router.get("/places", summary="Places of matching events with their counts")
def get_places(store: StoreDep, q: Annotated[query.EventQuery, Depends(event_query)]) -> dict:
    return {"items": query.places(store.engine, q)}


@router.get("/actors", summary="Search actors by name or alias")
def list_actors(request: Request, store: StoreDep,
                q: Annotated[str | None, Query(max_length=200, pattern=TEXT)] = None,
                limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 50,
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict:
    return page_body(request, query.search_actors(store.engine, q, limit, offset))


@router.get("/actors/{actor_id}", summary="An actor: roles, events and counterparts")
def get_actor(store: StoreDep, actor_id: Annotated[str, PathParam(pattern=ID)],
              limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 100,
              offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict:
    found = query.actor_detail(store.engine, actor_id, limit, offset)
    if found is None:
        raise ApiError(404, f"no actor {actor_id!r}")
    return found


@router.get("/articles/{article_id}", summary="An article's clean text with entity and event mention spans")
def get_article(store: StoreDep, article_id: Annotated[str, PathParam(pattern=ID)]) -> dict:
    found = query.article_detail(store.engine, article_id)
    if found is None:
        raise ApiError(404, f"no article {article_id!r}")
    return found


@router.get("/stories", summary="Stories: articles linked by the events they share")
def list_stories(request: Request, store: StoreDep, limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 50,
                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict:
    return page_body(request, query.search_stories(store.engine, limit, offset))


@router.get("/stories/{story_id}", summary="A story's articles and events")
def get_story(store: StoreDep, story_id: Annotated[str, PathParam(pattern=ID)]) -> dict:
    found = query.story_detail(store.engine, story_id)
    if found is None:
        raise ApiError(404, f"no story {story_id!r}")
    return found


@router.get("/export/{fmt}", summary="The whole database in an export format (one file, or a zip of several)",
            response_class=Response,
            responses={200: {"content": {"application/zip": {}, "application/octet-stream": {}}}})
def get_export(store: StoreDep, fmt: Annotated[str, PathParam(pattern=r"^[a-z0-9_-]{1,32}$")]) -> Response:
    from tidings.export import EXPORTERS, export

    if fmt not in EXPORTERS:
        raise ApiError(404, f"unknown export format {fmt!r}; choose one of: {', '.join(sorted(EXPORTERS))}")
    folder = Path(tempfile.mkdtemp(prefix="tidings-export-"))
    cleanup = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
    files = export(store, fmt, folder / "out")
    if len(files) == 1:
        return FileResponse(files[0], filename=files[0].name, background=cleanup)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            zf.write(f, f.relative_to(folder / "out").as_posix())
    shutil.rmtree(folder, ignore_errors=True)
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"content-disposition": f'attachment; filename="tidings-{fmt}.zip"'})


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
    """Rate limit first (so tokens cannot be guessed quickly), then the bearer token, compared in
    constant time."""
    settings: ApiSettings = request.app.state.settings
    if not settings.ingest_token:
        raise ApiError(403, "ingestion is off on this server; start it with --ingest-token or TIDINGS_INGEST_TOKEN")
    client = request.client.host if request.client else "unknown"
    if not request.app.state.rate_limiter.allow(client):
        raise ApiError(429, f"too many requests: at most {settings.rate_limit} per {settings.rate_window_s:g} s",
                       headers={"retry-after": str(int(settings.rate_window_s))})
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "missing 'Authorization: Bearer TOKEN' header", headers={"www-authenticate": "Bearer"})
    if not hmac.compare_digest(given.encode(), settings.ingest_token.encode()):
        raise ApiError(403, "wrong ingest token")


@router.post("/articles", status_code=201, dependencies=[Depends(require_ingest_token)],
             summary="Ingest one article (needs the server's ingest token)",
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


__all__ = ["ApiSettings", "create_app", "error_body", "loopback_hosts"]
