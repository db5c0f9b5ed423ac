"""Synthetic lakes for bench/scale.py: N documents written straight into a DuckLake lake with SQL.

The shape of the data comes from the bundled samples, read and analysed with the pipeline's own code
(readers, cleaner, spaCy analyzer): each synthetic document copies the block layout of one sample document
of its source (kinds, reasons, scores, sentences per kept block, words per sentence, mentions per sentence,
comments), page furniture (promos, media lines, bylines, bios) is the samples' own text and so recurs
across the source as it does in real dumps, and everything an article says (titles, captions, paragraphs,
comments) is new text: words drawn with a Zipf law from the samples' vocabulary by hash(document, block,
sentence, word), so every document is distinct. Mentions name entities drawn per document (8 topics) from
a Zipf law over the samples' names followed by ~50k made-up names of 1-3 words (people sharing surnames,
places, demonyms, organisations), with short forms ('Putin' for Vladimir Putin), surname-only names and
3% label noise. Offsets are exact: substr(body_text, start_char + 1, end_char - start_char) is the
sentence or mention, blocks point into raw_text (extracted_text for HTML sources).

Documents are grouped into runs of --docs-per-run documents, one run every few hours over three years,
and every per-run table is written as those runs would have written it: entity_name_counts per run and
key, dq_results and entity_resolutions per run. Entity resolution is the pipeline's: cluster_keys over
the sums of every key, link_keys per distinct key, so a run that resolves incrementally finds the state
it expects (the latest entity_resolutions row carries the current alias table's hash). Signatures and
LSH bands are random (128 values, 9 bands per document), fingerprints of generated blocks are an md5
prefix (recurring blocks get their true blake2b fingerprint, so new dumps meet them).

Written in chunks (one INSERT ... SELECT per table per chunk, one snapshot per chunk), then maintained as
`make maintain` does (flush, merge adjacent files, expire, clean up). The search index is a stub with the
real status table and freshness view but no rows (a run only asks how many publications it is behind),
unless full_search_index is set.
"""

from __future__ import annotations

import json
import math
import random
import re
import shutil
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from pipelines.clean import block_fingerprint, recurring_fingerprints, split_blocks
from pipelines.ingest import SourceSpec, read_source
from pipelines.ingest.records import RawRecord
from pipelines.resolve import KeyCount, MentionRef, cluster_keys, link_keys, load_aliases
from pipelines.resolve.across_docs import mention_key
from pipelines.resolve.names import name_key, strip_titles
from pipelines.settings import PROJECT_DIR, WarehousePaths
from pipelines.stages.clean_work import clean_raw_text
from pipelines.stages.resolve_stage import aliases_hash
from pipelines.store.database import statement
from pipelines.store.lake import (
    LAKE,
    PUBLISH_PREFIX,
    attach_lake,
    current_snapshot,
    ensure_lake_schema,
    schema_version,
)
from pipelines.store.maintenance import maintain_lake

GENERATOR_VERSION = "v5"  # bump when the generated data changes: cached lakes of other versions are rebuilt
SYNTHETIC_NAMES = 50_000
TOPICS_PER_DOCUMENT = 8
SHORT_FORM_SHARE = 0.35  # PERSON mentions of a multi-word name written as the surname only
SURNAME_NAME_SHARE = 0.05  # ... whose within-document name is the surname too (no full form in the doc)
LABEL_NOISE = 0.03
NEAR_DUPLICATE_SHARE = 0.02
UNDATED_SHARE = 0.10
DQ_ROWS_PER_RUN = 74  # expectations a run of the samples records in dq_results
YEARS = 3
# block kinds whose sample text is page furniture a source repeats; the other kinds get new text
RECURRING_KINDS = frozenset(
    {"promo", "media", "byline", "author_bio", "comments_meta", "navigation", "boilerplate"}
)
_U = 18446744073709551616.0  # 2**64: hash(...) / _U is uniform in [0, 1)
_WORD = re.compile(r"\b[a-z]+\b")  # words written in lower case (names left out)

Log = Callable[[str], None]


def _u(*parts: str) -> str:
    """SQL for a pseudo-random uniform [0, 1) number from hash(parts)."""
    return f"(hash({', '.join(parts)}) / {_U})"


# --------------------------------------------------------------------------------------------------
# What the samples look like


@dataclass
class SampleProfile:
    """The samples as the pipeline sees them, and the pools the generator draws from."""

    sources: list[dict]  # name, fmt ('text' or 'html'), share of documents
    templates: list[dict]  # one per sample document: source, tpl, lam (mentions per sentence), authors
    blocks: list[dict]  # template blocks
    comments: list[dict]  # template comments
    vocab: list[str]  # words of the sample bodies, most frequent first
    names: list[tuple[str, str, int]]  # (name, label, mentions) found in the samples, most frequent first
    rates: dict[str, float]  # per document: blocks, kept blocks, sentences, mentions, body characters


def source_specs(project_dir: Path = PROJECT_DIR) -> list[SourceSpec]:
    """The sources of the project's YAML files."""
    specs = []
    for path in sorted((project_dir / "pipelines" / "defs" / "sources").glob("*/defs.yaml")):
        attributes = yaml.safe_load(path.read_text(encoding="utf-8"))["attributes"]
        specs.append(
            SourceSpec(
                name=attributes["name"],
                folder=attributes["folder"],
                format=attributes.get("format", "text"),
                fields=attributes.get("fields"),
            )
        )
    return specs


