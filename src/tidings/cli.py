"""The `tidings` command: parse arguments, call one library function, print.

    tidings ingest examples/seeds/articles --manifest examples/seeds/manifest.jsonl
    tidings export --format jsonl --out out/
    tidings articles
    tidings events
    tidings time "at 9.25 a.m. on Tuesday" --published 2015-11-20 --json
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tidings import __version__, query, review
from tidings.actors import resolve_text
from tidings.config import Settings
from tidings.errors import BadInput, TidingsError
from tidings.export import EXPORTERS, export
from tidings.link import link_article
from tidings.run import ingest as run_ingest
from tidings.sources import article_count, load_manifest
from tidings.store import READ, Access, Store
from tidings.time import Tense, guess_tense, normalise, normalise_batch

#: Tables fit the terminal, or 80 columns (or $COLUMNS) when piped; their rows never wrap.
console = Console()
err_console = Console(stderr=True)

db_option = click.option("--db", default=None, metavar="URL",
                         help="Database: SQLAlchemy URL or SQLite file path (default: $TIDINGS_DB or tidings.db).")
durable_option = click.option("--durable", is_flag=True, default=None,
                              help="SQLite: sync every commit to disk, so that a power cut loses no committed "
                                   "article (slower; default: $TIDINGS_DURABLE or off, when a crash loses "
                                   "nothing committed but a power cut may lose the last commits).")
lock_timeout_option = click.option("--lock-timeout", type=click.IntRange(0, 86_400), default=None, metavar="S",
                                   help="Seconds to wait for another writer's lock before giving up "
                                        "(default: $TIDINGS_LOCK_TIMEOUT or 60).")


def open_store(db: str | None) -> Store:
    """The database for a read command: it must exist, and nothing is written to it."""
    return Store.open(Settings.resolve(db=db).db, READ)


def writer_access(settings: Settings, create: bool = True) -> Access:
    return Access(create=create, durable=settings.durable, lock_timeout=settings.lock_timeout)


class Group(click.Group):
    """Turns Tidings' own errors into one line on stderr and exit status 1; tracebacks are for bugs."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TidingsError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(1)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="tidings")
@click.option("-v", "--verbose", is_flag=True, help="Log each step to stderr.")
def main(verbose: bool) -> None:
    """Tidings: raw news articles in, a clean, deduplicated, time-resolved database of events out."""
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--manifest", type=click.Path(path_type=Path), default=None,
              help="JSONL metadata, one line per file: file, published, source, url, language, title.")
@db_option
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Articles per parsing batch.")
@click.option("--workers", type=click.IntRange(1, 512), default=None,
              help="Processes that parse and analyse (default: $TIDINGS_WORKERS or 1, this process).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default=None,
              help="Where the analysis runs: this machine, or a Ray cluster (default: $TIDINGS_EXECUTOR or local).")
@click.option("--ray-address", default=None, metavar="auto|local|ADDRESS",
              help="Ray only: join a running cluster (auto, or its address) or start one here (local, the default).")
@click.option("--shards", default=None, metavar="DIR",
              help="Ray only: where the analysed Parquet shards go, a folder or URI every node can write "
                   "(default: a temporary folder, removed afterwards).")
@click.option("--typer", default=None, metavar="NAME",
              help="Event typer: learned (the shipped model) or lexicon (default: $TIDINGS_TYPER or learned).")
