"""Name forms shared by within- and across-document resolution: titles off, a normalised key, name tokens."""

from __future__ import annotations

import re
import unicodedata

# nameparser's title list is too broad to strip blindly (812 words, 'bishop', 'judge' are surnames too);
# these are the titles that precede a person's name in news text; multi-word titles match first
_EXTRA_TITLES = (
    "prime minister",
    "foreign minister",
    "defense minister",
    "defence minister",
    "finance minister",
    "vice president",
    "president-elect",
    "vice-president",
    "secretary of state",
    "secretary-general",
    "secretary general",
    "supreme leader",
    "chancellor",
    "senator",
    "sen",
    "rep",
    "representative",
    "gov",
    "governor",
    "mayor",
    "gen",
    "general",
    "lt",
    "col",
    "maj",
    "capt",
    "adm",
    "admiral",
    "sgt",
    "president",
    "premier",
    "minister",
    "secretary",
    "ambassador",
    "speaker",
    "chairman",
    "chairwoman",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "sheikh",
    "ayatollah",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "rev",
    "reverend",
    "father",
    "sister",
    "brother",
    "leader",
    "dictator",
    "marshal",
    "commander",
    "chief",
    "emperor",
    "crown prince",
    "first lady",
    "attorney general",
    "gop",
    "former",
    "late",
    "then",
    "then-president",
    "ex-president",
)
_TITLES = frozenset(_EXTRA_TITLES)
_MAX_TITLE_WORDS = max(len(t.split()) for t in _TITLES)
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ian|ese|ish|i|ch)$")
_POSSESSIVE = re.compile(r"['’]s$")
_SPACES = re.compile(r"\s+")


def _title_words(words: list[str], i: int) -> int:
    """How many words starting at i form a title (0 when none)."""
    for n in range(_MAX_TITLE_WORDS, 0, -1):
        if i + n <= len(words):
            candidate = " ".join(w.lower().rstrip(".") for w in words[i : i + n])
            if candidate in _TITLES:
                return n
    return 0


def strip_titles(name: str) -> str:
    """'President Donald Trump' -> 'Donald Trump'; 'Russian President Putin' -> 'Putin'; keeps one word."""
    words = _SPACES.sub(" ", name.strip()).split(" ")
    i = 0
    while i < len(words) - 1:
        n = _title_words(words, i)
        if n == 0 and _DEMONYM.match(words[i]):
            n = _title_words(words, i + 1)
            n = n + 1 if n else 0
        if n == 0 or i + n >= len(words):
            break
        i += n
    return " ".join(words[i:])


def clean_surface(name: str) -> str:
    """The written name without possessive ending and with single spaces."""
    return _POSSESSIVE.sub("", _SPACES.sub(" ", name.strip()))


def name_key(name: str) -> str:
    """Spelling- and casing-blind key: 'Kim Jong-un', 'Kim Jong Un' and 'KIM JONG UN' share one."""
    text = unicodedata.normalize("NFKD", clean_surface(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[.\u00b7]", "", text)  # 'U.S.' -> 'us', 'H.W.' -> 'hw'
    text = re.sub(r"[-‐‑–—_/]", " ", text)
    text = re.sub(r"[^\w'& ]", " ", text)
    return _SPACES.sub(" ", text).strip()


def key_tokens(name: str) -> list[str]:
    return name_key(name).split()
