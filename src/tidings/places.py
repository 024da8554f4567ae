"""Place names → places with a country and coordinates, from an offline gazetteer; and, per
article, the place of every sentence.

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
("Alexandria" is in Egypt, not Mashhad's Greek name), and a state or county counted as its towns
together, a state as at most 300,000 people ("Indiana" is the state, not the town in
Pennsylvania; "New York", "Zürich" and "Tehran" are the cities). A country hint, or a qualifier
in the name itself ("Paris, Texas", "Troy, Mich.", "Lebanon's Tripoli"), picks the best candidate
inside that area.

In an article, `ArticlePlaces` re-ranks by what the article says about where it is (`PlaceContext`):
"Troy" in an article that names Michigan or Detroit is Troy, Michigan, and a small US town in US
local news is not a bigger foreign town of the same name. For the seed article of the Kashmir
Observer, "MOSCOW: Russian President Vladimir Putin will meet ... in Tehran on Monday" places the
meeting in Tehran (basis "text"); a later sentence with no place of its own gets its paragraph's
place ("context"), else the dateline's, Moscow ("dateline"), else the place the article is mostly
about ("article"). Streets, organisations, teams, broadcasters and people named after places are
not places ("Elm Street", "the Washington Post", "FOX59", "Jack London").

A place of kind ``"country"`` carries its capital's coordinates only as a representative point:
user interfaces must not draw it as a city. States and counties carry no coordinates, nor do seas
and gulfs, which are kept by name with kind ``"other"`` and no precision ("the Gulf of Aden").
"""

from __future__ import annotations

import base64
import bisect
import functools
import gzip
import itertools
import json
import re
import sys
from array import array
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from tidings.errors import KnowledgeBaseMissing
from tidings.model import Article, Place, PlaceBasis, PlaceKind
from tidings.names import normalise_name  # the project's one name key: "the U.S." and "US" meet
from tidings.words import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

DATA_FILE = "gazetteer.json.gz"
#: One letter per kind of gazetteer place, in its `kind` column; counties are admin places too.
KIND_CODES = {"country": "c", "region": "r", "county": "a", "city": "t"}
_PLACE_KIND: dict[str, PlaceKind] = {"c": "country", "r": "region", "a": "region", "t": "city"}
#: A missing coordinate in the gazetteer's integer columns (regions have none).
NO_COORDINATE = -(2**31)
#: The gazetteer's number columns, packed as little-endian arrays of these types: by place, the
#: length of its name in "names" (all names run together), its country (index into "countries"),
#: coordinates, prominence, state and county (positions, or -1); by name ("keys", in order), how
#: many of "candidates" are its places (positions best first, a place only called so by an old or
#: foreign name as ~position).
PACKED = {"name_lengths": "H", "country": "H", "lat": "i", "lon": "i", "prominence": "q", "admin1": "i",
          "admin2": "i", "counts": "H", "candidates": "i"}

_QUALIFIED = (
    re.compile(r"^(?P<qualifier>.+?)['’]s?\s+(?P<place>.+)$"),  # "Kazakhstan's Astana"
    re.compile(r"^(?P<place>.+?),\s*(?P<qualifier>[^,]+)$"),  # "Paris, Texas"
)


class Gazetteer:
    """Every known place, and for each normalised name its candidates, best first.

    Places are referred to by position and kept in columns (one array per field); a `Place` is
    made when first asked for: building 190,000 of them up front would triple the memory."""

    def __init__(self, data: dict[str, Any]):
        self._names: str = data["names"]
        self._codes: list[str] = data["countries"]
        self._kind: str = data["kinds"]
        name_lengths, self._country, self._lat, self._lon, self._prominence, self._admin1, self._admin2, counts, \
            self._candidates = (_unpack(data[field], typecode) for field, typecode in PACKED.items())
        self._name_offsets = array("I", itertools.accumulate(name_lengths, initial=0))
        self._offsets = array("I", itertools.accumulate(counts, initial=0))
        keys = data["keys"].split("\n")
        self._key_at = dict(zip(keys, range(len(keys)), strict=True))
        self._qualifiers: dict[str, list[int]] = data["qualifiers"]
        self._alpha2: dict[str, str] = data["alpha2"]
        self._made: dict[int, Place] = {}
        self._countries = {self._codes[self._country[m.start()]]: m.start() for m in re.finditer("c", self._kind)}

    def __len__(self) -> int:
        return len(self._kind)

    def positions(self, name: str) -> list[int]:
        """Positions of all places called `name`, best first."""
        return [i if i >= 0 else ~i for i in self._entries(name)]

    def by_other_name(self, name: str) -> set[int]:
        """Positions of the places that `name` is only an alternate or former name of ("Salisbury"
        for Harare, "Kiev" for Kyiv)."""
        return {~i for i in self._entries(name) if i < 0}

    def _entries(self, name: str) -> list[int]:
        at = self._key_at.get(normalise_name(name))
        return [] if at is None else self._candidates[self._offsets[at]:self._offsets[at + 1]].tolist()

    def lookup(self, name: str) -> list[Place]:
        """All places called `name`, best first; empty when the name is unknown."""
        return [self.place(i) for i in self.positions(name)]

    def place(self, position: int) -> Place:
        place = self._made.get(position)
        if place is None:
            lat, lon = self._lat[position], self._lon[position]
            place = self._made[position] = Place(
                self._name(position), self.country_of(position),
                None if lat == NO_COORDINATE else lat / 10_000, None if lon == NO_COORDINATE else lon / 10_000,
                _PLACE_KIND[self._kind[position]], region=self._region(position))
        return place

    def _name(self, position: int) -> str:
        return self._names[self._name_offsets[position]:self._name_offsets[position + 1]]

    def _region(self, position: int) -> str | None:
        """The name of the state or province a place lies in, its own for a state; None for a country."""
        if self._kind[position] == "r":
            return self._name(position)
        state = self._admin1[position]
        return self._name(state) if state >= 0 else None

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

    def is_abbreviation(self, name: str) -> bool:
        """Whether a name is written as a state abbreviation: "Fla.", "N.Y.", "IN" (not "Ohio")."""
        text = name.strip()
        return normalise_name(text) in self._qualifiers and (text.endswith(".") or (text.isupper() and len(text) <= 3))

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