@durable_option
@lock_timeout_option
def ingest(paths: tuple[Path, ...], manifest: Path | None, db: str | None, batch_size: int | None,
           workers: int | None, executor: str | None, ray_address: str | None, shards: str | None,
           typer: str | None, durable: bool | None, lock_timeout: int | None) -> None:
    """Read, clean, analyse and store the articles in PATHS (files or folders).

    Plain text (.txt), HTML (.html), news-please JSONL (.jsonl, .jsonl.gz), WARC (.warc, .warc.gz)
    and RSS/Atom feeds (.rss, .atom, .xml) are read. Articles already in the
    database are skipped, so re-running an interrupted ingest completes it; one read again with
    corrected metadata (a manifest's date, source, url or language) is updated and linked again.
    Each bad file, record, manifest field or article is reported on one line and the rest goes on;
    the exit status is 1 if any failed. A manifest that cannot be read stops the run first.

    Every executor stores the same database: --workers 2 and --executor ray only run the parsing
    and the per-article stages elsewhere; storing and linking stay in input order.

    Example: tidings ingest examples/seeds/articles --manifest examples/seeds/manifest.jsonl
    """
    settings = Settings.resolve(db=db, batch_size=batch_size, workers=workers, executor=executor, typer=typer,
                                durable=durable, lock_timeout=lock_timeout)
    metadata = load_manifest(manifest)  # a manifest that cannot be read stops the run before anything is stored
    store = Store.open(settings.db, writer_access(settings))
    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=not err_console.is_terminal) as progress:
        task = progress.add_task("ingest", total=article_count(paths))  # None: a bar without a total
        report = run_ingest(paths, store, metadata, batch_size=settings.batch_size,
                            on_article=lambda n: progress.advance(task, n), workers=settings.workers,
                            executor=settings.executor, ray_address=ray_address, shards=shards,
                            typer=settings.typer)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(report.summary())
    if report.errors:
        sys.exit(1)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--manifest", type=click.Path(path_type=Path), default=None,
              help="JSONL metadata for the files (re-read at every ingest, so it may grow).")
@db_option
@click.option("--interval", type=click.FloatRange(0.05, 3600), default=2.0, show_default=True,
              help="Seconds between polls; a file is ingested once unchanged over one interval.")
@click.option("--once", is_flag=True, help="Ingest what is complete now, then exit (1 if anything failed).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Articles per parsing batch.")
@durable_option
@lock_timeout_option
def watch(folder: Path, manifest: Path | None, db: str | None, interval: float, once: bool,
          batch_size: int | None, durable: bool | None, lock_timeout: int | None) -> None:
    """Ingest files as they arrive in FOLDER, each once it has stopped changing.

    Runs until interrupted (Ctrl-C). Files named .* or with a suffix no reader handles are
    ignored, so write to a temporary name and rename when done. Nothing is stored twice. A file
    whose ingest fails (the database locked too long, say) is recorded and tried again later,
    with growing pauses.

    Example: tidings watch incoming/ --db news.db --interval 10
    """
    from tidings.watch import watch as run_watch

    settings = Settings.resolve(db=db, batch_size=batch_size, durable=durable, lock_timeout=lock_timeout)
    if manifest is not None:
        load_manifest(manifest)  # one that cannot be read stops the watch before it starts
    store = Store.open(settings.db, writer_access(settings))

    def show(paths: list[Path], report) -> None:
        for error in report.errors:
            click.echo(f"error: {error}", err=True)
        click.echo(f"{len(paths)} files: {report.stored} articles stored, {report.already_stored} already stored, "
                   f"{report.events} event mentions, {len(report.errors)} errors")

    try:
        report = run_watch(folder, store, manifest=manifest, interval=interval, once=once, on_ingest=show,
                           batch_size=settings.batch_size)
    except KeyboardInterrupt:
        click.echo("stopped")
        return
    if report.waiting:
        click.echo(f"{len(report.waiting)} files still being written; not ingested yet", err=True)
    if report.errors:
        sys.exit(1)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORTERS)), default="jsonl", show_default=True,
              help="Output format.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder to write into.")