def sample_profile(project_dir: Path = PROJECT_DIR) -> SampleProfile:
    """Read, clean and analyse the bundled samples with the pipeline's code (as one run would)."""
    from pipelines.nlp import Analyzer, BodySpan

    cleaned: list[tuple[str, RawRecord, object]] = []
    for spec in source_specs(project_dir):
        records = [r for r in read_source(spec, project_dir) if isinstance(r, RawRecord)]
        texts = [[t for _, _, t in split_blocks(r.text)] for r in records if r.format == "text"]
        recurring = recurring_fingerprints(texts)
        cleaned += [(spec.name, r, clean_raw_text(r.format, r.text, r.url, recurring)) for r in records]
    analyzer = Analyzer()
    analyzed = list(
        analyzer.analyze(
            (
                str(n),
                doc.body_text,
                [
                    BodySpan(b.index, b.body_start, b.body_end, b.kind == "heading")
                    for b in doc.blocks
                    if b.kept
                ],
            )
            for n, (_, _, doc) in enumerate(cleaned)
        )
    )
    per_source = Counter(source for source, _, _ in cleaned)
    fmt = {source: record.format for source, record, _ in cleaned}
    sources, start = [], 0.0
    for name in sorted(per_source):
        share = per_source[name] / len(cleaned)
        sources.append(
            {
                "source": name,
                "fmt": fmt[name],
                "lo_u": start,
                "hi_u": start + share,
                "n_tpl": per_source[name],
            }
        )
        start += share
    sources[-1]["hi_u"] = 1.0
    templates, blocks, comments = [], [], []
    numbering: Counter[str] = Counter()
    words: Counter[str] = Counter()
    names: Counter[tuple[str, str]] = Counter()
    for (source, record, doc), result in zip(cleaned, analyzed, strict=True):
        tpl = numbering[source]
        numbering[source] += 1
        sentences_of = Counter(s.block_index for s in result.sentences)
        templates.append(
            {
                "source": source,
                "tpl": tpl,
                "fmt": record.format,
                "n_blocks": len(doc.blocks),
                "n_comments": len(doc.comments),
                "lam": len(result.mentions) / max(1, len(result.sentences)),
                "authors": list(record.authors or doc.authors),
            }
        )
        for b in doc.blocks:
            n_sent = max(1, sentences_of[b.index]) if b.kept else 0
            fixed = b.text if (not b.kept and b.kind in RECURRING_KINDS) else None
            blocks.append(
                {
                    "source": source,
                    "tpl": tpl,
                    "bi": b.index,
                    "kind": b.kind,
                    "kept": b.kept,
                    "reason": b.reason,
                    "score": b.score,
                    "n_sent": n_sent,
                    "wps": len(b.text.split()) / n_sent if n_sent else 0.0,
                    "fixed_text": fixed,
                    "fixed_fp": block_fingerprint(fixed) if fixed else None,
                    "gen_words": 0 if (b.kept or fixed) else max(1, len(b.text.split())),
                }
            )
        comments += [
            {"source": source, "tpl": tpl, "ci": c.index, "bi": c.block_index, "author": c.author}
            for c in doc.comments
        ]
        words.update(_WORD.findall(doc.body_text))
        names.update((m.name, m.label) for m in result.mentions)
    n = len(cleaned)
    rates = {
        "documents": n,
        "blocks": sum(len(d.blocks) for _, _, d in cleaned) / n,
        "kept_blocks": sum(b.kept for _, _, d in cleaned for b in d.blocks) / n,
        "sentences": sum(len(r.sentences) for r in analyzed) / n,
        "mentions": sum(len(r.mentions) for r in analyzed) / n,
        "body_chars": sum(len(d.body_text) for _, _, d in cleaned) / n,
        "raw_chars": sum(len(r.text) for _, r, _ in cleaned) / n,
    }
    return SampleProfile(
        sources=sources,
        templates=templates,
        blocks=blocks,
        comments=comments,
        vocab=[w for w, _ in words.most_common()],
        names=[(name, label, count) for (name, label), count in names.most_common()],
        rates=rates,
    )


# --------------------------------------------------------------------------------------------------
# Entity names


_ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "dr",
    "gr",
    "kr",
    "pr",
    "st",
    "tr",
    "sh",
    "ch",
    "kh",
]
_VOWELS = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ei", "ou", "ia"]
_CODAS = ["", "", "", "n", "r", "s", "l", "k", "v", "sk", "nd"]


def _word(rng: random.Random, syllables: int) -> str:
    text = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)) + rng.choice(_CODAS)
    return text.capitalize()