def _unpack(text: str, typecode: str) -> array:
    numbers = array(typecode, base64.b64decode(text))
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


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


# Context ------------------------------------------------------------------------------------------

#: A place this prominent (population, capitals counted ten times) is what its name means even in
#: an article about elsewhere: "Paris" in a US paper is France unless the article names Texas.
FAMOUS_PROMINENCE = 1_000_000
#: Without support from the article's countries or states, a smaller town is too likely a
#: namesake, or a misread word, to be trusted.
NOTABLE_PROMINENCE = 15_000
#: A city this big named in an article tells its state and country ("Detroit": Michigan).
TELLING_PROMINENCE = 100_000
#: A name tells the article's country or state on its own when its best meaning is this many times
#: as prominent as any other ("Detroit", "Ohio"; not "Hamilton", Ontario or Ohio).
DOMINANCE = 10


@dataclass(frozen=True)
class PlaceContext:
    """Where an article says it is: the countries, and the states and counties (gazetteer
    positions), that it names or that its dateline and best-known places lie in."""

    countries: frozenset[str] = frozenset()
    areas: frozenset[int] = frozenset()

    def choose(self, gaz: Gazetteer, candidates: Sequence[int], by_other_name: Set[int] = frozenset()) -> int | None:
        """The candidate this article means, or None when none is likely enough.

        In order: a place in one of the article's states or counties, or holding one ("Georgia" in
        an article that names Glynn County), unless a famous namesake lies in the same country
        ("Washington" is the capital even in Pennsylvania news); a state of one of its countries
        ("Georgia" in US news); a country, or a famous town called so by its own name ("Paris";
        not Harare by its old name "Salisbury"); the best place in one of its countries, if
        plausible there; else the best place called so by its own name, if plausible."""
        if not candidates:
            return None
        best = candidates[0]
        famous = gaz.kind_code(best) == "c" or (
            gaz.kind_code(best) == "t" and gaz.prominence(best) >= FAMOUS_PROMINENCE and best not in by_other_name)
        in_area = self._in_area(gaz, candidates)
        if in_area is not None:
            return best if famous and gaz.country_of(best) == gaz.country_of(in_area) else in_area
        home = [i for i in candidates if gaz.country_of(i) in self.countries]
        if home and gaz.kind_code(home[0]) in "ra":
            return home[0]
        if famous:
            return best
        if home:
            return home[0] if self._plausible(gaz, home[0]) else None
        first = next((i for i in candidates if i not in by_other_name), best)
        return first if self._plausible(gaz, first) else None

    def _in_area(self, gaz: Gazetteer, candidates: Sequence[int]) -> int | None:
        """The best candidate inside one of the article's states or counties, or holding one."""
        return next((i for i in candidates if any(gaz.within(i, a) or gaz.within(a, i) for a in self.areas)), None)

    def _plausible(self, gaz: Gazetteer, position: int) -> bool:
        """Whether a place not famous enough to be taken anywhere fits what the article says: in one
        of its countries, a state or county, or a town (a big city, where the article names states
        of that country but not the town's: "Denver" in a Utah story, not the "Capitol Hill" of
        another city); outside them, nothing, once the article says which countries it is about;
        and before that, a state or county, or a notable town."""
        kind, country = gaz.kind_code(position), gaz.country_of(position)
        if kind == "c":
            return True
        if country in self.countries:
            if kind in "ra" or not any(gaz.country_of(a) == country for a in self.areas):
                return True
            return gaz.prominence(position) >= TELLING_PROMINENCE
        if self.countries:
            return False
        return kind in "ra" or gaz.prominence(position) >= NOTABLE_PROMINENCE

    def resolve(self, gaz: Gazetteer, name: str, qualifier: str | None = None) -> int | None:
        """A name's place in this context; a qualifier ("Ind.", "Texas", "Lebanon") is strict."""
        key = _lookup_name(gaz, name)
        if qualifier:
            return _inside(gaz, gaz.positions(key), gaz.qualifier_areas(qualifier))
        candidates = gaz.positions(key)
        if self._in_area(gaz, candidates) is None:
            county = next((i for word in place_words().division for i in gaz.positions(f"{key} {word}")
                           if i in self.areas), None)
            if county is not None:
                return county  # "Nassau police" in a story that names Nassau County
        if candidates:
            return self.choose(gaz, candidates, gaz.by_other_name(key))
        return _resolve_qualified(gaz, name) if key else None

    def widened(self, gaz: Gazetteer, positions: Iterable[int]) -> PlaceContext:
        """This context with what some places tell: their countries, the states and counties among
        them, and a big city's state ("Detroit": Michigan)."""
        countries, areas = set(self.countries), set(self.areas)
        for i in positions:
            countries.add(gaz.country_of(i))
            kind = gaz.kind_code(i)
            if kind in "ra":
                areas.add(i)
            elif kind == "t" and gaz.prominence(i) >= TELLING_PROMINENCE:
                areas.update(a for a in gaz.areas_of(i)[1:-1] if gaz.kind_code(a) == "r")
        return PlaceContext(frozenset(countries), frozenset(areas))


