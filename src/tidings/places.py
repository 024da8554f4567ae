"""Place names → places with a country and coordinates, from an offline gazetteer.

The gazetteer (``tidings/data/gazetteer.json.gz``, built by ``make gazetteer`` from GeoNames:
towns and neighbourhoods of 1,000+ people with their state and county, US counties, first-level
regions worldwide, countries) maps normalised names to candidate places, best first. Resolution
is a dictionary lookup; the file is read once per process, on first use.

    >>> resolve_place("Tehran")
    Place(name='Tehran', country='IRN', lat=35.6944, lon=51.4215, kind='city', basis=None)
    >>> resolve_place("Paris", country_hint="USA").country
    'USA'
    >>> resolve_place("Troy, Mich.").lat
    42.6056
    >>> resolve_place("the Russian Federation").kind
    'country'

Ranking (decided when the gazetteer is built): a country beats a city of the same name
("Georgia", "Mexico"); among the rest, population decides, with national capitals counted ten
times ("Washington" is the US capital, "Tripoli" the Libyan one), old or foreign names a tenth
("Alexandria" is in Egypt, not Mashhad's Greek name), and a first-level region counted as a place
of 300,000 people ("Victoria" is the Australian state) unless a city of its country bears its name
("New York", "Zürich" are the cities). A country hint, or a qualifier in the name itself
("Paris, Texas", "Troy, Mich.", "Lebanon's Tripoli"), picks the best candidate inside that area.

A place of kind ``"country"`` carries its capital's coordinates only as a representative point:
user interfaces must not draw it as a city (and regions carry no coordinates at all).
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from array import array
from importlib import resources
from typing import Any

from tidings.errors import KnowledgeBaseMissing
from tidings.model import Place, PlaceKind

DATA_FILE = "gazetteer.json.gz"
#: One letter per kind of gazetteer place, in its `kind` column; counties are admin places too.
KIND_CODES = {"country": "c", "region": "r", "county": "a", "city": "t"}
_PLACE_KIND: dict[str, PlaceKind] = {"c": "country", "r": "region", "a": "region", "t": "city"}
#: A missing coordinate in the gazetteer's integer columns (regions have none).
NO_COORDINATE = -(2**31)

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_PUNCTUATION = re.compile(r"[^\w\s]")
_QUALIFIED = (
    re.compile(r"^(?P<qualifier>.+?)['’]s?\s+(?P<place>.+)$"),  # "Kazakhstan's Astana"
    re.compile(r"^(?P<place>.+?),\s*(?P<qualifier>[^,]+)$"),  # "Paris, Texas"
)


def normalise_name(name: str) -> str:
    """The lookup key of a name: accents, case, punctuation and a leading "the" do not matter,
    and "St."/"Mt." read as "Saint"/"Mount", so "the U.S." and "US" share a key."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("'", "").replace("’", "").replace(".", "")
    words = _PUNCTUATION.sub(" ", text).replace("_", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


class Gazetteer:
    """Every known place, and for each normalised name its candidates, best first.

    Places are referred to by position and kept in columns (one array per field); a `Place` is
    made when first asked for: building 190,000 of them up front would triple the memory."""

    def __init__(self, data: dict[str, Any]):
        columns = data["places"]
        self._names: list[str] = columns["name"]
        self._codes: list[str] = columns["countries"]
        self._country = array("H", columns["country"])
        self._lat = array("i", columns["lat"])
        self._lon = array("i", columns["lon"])
        self._kind: str = columns["kind"]
        self._prominence = array("q", columns["prominence"])
        self._admin1 = array("i", columns["admin1"])
        self._admin2 = array("i", columns["admin2"])
        self._index: dict[str, int | list[int]] = data["index"]
        self._qualifiers: dict[str, list[int]] = data["qualifiers"]
        self._alpha2: dict[str, str] = data["alpha2"]
        self._made: dict[int, Place] = {}
        self._countries = {self._codes[self._country[i]]: i for i, k in enumerate(self._kind) if k == "c"}

    def __len__(self) -> int:
        return len(self._names)

    def positions(self, name: str) -> list[int]:
        """Positions of all places called `name`, best first."""
        found = self._index.get(normalise_name(name), ())
        return [found] if isinstance(found, int) else list(found)

    def lookup(self, name: str) -> list[Place]:
        """All places called `name`, best first; empty when the name is unknown."""
        return [self.place(i) for i in self.positions(name)]

    def place(self, position: int) -> Place:
        place = self._made.get(position)
        if place is None:
            lat, lon = self._lat[position], self._lon[position]
            place = self._made[position] = Place(
                self._names[position], self.country_of(position),
                None if lat == NO_COORDINATE else lat / 10_000, None if lon == NO_COORDINATE else lon / 10_000,
                _PLACE_KIND[self._kind[position]])
        return place

    def country_of(self, position: int) -> str:
        return self._codes[self._country[position]]

    def kind_code(self, position: int) -> str:
        """"c" country, "r" state or province, "a" county, "t" town."""
        return self._kind[position]

    def prominence(self, position: int) -> int:
        """Population, a capital's counted ten times (a region's is a stand-in, 300,000)."""
        return self._prominence[position]

    def areas_of(self, position: int) -> list[int]:
        """The country, state and county a place lies in, widest first, then the place itself."""
        chain = [self._countries.get(self.country_of(position), position)]
        chain += [a for a in (self._admin1[position], self._admin2[position]) if a >= 0]
        return list(dict.fromkeys([*chain, position]))

    def within(self, position: int, area: int) -> bool:
        """Whether the place is the area or lies inside it."""
        if self._kind[area] == "c":
            return self.country_of(position) == self.country_of(area)
        return area in (position, self._admin1[position], self._admin2[position])

    def qualifier_areas(self, name: str) -> list[int]:
        """The areas a qualifier after a place name may mean: "Ind." and "IN" (abbreviations, which
        are never place names of their own), then countries, states and counties so named."""
        key = normalise_name(name)
        named = [i for i in self.positions(name) if self._kind[i] in "cra"]
        return list(dict.fromkeys([*self._qualifiers.get(key, ()), *named]))

    def country(self, code: str) -> Place | None:
        """The country record for an ISO alpha-3 code."""
        position = self._countries.get(code)
        return None if position is None else self.place(position)

    def country_code(self, hint: str | None) -> str | None:
        """An ISO alpha-3 code from a hint given as alpha-3, alpha-2 or a country name."""
        if not hint or not hint.strip():
            return None
        code = hint.strip().upper()
        if code in self._countries:
            return code
        if code in self._alpha2:
            return self._alpha2[code]
        named = self.positions(hint)
        return self.country_of(named[0]) if named else None


@functools.cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process."""
    return Gazetteer(_read_data())


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
    ("Lebanon's Tripoli", "Paris, Texas", "Troy, Mich.") is stricter: only a place inside it is
    accepted.
    """
    gaz = gazetteer()
    hint = gaz.country_code(country_hint)
    candidates = gaz.positions(name)
    if candidates:
        return gaz.place(next((i for i in candidates if hint and gaz.country_of(i) == hint), candidates[0]))
    found = _resolve_qualified(gaz, name)
    return None if found is None else gaz.place(found)


def _resolve_qualified(gaz: Gazetteer, name: str) -> int | None:
    """A name with its area written in: "Kazakhstan's Astana", "Tripoli, Lebanon", "Troy, Mich."."""
    for pattern in _QUALIFIED:
        match = pattern.match(name.strip())
        if match:
            found = _inside(gaz, gaz.positions(match["place"]), gaz.qualifier_areas(match["qualifier"]))
            if found is not None:
                return found
    return None


def _inside(gaz: Gazetteer, candidates: list[int], areas: list[int]) -> int | None:
    """The best candidate inside the first area that holds one."""
    for area in areas:
        inside = next((i for i in candidates if i != area and gaz.within(i, area)), None)
        if inside is not None:
            return inside
    return None
