"""Across documents: mentions' names become canonical entities, variants joined, namesakes kept apart."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from pipelines.ingest.records import stable_id
from pipelines.resolve.aliases import AliasEntry, AliasTable, load_aliases
from pipelines.resolve.names import name_key, strip_titles
from pipelines.resolve.records import Entity, MentionRef, Resolution

# order that breaks a tie in the label vote
_LABEL_ORDER = (
    "PERSON",
    "GPE",
    "ORG",
    "LOC",
    "NORP",
    "FAC",
    "EVENT",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
)
# a short form ('Trump') joins a full name only when it beats every other namesake by this factor
_DOMINANCE = 3
_SHORT_FORM_LABELS = frozenset({"PERSON", "ORG", "NORP"})


@dataclass
class _Group:
    """All mentions that share one name key."""

    names: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    # (key of the written form without titles, or None when unknown; label) -> mentions
    written: Counter[tuple[str | None, str]] = field(default_factory=Counter)
    alias: AliasEntry | None = None

    @property
    def label(self) -> str:
        return _vote(self.labels)

    @property
    def count(self) -> int:
        return sum(self.labels.values())


def _vote(labels: Counter[str]) -> str:
    rank = {label: i for i, label in enumerate(_LABEL_ORDER)}
    return min(labels, key=lambda lab: (-labels[lab], rank.get(lab, len(rank)), lab))


class _Clusters:
    """Union-find over name keys; two different curated entities never merge."""

    def __init__(self, groups: dict[str, _Group]) -> None:
        self.groups = groups
        self.parent = {key: key for key in groups}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def alias_of(self, root: str) -> AliasEntry | None:
        return self.groups[root].alias

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        alias_a, alias_b = self.alias_of(ra), self.alias_of(rb)
        if alias_a and alias_b and alias_a != alias_b:
            return
        if alias_b and not alias_a:
            ra, rb = rb, ra
        self.parent[rb] = ra

    def merged(self) -> dict[str, _Group]:
        """Root key -> the union of its keys' names and labels."""
        out: dict[str, _Group] = {}
        for key, group in self.groups.items():
            root = self.find(key)
            target = out.setdefault(root, _Group(alias=self.groups[root].alias))
            target.names.update(group.names)
            target.labels.update(group.labels)
            target.written.update(group.written)
        return out


def _typo_variants(a: str, b: str) -> bool:
    """One edit in a long word ('Netanyahu'/'Netanyahou') is a typo; short tokens ('H.W.'/'W.') never are."""
    return len(a) >= 5 and len(b) >= 5 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1


def _join_spelling_variants(clusters: _Clusters) -> None:
    """Multi-word names that differ only in spacing, or by a typo in one long word, with the same label."""
    by_compact: dict[str, list[str]] = defaultdict(list)
    by_pattern: dict[tuple[int, tuple[str, ...]], list[str]] = defaultdict(list)
    for key, group in clusters.groups.items():
        tokens = key.split()
        if len(tokens) < 2:
            continue
        by_compact[key.replace(" ", "") + "|" + group.label].append(key)
        for i in range(len(tokens)):
            by_pattern[(i, (*tokens[:i], "*", *tokens[i + 1 :], group.label))].append(key)
    for keys in by_compact.values():
        for other in keys[1:]:
            clusters.union(keys[0], other)
    for (i, _), keys in by_pattern.items():
        for n, a in enumerate(keys):
            for b in keys[n + 1 :]:
                if _typo_variants(a.split()[i], b.split()[i]):
                    clusters.union(a, b)


def _join_middle_names(clusters: _Clusters) -> None:
    """'Donald Trump' joins 'Donald J. Trump' when no other middle name competes ('George Bush' stays)."""
    with_middle: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, group in clusters.groups.items():
        tokens = key.split()
        if len(tokens) >= 3 and group.label == "PERSON":
            with_middle[(tokens[0], tokens[-1])].add(key)
    for key, group in clusters.groups.items():
        tokens = key.split()
        if len(tokens) == 2 and group.label == "PERSON":
            fuller = with_middle.get((tokens[0], tokens[1]), set())
            if len({clusters.find(k) for k in fuller}) == 1:
                clusters.union(next(iter(fuller)), key)


