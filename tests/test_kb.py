"""The actor knowledge base, read from the built files in the package (no ../shared needed)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib import resources

import pytest

from tidings.kb import load_kb, normalize_name, normalize_office, organisation_key
from tidings.names import normalise_name


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(("office", "place", "day", "expected"), [
    ("president", "USA", "1998-06-01", "Bill Clinton"),
    ("president", "USA", "2005-06-01", "George W. Bush"),
    ("president", "USA", "2012-06-01", "Barack Obama"),
    ("president", "USA", "2018-06-01", "Donald Trump"),
    ("president", "USA", "2022-06-01", "Joe Biden"),
    ("prime minister", "GBR", "2000-06-01", "Tony Blair"),
    ("prime minister", "GBR", "2008-06-01", "Gordon Brown"),
    ("prime minister", "GBR", "2012-06-01", "David Cameron"),
    ("prime minister", "GBR", "2017-06-01", "Theresa May"),
    ("prime minister", "GBR", "2020-06-01", "Boris Johnson"),
    ("prime minister", "GBR", "2025-01-01", "Keir Starmer"),
    ("chancellor", "DEU", "2010-06-01", "Angela Merkel"),
    ("head of government", "DEU", "2023-06-01", "Olaf Scholz"),
    ("president", "IRN", "2000-06-01", "Mohammad Khatami"),
    ("president", "IRN", "2015-11-20", "Hassan Rouhani"),
    ("president", "IRN", "2022-06-01", "Ebrahim Raisi"),
    ("president", "IRN", "2025-01-10", "Masoud Pezeshkian"),
    ("supreme leader", "IRN", "2015-11-23", "Ali Khamenei"),
    ("leader", "IRN", "2018-09-07", "Ali Khamenei"),
    ("head of state", "IRN", "2015-01-01", "Ali Khamenei"),
    ("president", "RUS", "1997-06-01", "Boris Nikolayevich Yel'tsin"),
    ("president", "RUS", "2015-11-20", "Vladimir Putin"),
    ("president", "RUS", "2009-06-01", "Dmitry Medvedev"),
    ("prime minister", "RUS", "2010-06-01", "Vladimir Putin"),
    ("premier", "RUS", "2010-06-01", "Vladimir Putin"),
    ("president", "FRA", "2000-06-01", "Jacques Chirac"),
    ("president", "FRA", "2009-06-01", "Nicolas Sarkozy"),
    ("president", "FRA", "2015-11-20", "François Hollande"),
    ("president", "FRA", "2020-06-01", "Emmanuel Macron"),
    ("prime minister", "TUR", "2005-06-01", "Recep Tayyip Erdoğan"),
    ("prime minister", "IND", "2010-06-01", "Manmohan Singh"),
    ("prime minister", "IND", "2020-06-01", "Narendra Modi"),
    ("prime minister", "JPN", "2015-06-01", "Shinzō Abe"),
    ("prime minister", "JPN", "2022-06-01", "Fumio Kishida"),
    ("president", "BRA", "2005-06-01", "Luiz Inácio Lula da Silva"),
    ("president", "BRA", "2020-06-01", "Jair Bolsonaro"),
    ("president", "BRA", "2024-06-01", "Luiz Inácio Lula da Silva"),
    ("king", "JOR", "2015-11-24", "Abdullah II of Jordan"),
    ("monarch", "GBR", "2015-06-01", "Elizabeth II"),
    ("monarch", "GBR", "2023-06-01", "Charles III"),
    ("president", "SYR", "2015-06-01", "Bashar al-Assad"),
    ("president", "CHN", "2015-06-01", "Xi Jinping"),
    ("premier", "CHN", "2015-06-01", "Li Keqiang"),
    ("minister of foreign affairs", "RUS", "2015-06-01", "Sergey Lavrov"),
    ("foreign minister", "USA", "2015-06-01", "John Kerry"),
    ("defence minister", "RUS", "2025-01-01", "Andrei Belousov"),
    ("secretary-general", "UN", "2000-06-01", "Kofi Annan"),
    ("secretary-general", "UN", "2015-11-20", "Ban Ki-moon"),
    ("secretary-general", "UN", "2020-06-01", "António Guterres"),
    ("secretary-general", "NATO", "2020-06-01", "Jens Stoltenberg"),
])
def test_office_holder_on_a_day(kb, office, place, day, expected):
    holders = kb.office_holders(office, place, date.fromisoformat(day))
    assert holders and holders[0].name == expected


@pytest.mark.parametrize(("office", "place", "day", "expected"), [
    ("secretary-general", "UN", "1995-06-01", "Boutros Boutros-Ghali"),
    ("secretary-general", "NATO", "2012-06-01", "Anders Fogh Rasmussen"),
    ("secretary-general", "NATO", "2025-01-01", "Mark Rutte"),
    ("president", "EU_COMMISSION", "2016-06-01", "Jean-Claude Juncker"),
    ("president", "EU_COMMISSION", "2020-06-01", "Ursula von der Leyen"),
    ("president", "EU_COUNCIL", "2016-06-01", "Donald Tusk"),
    ("managing director", "IMF", "2009-06-01", "Dominique Strauss-Kahn"),
    ("managing director", "IMF", "2016-06-01", "Christine Lagarde"),
    ("managing director", "IMF", "2021-06-01", "Kristalina Georgieva"),
    ("president", "WORLD_BANK", "2006-06-01", "Paul Wolfowitz"),
    ("president", "WORLD_BANK", "2016-06-01", "Jim Yong Kim"),
    ("president", "WORLD_BANK", "2024-06-01", "Ajay Banga"),
    ("director-general", "WHO", "2005-06-01", "Lee Jong-wook"),
    ("director-general", "WHO", "2020-06-01", "Tedros Adhanom Ghebreyesus"),
    ("director-general", "IAEA", "2015-06-01", "Yukiya Amano"),
    ("secretary-general", "ARAB_LEAGUE", "2013-06-01", "Nabil Elaraby"),
])
def test_officials_of_international_organisations_on_a_day(kb, office, place, day, expected):
    holders = kb.office_holders(office, place, date.fromisoformat(day))
    assert [a.name for a in holders] == [expected]


@pytest.mark.parametrize(("name", "qid"), [
    ("Christine Lagarde", "Q484605"),  # French minister, then IMF: one actor
    ("Robert Zoellick", "Q312724"),
    ("Ahmed Aboul Gheit", "Q58108"),
    ("Ban Ki-moon", "Q1253"),
    ("Jens Stoltenberg", "Q57665"),
])
def test_officials_of_international_organisations_keep_their_qids(kb, name, qid):
    assert kb.by_name(name)[0].actor_id == qid


@pytest.mark.parametrize(("text", "place", "head"), [
    ("the U.N.", "UN", "secretary-general"), ("IMF", "IMF", "managing director"),
    ("the World Bank", "WORLD_BANK", "president"), ("European Commission", "EU_COMMISSION", "president"),
    ("Iranian", "IRN", None),
])
def test_office_place_of_a_country_or_an_organisation(kb, text, place, head):
    assert kb.office_place(text) == place and kb.head_office(place) == head


def test_office_holders_are_persons_with_the_role(kb):
    rouhani = kb.office_holders("president", "IRN", date(2015, 11, 20))[0]
    assert rouhani.kind == "person" and rouhani.actor_id == "Q348144"
    assert any(r.country == "IRN" and r.held_on(date(2015, 11, 20)) for r in rouhani.roles)


@pytest.mark.parametrize(("title", "office"), [
    ("chief of state", "head of state"), ("Premier", "prime minister"), ("leader", "supreme leader"),
    ("Minister of Foreign Affairs", "foreign minister"), ("Supreme Leader of Iran", "supreme leader"),
    ("King of Jordan", "monarch"), ("Deputy Prime Minister", "deputy prime minister"),
])
def test_office_titles_are_normalised(title, office):
    assert normalize_office(title) == office


@pytest.mark.parametrize(("text", "key"), [
    ("Ayatollah Ali Khamenei's", "ali khamenei"),
    ("Sayed Ali Khamenei", "ali khamenei"),
    ("Seyed Ali Khamenei", "ali khamenei"),
    ("President Hasan Fereidun RUHANI", "hasan fereidun ruhani"),
    ("François Hollande", "francois hollande"),
    ("King Abdullah II", "abdullah ii"),
    ("Prime Minister Vladimir Putin", "vladimir putin"),
    ("Dr. Mr. John Smith", "john smith"),
    ("President", "president"),
])
def test_normalize_name_strips_titles_accents_and_possessives(text, key):
    assert normalize_name(text) == key


@pytest.mark.parametrize("variants", [
    ("Rolls-Royce", "Rolls - Royce", "Rolls Royce", "rolls  royce"),
    ("U.S.", "US", "the US", "the U.S."),
    ("Khamenei\u2019s", "Khamenei's", "Khamenei"),
    ("Erdo\u011fan", "Erdogan", "ERDOGAN"),
    ("Procter & Gamble", "Procter and Gamble"),
    ("Lech Wa\u0142\u0119sa", "Lech Walesa"),
    ("Sa\u2019ar", "Sa'ar", "Saar"),
])
def test_names_spelling_and_tokenisation_variants_share_one_key(variants):
    assert len({normalize_name(v) for v in variants}) == 1


def test_names_one_key_for_actors_and_places():
    assert normalise_name("the U.S.") == normalize_name("U.S.") == "us"
    assert normalise_name("St. Petersburg") == normalize_name("St Petersburg") == "saint petersburg"


@pytest.mark.parametrize("name", ["Rolls-Royce Holdings plc", "Rolls - Royce", "Rolls Royce Ltd."])
def test_organisation_key_drops_a_legal_form(name):
    assert organisation_key(name) == "rolls royce"


def test_organisation_key_keeps_title_words():
    assert organisation_key("General Motors Co.") == "general motors"


@pytest.mark.parametrize(("name", "actor_id"), [
    ("Ali Khamenei", "Q57336"), ("Sayed Ali Khamenei", "Q57336"), ("Imam Khamenei", "Q57336"),
    ("Khamenehi", "Q57336"), ("Rouhani", "Q348144"), ("Ruhani", "Q348144"), ("Rowhani", "Q348144"),
    ("Hollande", "Q157"), ("Erdogan", "Q39259"), ("Erdoğan", "Q39259"), ("Bashar al-Assad", "Q44329"),
    ("Putin", "Q7747"), ("Vladimir Putin", "Q7747"),
])
def test_by_name_finds_variants_and_surnames(kb, name, actor_id):
    assert kb.by_name(name, date(2015, 11, 20))[0].actor_id == actor_id


def test_a_bare_surname_is_not_a_transliteration_of_another(kb):
    """Local news names people by surname ("Mr. Murphy is charged with ...", GVC dev): a name that
    only shares its consonants with someone ("Marape", prime minister of Papua New Guinea) is not
    them, while a spelling of the same name still is."""
    assert "Q6138903" not in [a.actor_id for a in kb.by_name("Murphy", date(2016, 8, 12))]
    assert kb.by_name("Ruhani", date(2015, 11, 20))[0].actor_id == "Q348144"


def test_by_name_ranks_full_names_above_surnames(kb):
    assert kb.by_name("Vladimir Putin")[0].actor_id == "Q7747"
    assert "Q44329" in [a.actor_id for a in kb.by_name("Assad", date(2015, 1, 1))]
    assert kb.by_name("King Abdullah II")[0].actor_id == "Q57464"


def test_fuzzy_tolerates_misspellings(kb):
    (best, score), *_ = kb.fuzzy("Vladimir Poutin")
    assert best.actor_id == "Q7747" and score > 90


@pytest.mark.parametrize(("text", "iso3"), [
    ("Iran", "IRN"), ("Iranian", "IRN"), ("Iran's", "IRN"), ("Tehran", "IRN"), ("Russia", "RUS"),
    ("Russian Federation", "RUS"), ("Moscow", "RUS"), ("the Kremlin", "RUS"), ("U.S.", "USA"),
    ("United States", "USA"), ("Washington", "USA"), ("French", "FRA"), ("Turkey", "TUR"), ("Türkiye", "TUR"),
    ("Ankara", "TUR"), ("Britain", "GBR"), ("German", "DEU"), ("Amman", "JOR"),
])
def test_country_by_name_demonym_or_capital(kb, text, iso3):
    country = kb.country(text)
    assert country is not None and country.kind == "country" and country.country == iso3


def test_country_ids_are_qids_where_known(kb):
    assert kb.country("Iran").actor_id == "Q794"


@pytest.mark.parametrize("aliases", [
    ("ISIS", "ISIL", "Daesh", "Islamic State", "IS"),
    ("Hezbollah", "Hizbullah", "Hizballah"),
    ("Houthis", "Ansar Allah", "the Houthis"),
    ("al-Qaeda", "al-Qaida", "Al Qaeda"),
    ("Taliban", "the Taliban"),
    ("al-Shabaab", "al-Shabab"),
])
def test_group_aliases_name_one_group(kb, aliases):
    groups = {kb.group(alias).actor_id for alias in aliases}
    assert len(groups) == 1 and kb.actor(groups.pop()).kind == "group"


def test_organisations_are_found_by_acronym(kb):
    assert kb.group("NATO").kind == "organization"
    assert kb.group("the UN").name == "United Nations"


def test_unknown_ids_and_names_give_nothing(kb):
    assert kb.actor("Q0") is None
    assert kb.country("Atlantis") is None


def test_manifest_matches_built_files():
    folder = resources.files("tidings").joinpath("data", "kb")
    manifest = json.loads(folder.joinpath("MANIFEST.json").read_text(encoding="utf-8"))
    for name, entry in manifest["files"].items():
        assert hashlib.sha256(folder.joinpath(name).read_bytes()).hexdigest() == entry["sha256"]
    assert manifest["counts"]["person"] > 20000 and "cia_factbook" in manifest["sources"]


def test_manifest_counts_match_loaded_kb(kb):
    folder = resources.files("tidings").joinpath("data", "kb")
    manifest = json.loads(folder.joinpath("MANIFEST.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in manifest["counts"].items() if k != "roles"} == kb.counts


# ---- tenures closed by later sources, the Factbook 2018-2020 gap, principal countries, duplicates


@pytest.mark.parametrize(("office", "place", "day", "expected"), [
    ("prime minister", "GBR", "2019-08-01", "Q180589"),  # Boris Johnson
    ("prime minister", "GBR", "2022-10-10", "Q272201"),  # Liz Truss (curated start, closed by Sunak)
    ("prime minister", "GBR", "2023-06-01", "Q20055561"),  # Rishi Sunak (Factbook 2022-2023 editions)
    ("prime minister", "GBR", "2024-07-04", "Q20055561"),
    ("head of government", "GBR", "2023-06-01", "Q20055561"),
])
def test_open_tenures_end_when_a_later_source_shows_a_successor(kb, office, place, day, expected):
    holders = kb.office_holders(office, place, date.fromisoformat(day))
    assert [a.actor_id for a in holders] == [expected]


@pytest.mark.parametrize("day", ["2024-07-05", "2025-01-01"])
def test_starmer_succeeds_sunak(kb, day):
    assert [a.name for a in kb.office_holders("prime minister", "GBR", date.fromisoformat(day))] == ["Keir Starmer"]


@pytest.mark.parametrize(("office", "place", "day", "expected"), [
    ("president", "TUR", "2018-09-04", "Q39259"),  # Erdoğan, inside the Factbook 2018-2020 gap
    ("president", "TUR", "2014-09-01", "Q39259"),
    ("president", "TUR", "2024-01-01", "Q39259"),
    ("head of state", "TUR", "2018-09-04", "Q39259"),
    ("head of government", "TUR", "2019-06-01", "Q39259"),  # executive presidency from 2018-07-09
    ("prime minister", "TUR", "2003-03-14", "Q39259"),
    ("prime minister", "TUR", "2010-09-04", "Q39259"),
    ("president", "TUR", "2010-09-04", "Q42852"),  # Abdullah Gül: not head of government
    ("head of state", "KOR", "2018-09-04", "Q21001"),  # Moon Jae-in, not cut short by his PM
    ("head of government", "PAK", "2018-09-04", "Q155164"),  # Imran Khan
    ("head of government", "UKR", "2018-09-04", "Q4150130"),  # Groysman, one actor
    ("head of government", "ESP", "2018-09-04", "Q6070218"),  # Pedro Sánchez
])
def test_heads_inside_the_factbook_gap(kb, office, place, day, expected):
    holders = kb.office_holders(office, place, date.fromisoformat(day))
    assert holders and holders[0].actor_id == expected


def test_erdogan_tenures(kb):
    roles = [r for r in kb.actor("Q39259").roles if r.country == "TUR"]
    president = min((r for r in roles if r.title == "President"), key=lambda r: r.start)
    assert president.start == date(2014, 8, 28) and president.end is None
    assert [r.start for r in roles if r.title == "Prime Minister"] == [date(2003, 3, 14)]


@pytest.mark.parametrize(("actor_id", "country"), [
    ("Q157", "FRA"),  # Hollande, also ex officio Co-Prince of Andorra
    ("Q3052772", "FRA"),  # Macron
    ("Q9682", "GBR"),  # Elizabeth II, monarch of 15 realms
    ("Q43274", "GBR"),  # Charles III
    ("Q39259", "TUR"),
    ("Q7747", "RUS"),
])
def test_country_is_that_of_the_principal_office(kb, actor_id, country):
    assert kb.actor(actor_id).country == country


@pytest.mark.parametrize(("office", "place", "day"), [
    ("king", "JOR", "2015-11-20"),  # "Abdullah II" (Factbook) = "Abdullah II of Jordan" (Wikidata)
    ("monarch", "BEL", "2015-11-20"),  # "Philippe" = "Philippe I of Belgium"
    ("monarch", "DNK", "2015-11-20"),  # no "Horik II, 854" beside Margrethe II
    ("prime minister", "UKR", "2017-01-01"),  # Groysman / Hroisman
    ("president", "USA", "1999-01-01"),  # Bill / William Jefferson Clinton
    ("president", "USA", "2023-01-01"),  # Joe Biden / Joseph R. Biden Jr.
    ("president", "IRN", "2010-01-01"),  # Ahmadinejad / Ahmadi-Nejad
])
def test_one_holder_of_a_single_holder_office(kb, office, place, day):
    assert len(kb.office_holders(office, place, date.fromisoformat(day))) == 1


@pytest.mark.parametrize(("name", "day", "actor_id"), [
    ("Assad", "2015-11-20", "Q44329"),  # Bashar al-Assad held office that day
    ("Assad", "1995-01-01", "Q118725"),  # Hafez al-Assad
    ("Lavrov", "2015-11-20", "Q58217"),  # Sergey Lavrov, foreign minister that day
    ("Putin", "2015-11-20", "Q7747"),
    ("Medvedev", "2015-11-20", "Q23530"),
])
def test_bare_surname_prefers_who_held_a_role_that_day(kb, name, day, actor_id):
    assert kb.by_name(name, date.fromisoformat(day))[0].actor_id == actor_id


@pytest.mark.parametrize(("text", "actor_id"), [
    ("Jordanian King Abdullah II", "Q57464"),
    ("Iran's Supreme Leader Ali Khamenei", "Q57336"),
    ("Turkish President Recep Tayyip Erdogan", "Q39259"),
    ("Russian President Vladimir Putin", "Q7747"),
    ("French President Francois Hollande", "Q157"),
    ("Syrian President Bashar al-Assad", "Q44329"),
])
def test_by_name_strips_a_leading_demonym_and_title(kb, text, actor_id):
    assert kb.by_name(text, date(2015, 11, 20))[0].actor_id == actor_id


def test_demonym_prefers_that_countrys_people(kb):
    found = kb.by_name("Jordanian King Abdullah", date(2015, 11, 20))
    assert found and found[0].country == "JOR"
