"""Across documents: mentions' names become canonical entities, variants joined, namesakes kept apart.

Clustering works on per-key aggregates (KeyCount), never on single mentions, so a store can keep one row
per (key, name, label, written form) and resolve new mentions incrementally (see incremental.py).
"""

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
# a one-word key shorter than this is never a short form ('Xi' stays apart)
_SHORT_FORM_MIN_LEN = 3
# a token shorter than this never has a typo variant ('H.W.'/'W.')
_TYPO_MIN_LEN = 5


@dataclass(frozen=True)
class KeyCount:
    """How many mentions of one name key had this exact name, label and written form.

    Everything clustering reads about a key is a sum of these rows, so storage keeps them per key
    (adding new counts) instead of re-reading every mention of the warehouse.
    """

    key: str
    name: str
    label: str
    written: str | None  # name_key(strip_titles(text)) of the mention as written; None when unknown
    mentions: int


@dataclass(frozen=True)
class KeyResolution:
    """Clusters of name keys: their entities and the entity of every key (a mention follows its key)."""

    entities: list[Entity]  # sorted by entity_id
    entity_of_key: dict[str, str]  # name key -> entity_id


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


# The three join rules below read only keys that share a link key (link_keys): keep them in step.


def _typo_variants(a: str, b: str) -> bool:
    """One edit in a long word ('Netanyahu'/'Netanyahou') is a typo; short tokens ('H.W.'/'W.') never are."""
    return (
        len(a) >= _TYPO_MIN_LEN
        and len(b) >= _TYPO_MIN_LEN
        and a[0] == b[0]
        and Levenshtein.distance(a, b) <= 1
    )


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
                clusters.union(min(fuller), key)


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
            or len(key) < _SHORT_FORM_MIN_LEN
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


def _one_deletions(token: str) -> set[str]:
    """The token and every string one deletion away: two tokens within one edit share one of these."""
    return {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}


def link_keys(key: str) -> set[str]:
    """Link keys of a name key: two keys are ever joined or compete only if they share one.

    Derived from the rules, one kind per rule (labels never take part: they change as counts grow, and
    the alias table neither: it is data, so a changed table needs a full resolution):

    - ``c:<compact>`` (keys of >= 2 tokens): spelling rule, same form without spaces ('kim jongun').
    - ``p:<i>:<tokens, * at i>:<first letter>|<v>`` for each token at i of >= _TYPO_MIN_LEN letters and each
      v in {token} | {token less one letter}: typo rule. Its two keys differ only at i, in tokens of
      >= _TYPO_MIN_LEN letters with the same first letter and Levenshtein distance <= 1; a substitution at j
      leaves both equal without letter j, an insertion leaves the longer equal to the shorter, so they
      share a v. Short or differently-initialled tokens ('york'/'delhi') link nothing.
    - ``fl:<first>|<last>`` (keys of >= 2 tokens): middle-name rule; the two-token key, every fuller key
      it could join, and so every fuller key competing for it, share first and last token.
    - ``s:<last token>`` (keys of >= 2 tokens) and ``s:<key>`` (one-word keys), both only when at least
      _SHORT_FORM_MIN_LEN letters: short-form rule; the short form and every person it could join or whose
      count competes in the dominance vote end with that token.

    Every union joins two keys sharing one of these, and every decision (alias refusal, the middle-name
    competition, the dominance count per cluster) reads only keys linked to the deciding key or clusters
    built from such unions. So each cluster, and its entity, lies inside one connected component of the
    graph 'shares a link key', and a component's result depends on its own keys' counts only.
    """
    tokens = key.split()
    if len(tokens) < 2:
        return {f"s:{key}"} if len(key) >= _SHORT_FORM_MIN_LEN else set()
    links = {f"c:{''.join(tokens)}", f"fl:{tokens[0]}|{tokens[-1]}"}
    if len(tokens[-1]) >= _SHORT_FORM_MIN_LEN:
        links.add(f"s:{tokens[-1]}")
    for i, token in enumerate(tokens):
        if len(token) >= _TYPO_MIN_LEN:
            pattern = " ".join((*tokens[:i], "*", *tokens[i + 1 :]))
            links.update(f"p:{i}:{pattern}:{token[0]}|{v}" for v in _one_deletions(token))
    return links


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


def mention_key(ref: MentionRef, table: AliasTable) -> str:
    """The name key a mention is counted under: its curated entity's canonical key, else its own."""
    entry = table.lookup(ref.name)
    return name_key(entry.canonical) if entry else name_key(ref.name)


