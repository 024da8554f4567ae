"""Tidings: raw news articles in, a clean, deduplicated, time-resolved database of events out.

    from tidings import Store, ingest, load_manifest
    store = Store.open("tidings.db")
    report = ingest(["examples/seeds/articles"], store, load_manifest("examples/seeds/manifest.jsonl"))

Names are imported on first use, so `import tidings.places` does not load spaCy.
"""

import importlib
import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

_EXPORTS = {
    "Actor": "tidings.model", "Article": "tidings.model", "DateInterval": "tidings.model",
    "EntityMention": "tidings.model", "Event": "tidings.model", "EventMention": "tidings.model",
    "Place": "tidings.model", "RawArticle": "tidings.model", "Role": "tidings.model", "TimeExpr": "tidings.model",
    "IngestReport": "tidings.run", "ingest": "tidings.run",
    "load_manifest": "tidings.sources", "read_paths": "tidings.sources",
    "Store": "tidings.store",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
