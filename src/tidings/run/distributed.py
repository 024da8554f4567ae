"""The Ray executor (`tidings ingest --executor ray`): the per-article stages on a Ray cluster.

The caller reads, cleans and de-duplicates every input (as the other executors do), then Ray Data
streams the articles through an actor pool: each actor (a `FindingsWriter`) loads the language
pipeline and the knowledge base once and analyses whole batches through one `nlp.pipe` stream.
The findings come back as Parquet shards, one row per article (`seq`, `article_id`, and the
entity mentions, actors and event mentions as JSON, or the error), so a long analysis survives
the driver and can be inspected with any Parquet reader. Linking then reads the shards and stores
the articles here in input order, as the in-process executor does: same input, same database.

Ray is imported only when this executor runs; it is heavy and most runs never need it.
"""

from __future__ import annotations

import json
import logging
import pickle
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tidings.errors import TidingsError
from tidings.model import Actor, EntityMention, EventMention, Profile
from tidings.run import Analyser, Findings, Outcome, Prepared, analyse_articles, load_models

log = logging.getLogger(__name__)


def findings_to_json(found: Findings) -> str:
    """One article's findings as a JSON row value; `findings_from_json` reads it back exactly."""
    entities, actors, mentions, profile = found
    return json.dumps({"entities": [m.to_dict() for m in entities], "actors": [a.to_dict() for a in actors],
                       "events": [m.to_dict() for m in mentions], "profile": profile.to_dict() if profile else None},
                      ensure_ascii=False)


def findings_from_json(row: str) -> Findings:
    d = json.loads(row)
    return (tuple(EntityMention(**m) for m in d["entities"]), tuple(Actor.from_dict(a) for a in d["actors"]),
            tuple(EventMention.from_dict(m) for m in d["events"]),
            Profile.from_dict(d["profile"]) if d.get("profile") else None)


class FindingsWriter:
    """A Ray Data actor: the models loaded once, then batches of pickled articles to findings rows."""

    def __init__(self, batch_size: int, typer: str):
        self.batch_size, self.typer = batch_size, typer
        load_models()

    def __call__(self, rows: dict[str, Any]) -> dict[str, list]:
        articles = [pickle.loads(b) for b in rows["article"]]
        outcomes = analyse_articles(articles, self.batch_size, self.typer)
        return {"seq": [int(s) for s in rows["seq"]], "article_id": [a.article_id for a in articles],
                "findings": [None if isinstance(o, str) else findings_to_json(o) for o in outcomes],
                "error": [o if isinstance(o, str) else None for o in outcomes]}


def on_ray(batch_size: int, workers: int, address: str | None, shards: str | Path | None,
           typer: str) -> Analyser:
    """An executor that analyses every prepared article on Ray with `workers` actors, then hands the
    batches back in input order. `address`: "auto" or a cluster address joins a running cluster;
    "local" or None starts one on this machine for the run (unless this process already has one)."""
    def run(prepared: Iterator[Prepared]) -> Iterator[tuple[Prepared, list[Outcome]]]:
        batches = list(prepared)
        articles = [article for batch in batches for article, _ in batch.articles]
        outcomes = iter(_analyse_on_ray(articles, batch_size, workers, address, shards, typer) if articles else [])
        for batch in batches:
            yield batch, [next(outcomes) for _ in batch.articles]
    return run


def _analyse_on_ray(articles: list, batch_size: int, workers: int, address: str | None,
                    shards: str | Path | None, typer: str) -> list[Outcome]:
    import pyarrow.parquet as pq
    import ray

    started = _connect(ray, address, workers)
    folder = Path(tempfile.mkdtemp(prefix="tidings-shards-")) if shards is None else None
    target = str(folder) if folder else f"{str(shards).rstrip('/')}/run-{uuid.uuid4().hex}"
    try:
        rows = [{"seq": i, "article": pickle.dumps(a)} for i, a in enumerate(articles)]
        (ray.data.from_items(rows)
         .map_batches(FindingsWriter, fn_constructor_kwargs={"batch_size": batch_size, "typer": typer},
                      batch_size=batch_size, compute=ray.data.ActorPoolStrategy(size=workers))
         .write_parquet(target))
        table = pq.read_table(target, columns=["seq", "findings", "error"]).sort_by("seq")
        log.info("%d articles analysed on Ray into %s", table.num_rows, target)
        if table.column("seq").to_pylist() != list(range(len(articles))):
            raise TidingsError(f"the Ray shards in {target} do not hold every article once; run the ingest again")
        findings, errors = table.column("findings").to_pylist(), table.column("error").to_pylist()
        return [error if error is not None else findings_from_json(found)
                for found, error in zip(findings, errors, strict=True)]
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
        if started:
            ray.shutdown()


def _connect(ray: Any, address: str | None, workers: int) -> bool:
    """Join or start the cluster; True when this call started it (and so must stop it)."""
    if ray.is_initialized():
        return False
    try:
        if address in (None, "local"):
            ray.init(num_cpus=max(workers, 1), include_dashboard=False, logging_level=logging.WARNING)
        else:
            ray.init(address=address, logging_level=logging.WARNING)
    except (ConnectionError, RuntimeError, ValueError) as e:
        raise TidingsError(f"cannot reach the Ray cluster at {address!r}: {e}; start one with `ray start --head` "
                           "or pass --ray-address local") from None
    ray.data.DataContext.get_current().enable_progress_bars = False
    return True