def _join_short_forms(clusters: _Clusters) -> None:
    """A one-word name ('Putin') joins the person whose surname it is, when that person dominates."""
    people_by_surname: dict[str, Counter[str]] = defaultdict(Counter)
    for key, group in clusters.groups.items():
        tokens = key.split()
        if len(tokens) >= 2 and group.label == "PERSON":
            people_by_surname[tokens[-1]][clusters.find(key)] += group.count
    for key, group in clusters.groups.items():
        if (
            " " in key
            or len(key) < 3
            or not (set(group.labels) & _SHORT_FORM_LABELS)
            or "PERSON" not in group.labels
        ):
            continue
        if group.label not in _SHORT_FORM_LABELS or clusters.alias_of(clusters.find(key)):
            continue
        candidates = people_by_surname.get(key)
        if not candidates:
            continue
        ranked = candidates.most_common(2)
        if len(ranked) == 1 or ranked[0][1] >= _DOMINANCE * ranked[1][1]:
            clusters.union(ranked[0][0], key)


def _entity_label(group: _Group, canonical: str) -> str:
    """Majority vote of the mentions that spell the canonical name out, else of all its mentions.

    Short forms are where the small model errs ('Trump' tagged ORG), so they only vote when no mention
    writes the full name; without the written form (MentionRef.text) every mention votes.
    """
    if group.alias and group.alias.label:
        return group.alias.label
    full = Counter(
        {label: n for (written, label), n in group.written.items() if written == name_key(canonical)}
    )
    return _vote(full or group.labels)


def _canonical(group: _Group) -> str:
    """The fullest common name: most frequent multi-word form, fewest odd capitals, then the longest."""
    if group.alias:
        return group.alias.canonical

    def score(name: str) -> tuple[bool, int, int, int, str]:
        odd_caps = sum(1 for w in name.replace("-", " ").split() if len(w) > 2 and w[1:].isupper())
        return (len(name.split()) >= 2, group.names[name], -odd_caps, len(name), name)

    return max(group.names, key=score)


def resolve_entities(mentions: Iterable[MentionRef], aliases: AliasTable | None = None) -> Resolution:
    """Canonical entities for every mention across documents, with one label each by majority vote."""
    table = aliases if aliases is not None else load_aliases()
    groups: dict[str, _Group] = {}
    key_of_mention: dict[tuple[str, int], str] = {}
    for ref in mentions:
        entry = table.lookup(ref.name)
        key = name_key(entry.canonical) if entry else name_key(ref.name)
        if not key:
            continue
        group = groups.setdefault(key, _Group(alias=entry))
        group.names[ref.name] += 1
        group.labels[ref.label] += 1
        group.written[(name_key(strip_titles(ref.text)) if ref.text else None, ref.label)] += 1
        key_of_mention[(ref.doc_id, ref.mention_index)] = key

    clusters = _Clusters(groups)
    _join_spelling_variants(clusters)
    _join_middle_names(clusters)
    _join_short_forms(clusters)

    entity_of_root: dict[str, Entity] = {}
    for root, group in clusters.merged().items():
        canonical = _canonical(group)
        label = _entity_label(group, canonical)
        entity_of_root[root] = Entity(
            entity_id=stable_id(name_key(canonical)),
            canonical_name=canonical,
            label=label,
            aliases=tuple(sorted(group.names)),
        )
    assignment = {ref: entity_of_root[clusters.find(key)].entity_id for ref, key in key_of_mention.items()}
    entities = sorted(entity_of_root.values(), key=lambda e: e.entity_id)
    return Resolution(entities=entities, assignment=assignment)
