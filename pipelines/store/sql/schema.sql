-- The warehouse schema: every table an analyst queries, documented with COMMENT ON.
-- Keys: doc_id joins every table; (doc_id, block_index), (doc_id, sentence_index) and
-- (doc_id, mention_index) are composite keys. Offsets are 0-based, end-exclusive, in characters.
-- Every row written by a pipeline run carries that run's Dagster run_id.
-- The warehouse is a DuckLake lake: it has no PRIMARY KEY or UNIQUE constraints, so every key named in a
-- table's comment is checked by that table's quality suite before a run's rows are published.

CREATE TABLE IF NOT EXISTS raw_documents (
    raw_id        VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    path          VARCHAR NOT NULL,
    record        VARCHAR,
    format        VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,
    encoding      VARCHAR NOT NULL,
    byte_size     BIGINT NOT NULL,
    raw_text      VARCHAR NOT NULL,
    url           VARCHAR,
    title         VARCHAR,
    authors       VARCHAR[],
    published_date DATE,
    ingested_at   TIMESTAMP NOT NULL,
    run_id        VARCHAR NOT NULL
);
COMMENT ON TABLE raw_documents IS 'One row per file (or per record of a JSON Lines, WARC or archive file) read from raw/<source>/: the provenance of every document, duplicates included.';
COMMENT ON COLUMN raw_documents.raw_id IS 'Key: hash of source, path, record and content hash. A changed file gets a new raw_id.';
COMMENT ON COLUMN raw_documents.doc_id IS 'The document this raw record became; several raw records with the same text share one doc_id.';
COMMENT ON COLUMN raw_documents.source IS 'Source name, as in its YAML file under pipelines/defs/sources/.';
COMMENT ON COLUMN raw_documents.path IS 'File path relative to the project folder, e.g. raw/world_desk/2024-03-01-summit.txt.';
COMMENT ON COLUMN raw_documents.record IS 'Where inside the file: archive member, JSON Lines line number or WARC record id; NULL for a whole file.';
COMMENT ON COLUMN raw_documents.format IS 'Reader that produced the row: text, html, jsonl or warc.';
COMMENT ON COLUMN raw_documents.content_hash IS 'SHA-256 of the record''s raw bytes; what makes reruns skip files seen before.';
COMMENT ON COLUMN raw_documents.encoding IS 'Encoding the bytes were decoded with, and how it was decided (bom, utf-8, meta, detected).';
COMMENT ON COLUMN raw_documents.byte_size IS 'Size of the raw record in bytes.';
COMMENT ON COLUMN raw_documents.raw_text IS 'Decoded text with line ends normalised to LF; block offsets point into it.';
COMMENT ON COLUMN raw_documents.url IS 'URL stated by the record itself (JSON Lines field, WARC target URI, HTML canonical link); NULL when none.';
COMMENT ON COLUMN raw_documents.title IS 'Title stated by the record''s metadata; NULL for plain text, whose title the cleaner finds.';
COMMENT ON COLUMN raw_documents.authors IS 'Authors stated by the record''s metadata; NULL when none.';
COMMENT ON COLUMN raw_documents.published_date IS 'Publication date stated by the record''s metadata; NULL when none.';
COMMENT ON COLUMN raw_documents.ingested_at IS 'When the run read the record (UTC).';
COMMENT ON COLUMN raw_documents.run_id IS 'Dagster run that wrote the row.';