def synthetic_names(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """Made-up (name, label) pairs: people from shared first names and surnames, places, demonyms,
    organisations, locations, facilities and events; 1-3 words each (a few longer organisation names)."""
    rng = random.Random(seed)
    first = list({_word(rng, rng.choice((1, 2, 2, 3))) for _ in range(2500)})
    surnames = list({_word(rng, rng.choice((2, 2, 3))) for _ in range(9000)})
    places = list({_word(rng, rng.choice((2, 3, 3))) for _ in range(9000)})
    kinds = [
        ("PERSON", 0.40),
        ("GPE", 0.24),
        ("ORG", 0.15),
        ("NORP", 0.08),
        ("LOC", 0.07),
        ("FAC", 0.04),
        ("EVENT", 0.02),
    ]
    out: dict[str, str] = {}
    while len(out) < count:
        label = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        place = rng.choice(places)
        if label == "PERSON":
            middle = f" {rng.choice(first)}" if rng.random() < 0.05 else ""
            name = f"{rng.choice(first)}{middle} {rng.choice(surnames)}"
        elif label == "GPE":
            name = rng.choice([place, place, place, f"North {place}", f"Port {place}", f"{place} City"])
        elif label == "ORG":
            name = rng.choice(
                [
                    f"{place} {rng.choice(surnames)} Party",
                    f"Ministry of {place}",
                    f"{place} Institute",
                    f"Bank of {place}",
                    f"{rng.choice(surnames)} Group",
                ]
            )
        elif label == "NORP":
            name = place.rstrip("aeiou") + rng.choice(["ian", "ese", "ish", "i"])
        elif label == "LOC":
            name = rng.choice([f"{place} Valley", f"{place} Sea", f"Lake {place}", f"{place} Coast"])
        elif label == "FAC":
            name = rng.choice([f"{place} Bridge", f"{place} Airport", f"{rng.choice(surnames)} Stadium"])
        else:
            name = rng.choice([f"{place} Summit", f"{place} Games", f"{place} Accord Talks"])
        out.setdefault(name, label)
    return list(out.items())


def name_pool(profile: SampleProfile, synthetic: int = SYNTHETIC_NAMES) -> list[tuple[str, str]]:
    """Zipf ranks: the samples' names first (most mentioned first), then the made-up ones."""
    pool = [(name, label) for name, label, _ in profile.names]
    seen = {name for name, _ in pool}
    pool += [(name, label) for name, label in synthetic_names(synthetic) if name not in seen]
    return pool


_ALT_LABEL = {"PERSON": "ORG", "ORG": "PERSON", "GPE": "LOC", "LOC": "GPE", "NORP": "GPE"}


def form_rows(pool: list[tuple[str, str]]) -> list[dict]:
    """For each rank three forms: 0 the full name, 1 written as the surname, 2 the surname as name too
    (1 and 2 repeat form 0 for names without a surname form)."""
    aliases = load_aliases()
    keys: dict[str, str] = {}
    written: dict[str, str] = {}

    def key_of(name: str, label: str) -> str:
        if name not in keys:
            keys[name] = mention_key(MentionRef("", 0, name, label, name), aliases)
        return keys[name]

    def written_of(text: str) -> str:
        if text not in written:
            written[text] = name_key(strip_titles(text))
        return written[text]

    rows = []
    for rank, (name, label) in enumerate(pool):
        tokens = name.split()
        short = tokens[-1] if label == "PERSON" and len(tokens) >= 2 and len(tokens[-1]) >= 3 else None
        forms = [(name, name), (name, short or name), (short or name, short or name)]
        for form, (as_name, text) in enumerate(forms):
            rows.append(
                {
                    "rank": rank,
                    "form": form,
                    "name": as_name,
                    "text": text,
                    "name_key": key_of(as_name, label) or None,
                    "written": written_of(text) or None,
                    "label": label,
                    "alt_label": _ALT_LABEL.get(label, "ORG"),
                }
            )
    return rows


# --------------------------------------------------------------------------------------------------
# The generator's SQL: one chunk of documents [lo, hi) at a time


def _docs_sql(lo: int, hi: int, docs_per_run: int, start: datetime, run_seconds: float) -> str:
    return f"""
    SELECT r.i, s.source, s.fmt, (hash(r.i, 'tpl') % s.n_tpl)::INTEGER AS tpl, t.lam, t.authors,
           t.n_blocks, t.n_comments, (r.i // {docs_per_run})::BIGINT AS run_k,
           TIMESTAMP '{start:%Y-%m-%d %H:%M:%S}'
             + to_seconds(CAST((r.i // {docs_per_run}) * {run_seconds:.3f} AS BIGINT)) AS ingested_at
    FROM range({lo}, {hi}) r(i)
    JOIN src s ON {_u("r.i", "'src'")} >= s.lo_u AND {_u("r.i", "'src'")} < s.hi_u
    JOIN tpl_doc t ON t.source = s.source AND t.tpl = (hash(r.i, 'tpl') % s.n_tpl)
    """


_SENTENCES_SQL = f"""
    SELECT i, bi, s, W,
           least(W // 2,
                 floor(2 * lam * {_u("i", "bi", "s", "'m1'")} + {_u("i", "bi", "s", "'m2'")}))::INTEGER AS M
    FROM (
        SELECT i, bi, s, lam,
               greatest(2, round(wps * (0.6 + 0.8 * {_u("i", "bi", "s", "'w'")})))::INTEGER AS W
        FROM (SELECT b.i, b.bi, b.wps, d.lam, unnest(range(b.n_sent)) AS s
              FROM c_blocks b JOIN c_docs d USING (i) WHERE b.kept)
    )
"""


def _mentions_sql(pool_size: int) -> str:
    topic = _u("i", "'topic'", "slot")
    rank = f"least({pool_size - 1}, greatest(0, floor(exp({topic} * ln({pool_size + 1}))) - 1))"
    return f"""
    SELECT i, bi, s, j, (j * W) // M AS p, {rank}::INTEGER AS rank,
           CASE WHEN fu < {SURNAME_NAME_SHARE} THEN 2 WHEN fu < {SURNAME_NAME_SHARE + SHORT_FORM_SHARE} THEN 1
                ELSE 0 END AS form,
           {_u("i", "bi", "s", "j", "'label'")} < {LABEL_NOISE} AS noisy
    FROM (
        SELECT i, bi, s, j, W, M,
               least({TOPICS_PER_DOCUMENT - 1},
                     floor({TOPICS_PER_DOCUMENT} * pow({_u("i", "bi", "s", "j", "'slot'")}, 2))
               )::INTEGER AS slot,
               {_u("i", "bi", "s", "j", "'form'")} AS fu
        FROM (SELECT i, bi, s, W, M, unnest(range(M)) AS j FROM c_sent WHERE M > 0)
    )
    """


def _zipf_word(*parts: str) -> str:
    """SQL: index into vocab with a Zipf law (P(rank r) ~ 1/r), from hash(parts)."""
    return f"least(vsize - 1, (floor(exp({_u(*parts)} * ln(vsize + 1))) - 1)::INTEGER)"


def _chunk_tables(con: duckdb.DuckDBPyConnection, lo: int, hi: int, cfg: dict) -> None:
    """Every table of documents [lo, hi) as temp tables c_*, offsets computed from the generated text."""
    run = lambda sql: con.execute(sql)  # noqa: E731
    docs = _docs_sql(lo, hi, cfg["dpr"], cfg["start"], cfg["run_seconds"])
    run(f"CREATE OR REPLACE TEMP TABLE c_docs AS {docs}")
    run("""
        CREATE OR REPLACE TEMP TABLE c_blocks AS
        SELECT d.i, b.bi, b.kind, b.kept, b.reason, b.score, b.n_sent, b.wps, b.fixed_text, b.fixed_fp,
               b.gen_words
        FROM c_docs d JOIN tpl_block b ON b.source = d.source AND b.tpl = d.tpl
    """)
    run(f"CREATE OR REPLACE TEMP TABLE c_sent AS {_SENTENCES_SQL}")
    run(f"""
        CREATE OR REPLACE TEMP TABLE c_ment AS
        SELECT m.i, m.bi, m.s, m.j, m.p, f.name, f.text, f.name_key, f.written, f.entity_id,
               CASE WHEN m.noisy THEN f.alt_label ELSE f.label END AS label
        FROM ({_mentions_sql(cfg["pool_size"])}) m JOIN forms f ON f.rank = m.rank AND f.form = m.form
    """)
    # words: a mention's text stands at its position, a vocabulary word elsewhere
    run(f"""
        CREATE OR REPLACE TEMP TABLE c_tok AS
        SELECT i, bi, s, w, j, tok,
               sum(length(tok) + 1) OVER (PARTITION BY i, bi, s ORDER BY w) - length(tok) - 1 AS off
        FROM (
            SELECT x.i, x.bi, x.s, x.w, m.j,
                   coalesce(m.text, CASE WHEN x.w = 0 THEN upper(left(v.word, 1)) || substr(v.word, 2)
                                         ELSE v.word END) AS tok
            FROM (SELECT i, bi, s, unnest(range(W)) AS w, {cfg["vsize"]} AS vsize FROM c_sent) x
            JOIN vocab v ON v.idx = {_zipf_word("x.i", "x.bi", "x.s", "x.w")}
            LEFT JOIN c_ment m ON m.i = x.i AND m.bi = x.bi AND m.s = x.s AND m.p = x.w
        )
    """)
    run("""
        CREATE OR REPLACE TEMP TABLE c_stext AS
        SELECT i, bi, s, text,
               sum(length(text) + 1) OVER (PARTITION BY i, bi ORDER BY s) - length(text) - 1 AS off
        FROM (SELECT i, bi, s, string_agg(tok, ' ' ORDER BY w) || '.' AS text FROM c_tok GROUP BY i, bi, s)
    """)
    run(f"""
        CREATE OR REPLACE TEMP TABLE c_btext AS
        WITH kept AS (SELECT i, bi, string_agg(text, ' ' ORDER BY s) AS text FROM c_stext GROUP BY i, bi),
        generated AS (
            SELECT i, bi, string_agg(CASE WHEN w = 0 THEN upper(left(v.word, 1)) || substr(v.word, 2)
                                          ELSE v.word END, ' ' ORDER BY w) AS text
            FROM (SELECT i, bi, unnest(range(gen_words)) AS w, {cfg["vsize"]} AS vsize
                  FROM c_blocks WHERE gen_words > 0) x
            JOIN vocab v ON v.idx = {_zipf_word("x.i", "x.bi", "x.w", "'gen'")}
            GROUP BY i, bi
        ),
        texts AS (
            SELECT b.i, b.bi, b.kind, b.kept, b.reason, b.score, b.fixed_fp,
                   coalesce(b.fixed_text, k.text, g.text) AS text
            FROM c_blocks b LEFT JOIN kept k USING (i, bi) LEFT JOIN generated g USING (i, bi)
        ),
        placed AS (
            SELECT *, sum(length(text) + 2) OVER (PARTITION BY i ORDER BY bi) - length(text) - 2 AS raw_start
            FROM texts
        ),
        body AS (
            SELECT i, bi,
                   sum(length(text) + 2) OVER (PARTITION BY i ORDER BY bi) - length(text) - 2 AS body_start
            FROM texts WHERE kept
        )
        SELECT p.*, p.raw_start + length(p.text) AS raw_end, b.body_start,
               b.body_start + length(p.text) AS body_end
        FROM placed p LEFT JOIN body b USING (i, bi)
    """)
    run(f"""
        CREATE OR REPLACE TEMP TABLE c_dtext AS
        WITH texts AS (
            SELECT i, string_agg(text, chr(10) || chr(10) ORDER BY bi) || chr(10) AS plain,
                   string_agg('<p>' || text || '</p>', chr(10) ORDER BY bi) AS html_body,
                   coalesce(string_agg(text, chr(10) || chr(10) ORDER BY bi) FILTER (WHERE kept), '') AS body,
                   arg_min(text, bi) FILTER (WHERE kind = 'title') AS title
            FROM c_btext GROUP BY i
        ),
        raw AS (
            SELECT d.*, t.body, t.title,
                   CASE WHEN d.fmt = 'html' THEN t.plain END AS extracted_text,
                   CASE WHEN d.fmt = 'html'
                        THEN '<!DOCTYPE html><html><head><meta charset="utf-8"><title>'
                             || coalesce(t.title, '')
                             || '</title></head><body>' || chr(10) || t.html_body
                             || chr(10) || '</body></html>' || chr(10)
                        ELSE t.plain END AS raw_text,
                   CASE WHEN {_u("d.i", "'undated'")} < {UNDATED_SHARE} THEN NULL
                        ELSE CAST(d.ingested_at AS DATE) - CAST(hash(d.i, 'lag') % 3 AS INTEGER)
                   END AS published_date,
                   run_uuid(d.run_k) AS run_id
            FROM c_docs d JOIN texts t USING (i)
        )
        SELECT *, sha256(raw_text) AS content_hash, left(sha256(raw_text), 16) AS doc_id,
               CASE source WHEN 'newswire_jsonl'
                               THEN 'raw/newswire_jsonl/wire_' || strftime(ingested_at, '%Y-%m-%d')
                                    || '.jsonl'
                           WHEN 'crawl_warc'
                               THEN 'raw/crawl_warc/crawl_' || strftime(ingested_at, '%Y-%m-%d') || '.warc.gz'
                           WHEN 'web_html' THEN 'raw/web_html/page-' || i || '.html'
                           ELSE 'raw/' || source || '/' || strftime(ingested_at, '%Y-%m-%d') || '-story-' || i
                                || '.txt'
               END AS path,
               CASE source WHEN 'newswire_jsonl' THEN CAST(i % {cfg["dpr"]} + 1 AS VARCHAR)
                           WHEN 'crawl_warc' THEN '<urn:uuid:' || run_uuid(i) || '>' END AS record,
               CASE WHEN source IN ('newswire_jsonl', 'crawl_warc', 'web_html')
                    THEN 'https://' || replace(source, '_', '-') || '.example/' || i END AS url,
               CASE WHEN {_u("i", "'neardup'")} < {NEAR_DUPLICATE_SHARE}
                         AND i - 1 - hash(i, 'of') % 50 >= {lo}
                    THEN i - 1 - hash(i, 'of') % 50 END AS near_duplicate_i
        FROM raw
    """)
    run("""
        CREATE OR REPLACE TEMP TABLE c_dtext AS
        SELECT d.* EXCLUDE (near_duplicate_i),
               left(sha256(d.source || chr(31) || d.path || chr(31) || coalesce(d.record, '') || chr(31)
                           || d.content_hash), 16) AS raw_id,
               o.doc_id AS near_duplicate_of
        FROM c_dtext d LEFT JOIN c_dtext o ON o.i = d.near_duplicate_i
    """)
    run("""
        CREATE OR REPLACE TEMP TABLE c_sentences AS
        SELECT s.i, d.doc_id, d.run_id, d.source,
               coalesce(d.published_date, CAST(d.ingested_at AS DATE)) AS day,
               (row_number() OVER (PARTITION BY s.i ORDER BY s.bi, s.s) - 1)::INTEGER AS sentence_index,
               s.bi, s.s, b.body_start + s.off AS start_char,
               b.body_start + s.off + length(s.text) AS end_char,
               s.text, b.kind = 'heading' AS is_heading
        FROM c_stext s JOIN c_btext b USING (i, bi) JOIN c_dtext d USING (i)
    """)


def _insert_chunk(con: duckdb.DuckDBPyConnection, lo: int, hi: int, cfg: dict) -> None:
    """The chunk's rows into the lake tables, in one transaction (one snapshot tagged as a publication)."""
    run = lambda sql: con.execute(sql)  # noqa: E731
    con.execute("BEGIN")
    con.execute(f"CALL {LAKE}.set_commit_message('pipelines', ?)", [f"{PUBLISH_PREFIX}bench-build-{lo}-{hi}"])
    run(f"""
        INSERT INTO {LAKE}.raw_documents
        SELECT raw_id, doc_id, source, path, record, CASE WHEN fmt = 'html' THEN 'html' ELSE 'text' END,
               content_hash, 'utf-8', strlen(raw_text), raw_text, url,
               CASE WHEN source <> 'world_desk' AND source <> 'opinion_blog' THEN title END,
               CASE WHEN source = 'newswire_jsonl' THEN authors END,
               CASE WHEN source <> 'world_desk' AND source <> 'opinion_blog' THEN published_date END,
               ingested_at, run_id
        FROM c_dtext ORDER BY i
    """)
    run(f"""
        INSERT INTO {LAKE}.documents
        SELECT doc_id, raw_id, source, title, authors, NULL, published_date, url, body,
               CASE WHEN trim(body) = '' THEN 0 ELSE len(string_split_regex(trim(body), '\\s+')) END,
               n_blocks, n_comments, near_duplicate_of, extracted_text, ingested_at, run_id
        FROM c_dtext ORDER BY i
    """)
    run(f"""
        INSERT INTO {LAKE}.blocks
        SELECT d.doc_id, b.bi, b.kind, b.kept, b.reason, b.score, b.text, b.raw_start, b.raw_end,
               b.body_start, b.body_end, d.run_id
        FROM c_btext b JOIN c_dtext d USING (i) ORDER BY b.i, b.bi
    """)
    run(f"""
        INSERT INTO {LAKE}.comments
        SELECT d.doc_id, c.ci, c.author, b.text, c.bi, d.run_id
        FROM c_dtext d JOIN tpl_comment c ON c.source = d.source AND c.tpl = d.tpl
        JOIN c_btext b ON b.i = d.i AND b.bi = c.bi
        ORDER BY d.i, c.ci
    """)
    run(f"""
        INSERT INTO {LAKE}.sentences
        SELECT doc_id, sentence_index, start_char, end_char, text, bi, is_heading, false, run_id
        FROM c_sentences ORDER BY i, sentence_index
    """)
    run(f"""
        INSERT INTO {LAKE}.entity_mentions
        SELECT s.doc_id, (row_number() OVER (PARTITION BY m.i ORDER BY m.bi, m.s, m.j) - 1)::INTEGER,
               s.sentence_index, s.start_char + t.off, s.start_char + t.off + length(m.text), m.text, m.label,
               m.name, m.entity_id, s.run_id, m.name_key
        FROM c_ment m
        JOIN c_tok t ON t.i = m.i AND t.bi = m.bi AND t.s = m.s AND t.w = m.p
        JOIN c_sentences s ON s.i = m.i AND s.bi = m.bi AND s.s = m.s
        ORDER BY m.i, m.bi, m.s, m.j
    """)
    run(f"""
        INSERT INTO {LAKE}.document_signatures
        SELECT doc_id, source,
               list_transform(range(128), k -> CAST(hash(i, 'minhash', k) % 4294967296 AS UBIGINT)),
               run_id
        FROM c_dtext ORDER BY i
    """)
    run(f"""
        INSERT INTO {LAKE}.document_bands
        SELECT band || ':' || left(md5(doc_id || ':' || band), 16), doc_id, run_id
        FROM c_dtext, range(9) b(band) ORDER BY i, band
    """)
    run(f"""
        INSERT INTO {LAKE}.block_fingerprints
        SELECT DISTINCT d.source, coalesce(b.fixed_fp, left(md5(lower(b.text)), 16)), d.doc_id, d.run_id
        FROM c_btext b JOIN c_dtext d USING (i)
    """)
    run(f"""
        INSERT INTO {LAKE}.sentence_fingerprints
        SELECT source, day, left(md5(text), 16), doc_id, sentence_index, run_id
        FROM c_sentences ORDER BY day, source
    """)
    # per run: the resolution state it added, its resolution record and its quality results
    run(f"""
        INSERT INTO {LAKE}.entity_name_counts
        SELECT m.name_key, m.name, m.label, m.written, count(*), d.run_id
        FROM c_ment m JOIN c_dtext d USING (i)
        WHERE m.name_key IS NOT NULL
        GROUP BY d.run_id, m.name_key, m.name, m.label, m.written
        ORDER BY d.run_id, m.name_key
    """)
    run(f"""
        INSERT INTO {LAKE}.entity_resolutions
        SELECT d.run_id, '{cfg["aliases_hash"]}', false, count(DISTINCT m.name_key),
               max(d.ingested_at) + INTERVAL 2 MINUTE
        FROM c_ment m JOIN c_dtext d USING (i)
        GROUP BY d.run_id
    """)
    run(f"""
        INSERT INTO {LAKE}.dq_results
        SELECT r.run_id,
               ['raw_documents', 'documents', 'blocks', 'comments', 'sentences', 'entity_mentions',
                'entities'][e.k % 7 + 1],
               'bench_expectation_' || e.k, true, '0 offending rows', NULL, r.at + INTERVAL 1 MINUTE
        FROM (SELECT run_id, max(ingested_at) AS at FROM c_dtext GROUP BY run_id) r,
             range({DQ_ROWS_PER_RUN}) e(k)
    """)
    con.execute("COMMIT")


# --------------------------------------------------------------------------------------------------
# Building and caching


@dataclass
class LakeInfo:
    documents: int
    directory: str
    build_seconds: float
    bytes: int
    data_files: int
    rows: dict[str, int]
    profile_rates: dict[str, float]
    docs_per_run: int
    raw_chars: float = 0.0  # mean length of raw_text
    body_chars: float = 0.0  # mean length of body_text
    cached: bool = False


def dir_bytes(path: Path) -> int:
    """Disk used by a folder tree (allocated blocks, as du counts them)."""
    total = 0
    stack = [path]
    while stack:
        try:
            entries = list(Path(stack.pop()).iterdir())
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        for entry in entries:
            try:
                st = entry.lstat()
            except FileNotFoundError:
                continue
            if entry.is_dir() and not entry.is_symlink():
                stack.append(entry)
            else:
                total += st.st_blocks * 512
    return total


def relocate(warehouse_dir: Path) -> None:
    """Point a copied lake's catalog at its own data folder: DuckLake keeps the absolute DATA_PATH it was
    created with, and attach_lake (as every pipeline connection) refuses a different one."""
    warehouse_dir = warehouse_dir.resolve()
    catalog = sqlite3.connect(warehouse_dir / "catalog.sqlite")
    try:
        with catalog:
            catalog.execute(
                "UPDATE ducklake_metadata SET value = ? WHERE key = 'data_path'",
                [f"{warehouse_dir / 'lake'}/"],
            )
    finally:
        catalog.close()


def lake_key(documents: int, docs_per_run: int) -> str:
    return f"lake-{documents}-r{docs_per_run}-{GENERATOR_VERSION}-{schema_version()}"


def build_search_stub(paths: WarehousePaths) -> None:
    """search.duckdb with the real status table and freshness view and an empty sentence_search, so a
    run's freshness probe finds an index built at the current snapshot."""
    con = duckdb.connect(str(paths.search))
    try:
        attach_lake(con, paths, read_only=True)
        snapshot = current_snapshot(con)
        for sql in statement("build_sentence_search").split(";\n"):
            body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")).strip()
            if not body or body.startswith("PRAGMA"):
                continue
            if body.startswith("CREATE OR REPLACE TABLE sentence_search"):
                body += " LIMIT 0"
            con.execute(body, [snapshot] if "$1" in body else [])
        con.execute("CHECKPOINT")
    finally:
        con.close()


def build_lake(
    documents: int,
    cache: Path,
    *,
    docs_per_run: int = 200,
    chunk: int = 10_000,
    memory_limit: str = "8GB",
    full_search_index: bool = False,
    log: Log = print,
) -> LakeInfo:
    """The warehouse folder of a lake of `documents` documents under cache/, built once and reused."""
    target = cache / lake_key(documents, docs_per_run)
    meta = target / "bench-lake.json"
    if meta.exists():
        info = LakeInfo(**json.loads(meta.read_text()))
        info.cached = True
        return info
    work = target.with_name(target.name + ".building")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    began = time.perf_counter()
    paths = WarehousePaths.under(PROJECT_DIR, work / "warehouse")
    ensure_lake_schema(paths)
    log("  profiling the samples (cleaner + spaCy) ...")
    profile = sample_profile()
    pool = name_pool(profile)
    forms = pd.DataFrame(form_rows(pool))
    aliases = load_aliases()

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = '{work / 'spill'}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    attach_lake(con, paths)
    templates = (
        ("src", profile.sources),
        ("tpl_doc", profile.templates),
        ("tpl_block", profile.blocks),
        ("tpl_comment", profile.comments),
    )
    for name, rows in templates:
        frame = pd.DataFrame(rows)
        if name == "tpl_comment" and frame.empty:
            frame = pd.DataFrame(
                {
                    "source": pd.Series(dtype=str),
                    "tpl": pd.Series(dtype=int),
                    "ci": pd.Series(dtype=int),
                    "bi": pd.Series(dtype=int),
                    "author": pd.Series(dtype=str),
                }
            )
        con.register("_frame", frame)
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM _frame")
        con.unregister("_frame")
    con.execute("ALTER TABLE tpl_block ALTER score TYPE DOUBLE")
    con.register("_vocab", pd.DataFrame({"idx": range(len(profile.vocab)), "word": profile.vocab}))
    con.execute("CREATE TEMP TABLE vocab AS SELECT idx::INTEGER AS idx, word FROM _vocab")
    con.unregister("_vocab")
    con.execute(
        "CREATE MACRO run_uuid(k) AS regexp_replace(md5('bench-run-' || k), "
        "'^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\\1-\\2-\\3-\\4-\\5')"
    )
    runs = max(1, math.ceil(documents / docs_per_run))
    start = datetime.now().replace(microsecond=0) - timedelta(days=365 * YEARS)
    cfg = {
        "dpr": docs_per_run,
        "start": start,
        "run_seconds": 365 * YEARS * 86400 / runs,
        "pool_size": len(pool),
        "vsize": len(profile.vocab),
        "aliases_hash": aliases_hash(aliases),
    }
    chunk = max(docs_per_run, chunk // docs_per_run * docs_per_run)
    bounds = [(lo, min(documents, lo + chunk)) for lo in range(0, documents, chunk)]

    # 1. every mention's (rank, form, label noise), summed over the whole lake: what resolution votes on
    log(f"  resolving {len(pool):,} names over every mention ...")
    con.register("_forms", forms.assign(entity_id=None))
    con.execute("CREATE OR REPLACE TEMP TABLE forms AS SELECT * FROM _forms")
    con.execute("ALTER TABLE forms ALTER entity_id TYPE VARCHAR")
    con.unregister("_forms")
    sums: Counter[tuple[int, int, bool]] = Counter()
    for lo, hi in bounds:
        con.execute(f"CREATE OR REPLACE TEMP TABLE c_docs AS {_docs_sql(lo, hi, docs_per_run, start, 1.0)}")
        con.execute("""
            CREATE OR REPLACE TEMP TABLE c_blocks AS
            SELECT d.i, b.bi, b.kept, b.n_sent, b.wps FROM c_docs d
            JOIN tpl_block b ON b.source = d.source AND b.tpl = d.tpl WHERE b.kept
        """)
        con.execute(f"CREATE OR REPLACE TEMP TABLE c_sent AS {_SENTENCES_SQL}")
        for rank, form, noisy, n in con.execute(
            f"SELECT rank, form, noisy, count(*) FROM ({_mentions_sql(len(pool))}) GROUP BY ALL"
        ).fetchall():
            sums[(rank, form, noisy)] += n
    by_rank_form = {(r["rank"], r["form"]): r for r in forms.to_dict("records")}
    counts: Counter[tuple[str, str, str, str | None]] = Counter()
    for (rank, form, noisy), n in sums.items():
        row = by_rank_form[(rank, form)]
        if row["name_key"]:
            label = row["alt_label"] if noisy else row["label"]
            counts[(row["name_key"], row["name"], label, row["written"])] += n
    resolution = cluster_keys([KeyCount(*k, n) for k, n in counts.items()], aliases)
    forms["entity_id"] = [resolution.entity_of_key.get(k) if k else None for k in forms["name_key"]]
    con.register("_forms", forms)
    con.execute("CREATE OR REPLACE TEMP TABLE forms AS SELECT * FROM _forms")
    con.unregister("_forms")
    log(f"  {len(resolution.entity_of_key):,} name keys, {len(resolution.entities):,} entities")

    # 2. the documents, a chunk (one snapshot) at a time
    for n, (lo, hi) in enumerate(bounds, start=1):
        began_chunk = time.perf_counter()
        _chunk_tables(con, lo, hi, cfg)
        _insert_chunk(con, lo, hi, cfg)
        elapsed = time.perf_counter() - began
        left = (elapsed / hi) * (documents - hi)
        log(
            f"  chunk {n}/{len(bounds)}: documents {lo:,}-{hi:,} in {time.perf_counter() - began_chunk:.0f}s"
            f" (total {elapsed:.0f}s, about {left / 60:.1f} min left)"
        )
    for table in (
        "c_docs",
        "c_blocks",
        "c_sent",
        "c_ment",
        "c_tok",
        "c_stext",
        "c_btext",
        "c_dtext",
        "c_sentences",
    ):
        con.execute(f"DROP TABLE IF EXISTS {table}")

    # 3. the resolution state of every key, and the entities with their counts over the lake
    key_rows = pd.DataFrame(
        {"name_key": list(resolution.entity_of_key), "entity_id": list(resolution.entity_of_key.values())}
    )
    links = pd.DataFrame(
        [(key, link) for key in sorted(resolution.entity_of_key) for link in sorted(link_keys(key))],
        columns=["name_key", "link"],
    )
    entities = pd.DataFrame(
        {
            "entity_id": [e.entity_id for e in resolution.entities],
            "canonical_name": [e.canonical_name for e in resolution.entities],
            "label": [e.label for e in resolution.entities],
            "aliases": [list(e.aliases) for e in resolution.entities],
        }
    )
    last_run = "run_uuid(" + str(runs - 1) + ")"
    con.execute("BEGIN")
    con.execute(f"CALL {LAKE}.set_commit_message('pipelines', ?)", [f"{PUBLISH_PREFIX}bench-build-entities"])
    con.register("_keys", key_rows)
    con.execute(f"INSERT INTO {LAKE}.entity_keys SELECT name_key, entity_id, {last_run} FROM _keys")
    con.register("_links", links)
    con.execute(
        f"INSERT INTO {LAKE}.entity_key_links SELECT name_key, link, {last_run} FROM _links ORDER BY link"
    )
    con.register("_entities", entities)
    con.execute(f"""
        INSERT INTO {LAKE}.entities
        WITH counted AS (
            SELECT m.entity_id, count(*) AS mention_count, count(DISTINCT m.doc_id) AS document_count,
                   count(DISTINCT d.source) AS source_count, arg_min(d.doc_id, d.ingested_at) AS first_doc_id,
                   min(d.ingested_at) AS first_seen, max(d.ingested_at) AS last_seen
            FROM {LAKE}.entity_mentions m JOIN {LAKE}.documents d USING (doc_id)
            WHERE m.entity_id IS NOT NULL
            GROUP BY m.entity_id
        )
        SELECT e.entity_id, e.canonical_name, e.label, e.aliases, c.mention_count, c.document_count,
               c.source_count, c.first_doc_id, c.first_seen, c.last_seen, {last_run}
        FROM _entities e JOIN counted c USING (entity_id)
    """)
    con.execute("COMMIT")
    for view in ("_keys", "_links", "_entities"):
        con.unregister(view)
    tables = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY 1", [LAKE]
        ).fetchall()
    ]
    rows = {t: int(con.execute(f"SELECT count(*) FROM {LAKE}.{t}").fetchone()[0]) for t in tables}
    (raw_chars,) = con.execute(f"SELECT avg(length(raw_text)) FROM {LAKE}.raw_documents").fetchone()
    (body_chars,) = con.execute(f"SELECT avg(length(body_text)) FROM {LAKE}.documents").fetchone()
    con.close()
    shutil.rmtree(work / "spill", ignore_errors=True)

    log("  maintaining the lake (flush, merge adjacent files, expire, clean up) ...")
    done = maintain_lake(paths)
    if full_search_index:
        from pipelines.store.search_index import build_search_index

        log("  building the full-text search index ...")
        build_search_index(paths)
    else:
        build_search_stub(paths)
    info = LakeInfo(
        documents=documents,
        directory=str(target / "warehouse"),
        build_seconds=round(time.perf_counter() - began, 1),
        bytes=dir_bytes(paths.warehouse_dir),
        data_files=done.data_files_after,
        rows=rows,
        profile_rates=profile.rates,
        docs_per_run=docs_per_run,
        raw_chars=round(float(raw_chars), 1),
        body_chars=round(float(body_chars), 1),
    )
    (work / "bench-lake.json").write_text(json.dumps(asdict(info), indent=1))
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    relocate(target / "warehouse")
    return info
