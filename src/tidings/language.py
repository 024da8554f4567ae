"""Which language an article is written in, as far as the run needs to know: the pipeline reads
English only, so an article in another language is stored with its language and a warning, not
analysed into nonsense (a Russian text through an English parser gives no events and no word why).

A small heuristic rather than a model, since only "English or not" decides anything: letters are
counted by script, and a text mostly in a non-Latin script gets that script's language (Cyrillic
with Ukrainian letters "uk", otherwise "ru"; Arabic script with Persian or Urdu letters "fa" or
"ur", otherwise "ar"; Han with kana "ja", otherwise "zh"; ...). A Latin-script text gets the
language whose commonest function words make up most of its words ("the", "of", "and" ... for
English: about a third of any English news text, under 3 % of a French or German one), and only
when at least `MIN_DISTINCT` different ones occur and English ones are rare: "Putin met Khamenei"
repeated is no Dutch, though "met" is a Dutch word. Function words that are also common English
words ("as", "do", "no", "die", "per") are left out of the other lists. A text too short to tell,
or with no function words at all (a list of names), counts as English, so that nothing English is
ever refused.

    detect_language("Путин встретился с Хаменеи в Тегеране.")   # "ru"
    detect_language("Putin will meet Khamenei in Tehran on Monday, the Kremlin said.")  # "en"
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

ENGLISH = "en"
#: Characters looked at: enough to tell, and a 1 MB article costs no more than a short one.
SAMPLE_CHARS = 20_000
#: Fewer words than this: too short to tell a language by its function words.
MIN_WORDS = 12
#: Share of a text's words that must be a language's function words for it to count as that language ...
MIN_FUNCTION_SHARE = 0.12
#: ... with at least this many different ones among them ...
MIN_DISTINCT = 4
#: ... and English function words under this share, for a Latin-script text not to count as English.
MAX_ENGLISH_SHARE = 0.10

#: (first, last) code point of each script's main block, and the language it stands for.
SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "el"), (0x0400, 0x052F, "ru"), (0x0530, 0x058F, "hy"), (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"), (0x0750, 0x077F, "ar"), (0x0900, 0x097F, "hi"), (0x0980, 0x09FF, "bn"),
    (0x0B80, 0x0BFF, "ta"), (0x0E00, 0x0E7F, "th"), (0x10A0, 0x10FF, "ka"), (0x1100, 0x11FF, "ko"),
    (0x3040, 0x30FF, "ja"), (0x3400, 0x4DBF, "zh"), (0x4E00, 0x9FFF, "zh"), (0xAC00, 0xD7AF, "ko"),
)
#: Letters that tell a language from others written in the same script.
TELLING_LETTERS = {"ru": ("uk", "іїєґ"), "ar": ("fa", "پچژگ"), "zh": ("ja", "")}
URDU_LETTERS = "ٹڈڑںے"



def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words("the of and to in is that for on with was as by at from it he said has have be are were an "
                    "this which not but his they will had been who its"),
    "fr": _words("le la les des du et est une un que qui dans pour pas sur au aux avec il elle ont été sont "
                    "ce cette ne"),
    "es": _words("el los las del y que en una es por para se su como más pero fue sus este esta"),
    "de": _words("der das und ist nicht ein eine zu mit sich auf für im dem auch es als wird bei nach sind "
                    "wurde"),
    "pt": _words("os da dos das e que em um uma para com não por na foi mais ao pelo pela são"),
    "it": _words("il lo gli di del della che è un una con sono nel alla anche si da dei"),
    "nl": _words("de het een en dat te niet zijn voor aan ook om wordt naar bij"),
}
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _script_language(letters: Counter[str]) -> str | None:
    """The language of the script most letters are in, when that is not Latin."""
    total = sum(letters.values())
    if not total or letters["latin"] * 2 >= total:
        return None
    script = max((s for s in letters if s != "latin"), key=lambda s: (letters[s], s), default=None)
    return script if script and letters[script] * 2 >= total - letters["latin"] else None


_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _letters_by_script(text: str) -> Counter[str]:
    """Letters counted by script: ASCII letters (Latin) in one pass, the rest one by one."""
    found: Counter[str] = Counter()
    ascii_letters = sum(map(len, _ASCII_LETTERS.findall(text)))
    if ascii_letters:
        found["latin"] = ascii_letters
    for char in _NOT_ASCII.findall(text):
        if not char.isalpha():
            continue
        point = ord(char)
        if point < 0x0250 or 0x1E00 <= point <= 0x1EFF:
            found["latin"] += 1
            continue
        for first, last, language in SCRIPTS:
            if first <= point <= last:
                found[language] += 1
                break
        else:
            found["other"] += 1
    return found


def _refine(language: str, text: str) -> str:
    """Ukrainian, Persian, Urdu and Japanese from the letters only they use in a shared script."""
    if language == "ar" and any(c in URDU_LETTERS for c in text):
        return "ur"
    other, letters = TELLING_LETTERS.get(language, ("", ""))
    if language == "zh":
        kana = sum(1 for c in text if 0x3040 <= ord(c) <= 0x30FF)
        return "ja" if kana else "zh"
    if letters and any(c in letters for c in text.lower()):
        return other
    return language


def detect_language(text: str) -> str:
    """An ISO 639-1 code for the text's language; "en" when it cannot be told (see the module)."""
    sample = unicodedata.normalize("NFC", text[:SAMPLE_CHARS])
    letters = _letters_by_script(sample)
    script = _script_language(letters)
    if script == "other":
        return "und"
    if script is not None:
        return _refine(script, sample)
    words = [w.lower() for w in WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return ENGLISH
    counts = Counter(words)
    shares = {lang: sum(counts[w] for w in vocabulary) / len(words) for lang, vocabulary in FUNCTION_WORDS.items()}
    distinct = {lang: sum(w in counts for w in vocabulary) for lang, vocabulary in FUNCTION_WORDS.items()}
    best = max(shares, key=lambda lang: (shares[lang], lang == ENGLISH))
    if (best != ENGLISH and shares[best] >= MIN_FUNCTION_SHARE and distinct[best] >= MIN_DISTINCT
            and shares[ENGLISH] < MAX_ENGLISH_SHARE):
        return best
    return ENGLISH


__all__ = ["ENGLISH", "detect_language"]