@click.option("--force", is_flag=True, help="Replace this format's files in a folder that is not empty.")
@db_option
def export_command(fmt: str, out: Path, force: bool, db: str | None) -> None:
    """Write the database to files in --out.

    jsonl writes articles.jsonl, actors.jsonl and events.jsonl as DESIGN.md describes; csv and
    parquet write events, mentions, actors and articles tables; plover writes events.plover.json
    (planned meetings as AGREE); gdelt writes GDELT-like events.tsv and mentions.tsv; timelinejs
    writes timeline.json; geojson writes events.geojson. Fields: see the tidings.export docstring.

    The export is one snapshot of the database (an ingest running meanwhile is either in it or
    not), written to a staging folder and renamed into place. A folder that already holds files is
    refused unless --force. The database must exist: a mistyped --db is an error, never a new
    empty database.

    Example: tidings export --format jsonl --out out/
    """
    for path in export(open_store(db), fmt, out, force=force):
        click.echo(str(path))


@main.command()
@db_option
@durable_option
@lock_timeout_option
def relink(db: str | None, durable: bool | None, lock_timeout: int | None) -> None:
    """Rebuild every event from the stored mentions, in the order the articles were stored.

    The result is the same every time; rebuilt events keep their old ids, and an event that
    absorbs others records their ids as merged. An article whose linking fails is reported and
    left unlinked; the others are linked all the same (exit status 1).
    """
    settings = Settings.resolve(db=db, durable=durable, lock_timeout=lock_timeout)
    store = Store.open(settings.db, writer_access(settings, create=False))
    failed = store.relink(link_article)
    for where, reason in failed:
        click.echo(f"error: {where}: {reason}", err=True)
    counts = store.counts()
    click.echo(f"{counts['event_mentions']} event mentions linked into {counts['events']} events")
    if failed:
        sys.exit(1)


@main.command()
@click.option("--mentions", "mentions_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True,
              help="JSONL of event mentions: mention_id, file, start, end, text, sentence (ECB+ prepared format).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write one {\"mention_id\", \"cluster\"} line per mention.")
def corefer(mentions_path: Path, out_path: Path) -> None:
    """Cluster given event mentions into events (cross-document coreference).

    The documents are read from docs/ beside the mentions file when present. Clustering is
    deterministic.

    Example: tidings corefer --mentions /tmp/ecb/mentions.jsonl --out /tmp/ecb/clusters.jsonl
    """
    from tidings.link.coref import corefer as run_corefer

    count = run_corefer(mentions_path, out_path)
    click.echo(f"{count} mentions clustered -> {out_path}")


@main.command("time")
@click.argument("text", required=False)
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The article's publication day, which relative expressions are measured from.")
@click.option("--sentence", default=None, help="The sentence around TEXT: a year or day it names dates TEXT.")
@click.option("--tense", type=click.Choice(["past", "present", "future"]), default=None,
              help="The clause's tense (default: guessed from --sentence, else past).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as a JSON object.")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="JSONL of {id, text, published, sentence?, tense?}: one JSON result per line instead.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="With --batch: write the results here rather than to stdout.")
def time_command(text: str | None, published: datetime | None, sentence: str | None, tense: Tense | None,
                 as_json: bool, batch: Path | None, out: Path | None) -> None:
    """A time expression's TimeML value and type, and the days it covers.

    Prints value, type, start, end and precision on one line (--json: an object with basis, mod,
    quant and freq too). With --batch, reads JSONL records {id, text, published, sentence?, tense?}
    and writes {id, value, type, start, end, precision, ...} per record; a bad line is reported on
    stderr with its file and line number, the rest goes on, and the exit status is 1.

    Examples: tidings time "on Monday" --published 2015-11-20 --sentence "Putin will meet Khamenei on Monday"
              tidings time --batch expressions.jsonl --out values.jsonl
    """
    if (text is None) == (batch is None):
        raise click.UsageError("give either TEXT or --batch FILE")
    if batch is not None:
        _time_batch(batch, out)
        return
    assert text is not None
    if tense is None:
        tense = guess_tense(sentence, text) if sentence else "past"
    timex = normalise(text, published.date() if published else None, tense, sentence)
    if timex is None:
        click.echo(f"no time expression in {text!r}")
        sys.exit(1)
    fields = timex.to_dict()
    if as_json:
        click.echo(json.dumps({"text": text, **fields}, ensure_ascii=False))
        return
    click.echo("  ".join(str(fields[k] or "-") for k in ("value", "type", "start", "end", "precision")))