CREATE TABLE IF NOT EXISTS ingest_errors (
    error_id      VARCHAR NOT NULL,
    doc_id        VARCHAR,
    source        VARCHAR NOT NULL,
    path          VARCHAR NOT NULL,
    record        VARCHAR,
    content_hash  VARCHAR,
    reason        VARCHAR NOT NULL,
    head_hex      VARCHAR,
    byte_size     BIGINT,
    seen_at       TIMESTAMP NOT NULL,
    run_id        VARCHAR NOT NULL
);
COMMENT ON TABLE ingest_errors IS 'Files or records that could not be read, with the reason; the run goes on without them. An unchanged bad file is reported once.';
COMMENT ON COLUMN ingest_errors.error_id IS 'Key: hash of source, path, record and content hash.';
COMMENT ON COLUMN ingest_errors.doc_id IS 'Always NULL: a rejected record never becomes a document. Kept so every table joins on doc_id.';
COMMENT ON COLUMN ingest_errors.source IS 'Source name.';
COMMENT ON COLUMN ingest_errors.path IS 'File path relative to the project folder.';
COMMENT ON COLUMN ingest_errors.record IS 'Archive member, line number or WARC record id, where there is one.';
COMMENT ON COLUMN ingest_errors.content_hash IS 'SHA-256 of the bytes, when they could be read.';
COMMENT ON COLUMN ingest_errors.reason IS 'Why the record was rejected, in words a person understands.';
COMMENT ON COLUMN ingest_errors.head_hex IS 'The first bytes of the record in hex, to see what it really is.';
COMMENT ON COLUMN ingest_errors.byte_size IS 'Size in bytes, when known.';
COMMENT ON COLUMN ingest_errors.seen_at IS 'When the run met the record (UTC).';
COMMENT ON COLUMN ingest_errors.run_id IS 'Dagster run that wrote the row.';

CREATE TABLE IF NOT EXISTS quarantine (
    raw_id          VARCHAR NOT NULL,
    doc_id          VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    path            VARCHAR NOT NULL,
    record          VARCHAR,
    stage           VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    excerpt         VARCHAR NOT NULL,
    run_id          VARCHAR NOT NULL,
    quarantined_at  TIMESTAMP NOT NULL,
    code_version    VARCHAR
);
-- added after the table first shipped: a lake created before gets the column here
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS code_version VARCHAR;
COMMENT ON TABLE quarantine IS 'Raw records that a stage could not process: withheld with every row of their document (no raw_documents row either, so a retry reads them again), the rest of the run published. Key: raw_id, run_id. quarantined_now lists those still out.';
COMMENT ON COLUMN quarantine.raw_id IS 'The withheld raw record (raw_documents.raw_id once it loads): hash of source, path, record and content hash.';
COMMENT ON COLUMN quarantine.doc_id IS 'The document the record would have become (documents.doc_id once it loads).';
COMMENT ON COLUMN quarantine.source IS 'Source name.';
COMMENT ON COLUMN quarantine.path IS 'File path relative to the project folder; what a retry reads again.';
COMMENT ON COLUMN quarantine.record IS 'Archive member, JSON Lines line number or WARC record id; NULL for a whole file.';
COMMENT ON COLUMN quarantine.stage IS 'Stage that failed on the document: clean, nlp, or audit (its own rows failed a per-document expectation of quality.yaml, named in reason).';
COMMENT ON COLUMN quarantine.reason IS 'The error: exception type and message.';
COMMENT ON COLUMN quarantine.excerpt IS 'The first 200 characters of the decoded raw text, to see what the record is.';
COMMENT ON COLUMN quarantine.run_id IS 'Dagster run that quarantined the record (a retry that fails again adds a row).';
COMMENT ON COLUMN quarantine.quarantined_at IS 'When the run withheld the record (UTC).';
COMMENT ON COLUMN quarantine.code_version IS 'Version of the code, quality.yaml, schema and libraries that quarantined it (pipelines/code_version.py); the next run after it changes retries the record. NULL in rows from before the column.';

