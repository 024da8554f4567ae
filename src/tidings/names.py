"""Name keys: the one normalisation that every lookup of a name goes through.

A name is written many ways in news: "Rolls-Royce", "Rolls - Royce" and "Rolls Royce"; "U.S." and
"US"; "Khamenei’s" with a curly apostrophe and "Khamenei's" with a straight one; "Zürich" and
"Zurich"; "Procter & Gamble" and "Procter and Gamble". `normalise_name` gives all spellings of one
name one key, so actors, knowledge-base entries, places and the linker's entity keys meet
whichever way an article wrote them:

    >>> normalise_name("Rolls - Royce") == normalise_name("Rolls-Royce") == "rolls royce"
    True
    >>> normalise_name("the U.S.")
    'us'
    >>> normalise_name("St. Petersburg")
    'saint petersburg'

Stages that know more about their names build on this key: the knowledge base also strips titles
and possessives from people's names (`tidings.kb.normalize_name`), the gazetteer qualifiers
("Paris, Texas"). None keeps a character table of its own.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Characters that Unicode decomposition leaves alone but a reader takes for plain letters, and
#: typographic apostrophes, quotes and dashes, as their plain forms.
_CHARACTERS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u02bb": "'", "`": "'", "\u00b4": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u0131": "i", "\u00df": "ss", "\u0142": "l", "\u0141": "l", "\u00f8": "o", "\u00d8": "o", "\u0111": "d",
    "\u0110": "d", "\u00e6": "ae", "\u00c6": "ae", "\u0153": "oe", "\u0152": "oe",
})
#: Abbreviations that name parts of place names ("St. Petersburg", "Mt. Kenya").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_NOT_A_WORD = re.compile(r"[^\w\s]|_")


def fold(text: str) -> str:
    """Case- and accent-free, with typographic apostrophes, quotes and dashes made plain:
    "Erdoğan’s" -> "erdogan's". Punctuation and spacing stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_CHARACTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_CHARACTERS).casefold()


@lru_cache(maxsize=1 << 16)  # the same names come back in every article
def normalise_name(text: str) -> str:
    """The key of a name: folded (`fold`), apostrophes and the dots of abbreviations gone ("U.S."
    -> "us", "O'Brien" -> "obrien"), "&" read as "and", other punctuation and runs of spaces one
    space ("Rolls - Royce" -> "rolls royce"), a leading "the" dropped and "St."/"Mt." read as
    "Saint"/"Mount". Empty when the name has no letters or digits."""
    text = fold(text).replace("&", " and ").replace("'", "").replace(".", "")
    parts = _NOT_A_WORD.sub(" ", text).split()
    if parts[:1] == ["the"]:
        parts = parts[1:]
    return " ".join(_ABBREVIATIONS.get(part, part) for part in parts)
