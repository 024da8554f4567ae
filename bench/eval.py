#!/usr/bin/env python3
"""`make eval`: every real-news benchmark the project has, end to end, in one table.

    python bench/eval.py [--shared ../shared] [--out build] [--only NAME,...] [--check FLOORS]

Each corpus goes through the real commands (`tidings ingest`, `tidings export`, `tidings corefer`)
into a fresh SQLite file under OUT/eval/<corpus>/ and is scored by the benchmark's own script in
SHARED/eval/:

- `seeds` and `dev`: `score_events.py` on the two seed articles and on the 13 real articles of
  `examples/dev/` (every area line, the total and mention precision);
- `ecb`: ECB+ dev topics, end to end (`ecbplus.py score`: CoNLL F1, mention recall and precision)
  and on gold mentions (`tidings corefer` + `ecbplus.py score-clusters`);
- `gvc`: the Gun Violence Corpus dev split, the same two tasks plus article-pair incident F1 and
  events per incident (`gvc.py`), and how well the mentions of each incident are dated against the
  incident's day read by hand from the dev articles (`bench/gvc_dev_incident_dates.json`);
- `plv`: PLOVER typing, 5-fold cross-validated through the whole pipeline (`bench/plover_cv.py`),
  and the accuracy of the source and target actors of the matched events against PLV's columns;
- `judged`: the type of 1,600 mentions of the ECB+ train topics and GVC train articles that
  annotators judged (`bench/type_checks.py`, `data/labels/`): the share right among those shown,
  and the shares of real events and of not-events still shown (training data: a quick stand-in for
  the hand check, which judges the dev corpora);
- `timex`: the time expressions hand-annotated in `bench/timex_dev.jsonl` (GVC dev and the 13 dev
  articles) through `tidings time --batch`: exact TimeML value and type, overall and by type;
- coverage on every corpus: the share of event mentions with a date (and by basis), a place and
  at least one actor, and the share of events reported by more than one article.

Writes OUT/eval.json and OUT/eval.md and prints the table. Without SHARED it says so and exits 0
(nothing to measure). With `--check FLOORS` (a JSON file of minimum values, `bench/eval_floors.json`)
it compares the figures with the floors and exits 1 when one is broken.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ("seeds", "dev", "ecb", "gvc", "plv", "judged", "timex")
Figures = dict[str, Any]


def run(cmd: list[str], log: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a command; its stdout, or a clear error (with the log's tail) when it fails."""
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"$ {' '.join(cmd)}\n{done.stdout}{done.stderr}\n")
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise SystemExit(f"eval: `{' '.join(cmd)}` failed with status {done.returncode}:\n{tail}")
    return done.stdout


def tidings(*args: str | Path, log: Path) -> str:
    return run([sys.executable, "-m", "tidings", *map(str, args)], log)


def figure(pattern: str, text: str, cast: Callable[[str], Any] = float) -> Any:
    """The first group of the last line matching `pattern` in a benchmark's output."""
    found = re.findall(pattern, text, re.M)
    if not found:
        raise SystemExit(f"eval: no line matching {pattern!r} in:\n{text[-2000:]}")
    last = found[-1]
    return cast(last if isinstance(last, str) else last[0])


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pct(n: int, d: int) -> float | None:
    return round(100 * n / d, 1) if d else None


# One corpus through the pipeline -----------------------------------------------------------------

