"""Article text for display: highlights as plain-text segments cut at stored offsets.

The templates print each segment's text escaped and wrap it in a mark or a link by its kind, so
article content never passes through as markup, whatever it contains (`<script>` included).

    >>> [s["text"] for s in highlight_segments("Putin met Khamenei.", [{"start": 10, "end": 18}],
    ...                                        [{"start": 6, "end": 9}])]
    ['Putin ', 'met', ' ', 'Khamenei', '.']
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit


def highlight_segments(text: str, entities: list[dict[str, Any]],
                       mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every span boundary; each piece carries the entity and the event mention that
    cover it (None where nothing does). Overlapping spans simply cut each other."""
    bounds = {0, len(text)}
    spans = [s for s in (*entities, *mentions) if 0 <= s["start"] < s["end"] <= len(text)]
    for s in spans:
        bounds.update((s["start"], s["end"]))
    cuts = sorted(bounds)
    segments = []
    for start, end in pairwise(cuts):
        entity = next((e for e in entities if e["start"] <= start and end <= e["end"]), None)
        event = next((m for m in mentions if m["start"] <= start and end <= m["end"]), None)
        segments.append({"text": text[start:end], "start": start, "entity": entity, "event": event})
    return segments


def sentence_parts(mention: dict[str, Any]) -> tuple[str, str, str]:
    """(before, trigger, after) of a report's evidence sentence, cut at the trigger's offsets when
    the sentence's place in the article is known, else at the trigger's first occurrence."""
    sentence, trigger = mention["sentence"], mention["text"]
    at = (mention["start"] - mention["sentence_start"] if mention.get("sentence_start") is not None
          else sentence.find(trigger))
    if at < 0 or sentence[at:at + len(trigger)] != trigger:
        return sentence, "", ""
    return sentence[:at], trigger, sentence[at + len(trigger):]


def safe_link(url: str | None) -> str | None:
    """The URL if it is a plain web address; anything else (javascript:, data:) is shown as text only."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None
