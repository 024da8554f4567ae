"""The actor knowledge base: countries, office holders with tenures, organisations and armed groups.

The data are built by `scripts/build_kb.py` (`make kb`) into `tidings/data/kb/` and loaded here once
per process. Lookups work on the project's name key (`tidings.names`) without titles and
possessives (`normalize_name`), so "Ayatollah Ali Khamenei", "Sayed Ali Khamenei" and "Khamenei’s"
meet on the same key; transliteration variants (Rouhani/Ruhani/Rowhani) meet on a consonant
skeleton (`name_skeleton`).

Offices held by persons are keyed by a canonical office (`normalize_office`) and by a *place key*:
an ISO 3166 alpha-3 country code ("IRN") or, for international organisations, the organisation key
"UN", "NATO", "EU", "EU_COMMISSION", "EU_COUNCIL", "AU", "OPEC", "IAEA", "ARAB_LEAGUE", "WHO",
"WTO", "IMF", "WORLD_BANK", "ICJ", "OSCE", "PACE" (the `key` of each entry in
`data/curated/organizations.yaml`, whose `head` is the office "the UN chief" names).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from tidings.errors import KnowledgeBaseMissing
from tidings.model import Actor, Role
from tidings.names import fold, normalise_name
from tidings.words import words

ACTORS_FILE = "actors.jsonl.gz"
INDEX_FILE = "index.json.gz"

# Canonical offices: the first pattern that matches a (lower-cased, accent-folded) title wins, so
# deputies are tested before the offices they deputise.
OFFICE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("vice president", r"\bvice[- ]president\b"),
    ("deputy prime minister", r"\b(deputy|vice|first deputy) (prime minister|premier|chancellor)\b"),
    ("deputy supreme leader", r"\bdeputy supreme leader\b"),
    ("deputy", r"^(deputy|vice|assistant|under|state|junior|first deputy)\b"),
    ("deputy", r"\b(deputy|vice|under)[- ]secretary\b|\bminister of state\b"),
    ("head of state", r"^(head|chief) of state\b"),
    ("head of government", r"^head of (the )?government\b"),
    ("supreme leader", r"\bsupreme leader\b|^leader of the (islamic )?revolution\b|^(the )?leader$"),
    ("prime minister", r"^(the )?(prime minister|premier)\b"),
    ("chancellor", r"^(federal )?chancellor( of (germany|austria))?$"),
    ("secretary-general", r"^secretary[- ]general\b"),
    ("director-general", r"^director[- ]general\b"),
    ("president", r"^(the )?(federal )?president\b(?!.*\b(senate|assembly|parliament|council|chamber|court|"
                  r"house|bank|commission|committee|party|congress|board|authority|region|province|oblast|"
                  r"pro tempore))"),
    ("monarch", r"^(king|queen|emir|amir|sultan|emperor|monarch|grand duke|co-prince|sovereign)\b"),
    ("foreign minister", r"\bforeign (affairs )?(minister|secretary)\b|\bminister (of|for) "
                         r"(foreign|external) (affairs|relations)\b|^secretary of state( of the united "
                         r"states)?$|^secretary of state for foreign|\bforeign affairs\b|"
                         r"\bexternal affairs minister\b|^minister of foreign\b"),
    ("defence minister", r"\bdefen[cs]e (minister|secretary)\b|\bminister (of|for) (national )?"
                         r"defen[cs]e\b|\bsecretary (of|for) (state for )?defen[cs]e\b|"
                         r"\bminister of (the )?armed forces\b|\bsecretary of war\b|^minister of defen"),
    ("interior minister", r"\binterior\b|\bhome (secretary|affairs)\b"),
    ("finance minister", r"\bfinance\b|\btreasury\b|\bexchequer\b"),
)
_OFFICE_REGEXES = tuple((office, re.compile(pattern)) for office, pattern in OFFICE_PATTERNS)
_OFFICE_ALIASES = {"chief of state": "head of state", "leader": "supreme leader",
                   "minister of foreign affairs": "foreign minister", "defense minister": "defence minister",
                   "secretary general": "secretary-general", "king": "monarch", "queen": "monarch"}


@cache
def _title_pattern() -> re.Pattern[str]:
    """Any title of `data/words.yaml` at the start of a normalised name, the longest first."""
    return re.compile(r"^(?:" + "|".join(re.escape(t) for t in words().titles) + r")\s+")


@lru_cache(maxsize=1 << 16)  # the same names come back in every article
def normalize_name(text: str) -> str:
    """The key every lookup of an actor's name uses: the project's name key (`names.normalise_name`)
    without a possessive or leading titles.

    "President Hasan Fereidun RUHANI" -> "hasan fereidun ruhani"; "Ayatollah Ali Khamenei’s" ->
    "ali khamenei"; "U.S." -> "us". A title alone ("President") is kept, since it is all there is.
    """
    text = normalise_name(re.sub(r"'s\b", "", fold(text)))
    while (stripped := _title_pattern().sub("", text, count=1)) != text and stripped:
        text = stripped
    return text


def organisation_key(name: str) -> str:
    """The key of an organisation's name: the project's name key (`names.normalise_name`, titles
    kept: "General Motors" is no general) without a legal form at the end, so "Rolls-Royce",
    "Rolls - Royce" and "Rolls-Royce Holdings plc" meet as "rolls royce"."""
    parts = normalise_name(name).split()
    while len(parts) > 1 and parts[-1] in words().legal_forms:
        parts = parts[:-1]
    return " ".join(parts)


def name_tokens(key: str, *, loose: bool = False) -> list[str]:
    """Tokens of a normalised name; `loose` drops particles such as "al" ("al assad" -> ["assad"])."""
    tokens = key.split()
    return [t for t in tokens if t not in words().name_particles] if loose else tokens


def surname(key: str) -> str | None:
    """Last token of a multi-token normalised name, skipping "II"/"Jr"-like suffixes."""
    tokens = [t for t in name_tokens(key, loose=True) if t not in words().name_suffixes]
    return tokens[-1] if len(tokens) >= 2 else None


def token_skeleton(token: str) -> str:
    """First letter, then consonants without h/w/y, doubles collapsed: rouhani, ruhani, rowhani -> rhn."""
    if token in words().name_suffixes or token.isdigit():
        return token
    rest = re.sub(r"[aeiouyhw]", "", token[1:])
    skeleton = token[:1] + rest
    return re.sub(r"(.)\1+", r"\1", skeleton.replace("k", "q").replace("c", "q"))


def name_skeleton(key: str) -> str:
    """Transliteration-insensitive key of a normalised name (particles dropped)."""
    return " ".join(token_skeleton(t) for t in name_tokens(key, loose=True))


def normalize_office(title: str) -> str | None:
    """Canonical office of a title ("Minister of Foreign Affairs" -> "foreign minister"), or None."""
    folded = " ".join(re.sub(r"[^\w\s-]", " ", fold(title)).split())
    if folded in _OFFICE_ALIASES:
        return _OFFICE_ALIASES[folded]
    for office, regex in _OFFICE_REGEXES:
        if regex.search(folded):
            return None if office == "deputy" else office
    return None


#: Tiers of `_by_key` that match the name itself (as written, loosely, or as a surname); the
#: others match its consonant skeleton, a transliteration ("Qaddafi", "Kadhafi").
EXACT_TIERS = frozenset({0, 1, 3})
#: How close (rapidfuzz ratio, 0-100) a name must be spelt to a name it matches by consonant
#: skeleton alone: "Ruhani" and "Rouhani" are 92, "Gadhafi" and "Qadhafi" 86, "Yury" and "Yuri" 75;
#: "Putin" and "Patiño" are 73, "Murphy" and "Marape" 50 (a local news "Mr. Murphy" is no prime
#: minister of Papua New Guinea).
MIN_TRANSLITERATION_RATIO = 75
#: `_rank` tier of a minister (0 is a head of state or government, 2 another role).
MINISTER_TIER = 1

_HEAD_OFFICES = frozenset({"head of state", "head of government", "president", "prime minister", "monarch",
                           "supreme leader", "chancellor"})


def _loose_names(actor: Actor) -> list[list[str]]:
    """The words of each of the actor's names, as the loose key spells them."""
    return [name_tokens(normalize_name(n), loose=True) for n in (actor.name, *actor.aliases)]