CREATE TABLE IF NOT EXISTS documents (
    doc_id             VARCHAR NOT NULL,
    raw_id             VARCHAR NOT NULL,
    source             VARCHAR NOT NULL,
    title              VARCHAR,
    authors            VARCHAR[] NOT NULL,
    dateline           VARCHAR,
    published_date     DATE,
    url                VARCHAR,
    body_text          VARCHAR NOT NULL,
    word_count         INTEGER NOT NULL,
    block_count        INTEGER NOT NULL,
    comment_count      INTEGER NOT NULL,
    near_duplicate_of  VARCHAR,
    extracted_text     VARCHAR,
    ingested_at        TIMESTAMP NOT NULL,
    run_id             VARCHAR NOT NULL,
    extraction         VARCHAR
);
-- added after the table first shipped: a lake created before gets the column here
ALTER TABLE documents ADD COLUMN IF NOT EXISTS extraction VARCHAR;
COMMENT ON TABLE documents IS 'One row per distinct article: its metadata and its cleaned body text (body and heading blocks only).';
COMMENT ON COLUMN documents.doc_id IS 'Key: hash of the decoded raw text. Identical copies in two files or sources share it.';
COMMENT ON COLUMN documents.raw_id IS 'The first raw record this document was read from; block offsets point into its raw_text.';
COMMENT ON COLUMN documents.source IS 'Source of that first raw record.';
COMMENT ON COLUMN documents.title IS 'Article title, from the dump''s title line or metadata.';
COMMENT ON COLUMN documents.authors IS 'Author names from the byline, an Author: line, the bio or a "writes NAME" line; empty when none.';
COMMENT ON COLUMN documents.dateline IS 'Dateline prefix stripped from the first body paragraph, e.g. (CNN).';
COMMENT ON COLUMN documents.published_date IS 'Publication date where the dump states one.';
COMMENT ON COLUMN documents.url IS 'Article URL where the dump states one.';
COMMENT ON COLUMN documents.body_text IS 'The article text: body and heading blocks in order, separated by a blank line; title excluded. Sentence and mention offsets point into it.';
COMMENT ON COLUMN documents.word_count IS 'Number of words in body_text.';
COMMENT ON COLUMN documents.block_count IS 'Number of blocks the raw text was cut into (kept or not).';
COMMENT ON COLUMN documents.comment_count IS 'Number of reader comments found (rows in comments).';
COMMENT ON COLUMN documents.near_duplicate_of IS 'doc_id of the first-seen document this one nearly duplicates (syndicated copy), or NULL.';
COMMENT ON COLUMN documents.extracted_text IS 'For HTML: the text the extractor (trafilatura) took from the page; blocks.raw_start/raw_end point into it. NULL for plain text.';
COMMENT ON COLUMN documents.ingested_at IS 'When the document was first read (UTC); the fallback date when published_date is unknown.';
COMMENT ON COLUMN documents.run_id IS 'Dagster run that wrote the row.';
COMMENT ON COLUMN documents.extraction IS 'How the article text was taken from the raw record: lines (plain text: the block classifier over its lines), trafilatura (HTML: trafilatura''s article, tables kept), trafilatura_without_tables (HTML whose tables were page layout), naive_dump (HTML whose trafilatura article was a list of links: the page''s plain-text dump instead). NULL for documents cleaned before the column existed.';

CREATE TABLE IF NOT EXISTS blocks (
    doc_id       VARCHAR NOT NULL,
    block_index  INTEGER NOT NULL,
    kind         VARCHAR NOT NULL,
    kept         BOOLEAN NOT NULL,
    reason       VARCHAR NOT NULL,
    score        DOUBLE,
    text         VARCHAR NOT NULL,
    raw_start    INTEGER NOT NULL,
    raw_end      INTEGER NOT NULL,
    body_start   INTEGER,
    body_end     INTEGER,
    run_id       VARCHAR NOT NULL
);
COMMENT ON TABLE blocks IS 'Every block (paragraph or line) of every raw document, kept or not, with the kind it was given and why: the audit trail of cleaning.';
COMMENT ON COLUMN blocks.doc_id IS 'Document the block belongs to.';
COMMENT ON COLUMN blocks.block_index IS 'Position of the block in the raw text, from 0.';
COMMENT ON COLUMN blocks.kind IS 'title, body, heading, byline, caption, author_bio, highlights, media, promo, comment, comments_meta, navigation, boilerplate.';
COMMENT ON COLUMN blocks.kept IS 'True when the block is part of documents.body_text (kinds body and heading).';
COMMENT ON COLUMN blocks.reason IS 'The rule or score that decided the kind, e.g. phrase:comments_closed or score:0.82.';
COMMENT ON COLUMN blocks.score IS 'Body-likeness score in [0, 1] where a score decided; NULL where a rule did.';
COMMENT ON COLUMN blocks.text IS 'The block text as it stands in the raw text (a dateline prefix is still in it).';
COMMENT ON COLUMN blocks.raw_start IS 'Offset of the block in raw_documents.raw_text of documents.raw_id (in documents.extracted_text for HTML).';
COMMENT ON COLUMN blocks.raw_end IS 'End offset (exclusive) in raw_documents.raw_text.';
COMMENT ON COLUMN blocks.body_start IS 'Offset of the kept part of the block in documents.body_text; NULL when not kept.';
COMMENT ON COLUMN blocks.body_end IS 'End offset (exclusive) in documents.body_text; NULL when not kept.';
COMMENT ON COLUMN blocks.run_id IS 'Dagster run that wrote the row.';