# Datelines ----------------------------------------------------------------------------------------

#: "HENRY COUNTY, Ind. (WISH) —", "OVERLAND, MO (KTVI) -", "KANSAS CITY, Mo. --", "MILWAUKEE --":
#: an upper-case place, maybe its state or country, maybe a station or agency, then a dash.
_DATELINE_OPENING = re.compile(
    r"""^(?P<dateline>(?P<place>[A-Z][A-Z.'’-]+(?:\ [A-Z][A-Z.'’-]+){0,3})
         (?:,\ (?P<qualifier>[A-Z][A-Za-z.]*(?:\ [A-Z][A-Za-z.]*){0,2}))?)
        \ ?(?:\([^()]{1,40}\)\ ?)?(?:--|>>|[-–—:])\ """,
    re.VERBOSE,
)


def dateline_parts(dateline: str) -> tuple[str, str | None]:
    """("HENRY COUNTY", "Ind.") for "HENRY COUNTY, Ind."; the qualifier is None when absent."""
    place, _, qualifier = dateline.partition(",")
    return place.strip(), qualifier.strip() or None


def dateline_in_text(paragraph: str) -> str | None:
    """The dateline a paragraph opens with ("KOKOMO, Ind." in "KOKOMO, Ind. (AP) — Police ..."),
    for articles whose dateline follows a caption or a video notice and so stayed in the text."""
    match = _DATELINE_OPENING.match(paragraph)
    return match["dateline"] if match else None


# Words --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlaceWords:
    """The word lists of `data/place_words.yaml`."""

    street: frozenset[str]
    street_openers: frozenset[str]
    organisation: frozenset[str]
    organisation_openers: frozenset[str]
    jurisdiction: frozenset[str]
    place_type: frozenset[str]
    locating: frozenset[str]
    locating_through_noun: frozenset[str]
    person_titles: frozenset[str]
    division: frozenset[str]
    direction: frozenset[str]
    water: frozenset[str]
    vessel_prefixes: frozenset[str]


@functools.cache
def place_words() -> PlaceWords:
    source = "data/place_words.yaml"
    data = yaml.safe_load(resources.files("tidings").joinpath(source).read_text("utf-8"))
    return PlaceWords(*(frozenset(word_list(source, key, data[key])) for key in (
        "street_words", "street_openers", "organisation_words", "organisation_openers", "jurisdiction_words",
        "place_type_words", "locating_prepositions", "locating_through_noun", "person_titles", "division_words",
        "direction_words", "water_words", "vessel_prefixes")))


# Articles -----------------------------------------------------------------------------------------

#: Entity labels that may name a place.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: US broadcasters' call signs ("KSL", "WISH", "KTVI"), station brands ("FOX59", "WISH-TV") and web
#: sites ("KSL.com"): names, not places.
_BROADCASTER = re.compile(r"^(?:[KW][A-Z]{2,3}|.*\d.*|.*\.(?:com|org|net)|.*-(?:TV|FM|AM|DT))$")
#: Paragraphs of the title and lead, whose places weigh double for the article's main place.
LEAD_PARAGRAPHS = 3
#: How many of the first paragraphs may hold a dateline that the cleaner left in the text.
DATELINE_PARAGRAPHS = 8
#: A place is what the article is mostly about when it gathers at least this share of the mentions
#: of the wider area it lies in.
MAIN_SHARE = 0.5
#: Entities beside a place name that are not part of a longer name with it ("in Troy Monday").
_NOT_NAME_PARTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "NORP"})
_KEY = "tidings.article_places"  # Doc.user_data key of the ArticlePlaces built for that Doc


@dataclass(frozen=True)
class PlaceMention:
    """A place name in the article text that is a place, resolved in the article's context (a
    gazetteer position), or a sea, gulf or river the gazetteer does not hold (`feature`);
    `locates` says it tells where its sentence's events happen ("in Troy", "at the Detroit firm")."""

    start: int
    end: int
    text: str
    qualifier: str | None
    position: int | None
    locates: bool
    feature: Place | None = None
    agency: bool = False  # the place in an agency's name: "Aransas Pass police", "the Henry County Sheriff's Office"

    def place(self, gaz: Gazetteer) -> Place | None:
        return gaz.place(self.position) if self.position is not None else self.feature


