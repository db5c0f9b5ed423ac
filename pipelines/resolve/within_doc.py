"""Within one document: the name each mention stands for (titles off, 'Trump' -> 'Donald Trump')."""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.resolve.names import clean_surface, key_tokens, strip_titles

# labels a short form of a person's name may carry: the small model often tags 'Trump' as ORG or NORP
_PERSONLIKE = frozenset({"PERSON", "ORG", "NORP"})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "at", "&"})


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _ACRONYM_SKIP and w[:1].isalpha()).upper()


def _looks_like_acronym(name: str) -> bool:
    """'U.N.', 'US', 'NATO': written as an abbreviation, so never a short form of a person's name."""
    letters = name.replace(".", "").replace(" ", "")
    return letters.isalpha() and letters.isupper() and ("." in name or len(letters) <= 4)


def _part_of(short: list[str], full: list[str]) -> bool:
    """True when the short form is the start or the end of a longer name ('Trump', 'Kim', 'Jong Un')."""
    n = len(short)
    return 0 < n < len(full) and (full[-n:] == short or full[:n] == short)


def name_mentions(mentions: Sequence[tuple[str, str]]) -> list[str]:
    """For (text, label) pairs in document order, the name each stands for within the document.

    Titles are stripped from people's names; a short form joins the one full name in the document
    that ends (or, for names like 'Kim Jong Un', starts) with it, and stays as written when two people
    share it; an acronym joins an organisation spelled out in the same document.
    """
    names = [clean_surface(text) for text, _ in mentions]
    labels = [label for _, label in mentions]
    person_names = {strip_titles(n) for n, lab in zip(names, labels, strict=True) if lab == "PERSON"}
    for i, (name, label) in enumerate(zip(names, labels, strict=True)):
        stripped = strip_titles(name)
        if label == "PERSON" or stripped in person_names:
            names[i] = stripped

    resolved = list(names)
    full_people = [
        (i, key_tokens(n)) for i, (n, lab) in enumerate(zip(names, labels, strict=True)) if lab == "PERSON"
    ]
    orgs = [(i, n) for i, (n, lab) in enumerate(zip(names, labels, strict=True)) if lab in ("ORG", "GPE")]
    for i, (name, label) in enumerate(zip(names, labels, strict=True)):
        if label in _PERSONLIKE and not _looks_like_acronym(name):
            tokens = key_tokens(name)
            candidates = [j for j, full in full_people if _part_of(tokens, full)]
            # a surname match ('Trump' in 'Donald Trump') beats a first-word match ('Donald')
            by_surname = [j for j in candidates if key_tokens(names[j])[-len(tokens) :] == tokens]
            candidates = by_surname or candidates
            fulls = {" ".join(key_tokens(names[j])) for j in candidates}
            if len(fulls) == 1:  # two people share the surname ('Barack'/'Michelle Obama'): leave it
                resolved[i] = names[candidates[0]]
                continue
        if label in ("ORG", "GPE") and name.isupper() and 2 <= len(name.replace(".", "")) <= 6:
            short = name.replace(".", "")
            spelled = [n for _, n in orgs if len(n.split()) >= 2 and _acronym(n) == short]
            if spelled:
                resolved[i] = spelled[0]
    return resolved