CREATE TABLE IF NOT EXISTS comments (
    doc_id         VARCHAR NOT NULL,
    comment_index  INTEGER NOT NULL,
    author         VARCHAR,
    text           VARCHAR NOT NULL,
    block_index    INTEGER NOT NULL,
    run_id         VARCHAR NOT NULL
);
COMMENT ON TABLE comments IS 'Reader comments found below articles: kept, not dropped, one row per comment where the dump allows it.';
COMMENT ON COLUMN comments.doc_id IS 'Article the comment was posted under.';
COMMENT ON COLUMN comments.comment_index IS 'Position of the comment under the article, from 0.';
COMMENT ON COLUMN comments.author IS 'Commenter''s name when the dump shows it.';
COMMENT ON COLUMN comments.text IS 'Comment text.';
COMMENT ON COLUMN comments.block_index IS 'First block of the comment in blocks.';
COMMENT ON COLUMN comments.run_id IS 'Dagster run that wrote the row.';

CREATE TABLE IF NOT EXISTS sentences (
    doc_id          VARCHAR NOT NULL,
    sentence_index  INTEGER NOT NULL,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    text            VARCHAR NOT NULL,
    block_index     INTEGER NOT NULL,
    is_heading      BOOLEAN NOT NULL,
    is_duplicate    BOOLEAN NOT NULL,
    run_id          VARCHAR NOT NULL
);
COMMENT ON TABLE sentences IS 'Sentences of documents.body_text; a sentence never crosses a block.';
COMMENT ON COLUMN sentences.doc_id IS 'Document the sentence belongs to.';
COMMENT ON COLUMN sentences.sentence_index IS 'Position of the sentence in the document, from 0.';
COMMENT ON COLUMN sentences.start_char IS 'Offset in documents.body_text (0-based): substr(body_text, start_char + 1, end_char - start_char) = text.';
COMMENT ON COLUMN sentences.end_char IS 'End offset in documents.body_text (exclusive).';
COMMENT ON COLUMN sentences.text IS 'The sentence text, equal to body_text at its offsets.';
COMMENT ON COLUMN sentences.block_index IS 'Block of the raw document the sentence comes from (blocks.block_index).';
COMMENT ON COLUMN sentences.is_heading IS 'True when the sentence is a section heading.';
COMMENT ON COLUMN sentences.is_duplicate IS 'True when the same sentence appeared in the same source within seven days before (boilerplate that slipped through).';
COMMENT ON COLUMN sentences.run_id IS 'Dagster run that wrote the row.';