def ingest_and_export(work: Path, inputs: Iterable[Path], manifest: Path) -> Path:
    """A fresh database from `inputs` with `tidings ingest`, exported with `tidings export`."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    db, out, log = f"sqlite:///{work / 'tidings.db'}", work / "export", work / "commands.log"
    tidings("ingest", *inputs, "--manifest", manifest, "--db", db, log=log)
    tidings("export", "--format", "jsonl", "--out", out, "--db", db, log=log)
    return out


def coverage(export: Path, files: set[str] | None = None) -> Figures:
    """How much of what the pipeline extracted carries a date, a place and an actor, and how many
    events more than one article reports. `files` limits it to those articles (by file name)."""
    articles = [a for a in read_jsonl(export / "articles.jsonl")
                if files is None or Path(str(a.get("source_path", ""))).name in files]
    keep = {a["article_id"] for a in articles}
    published = {a["article_id"]: a.get("published") for a in articles}
    mentions = events = multi = implausible = 0
    dated = placed = with_actor = occurred = occurred_dated = 0
    basis: Counter[str] = Counter()
    for ev in read_jsonl(export / "events.jsonl"):
        ms = [m for m in ev.get("mentions") or [] if m.get("article_id") in keep]
        if not ms:
            continue
        events += 1
        multi += len({m["article_id"] for m in ev.get("mentions") or []}) > 1
        for m in ms:
            mentions += 1
            date = m.get("date")
            dated += date is not None
            implausible += date is not None and not plausible(date, published.get(m["article_id"]))
            basis[(date or {}).get("basis") or "none"] += 1
            placed += m.get("location") is not None
            actors = m.get("source_actors", ev.get("source_actors")) or []
            actors = [*actors, *(m.get("target_actors", ev.get("target_actors")) or [])]
            with_actor += bool(actors)
            if m.get("status") == "occurred":
                occurred += 1
                occurred_dated += date is not None
    return {
        "articles": len(keep), "event_mentions": mentions, "events": events,
        "dated": pct(dated, mentions), "dated_occurred": pct(occurred_dated, occurred),
        "dated_text": pct(basis["text"], mentions), "dated_context": pct(basis["context"], mentions),
        "dated_publication": pct(basis["publication"], mentions),
        "placed": pct(placed, mentions), "with_actor": pct(with_actor, mentions),
        "multi_article_events": pct(multi, events),
        "implausible_dates": implausible,
    }


def plausible(date: dict[str, Any], published: str | None) -> bool:
    """A date from 1900 to five years after publication (the issue's bound; historical dates
    before 1900 are rare in news and must be stated by the text)."""
    last = int(published[:4]) + 5 if published else 2100
    return int(str(date["start"])[:4]) >= 1900 and int(str(date["end"])[:4]) <= last


# The benchmarks ----------------------------------------------------------------------------------

AREA_LINE = re.compile(r"^(\w+)\s+(\d+)/(\d+)\s*$", re.M)  # "events   14/14"


def score_events(shared: Path, work: Path, articles: Path, manifest: Path, gold: Path) -> Figures:
    export = ingest_and_export(work, [articles], manifest)
    scorer = shared / "eval" / "score_events.py"
    text = run([sys.executable, str(scorer), str(export), str(gold)], work / "commands.log")
    (work / "score.txt").write_text(text, encoding="utf-8")
    areas = {name: [int(n), int(d)] for name, n, d in AREA_LINE.findall(text)}
    precision = re.findall(r"^mention precision: (\d+)/(\d+)", text, re.M)[-1]
    total = re.findall(r"^score: (\d+)/(\d+)", text, re.M)[-1]
    return {
        "score": pct(int(total[0]), int(total[1])), "checks": [int(total[0]), int(total[1])],
        "areas": areas, "area_pct": {k: pct(*v) for k, v in areas.items()},
        "mention_precision": pct(int(precision[0]), int(precision[1])),
        "coverage": coverage(export),
    }


def seeds(shared: Path, out: Path) -> Figures:
    d = shared / "examples" / "seeds"
    return score_events(shared, out / "seeds", d / "articles", d / "manifest.jsonl", d / "gold.json")


def dev(shared: Path, out: Path) -> Figures:
    d = shared / "examples" / "dev"
    return score_events(shared, out / "dev", d / "articles", d / "manifest.jsonl", d / "gold.json")


def coreference(shared: Path, work: Path, script: str, prepare: list[str]) -> tuple[Path, Path, str, str]:
    """Prepare a coreference corpus, run it end to end and on gold mentions; both outputs."""
    bench = shared / "eval" / script
    prepared = work / "prepared"
    if work.exists():
        shutil.rmtree(work)
    log = work / "commands.log"
    run([sys.executable, str(bench), "prepare", *prepare, "--out", str(prepared)], log)
    export = ingest_and_export(work / "pipeline", [prepared / "docs"], prepared / "manifest.jsonl")
    end_to_end = run([sys.executable, str(bench), "score", "--prepared", str(prepared), "--export", str(export)], log)
    clusters = work / "clusters.jsonl"
    tidings("corefer", "--mentions", prepared / "mentions.jsonl", "--out", clusters, log=log)
    gold = run([sys.executable, str(bench), "score-clusters", "--prepared", str(prepared), "--clusters", str(clusters)],
               log)
    (work / "score.txt").write_text(end_to_end, encoding="utf-8")
    (work / "score-clusters.txt").write_text(gold, encoding="utf-8")
    return prepared, export, end_to_end, gold


MENTION_DETECTION = r"^mention detection: R\s+([0-9.]+)\s+P\s+([0-9.]+)"
CONLL = r"^conll_f1: ([0-9.]+)"


def coreference_figures(end_to_end: str, gold: str) -> Figures:
    detection = re.findall(MENTION_DETECTION, end_to_end, re.M)[-1]
    return {"conll_f1": figure(CONLL, end_to_end), "gold_mention_conll_f1": figure(CONLL, gold),
            "mention_recall": float(detection[0]), "mention_precision": float(detection[1])}


def ecb(shared: Path, out: Path) -> Figures:
    _, export, e2e, gold = coreference(shared, out / "ecb", "ecbplus.py",
                                       ["--topics", str(shared / "data" / "ecbplus" / "topics"), "--split", "dev"])
    return {**coreference_figures(e2e, gold), "coverage": coverage(export)}


#: The day of each GVC dev incident's shooting, read by hand from the dev articles (see its `_about`).
GVC_INCIDENT_DATES = ROOT / "bench" / "gvc_dev_incident_dates.json"
#: A shooting reported late at night may be dated the day after: a mention's date is right when it
#: lies within the incident's days and the day after.
INCIDENT_DATE_SLACK = timedelta(days=1)


def incident_dates(prepared: Path, export: Path, dates_file: Path = GVC_INCIDENT_DATES) -> Figures:
    """How well the mentions of each GVC dev incident are dated: over the predicted mentions that
    overlap a gold mention of an incident dated by hand, the share whose date lies within the
    incident's days (`right`; a three-day publication window is not), and the share whose date at
    least overlaps them (`consistent`: not contradicted)."""
    days = {k: v for k, v in json.loads(dates_file.read_text(encoding="utf-8")).items()
            if not k.startswith("_") and v.get("start")}
    gold = json.loads((prepared / "gold.json").read_text(encoding="utf-8"))["mentions"]
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for g in gold.values():
        spans.setdefault(g["file"], []).append((g["start"], g["end"], g["incident"]))
    file_of = {a["article_id"]: Path(str(a.get("source_path", ""))).name for a in read_jsonl(export / "articles.jsonl")}
    right = consistent = total = 0
    for ev in read_jsonl(export / "events.jsonl"):
        for m in ev.get("mentions") or []:
            start, end = m["start"], m["start"] + max(1, len(m.get("text") or ""))
            hits = [i for s, e, i in spans.get(file_of.get(m["article_id"], ""), ()) if s < end and start < e]
            if not hits or hits[0] not in days:
                continue
            total += 1
            day = days[hits[0]]
            lo, hi = date.fromisoformat(day["start"]), date.fromisoformat(day["end"]) + INCIDENT_DATE_SLACK
            d = m.get("date") or {}
            if d.get("start") and d.get("end"):
                ds, de = date.fromisoformat(d["start"][:10]), date.fromisoformat(d["end"][:10])
                right += lo <= ds and de <= hi
                consistent += ds <= hi and lo <= de
    return {"incident_mentions_dated_right": pct(right, total),
            "incident_mentions_date_consistent": pct(consistent, total)}


def gvc(shared: Path, out: Path) -> Figures:
    prepared, export, e2e, gold = coreference(shared, out / "gvc", "gvc.py",
                                              ["--data", str(shared / "data" / "gvc"), "--split", "dev"])
    return {
        **coreference_figures(e2e, gold),
        **incident_dates(prepared, export),
        "incident_pairs_f1": figure(r"^incident_pairs_f1: ([0-9.]+)", e2e),
        "incident_pairs_precision": figure(r"^incident_pairs_precision: ([0-9.]+)", e2e),
        "incident_pairs_recall": figure(r"^incident_pairs_recall: ([0-9.]+)", e2e),
        "events_per_incident": figure(r"^events_per_incident: ([0-9.]+)", e2e),
        "gold_clusters_per_incident": figure(r"^gold_clusters_per_incident: ([0-9.]+)", e2e),
        "coverage": coverage(export),
    }


def plover_words(s: str | None) -> set[str]:
    """Content words of an actor phrase, as `plover.py` compares them."""
    sys.path.insert(0, str(_SHARED / "eval"))
    from plover import words  # type: ignore[import-not-found]  # the benchmark's own rule

    return words(s)


def actor_roles(prepared: Path, export: Path) -> Figures:
    """Source and target accuracy on PLV: for each gold pair, the sentence's event that
    `plover.py score` picks (the one whose actors best fit the gold pair); its source is right
    when it shares a content word with the gold source, and the same for the target."""
    gold = read_jsonl(prepared / "gold.jsonl")
    file_of = {a["article_id"]: Path(str(a.get("source_path", ""))).name for a in read_jsonl(export / "articles.jsonl")}
    names = {a["actor_id"]: plover_words(" ".join([a.get("name") or "", *(a.get("aliases") or [])]))
             for a in read_jsonl(export / "actors.jsonl")}
    by_file: dict[str, list[tuple[set[str], set[str]]]] = {}
    for ev in read_jsonl(export / "events.jsonl"):
        if ev.get("type") in (None, "", "OTHER"):
            continue
        src = set().union(*(names.get(i, set()) for i in ev.get("source_actors") or []))
        tgt = set().union(*(names.get(i, set()) for i in ev.get("target_actors") or []))
        for m in ev.get("mentions") or []:
            if m.get("article_id") in file_of:
                by_file.setdefault(file_of[m["article_id"]], []).append((src, tgt))
    source_ok = target_ok = both_ok = 0
    for g in gold:
        gs, gt = plover_words(g["source"]), plover_words(g["target"])
        cands = by_file.get(g["file"], [])
        best = max(cands, key=lambda c: (bool(gs & (c[0] | c[1])) + bool(gt & (c[0] | c[1])),
                                         bool(gs & c[0]) + bool(gt & c[1])), default=(set(), set()))
        s, t = bool(gs & best[0]), bool(gt & best[1])
        source_ok, target_ok, both_ok = source_ok + s, target_ok + t, both_ok + (s and t)
    n = len(gold)
    return {"source_accuracy": pct(source_ok, n), "target_accuracy": pct(target_ok, n),
            "source_target_accuracy": pct(source_ok + target_ok, 2 * n), "both_accuracy": pct(both_ok, n)}


def plv(shared: Path, out: Path) -> Figures:
    work = out / "plv"
    if work.exists():
        shutil.rmtree(work)
    text = run([sys.executable, str(ROOT / "bench" / "plover_cv.py"), str(shared / "data" / "plover" / "PLV_train.tsv"),
                "--out", str(work), "--plover", str(shared / "eval" / "plover.py"), "--no-in-sample"], work / "cv.log")
    (work / "score.txt").write_text(text, encoding="utf-8")
    return {
        "cv_macro_f1": figure(r"^cv macro_f1: ([0-9.]+)", text),
        "cv_accuracy": figure(r"accuracy: ([0-9.]+)%", text),
        **actor_roles(work / "prepared", work / "merged"),
        "coverage": coverage(work / "merged"),
    }


# Time expressions ----------------------------------------------------------------------------------

TIMEX_GOLD = ROOT / "bench" / "timex_dev.jsonl"
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
# Words whose full stop ends no sentence: "at 9 a.m. Sunday", "Sgt. Mike Miller", "Nov. 23".
ABBREVIATION = re.compile(r"(?:\b[ap]\.m|\b(?:mr|mrs|ms|dr|st|sgt|lt|capt|col|gen|gov|rep|sen|det|const|adm|rev|jr|sr"
                          r"|inc|co|corp|no|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|u\.s|[a-z]))\.$", re.I)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds [start, end): its line, cut after a full stop, question or
    exclamation mark that a capital follows, unless the stop ends an abbreviation."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    cuts = [0, *(m.end() for m in re.finditer(r"[.!?][\"'\u201d\u2019]?\s+(?=[A-Z\"'\u201c\u2018(])", line)
                 if not ABBREVIATION.search(line[:m.start() + 1])), len(line)]
    at = start - line_start
    first = max(c for c in cuts if c <= at)
    last = min(c for c in cuts if c >= end - line_start)
    return line[first:last].strip()


def article_texts(shared: Path) -> dict[tuple[str, str], str]:
    """Every article the timex gold may point into, by (corpus, doc): GVC dev texts and the dev files."""
    texts = {("gvc-dev", a["doc_id"]): a["text"] for a in read_jsonl(shared / "data" / "gvc" / "articles.jsonl")
             if a["split"] == "dev"}
    for path in sorted((shared / "examples" / "dev" / "articles").glob("*.txt")):
        texts[("dev", path.name)] = path.read_text(encoding="utf-8")
    return texts


def timex(shared: Path, out: Path) -> Figures:
    """`tidings time --batch` on the hand-annotated expressions, each with its sentence read from the
    shared articles by its offsets (the gold holds no article text); the misses go to misses.jsonl."""
    work = out / "timex"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    gold = read_jsonl(TIMEX_GOLD)
    texts = article_texts(shared)
    batch = []
    for g in gold:
        text = texts[(g["corpus"], g["doc"])]
        if text[g["start"]:g["end"]] != g["text"]:
            raise SystemExit(f"eval: {g['id']}: {g['doc']} has {text[g['start']:g['end']]!r} at "
                             f"{g['start']}..{g['end']}, the gold says {g['text']!r}")
        batch.append({"id": g["id"], "text": g["text"], "published": g["published"],
                      "sentence": sentence_around(text, g["start"], g["end"])})
    (work / "batch.jsonl").write_text("".join(json.dumps(b) + "\n" for b in batch), encoding="utf-8")
    tidings("time", "--batch", work / "batch.jsonl", "--out", work / "answers.jsonl", log=work / "commands.log")
    answers = {a["id"]: a for a in read_jsonl(work / "answers.jsonl")}
    misses = [{**g, "got_value": answers[g["id"]]["value"], "got_type": answers[g["id"]]["type"]} for g in gold
              if (answers[g["id"]]["value"], answers[g["id"]]["type"]) != (g["value"], g["type"])]
    (work / "misses.jsonl").write_text("".join(json.dumps(m) + "\n" for m in misses), encoding="utf-8")

    def accuracy(rows: list[dict[str, Any]], field: str) -> float | None:
        return pct(sum(answers[g["id"]][field] == g[field] for g in rows), len(rows))

    by_type = {t: [g for g in gold if g["type"] == t] for t in TIMEX_TYPES}
    return {
        "expressions": len(gold),
        "value_accuracy": accuracy(gold, "value"), "type_accuracy": accuracy(gold, "type"),
        "value_accuracy_by_type": {t: accuracy(rows, "value") for t, rows in by_type.items()},
        "count_by_type": {t: len(rows) for t, rows in by_type.items()},
    }


def judged(shared: Path, out: Path) -> Figures:
    """`bench/type_checks.py` in a process of its own (it parses the training documents again)."""
    work = out / "judged"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    text = run([sys.executable, str(ROOT / "bench" / "type_checks.py"), "--shared", str(shared), "--list", "200"],
               work / "type_checks.log")
    (work / "score.txt").write_text(text, encoding="utf-8")
    return {
        "type_accuracy": figure(r"^type accuracy: ([0-9.]+)", text),
        "real_shown": figure(r"real events still shown: ([0-9.]+)%", text),
        "not_events_shown": figure(r"not-events still shown: ([0-9.]+)%", text),
    }


RUNNERS: dict[str, Callable[[Path, Path], Figures]] = {"seeds": seeds, "dev": dev, "ecb": ecb, "gvc": gvc, "plv": plv,
                                                       "judged": judged, "timex": timex}
_SHARED = ROOT.parent / "shared"


# The table ---------------------------------------------------------------------------------------

def fmt(v: Any, digits: int = 1) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    if isinstance(v, list) and len(v) == 2:
        return f"{v[0]}/{v[1]}"
    return str(v)


COVERAGE_COLUMNS = (("event_mentions", "mentions"), ("dated", "dated %"), ("dated_occurred", "occurred dated %"),
                    ("dated_text", "by text %"), ("dated_context", "by context %"),
                    ("dated_publication", "by publication %"), ("placed", "placed %"), ("with_actor", "with actor %"),
                    ("multi_article_events", "events >1 article %"), ("implausible_dates", "dates <1900 or >pub+5"))


def markdown(results: dict[str, Figures], meta: dict[str, Any]) -> str:
    lines = [f"# make eval — {meta['when']}, {meta['commit']}, {meta['seconds']:.0f} s", ""]
    lines += ["| benchmark | figure | value |", "|---|---|---|"]
    for name in CORPORA:
        r = results.get(name)
        if r is None:
            continue
        for key, value in r.items():
            if key in ("coverage", "areas"):
                continue
            if key == "area_pct":
                for area, count in r["areas"].items():
                    lines.append(f"| {name} | {area} | {fmt(count)} ({fmt(value[area])}%) |")
                continue
            if isinstance(value, dict):
                lines += [f"| {name} | {key}.{sub} | {fmt(v)} |" for sub, v in value.items()]
                continue
            lines.append(f"| {name} | {key} | {fmt(value, 2 if key.endswith('per_incident') else 1)} |")
    lines += ["", "Coverage (share of extracted event mentions; events reported by more than one article):", ""]
    lines += ["| corpus | " + " | ".join(h for _, h in COVERAGE_COLUMNS) + " |",
              "|---|" + "---|" * len(COVERAGE_COLUMNS)]
    for name in CORPORA:
        if name in results and "coverage" in results[name]:
            c = results[name]["coverage"]
            lines.append(f"| {name} | " + " | ".join(fmt(c.get(k)) for k, _ in COVERAGE_COLUMNS) + " |")
    return "\n".join(lines) + "\n"


# Floors ------------------------------------------------------------------------------------------

def flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            flat.update(flatten(v, key + "."))
        else:
            flat[key] = v
    return flat


def broken_floors(results: dict[str, Any], floors: dict[str, Any]) -> list[str]:
    """Each floor the results fall below, or do not report, as one line. A floor's key is a dotted
    path into eval.json ("dev.score", "gvc.coverage.placed"); a key ending in `_max` is a ceiling."""
    flat = flatten(results)
    broken = []
    for key, bound in flatten(floors).items():
        if key.startswith("_"):
            continue
        ceiling = key.endswith("_max")
        name = key[: -len("_max")] if ceiling else key
        value = flat.get(name)
        if isinstance(value, list):
            value = value[0]
        if not isinstance(value, int | float):
            broken.append(f"{name}: not reported (floor {bound})")
        elif (value > bound) if ceiling else (value < bound):
            broken.append(f"{name}: {value} is {'above the ceiling' if ceiling else 'below the floor'} {bound}")
    return broken


def main(argv: list[str] | None = None) -> int:
    global _SHARED
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "build")
    ap.add_argument("--only", default=",".join(CORPORA), help=f"comma-separated, of: {', '.join(CORPORA)}")
    ap.add_argument("--check", type=Path, default=None, help="floors file; exit 1 when a figure falls below one")
    a = ap.parse_args(argv)
    shared = a.shared.resolve()
    if not (shared / "eval" / "score_events.py").exists():
        print(f"make eval: {a.shared} (the benchmarks and their data) is not here, so there is nothing to measure; "
              "put the shared folder beside the project or pass SHARED=DIR.")
        return 0
    _SHARED = shared
    only = [c.strip() for c in a.only.split(",") if c.strip()]
    if unknown := [c for c in only if c not in RUNNERS]:
        raise SystemExit(f"eval: unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(CORPORA)}")
    work = a.out / "eval"
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    results: dict[str, Figures] = {}
    timings: dict[str, float] = {}
    for name in only:
        t0 = time.time()
        print(f"eval: {name} ...", flush=True)
        results[name] = RUNNERS[name](shared, work)
        timings[name] = round(time.time() - t0, 1)
        print(f"eval: {name} done in {timings[name]:.0f} s", flush=True)
    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    meta = {"when": time.strftime("%Y-%m-%d %H:%M"), "commit": commit, "seconds": time.time() - started,
            "timings": timings}
    if set(only) != set(CORPORA) and (a.out / "eval.json").exists():  # a partial run updates the last full one
        previous = json.loads((a.out / "eval.json").read_text(encoding="utf-8"))
        results = {**{k: v for k, v in previous.items() if k in RUNNERS}, **results}
    (a.out / "eval.json").write_text(json.dumps({**results, "_meta": meta}, indent=2) + "\n", encoding="utf-8")
    table = markdown(results, meta)
    (a.out / "eval.md").write_text(table, encoding="utf-8")
    print(table)
    if a.check is not None:
        broken = broken_floors(results, json.loads(a.check.read_text(encoding="utf-8")))
        for line in broken:
            print(f"floor broken: {line}")
        if broken:
            return 1
        print(f"all floors in {a.check} hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