@dataclass(frozen=True)
class ArticlePlaces:
    """The places of one article, and for any offset in its text the place that locates it.

    `place_for` answers, in order: the sentence's own place (basis "text"), the town of an agency
    its paragraph names and the nearest place of another sentence of its paragraph ("context"), the
    dateline's ("dateline"), the place the
    article is mostly about ("article"). Built once per parsed document (`of`)."""

    mentions: tuple[PlaceMention, ...]
    excluded: frozenset[int]  # token indices of place names that are not places ("Washington Post")
    context: PlaceContext
    dateline: Place | None
    main: Place | None
    sentence_starts: tuple[int, ...]
    own: tuple[Place | None, ...]  # by sentence: the place a locating name in it gives
    nearby: tuple[Place | None, ...]  # by sentence: the nearest own place of its paragraph
    agencies: tuple[Place | None, ...] = ()  # by sentence: the town of the first agency its paragraph names

    @classmethod
    def of(cls, article: Article, doc: Doc) -> ArticlePlaces:
        """The article's places, built on first use and kept on the Doc, as spaCy keeps state."""
        found = doc.user_data.get(_KEY)
        if found is None:
            found = doc.user_data[_KEY] = cls.build(article, doc)
        return found

    @classmethod
    def build(cls, article: Article, doc: Doc) -> ArticlePlaces:
        """Find the place names that are places, learn the article's context from the evident ones
        (`_evident`), add the countries of what the others mean in it, and resolve them all.
        `doc` is the parse of `article.text`."""
        gaz, words, sentences = gazetteer(), place_words(), _Sentences.of(doc)
        text = article.text  # the Doc's text, which spaCy joins anew from its tokens at each reading
        names, excluded = _place_names(doc, words, sentences)
        dateline = article.dateline or _dateline_in_paragraphs(text)
        parts = dateline_parts(dateline) if dateline else None
        written = [(span.text, qualifier, locates) for span, qualifier, locates, _ in names]
        written += [(*parts, True)] if parts else []
        context = PlaceContext().widened(gaz, _evident(gaz, written))
        meant = [i for name, qualifier, _ in written if (i := context.resolve(gaz, name, qualifier)) is not None]
        context = PlaceContext(context.countries | {gaz.country_of(i) for i in meant}, context.areas)
        mentions = tuple(PlaceMention(span.start_char, span.end_char, span.text, qualifier,
                                      position := context.resolve(gaz, span.text, qualifier),
                                      locates and not (position is not None and _offshore(span)
                                                       and gaz.place(position).kind == "city"),
                                      _water_body(span, words) if position is None else None, agency)
                         for span, qualifier, locates, agency in names)
        dateline_at = context.resolve(gaz, *parts) if parts else None
        if parts and dateline_at is None and parts[1]:
            dateline_at = context.resolve(gaz, parts[0])  # a state GeoNames does not list the town under
        paragraphs = _paragraph_starts(text)
        starts = sentences.chars
        own = _own_places(gaz, mentions, starts)
        return cls(mentions, frozenset(excluded), context, None if dateline_at is None else gaz.place(dateline_at),
                   _main_place(gaz, mentions, dateline_at, paragraphs), starts, own,
                   _nearby_places(own, starts, paragraphs), _agency_places(gaz, mentions, starts, paragraphs))

    def place_for(self, at: int | Token) -> Place | None:
        """The place that locates what is said at a character offset (or token) of the text."""
        offset = at if isinstance(at, int) else at.idx
        sentence = bisect.bisect_right(self.sentence_starts, offset) - 1
        if 0 <= sentence < len(self.own):
            if self.own[sentence] is not None:
                return _based(self.own[sentence], "text")
            if sentence < len(self.agencies) and self.agencies[sentence] is not None:
                return _based(self.agencies[sentence], "context")  # "Aransas Pass police are investigating"
            if self.nearby[sentence] is not None:
                return _based(self.nearby[sentence], "context")
        if self.dateline is not None:
            return _based(self.dateline, "dateline")
        return _based(self.main, "article")

    def place_of(self, spans: Iterable[Span]) -> Place | None:
        """The first of a clause's place spans that is a place, in the article's context (basis
        "text"); a name that is not a place here ("the Washington Post") is passed over."""
        gaz = gazetteer()
        for span in spans:
            if span.root.i in self.excluded:
                continue
            known = next((m for m in self.mentions if m.start == span.start_char and m.end == span.end_char), None)
            if known is not None:
                place = known.place(gaz)
            else:
                position = self.context.resolve(gaz, span.text)
                place = None if position is None else gaz.place(position)
            if place is not None:
                return _based(place, "text")
        return None


def _own_places(gaz: Gazetteer, mentions: Iterable[PlaceMention], starts: Sequence[int]) -> tuple[Place | None, ...]:
    """For each sentence, the place its first locating place name gives, or a later one inside
    it: "in Kazakhstan's Astana" is Astana, "in Henry County, in Knightstown" Knightstown. A sentence
    that locates things in places apart ("Monday's shooting follows two last week in public places in
    Atlanta, Georgia, and Seattle, Washington") has none: it does not say which is where."""
    own: list[PlaceMention | None] = [None] * len(starts)
    apart: set[int] = set()
    for m in mentions:
        sentence = bisect.bisect_right(starts, m.start) - 1
        if not m.locates or m.place(gaz) is None or not 0 <= sentence < len(own):
            continue
        first = own[sentence]
        if first is None:
            own[sentence] = m
        elif first.position is not None and m.position is not None and m.position != first.position:
            if gaz.within(m.position, first.position):
                own[sentence] = m
            elif not gaz.within(first.position, m.position):
                apart.add(sentence)
    return tuple(None if m is None or i in apart else m.place(gaz) for i, m in enumerate(own))


def _agency_places(gaz: Gazetteer, mentions: Iterable[PlaceMention], starts: Sequence[int],
                   paragraphs: Sequence[int]) -> tuple[Place | None, ...]:
    """For each sentence, the town of the first agency its paragraph names: local police
    investigate what happens in their town ("Aransas Pass police are investigating after a man shot
    his wife"; "the Henry County prosecutor charged" in Henry County), a better guess for a sentence
    that names no place than another paragraph's place or the article's. By paragraph, as the model
    at times cuts "Detroit" from "police are working"."""
    by_paragraph: dict[int, Place] = {}
    for m in mentions:
        paragraph = bisect.bisect_right(paragraphs, m.start) - 1
        if m.agency and paragraph not in by_paragraph and (place := m.place(gaz)) is not None:
            by_paragraph[paragraph] = place
    return tuple(by_paragraph.get(bisect.bisect_right(paragraphs, start) - 1) for start in starts)