def _spelt_alike(key: str, actor: Actor) -> bool:
    """Whether a name of several words, matched by consonant skeleton, spells one of the actor's
    names word for word closely (`MIN_TRANSLITERATION_RATIO`)."""
    words = key.split()
    return any(len(theirs) == len(words) and all(fuzz.ratio(a, b) >= MIN_TRANSLITERATION_RATIO
                                                 for a, b in zip(words, theirs, strict=True))
               for theirs in _loose_names(actor))


def _role_prominence(role: dict[str, Any]) -> int:
    """0 for a national head of state or government, 1 for a minister or deputy, 2 for other roles."""
    offices = set(role.get("offices", ()))
    if offices & _HEAD_OFFICES:
        return 0
    if offices or re.search(r"\b(minister|secretary of state)\b", fold(role.get("title", ""))):
        return 1
    return 2


def _parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class Tenure:
    """One actor holding one canonical office in one place, for the office index."""

    actor_id: str
    start: date | None
    end: date | None

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class KnowledgeBase:
    """Read-only lookups over the built actor records and their prebuilt name indexes."""

    records: dict[str, dict[str, Any]]
    index: dict[str, dict[str, list[str]]]
    _actors: dict[str, Actor] = field(default_factory=dict, repr=False)

    # ---- records

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        if actor_id not in self._actors:
            record = self.records.get(actor_id)
            if record is None:
                return None
            self._actors[actor_id] = Actor(
                record["id"], record["name"], record["kind"], record.get("country"),
                tuple(record.get("aliases", ())),
                tuple(Role(r["title"], r.get("country"), _parse_day(r.get("start")), _parse_day(r.get("end")))
                      for r in record.get("roles", ())),
                record.get("kb_id"))
        return self._actors[actor_id]

    def _actors_for(self, ids: list[str]) -> list[Actor]:
        return [a for a in (self.actor(i) for i in ids) if a is not None]

    # ---- names

    def by_name(self, name: str, day: date | None = None) -> list[Actor]:
        """Actors named `name`: full-name matches, then transliteration variants, then surnames.

        Within each tier, people who held a role on `day` come first (heads of state or government,
        then ministers, then other roles), then people with any role, then the better known (more
        roles). A bare surname ("Putin") matches through the surname index. A leading country or
        demonym and title ("Jordanian King Abdullah II", "Iran's Supreme Leader Ali Khamenei") is
        stripped when the whole phrase names no one, and that country's people come first.
        """
        key = normalize_name(name)
        if not key:
            return []
        ranked = self._by_key(key, day)
        if ranked:
            return ranked
        tokens = key.split()
        for n in range(min(3, len(tokens) - 1), 0, -1):
            ids = self.index["countries"].get(" ".join(tokens[:n]))
            if ids and (rest := normalize_name(" ".join(tokens[n:]))) != key:
                iso3 = self.records[ids[0]].get("country")
                found = self._by_key(rest, day)
                return sorted(found, key=lambda a: 0 if iso3 in {a.country, *(r.country for r in a.roles)} else 1)
        return []

    def exactly_named(self, name: str) -> list[Actor]:
        """Actors with this very name or alias, up to its key: no surname or transliteration."""
        return self._actors_for(self.index["names"].get(normalize_name(name), []))

    def _by_key(self, key: str, day: date | None) -> list[Actor]:
        loose = " ".join(name_tokens(key, loose=True))
        tiers = (self.index["names"].get(key, []), self.index["names"].get(loose, []),
                 self.index["skeletons"].get(name_skeleton(key), []),
                 self.index["surnames"].get(loose, []) if " " not in loose else [],
                 self.index["surname_skeletons"].get(name_skeleton(key), []) if " " not in loose else [])
        ranked: list[Actor] = []
        seen: set[str] = set()
        if " " not in loose:
            # A bare surname: an alias that is just "Assad" is no better a match than the surname of
            # another Assad, so who held office on `day` decides; spelling still breaks ties.
            order: dict[str, int] = {}
            for n, ids in enumerate(tiers):
                for i in ids:
                    order.setdefault(i, n)
            def closeness(actor: Actor) -> float:
                return max(fuzz.ratio(loose, surname(normalize_name(n)) or normalize_name(n))
                           for n in (actor.name, *actor.aliases))

            def surname_rank(actor: Actor) -> tuple:
                rank = self._rank(actor, day)
                if order[actor.actor_id] in EXACT_TIERS:  # the name or the surname itself
                    return (0, rank[0], 0, rank[1:])
                return (1, -round(closeness(actor)), rank[0], rank[1:])  # a transliteration: closest first
            # a consonant skeleton alone is no spelling of the name: "Murphy" is not "Marape"
            found = [a for a in self._actors_for(sorted(order))
                     if order[a.actor_id] in EXACT_TIERS or closeness(a) >= MIN_TRANSLITERATION_RATIO]
            return sorted(found, key=surname_rank)
        for tier, ids in enumerate(tiers):
            fresh = [i for i in ids if i not in seen]
            seen.update(fresh)
            actors = self._actors_for(fresh)
            if tier not in EXACT_TIERS:  # "Yury Ushakov" is "Yuri Ushakov"; "Paul Hogan" is not "Phil Hogan"
                actors = [a for a in actors if _spelt_alike(loose, a)]
            ranked.extend(sorted(actors, key=lambda a: self._rank(a, day)))
        return ranked

    def prominent_on(self, actor: Actor, day: date | None, *, heads_only: bool = False) -> bool:
        """Whether the actor held a national head's or a minister's role on `day` (with
        `heads_only`, a head of state's or government's): someone news names by surname alone
        ("Putin", "Lavrov"), where a surname of anyone else is as likely someone else's ("King
        told the Daily News": a witness, not a central banker)."""
        return day is not None and self._rank(actor, day)[0] <= (0 if heads_only else MINISTER_TIER)

    @staticmethod
    def bears_name(actor: Actor, name: str) -> bool:
        """Whether `name` is, word for word as spelt (loosely), part of one of the actor's names:
        "Assad" of Bashar al-Assad, not "Ruhani" of Hassan Rouhani (a transliteration)."""
        words = set(name_tokens(normalize_name(name), loose=True))
        return bool(words) and any(words <= set(theirs) for theirs in _loose_names(actor))

    def _rank(self, actor: Actor, day: date | None) -> tuple[int, int, str]:
        roles = self.records[actor.actor_id].get("roles", ()) if actor.actor_id in self.records else ()
        held = [r for r, role in zip(roles, actor.roles, strict=True) if day is not None and role.held_on(day)]
        tier = min((_role_prominence(r) for r in held), default=3) if held else (4 if roles else 5)
        return (tier, -len(actor.roles), actor.actor_id)

    @cached_property
    def _fuzzy_choices(self) -> tuple[list[str], list[str]]:
        keys = sorted(self.index["names"])
        return keys, [self.index["names"][k][0] for k in keys]

    def fuzzy(self, name: str, limit: int = 5) -> list[tuple[Actor, float]]:
        """Closest names by rapidfuzz similarity (0-100), one entry per actor, best first."""
        keys, ids = self._fuzzy_choices
        matches = process.extract(normalize_name(name), keys, scorer=fuzz.WRatio, limit=limit * 4)
        best: dict[str, float] = {}
        for _key, score, position in matches:
            best.setdefault(ids[position], score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [(actor, score) for actor_id, score in ranked if (actor := self.actor(actor_id))]

    # ---- offices

    @cached_property
    def _tenures(self) -> dict[tuple[str, str], list[Tenure]]:
        tenures: dict[tuple[str, str], list[Tenure]] = {}
        for actor_id, record in self.records.items():
            for role in record.get("roles", ()):
                for office in role.get("offices", ()):
                    tenures.setdefault((office, role.get("country") or ""), []).append(
                        Tenure(actor_id, _parse_day(role.get("start")), _parse_day(role.get("end"))))
        for entries in tenures.values():
            entries.sort(key=lambda t: (t.start or date.min, t.actor_id), reverse=True)
        return tenures

    def office_holders(self, office: str, country: str | None, day: date) -> list[Actor]:
        """Who held `office` in `country` on `day`, latest appointee first.

        `country` is an ISO alpha-3 code or an organisation key ("UN", "NATO", "EU", "AU", "OPEC",
        "IAEA", "ARAB_LEAGUE", ...); None searches everywhere. Titles are normalised, so
        "chief of state" means "head of state", "premier" "prime minister", "leader" "supreme
        leader", "king" "monarch" and "minister of foreign affairs" "foreign minister".
        """
        canonical = normalize_office(office) or " ".join(fold(office).split())
        places = [country.upper()] if country else sorted({p for o, p in self._tenures if o == canonical})
        ids: list[str] = []
        for place in places:
            for tenure in self._tenures.get((canonical, place), ()):
                if tenure.held_on(day) and tenure.actor_id not in ids:
                    ids.append(tenure.actor_id)
        return self._actors_for(ids)

    # ---- countries and groups

    def country(self, text: str) -> Actor | None:
        """The country named by a name, short name, demonym, capital or metonym ("the Kremlin")."""
        key = normalize_name(text)
        ids = self.index["countries"].get(key) or self.index["countries"].get(key.replace(" ", ""))
        return self.actor(ids[0]) if ids else None

    def office_place(self, text: str) -> str | None:
        """The place key under which the offices of the country or international organisation that
        TEXT names are kept: "IRN" for "Iranian" or "Tehran", "UN" for "the U.N."."""
        country = self.country(text)
        if country is not None:
            return country.country
        group = self.group(text)
        return self.records[group.actor_id].get("place_key") if group is not None else None

    @cached_property
    def _head_offices(self) -> dict[str, str]:
        return {r["place_key"]: r["head_office"] for r in self.records.values() if r.get("head_office")}

    def head_office(self, place: str) -> str | None:
        """The office of an organisation's chief officer ("secretary-general" for "UN"); None for a
        country, whose "chief" might be any of its leaders."""
        return self._head_offices.get(place)

    def group(self, text: str) -> Actor | None:
        """The armed group, movement or organisation known by this name or alias."""
        key = normalize_name(text)
        ids = self.index["groups"].get(key) or self.index["groups"].get(" ".join(name_tokens(key, loose=True)))
        return self.actor(ids[0]) if ids else None

    @property
    def counts(self) -> dict[str, int]:
        """Actors per kind, as the build manifest reports them."""
        counts: dict[str, int] = {}
        for record in self.records.values():
            counts[record["kind"]] = counts.get(record["kind"], 0) + 1
        return dict(sorted(counts.items()))


def _read_gzip_json(name: str) -> bytes:
    resource = resources.files("tidings").joinpath("data", "kb", name)
    try:
        return gzip.decompress(resource.read_bytes())
    except FileNotFoundError as exc:
        raise KnowledgeBaseMissing(f"knowledge base file tidings/data/kb/{name} is missing: run `make kb`") from exc


@cache
def load_kb() -> KnowledgeBase:
    """The knowledge base, read from the package data once per process."""
    lines = _read_gzip_json(ACTORS_FILE).splitlines()
    records = {record["id"]: record for record in map(json.loads, lines)}
    return KnowledgeBase(records, json.loads(_read_gzip_json(INDEX_FILE)))