def _time_batch(batch: Path, out: Path | None) -> None:
    errors = 0
    with open(batch, encoding="utf-8") as lines, \
            (open(out, "w", encoding="utf-8") if out else contextlib.nullcontext(sys.stdout)) as sink:
        for result in normalise_batch(lines, str(batch)):
            if isinstance(result, BadInput):
                errors += 1
                click.echo(f"error: {result}", err=True)
            else:
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
    if errors:
        sys.exit(1)


@main.group()
def actors() -> None:
    """Look up actors in the knowledge base."""


@actors.command("resolve")
@click.argument("text")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Resolve offices as held on this day (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the actor as JSON.")
def actors_resolve(text: str, day: datetime | None, as_json: bool) -> None:
    """Who TEXT names at a date: a person, office, country or group.

    Examples: tidings actors resolve "the Iranian president" --date 2015-11-20
              tidings actors resolve "Seyed Ali Khamenei" --json
    """
    when = day.date() if day else date.today()
    actor = resolve_text(text, when)
    if actor is None:
        click.echo(f"no actor matched {text!r}" + (f" on {when}" if day else ""))
        sys.exit(1)
    roles = [r.to_dict() for r in actor.roles if r.held_on(when)]
    if as_json:
        click.echo(json.dumps({**actor.to_dict(), "roles_on_date": roles, "date": when.isoformat()},
                              ensure_ascii=False))
        return
    click.echo(f"{actor.actor_id}  {actor.name}  ({actor.kind}, {actor.country or 'no country'})")
    for r in roles:
        until = f" until {r['end']}" if r["end"] else ""
        click.echo(f"  {r['title']} of {r['country']} since {r['start'] or '?'}{until}")
    click.echo(f"  kb id: {actor.kb_id or 'none'}")


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _filter_options(names: tuple[str, ...]) -> Any:
    """Options named as the API's query parameters (`--from` for `from`...), all read as text and
    checked by the same function as the API's (`query.parse_event_query`)."""
    def decorate(command: Any) -> Any:
        for name in reversed(names):
            command = click.option(f"--{name}", f"{name}_", default=None, metavar=name.upper(),
                                   help=query.PARAM_HELP[name].capitalize() + ".")(command)
        return command
    return decorate


def _params(filters: dict[str, Any]) -> dict[str, str]:
    return {k.removesuffix("_"): str(v) for k, v in filters.items() if v is not None}


def _page_json(page: query.Page, path: str, params: dict[str, str]) -> str:
    """A page as the API's JSON: items, total, limit, offset, and `next` (the API path of the
    following page, or null)."""
    following = page.next_offset
    next_url = f"{path}?{urlencode({**params, 'offset': following})}" if following is not None else None
    return json.dumps({"items": page.items, "total": page.total, "limit": page.limit, "offset": page.offset,
                       "next": next_url}, ensure_ascii=False, indent=2)


def _narrow_table(*columns: tuple[str, int | None], title: str) -> Table:
    """A table whose rows stay one line each, cut with an ellipsis, so that it reads at 80 columns;
    each column (name, width) keeps that width (None: it takes what is left)."""
    table = Table(title=title, pad_edge=False, box=None, header_style="bold")
    for name, width in columns:
        table.add_column(name, no_wrap=True, overflow="ellipsis", min_width=width, max_width=width,
                         ratio=None if width else 1)
    return table


@main.command()
@db_option
@_filter_options(query.ARTICLE_PARAMS)
@click.option("--json", "as_json", is_flag=True, help="Print the page as GET /api/articles gives it.")
def articles(db: str | None, as_json: bool, **filters: Any) -> None:
    """List stored articles, newest first: publication day, source, title, dateline and id.

    The filters are those of GET /api/articles (same names and checks).

    Example: tidings articles --source Reuters --from 2015-01-01 --json
    """
    params = _params(filters)
    try:
        page = query.search_articles(open_store(db).engine, query.parse_article_query(params))
    except query.InvalidQuery as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        click.echo(_page_json(page, "/api/articles", params))
        return
    table = _narrow_table(("published", 10), ("source", 16), ("dateline", 10), ("title", None),
                          title=f"articles ({page.total:,}; ids with --json)")
    for a in page.items:
        table.add_row(a["published"] or "", a["source"] or "", a["dateline"] or "",
                      ("(copy) " if a["duplicate_of"] else "") + " ".join((a["title"] or "").split()))
    console.print(table)


@main.command()
@db_option
@_filter_options(query.EVENT_PARAMS)
@click.option("--json", "as_json", is_flag=True, help="Print the page as GET /api/events gives it.")
def events(db: str | None, as_json: bool, **filters: Any) -> None:
    """List stored events, newest first: date, type, status, actors, place and reports.

    The filters are those of GET /api/events and the /events page (same names, same checks);
    --actor takes an actor id or name.

    Example: tidings events --actor "Ali Khamenei" --type consult --json
    """
    params = _params(filters)
    try:
        page = query.search_events(open_store(db).engine, query.parse_event_query(params))
    except query.InvalidQuery as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        click.echo(_page_json(page, "/api/events", params))
        return
    actor = f", actor {page.actor['name']}" if page.actor else ""
    table = _narrow_table(("date", 10), ("type", 9), ("status", 9), ("who → whom", None), ("place", 12), ("n", 3),
                          title=f"events ({page.total:,}{actor}; ids and evidence with --json)")
    for e in page.items:
        who = ", ".join(a["name"] or a["actor_id"] for a in e["source_actors"])
        whom = ", ".join(a["name"] or a["actor_id"] for a in e["target_actors"])
        table.add_row(e["date"]["start"] if e["date"] else "", e["type"] + (f"/{e['mode']}" if e["mode"] else ""),
                      e["status"], f"{who} → {whom}" if whom else who, (e["location"] or {}).get("name") or "",
                      str(e["mention_count"]))
    console.print(table)


@main.group("review")
def review_group() -> None:
    """Correct linking by hand: merge events, split a mention off, rule a mention out.

    Every decision is kept in the audit log (`tidings review log`) with who took it, when and why,
    holds through `tidings relink` and re-ingestion, and is exported (reviews.jsonl, reviews.csv).
    """


who_option = click.option("--who", envvar="TIDINGS_REVIEWER", required=True, metavar="NAME",
                          help="Who takes the decision (default: $TIDINGS_REVIEWER).")
why_option = click.option("--why", required=True, metavar="TEXT", help="Why: the audit log keeps it.")


def _review_store(db: str | None, lock_timeout: int | None) -> Store:
    settings = Settings.resolve(db=db, lock_timeout=lock_timeout)
    return Store.open(settings.db, writer_access(settings, create=False))


def _show_outcome(outcome: review.Outcome, done: str) -> None:
    if not outcome.changed:
        click.echo(f"nothing to do: {done} already" + (f" (event {outcome.event_id})" if outcome.event_id else ""))
        return
    assert outcome.decision is not None  # a change is always recorded
    where = f"; now in event {outcome.event_id}" if outcome.event_id else ""
    click.echo(f"review {outcome.decision.number}: {done}{where}")


@review_group.command("merge")
@click.argument("event_id")
@click.argument("other_id")
@who_option
@why_option
@db_option
@lock_timeout_option
def review_merge(event_id: str, other_id: str, who: str, why: str, db: str | None, lock_timeout: int | None) -> None:
    """Merge two events into one; the older keeps its id and records the other's.

    Example: tidings review merge 29d47cbbc6974588b89a 6855b1418a165b460633 --why "same meeting" --who ana
    """
    _show_outcome(review.merge(_review_store(db, lock_timeout), event_id, other_id, who, why), "merged")


@review_group.command("split")
@click.argument("mention_id")
@who_option
@why_option
@db_option
@lock_timeout_option
def review_split(mention_id: str, who: str, why: str, db: str | None, lock_timeout: int | None) -> None:
    """Split a mention off its event into an event of its own, which the linker never joins.

    Example: tidings review split ff3799eb6247986a8091 --why "a gift, not the meeting" --who ana
    """
    _show_outcome(review.split(_review_store(db, lock_timeout), mention_id, who, why), "split off")


@review_group.command("not-event")
@click.argument("mention_id")
@who_option
@why_option
@db_option
@lock_timeout_option
def review_not_event(mention_id: str, who: str, why: str, db: str | None, lock_timeout: int | None) -> None:
    """Mark a mention as not an event: it leaves its event, is never linked again, and is hidden
    like the mentions under the confidence threshold.

    Example: tidings review not-event 173dd93e7b21b0e8ed37 --why "a figure of speech" --who ana
    """
    _show_outcome(review.not_event(_review_store(db, lock_timeout), mention_id, who, why), "marked not an event")


@review_group.command("log")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
def review_log(db: str | None, as_json: bool) -> None:
    """The audit log of review decisions, oldest first: number, when, who, action, ids, why."""
    decisions = review.log(open_store(db))
    if as_json:
        for d in decisions:
            click.echo(json.dumps(d.to_dict(), ensure_ascii=False))
        return
    table = Table("#", "when (UTC)", "who", "action", "ids", "why", title="reviews")
    for d in decisions:
        if d.action == "merge":
            ids = f"{d.event_ids[0]}\n+ {d.event_ids[1]}"
        else:
            ids = d.mention_ids[0] + (f"\n→ {d.result}" if d.result else "")
        table.add_row(str(d.number), d.decided_at[:16].replace("T", " "), _short(d.who, 12), d.action, ids,
                      _short(d.why, 60))
    console.print(table)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--ingest-token", envvar="TIDINGS_INGEST_TOKEN", default=None, metavar="TOKEN",
              help="Enable POST /api/articles for clients sending 'Authorization: Bearer TOKEN' "
                   "(default: $TIDINGS_INGEST_TOKEN; ingestion is off without it).")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Run one GET request in-process, print the body and exit (1 unless it answers 200).")
@durable_option
@lock_timeout_option
def serve(db: str | None, host: str, port: int, ingest_token: str | None, get_path: str | None,
          durable: bool | None, lock_timeout: int | None) -> None:
    """Serve the REST API (/api/, OpenAPI at /openapi.json) and the analyst web UI.

    The database is opened read-only, and must exist, unless ingestion is on (--ingest-token):
    then the server writes the posted articles, and creates the database if there is none.

    Example: tidings serve --db tidings.db --port 8000   then open http://127.0.0.1:8000/
    """
    from tidings.api import ApiSettings, create_app, loopback_hosts

    settings = ApiSettings(ingest_token=ingest_token or None, allowed_hosts=loopback_hosts(host))
    resolved = Settings.resolve(db=db, durable=durable, lock_timeout=lock_timeout)
    app = create_app(Store.open(resolved.db, writer_access(resolved) if settings.ingest_token else READ), settings)
    if get_path is not None:
        from fastapi.testclient import TestClient

        response = TestClient(app, base_url="http://127.0.0.1").get(get_path)
        click.echo(response.text)
        sys.exit(0 if response.status_code == 200 else 1)
    import uvicorn

    uvicorn.run(app, host=host, port=port, server_header=False, log_level="warning")