def alias_of_keys(table: AliasTable) -> dict[str, AliasEntry]:
    """Name key -> the curated entry it is the canonical key of: a key's alias, re-derived from the table.

    Only a canonical name's key carries the entry (every other name of it is counted under that key).
    """
    return {name_key(entry.canonical): entry for entry in table.by_key.values()}


def aggregate_mentions(
    mentions: Iterable[MentionRef], aliases: AliasTable | None = None
) -> tuple[list[KeyCount], dict[tuple[str, int], str]]:
    """Mentions summed per (key, name, label, written form), and the key of every mention.

    The sums are all clustering needs; the keys let a store point mentions at their key's entity.
    Mentions whose name has an empty key are left out, as resolve_entities always did.
    """
    table = aliases if aliases is not None else load_aliases()
    sums: Counter[tuple[str, str, str, str | None]] = Counter()
    key_of_mention: dict[tuple[str, int], str] = {}
    # a batch's 40,000 mentions hold some 4,000 distinct names: each key is worked out once (0.44 s -> 0.09 s)
    key_of_name: dict[str, str] = {}
    written_of_text: dict[str, str] = {}
    for ref in mentions:
        key = key_of_name.get(ref.name)
        if key is None:
            key = key_of_name[ref.name] = mention_key(ref, table)
        if not key:
            continue
        written = None
        if ref.text:
            written = written_of_text.get(ref.text)
            if written is None:
                written = written_of_text[ref.text] = name_key(strip_titles(ref.text))
        sums[(key, ref.name, ref.label, written)] += 1
        key_of_mention[(ref.doc_id, ref.mention_index)] = key
    counts = [KeyCount(key, name, label, written, n) for (key, name, label, written), n in sums.items()]
    return sorted(counts, key=count_order), key_of_mention


def count_order(count: KeyCount) -> tuple[str, str, str, bool, str]:
    """A total order of KeyCount rows (written may be None), for deterministic output."""
    return (count.key, count.name, count.label, count.written is not None, count.written or "")


def cluster_keys(counts: Iterable[KeyCount], aliases: AliasTable | None = None) -> KeyResolution:
    """Entities of the keys in counts, one label each by majority vote.

    Rows of one key (even of one name, label and written form) add up. Keys are visited in sorted order,
    so the result depends only on the sums, never on the order rows arrive in: resolving a set of keys
    closed under shared link keys gives the same clusters as resolving everything.
    """
    table = aliases if aliases is not None else load_aliases()
    alias_of_key = alias_of_keys(table)
    unsorted: dict[str, _Group] = {}
    for row in counts:
        if row.mentions <= 0:
            raise ValueError(f"a key count must be positive: {row}")
        group = unsorted.get(row.key)
        if group is None:
            group = unsorted[row.key] = _Group(alias=alias_of_key.get(row.key))
        group.names[row.name] += row.mentions
        group.labels[row.label] += row.mentions
        group.written[(row.written, row.label)] += row.mentions
    groups = {key: unsorted[key] for key in sorted(unsorted)}

    clusters = _Clusters(groups)
    _join_spelling_variants(clusters)
    _join_middle_names(clusters)
    _join_short_forms(clusters)

    entity_of_root: dict[str, Entity] = {}
    for root, group in clusters.merged().items():
        canonical = _canonical(group)
        entity_of_root[root] = Entity(
            entity_id=stable_id(name_key(canonical)),
            canonical_name=canonical,
            label=_entity_label(group, canonical),
            aliases=tuple(sorted(group.names)),
        )
    entity_of_key = {key: entity_of_root[clusters.find(key)].entity_id for key in groups}
    return KeyResolution(sorted(entity_of_root.values(), key=lambda e: e.entity_id), entity_of_key)


def resolve_entities(mentions: Iterable[MentionRef], aliases: AliasTable | None = None) -> Resolution:
    """Canonical entities for every mention across documents, with one label each by majority vote.

    Resolves everything at once; resolve_increment gives the same result one batch of mentions at a time.
    """
    table = aliases if aliases is not None else load_aliases()
    counts, key_of_mention = aggregate_mentions(mentions, table)
    resolution = cluster_keys(counts, table)
    assignment = {ref: resolution.entity_of_key[key] for ref, key in key_of_mention.items()}
    return Resolution(entities=resolution.entities, assignment=assignment)
