"""The training and tuning corpora of ../shared/data, read the way the benchmarks read them.

    from corpora import ecbplus_split, gvc_split
    docs = ecbplus_split(Path("../shared/data/ecbplus/topics"), "train")
    for d in docs: d.text, d.annotated, d.mentions   # mention: (start, end, cluster)

ECB+ documents are laid out exactly as `../shared/eval/ecbplus.py prepare` writes them (one sentence
a line, tokens joined by spaces), so offsets here are offsets there; `annotated` holds the character
ranges of the validated sentences, the only ones whose event mentions ECB+ annotates. GVC articles
are the corpus `text` with the incident of each article and, for dev, the gold mentions. Training
scripts only; the package never imports this.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@dataclass
class Document:
    """One article of a corpus: its text, where events are annotated, and the gold event mentions."""

    name: str
    text: str
    file: str = ""  # the file name the benchmark's `prepare` gives the document
    topic: str = ""
    annotated: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, cluster)
    published: str | None = None
    incident: str | None = None

    def is_annotated(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.annotated)


@cache
def benchmark(name: str, shared: Path = SHARED) -> ModuleType:
    """A benchmark script of ../shared/eval (ecbplus, gvc) as a module, for its readers."""
    path = shared / "eval" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"shared_eval_{name}", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ecbplus_split(topics: Path, split: str, shared: Path = SHARED) -> list[Document]:
    """The documents of one ECB+ split ("train" or "dev"), with validated sentences and gold
    mentions (cluster: the cross-document event id, or a document-local one)."""
    if split not in ("train", "dev"):
        raise ValueError("ECB+ test topics are held out")
    ev = benchmark("ecbplus", shared)
    keep = ev.validated_sentences(topics)
    docs = []
    for tdir in sorted((p for p in topics.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name)):
        if ev.split_of(int(tdir.name)) != split:
            continue
        for f in sorted(tdir.glob("*.xml")):
            name, tokens, ments, cluster = ev.load_doc(f)
            sents: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
            for tid, (s, n, text) in tokens.items():
                sents[s].append((n, tid, text))
            lines, offset, where, line_span = [], 0, {}, {}
            for s in sorted(sents):
                parts: list[str] = []
                for _, tid, text in sorted(sents[s]):
                    start = offset + sum(len(p) + 1 for p in parts)
                    where[tid] = (s, start, start + len(text))
                    parts.append(text)
                line = " ".join(parts)
                line_span[s] = (offset, offset + len(line))
                lines.append(line)
                offset += len(line) + 1
            opaque = "d" + hashlib.sha1(name.encode()).hexdigest()[:12] + ".txt"  # as ecbplus.py prepare names it
            doc = Document(name, "\n".join(lines) + "\n", file=opaque,
                           topic=name.split("_")[0] + ("+" if "plus" in name else ""))
            doc.annotated = [line_span[s] for s in sorted(keep.get(name, ())) if s in line_span]
            for mid, anchors in ments.items():
                s = where[anchors[0]][0]
                if s in keep.get(name, ()):
                    span = (min(where[t][1] for t in anchors), max(where[t][2] for t in anchors))
                    doc.mentions.append((span[0], span[1], cluster.get(mid, f"{name}:{mid}:singleton")))
            docs.append(doc)
    return docs


def gvc_split(data: Path, split: str) -> list[Document]:
    """The articles of one GVC split ("train" or "dev") with their incident; dev with gold mentions
    (GVC annotates only the target incident's events, so other events are not negatives)."""
    if split not in ("train", "dev"):
        raise ValueError("the GVC test split is held out")
    docs = {}
    for line in (data / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        if a["split"] == split:
            docs[a["doc_id"]] = Document(a["doc_id"], a["text"], file=f"{a['doc_id']}.txt", topic=str(a["incident"]),
                                         published=a["published"], incident=str(a["incident"]))
    mentions = data / "mentions.jsonl"
    if split == "dev" and mentions.exists():
        for line in mentions.read_text(encoding="utf-8").splitlines():
            m = json.loads(line)
            if m["split"] == split and m["doc_id"] in docs:
                docs[m["doc_id"]].mentions.append((m["start"], m["end"], m["cluster"]))
    return [docs[k] for k in sorted(docs)]