def _nearby_places(own: Sequence[Place | None], starts: Sequence[int],
                   paragraphs: Sequence[int]) -> tuple[Place | None, ...]:
    """For each sentence, the own place of the nearest earlier sentence of its paragraph, else of
    the nearest later one."""
    nearby: list[Place | None] = [None] * len(starts)
    by_paragraph: dict[int, list[int]] = {}
    for i, start in enumerate(starts):
        by_paragraph.setdefault(bisect.bisect_right(paragraphs, start) - 1, []).append(i)
    for sentences in by_paragraph.values():
        placed = [j for j in sentences if own[j] is not None]
        for i in sentences:
            earlier = [j for j in placed if j < i]
            later = [j for j in placed if j > i]
            nearby[i] = own[earlier[-1]] if earlier else own[later[0]] if later else None
    return tuple(nearby)


def _based(place: Place | None, basis: PlaceBasis) -> Place | None:
    return None if place is None else place.with_basis(basis)


def _paragraph_starts(text: str) -> list[int]:
    """Offsets where the paragraphs of a clean text begin (they are separated by blank lines)."""
    return [0, *(m.end() for m in re.finditer(r"\n\s*\n", text))]


def _dateline_in_paragraphs(text: str) -> str | None:
    for start in _paragraph_starts(text)[:DATELINE_PARAGRAPHS]:
        found = dateline_in_text(text[start:start + 120])
        if found:
            return found
    return None


def _evident(gaz: Gazetteer, written: list[tuple[str, str | None, bool]]) -> list[int]:
    """Places an article names that need no context, with their state and county: a name with its
    state or country written after it ("Saginaw, Michigan", "KOKOMO, Ind."); a town no other
    place shares the name of, where it locates a sentence ("in Knightstown"); a country, state or
    county whose name means little else (`DOMINANCE`: "Ohio", "Glynn County"; not "Georgia"); and
    a big city whose name means little else ("Detroit"; not "Hamilton" or "Bristol"), unless it
    lies outside every country the rest names ("Dublin" in a story from Columbus, Ohio)."""
    found: list[int] = []
    cities: list[int] = []
    for name, qualifier, locates in written:
        key = _lookup_name(gaz, name)
        candidates = gaz.positions(key)
        if qualifier:
            place = _inside(gaz, candidates, gaz.qualifier_areas(qualifier))
            found += [] if place is None else [a for a in gaz.areas_of(place) if gaz.kind_code(a) in "ra"]
        elif len(candidates) == 1 and locates and gaz.kind_code(candidates[0]) == "t":
            found += [a for a in gaz.areas_of(candidates[0]) if gaz.kind_code(a) in "ra"]
        elif candidates and _dominant(gaz, candidates, gaz.by_other_name(key)):
            best, kind = candidates[0], gaz.kind_code(candidates[0])
            big = gaz.prominence(best) >= TELLING_PROMINENCE
            if kind in "ca" or (kind == "r" and big):  # not a small region called like a word ("Gulf")
                found.append(best)
            elif kind == "t" and big:
                cities.append(best)
    countries = {gaz.country_of(i) for i in found}
    return found + [i for i in cities if not countries or gaz.country_of(i) in countries]


def _dominant(gaz: Gazetteer, candidates: list[int], by_other_name: Set[int]) -> bool:
    """Whether the best place of a name is known by it and dwarfs every other place known by it
    (`DOMINANCE`); places it is only an old or foreign name of do not count ("Philadelphia" is
    also Amman's ancient name)."""
    best = candidates[0]
    return best not in by_other_name and all(gaz.prominence(best) >= DOMINANCE * gaz.prominence(i)
                                             for i in candidates[1:] if i not in by_other_name)


def _lookup_name(gaz: Gazetteer, name: str) -> str:
    """The name to look a place name up by: "East Knox County" is in Knox County when no place has
    the whole name; a state abbreviation ("Fla.", "IN") or a bare direction ("East") is no place."""
    if gaz.is_abbreviation(name) or all(w in place_words().direction for w in normalise_name(name).split()):
        return ""
    first, _, rest = name.partition(" ")
    if rest and first.casefold() in place_words().direction and not gaz.positions(name):
        return rest
    return name


def _candidates(gaz: Gazetteer, name: str) -> list[int]:
    return gaz.positions(_lookup_name(gaz, name))