CREATE TABLE IF NOT EXISTS entity_mentions (
    doc_id          VARCHAR NOT NULL,
    mention_index   INTEGER NOT NULL,
    sentence_index  INTEGER NOT NULL,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    text            VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    entity_id       VARCHAR,
    run_id          VARCHAR NOT NULL,
    name_key        VARCHAR
);
COMMENT ON TABLE entity_mentions IS 'Named-entity mentions in documents.body_text, each tied to its sentence and its canonical entity.';
COMMENT ON COLUMN entity_mentions.doc_id IS 'Document of the mention.';
COMMENT ON COLUMN entity_mentions.mention_index IS 'Position of the mention in the document, from 0.';
COMMENT ON COLUMN entity_mentions.sentence_index IS 'Sentence that contains the mention (sentences.sentence_index).';
COMMENT ON COLUMN entity_mentions.start_char IS 'Offset in documents.body_text; possessive endings are outside the span.';
COMMENT ON COLUMN entity_mentions.end_char IS 'End offset in documents.body_text (exclusive).';
COMMENT ON COLUMN entity_mentions.text IS 'The mention as written, equal to body_text at its offsets.';
COMMENT ON COLUMN entity_mentions.label IS 'spaCy NER label of this mention: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE.';
COMMENT ON COLUMN entity_mentions.name IS 'The name this mention stands for within its document: titles stripped, short forms joined to the full name.';
COMMENT ON COLUMN entity_mentions.entity_id IS 'Canonical entity (entities.entity_id), set by entity resolution across documents.';
COMMENT ON COLUMN entity_mentions.run_id IS 'Dagster run that wrote the row.';
COMMENT ON COLUMN entity_mentions.name_key IS 'Normalised key of name (after the alias table) that entity resolution groups mentions by (entity_keys.name_key); NULL when the name has none.';

CREATE TABLE IF NOT EXISTS entities (
    entity_id       VARCHAR NOT NULL,
    canonical_name  VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,
    aliases         VARCHAR[] NOT NULL,
    mention_count   INTEGER NOT NULL,
    document_count  INTEGER NOT NULL,
    source_count    INTEGER NOT NULL,
    first_doc_id    VARCHAR NOT NULL,
    first_seen      TIMESTAMP NOT NULL,
    last_seen       TIMESTAMP NOT NULL,
    run_id          VARCHAR NOT NULL
);
COMMENT ON TABLE entities IS 'Canonical entities across all documents and sources: spelling variants, short forms and titles resolved to one row.';
COMMENT ON COLUMN entities.entity_id IS 'Key: stable hash of the canonical name''s normalised form.';
COMMENT ON COLUMN entities.canonical_name IS 'The fullest common name of the entity, e.g. Donald Trump.';
COMMENT ON COLUMN entities.label IS 'Label by majority vote of its mentions (PERSON, ORG, GPE, ...).';
COMMENT ON COLUMN entities.aliases IS 'Every distinct surface form that resolved to the entity.';
COMMENT ON COLUMN entities.mention_count IS 'Number of rows in entity_mentions.';
COMMENT ON COLUMN entities.document_count IS 'Number of distinct documents mentioning it.';
COMMENT ON COLUMN entities.source_count IS 'Number of distinct sources mentioning it.';
COMMENT ON COLUMN entities.first_doc_id IS 'The document where the entity was first seen.';
COMMENT ON COLUMN entities.first_seen IS 'Ingestion time of the first document mentioning it.';
COMMENT ON COLUMN entities.last_seen IS 'Ingestion time of the last document mentioning it.';
COMMENT ON COLUMN entities.run_id IS 'Dagster run that last rewrote the row.';

CREATE TABLE IF NOT EXISTS dq_results (
    run_id          VARCHAR NOT NULL,
    table_name      VARCHAR NOT NULL,
    expectation     VARCHAR NOT NULL,
    success         BOOLEAN NOT NULL,
    observed_value  VARCHAR,
    details         VARCHAR,
    checked_at      TIMESTAMP NOT NULL
);
COMMENT ON TABLE dq_results IS 'Every data-quality expectation evaluated by every run: quality history in SQL.';
COMMENT ON COLUMN dq_results.run_id IS 'Dagster run that ran the check.';
COMMENT ON COLUMN dq_results.table_name IS 'Table the expectation is about.';
COMMENT ON COLUMN dq_results.expectation IS 'Expectation name and its column or rule, e.g. expect_column_values_to_be_unique(doc_id).';
COMMENT ON COLUMN dq_results.success IS 'True when the expectation held on the rows of the run.';
COMMENT ON COLUMN dq_results.observed_value IS 'What was observed, e.g. the share or count of offending rows.';
COMMENT ON COLUMN dq_results.details IS 'JSON with up to 10 offending rows, when it failed.';
COMMENT ON COLUMN dq_results.checked_at IS 'When the expectation was evaluated (UTC).';

CREATE TABLE IF NOT EXISTS document_signatures (
    doc_id     VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,
    minhash    UBIGINT[] NOT NULL,
    run_id     VARCHAR NOT NULL
);
COMMENT ON TABLE document_signatures IS 'Internal: MinHash signature of each document body, so near-duplicate detection of new documents never re-reads old ones.';
COMMENT ON COLUMN document_signatures.doc_id IS 'Document the signature belongs to.';
COMMENT ON COLUMN document_signatures.source IS 'Source of the document.';
COMMENT ON COLUMN document_signatures.minhash IS 'MinHash signature over word shingles of documents.body_text.';
COMMENT ON COLUMN document_signatures.run_id IS 'Dagster run that wrote the row.';

-- Incremental state: what each run probes with joins instead of reading the warehouse into Python.

CREATE TABLE IF NOT EXISTS document_bands (
    band     VARCHAR NOT NULL,
    doc_id   VARCHAR NOT NULL,
    run_id   VARCHAR NOT NULL
);
COMMENT ON TABLE document_bands IS 'Internal: MinHash LSH band keys of each document; two documents sharing a band are near-duplicate candidates, compared by their document_signatures.';
COMMENT ON COLUMN document_bands.band IS 'Band number and hash of that band of the signature.';
COMMENT ON COLUMN document_bands.doc_id IS 'Document of the band.';
COMMENT ON COLUMN document_bands.run_id IS 'Dagster run that wrote the row.';

CREATE TABLE IF NOT EXISTS block_fingerprints (
    source       VARCHAR NOT NULL,
    fingerprint  VARCHAR NOT NULL,
    doc_id       VARCHAR NOT NULL,
    run_id       VARCHAR NOT NULL
);
COMMENT ON TABLE block_fingerprints IS 'Internal: the distinct normalised block fingerprints of each plain-text document; a block a source repeats in 3 or more documents is boilerplate.';
COMMENT ON COLUMN block_fingerprints.source IS 'Source of the document.';
COMMENT ON COLUMN block_fingerprints.fingerprint IS 'Hash of the normalised block text (case, digits and punctuation folded).';
COMMENT ON COLUMN block_fingerprints.doc_id IS 'Document with a block of that fingerprint.';
COMMENT ON COLUMN block_fingerprints.run_id IS 'Dagster run that wrote the row.';

CREATE TABLE IF NOT EXISTS sentence_fingerprints (
    source          VARCHAR NOT NULL,
    day             DATE NOT NULL,
    fingerprint     VARCHAR NOT NULL,
    doc_id          VARCHAR NOT NULL,
    sentence_index  INTEGER NOT NULL,
    run_id          VARCHAR NOT NULL
);
COMMENT ON TABLE sentence_fingerprints IS 'Internal: a hash of each sentence text with its source and day, to flag sentences a source repeats within seven days without reading old sentence texts.';
COMMENT ON COLUMN sentence_fingerprints.source IS 'Source of the document.';
COMMENT ON COLUMN sentence_fingerprints.day IS 'The day of the document (document_days.day).';
COMMENT ON COLUMN sentence_fingerprints.fingerprint IS 'md5 of the sentence text, first 16 hex digits.';
COMMENT ON COLUMN sentence_fingerprints.doc_id IS 'Document of the sentence.';
COMMENT ON COLUMN sentence_fingerprints.sentence_index IS 'sentences.sentence_index.';
COMMENT ON COLUMN sentence_fingerprints.run_id IS 'Dagster run that wrote the row.';