def _main_place(gaz: Gazetteer, mentions: Iterable[PlaceMention], dateline: int | None,
                paragraph_starts: Sequence[int]) -> Place | None:
    """The place the article is mostly about: from the country its places lie in most, down
    through the state and county, as long as one place gathers most of its area's mentions
    (`MAIN_SHARE`). Mentions in the title and lead count double, and so do the dateline and names
    that locate their sentence ("arrested in Troy", not "a man from Schenectady"). A sea the article
    locates its events in more than any country is the place (`_main_water`: a piracy story that
    names the Gulf of Aden and, now and then, India, Djibouti and Somalia)."""
    lead_end = paragraph_starts[LEAD_PARAGRAPHS] if len(paragraph_starts) > LEAD_PARAGRAPHS else None

    def weigh(m: PlaceMention) -> float:
        return (2.0 if lead_end is None or m.start < lead_end else 1.0) * (2.0 if m.locates else 1.0)

    mentions = list(mentions)
    weights: dict[int, float] = {}
    first_seen: dict[int, int] = {}
    located = [(m.position, m.start, weigh(m)) for m in mentions if m.position is not None]
    if dateline is not None:
        located.append((dateline, -1, 2.0))
    for position, start, weight in located:
        for area in gaz.areas_of(position):
            weights[area] = weights.get(area, 0.0) + weight
            first_seen.setdefault(area, start)
    chosen: int | None = None
    options = [a for a in weights if gaz.kind_code(a) == "c"]
    while options:
        best = max(options, key=lambda a: (weights[a], -first_seen[a]))
        if chosen is not None and weights[best] < MAIN_SHARE * weights[chosen]:
            break
        chosen = best
        options = [a for a in weights if a != chosen and _parent(gaz, a, weights) == chosen]
    country = max((weights[a] for a in weights if gaz.kind_code(a) == "c"), default=0.0)
    water = _main_water(mentions, weigh, country)
    if water is not None:
        return water
    return None if chosen is None else gaz.place(chosen)


def _main_water(mentions: Sequence[PlaceMention], weigh: Callable[[PlaceMention], float],
                country: float) -> Place | None:
    """The sea, gulf or strait that the article's names locate its events in more than they do
    any one country (`weigh` as `_main_place` counts them), or None."""
    seas: dict[str, tuple[float, Place]] = {}
    for m in mentions:
        if m.position is None and m.feature is not None and m.locates:
            total, _ = seas.get(m.feature.name, (0.0, m.feature))
            seas[m.feature.name] = (total + weigh(m), m.feature)
    best = max(seas.values(), key=lambda s: s[0], default=None)
    return best[1] if best is not None and best[0] > country else None


def _parent(gaz: Gazetteer, position: int, named: dict[int, float]) -> int | None:
    """The narrowest named area that holds the place."""
    chain = [a for a in gaz.areas_of(position)[:-1] if a in named]
    return chain[-1] if chain else None


@dataclass(frozen=True)
class _Sentences:
    """Where a parsed document's sentences start (token and character offsets) and which are in
    title case, read from the Doc's arrays in one go: making a Token object per word, as iterating
    a Doc does, would cost more than all the rest of finding its places."""

    tokens: tuple[int, ...]
    chars: tuple[int, ...]
    title_cased: tuple[bool, ...]

    @classmethod
    def of(cls, doc: Doc) -> _Sentences:
        if not len(doc):
            return cls((), (), ())
        sent_start, idx, alpha, title, upper = doc.to_array(["SENT_START", "IDX", "IS_ALPHA", "IS_TITLE",
                                                             "IS_UPPER"]).T
        starts = np.flatnonzero(sent_start == 1)
        starts = starts if len(starts) and starts[0] == 0 else np.concatenate(([0], starts))
        words = np.add.reduceat(alpha, starts)
        capitalised = np.add.reduceat(alpha & (title | upper), starts)
        return cls(tuple(starts.tolist()), tuple(idx[starts].tolist()),
                   tuple(bool(n >= 4 and k >= 0.8 * n) for n, k in zip(words.tolist(), capitalised.tolist(),
                                                                         strict=True)))

    def title_cased_at(self, token: int) -> bool:
        """Whether the sentence holding a token is a title-case headline ("Man Shot In Troy")."""
        return bool(self.title_cased) and self.title_cased[bisect.bisect_right(self.tokens, token) - 1]


# Which names are places ---------------------------------------------------------------------------

def _place_names(doc: Doc, words: PlaceWords,
                 sentences: _Sentences) -> tuple[list[tuple[Span, str | None, bool, bool]], set[int]]:
    """The place names that are places, each with the qualifier written after it ("Troy, Mich.")
    whether it locates its sentence and whether it is an agency's; and the token indices of those
    that are not.

    Besides the parser's place entities: the place in an agency's name ("the Henry County
    Sheriff's Office", "Little Rock Police"), which tells the town but locates nothing, and a known
    place name the parser missed after a locating preposition ("shot ... in Chalmette")."""
    ents = doc.ents  # made anew, token by token, each time it is read
    others = person_surnames(doc) | _vessel_names(doc, words)
    qualifiers: set[int] = set()
    names: list[tuple[Span, str | None, bool, bool]] = []
    excluded: set[int] = set()
    candidates = [(e, True) for e in ents] + [(span, False) for span in _untagged_places(doc, words)]
    for span, tagged in sorted(candidates, key=lambda c: c[0].start):
        if span.start in qualifiers:
            continue
        agency = (_agency_place(span, words) if tagged else None) or _place_before_agency(span, words)
        if agency is None and tagged and span.label_ not in PLACE_LABELS:
            continue
        name = agency if agency is not None else span
        if not _is_a_place(name, words, others, sentences.title_cased_at(name.start)):
            excluded.update(t.i for t in name)
            continue
        name = _with_division(name, words)
        qualifier = _qualifier_after(name)
        if qualifier is not None:
            qualifiers.update(t.i for t in qualifier)
        locates = agency is None and _locates(name, words)
        names.append((name, qualifier.text if qualifier is not None else None, locates, agency is not None))
    return names, excluded


def _agency_place(ent: Span, words: PlaceWords) -> Span | None:
    """The place an agency's name begins with: "Henry County" in "the Henry County Sheriff's
    Office", "Indiana" in "Indiana State Police"; the longest beginning the gazetteer knows."""
    cut = next((k for k, t in enumerate(ent) if k > 0 and _norm(t) in words.jurisdiction), None)
    if cut is None:
        return None
    start = ent.start + (1 if ent[0].lower_ == "the" else 0)
    gaz = gazetteer()
    for end in range(ent.start + cut, start, -1):
        if _candidates(gaz, ent.doc[start:end].text):
            return ent.doc[start:end]
    return None