CREATE TABLE IF NOT EXISTS entity_name_counts (
    name_key  VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    label     VARCHAR NOT NULL,
    written   VARCHAR,
    mentions  BIGINT NOT NULL,
    run_id    VARCHAR NOT NULL
);
COMMENT ON TABLE entity_name_counts IS 'Internal: entity resolution state. Mentions per name key, name, label and written form added by each run; their sums are what resolution votes on.';
COMMENT ON COLUMN entity_name_counts.name_key IS 'Normalised name key mentions are grouped by.';
COMMENT ON COLUMN entity_name_counts.name IS 'Name of the mentions (entity_mentions.name).';
COMMENT ON COLUMN entity_name_counts.label IS 'NER label of the mentions.';
COMMENT ON COLUMN entity_name_counts.written IS 'Key of the written form without titles, NULL when unknown.';
COMMENT ON COLUMN entity_name_counts.mentions IS 'Number of mentions this run added with these values.';
COMMENT ON COLUMN entity_name_counts.run_id IS 'Dagster run that wrote the row.';

CREATE TABLE IF NOT EXISTS entity_key_links (
    name_key  VARCHAR NOT NULL,
    link      VARCHAR NOT NULL,
    run_id    VARCHAR NOT NULL
);
COMMENT ON TABLE entity_key_links IS 'Internal: entity resolution state. Two name keys can only be joined by a resolution rule when they share a link; a run re-resolves only the keys linked to its new names.';
COMMENT ON COLUMN entity_key_links.name_key IS 'Name key.';
COMMENT ON COLUMN entity_key_links.link IS 'A link key of it (compact form, one-token pattern, first and last token, surname).';
COMMENT ON COLUMN entity_key_links.run_id IS 'Dagster run that wrote the row.';

CREATE TABLE IF NOT EXISTS entity_keys (
    name_key   VARCHAR NOT NULL,
    entity_id  VARCHAR NOT NULL,
    run_id     VARCHAR NOT NULL
);
COMMENT ON TABLE entity_keys IS 'The entity each name key resolves to (key: name_key); entity_mentions.name_key joins here.';
COMMENT ON COLUMN entity_keys.name_key IS 'Normalised name key (entity_mentions.name_key).';
COMMENT ON COLUMN entity_keys.entity_id IS 'Entity of the key (entities.entity_id).';
COMMENT ON COLUMN entity_keys.run_id IS 'Dagster run that last changed the row.';

CREATE TABLE IF NOT EXISTS entity_resolutions (
    run_id        VARCHAR NOT NULL,
    aliases_hash  VARCHAR NOT NULL,
    full_resolution BOOLEAN NOT NULL,
    keys_resolved BIGINT NOT NULL,
    resolved_at   TIMESTAMP NOT NULL
);
COMMENT ON TABLE entity_resolutions IS 'Each published entity resolution: incremental (the run''s new names and the keys linked to them) or full (every key, when aliases.yaml changed or on demand).';
COMMENT ON COLUMN entity_resolutions.run_id IS 'Dagster run that resolved.';
COMMENT ON COLUMN entity_resolutions.aliases_hash IS 'Hash of the alias table in force; a different one makes the next run resolve everything again.';
COMMENT ON COLUMN entity_resolutions.full_resolution IS 'Whether every key was resolved again.';
COMMENT ON COLUMN entity_resolutions.keys_resolved IS 'Name keys whose entity was computed.';
COMMENT ON COLUMN entity_resolutions.resolved_at IS 'When.';

CREATE TABLE IF NOT EXISTS entity_sources (
    entity_id  VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,
    run_id     VARCHAR NOT NULL
);
COMMENT ON TABLE entity_sources IS 'Internal: the sources each entity is mentioned in (key: entity_id, source), so a run adds to an entity''s counts without recounting its published mentions.';
COMMENT ON COLUMN entity_sources.entity_id IS 'Entity (entities.entity_id).';
COMMENT ON COLUMN entity_sources.source IS 'A source with a document mentioning it.';
COMMENT ON COLUMN entity_sources.run_id IS 'Dagster run that wrote the row.';