def _place_before_agency(ent: Span, words: PlaceWords) -> Span | None:
    """A known place name the tagger took for anything, followed by an agency's word: "Aransas
    Pass police" (tagged a person), "Knightstown police"."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is None or _norm(after) not in words.jurisdiction:
        return None
    return ent if _candidates(gazetteer(), ent.text) else None


def _untagged_places(doc: Doc, words: PlaceWords) -> list[Span]:
    """Capitalised words after a locating preposition or before an agency's word, outside any
    entity, that name a known place: the small model often misses small towns ("in Chalmette",
    "near Raysville", "Aransas Pass police")."""
    if not len(doc):
        return []
    gaz, strings = gazetteer(), doc.vocab.strings
    lower, dep = doc.to_array(["LOWER", "DEP"]).T
    prepositions = np.flatnonzero(np.isin(lower, [strings[w] for w in words.locating]) & (dep == strings["prep"]))
    found = []
    for i in prepositions.tolist():
        end = i + 1
        while end < len(doc) and end - i <= 3 and doc[end].is_title and doc[end].ent_type_ == "" \
                and doc[end].pos_ == "PROPN":
            end += 1
        if end > i + 1 and gaz.positions(doc[i + 1:end].text):
            found.append(doc[i + 1:end])
    # before an agency's word: "Aransas Pass police", which the model may tag as nothing
    agencies = np.flatnonzero(np.isin(lower, [strings[w] for w in words.jurisdiction]))
    for i in agencies.tolist():
        start = i
        while start > 0 and i - start < 3 and doc[start - 1].is_title and doc[start - 1].ent_type_ == "" \
                and doc[start - 1].pos_ == "PROPN":
            start -= 1
        if start < i and gaz.positions(doc[start:i].text):
            found.append(doc[start:i])
    return found


def _water_body(span: Span, words: PlaceWords) -> Place | None:
    """A sea, gulf, strait or river named in the text ("the Gulf of Aden", "the South China Sea"):
    a place with a name but no country, point or precision (kind "other")."""
    if not _names_water(span, words):
        return None
    return Place(span.text[4:] if span.text.lower().startswith("the ") else span.text, kind="other")


def _names_water(span: Span, words: PlaceWords) -> bool:
    """A body of water: a location with a water word in its name ("the Gulf of Aden", "the Red Sea"),
    or a name the tagger took for a town or a building that a water word heads and no town bears
    ("in Gulf of Aden" in a headline; not "Green Bay")."""
    if span.label_ in ("GPE", "FAC"):
        return span.root.lower_ in words.water and resolve_place(span.text) is None
    return span.label_ == "LOC" and bool(set(normalise_name(span.text).split()) & words.water)


def way_or_water(ent: Span) -> bool:
    """Whether a named entity is a street, a road or a body of water ("State Route 94", "American
    Boulevard", "the Gulf of Aden"): where things happen or head, never a party to them."""
    words = place_words()
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    return _is_street(ent, before, after, words) or _names_water(ent, words)


def _with_division(ent: Span, words: PlaceWords) -> Span:
    """The name with the kind of division written after it, which the parser often leaves out:
    "Vienna township" is not Vienna, "Henry county" is Henry County."""
    if ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in words.division and ent[-1].lower_ not in words.division:
        return ent.doc[ent.start:ent.end + 1]
    return ent


def _is_a_place(ent: Span, words: PlaceWords, others: Set[str], in_headline: bool) -> bool:
    """Not a street, an organisation, a broadcaster, a site, part of a person's name or a ship's
    (`others`: the article's surnames and ship names, lower case)."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    text = ent.text.strip()
    if _BROADCASTER.match(text) or (len(ent) == 1 and ent[0].lower_ in others) or ent.text.lower() in others:
        return False
    if before is not None and before.is_upper and before.lower_ in words.vessel_prefixes:
        return False
    if _is_street(ent, before, after, words):
        return False
    if after is not None and _norm(after) in words.organisation:
        return False
    if before is not None and before.lower_ == "of" and ent.start > 1 and _norm(doc[ent.start - 2]) in \
            words.organisation_openers:
        return False
    if before is not None and _norm(before) in words.person_titles:
        return False
    return not _inside_longer_name(ent, before, after, words, in_headline)


_SURNAMES = "tidings.person_surnames"  # Doc.user_data key of `person_surnames`


def person_surnames(doc: Doc) -> frozenset[str]:
    """The last words of the people the article names in full, lower case, found once per document:
    "Cheeks" alone, after "Maurice Cheeks", is that person (whom the model may tag as no one, or as
    the noun "cheeks"), and no place ("Horn" after "Joseph Horn")."""
    found = doc.user_data.get(_SURNAMES)
    if found is None:
        found = doc.user_data[_SURNAMES] = frozenset(
            e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1)
    return frozenset(found)


def _vessel_names(doc: Doc, words: PlaceWords) -> set[str]:
    """The names the article gives ships, lower case: the capitalised words after a ship's prefix
    ("INS Mysore", "MV Stolt Valor"), whole and each word, so that "the Tabar" later is the ship
    "INS Tabar" and not the Czech town."""
    names: set[str] = set()
    for t in doc:
        if not (t.is_upper and t.lower_ in words.vessel_prefixes):
            continue
        parts = []
        for word in doc[t.i + 1: t.i + 4]:
            if not word.is_title:
                break
            parts.append(word.lower_)
        if parts:
            names.update([" ".join(parts), *parts])
    return names


def _norm(token: Token) -> str:
    return token.lower_.rstrip(".")


def _is_street(ent: Span, before: Token | None, after: Token | None, words: PlaceWords) -> bool:
    """"Elm Street", "Main St.", "the 400 block of Maple Avenue", "30 Porter Street", "Route 94"."""
    if len(ent) > 1 and (_norm(ent[-1]) in words.street or (_norm(ent[0]) in words.street and ent[-1].is_digit)):
        return True
    if after is not None and after.is_title and _norm(after) in words.street:
        return True
    if before is not None and before.is_digit and len(before) > 1 and (after is None or not after.is_lower):
        return True  # a house number: "30 Porter", "561 N. Center"
    node = ent.root
    while node.dep_ in ("compound", "conj", "nmod") and node.head != node:
        node = node.head
        if node.lemma_.lower() in words.street and node.i >= ent.end:
            return True  # "near Laurel and Linden avenues"
    doc = ent.doc
    return before is not None and before.lower_ == "of" and ent.start > 1 and \
        _norm(doc[ent.start - 2]) in words.street_openers


def _inside_longer_name(ent: Span, before: Token | None, after: Token | None, words: PlaceWords,
                        in_headline: bool) -> bool:
    """A capitalised word right before or after, other than a place word, makes the place name
    part of a longer one: "Detroit Pistons", "Paris Hilton", "Jack London". Not a date ("in Troy
    Monday"), nor a place holding it ("Waterbury Connecticut"). In a title-case headline every
    word is capitalised, so there only a team's plural name counts ("San Diego Chargers")."""
    for neighbour in (after, before):
        if neighbour is None or _norm(neighbour) in words.place_type or _norm(neighbour) in words.jurisdiction:
            continue
        if neighbour is after and (neighbour.tag_ == "NNPS" or (any(c.isdigit() for c in neighbour.text)
                                                                and any(c.isalpha() for c in neighbour.text))):
            return True  # a team, even in a title-case headline: "San Diego Chargers", "Philadelphia 76ers"
        if in_headline or not neighbour.is_title or neighbour.pos_ != "PROPN":
            continue
        if (neighbour is before and ent[0].is_sent_start) or neighbour.ent_type_ in _NOT_NAME_PARTS:
            continue
        if not (neighbour.ent_type_ in PLACE_LABELS and _one_holds_the_other(ent, neighbour)):
            return True
    return False


def _one_holds_the_other(ent: Span, neighbour: Token) -> bool:
    """Whether a place name and the place entity beside it are a place and its state or country."""
    other = neighbour.doc[neighbour.i:neighbour.i + 1]
    while other.end < len(neighbour.doc) and other.doc[other.end].ent_iob_ == "I":
        other = other.doc[other.start:other.end + 1]
    while other.start > 0 and other.doc[other.start].ent_iob_ == "I":
        other = other.doc[other.start - 1:other.end]
    gaz = gazetteer()
    return _inside(gaz, gaz.positions(ent.text), gaz.qualifier_areas(other.text)) is not None or \
        _inside(gaz, gaz.positions(other.text), gaz.qualifier_areas(ent.text)) is not None


def _qualifier_after(ent: Span) -> Span | None:
    """The state or country written after a place name: "Saginaw, Michigan", "Troy, Mich.",
    "Paris, Texas", "Overland, MO"; None when what follows is not a known area."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return None
    gaz = gazetteer()
    for width in (3, 2, 1):
        span = doc[ent.end + 1:ent.end + 1 + width]
        if len(span) < width or not (span[0].is_title or span[0].is_upper):
            continue
        if not any(t.is_punct or t.is_space for t in span):
            areas = gaz.qualifier_areas(span.text)
            if areas and _inside(gaz, gaz.positions(ent.text), areas) is not None:
                return span
    return None


def _offshore(ent: Span) -> bool:
    """Whether a place name is what a place at sea lies off ("150 nautical miles off Aden"): near
    it, not in it."""
    node = ent.root
    while node.dep_ in ("compound", "poss", "nmod", "amod", "appos", "conj") and node.head != node:
        node = node.head
    return node.dep_ == "pobj" and node.head.lower_ == "off"


def _locates(ent: Span, words: PlaceWords) -> bool:
    """Whether the place name says where its sentence's events happen: it is, or modifies, the
    object of a locating preposition ("in Troy", "at the suburban Detroit accounting firm", "near
    Knightstown", "on the Seattle campus"), not an origin ("a man from Dexter") or an agency
    ("Troy police")."""
    node, through_noun = ent.root, False
    while node.dep_ in ("compound", "poss", "nmod", "amod", "appos", "conj") and node.head != node:
        if node.dep_ != "conj":
            through_noun = through_noun or node.dep_ != "appos"
        node = node.head
        if node.lower_ in words.jurisdiction:
            return False
    if node.dep_ != "pobj":
        return False
    preposition = node.head
    word = preposition.lower_
    if word == "of" and preposition.head.lower_ in words.locating:  # "outside of Detroit"
        return True
    part = preposition.head
    if word == "of" and part.dep_ == "pobj" and part.pos_ == "NOUN" and not part.ent_type_ \
            and part.head.lower_ in words.locating:  # a part of the place: "off the coast of Somalia"
        return True
    return word in words.locating or (through_noun and word in words.locating_through_noun)
